#!/usr/bin/env bash
# The release build, as GitHub Pages serves it: `trunk build --release` on the release toolchain
# with the standard library rebuilt for size (tools/release-env.sh says how and why), then the
# release step, src/bin/release_step (the chunks, wasm-opt, minified JS, every route's page as
# HTML, 404.html among them, with its preloads and its Content-Security-Policy).
# Installs what is missing first. Arguments go to trunk, e.g.
#   tools/release.sh --public-url /sign-in-with-openrouter/
#   OPENROUTER_ORIGIN=http://127.0.0.1:17654 tools/release.sh --public-url /sign-in-with-openrouter/ --dist target/e2e-dist
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
eval "$(tools/setup.sh --print-path)"
dist=dist
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --dist) dist="${args[i + 1]}" ;;
    --dist=*) dist="${args[i]#--dist=}" ;;
  esac
done
# Trunk rejects NO_COLOR=1.
if [ -n "${NO_COLOR:-}" ]; then export NO_COLOR=true; fi
(
  # shellcheck source=tools/release-env.sh
  source tools/release-env.sh
  # Offline: setup.sh provided the tools and fetched the crates; trunk downloads nothing.
  trunk build --release --offline "$@"
)
# On the stable toolchain; OPENROUTER_ORIGIN, read when it is built, is the CSP's connect-src.
cargo run -q --offline --bin release-step -- "$dist"
