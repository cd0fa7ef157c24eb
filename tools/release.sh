#!/usr/bin/env bash
# The release build, as GitHub Pages serves it: `trunk build --release` with the standard library
# rebuilt for size (tools/release-env.sh says how and why). Installs what is missing first.
# Arguments go to trunk, e.g.
#   tools/release.sh --public-url /sign-in-with-openrouter/
#   OPENROUTER_ORIGIN=http://127.0.0.1:17654 tools/release.sh --public-url /sign-in-with-openrouter/ --dist target/e2e-dist
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
eval "$(tools/setup.sh --print-path)"
# shellcheck source=tools/release-env.sh
source tools/release-env.sh
# Trunk rejects NO_COLOR=1.
if [ -n "${NO_COLOR:-}" ]; then export NO_COLOR=true; fi
exec trunk build --release "$@"
