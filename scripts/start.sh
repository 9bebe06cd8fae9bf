#!/usr/bin/env bash
# `npm start`: install what is missing, build, generate the sample media (first run only), and
# start the whole product on one port of 127.0.0.1. Prints one URL.
source "$(dirname "$0")/bootstrap.sh"

ensure_deps
ensure_ffmpeg
build_packages

cd "$ROOT"
exec node packages/server-kit/dist/cli.js dev \
  --data "${SURGERY_VIDEO_DATA:-$ROOT/.data}" \
  --portal "$ROOT/apps/portal/dist" \
  --host "${HOST:-127.0.0.1}" \
  --port "${PORT:-8080}" \
  "$@"
