#!/usr/bin/env bash
# Builds the example apps as a consumer builds an app (plain `trunk build --release`, wasm-opt -Oz
# from each index.html), for the Pages base path, into target/:
#   example-dist               examples/sign-in, the README's app (with 404.html, GitHub Pages'
#                              fallback, so OpenRouter's return to /callback boots the app)
#   no-sign-in-dist            examples/no-sign-in, the same app without the library
#   reads-json-sign-in-dist    examples/reads-json with `sign-in`: examples/sign-in in an app that
#                              reads and writes JSON with serde_json
#   reads-json-dist            examples/reads-json: examples/no-sign-in in that app
# tests/library_cost.rs compares the pairs; tests/e2e_example.rs signs in through the first.
# OPENROUTER_ORIGIN, when set, is the OpenRouter the example signs in with.
set -euo pipefail
cd "$(dirname "$0")/.."
build() { # directory, dist, [target html]
  (cd "examples/$1" && trunk build --release --offline --public-url /sign-in-with-openrouter/ \
    --dist "../../target/$2" ${3:+"$3"})
}
build sign-in example-dist
cp target/example-dist/index.html target/example-dist/404.html
build no-sign-in no-sign-in-dist
build reads-json reads-json-sign-in-dist sign-in.html
build reads-json reads-json-dist
