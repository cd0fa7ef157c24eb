#!/usr/bin/env bash
# Installs what is missing, then builds and serves the app at http://127.0.0.1:8080/ with reload
# (`trunk serve`: a debug build, one wasm, no post-processing). Extra arguments go to
# `trunk serve` (e.g. --port 9000). For the release build as Pages serves it, run
# tools/release.sh and serve dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
eval "$(tools/setup.sh --print-path)"
if [ -n "${NO_COLOR:-}" ]; then export NO_COLOR=true; fi
exec trunk serve --offline "$@"
