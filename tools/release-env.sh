# Sourced (not run) before every release build: tools/release.sh, tools/profile.sh,
# tools/dev.sh --release, and tools/setup.sh to fetch std's crates.
#
# Rust's prebuilt standard library is compiled for speed and carries the whole panic machinery
# (messages, file names and lines, the formatting code that prints them). The release build
# rebuilds std together with the app instead (cargo's build-std): at the app's opt-level "z",
# under its LTO, with std's `optimize_for_size` feature, and with panics that abort at once
# (`-Cpanic=immediate-abort`), so no panic message or location is compiled in. The first load
# is about 15 KB gzip smaller (issue 5; README, "What was tried").
#
# Both are unstable cargo/rustc features. RUSTC_BOOTSTRAP=1 allows them on the stable toolchain
# this project is tested with (DEVELOPERS.md); they need the rust-src component (tools/setup.sh).
# Only release builds use them: debug builds (tools/dev.sh, the browser tests) keep the panic
# messages that debugging needs. A release-build panic shows in the console as
# "RuntimeError: unreachable"; rebuild with plain `trunk build --release` to see its message.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# Added to the rustflags of .cargo/config.toml (cargo merges the two lists).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
