//! What the library costs an app, twice over, each pair built as a consumer builds an app:
//! plain `trunk build --release` (stable; the workspace's release profile: opt-level "z", LTO,
//! one codegen unit, panic=abort) with `wasm-opt -Oz` (`data-wasm-opt="z"`, wasm-opt from npm
//! binaryen 132, which trunk takes from PATH as its `[tools] wasm_opt = "version_132"`):
//! - `examples/sign-in` (the README's app: `AuthProvider`, `SignInButton`, `OAuthCallback` on
//!   `/callback`) against its twin without the library, `examples/no-sign-in` (the same routes,
//!   a plain button), an app that reads no JSON;
//! - the same two apps in one that already reads JSON with serde_json (`examples/reads-json`,
//!   with and without its `sign-in` feature), as most apps that call an API do: there serde_json
//!   is no longer the library's to pay for.
//!
//! Reads `target/example-dist`, `target/no-sign-in-dist`, `target/reads-json-sign-in-dist` and
//! `target/reads-json-dist` (or `E2E_EXAMPLE_DIST`, `NO_SIGN_IN_DIST`, `READS_JSON_SIGN_IN_DIST`
//! and `READS_JSON_DIST`), which tools/test.sh builds. The difference in gzip -6 bytes of what
//! each page loads (its wasm, JavaScript and HTML) must stay under its budget. tools/bench.sh
//! prints the figures.

#![cfg(not(target_arch = "wasm32"))]

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The most the library may add to the first load of an app that reads no JSON, gzip -6 bytes:
/// what it costs with a little room (the library's README has the figure); lower it when bytes
/// are won.
const BUDGET_GZIP_BYTES: usize = 41_300;

/// The most the library may add to the first load of an app that already reads JSON with
/// serde_json, gzip -6 bytes.
const BUDGET_WITH_SERDE_JSON_GZIP_BYTES: usize = 30_720;

fn dist(var: &str, default: &str) -> PathBuf {
    match std::env::var(var) {
        Ok(dir) if !dir.trim().is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join(default),
    }
}

fn gzip6(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

/// Gzip -6 bytes of the page's wasm, JavaScript and HTML (`index.html`; `404.html` is a copy).
fn page_bytes(dist: &Path) -> (usize, usize) {
    let entries = std::fs::read_dir(dist).unwrap_or_else(|_| {
        panic!(
            "no build in {}: run tools/test.sh (it builds examples/sign-in and examples/no-sign-in)",
            dist.display()
        )
    });
    let (mut wasm, mut total) = (0, 0);
    for path in entries.flatten().map(|e| e.path()) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let counted = name == "index.html" || name.ends_with(".js") || name.ends_with(".wasm");
        if counted {
            let bytes = gzip6(&std::fs::read(&path).unwrap());
            total += bytes;
            if name.ends_with(".wasm") {
                wasm += bytes;
            }
        }
    }
    assert!(wasm > 0, "{} has no wasm", dist.display());
    (wasm, total)
}

/// Prints the pair's figures and returns what the library adds (all bytes; wasm alone).
fn cost(with: (&str, &str), without: (&str, &str), budget: usize) -> usize {
    let (with_wasm, with_total) = page_bytes(&dist(with.0, with.1));
    let (without_wasm, without_total) = page_bytes(&dist(without.0, without.1));
    let cost = with_total.saturating_sub(without_total);
    println!("  {:<32} {with_total:>8} {with_wasm:>8}", with.1);
    println!("  {:<32} {without_total:>8} {without_wasm:>8}", without.1);
    println!(
        "  {:<32} {cost:>8} {:>8}   (budget {budget})",
        "difference",
        with_wasm.saturating_sub(without_wasm)
    );
    assert!(
        without_wasm * 3 > with_wasm,
        "{} is not the same app as {}: {without_wasm} against {with_wasm} wasm bytes",
        without.1,
        with.1
    );
    cost
}

#[test]
fn the_library_costs_an_app_less_than_the_budget() {
    println!("library cost (gzip -6: wasm + JS + HTML; wasm alone)");
    let bare = cost(
        ("E2E_EXAMPLE_DIST", "target/example-dist"),
        ("NO_SIGN_IN_DIST", "target/no-sign-in-dist"),
        BUDGET_GZIP_BYTES,
    );
    let reading_json = cost(
        ("READS_JSON_SIGN_IN_DIST", "target/reads-json-sign-in-dist"),
        ("READS_JSON_DIST", "target/reads-json-dist"),
        BUDGET_WITH_SERDE_JSON_GZIP_BYTES,
    );
    assert!(
        bare <= BUDGET_GZIP_BYTES,
        "the library costs an app {bare} gzip bytes, over the budget of {BUDGET_GZIP_BYTES}"
    );
    assert!(
        reading_json <= BUDGET_WITH_SERDE_JSON_GZIP_BYTES,
        "the library costs an app that reads JSON {reading_json} gzip bytes, over the budget of \
         {BUDGET_WITH_SERDE_JSON_GZIP_BYTES}"
    );
    assert!(
        reading_json < bare,
        "serde_json is shared with an app that reads JSON: {reading_json} against {bare}"
    );
}
