//! End-to-end test support, shared by every integration test that says `mod support;` (and by a
//! benchmark through `#[path = "../tests/support/mod.rs"] mod support;`).
//!
//! - [`stand_in`]: the local OpenRouter stand-in, enforcing the contract.
//! - [`pages_server`]: serves the release build as GitHub Pages would.
//! - [`browser`]: headless Chromium through chromedriver, with waiting helpers.
//! - [`connection_setup`]: what a new connection costs on a phone's network, which the
//!   browser's throttling does not play (the benchmark's stand-in).
//! - [`http`]: a raw HTTP/1.1 client, to check the servers without a browser.
//! - [`pages`]: what the tests read in the build's pages.
//! - [`env`]: one stand-in and one Pages server per test process, started on first use on a
//!   runtime of their own, so every test (each on its own tokio runtime) can use them.
//!
//! The app must have been built first (`tools/test.sh` does it):
//! `OPENROUTER_ORIGIN=http://127.0.0.1:17654 trunk build --release --public-url /sign-in-with-openrouter/ --dist target/e2e-dist`.
//! A missing or mismatched build fails every test with a message that says so.

#![allow(dead_code)]

pub mod browser;
pub mod connection_setup;
pub mod http;
pub mod pages;
pub mod pages_server;
pub mod stand_in;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use browser::Browser;
use pages_server::PagesServer;
use sign_in_with_openrouter::starter::APP_READY_ATTRIBUTE;
use stand_in::StandIn;

/// The `localStorage` entry holding the key (the app's and OpenRouter's reference name).
pub const API_KEY_STORAGE_KEY: &str = "openrouter_api_key";
/// The `sessionStorage` entry holding the pending verifier.
pub const VERIFIER_STORAGE_KEY: &str = "openrouter_code_verifier";
/// Matches once the home page's gallery has hydrated: the playground's controls are disabled in
/// the prerendered page and enabled by the gallery's chunk (`src/widgets/playground.rs`). The
/// gallery itself is in the HTML from the start, so its presence says nothing.
pub const GALLERY_HYDRATED: &str = "[data-testid=playground] fieldset:enabled";

/// Waits until the app runs on the page: it marks `<html>` with [`APP_READY_ATTRIBUTE`] once its
/// store has read storage. Until then the page is the prerendered one, and the app still booting
/// would read what a test writes to storage and act on it (remove a broken key, forget an
/// expired one) before the reload the test meant it for. So a test that writes storage for the
/// next load waits for this first.
pub async fn wait_for_app(browser: &Browser) {
    browser
        .wait_for_element(&format!("html[{APP_READY_ATTRIBUTE}]"))
        .await;
}

/// The built app: `E2E_DIST`, default `target/e2e-dist` in the crate.
pub fn dist_dir() -> PathBuf {
    match std::env::var("E2E_DIST") {
        Ok(dir) if !dir.trim().is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("e2e-dist"),
    }
}

/// Fails with instructions when `dist` is not a release build for `origin`.
pub fn check_dist(dist: &Path, origin: &str) {
    let how = format!(
        "run `tools/test.sh`, which builds it (or by hand: `OPENROUTER_ORIGIN={origin} trunk build --release \
         --public-url /sign-in-with-openrouter/ --dist {}`)",
        dist.display()
    );
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap_or_else(|_| {
        panic!(
            "the end-to-end tests need the built app, but {} is missing: {how}",
            index.display()
        )
    });
    assert!(
        dist.join("404.html").is_file(),
        "{} has no 404.html (GitHub Pages' fallback, written by src/bin/release_step): {how}",
        dist.display()
    );
    let has_wasm = std::fs::read_dir(dist)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "wasm"))
        })
        .unwrap_or(false);
    assert!(has_wasm, "{} holds no .wasm: {how}", dist.display());
    assert!(
        html.contains(&format!("connect-src 'self' {origin}")),
        "{} was not built for the OpenRouter stand-in at {origin} (its CSP does not allow connecting \
         there; OPENROUTER_ORIGIN at build time must equal E2E_OPENROUTER_ORIGIN): {how}",
        index.display()
    );
    assert!(
        html.contains("/sign-in-with-openrouter/"),
        "{} was not built with --public-url /sign-in-with-openrouter/: {how}",
        index.display()
    );
    warn_if_stale(&index);
}

/// Prints a warning when a source file is newer than the build (a manual run on an old build).
fn warn_if_stale(index: &Path) {
    let Ok(built) = std::fs::metadata(index).and_then(|m| m.modified()) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![
        root.join("src"),
        root.join("assets"),
        root.join("index.html"),
    ];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else if let Ok(modified) = std::fs::metadata(&path).and_then(|m| m.modified()) {
            if modified > built {
                eprintln!(
                    "warning: {} is newer than the build in {}; the end-to-end tests run the old build \
                     (tools/test.sh rebuilds it)",
                    path.display(),
                    index.parent().unwrap_or(index).display()
                );
                return;
            }
        }
    }
}

/// The servers every test of this process shares.
pub struct Env {
    /// The OpenRouter stand-in, on the origin the app was built with.
    pub stand_in: StandIn,
    /// The app, served like GitHub Pages.
    pub pages: PagesServer,
}

static ENV: OnceLock<Env> = OnceLock::new();

/// Starts (once) the stand-in and the Pages server on a runtime of their own, in a background
/// thread that lives as long as the test process; checks the build first.
pub fn env() -> &'static Env {
    ENV.get_or_init(|| {
        let origin = stand_in::configured_origin();
        let dist = dist_dir();
        check_dist(&dist, &origin);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("e2e-servers".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("a tokio runtime for the e2e servers");
                runtime.block_on(async move {
                    let started = async {
                        let stand_in = StandIn::start(&origin).await?;
                        let pages = PagesServer::start(&dist).await?;
                        Ok::<_, std::io::Error>(Env { stand_in, pages })
                    }
                    .await;
                    let ok = started.is_ok();
                    let _ = tx.send(started);
                    if ok {
                        std::future::pending::<()>().await;
                    }
                });
            })
            .expect("spawn the e2e server thread");
        match rx.recv() {
            Ok(Ok(env)) => env,
            Ok(Err(e)) => panic!("could not start the e2e servers: {e}"),
            Err(_) => panic!("the e2e server thread died while starting"),
        }
    })
}

/// What OpenRouter's links to a key name it by: the SHA-256 of the key, in lowercase hex.
pub fn key_hash(key: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The query parameter `name` of `url`, percent-decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            s.get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok()),
        ) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A sign-in as the consent page saw it.
#[derive(Debug, Clone)]
pub struct Consent {
    /// The consent page's URL.
    pub url: String,
    /// `code_challenge` the app sent.
    pub challenge: String,
    /// `callback_url` the app sent.
    pub callback_url: String,
}

impl Env {
    /// Waits until `browser` shows the stand-in's consent page and returns what the app sent.
    pub async fn wait_for_consent(&self, browser: &Browser) -> Consent {
        let prefix = format!("{}/auth?", self.stand_in.origin());
        let url = browser
            .wait_for_url("the stand-in's consent page", |u| u.starts_with(&prefix))
            .await;
        browser.wait_for_element("#authorize").await;
        Consent {
            challenge: query_param(&url, "code_challenge").unwrap_or_default(),
            callback_url: query_param(&url, "callback_url").unwrap_or_default(),
            url,
        }
    }

    /// Puts a fresh key from the stand-in in the app's storage (the page must be one of the
    /// app's, where it waits for the app to run: [`wait_for_app`]), so a test can start signed in
    /// on the next load without the consent round trip. Returns the key.
    pub async fn store_fresh_key(&self, browser: &Browser) -> String {
        wait_for_app(browser).await;
        let key = self.stand_in.issue_key().key;
        browser.set_local_storage(API_KEY_STORAGE_KEY, &key).await;
        key
    }
}
