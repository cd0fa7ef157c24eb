//! A debug build, as `trunk serve` and plain `trunk build` make it (one wasm, no split, no
//! post-processing, no CSP), boots in a real browser: the gallery is on the page with a working
//! sign-in button, and the chat page (a chunk of its own in the release build) opens from the
//! header's link. A blank page, or an error in the console, fails.
//!
//! Reads `target/debug-dist` (or `E2E_DEBUG_DIST`), which tools/test.sh builds with
//! `trunk build --public-url /sign-in-with-openrouter/ --dist target/debug-dist`.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};

use support::browser::Browser;
use support::pages_server::PagesServer;

fn debug_dist() -> PathBuf {
    match std::env::var("E2E_DEBUG_DIST") {
        Ok(dir) if !dir.trim().is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debug-dist"),
    }
}

#[tokio::test]
async fn a_debug_build_boots_and_shows_the_gallery_and_the_chat() {
    let dist = debug_dist();
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_else(|_| {
        panic!(
            "no debug build in {}: run tools/test.sh, or `trunk build --public-url \
             /sign-in-with-openrouter/ --dist {}`",
            dist.display(),
            dist.display()
        )
    });
    assert!(
        !index.contains("http-equiv=\"Content-Security-Policy\"")
            && !dist.join("404.html").exists(),
        "{} is not a plain trunk build (it was post-processed)",
        dist.display()
    );
    let pages = PagesServer::start(&dist)
        .await
        .expect("serve the debug build");
    let browser = Browser::open().await;
    browser.goto(&pages.base_url()).await;

    browser
        .wait_for_exact_text("h1", "Sign In with OpenRouter")
        .await;
    browser
        .wait_for_button_in(".hero", "Sign in with OpenRouter")
        .await;
    let buttons: u64 = browser
        .exec(
            "return document.querySelectorAll('button[data-variant]').length;",
            vec![],
        )
        .await;
    assert!(
        buttons > 40,
        "the gallery shows every variant and size: {buttons} buttons"
    );

    browser.click("a[href$='/chat']").await;
    browser.wait_for_exact_text("h1", "Chat").await;
    browser
        .wait_for_button_in(".chat-page", "Sign in with OpenRouter")
        .await;

    assert_eq!(
        browser.console_errors().await,
        Vec::<String>::new(),
        "errors in the console"
    );
    browser.close().await;
}
