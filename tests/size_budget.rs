//! The first-load size budget: the gzip (level 6, as GitHub Pages serves) total of every file a
//! first visit to the home page fetches must stay under [`BUDGET_GZIP_BYTES`]. Bytes are stable
//! from run to run, so this is a test; times are not, so they are a benchmark (tools/bench.sh).
//!
//! Reads the release build in `target/e2e-dist` (or `E2E_DIST`), which tools/test.sh makes.
//! Lower the budget whenever a change wins bytes.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;

/// The budget, in gzip bytes, for html + js + wasm + css + favicon.
const BUDGET_GZIP_BYTES: usize = 162_000;

fn gzip6(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

/// The files a first load of the home page fetches: index.html and every local file it names
/// (stylesheets, the JS glue, the wasm, the icon). 404.html is only served for deep links.
fn first_load_files(dist: &std::path::Path) -> Vec<PathBuf> {
    let index = std::fs::read_to_string(dist.join("index.html")).expect("index.html");
    let mut files = vec![dist.join("index.html")];
    for entry in std::fs::read_dir(dist).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_file() && name != "index.html" && index.contains(&name) {
            files.push(path);
        }
    }
    files.sort();
    files
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
    let kinds = ["html", "js", "wasm", "css", "svg"];
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
    assert!(
        total_gzip <= BUDGET_GZIP_BYTES,
        "first load is {total_gzip} gzip bytes, over the budget of {BUDGET_GZIP_BYTES}"
    );
}
