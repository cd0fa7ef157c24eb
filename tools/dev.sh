#!/usr/bin/env bash
# Installs what is missing, then builds and serves the app at http://127.0.0.1:8080/ with reload.
# Extra arguments go to `trunk serve` (e.g. --port 9000, --release).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
eval "$(tools/setup.sh --print-path)"
# With --release it serves the release build as GitHub Pages gets it (tools/release-env.sh).
for arg in "$@"; do
  # shellcheck source=tools/release-env.sh
  if [ "$arg" = --release ]; then source tools/release-env.sh; fi
done
exec trunk serve "$@"
