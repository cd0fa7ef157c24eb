//! The example app (`examples/sign-in`, the README's "Use it in your Yew app" as an app of its
//! own) against the OpenRouter stand-in: it signs in end to end with nothing but the library, and
//! its wasm carries none of the demo. Prints the example's size.
//!
//! Reads `target/example-dist` (or `E2E_EXAMPLE_DIST`), which tools/test.sh builds with
//! `OPENROUTER_ORIGIN=<the stand-in> trunk build --release --public-url /sign-in-with-openrouter/`
//! in `examples/sign-in`, and copies `index.html` to `404.html` as GitHub Pages needs.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use support::browser::Browser;
use support::pages_server::PagesServer;
use support::{env, API_KEY_STORAGE_KEY};

fn example_dist() -> PathBuf {
    match std::env::var("E2E_EXAMPLE_DIST") {
        Ok(dir) if !dir.trim().is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/example-dist"),
    }
}

/// The example's one wasm file.
fn example_wasm(dist: &Path) -> PathBuf {
    std::fs::read_dir(dist)
        .unwrap_or_else(|_| {
            panic!(
                "no example build in {}: run tools/test.sh (it builds examples/sign-in)",
                dist.display()
            )
        })
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "wasm"))
        .expect("the example's wasm")
}

fn gzip6(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

#[test]
fn the_example_carries_none_of_the_demo() {
    let dist = example_dist();
    let wasm = std::fs::read(example_wasm(&dist)).expect("read the wasm");
    let text = String::from_utf8_lossy(&wasm);
    for demo_only in [
        "__wasm_split",
        "Playground",
        "Every variant in every size",
        "Loading the chat",
        "openrouter_demo_theme",
        "openrouter_chat_conversation",
        "sign_in_with_openrouter",
    ] {
        assert!(
            !text.contains(demo_only),
            "the example's wasm contains {demo_only:?}: it carries demo code"
        );
    }
    assert!(
        text.contains("openrouter_code_verifier"),
        "the check reads the right file (the library's storage key is in it)"
    );
    let js: usize = std::fs::read_dir(&dist)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .map(|p| gzip6(&std::fs::read(p).unwrap()))
        .sum();
    println!(
        "example app (examples/sign-in, trunk build --release, wasm-opt -Oz): wasm {} bytes raw, \
         {} gzip -6; JS {js} gzip -6",
        wasm.len(),
        gzip6(&wasm)
    );
}

#[tokio::test]
async fn the_example_signs_in_end_to_end() {
    let env = env();
    let dist = example_dist();
    example_wasm(&dist);
    assert!(
        dist.join("404.html").is_file(),
        "{} has no 404.html (tools/test.sh copies index.html there, as GitHub Pages needs)",
        dist.display()
    );
    let pages = PagesServer::start(&dist).await.expect("serve the example");
    let browser = Browser::open().await;
    browser.goto(&pages.base_url()).await;
    browser.click_button("Sign in with OpenRouter").await;
    let consent = env.wait_for_consent(&browser).await;
    assert_eq!(consent.callback_url, pages.url("/callback"));
    browser.click("#authorize").await;
    browser.wait_for_url_eq(&pages.base_url()).await;
    browser.wait_for_text("p", "Signed in: sk-or-v1-").await;
    let exchanges = env.stand_in.exchanges_for_challenge(&consent.challenge);
    assert_eq!(exchanges.len(), 1, "{exchanges:#?}");
    assert!(exchanges[0].verifier_matches && exchanges[0].status == 200);
    assert_eq!(
        browser.local_storage(API_KEY_STORAGE_KEY).await,
        exchanges[0].key
    );
    browser.close().await;
}
