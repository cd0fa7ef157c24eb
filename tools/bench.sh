#!/usr/bin/env bash
# Benchmarks that print figures (they are not pass/fail tests):
#  1. first-load bytes of the release build for GitHub Pages' base path: each file raw and gzip -6
#  2. side by side with the official React demo's production build (../shared/reference/
#     react-demo-dist, or BENCH_REFERENCE_DIST), loads alternating, on a local and a throttled
#     phone profile: time to OpenRouter (the first sign-in button clicked the instant it exists,
#     to the browser's request for the OpenRouter stand-in's /auth), time to an enabled button,
#     time until the app runs, first contentful paint, bytes on the wire, the first module's
#     gzip size; medians, min, max and ratios; the return from OpenRouter (?code= to the key
#     stored) beside the React demo, and to "Signed in" beside an earlier build (BENCH_BEFORE_DIST)
#     (tests/bench_first_load.rs)
#  3. chat streaming: time per delta early and late in a 5,000-delta reply (against the stand-in)
#  4. Markdown streaming of one long block (a 200 KB code fence, a 200 KB list) in 16-byte
#     deltas: work per delta early and late (tests/bench_markdown_stream.rs, native)
#  5. what the library costs an app: examples/sign-in and its twin without the library
#     (examples/no-sign-in), each a consumer's plain trunk release build, and the difference
#     (tests/library_cost.rs)
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --browser
eval "$(tools/setup.sh --print-path)"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" NO_COLOR=true CARGO_TERM_COLOR=never
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(chromium --version 2>/dev/null | head -1), $(date -u +%F)"

# Built for the OpenRouter stand-in, which the benchmark starts: its clock stops at /auth.
export E2E_OPENROUTER_ORIGIN="${E2E_OPENROUTER_ORIGIN:-http://127.0.0.1:17654}"
OPENROUTER_ORIGIN="$E2E_OPENROUTER_ORIGIN" tools/release.sh \
  --public-url /sign-in-with-openrouter/ --dist target/bench-dist >/dev/null
echo; echo "== first-load bytes (target/bench-dist)"
E2E_DIST=target/bench-dist cargo test -q --test size_budget -- --nocapture 2>&1 | grep -E '^(file|total|\S+\.(html|js|wasm|css|svg)) '

echo; echo "== first load beside the React demo"
BENCH_DIST=target/bench-dist cargo test -q --test bench_first_load -- --ignored --nocapture \
  first_load_beside_the_react_demo 2>&1 | grep -E '^(this app|profile|  )'
# The return from OpenRouter, /callback?code= (React: /?code=) to the key stored, beside the React
# demo; and to "Signed in", beside an earlier build when BENCH_BEFORE_DIST names one (a release
# build of another commit, for the same stand-in).
BENCH_DIST=target/bench-dist cargo test -q --test bench_first_load -- --ignored --nocapture \
  the_return_beside_the_react_demo 2>&1 | grep -E '^(profile|  )'
BENCH_DIST=target/bench-dist cargo test -q --test bench_first_load -- --ignored --nocapture \
  return_from_openrouter 2>&1 | grep -E '^(this build|profile|  )'

echo; echo "== chat streaming (5,000 deltas)"
OPENROUTER_ORIGIN="$E2E_OPENROUTER_ORIGIN" tools/release.sh \
  --public-url /sign-in-with-openrouter/ --dist target/e2e-dist >/dev/null
cargo test -q --test e2e_chat -- --ignored --nocapture bench 2>&1 | grep -iE 'delta' || echo "(the chat benchmark is not there yet)"

echo; echo "== Markdown streaming of one long block (200 KB in 16-byte deltas)"
cargo test -q --release --test bench_markdown_stream -- --ignored --nocapture 2>&1 | grep -iE 'delta|µs|bytes'

echo; echo "== what the library costs an app (examples/sign-in against examples/no-sign-in;"
echo "   examples/reads-json with and without sign-in)"
tools/build-examples.sh >/dev/null 2>&1
cargo test -q --test library_cost -- --nocapture 2>&1 | grep -E '^(library cost|  )'
