#!/usr/bin/env bash
# Installs what building and testing need, each only when missing, outside the clone so a second
# run (and CI on the same machine) reuses it. Needs only the package registries (crates, npm,
# Debian). Usage: tools/setup.sh [--browser]   (--browser: Chromium + chromedriver, for tests)
# Print `export PATH=…` lines with tools/setup.sh --print-path.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14        # trunk 0.22 needs rustc 1.96
BINARYEN_VERSION=132.0.0     # npm package; its wasm-opt runs on Node (Debian's 108 is too old)
WASM_SPLIT_VERSION=0.2.4     # crate wasm_split_cli_support: cuts the split points' chunks (src/bin/release_step)
ESBUILD_VERSION=0.25.12      # npm package; minifies wasm-bindgen's JS glue (src/bin/release_step)
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
TOOLS_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/sign-in-with-openrouter"
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

if [ "${1:-}" = "--print-path" ]; then
  echo "export PATH=\"$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:\$PATH\""
  exit 0
fi
say() { echo "setup: $*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release build's toolchain, a dated nightly named in tools/release-env.sh only.
RELEASE_TOOLCHAIN=$(sed -n 's/^RELEASE_TOOLCHAIN=//p' tools/release-env.sh)
if ! rustup run "$RELEASE_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
   || ! rustup component list --installed --toolchain "$RELEASE_TOOLCHAIN" | grep -q '^rust-src' \
   || ! rustup target list --installed --toolchain "$RELEASE_TOOLCHAIN" | grep -qx wasm32-unknown-unknown; then
  say "installing the release toolchain $RELEASE_TOOLCHAIN (it rebuilds std: tools/release-env.sh)"
  rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal \
    --target wasm32-unknown-unknown --component rust-src
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Not --locked: one locked dependency is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 6 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 1 minute)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}" \
   || [ "$(esbuild --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) and esbuild@$ESBUILD_VERSION into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-save --no-audit --no-fund \
    "binaryen@$BINARYEN_VERSION" "esbuild@$ESBUILD_VERSION" >&2
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium and chromedriver (Debian packages)"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver >&2
  fi
fi

# Our scripts run trunk offline (it makes cargo offline too): fetch the crates first, and the
# crates of the standard library that the release build compiles (only a wasm32 fetch with
# build-std on gets those).
cargo fetch -q
(source tools/release-env.sh && cargo fetch -q --target wasm32-unknown-unknown)
say "ready: $(trunk --version), wasm-bindgen $WASM_BINDGEN_VERSION, $(wasm-opt --version | head -1)"
