#!/usr/bin/env bash
# `npm test`: install what is missing, build, and run every suite: type checks, Node tests,
# real-Chromium browser tests, and the Storybook and docs builds with their checks.
# Ends with one line `N passed, N failed` over all suites; exits non-zero on any failure.
source "$(dirname "$0")/bootstrap.sh"

ensure_deps
ensure_ffmpeg
ensure_chromium
build_packages

cd "$ROOT"
RESULTS="$ROOT/.cache/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
SUITES=()

# A check that is not a test runner (a type check, a build) counts as one test.
check() {
  local suite="$1" name="$2"; shift 2
  say "$suite: $name"
  local log="$RESULTS/$suite-$name.log"
  if "$@" >"$log" 2>&1; then
    node -e 'const f=process.argv[1];const fs=require("fs");const r=fs.existsSync(f)?JSON.parse(fs.readFileSync(f)):{passed:0,failed:0};r.passed++;fs.writeFileSync(f,JSON.stringify(r))' "$RESULTS/$suite.json"
  else
    tail -n 40 "$log"
    node -e 'const f=process.argv[1];const fs=require("fs");const r=fs.existsSync(f)?JSON.parse(fs.readFileSync(f)):{passed:0,failed:0};r.failed++;fs.writeFileSync(f,JSON.stringify(r))' "$RESULTS/$suite.json"
  fi
}

node_tests() {
  local suite="$1"; shift
  say "$suite: node --test ($# files)"
  node --import tsx --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter="$ROOT/scripts/count-reporter.mjs" --test-reporter-destination="$RESULTS/$suite.json" \
    "$@" || true
}

SUITES+=(typecheck)
for dir in packages/* apps/* deploy/* bench; do
  check typecheck "$(basename "$dir")" pnpm --dir "$dir" run typecheck
done
check typecheck browser-tests node_modules/.bin/tsc -p tsconfig.browser-tests.json

SUITES+=(node)
mapfile -t NODE_TESTS < <(find packages deploy bench -path '*/node_modules' -prune -o -path '*/test/*' -name '*.test.ts' ! -name '*.browser.test.ts' -print | sort)
node_tests node "${NODE_TESTS[@]}"

SUITES+=(browser)
say "browser: @web/test-runner on $CHROME_PATH"
node "$ROOT/node_modules/@web/test-runner/dist/bin.js" --config "$ROOT/web-test-runner.config.mjs" || true

SUITES+=(sites)
check sites storybook-build pnpm --dir stories run build
check sites docs-build pnpm --dir docs run build
node_tests sites-checks stories/test/*.test.mjs docs/test/*.test.mjs
SUITES+=(sites-checks)

node "$ROOT/scripts/test-summary.mjs" "$RESULTS" "${SUITES[@]}"
