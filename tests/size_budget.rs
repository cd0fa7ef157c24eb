//! The first-load size budget: the gzip (level 6, as GitHub Pages serves) total of every file a
//! first visit to the home page fetches must stay under [`BUDGET_GZIP_BYTES`]. Bytes are stable
//! from run to run, so this is a test; times are not, so they are a benchmark (tools/bench.sh).
//!
//! Reads the release build in `target/e2e-dist` (or `E2E_DIST`), which tools/test.sh makes.
//! Lower the budget whenever a change wins bytes.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;

#[path = "support/pages.rs"]
mod pages;

/// The budget, in gzip bytes, for html (with the stylesheet and the prerendered page) + js + wasm +
/// favicon: what the home page needs before its sign-in button works, which is the page and its
/// first module (`src/starter.rs`). The Yew app's chunk and the gallery's, which it fetches next,
/// are listed with the other chunks.
///
/// Set at what it measures (71,340 B: the first module finishing the return from OpenRouter
/// with a chunk of its own, and fetching that chunk's files ahead when a sign-in starts, about
/// 1.7 KB of wasm, glue and the list in the page) with about 0.3 % of room, so that a change in
/// the chat or the callback does not fail it while a change that grows the first module does.
const BUDGET_GZIP_BYTES: usize = 71_550;

fn gzip6(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

/// The files a first load of the home page fetches: index.html, every local file it names
/// (stylesheets, the JS glue, the wasm, the icon) and every JS module those scripts import (the
/// split chunks' loader). 404.html is only served for deep links. A `.wasm` that only a script
/// names is a chunk fetched on demand (the chat's), not part of the first load; `e2e_chat` checks
/// in the browser that the home page does not fetch it.
fn first_load_files(dist: &std::path::Path) -> Vec<PathBuf> {
    let names: Vec<String> = std::fs::read_dir(dist)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| dist.join(name).is_file())
        .collect();
    let mut files = vec!["index.html".to_string()];
    let mut next = 0;
    while next < files.len() {
        let text = std::fs::read_to_string(dist.join(&files[next])).unwrap_or_default();
        let text = pages::without_return_files(&text);
        let from_script = files[next].ends_with(".js");
        for name in &names {
            let fetched = !from_script || name.ends_with(".js");
            if fetched
                && !files.contains(name)
                && name != "404.html"
                && text.contains(name.as_str())
            {
                files.push(name.clone());
            }
        }
        next += 1;
    }
    let mut files: Vec<PathBuf> = files.iter().map(|name| dist.join(name)).collect();
    files.sort();
    files
}

/// The wasm chunks fetched on demand: every `.wasm` in the build that is not in `first_load`.
fn on_demand_chunks(dist: &std::path::Path, first_load: &[PathBuf]) -> Vec<PathBuf> {
    let mut chunks: Vec<PathBuf> = std::fs::read_dir(dist)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "wasm") && !first_load.contains(path))
        .collect();
    chunks.sort();
    chunks
}

#[test]
fn first_load_gzip_total_is_within_budget() {
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no release build in {} — run tools/test.sh, which builds it",
        dist.display()
    );
    let files = first_load_files(&dist);
    // The stylesheet is inside index.html (the release step, src/bin/release_step).
    let kinds = ["html", "js", "wasm", "svg"];
    for kind in kinds {
        assert!(
            files
                .iter()
                .any(|f| f.extension().is_some_and(|e| e == kind)),
            "the first load should include a .{kind} file: {files:?}"
        );
    }
    let mut total_raw = 0;
    let mut total_gzip = 0;
    println!("{:<52} {:>10} {:>10}", "file", "raw", "gzip -6");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let gz = gzip6(&bytes);
        total_raw += bytes.len();
        total_gzip += gz;
        println!(
            "{:<52} {:>10} {:>10}",
            file.file_name().unwrap().to_string_lossy(),
            bytes.len(),
            gz
        );
    }
    println!("{:<52} {:>10} {:>10}", "total", total_raw, total_gzip);
    for chunk in on_demand_chunks(&dist, &files) {
        let bytes = std::fs::read(&chunk).unwrap();
        println!(
            "on demand: {:<41} {:>10} {:>10}",
            chunk.file_name().unwrap().to_string_lossy(),
            bytes.len(),
            gzip6(&bytes)
        );
    }
    assert!(
        total_gzip <= BUDGET_GZIP_BYTES,
        "first load is {total_gzip} gzip bytes, over the budget of {BUDGET_GZIP_BYTES}"
    );
}
