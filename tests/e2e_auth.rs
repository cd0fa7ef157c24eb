//! The sign-in journeys, end to end: the release build served as GitHub Pages serves it, headless
//! Chromium, and the local OpenRouter stand-in that enforces the PKCE contract.
//!
//! Run with `tools/test.sh` (builds the app for the stand-in, then runs every test), or by hand
//! after building `target/e2e-dist` (see `tests/support/mod.rs`):
//! `cargo test --test e2e_auth`.
//!
//! Every test opens its own browser (own profile, own storage) and identifies its own traffic at
//! the shared stand-in by the PKCE challenge or a unique code, so tests may run in parallel.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use support::browser::Browser;
use support::http;
use support::stand_in::{
    echo_text, reasoning_text, ForcedExchange, Scenario, ALLOWED_HEADERS,
    MANDATORY_REASONING_MODEL, PIECE_PAUSE, REASONING_EFFORTS, REASONING_MODEL,
};
use support::{env, Env, API_KEY_STORAGE_KEY, VERIFIER_STORAGE_KEY};
use yew_openrouter::chat::models::parse_models;
use yew_openrouter::chat::sse::SseDecoder;
use yew_openrouter::chat::types::{request_body, ChatMessage, ReplyState, RequestOptions};

const STATUS: &str = "[data-testid=auth-status]";
const MASKED_KEY: &str = "[data-testid=masked-key]";
const ALERT: &str = "[role=alert]";
const SIGN_IN: &str = "Sign in with OpenRouter";
const NO_PENDING: &str = "No sign-in was in progress in this tab";
/// The home page's hero, whose button is the one a visitor signs in with (the gallery below it
/// shows more buttons).
const HERO: &str = ".hero";

/// Opens a fresh browser on an app path and waits until the app has rendered its header.
async fn open_app(path: &str) -> (Browser, &'static Env) {
    let env = env();
    let browser = Browser::open().await;
    browser.goto(&env.pages.url(path)).await;
    browser.wait_for_element(STATUS).await;
    (browser, env)
}

/// Clicks "Authorize" on the consent page and returns the challenge the app sent.
async fn authorize(browser: &Browser, env: &Env) -> String {
    let consent = env.wait_for_consent(browser).await;
    browser.click("#authorize").await;
    consent.challenge
}

/// What the user may see of `key`: a masked form tied to the key, never the key or a long part
/// of it, anywhere in the page or the console.
async fn assert_key_shown_masked(browser: &Browser, key: &str) {
    let masked = browser
        .wait_for_element(MASKED_KEY)
        .await
        .text()
        .await
        .expect("masked text");
    assert!(!masked.is_empty(), "the masked key is empty");
    assert!(
        masked.ends_with(&key[key.len() - 4..]),
        "the masked key {masked:?} does not end with the key's last 4 characters"
    );
    for window in key.as_bytes().windows(16) {
        let part = std::str::from_utf8(window).expect("ascii key");
        assert!(
            !masked.contains(part),
            "the masked key {masked:?} shows 16+ characters of the key"
        );
    }
    let html: String = browser
        .exec("return document.documentElement.outerHTML;", vec![])
        .await;
    assert!(!html.contains(key), "the full key is in the page's HTML");
    let console = browser.console_log().await;
    assert!(
        console.iter().all(|e| !e.message.contains(key)),
        "the full key was logged to the console"
    );
}

/// The stand-in saw exactly one exchange for `challenge`, a correct one, and issued a key.
fn assert_one_good_exchange(env: &Env, challenge: &str) -> String {
    let exchanges = env.stand_in.exchanges_for_challenge(challenge);
    assert_eq!(
        exchanges.len(),
        1,
        "exchanges for this sign-in: {exchanges:#?}"
    );
    let e = &exchanges[0];
    assert_eq!(e.http_method, "POST");
    assert_eq!(e.status, 200, "{e:#?}");
    assert!(
        e.verifier_matches,
        "the verifier does not hash to the challenge: {e:#?}"
    );
    assert_eq!(e.code_challenge_method.as_deref(), Some("S256"));
    let verifier = e.code_verifier.as_deref().unwrap_or_default();
    assert_eq!(
        verifier.len(),
        43,
        "a 32-byte verifier is 43 base64url characters: {verifier:?}"
    );
    assert!(
        e.content_type
            .as_deref()
            .is_some_and(|c| c.starts_with("application/json")),
        "{e:#?}"
    );
    e.key.clone().expect("the stand-in issued a key")
}

/// Starts a sign-in from the "Sign in with OpenRouter" button in `scope` and authorizes it.
async fn sign_in(browser: &Browser, env: &Env, scope: &str) -> (String, String) {
    browser.click_button_in(scope, SIGN_IN).await;
    let challenge = authorize(browser, env).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    let key = assert_one_good_exchange(env, &challenge);
    (challenge, key)
}

#[tokio::test]
async fn sign_in_from_home_lands_signed_in_with_a_clean_url() {
    let (browser, env) = open_app("/").await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    browser.click_button_in(HERO, SIGN_IN).await;

    let consent = env.wait_for_consent(&browser).await;
    assert_eq!(
        consent.callback_url,
        env.pages.url("/callback"),
        "callback_url includes the base path"
    );
    assert_eq!(
        support::query_param(&consent.url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(consent.challenge.len(), 43, "{consent:?}");
    assert!(
        consent
            .challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{consent:?}"
    );
    browser.click("#authorize").await;

    browser.wait_for_url_eq(&env.pages.base_url()).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    let key = assert_one_good_exchange(env, &consent.challenge);
    assert_eq!(
        browser.local_storage(API_KEY_STORAGE_KEY).await.as_deref(),
        Some(key.as_str())
    );
    assert_eq!(
        browser.session_storage(VERIFIER_STORAGE_KEY).await,
        None,
        "the verifier is used once"
    );
    assert_key_shown_masked(&browser, &key).await;
    browser.wait_for_button("Sign out").await;

    let exchange = &env.stand_in.exchanges_for_challenge(&consent.challenge)[0];
    let referer = exchange.referer.clone().unwrap_or_default();
    assert!(
        !referer.contains('?') && !referer.contains("callback"),
        "the exchange's Referer leaks the callback URL: {referer:?}"
    );
    assert_eq!(
        browser.csp_violations().await,
        Vec::<String>::new(),
        "CSP violations during sign-in"
    );
    browser.close().await;
}

/// The callback's `?code=` must never leave in a `Referer`: not in the requests for the app's
/// own files (the wasm, its glue, the chunks, fetched while the address bar still holds the
/// code), nor in those to OpenRouter.
#[tokio::test]
async fn no_request_carries_the_callbacks_code_in_its_referer() {
    let (browser, env) = open_app("/").await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    browser.click_button_in(HERO, SIGN_IN).await;
    let consent = env.wait_for_consent(&browser).await;
    // The landing fetches the app's files as a first visit would (not from the cache of the
    // home page's visit): those are the requests made while the address holds the code.
    browser.disable_cache().await;
    let pages_before = env.pages.requests().len();
    let stand_in_before = env.stand_in.state().requests.len();
    browser.click("#authorize").await;
    browser.wait_for_url_eq(&env.pages.base_url()).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    assert_one_good_exchange(env, &consent.challenge);
    let code = env
        .stand_in
        .exchanges_for_challenge(&consent.challenge)
        .into_iter()
        .find_map(|e| e.code)
        .expect("the exchange named its code");

    let pages = env.pages.requests().split_off(pages_before);
    let landing = pages
        .iter()
        .position(|r| r.target.contains("/callback?code="))
        .unwrap_or_else(|| panic!("no request for the callback page: {pages:#?}"));
    let after_landing = &pages[landing + 1..];
    for file in ["_bg.wasm", ".js"] {
        assert!(
            after_landing.iter().any(|r| r.target.ends_with(file)),
            "the callback page did not fetch the app's {file} (nothing to check): {pages:#?}"
        );
    }
    let stand_in = env.stand_in.state().requests[stand_in_before..].to_vec();
    let referers = after_landing
        .iter()
        .map(|r| (r.target.as_str(), r.referer.as_deref()))
        .chain(
            stand_in
                .iter()
                .map(|r| (r.path.as_str(), r.referer.as_deref())),
        );
    for (target, referer) in referers {
        let referer = referer.unwrap_or_default();
        assert!(
            !referer.contains(&code) && !referer.contains("code="),
            "the request for {target} sent the callback's code in its Referer: {referer:?}"
        );
    }
    browser.close().await;
}

#[tokio::test]
async fn sign_in_started_on_chat_returns_to_chat() {
    let (browser, env) = open_app("/chat").await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    sign_in(&browser, env, "main").await;
    browser.wait_for_url_eq(&env.pages.url("/chat")).await;
    browser.close().await;
}

#[tokio::test]
async fn a_foreign_code_never_reaches_the_api() {
    let env = env();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let code = format!("foreign-{}-{nanos}", std::process::id());
    let browser = Browser::open().await;
    browser
        .goto(&env.pages.url(&format!("/callback?code={code}")))
        .await;

    browser.wait_for_text(ALERT, NO_PENDING).await;
    assert!(
        env.stand_in.exchanges_for_code(&code).is_empty(),
        "the foreign code was sent to the exchange endpoint"
    );
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    browser
        .wait_for_url("without the foreign code", |u| !u.contains(&code))
        .await;
    assert_eq!(browser.local_storage(API_KEY_STORAGE_KEY).await, None);

    // The page offers a way to start a sign-in, and it works.
    browser.click_button(SIGN_IN).await;
    authorize(&browser, env).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    assert!(env.stand_in.exchanges_for_code(&code).is_empty());
    browser.close().await;
}

#[tokio::test]
async fn a_rejected_exchange_shows_an_error_stores_nothing_and_try_again_works() {
    let (browser, env) = open_app("/").await;
    browser.click_button_in(HERO, SIGN_IN).await;
    let consent = env.wait_for_consent(&browser).await;
    env.stand_in
        .fail_exchange_for_challenge(&consent.challenge, ForcedExchange::status(403));
    browser.click("#authorize").await;

    let alert = browser.wait_for_text(ALERT, "403").await;
    let message = alert.text().await.expect("alert text");
    assert!(!message.contains(NO_PENDING), "{message}");
    let exchanges = env.stand_in.exchanges_for_challenge(&consent.challenge);
    assert_eq!(exchanges.len(), 1, "{exchanges:#?}");
    assert!(exchanges[0].forced && exchanges[0].status == 403 && exchanges[0].verifier_matches);
    assert_eq!(
        browser.local_storage(API_KEY_STORAGE_KEY).await,
        None,
        "a failed exchange stores nothing"
    );
    assert_eq!(
        browser.session_storage(VERIFIER_STORAGE_KEY).await,
        None,
        "the verifier is used once"
    );
    browser.wait_for_exact_text(STATUS, "Signed out").await;

    browser.click_button("Try again").await;
    let retry = env.wait_for_consent(&browser).await;
    assert_ne!(
        retry.challenge, consent.challenge,
        "a new sign-in has a new verifier"
    );
    browser.click("#authorize").await;
    browser.wait_for_url_eq(&env.pages.base_url()).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    let key = assert_one_good_exchange(env, &retry.challenge);
    assert_eq!(
        browser.local_storage(API_KEY_STORAGE_KEY).await.as_deref(),
        Some(key.as_str())
    );
    browser.close().await;
}

/// The callback's code is a wasm chunk of its own: when it cannot be fetched, the page
/// says so, nothing is exchanged or consumed, and "Try again" completes the same sign-in.
#[tokio::test]
async fn a_callback_chunk_that_cannot_be_fetched_is_explained_and_retried() {
    // A code needs no chunk: the first module finishes the return before the app runs.
    let (browser, env) = open_app("/").await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    browser.block_urls(&["*split_callback-*"]).await;
    browser.click_button_in(HERO, SIGN_IN).await;
    let challenge = authorize(&browser, env).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    assert_one_good_exchange(env, &challenge);
    browser.click_button("Sign out").await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;

    // A refusal is the callback's to say: with its chunk blocked, the page says the code could
    // not load and keeps the sign-in pending; once it loads, OpenRouter's answer is said.
    browser.click_button_in(HERO, SIGN_IN).await;
    let consent = env.wait_for_consent(&browser).await;
    browser.click("#deny").await;
    browser
        .wait_for_text(ALERT, "could not load its code")
        .await;
    assert!(
        browser
            .session_storage(VERIFIER_STORAGE_KEY)
            .await
            .is_some(),
        "the sign-in is still pending"
    );
    browser.block_urls(&[]).await;
    browser.click_button("Try again").await;
    browser.wait_for_text(ALERT, "access_denied").await;
    assert!(
        env.stand_in
            .exchanges_for_challenge(&consent.challenge)
            .is_empty(),
        "a refusal exchanges nothing"
    );
    assert_eq!(browser.local_storage(API_KEY_STORAGE_KEY).await, None);
    browser.close().await;
}

#[tokio::test]
async fn a_failed_exchange_leaves_an_existing_key_untouched() {
    let (browser, env) = open_app("/").await;
    let first = browser.window().await;
    browser.click_button_in(HERO, SIGN_IN).await;
    let consent = env.wait_for_consent(&browser).await;

    // Meanwhile another tab of the app signs in.
    browser.open_window().await;
    browser.goto(&env.pages.base_url()).await;
    browser.wait_for_element(STATUS).await;
    let existing = env.store_fresh_key(&browser).await;
    browser.switch_to(&first).await;

    env.stand_in
        .fail_exchange_for_challenge(&consent.challenge, ForcedExchange::status(500));
    browser.click("#authorize").await;
    browser.wait_for_text(ALERT, "500").await;
    assert_eq!(
        browser.local_storage(API_KEY_STORAGE_KEY).await.as_deref(),
        Some(existing.as_str()),
        "a failed exchange must leave the existing key alone"
    );
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    let exchanges = env.stand_in.exchanges_for_challenge(&consent.challenge);
    assert!(
        exchanges.len() == 1 && exchanges[0].status == 500,
        "{exchanges:#?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn denying_consent_is_shown() {
    let (browser, env) = open_app("/").await;
    browser.click_button_in(HERO, SIGN_IN).await;
    let consent = env.wait_for_consent(&browser).await;
    browser.click("#deny").await;

    browser.wait_for_text(ALERT, "access_denied").await;
    browser.wait_for_button("Try again").await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    assert!(env
        .stand_in
        .exchanges_for_challenge(&consent.challenge)
        .is_empty());
    assert_eq!(browser.local_storage(API_KEY_STORAGE_KEY).await, None);
    assert_eq!(
        browser.session_storage(VERIFIER_STORAGE_KEY).await,
        None,
        "the verifier is discarded"
    );
    browser.close().await;
}

/// Marks the current document so a later check can tell it was not reloaded.
async fn mark_document(browser: &Browser, mark: &str) {
    browser
        .exec::<Value>(
            "window.__e2eMark = arguments[0]; return null;",
            vec![json!(mark)],
        )
        .await;
}

async fn assert_not_reloaded(browser: &Browser, mark: &str) {
    let found: Option<String> = browser
        .exec("return window.__e2eMark || null;", vec![])
        .await;
    assert_eq!(found.as_deref(), Some(mark), "the window was reloaded");
}

#[tokio::test]
async fn two_windows_stay_in_sync_without_reload() {
    let (browser, env) = open_app("/").await;
    let a = browser.window().await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;

    let b = browser.open_window().await;
    browser.goto(&env.pages.base_url()).await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    mark_document(&browser, "B").await;

    // Sign in in A: B follows.
    browser.switch_to(&a).await;
    let (_, key) = sign_in(&browser, env, "main").await;
    mark_document(&browser, "A").await;
    browser.switch_to(&b).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    assert_key_shown_masked(&browser, &key).await;
    assert_not_reloaded(&browser, "B").await;

    // Sign out in B: A follows.
    browser.click_button("Sign out").await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    assert_eq!(browser.local_storage(API_KEY_STORAGE_KEY).await, None);
    browser.switch_to(&a).await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    browser.wait_for_button_in(HERO, SIGN_IN).await;
    assert_not_reloaded(&browser, "A").await;

    // A third tab writes a key: A and B follow. It clears localStorage: both sign out. (A tab
    // gets no storage event for its own writes, hence the third one.)
    let c = browser.open_window().await;
    browser.goto(&env.pages.base_url()).await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    browser.set_local_storage(API_KEY_STORAGE_KEY, &key).await;
    for (window, mark) in [(&a, "A"), (&b, "B")] {
        browser.switch_to(window).await;
        browser.wait_for_exact_text(STATUS, "Signed in").await;
        assert_not_reloaded(&browser, mark).await;
    }
    browser.switch_to(&c).await;
    browser
        .exec::<Value>("window.localStorage.clear(); return null;", vec![])
        .await;
    for (window, mark) in [(&a, "A"), (&b, "B")] {
        browser.switch_to(window).await;
        browser.wait_for_exact_text(STATUS, "Signed out").await;
        assert_not_reloaded(&browser, mark).await;
    }
    browser.close().await;
}

#[tokio::test]
async fn deep_links_boot_the_app() {
    let env = env();
    let browser = Browser::open().await;

    browser.goto(&env.pages.url("/chat")).await;
    browser.wait_for_text("main h1", "Chat").await;
    assert_eq!(browser.current_url().await, env.pages.url("/chat"));

    browser.goto(&env.pages.url("/callback")).await;
    browser.wait_for_text(ALERT, NO_PENDING).await;
    mark_document(&browser, "before reload").await;
    browser.reload().await;
    browser
        .wait_for("the reloaded page to be a new document", async || {
            let mark: Option<String> = browser
                .try_exec("return window.__e2eMark || null;", vec![])
                .await
                .ok()?;
            mark.is_none().then_some(())
        })
        .await;
    browser.wait_for_text(ALERT, NO_PENDING).await;
    assert_eq!(browser.current_url().await, env.pages.url("/callback"));

    browser.goto(&env.pages.url("/no-such-page")).await;
    browser.wait_for_text("main", "Page not found").await;

    let without_slash = env.pages.base_url().trim_end_matches('/').to_string();
    browser.goto(&without_slash).await;
    browser.wait_for_url_eq(&env.pages.base_url()).await;
    browser.wait_for_button_in(HERO, SIGN_IN).await;
    browser.close().await;
}

#[tokio::test]
async fn the_csp_is_enforced_and_violations_are_detected() {
    let (browser, env) = open_app("/").await;
    let csp: String = browser
        .exec(
            "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content;",
            vec![],
        )
        .await;
    assert!(
        !csp.contains("__"),
        "an unfilled placeholder in the CSP: {csp}"
    );
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
            .map(|rest| rest.split_whitespace().collect::<Vec<_>>())
            .unwrap_or_else(|| panic!("no {name} in the CSP: {csp}"))
    };
    assert_eq!(
        directive("connect-src"),
        ["'self'", env.stand_in.origin()],
        "connections go only to the app and the OpenRouter origin"
    );
    let scripts = directive("script-src");
    assert!(
        scripts.contains(&"'self'")
            && !scripts
                .iter()
                .any(|s| *s == "'unsafe-inline'" || *s == "'unsafe-eval'" || *s == "*"),
        "{csp}"
    );
    assert_eq!(directive("default-src"), ["'none'"], "{csp}");
    let styles = directive("style-src");
    assert!(
        styles.len() == 4
            && styles[0] == "'self'"
            && styles[1..].iter().all(|s| s.starts_with("'sha256-")),
        "styles: the app's origin and the hashes of the page's stylesheet, the button's \
         stylesheet and the chat's stylesheet only: {csp}"
    );
    let referrer: Option<String> = browser
        .exec(
            "const m = document.querySelector('meta[name=\"referrer\"]'); return m ? m.content : null;",
            vec![],
        )
        .await;
    assert!(
        matches!(
            referrer.as_deref(),
            Some(
                "no-referrer"
                    | "same-origin"
                    | "origin"
                    | "strict-origin"
                    | "strict-origin-when-cross-origin"
            )
        ),
        "the referrer policy must never send the callback's query to another site: {referrer:?}"
    );
    assert_eq!(
        browser.csp_violations().await,
        Vec::<String>::new(),
        "CSP violations while booting"
    );

    // An injected inline script is refused, and the violation is seen.
    browser
        .exec::<Value>(
            "const s = document.createElement('script'); s.textContent = 'window.__e2eInline = 1;';
             document.head.appendChild(s); return null;",
            vec![],
        )
        .await;
    browser
        .wait_for("the inline-script violation to be reported", async || {
            let v = browser.csp_violations().await;
            v.iter().any(|m| m.contains("script-src")).then_some(())
        })
        .await;
    let ran: bool = browser
        .exec("return window.__e2eInline === 1;", vec![])
        .await;
    assert!(!ran, "an injected inline script ran despite the CSP");

    // The button's own <style> elements were allowed by their hashes (no violation above, and it styles the
    // button); any other injected <style> is refused.
    let styled: String = browser
        .exec(
            "const b = document.querySelector('button[data-variant]');
             return b ? getComputedStyle(b).display : 'no button';",
            vec![],
        )
        .await;
    assert_eq!(
        styled, "inline-flex",
        "the button's stylesheet did not apply"
    );
    browser
        .exec::<Value>(
            "const s = document.createElement('style'); s.textContent = 'body { color: red }';
             document.head.appendChild(s); return null;",
            vec![],
        )
        .await;
    browser
        .wait_for("the inline-style violation to be reported", async || {
            let v = browser.csp_violations().await;
            v.iter().any(|m| m.contains("style-src")).then_some(())
        })
        .await;

    // A connection anywhere but the OpenRouter origin is refused.
    browser
        .exec::<Value>(
            "fetch('http://127.0.0.1:9/elsewhere').catch(() => {}); return null;",
            vec![],
        )
        .await;
    browser
        .wait_for("the connect-src violation to be reported", async || {
            let v = browser.csp_violations().await;
            v.iter().any(|m| m.contains("connect-src")).then_some(())
        })
        .await;
    browser.close().await;
}

fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Visits the consent page with `challenge` and returns the code it offers.
async fn consent_code(origin: &str, challenge: &str, callback: &str) -> String {
    let path = format!(
        "/auth?callback_url={}&code_challenge={challenge}&code_challenge_method=S256",
        callback.replace(':', "%3A").replace('/', "%2F")
    );
    let page = http::request(origin, "GET", &path, &[], None).await;
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    let start = html.find("?code=").expect("an Authorize link with a code") + "?code=".len();
    html[start..].split('"').next().expect("code").to_string()
}

async fn exchange(origin: &str, body: Value) -> http::HttpResponse {
    let body = body.to_string();
    http::request(
        origin,
        "POST",
        "/api/v1/auth/keys",
        &[("Content-Type", "application/json")],
        Some(body.as_bytes()),
    )
    .await
}

#[tokio::test]
async fn the_stand_in_enforces_the_exchange_contract() {
    let origin = env().stand_in.origin().to_string();
    let o = origin.as_str();
    let callback = "http://127.0.0.1:1/sign-in-with-openrouter/callback";
    // RFC 7636 Appendix B.
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    assert_eq!(s256(verifier), challenge);

    for bad in [
        format!("/auth?callback_url=http%3A%2F%2F127.0.0.1%3A1%2Fcb&code_challenge={challenge}&code_challenge_method=plain"),
        "/auth?callback_url=http%3A%2F%2F127.0.0.1%3A1%2Fcb&code_challenge_method=S256".to_string(),
        format!("/auth?code_challenge={challenge}&code_challenge_method=S256"),
        format!("/auth?callback_url=http%3A%2F%2Fevil.example%2Fcb&code_challenge={challenge}&code_challenge_method=S256"),
    ] {
        assert_eq!(http::request(o, "GET", &bad, &[], None).await.status, 400, "{bad}");
    }

    let invalid = json!({"error": {"code": 403, "message": "Invalid code or code_verifier"}});
    let code = consent_code(o, challenge, callback).await;
    let wrong = exchange(
        o,
        json!({"code": code, "code_verifier": "x".repeat(43), "code_challenge_method": "S256"}),
    )
    .await;
    assert_eq!((wrong.status, wrong.json()), (403, invalid.clone()));
    let reused = exchange(
        o,
        json!({"code": code, "code_verifier": verifier, "code_challenge_method": "S256"}),
    )
    .await;
    assert_eq!(
        reused.status, 403,
        "a code serves once, even after a failed attempt"
    );

    let code = consent_code(o, challenge, callback).await;
    let plain = exchange(
        o,
        json!({"code": code, "code_verifier": verifier, "code_challenge_method": "plain"}),
    )
    .await;
    assert_eq!(
        (plain.status, plain.json()),
        (
            400,
            json!({"error": {"code": 400, "message": "Invalid code_challenge_method"}})
        )
    );

    let code = consent_code(o, challenge, callback).await;
    let get = http::request(o, "GET", "/api/v1/auth/keys", &[], None).await;
    assert_eq!(get.status, 405);
    let unknown = exchange(
        o,
        json!({"code": "never-issued", "code_verifier": verifier, "code_challenge_method": "S256"}),
    )
    .await;
    assert_eq!((unknown.status, unknown.json()), (403, invalid.clone()));
    let ok = exchange(
        o,
        json!({"code": code, "code_verifier": verifier, "code_challenge_method": "S256"}),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    let key = ok.json()["key"].as_str().expect("a key").to_string();
    assert!(
        key.starts_with("sk-or-v1-")
            && key.len() == 9 + 64
            && key[9..].bytes().all(|b| b.is_ascii_hexdigit()),
        "{key}"
    );
    assert!(ok.json()["user_id"]
        .as_str()
        .is_some_and(|u| u.starts_with("user_")));
    let again = exchange(
        o,
        json!({"code": code, "code_verifier": verifier, "code_challenge_method": "S256"}),
    )
    .await;
    assert_eq!(again.status, 403, "a used code is refused");

    let preflight = http::request(
        o,
        "OPTIONS",
        "/api/v1/chat/completions",
        &[
            ("Origin", "http://127.0.0.1:1"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type,x-openrouter-title",
            ),
        ],
        None,
    )
    .await;
    assert!(preflight.status == 204 || preflight.status == 200);
    assert_eq!(
        preflight.header("access-control-allow-headers"),
        Some(ALLOWED_HEADERS)
    );
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));

    let no_bearer = http::request(o, "GET", "/api/v1/key", &[], None).await;
    assert_eq!(no_bearer.status, 401);
    let bearer = format!("Bearer {key}");
    let info = http::request(o, "GET", "/api/v1/key", &[("Authorization", &bearer)], None).await;
    assert_eq!(info.status, 200);
    assert!(
        info.json()["data"]["is_free_tier"].is_boolean(),
        "{}",
        info.text()
    );
    assert!(!info.text().contains(&key), "the label is masked");
    let models = http::request(o, "GET", "/api/v1/models", &[], None)
        .await
        .json();
    let ids: Vec<&str> = models["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"openai/gpt-4o-mini") && ids.iter().any(|i| i.ends_with(":free")),
        "{ids:?}"
    );
}

#[tokio::test]
async fn the_stand_in_streams_chat_replies_piece_by_piece() {
    let env = env();
    let o = env.stand_in.origin();
    let key = env.stand_in.issue_key().key;
    let bearer = format!("Bearer {key}");
    let body = json!({"model": "openai/gpt-4o-mini", "stream": true,
                      "messages": [{"role": "user", "content": "ping"}]})
    .to_string();

    let unauthorized = http::request(
        o,
        "POST",
        "/api/v1/chat/completions",
        &[],
        Some(body.as_bytes()),
    )
    .await;
    assert_eq!(unauthorized.status, 401);
    let limited = json!({"model": "m", "stream": true, "messages": [{"role": "user", "content": "error:429"}]}).to_string();
    let limited = http::request(
        o,
        "POST",
        "/api/v1/chat/completions",
        &[("Authorization", &bearer)],
        Some(limited.as_bytes()),
    )
    .await;
    assert_eq!(
        (limited.status, limited.header("retry-after")),
        (429, Some("7"))
    );

    let started = Instant::now();
    let mut stream = http::send(
        o,
        "POST",
        "/api/v1/chat/completions",
        &[
            ("Authorization", &bearer),
            ("Content-Type", "application/json"),
            ("X-OpenRouter-Title", "e2e"),
        ],
        Some(body.as_bytes()),
    )
    .await;
    let mut raw = Vec::new();
    let mut first_delta_at = None;
    let mut buf = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
            .await
            .expect("the stream stalled")
            .expect("read");
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if first_delta_at.is_none() && String::from_utf8_lossy(&raw).contains("\"content\":\"Hello")
        {
            first_delta_at = Some(started.elapsed());
        }
    }
    let total = started.elapsed();
    let answer = http::parse(&raw).expect("an HTTP answer");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("text/event-stream"));
    let text = answer.text();
    assert!(text.starts_with(": OPENROUTER PROCESSING"), "{text}");
    assert!(text.trim_end().ends_with("data: [DONE]"), "{text}");
    // The final usage chunk carries one choice with an empty delta repeating the finish reason
    // (streaming.mdx "The final usage chunk").
    let usage_chunk: Value = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .find(|c| c.get("usage").is_some())
        .unwrap_or_else(|| panic!("no usage chunk: {text}"));
    assert_eq!(
        usage_chunk["choices"],
        json!([{"index": 0, "delta": {}, "finish_reason": "stop", "native_finish_reason": "stop"}]),
        "{text}"
    );
    assert_eq!(usage_chunk["usage"]["is_byok"], json!(false), "{text}");
    let first = first_delta_at.expect("a first delta");
    assert!(
        total >= PIECE_PAUSE * 5 && first < total - PIECE_PAUSE * 3,
        "not streamed: first delta after {first:?}, end after {total:?}"
    );
    let recorded = env.stand_in.chat_requests_with_key(&key);
    let last = recorded.last().expect("recorded");
    assert_eq!(last.model.as_deref(), Some("openai/gpt-4o-mini"));
    assert_eq!(last.x_openrouter_title.as_deref(), Some("e2e"));
}

/// A chat request to the stand-in, answered whole.
async fn chat_completion(origin: &str, key: &str, body: &str) -> http::HttpResponse {
    let bearer = format!("Bearer {key}");
    http::request(
        origin,
        "POST",
        "/api/v1/chat/completions",
        &[
            ("Authorization", &bearer),
            ("Content-Type", "application/json"),
        ],
        Some(body.as_bytes()),
    )
    .await
}

/// A streamed answer read by the library, event by event: the reply, and whether every piece of
/// reasoning came before the first piece of the answer.
fn read_with_the_library(body: &[u8]) -> (ReplyState, bool) {
    let mut decoder = SseDecoder::new();
    let mut reply = ReplyState::new();
    let mut reasoning_first = true;
    let mut events = decoder.push(body);
    events.extend(decoder.finish());
    for event in events {
        let mark = reply.mark();
        reply.apply_event(&event.data);
        let delta = reply.since(mark);
        assert!(
            delta.text.is_empty() || delta.reasoning.is_empty(),
            "one piece is reasoning or answer: {}",
            event.data
        );
        if !delta.reasoning.is_empty() && !reply.text.is_empty() {
            reasoning_first = false;
        }
    }
    (reply, reasoning_first)
}

#[tokio::test]
async fn the_stand_in_s_reasoning_model_thinks_first_and_records_what_comes_back() {
    let env = env();
    let o = env.stand_in.origin();
    let key = env.stand_in.issue_key().key;

    let models = http::request(o, "GET", "/api/v1/models", &[], None).await;
    let models = parse_models(&models.text()).expect("the model list");
    let efforts = |id: &str| {
        models
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.supported_efforts.clone())
    };
    assert_eq!(
        efforts(REASONING_MODEL),
        Some(REASONING_EFFORTS.map(String::from).to_vec())
    );
    assert_eq!(efforts("openai/gpt-4o-mini"), Some(vec![]));

    // First turn, at a chosen effort: the reasoning streams apart from the answer, and first.
    let first = [ChatMessage::user("ping")];
    let body = request_body(
        REASONING_MODEL,
        &first,
        RequestOptions::default().reasoning_effort("high"),
    );
    let answer = chat_completion(o, &key, &body).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let (reply, reasoning_first) = read_with_the_library(&answer.body);
    assert!(reasoning_first, "{}", answer.text());
    let scenario = Scenario::from_message("ping");
    assert_eq!(
        reply.reasoning,
        reasoning_text(&scenario, "ping", Some("high"))
    );
    assert!(
        reply.reasoning.contains("at high effort"),
        "{}",
        reply.reasoning
    );
    assert_eq!(reply.text, echo_text("ping"));
    assert_eq!(reply.end_error(), None);
    let recorded = env.stand_in.chat_requests_with_key(&key);
    let asked = recorded.last().expect("recorded");
    assert_eq!(asked.reasoning_effort.as_deref(), Some("high"));
    // Streamed as OpenRouter streams it: one reasoning block in fragments, then one encrypted
    // block of its own.
    let types: Vec<&str> = asked
        .reasoning_details_sent
        .iter()
        .map(|d| d["type"].as_str().unwrap_or(""))
        .collect();
    let thoughts = types.iter().filter(|t| **t == "reasoning.text").count() as u64;
    assert!(thoughts > 1);
    assert_eq!(types.len() as u64, thoughts + 1, "{types:?}");
    assert_eq!(types.last(), Some(&"reasoning.encrypted"), "{types:?}");
    let usage = reply.usage.expect("usage");
    assert_eq!(usage.reasoning_tokens, Some(thoughts));
    assert!(
        usage
            .line(None)
            .contains(&format!(" · {thoughts} reasoning")),
        "{}",
        usage.line(None)
    );
    // What must go back is what a non-streaming reply would hold: one item per block.
    let expected = asked.reasoning_details_expected();
    assert_eq!(
        expected
            .iter()
            .map(|d| d["type"].as_str().unwrap_or(""))
            .collect::<Vec<_>>(),
        ["reasoning.text", "reasoning.encrypted"]
    );
    assert_eq!(expected[0]["text"], json!(reply.reasoning));

    // Second turn, at the model's default: the details go back with the answer they came with.
    let second = [
        ChatMessage::user("ping"),
        ChatMessage::assistant(reply.text.clone())
            .with_reasoning_details(reply.reasoning_details.clone()),
        ChatMessage::user("pong"),
    ];
    let answer = chat_completion(
        o,
        &key,
        &request_body(REASONING_MODEL, &second, RequestOptions::default()),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let (again, _) = read_with_the_library(&answer.body);
    assert!(
        again.reasoning.contains("at default effort"),
        "{}",
        again.reasoning
    );
    let recorded = env.stand_in.chat_requests_with_key(&key);
    let asked = recorded.last().expect("recorded");
    assert_eq!(asked.reasoning_effort, None);
    assert_eq!(
        asked.assistant_reasoning_details(),
        vec![Some(Value::Array(recorded[0].reasoning_details_expected()))],
        "one item per reasoning block went back"
    );

    // Sent back otherwise (every fragment as a block of its own, or the blocks reordered), the
    // stand-in's reasoning is refused, as reasoning-tokens.mdx says it must match.
    let mut reordered = recorded[0].reasoning_details_expected();
    reordered.reverse();
    for details in [recorded[0].reasoning_details_sent.clone(), reordered] {
        let body = json!({"model": REASONING_MODEL, "stream": true, "messages": [
            {"role": "user", "content": "ping"},
            {"role": "assistant", "content": reply.text, "reasoning_details": details},
            {"role": "user", "content": "pong"},
        ]});
        let answer = chat_completion(o, &key, &body.to_string()).await;
        assert_eq!(answer.status, 400, "{}", answer.text());
        assert!(
            answer.text().contains("one block per reasoning block"),
            "{}",
            answer.text()
        );
    }

    // A model that does not reason: no reasoning, none counted.
    let plain = request_body("openai/gpt-4o-mini", &first, RequestOptions::default());
    let (plain, _) = read_with_the_library(&chat_completion(o, &key, &plain).await.body);
    assert_eq!(
        (plain.reasoning.as_str(), plain.reasoning_details.len()),
        ("", 0)
    );
    assert_eq!(plain.usage.and_then(|u| u.reasoning_tokens), Some(0));

    // What OpenRouter would refuse is refused.
    for bad in [
        json!({"model": REASONING_MODEL, "stream": true, "reasoning": {"effort": "extreme"},
               "messages": [{"role": "user", "content": "x"}]}),
        json!({"model": REASONING_MODEL, "stream": true, "reasoning": "high",
               "messages": [{"role": "user", "content": "x"}]}),
        json!({"model": REASONING_MODEL, "stream": true,
               "messages": [{"role": "assistant", "content": "a", "reasoning_details": "r"},
                            {"role": "user", "content": "x"}]}),
        json!({"model": MANDATORY_REASONING_MODEL, "stream": true, "reasoning": {"effort": "none"},
               "messages": [{"role": "user", "content": "x"}]}),
    ] {
        let answer = chat_completion(o, &key, &bad.to_string()).await;
        assert_eq!(answer.status, 400, "{bad}: {}", answer.text());
    }
}

#[tokio::test]
async fn the_pages_server_behaves_like_github_pages() {
    let env = env();
    let o = env.pages.origin();
    let moved = http::request(o, "GET", "/sign-in-with-openrouter?x=1", &[], None).await;
    assert_eq!(
        (moved.status, moved.header("location")),
        (301, Some("/sign-in-with-openrouter/?x=1"))
    );

    let index = http::request(o, "GET", "/sign-in-with-openrouter/", &[], None).await;
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        index.header("content-encoding"),
        None,
        "no gzip unless asked"
    );

    // The prerendered pages of the app's routes are served as `foo.html` for `/foo`.
    for (path, file) in [
        ("/sign-in-with-openrouter/callback?code=x", "callback.html"),
        ("/sign-in-with-openrouter/chat", "chat.html"),
    ] {
        let r = http::request(o, "GET", path, &[], None).await;
        assert_eq!(r.status, 200, "{path}");
        let page = std::fs::read(env.pages.root().join(file)).expect(file);
        assert_eq!(r.body, page, "{path} serves {file}");
    }
    let fallback = std::fs::read(env.pages.root().join("404.html")).expect("404.html");
    for path in [
        "/sign-in-with-openrouter/chat/",
        "/sign-in-with-openrouter/nowhere",
        "/elsewhere",
        "/sign-in-with-openrouter/../Cargo.toml",
    ] {
        let r = http::request(o, "GET", path, &[], None).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.body, fallback, "{path} serves 404.html");
    }

    let wasm = std::fs::read_dir(env.pages.root())
        .expect("dist")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "wasm"))
        .expect("a .wasm in dist");
    let name = wasm
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name")
        .to_string();
    let gz = http::request(
        o,
        "GET",
        &format!("/sign-in-with-openrouter/{name}"),
        &[("Accept-Encoding", "gzip, deflate, br")],
        None,
    )
    .await;
    assert_eq!(gz.status, 200);
    assert_eq!(gz.header("content-type"), Some("application/wasm"));
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz.body[..]), &mut plain)
        .expect("gunzip");
    assert_eq!(
        plain,
        std::fs::read(&wasm).expect("wasm"),
        "the gzip body is the file"
    );
    let refused = http::request(
        o,
        "GET",
        &format!("/sign-in-with-openrouter/{name}"),
        &[("Accept-Encoding", "gzip;q=0")],
        None,
    )
    .await;
    assert_eq!(refused.header("content-encoding"), None);
}

/// Picks `value` in the `<select>` with id `id`, as a visitor would (a `change` event).
async fn choose(browser: &Browser, id: &str, value: &str) {
    let select = browser.wait_for_element(&format!("select#{id}")).await;
    select
        .send_keys(match value {
            "custom" => "Another",
            v => v,
        })
        .await
        .expect("choose an option");
    browser
        .wait_for(&format!("{id} to read {value}"), async || {
            let now: String = browser
                .try_exec(
                    "return document.getElementById(arguments[0]).value;",
                    vec![json!(id)],
                )
                .await
                .ok()?;
            (now == value).then_some(())
        })
        .await;
}

/// Replaces the text of the input with id `id` by typing.
async fn type_in(browser: &Browser, id: &str, text: &str) {
    let input = browser.wait_for_element(&format!("input#{id}")).await;
    support::browser::replace_text(&input, text).await;
}

#[tokio::test]
async fn a_spending_limit_and_label_chosen_on_the_home_page_reach_openrouter_and_are_shown() {
    let (browser, env) = open_app("/").await;
    browser
        .wait_for_exact_text("label[for=key-limit]", "Spending limit (USD)")
        .await;
    choose(&browser, "key-limit", "custom").await;
    type_in(&browser, "key-limit-custom", "2.50").await;
    type_in(&browser, "key-label", "E2E laptop").await;
    // Remembered across a reload.
    browser.reload().await;
    browser.wait_for_element("input#key-limit-custom").await;
    let kept: Vec<String> = browser
        .exec(
            "return [document.getElementById('key-limit').value,
                     document.getElementById('key-limit-custom').value,
                     document.getElementById('key-label').value];",
            vec![],
        )
        .await;
    assert_eq!(kept, ["custom", "2.50", "E2E laptop"]);

    browser.click_button_in(HERO, SIGN_IN).await;
    let consent = env.wait_for_consent(&browser).await;
    assert_eq!(
        support::query_param(&consent.url, "limit").as_deref(),
        Some("2.50")
    );
    assert_eq!(
        support::query_param(&consent.url, "key_label").as_deref(),
        Some("E2E laptop")
    );
    let visit = env
        .stand_in
        .state()
        .authorize_visits
        .iter()
        .rev()
        .find(|v| v.code_challenge.as_deref() == Some(consent.challenge.as_str()))
        .cloned()
        .expect("the stand-in saw the visit");
    assert_eq!(visit.limit.as_deref(), Some("2.50"));
    assert_eq!(visit.key_label.as_deref(), Some("E2E laptop"));
    browser.click("#authorize").await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    browser
        .wait_for_exact_text("[data-testid=key-label]", "E2E laptop")
        .await;
    browser
        .wait_for_exact_text("[data-testid=key-limit]", "$2.50")
        .await;
    browser
        .wait_for_exact_text("[data-testid=key-remaining]", "$2.50")
        .await;
    browser
        .wait_for_exact_text("[data-testid=key-usage]", "$0")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn a_bad_spending_limit_is_explained_beside_the_field_and_nothing_redirects() {
    let (browser, env) = open_app("/").await;
    choose(&browser, "key-limit", "custom").await;
    let visits_before = env.stand_in.state().authorize_visits.len();
    for (typed, message) in [
        ("-5", "more than $0"),
        ("ten", "as a number"),
        ("999999999", "at most $100,000"),
    ] {
        type_in(&browser, "key-limit-custom", typed).await;
        browser.wait_for_text("#key-limit-error", message).await;
        let described: Option<String> = browser
            .exec(
                "return document.getElementById('key-limit-custom').getAttribute('aria-describedby');",
                vec![],
            )
            .await;
        assert_eq!(described.as_deref(), Some("key-limit-error"));
        browser.click_button_in(HERO, SIGN_IN).await;
        browser
            .wait_for_text(".hero .alert", "Sign-in did not start")
            .await;
        assert_eq!(
            browser.current_url().await,
            env.pages.base_url(),
            "no redirect"
        );
    }
    assert_eq!(
        browser.session_storage(VERIFIER_STORAGE_KEY).await,
        None,
        "no sign-in was started"
    );
    assert_eq!(
        env.stand_in.state().authorize_visits.len(),
        visits_before,
        "a bad limit never reached the consent page"
    );
    // A good amount clears the messages, and the sign-in goes ahead with it.
    type_in(&browser, "key-limit-custom", "7").await;
    browser.wait_for_no_element("#key-limit-error").await;
    browser.wait_for_no_element(".hero .alert").await;
    browser.click_button_in(HERO, SIGN_IN).await;
    let consent = env.wait_for_consent(&browser).await;
    assert_eq!(
        support::query_param(&consent.url, "limit").as_deref(),
        Some("7")
    );
    assert!(
        env.stand_in.state().authorize_visits.len() > visits_before,
        "the good sign-in reached the consent page"
    );
    browser.close().await;
}

/// Signed in, the home page links to the key's settings and activity on OpenRouter, naming the
/// key by its SHA-256 on the configured origin; the key itself is in no link.
#[tokio::test]
async fn the_key_details_link_to_the_keys_settings_and_activity_by_its_hash() {
    let (browser, env) = open_app("/").await;
    let key = env.store_fresh_key(&browser).await;
    browser.reload().await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    let hash = support::key_hash(&key);
    let origin = env.stand_in.origin();
    let manage = browser.wait_for_element("[data-testid=manage-key]").await;
    assert_eq!(manage.text().await.unwrap(), "Manage this key");
    assert_eq!(
        manage.prop("href").await.unwrap().as_deref(),
        Some(format!("{origin}/keys/{hash}").as_str())
    );
    let activity = browser.wait_for_element("[data-testid=key-activity]").await;
    assert_eq!(activity.text().await.unwrap(), "Activity");
    assert_eq!(
        activity.prop("href").await.unwrap().as_deref(),
        Some(format!("{origin}/logs?api_key_hash={hash}").as_str())
    );
    let hrefs: Vec<String> = browser
        .exec(
            "return Array.from(document.querySelectorAll('a[href]'), a => a.href);",
            vec![],
        )
        .await;
    let secret = &key[9..];
    assert!(
        hrefs.iter().all(|href| !href.contains(secret)),
        "a link holds the key: {hrefs:?}"
    );
    browser.close().await;
}

/// A stored value that no request could send (a line break, a non-ASCII character) is no key:
/// the app is signed out and says why, beside a sign-in button, on the home page and on /chat,
/// and a key written so by another tab signs that tab out the same way. Nothing shows the value.
#[tokio::test]
async fn a_broken_stored_key_signs_out_with_words_and_a_sign_in_button() {
    const SAID: &str = "The saved key could not be used; sign in again.";
    for (path, broken) in [
        ("/", "sk-or-v1-0123456789abcdef\nsecret-part"),
        ("/chat", "sk-or-v1-0123456789abcdef-clé-secret-part"),
    ] {
        let (browser, env) = open_app(path).await;
        support::wait_for_app(&browser).await;
        browser.set_local_storage(API_KEY_STORAGE_KEY, broken).await;
        browser.reload().await;
        browser.wait_for_exact_text(STATUS, "Signed out").await;
        browser.wait_for_text(ALERT, SAID).await;
        browser.wait_for_button(SIGN_IN).await;
        assert_eq!(
            browser.local_storage(API_KEY_STORAGE_KEY).await,
            None,
            "the broken value is removed"
        );
        let text: String = browser
            .exec("return document.body.innerText;", vec![])
            .await;
        assert!(!text.contains("secret-part"), "{text}");
        // The sign-in button works from there.
        browser.click_button(SIGN_IN).await;
        env.wait_for_consent(&browser).await;
        browser.close().await;
    }

    // Another tab writes a broken key while this one is signed in.
    let (browser, env) = open_app("/").await;
    env.store_fresh_key(&browser).await;
    browser.reload().await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    let first = browser.window().await;
    browser.open_window().await;
    browser.goto(&env.pages.url("/")).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    browser
        .set_local_storage(API_KEY_STORAGE_KEY, "sk-or-v1-broken\r\nkey")
        .await;
    browser.switch_to(&first).await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    browser.wait_for_text(ALERT, SAID).await;
    browser.wait_for_button_in(HERO, SIGN_IN).await;
    browser.close().await;
}
