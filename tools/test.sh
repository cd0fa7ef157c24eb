#!/usr/bin/env bash
# Every test, as CI runs it (.ci/run calls this). Installs whatever is missing first.
#  1. format and lints, native and wasm32
#  2. native unit tests (pure logic: PKCE, URLs, parsing, SSE decoder, reducers; the release step's
#     tests on fixture files, src/bin/release_step) and the contract test against OpenRouter's
#     OpenAPI document (crates/yew-openrouter/tests/openapi_contract.rs)
#  3. browser tests (wasm-bindgen-test in headless Chromium: storage, store, callback guard, button),
#     then the library's every feature combination (clippy, unit and doc tests, browser tests)
#  4. a debug build as `trunk serve` makes it (tests/e2e_debug_build.rs boots it in a browser)
#  5. the release build for GitHub Pages' base path, pointed at the local OpenRouter stand-in
#  6. the example app (examples/sign-in), its twin without the library (examples/no-sign-in) and
#     the two in an app that reads JSON (examples/reads-json), whose sizes tests/library_cost.rs
#     compares (tools/build-examples.sh), and `cargo package` of the library
#  7. end-to-end journeys in headless Chromium against those builds and the stand-in
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --browser
eval "$(tools/setup.sh --print-path)"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export NO_COLOR=true CARGO_TERM_COLOR=never
# A one-time build gains nothing from incremental caches (about 1.5 GB on disk) unless asked for.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
step() { printf '\n==> %s\n' "$*"; }

step "format"
cargo fmt --all -- --check
step "clippy (native, wasm32)"
cargo clippy --workspace --all-targets -q -- -D warnings
cargo clippy --workspace --all-targets -q --target wasm32-unknown-unknown -- -D warnings

step "docs (broken intra-doc links and undocumented public items of the library fail)"
RUSTDOCFLAGS="-D warnings" cargo doc -q --workspace --no-deps --target wasm32-unknown-unknown
RUSTDOCFLAGS="-D warnings" cargo doc -q -p yew-openrouter --all-features --no-deps --target wasm32-unknown-unknown

step "native unit tests (the libraries' and the binaries', the release step's among them)"
cargo test -q --workspace --lib --bins

step "contract: requests and published examples against OpenRouter's OpenAPI spec"
cargo test -q -p yew-openrouter --test openapi_contract

step "browser tests (wasm-bindgen-test, headless Chromium)"
# No -q: wasm-bindgen-test-runner rejects the --quiet that cargo would pass it.
for package in crates/yew-openrouter .; do
  browser_tests=()
  for f in "$package"/tests/browser_*.rs; do browser_tests+=(--test "$(basename "$f" .rs)"); done
  cargo test --manifest-path "$package/Cargo.toml" --target wasm32-unknown-unknown "${browser_tests[@]}"
done

step "the library's feature combinations: each builds, is lint-clean and passes its tests"
# Every combination of `chat` and `stylist` (what cargo-hack's --feature-powerset does).
library=crates/yew-openrouter/Cargo.toml
for features in "--no-default-features" "--no-default-features --features chat" \
    "--no-default-features --features stylist" "--all-features"; do
  echo "-- yew-openrouter $features"
  # shellcheck disable=SC2086 # the flags are meant to split
  cargo clippy -q --manifest-path "$library" --all-targets $features -- -D warnings
  # shellcheck disable=SC2086
  cargo clippy -q --manifest-path "$library" --all-targets $features --target wasm32-unknown-unknown -- -D warnings
  # shellcheck disable=SC2086
  cargo test -q --manifest-path "$library" --lib $features
  # shellcheck disable=SC2086
  cargo test -q --manifest-path "$library" --doc $features
  library_browser_tests=()
  for f in crates/yew-openrouter/tests/browser_*.rs; do library_browser_tests+=(--test "$(basename "$f" .rs)"); done
  # shellcheck disable=SC2086
  cargo test --manifest-path "$library" --target wasm32-unknown-unknown $features "${library_browser_tests[@]}"
done

step "debug build, as trunk serve makes it"
trunk build --offline --public-url /sign-in-with-openrouter/ --dist target/debug-dist

step "release build for the end-to-end tests"
export E2E_OPENROUTER_ORIGIN="${E2E_OPENROUTER_ORIGIN:-http://127.0.0.1:17654}"
OPENROUTER_ORIGIN="$E2E_OPENROUTER_ORIGIN" tools/release.sh \
  --public-url /sign-in-with-openrouter/ --dist target/e2e-dist

step "the example app (examples/sign-in) and the twins tests/library_cost.rs compares, as consumers build them"
OPENROUTER_ORIGIN="$E2E_OPENROUTER_ORIGIN" tools/build-examples.sh

step "the library as a package (cargo package)"
cargo package -q -p yew-openrouter --allow-dirty --offline

step "end-to-end journeys (headless Chromium, local OpenRouter stand-in)"
cargo test -q --tests -- --test-threads=1
