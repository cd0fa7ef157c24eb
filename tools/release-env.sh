# Sourced (not run) before every release build: tools/release.sh, tools/profile.sh, and
# tools/setup.sh (to install the toolchain and fetch std's crates).
#
# The release build uses a dated nightly, named here and nowhere else, for two unstable features
# that rebuild Rust's standard library for size: cargo's build-std compiles std together with the
# app (at its opt-level "z", under its LTO, with std's `optimize_for_size` feature), and
# `-Cpanic=immediate-abort` compiles no panic message, location or the formatting code that
# prints them. The prebuilt std of a stable toolchain is compiled for speed and keeps all of it.
# Debug builds, the tests and plain `trunk build` use the stable toolchain.
#
# A release-build panic shows in the console as "RuntimeError: unreachable"; rebuild with plain
# `trunk build --release` (stable, prebuilt std) to see its message.
RELEASE_TOOLCHAIN=nightly-2026-05-20
export RUSTUP_TOOLCHAIN="$RELEASE_TOOLCHAIN"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# Added to the rustflags of .cargo/config.toml (cargo merges the two lists). `wasm_split` turns
# the demo's split points into chunk loaders (src/lazy.rs), and wasm-split-cli (run by the
# release step, src/bin/release_step) needs the relocations to cut the chunks out.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort --cfg wasm_split -Clink-arg=--emit-relocs"
