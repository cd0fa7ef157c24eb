//! The prerendered pages: each route's HTML holds its page before any script runs, the app
//! hydrates it in place (the prerendered elements stay, nothing is rendered anew), and a route
//! served another route's page (GitHub Pages' 404.html for `/chat/`) is rendered afresh. A
//! hydration mismatch panics in Yew, which the release build turns into a wasm trap: the console
//! check catches it, and the app would never get ready.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::Value;
use support::browser::{Browser, PHONE};
use support::{env, http, Env};
use thirtyfour::Key;

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
    browser.run_before_every_page(MARK_PRERENDERED).await;
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

/// Counts, in this tab's sessionStorage (which outlives the trip to the consent page and back),
/// how many times a sign-in verifier is written (once per sign-in started), and notes whether the
/// app's store handled a sign-in (its button shows busy while it redirects; the first module
/// never marks a button busy).
const COUNT_VERIFIER_WRITES: &str = r#"(function () {
  new MutationObserver(function (changes) {
    changes.forEach(function (c) {
      if (c.target.matches && c.target.matches("button[data-sign-in][aria-busy=true]")) {
        window.sessionStorage.setItem("test_app_busy", "1");
      }
    });
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["aria-busy"] });
  var set = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (this === window.sessionStorage && key === "openrouter_code_verifier") {
      var n = parseInt(window.sessionStorage.getItem("test_verifier_writes") || "0", 10);
      set.call(this, "test_verifier_writes", String(n + 1));
    }
    return set.call(this, key, value);
  };
})();"#;

/// The URL pattern of the Yew app's chunk in the release build (the `app` split point,
/// `src/lib.rs`, its chunk's stem with the release step's hash): blocked, the page
/// has only its first module.
fn app_chunk() -> String {
    format!("*/{}-*", sign_in_with_openrouter::APP_SPLIT.chunk_stem())
}

/// A browser counting verifier writes, with the app's chunk blocked when `app_blocked`.
async fn open_counting(app_blocked: bool) -> Browser {
    let browser = Browser::open().await;
    browser.run_before_every_page(COUNT_VERIFIER_WRITES).await;
    if app_blocked {
        browser.block_urls(&[&app_chunk()]).await;
    }
    browser
}

/// Waits until the hero's sign-in button works (no `aria-disabled`): before the app runs, that
/// is the first module's doing.
async fn wait_for_working_button(browser: &Browser) {
    browser
        .wait_for("the hero's sign-in button to work", async || {
            browser
                .try_exec::<bool>(
                    "const b = document.querySelector('.hero button[data-sign-in]');
                     return !!b && !b.hasAttribute('aria-disabled');",
                    vec![],
                )
                .await
                .ok()
                .filter(|works| *works)
        })
        .await;
}

/// The home page with the app's chunk blocked, once its first module has made the hero's
/// sign-in button work.
async fn home_before_the_app_runs() -> (Browser, &'static Env) {
    let env = env();
    let browser = open_counting(true).await;
    browser.goto(&env.pages.base_url()).await;
    wait_for_working_button(&browser).await;
    (browser, env)
}

/// Which code started a sign-in.
#[derive(Debug, PartialEq)]
enum StartedBy {
    FirstModule,
    App,
}

/// Approves on the stand-in's consent page, waits until the app is signed in, and checks that
/// the click started exactly one sign-in (not one from the first module and one from the app),
/// started by `by`.
async fn approve_one_sign_in(browser: &Browser, by: StartedBy) {
    browser.click("#authorize").await;
    browser
        .wait_for_exact_text("[data-testid=auth-status]", "Signed in")
        .await;
    assert_eq!(
        browser
            .session_storage("test_verifier_writes")
            .await
            .as_deref(),
        Some("1"),
        "the click started one sign-in, not one from the first module and one from the app"
    );
    let app_busy = browser.session_storage("test_app_busy").await;
    let expected = match by {
        StartedBy::FirstModule => None,
        StartedBy::App => Some("1"),
    };
    assert_eq!(app_busy.as_deref(), expected, "started by {by:?}");
}

async fn app_runs(browser: &Browser) -> bool {
    browser
        .exec(
            "return document.documentElement.hasAttribute('data-ready');",
            vec![],
        )
        .await
}

/// Picks the $5 limit and types `label` in the key's fields, as a visitor does.
async fn choose_five_dollars_and_label(browser: &Browser, label: &str) {
    browser
        .exec::<Value>(
            "const limit = document.getElementById('key-limit');
             limit.value = '5';
             limit.dispatchEvent(new Event('change', { bubbles: true }));
             return null;",
            vec![],
        )
        .await;
    let label_field = browser.wait_for_element("#key-label").await;
    label_field.send_keys(label).await.expect("type the label");
}

#[tokio::test]
async fn a_prerendered_button_signs_in_before_the_app_runs_with_the_chosen_key() {
    let (browser, env) = home_before_the_app_runs().await;
    assert!(!app_runs(&browser).await, "the app's chunk is blocked");
    // The visitor picks $5 and types a label in the prerendered fields, then clicks.
    choose_five_dollars_and_label(&browser, "Early laptop").await;
    browser.click(".hero button[data-sign-in]").await;
    let consent = env.wait_for_consent(&browser).await;
    assert_eq!(consent.callback_url, env.pages.url("/callback"));
    assert_eq!(consent.challenge.len(), 43);
    assert_eq!(
        support::query_param(&consent.url, "limit").as_deref(),
        Some("5")
    );
    assert_eq!(
        support::query_param(&consent.url, "key_label").as_deref(),
        Some("Early laptop")
    );
    // Back with the code, the first module finishes what it started; the app (no longer
    // blocked) boots signed in.
    browser.block_urls(&[]).await;
    approve_one_sign_in(&browser, StartedBy::FirstModule).await;
    // The choice was remembered, for the app to show.
    let remembered = browser
        .local_storage("openrouter_demo_key_options")
        .await
        .unwrap_or_default();
    assert!(
        remembered.contains(r#""limit":"5""#) && remembered.contains("Early laptop"),
        "{remembered}"
    );
    browser.close().await;
}

/// On the app's pages: clicks the first sign-in button the instant it works, once, noting in
/// `window.name` (which survives the navigation to the consent page) what the page had done by
/// then: whether the app ran and the document's `readyState`.
const CLICK_AT_ONCE: &str = r##"(function () {
  if (location.pathname.indexOf("/sign-in-with-openrouter/") !== 0) return;
  function check() {
    var b = document.querySelector("#app button[data-sign-in]");
    if (!b || b.disabled || b.hasAttribute("aria-disabled")) return;
    observer.disconnect();
    window.name = "clicked:" + JSON.stringify({
      app: document.documentElement.hasAttribute("data-ready"),
      readyState: document.readyState
    });
    b.click();
  }
  var observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();"##;

#[tokio::test]
async fn a_sign_in_clicked_the_instant_it_works_on_a_phone_asks_for_the_chosen_key() {
    let env = env();
    let browser = Browser::open().await;
    // A visitor chose a $5 limit and a label on an earlier visit.
    browser.goto(&env.pages.base_url()).await;
    support::wait_for_app(&browser).await;
    choose_five_dollars_and_label(&browser, "On the go").await;
    browser
        .wait_for("the choice remembered", async || {
            let saved = browser.local_storage("openrouter_demo_key_options").await?;
            saved.contains("On the go").then_some(())
        })
        .await;
    // Back on a phone's network, the sign-in button is clicked the instant it works: the first
    // module's doing, long before the app's chunk has arrived.
    browser.throttle(PHONE).await;
    browser.disable_cache().await;
    browser.run_before_every_page(CLICK_AT_ONCE).await;
    browser.goto(&env.pages.base_url()).await;
    let consent = env.wait_for_consent(&browser).await;
    let clicked: String = browser.exec("return window.name;", vec![]).await;
    let clicked: Value = serde_json::from_str(
        clicked
            .strip_prefix("clicked:")
            .unwrap_or_else(|| panic!("the probe clicked no button: {clicked:?}")),
    )
    .expect("the probe's note");
    assert_eq!(
        clicked["app"],
        Value::Bool(false),
        "clicked before the app ran: {clicked}"
    );
    assert_eq!(
        support::query_param(&consent.url, "limit").as_deref(),
        Some("5")
    );
    assert_eq!(
        support::query_param(&consent.url, "key_label").as_deref(),
        Some("On the go")
    );
    assert_eq!(consent.callback_url, env.pages.url("/callback"));
    assert_eq!(consent.challenge.len(), 43);
    browser.close().await;
}

/// How many bytes each load of the return's own chunk (the `oauth_return` split point,
/// `src/starter.rs`) took from the network on this page: 0 for one from the browser's cache.
async fn return_chunk_transfers(browser: &Browser) -> Vec<u64> {
    let name = format!(
        "/{}-",
        sign_in_with_openrouter::starter::OAUTH_RETURN_SPLIT.chunk_stem()
    );
    browser
        .exec(
            "return performance.getEntriesByType('resource')
                .filter(e => e.name.includes(arguments[0])).map(e => e.transferSize);",
            vec![Value::String(name)],
        )
        .await
}

#[tokio::test]
async fn a_sign_in_fetches_what_the_return_needs_so_the_return_finds_it_cached() {
    let env = env();
    for by in [StartedBy::FirstModule, StartedBy::App] {
        let browser = open_counting(by == StartedBy::FirstModule).await;
        browser.goto(&env.pages.base_url()).await;
        match by {
            StartedBy::FirstModule => wait_for_working_button(&browser).await,
            StartedBy::App => support::wait_for_app(&browser).await,
        }
        browser.click(".hero button[data-sign-in]").await;
        env.wait_for_consent(&browser).await;
        browser.click("#authorize").await;
        browser
            .wait_for("the key stored", async || {
                browser.local_storage("openrouter_api_key").await
            })
            .await;
        let transfers = return_chunk_transfers(&browser).await;
        assert!(!transfers.is_empty(), "{by:?}: the return loaded its chunk");
        assert!(
            transfers.iter().all(|bytes| *bytes == 0),
            "{by:?}: the return's chunk came from the cache, fetched when the sign-in started: \
             {transfers:?} bytes from the network"
        );
        browser.close().await;
    }
}

/// How many connections the stand-in has accepted, and how many requests it has had.
fn stand_in_counts(env: &Env) -> (usize, usize) {
    let state = env.stand_in.state();
    (state.connections, state.requests.len())
}

#[tokio::test]
async fn the_pages_that_talk_to_openrouter_at_once_open_its_connection_while_they_load() {
    let env = env();
    // Signed out and with no sign-in pending, neither page asks OpenRouter anything: a
    // connection the stand-in accepts is the page's preconnect.
    for path in ["/callback?code=not-asked-for", "/chat"] {
        let (connections, requests) = stand_in_counts(env);
        let browser = Browser::open().await;
        browser.goto(&env.pages.url(path)).await;
        browser
            .wait_for(
                &format!("{path} to open a connection to OpenRouter"),
                async || (stand_in_counts(env).0 > connections).then_some(()),
            )
            .await;
        support::wait_for_app(&browser).await;
        assert_eq!(
            stand_in_counts(env).1,
            requests,
            "{path} asked OpenRouter nothing"
        );
        browser.close().await;
    }
    // The home page talks to OpenRouter only through its consent page: no connection.
    let (connections, _) = stand_in_counts(env);
    let browser = Browser::open().await;
    browser.goto(&env.pages.base_url()).await;
    support::wait_for_app(&browser).await;
    assert_eq!(
        stand_in_counts(env).0,
        connections,
        "the home page opened no connection"
    );
    browser.close().await;
}

#[tokio::test]
async fn back_from_openrouter_the_first_module_stores_the_key_before_the_app_runs() {
    let env = env();
    let browser = open_counting(false).await;
    browser.goto(&env.pages.url("/chat")).await;
    browser.click_button("Sign in with OpenRouter").await;
    let consent = env.wait_for_consent(&browser).await;
    // Back with the code while the app's chunk cannot arrive: the first module alone exchanges
    // the code, stores the key and puts the page the sign-in started from in the address bar.
    browser.block_urls(&[&app_chunk()]).await;
    browser.click("#authorize").await;
    let key = browser
        .wait_for("the key stored by the first module", async || {
            browser.local_storage("openrouter_api_key").await
        })
        .await;
    assert!(key.starts_with("sk-or-v1-"), "a key was stored");
    assert!(!app_runs(&browser).await, "the app's chunk is blocked");
    let url = browser
        .wait_for("the address back on /chat", async || {
            let url = browser.current_url().await;
            url.ends_with("/chat").then_some(url)
        })
        .await;
    assert_eq!(url, env.pages.url("/chat"), "no ?code= left in the address");
    assert_eq!(
        browser.session_storage("openrouter_code_verifier").await,
        None,
        "the verifier served once"
    );
    let exchanges = env.stand_in.exchanges_for_challenge(&consent.challenge);
    assert_eq!(exchanges.len(), 1, "one exchange: {exchanges:?}");
    assert!(exchanges[0].verifier_matches);
    // Once the app's chunk arrives, the app boots there, signed in, and exchanges nothing more.
    browser.block_urls(&[]).await;
    browser.goto(&env.pages.url("/chat")).await;
    browser
        .wait_for_exact_text("[data-testid=auth-status]", "Signed in")
        .await;
    assert_eq!(
        env.stand_in
            .exchanges_for_challenge(&consent.challenge)
            .len(),
        1
    );
    browser.close().await;
}

#[tokio::test]
async fn before_the_app_runs_a_choice_that_cannot_be_used_is_said_on_its_field() {
    let (browser, env) = home_before_the_app_runs().await;
    let label = browser.wait_for_element("#key-label").await;
    label
        .send_keys(&"x".repeat(65))
        .await
        .expect("type the label");
    browser.click(".hero button[data-sign-in]").await;
    let said: String = browser
        .exec(
            "return document.getElementById('key-label').validationMessage;",
            vec![],
        )
        .await;
    assert_eq!(said, "The key label can be at most 64 characters.");
    assert_eq!(browser.session_storage("test_verifier_writes").await, None);
    assert!(browser
        .current_url()
        .await
        .starts_with(&env.pages.base_url()));
    // Fixed, the message goes and the sign-in starts.
    label
        .send_keys(Key::Backspace)
        .await
        .expect("shorten the label");
    browser.click(".hero button[data-sign-in]").await;
    let consent = env.wait_for_consent(&browser).await;
    assert_eq!(
        support::query_param(&consent.url, "key_label").map(|l| l.len()),
        Some(64)
    );
    browser.close().await;
}

#[tokio::test]
async fn before_the_app_runs_the_theme_toggle_switches_and_remembers() {
    let (browser, _) = home_before_the_app_runs().await;
    let before: String = browser
        .exec(
            "return document.documentElement.getAttribute('data-theme');",
            vec![],
        )
        .await;
    browser.click(".theme-toggle").await;
    let after: String = browser
        .exec(
            "return document.documentElement.getAttribute('data-theme');",
            vec![],
        )
        .await;
    let expected = if before == "dark" { "light" } else { "dark" };
    assert_eq!(after, expected);
    assert_eq!(
        browser
            .local_storage("openrouter_demo_theme")
            .await
            .as_deref(),
        Some(expected)
    );
    assert!(!app_runs(&browser).await);
    browser.close().await;
}

#[tokio::test]
async fn before_the_app_runs_the_playground_says_its_controls_are_not_ready() {
    let (browser, _) = home_before_the_app_runs().await;
    // A choice made now would be reset when the gallery hydrates: the controls are disabled
    // (e2e_gallery waits for them to be enabled, and uses them).
    let disabled: Vec<bool> = browser
        .exec(
            "return ['#pg-variant', '#pg-label', '#pg-logo']
                 .map(s => document.querySelector(s).matches(':disabled'));",
            vec![],
        )
        .await;
    assert_eq!(disabled, [true, true, true]);
    assert!(!app_runs(&browser).await);
    browser.close().await;
}

#[tokio::test]
async fn once_the_app_runs_a_sign_in_button_is_handled_once() {
    let env = env();
    let browser = open_counting(false).await;
    browser.goto(&env.pages.base_url()).await;
    browser
        .wait_for("the app to run", async || {
            app_runs(&browser).await.then_some(())
        })
        .await;
    browser.click(".hero button[data-sign-in]").await;
    env.wait_for_consent(&browser).await;
    approve_one_sign_in(&browser, StartedBy::App).await;
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
