//! The prerendered pages: each route's HTML holds its page before any script runs, the app
//! hydrates it in place (the prerendered elements stay, nothing is rendered anew), and a route
//! served another route's page (GitHub Pages' 404.html for `/chat/`) is rendered afresh. A
//! hydration mismatch panics in Yew, which the release build turns into a wasm trap: the console
//! check catches it, and the app would never get ready.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use support::browser::Browser;
use support::{env, http};

/// Before any script of the page runs: marks the prerendered elements the app will hydrate and
/// records what the HTML alone showed.
const MARK_PRERENDERED: &str = r##"document.addEventListener("DOMContentLoaded", function () {
  var app = document.getElementById("app");
  window.__prerendered = {
    route: app && app.getAttribute("data-route"),
    h1: (document.querySelector("#app h1") || {}).textContent || null,
    buttons: document.querySelectorAll("#app button[data-variant]").length,
    disabled: document.querySelectorAll("#app button[data-variant][aria-disabled=true], #app button[data-variant]:disabled").length
  };
  document.querySelectorAll("#app h1, #app header, #app footer").forEach(function (e) {
    e.dataset.prerendered = "1";
  });
});"##;

async fn open_marked(path: &str) -> Browser {
    let browser = Browser::open().await;
    browser
        .driver()
        .cdp()
        .send_raw(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": MARK_PRERENDERED }),
        )
        .await
        .expect("install the marker");
    browser.goto(&env().pages.url(path)).await;
    browser
}

#[tokio::test]
async fn every_route_is_in_its_html_before_any_script() {
    let env = env();
    let origin = env.pages.origin();
    for (path, route, shows) in [
        ("/sign-in-with-openrouter/", "/", "Sign In with OpenRouter"),
        ("/sign-in-with-openrouter/chat", "/chat", "Loading the chat"),
        (
            "/sign-in-with-openrouter/callback?code=abc",
            "/callback",
            "Signing you in",
        ),
        ("/sign-in-with-openrouter/nowhere", "/404", "Page not found"),
    ] {
        let page = http::request(origin, "GET", path, &[], None).await.text();
        assert!(
            page.contains(&format!("<div id=\"app\" data-route=\"{route}\">")),
            "{path} is not the prerendered {route}"
        );
        assert!(page.contains(shows), "{path} does not show {shows:?}");
        assert!(
            page.contains(r#"<style id=orb-button-styles>[data-theme="light"]"#),
            "{path} has the button's styles for its first paint"
        );
    }
    // The gallery: every variant, size and option is already there.
    let home = http::request(origin, "GET", "/sign-in-with-openrouter/", &[], None)
        .await
        .text();
    assert!(
        home.matches("data-variant=").count() > 40,
        "the gallery's buttons"
    );
    assert!(home.contains("Playground") && home.contains("Use it in your Yew app"));
}

#[tokio::test]
async fn the_app_hydrates_the_prerendered_page_in_place() {
    for (path, ready) in [
        ("/", ".hero"),
        ("/chat", ".chat-page"),
        ("/nowhere", ".not-found"),
    ] {
        let browser = open_marked(path).await;
        if ready == ".not-found" {
            browser
                .wait_for_exact_text(".not-found h1", "Page not found")
                .await;
        } else {
            browser
                .wait_for_button_in(ready, "Sign in with OpenRouter")
                .await;
        }
        // Ready once hydrated: the store has read storage.
        browser
            .wait_for("the sign-in buttons to be ready", async || {
                let waiting: u64 = browser
                    .try_exec(
                        "return document.querySelectorAll('button[aria-disabled=true]:not([aria-busy])').length;",
                        vec![],
                    )
                    .await
                    .ok()?;
                (waiting == 0).then_some(())
            })
            .await;
        let seen: Value = browser.exec("return window.__prerendered;", vec![]).await;
        assert!(
            seen["h1"].is_string(),
            "{path}: the HTML alone showed no heading: {seen}"
        );
        // The chat's page replaces its loading view once its chunk is there: only the frame
        // around it stays.
        let stays = if path == "/chat" {
            "['#app header', '#app footer']"
        } else {
            "['#app header', '#app footer', '#app h1']"
        };
        let kept: Vec<bool> = browser
            .exec(
                &format!(
                    "return {stays}.map(s => document.querySelector(s))
                         .map(e => !!e && e.dataset.prerendered === '1');"
                ),
                vec![],
            )
            .await;
        assert!(
            kept.iter().all(|k| *k),
            "{path}: prerendered elements were replaced instead of hydrated: {kept:?}"
        );
        assert_eq!(
            browser.console_errors().await,
            Vec::<String>::new(),
            "{path}"
        );
        browser.close().await;
    }
}

#[tokio::test]
async fn a_click_before_the_app_runs_is_kept_and_signs_in_once_it_runs() {
    let env = env();
    let browser = Browser::open().await;
    // A slow network: the page is there long before the wasm.
    let cdp = browser.driver().cdp();
    cdp.send_raw("Network.enable", json!({}))
        .await
        .expect("cdp");
    cdp.send_raw(
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": 20, "downloadThroughput": 40 * 1024, "uploadThroughput": -1}),
    )
    .await
    .expect("throttle");
    browser.goto(&env.pages.base_url()).await;
    let clicked_early: bool = browser
        .exec(
            "const b = document.querySelector('.hero button[data-variant]');
             const early = !document.documentElement.hasAttribute('data-ready');
             b.click();
             return early && b.getAttribute('aria-busy') === 'true';",
            vec![],
        )
        .await;
    assert!(
        clicked_early,
        "the click came before the app ran, and the button shows it is busy"
    );
    let consent = env.wait_for_consent(&browser).await;
    assert_eq!(consent.callback_url, env.pages.url("/callback"));
    assert_eq!(consent.challenge.len(), 43);
    browser.close().await;
}

#[tokio::test]
async fn a_key_choice_made_before_the_app_runs_is_kept() {
    let env = env();
    let browser = Browser::open().await;
    browser.throttle_network(20.0, 40.0 * 1024.0, -1.0).await;
    browser.goto(&env.pages.base_url()).await;
    // The visitor picks $5 and types a label on the prerendered page, before the app listens.
    let changed_early: bool = browser
        .exec(
            "const early = !document.documentElement.hasAttribute('data-ready');
             const limit = document.getElementById('key-limit');
             limit.value = '5';
             limit.dispatchEvent(new Event('change', { bubbles: true }));
             const label = document.getElementById('key-label');
             label.value = 'Early laptop';
             label.dispatchEvent(new InputEvent('input', { bubbles: true }));
             return early;",
            vec![],
        )
        .await;
    assert!(changed_early, "the fields changed before the app ran");
    browser
        .wait_for("the app to run", async || {
            browser
                .try_exec::<bool>(
                    "return document.documentElement.hasAttribute('data-ready');",
                    vec![],
                )
                .await
                .ok()
                .filter(|ready| *ready)
        })
        .await;
    let shown: Vec<String> = browser
        .exec(
            "return [document.getElementById('key-limit').value,
                     document.getElementById('key-label').value];",
            vec![],
        )
        .await;
    assert_eq!(shown, ["5", "Early laptop"]);
    browser.click(".hero button[data-variant]").await;
    let consent = env.wait_for_consent(&browser).await;
    assert_eq!(
        support::query_param(&consent.url, "limit").as_deref(),
        Some("5"),
        "the app took the limit chosen before it ran"
    );
    assert_eq!(
        support::query_param(&consent.url, "key_label").as_deref(),
        Some("Early laptop")
    );
    browser.close().await;
}

#[tokio::test]
async fn a_route_served_another_page_is_rendered_afresh() {
    // GitHub Pages has no chat/index.html, so /chat/ gets 404.html, the not-found page.
    let browser = open_marked("/chat/").await;
    browser.wait_for_exact_text(".chat-page h1", "Chat").await;
    browser.wait_for_no_element(".not-found").await;
    let seen: Value = browser.exec("return window.__prerendered;", vec![]).await;
    assert_eq!(seen["route"], "/404", "{seen}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}
