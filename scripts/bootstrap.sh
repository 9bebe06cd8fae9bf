# Sourced by start.sh and test.sh: makes a fresh Debian machine with Node 20 and npm ready.
# Installs only what is missing, says what it does, and stops with one clear line when it can't.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PNPM_VERSION="10.34.8"

say() { printf '\033[1;36m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup]\033[0m %s\n' "$*" >&2; exit 1; }

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
[ "$node_major" -ge 20 ] || die "Node 20 or newer is required (found: $(node --version 2>/dev/null || echo none))."

pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(command pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    command pnpm "$@"
  else
    npx -y "pnpm@$PNPM_VERSION" "$@"
  fi
}

# Debian/Ubuntu packages, installed only when the command is missing.
apt_install() {
  local what="$1"; shift
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing $what from the system's packages (apt-get install $*)"
    if [ ! -f "$ROOT/.cache/apt-updated" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      mkdir -p "$ROOT/.cache" && touch "$ROOT/.cache/apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    say "installing $what with sudo apt-get install $*"
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    return 1
  fi
}

ensure_deps() {
  say "installing JavaScript dependencies (pnpm $PNPM_VERSION via npx)"
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=silent)
}

ensure_ffmpeg() {
  if [ -n "${FFMPEG_PATH:-}" ] || command -v ffmpeg >/dev/null 2>&1; then
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || apt_install "the DejaVu fonts" fonts-dejavu-core || true
    return 0
  fi
  apt_install ffmpeg ffmpeg fonts-dejavu-core ||
    die "ffmpeg is missing: install it (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or set FFMPEG_PATH."
}

ensure_chromium() {
  if [ -n "${CHROME_PATH:-}" ]; then
    [ -x "$CHROME_PATH" ] || die "CHROME_PATH=$CHROME_PATH is not an executable."
    return 0
  fi
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$candidate" ]; then export CHROME_PATH="$candidate"; return 0; fi
  done
  apt_install Chromium chromium ||
    die "Chromium is missing: install it (Debian: apt-get install chromium) or set CHROME_PATH to any Chrome or Chromium."
  export CHROME_PATH=/usr/bin/chromium
}

build_packages() {
  say "building the packages"
  (cd "$ROOT" && pnpm -r --filter "./packages/**" --filter "./apps/**" run build >"$ROOT/.cache/build.log" 2>&1) || {
    tail -n 40 "$ROOT/.cache/build.log" >&2
    die "the build failed (full log: .cache/build.log)"
  }
}

mkdir -p "$ROOT/.cache"
export STORYBOOK_DISABLE_TELEMETRY=1
