#!/usr/bin/env bash
# `npm run bench [suite…]`: set up like `npm start`, then run bench/run.ts.
source "$(dirname "$0")/bootstrap.sh"
ensure_deps
ensure_ffmpeg
build_packages
cd "$ROOT" && exec node --import tsx bench/run.ts "$@"
