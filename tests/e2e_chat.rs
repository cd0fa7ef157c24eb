//! The chat's journeys, end to end: the chat panel in the release build, headless Chromium, and the
//! local OpenRouter stand-in, whose chat scenarios are picked by the last user message
//! (`tests/support/stand_in.rs`: echo, `error:<status>`, OpenRouter's published `error:<name>`
//! answers, `think:<secs>` keep-alives, `slow`, `cut`, `reset`, `midstream-error`,
//! `midstream-error-only`, `xss`, `multibyte`, `long:<n>`), and whose keys may have a limit that
//! it enforces as OpenRouter does.
//!
//! The keep-alive journey runs in real time: 65 seconds of `: OPENROUTER PROCESSING` before the
//! answer: more than a minute of nothing but keep-alives is still a reply on its way.
//!
//! Run with `tools/test.sh`, or by hand after building `target/e2e-dist` (see
//! `tests/support/mod.rs`): `cargo test --test e2e_chat`.
//!
//! The benchmark (5,000 deltas streamed into the panel, time per delta at the start and at the
//! end) is an ignored test that prints its figures:
//! `cargo test --release --test e2e_chat -- --ignored --nocapture bench_5000_deltas`.
//!
//! Every test signs in with a key of its own, so its traffic at the shared stand-in is told apart
//! by that key and tests may run in parallel.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use thirtyfour::prelude::*;

use support::browser::{replace_text, Browser};
use support::stand_in::{
    echo_text, ChatRequest, StreamOutcome, MULTIBYTE_TEXT, PIECE_PAUSE, REASONING_MODEL, XSS_TEXT,
};
use support::{env, Env, API_KEY_STORAGE_KEY, GALLERY_HYDRATED};

const STATUS: &str = "[data-testid=auth-status]";
const MESSAGE: &str = "textarea[aria-label=Message]";
const LIVE: &str = "[data-testid=live-reply]";
const REPLY: &str = "[data-testid=reply]";
const ERROR: &str = "[data-testid=chat-error]";
const MODEL_BUTTON: &str = "[data-testid=model-button]";
const KEY_FIGURES: &str = "[data-testid=key-figures]";
const CHAT_LINK: &str = "nav a[href$=\"/chat\"]";
/// `crate::config::APP_TITLE`, sent as `X-OpenRouter-Title`.
const APP_TITLE: &str = "Sign in with OpenRouter for Yew";

/// Opens `/chat` in a fresh browser, signed in with a fresh key from the stand-in.
async fn open_chat() -> (Browser, &'static Env, String) {
    let env = env();
    let browser = Browser::open().await;
    browser.goto(&env.pages.url("/chat")).await;
    let key = env.store_fresh_key(&browser).await;
    browser.reload().await;
    browser.wait_for_element(MESSAGE).await;
    (browser, env, key)
}

/// Replaces the text box's content by typing, as a person would.
async fn type_draft(browser: &Browser, text: &str) {
    replace_text(&browser.wait_for_element(MESSAGE).await, text).await;
}

/// Types `text` and clicks Send.
async fn send(browser: &Browser, text: &str) {
    type_draft(browser, text).await;
    browser.click_button("Send").await;
}

/// The text box's value.
async fn draft(browser: &Browser) -> String {
    browser
        .exec(
            "return document.querySelector(arguments[0]).value;",
            vec![json!(MESSAGE)],
        )
        .await
}

/// The exact text of every finished reply, in order.
async fn replies(browser: &Browser) -> Vec<String> {
    browser
        .exec(
            "return Array.from(document.querySelectorAll(arguments[0]))
                 .map(r => r.querySelector('[data-testid=reply-text]').textContent);",
            vec![json!(REPLY)],
        )
        .await
}

/// The exact text of every user message shown, in order.
async fn user_messages(browser: &Browser) -> Vec<String> {
    browser
        .exec(
            "return Array.from(document.querySelectorAll('[data-testid=user-message] .msg-text'))
                 .map(e => e.textContent);",
            vec![],
        )
        .await
}

/// Waits until no reply streams and `n` replies are shown; returns their texts.
async fn wait_for_replies(browser: &Browser, n: usize) -> Vec<String> {
    browser
        .wait_for(&format!("{n} finished replies"), async || {
            let streaming = browser.find_with_text(LIVE, "").await.is_some();
            let shown = replies(browser).await;
            (!streaming && shown.len() == n).then_some(shown)
        })
        .await
}

/// Someone else signs in on this page's tab: the chat is empty, with no draft, and their first
/// request carries nothing of the previous conversation or system prompt.
async fn assert_next_user_starts_empty(browser: &Browser, env: &Env) {
    let next_key = env.store_fresh_key(browser).await;
    browser.reload().await;
    browser.wait_for_element(MESSAGE).await;
    assert_eq!(draft(browser).await, "");
    assert!(user_messages(browser).await.is_empty());
    send(browser, "hello").await;
    let requests = wait_for_requests(browser, env, &next_key, 1).await;
    assert_eq!(
        requests[0].messages,
        json!([{"role": "user", "content": "hello"}])
    );
}

/// The chat requests the stand-in received with `key`, waiting until there are `n`.
async fn wait_for_requests(browser: &Browser, env: &Env, key: &str, n: usize) -> Vec<ChatRequest> {
    browser
        .wait_for(&format!("{n} chat requests at the stand-in"), async || {
            let seen = env.stand_in.chat_requests_with_key(key);
            (seen.len() >= n).then_some(seen)
        })
        .await
}

/// The shown error's text (whitespace collapsed), waiting for one containing `text`.
async fn wait_for_error(browser: &Browser, text: &str) -> String {
    browser
        .wait_for_text(ERROR, text)
        .await
        .text()
        .await
        .expect("error text")
}

/// Records, in the page, the live reply's text length at each change.
async fn record_growth(browser: &Browser) {
    browser
        .exec::<Value>(
            "window.__growth = [];
             new MutationObserver(() => {
                 const t = document.querySelector('[data-testid=live-reply] [data-testid=reply-text]');
                 if (t) window.__growth.push([performance.now(), t.textContent.length]);
                 if (t && t.querySelector('h2')) window.__sawHeading = true;
             }).observe(document.querySelector('.chat-log'),
                        {childList: true, subtree: true, characterData: true});
             return null;",
            vec![],
        )
        .await;
}

#[tokio::test]
async fn signed_out_it_explains_and_comes_back_after_sign_in() {
    let env = env();
    let browser = Browser::open().await;
    browser.goto(&env.pages.url("/chat")).await;
    browser
        .wait_for_text(".chat-signed-out", "your own OpenRouter key")
        .await;
    assert!(browser.find_with_text(MESSAGE, "").await.is_none());
    browser.click_button("Sign in with OpenRouter").await;
    let consent = env.wait_for_consent(&browser).await;
    browser.click("#authorize").await;
    browser.wait_for_url_eq(&env.pages.url("/chat")).await;
    browser.wait_for_element(MESSAGE).await;
    assert!(
        env.stand_in.key_for_challenge(&consent.challenge).is_some(),
        "the sign-in issued a key"
    );
    browser.close().await;
}

/// The names of the `.wasm` files the page has fetched so far, each once (a preload and the fetch
/// that uses it may be two entries).
async fn fetched_wasm(browser: &Browser) -> Vec<String> {
    browser
        .exec(
            "return [...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).pathname.split('/').pop()).filter(n => n.endsWith('.wasm')))];",
            vec![],
        )
        .await
}

/// Whether the chat's chunk (`split_chat-<hash>.wasm`, src/bin/release_step) is among `wasm`.
fn has_chat_chunk(wasm: &[String]) -> bool {
    wasm.iter().any(|name| name.starts_with("split_chat-"))
}

#[tokio::test]
async fn the_chat_code_is_fetched_only_when_the_chat_is_wanted() {
    let env = env();
    let browser = Browser::open().await;
    browser.goto(&env.pages.url("/")).await;
    browser.wait_for_button("Sign in with OpenRouter").await;
    // The main module, then the app's chunk and the gallery's (and chunks they share with other
    // parts): the gallery has hydrated.
    browser.wait_for_element(GALLERY_HYDRATED).await;
    let wasm = fetched_wasm(&browser).await;
    assert!(
        wasm.iter().any(|n| n.starts_with("split_gallery-")),
        "the home page fetches the gallery's chunk: {wasm:?}"
    );
    assert!(!has_chat_chunk(&wasm), "not the chat's: {wasm:?}");
    // The chunks' loader, which the glue imports, is preloaded beside the glue (so the browser
    // need not wait for the glue to ask for it), with an integrity hash the browser accepts: a
    // wrong one would be reported in the console and the loader blocked.
    let preloaded: bool = browser
        .exec(
            "const l = document.querySelector('link[rel=modulepreload][href*=\"/split-\"]');
             return !!l && l.integrity.startsWith('sha384-');",
            vec![],
        )
        .await;
    assert!(preloaded, "no modulepreload of the split loader");
    let console = browser.console_log().await;
    assert!(
        console.iter().all(|e| !e.message.contains("/split-")),
        "the console speaks of the loader: {console:#?}"
    );

    // Focusing (or hovering) the Chat link fetches the chunk ahead of the visit.
    browser
        .exec::<Value>(
            "document.querySelector(arguments[0]).focus(); return null;",
            vec![json!(CHAT_LINK)],
        )
        .await;
    browser
        .wait_for("the chat's chunk, fetched ahead", async || {
            has_chat_chunk(&fetched_wasm(&browser).await).then_some(())
        })
        .await;
    assert_eq!(browser.current_url().await, env.pages.url("/"));

    browser.click(CHAT_LINK).await;
    browser
        .wait_for_text(".chat-signed-out", "your own OpenRouter key")
        .await;
    // The chat's stylesheet came with its chunk, and the CSP let it apply.
    let chat_styled: String = browser
        .exec(
            "return getComputedStyle(document.querySelector('.chat-signed-out')).maxWidth;",
            vec![],
        )
        .await;
    assert_eq!(chat_styled, "640px", "the chat's stylesheet did not apply");
    assert_eq!(
        browser.csp_violations().await,
        Vec::<String>::new(),
        "CSP violations on the chat page"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_chat_chunk_that_cannot_be_fetched_is_explained_and_retried() {
    let env = env();
    let browser = Browser::open().await;
    browser.goto(&env.pages.url("/")).await;
    browser.wait_for_element(STATUS).await;
    browser.block_urls(&["*split_chat-*"]).await;
    browser.click(CHAT_LINK).await;
    browser
        .wait_for_text(".chat-error[role=alert]", "The chat could not be loaded")
        .await;

    browser.block_urls(&[]).await;
    browser.click_button("Try again").await;
    browser
        .wait_for_text(".chat-signed-out", "your own OpenRouter key")
        .await;
    assert!(browser.find_with_text(".chat-error", "").await.is_none());
    browser.close().await;
}

#[tokio::test]
async fn a_reply_streams_in_piece_by_piece_with_the_key_model_and_attribution() {
    let (browser, env, key) = open_chat().await;
    browser.wait_for_text(KEY_FIGURES, "used").await;
    record_growth(&browser).await;

    // Shift+Enter makes a new line; Enter sends.
    let input = browser.wait_for_element(MESSAGE).await;
    input.send_keys("Hello").await.expect("type");
    input
        .send_keys(Key::Shift + Key::Enter)
        .await
        .expect("shift+enter");
    input.send_keys("there").await.expect("type");
    assert_eq!(draft(&browser).await, "Hello\nthere");
    input.send_keys(Key::Enter).await.expect("enter");

    browser.wait_for_element(LIVE).await;
    browser.wait_for_button("Stop").await;
    assert_eq!(draft(&browser).await, "", "the sent text left the box");
    let expected = echo_text("Hello\nthere");
    assert_eq!(wait_for_replies(&browser, 1).await, vec![expected.clone()]);
    assert_eq!(user_messages(&browser).await, vec!["Hello\nthere"]);

    // It grew over time, several times, before it was complete.
    let growth: Vec<(f64, usize)> = browser.exec("return window.__growth;", vec![]).await;
    let mut lengths: Vec<(f64, usize)> = Vec::new();
    for (t, len) in growth {
        if len > 0 && lengths.last().is_none_or(|(_, l)| *l != len) {
            lengths.push((t, len));
        }
    }
    assert!(
        lengths.len() >= 4,
        "the reply should appear piece by piece, saw lengths {lengths:?}"
    );
    assert!(lengths.windows(2).all(|w| w[1].1 > w[0].1), "{lengths:?}");
    assert!(lengths[0].1 < expected.len() / 2, "{lengths:?}");
    let span_ms = lengths[lengths.len() - 1].0 - lengths[0].0;
    assert!(
        span_ms >= 3.0 * PIECE_PAUSE.as_millis() as f64,
        "the pieces arrived over {span_ms} ms only: {lengths:?}"
    );

    // Usage and cost under the reply.
    let usage = browser
        .wait_for_text("[data-testid=usage]", " out · $")
        .await;
    let usage = usage.text().await.expect("usage");
    assert!(usage.contains(" in · "), "{usage}");

    // The request.
    let requests = wait_for_requests(&browser, env, &key, 1).await;
    let r = &requests[0];
    assert_eq!(r.bearer.as_deref(), Some(key.as_str()));
    assert_eq!(r.model.as_deref(), Some("openai/gpt-4o-mini"));
    assert_eq!(r.body["stream"], json!(true));
    assert_eq!(
        r.messages,
        json!([{"role": "user", "content": "Hello\nthere"}])
    );
    assert_eq!(
        r.http_referer.as_deref(),
        Some(env.pages.base_url().as_str())
    );
    assert_eq!(r.x_openrouter_title.as_deref(), Some(APP_TITLE));
    assert_eq!(r.outcome, StreamOutcome::Finished);

    // The key's figures were loaded, and again after the reply.
    browser
        .wait_for(
            "the key's figures to be refreshed after the reply",
            async || {
                let s = env.stand_in.state();
                let n = s
                    .key_info_requests
                    .iter()
                    .filter(|k| k.as_deref() == Some(key.as_str()))
                    .count();
                (n >= 2).then_some(())
            },
        )
        .await;
    let figures = browser.text_of(KEY_FIGURES).await.unwrap_or_default();
    assert!(figures.starts_with("Key sk-or-v1-"), "{figures}");
    assert!(figures.contains("of $10.00 left"), "{figures}");
    assert!(
        browser.csp_violations().await.is_empty(),
        "{:?}",
        browser.csp_violations().await
    );
    browser.close().await;
}

#[tokio::test]
async fn a_conversation_with_a_chosen_model_survives_a_reload() {
    let (browser, env, key) = open_chat().await;
    send(&browser, "first question").await;
    wait_for_replies(&browser, 1).await;

    // Pick a model: searchable, with context length, price per million and free marks.
    let search = open_model_search(&browser).await;
    search.send_keys("free").await.expect("type");
    let free = browser
        .wait_for_text(".model-option", "Llama 3.3 70B")
        .await;
    assert!(free.text().await.expect("text").contains("Free"));
    replace_text(&search, "haiku").await;
    let option = browser
        .wait_for_text(".model-option", "Claude 3.5 Haiku")
        .await;
    let text = option.text().await.expect("text");
    assert!(text.contains("200K context"), "{text}");
    assert!(text.contains("$0.80 / M in"), "{text}");
    browser.screenshot("model-picker").await;
    assert!(
        browser
            .find_with_text(".model-option", "GPT-4o-mini")
            .await
            .is_none(),
        "the search filters the list"
    );
    option.click().await.expect("pick");
    browser
        .wait_for_text(MODEL_BUTTON, "Anthropic: Claude 3.5 Haiku")
        .await;

    // Multi-turn: the whole conversation is sent, to the chosen model.
    send(&browser, "second question").await;
    let shown = wait_for_replies(&browser, 2).await;
    assert_eq!(shown[1], echo_text("second question"));
    let requests = wait_for_requests(&browser, env, &key, 2).await;
    assert_eq!(
        requests[1].model.as_deref(),
        Some("anthropic/claude-3.5-haiku")
    );
    assert_eq!(
        requests[1].messages,
        json!([
            {"role": "user", "content": "first question"},
            {"role": "assistant", "content": echo_text("first question")},
            {"role": "user", "content": "second question"},
        ])
    );
    type_draft(&browser, "not sent yet").await;
    browser.screenshot("conversation").await;

    // A reload keeps the conversation, the draft and the model.
    browser.reload().await;
    browser.wait_for_element(MESSAGE).await;
    assert_eq!(
        wait_for_replies(&browser, 2).await,
        vec![echo_text("first question"), echo_text("second question")]
    );
    assert_eq!(
        user_messages(&browser).await,
        vec!["first question", "second question"]
    );
    assert_eq!(draft(&browser).await, "not sent yet");
    browser
        .wait_for_text(MODEL_BUTTON, "Anthropic: Claude 3.5 Haiku")
        .await;

    // A new conversation starts empty and sends only the new message.
    browser.click_button("New conversation").await;
    wait_for_replies(&browser, 0).await;
    assert!(user_messages(&browser).await.is_empty());
    assert_eq!(draft(&browser).await, "not sent yet");
    send(&browser, "fresh start").await;
    wait_for_replies(&browser, 1).await;
    let requests = wait_for_requests(&browser, env, &key, 3).await;
    assert_eq!(
        requests[2].messages,
        json!([{"role": "user", "content": "fresh start"}])
    );
    browser.close().await;
}

#[tokio::test]
async fn leaving_or_reloading_mid_reply_aborts_it_and_keeps_what_arrived() {
    let (browser, env, key) = open_chat().await;
    let gone = async |n: usize| {
        browser
            .wait_for("the stand-in to see the client go", async || {
                let r = env.stand_in.chat_requests_with_key(&key);
                (r.len() == n && r[n - 1].outcome == StreamOutcome::ClientGone).then_some(())
            })
            .await
    };

    // Leaving the page for another route.
    send(&browser, "slow").await;
    browser.wait_for_text(LIVE, "tick 3 ").await;
    browser.click("a.brand").await;
    browser.wait_for_no_element(MESSAGE).await;
    gone(1).await;
    let chat_link = browser.wait_for_text(".site-header nav a", "Chat").await;
    chat_link.click().await.expect("back to the chat");
    let shown = wait_for_replies(&browser, 1).await;
    assert!(shown[0].starts_with("tick 1 tick 2 tick 3"), "{shown:?}");
    assert!(!shown[0].contains("tick 200 "), "{shown:?}");
    browser
        .wait_for_text("[data-testid=stopped]", "Stopped")
        .await;

    // Reloading the tab.
    send(&browser, "slow").await;
    browser.wait_for_text(LIVE, "tick 3 ").await;
    browser.reload().await;
    browser.wait_for_element(MESSAGE).await;
    gone(2).await;
    let shown = wait_for_replies(&browser, 2).await;
    // A paragraph's trailing space is not rendered: the reload may land right after "tick 3 ".
    assert!(shown[1].starts_with("tick 1 tick 2 tick 3"), "{shown:?}");
    assert_eq!(user_messages(&browser).await, vec!["slow", "slow"]);
    browser.close().await;
}

#[tokio::test]
async fn a_storage_failure_is_a_note_not_a_crash() {
    let (browser, _env, _key) = open_chat().await;
    browser
        .exec::<Value>(
            "Storage.prototype.setItem = function () {
                 throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
             };
             return null;",
            vec![],
        )
        .await;
    send(&browser, "still works").await;
    browser
        .wait_for_text(".chat-note", "could not be saved")
        .await;
    assert_eq!(
        wait_for_replies(&browser, 1).await,
        vec![echo_text("still works")]
    );
    browser.close().await;
}

#[tokio::test]
async fn a_damaged_saved_conversation_is_kept_aside_and_reported() {
    let (browser, _env, _key) = open_chat().await;
    let damaged = r#"[{"role":"user","content":"my long question"},{"role":"assistant","#;
    browser
        .set_local_storage("openrouter_chat_conversation", damaged)
        .await;
    browser.reload().await;
    browser
        .wait_for_text(".chat-note", "could not be read")
        .await;
    assert_eq!(
        browser
            .local_storage("openrouter_chat_conversation_damaged")
            .await
            .as_deref(),
        Some(damaged),
        "the unreadable text is kept aside"
    );
    // A new conversation starts and is saved beside it; the kept text stays.
    send(&browser, "fresh start").await;
    wait_for_replies(&browser, 1).await;
    browser
        .wait_for("the new conversation to be saved", async || {
            browser
                .local_storage("openrouter_chat_conversation")
                .await
                .filter(|c| c.contains("fresh start"))
        })
        .await;
    assert_eq!(
        browser
            .local_storage("openrouter_chat_conversation_damaged")
            .await
            .as_deref(),
        Some(damaged)
    );
    browser.close().await;
}

#[tokio::test]
async fn stop_ends_the_reply_and_keeps_its_text() {
    let (browser, env, key) = open_chat().await;
    send(&browser, "slow").await;
    browser.wait_for_text(LIVE, "tick 3 ").await;
    browser.click_button("Stop").await;
    let shown = wait_for_replies(&browser, 1).await;
    let text = &shown[0];
    assert!(text.starts_with("tick 1 tick 2 tick 3 "), "{text:?}");
    assert!(
        !text.contains("tick 200 "),
        "the reply was not stopped: {text:?}"
    );
    browser
        .wait_for_text("[data-testid=stopped]", "Stopped")
        .await;
    browser.screenshot("stopped").await;
    browser
        .wait_for("the stand-in to see the client go", async || {
            let r = env.stand_in.chat_requests_with_key(&key);
            (r.len() == 1 && r[0].outcome == StreamOutcome::ClientGone).then_some(())
        })
        .await;
    // Nothing more arrives, and the panel is ready for the next message.
    let later = wait_for_replies(&browser, 1).await;
    assert_eq!(&later[0], text);
    type_draft(&browser, "next").await;
    browser.wait_for_button("Send").await;
    browser.close().await;
}

#[tokio::test]
async fn every_failure_is_explained_and_keeps_the_draft_and_the_history() {
    let (browser, env, key) = open_chat().await;
    send(&browser, "before the errors").await;
    wait_for_replies(&browser, 1).await;

    let cases: [(u16, &[&str]); 8] = [
        (
            400,
            &[
                "did not accept this request (400)",
                "Invalid request parameters",
            ],
        ),
        (401, &["was not accepted (401)", "Sign in again"]),
        (402, &["out of credits (402)", "Add credits"]),
        (
            403,
            &[
                "moderation flagged this request (403)",
                "Flagged: \u{201c}error:403\u{201d}",
            ],
        ),
        (408, &["timed out (408)", "Operation timed out"]),
        (
            429,
            &["(429)", "Try again in 7 seconds", "Rate limit exceeded"],
        ),
        (502, &["having trouble (502)", "Provider returned error"]),
        (
            503,
            &["having trouble (503)", "Service temporarily unavailable"],
        ),
    ];
    for (status, phrases) in cases {
        let message = format!("error:{status}");
        send(&browser, &message).await;
        let shown = wait_for_error(&browser, phrases[0]).await;
        for phrase in phrases {
            assert!(
                shown.contains(phrase),
                "{status}: {phrase:?} not in {shown:?}"
            );
        }
        assert_eq!(
            draft(&browser).await,
            message,
            "{status}: the draft is kept"
        );
        assert_eq!(
            user_messages(&browser).await,
            vec!["before the errors"],
            "{status}: the history is kept"
        );
        assert_eq!(replies(&browser).await.len(), 1, "{status}");
        match status {
            429 => {
                browser.screenshot("rate-limited").await;
            }
            401 => {
                browser.wait_for_button("Sign in again").await;
                assert_eq!(
                    browser.local_storage(API_KEY_STORAGE_KEY).await.as_deref(),
                    Some(key.as_str()),
                    "a 401 never deletes the key"
                );
            }
            402 => {
                let href: Option<String> = browser
                    .exec(
                        "const a = Array.from(document.querySelectorAll(arguments[0] + ' a'))
                             .find(a => a.textContent === 'Add credits');
                         return a ? a.href : null;",
                        vec![json!(ERROR)],
                    )
                    .await;
                assert_eq!(href.as_deref(), Some("https://openrouter.ai/credits"));
            }
            _ => {}
        }
    }
    let mut statuses: Vec<u16> = env
        .stand_in
        .chat_requests_with_key(&key)
        .iter()
        .map(|r| r.status)
        .collect();
    // Chromium itself may repeat a request answered 408 (it takes it for a stale connection).
    statuses.dedup();
    assert_eq!(statuses, vec![200, 400, 401, 402, 403, 408, 429, 502, 503]);

    // A network failure: the request never reaches OpenRouter.
    browser.block_urls(&["*/api/v1/chat/completions*"]).await;
    send(&browser, "offline attempt").await;
    wait_for_error(&browser, "Could not reach OpenRouter").await;
    assert_eq!(draft(&browser).await, "offline attempt");
    assert_eq!(user_messages(&browser).await, vec!["before the errors"]);
    browser.block_urls(&[]).await;

    // Once the cause is gone, the kept draft sends as it is.
    browser.click_button("Send").await;
    let shown = wait_for_replies(&browser, 2).await;
    assert_eq!(shown[1], echo_text("offline attempt"));
    assert!(
        browser.find_with_text(ERROR, "").await.is_none(),
        "the error is cleared"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_broken_stream_keeps_what_arrived_and_says_why() {
    let (browser, _env, _key) = open_chat().await;
    let cases = [
        ("cut", "This reply is cut off", "cut off before it finished"),
        (
            "reset",
            "This connection is reset",
            "cut off before it finished",
        ),
        (
            "midstream-error",
            "This reply will fail part",
            "The reply stopped with an error.",
        ),
        (
            "midstream-error-string",
            "This reply will fail part",
            "Provider returned error",
        ),
    ];
    for (i, (message, text, why)) in cases.into_iter().enumerate() {
        send(&browser, message).await;
        let shown = wait_for_replies(&browser, i + 1).await;
        assert_eq!(shown[i], text, "{message}: what arrived is kept");
        let error: String = browser
            .exec(
                "const r = document.querySelectorAll(arguments[0]);
                 const e = r[r.length - 1].querySelector('[data-testid=chat-error]');
                 return e ? e.textContent : '';",
                vec![json!(REPLY)],
            )
            .await;
        assert!(error.contains(why), "{message}: {why:?} not in {error:?}");
        assert!(error.contains("arrived is kept"), "{message}: {error:?}");
    }
    // The history was never lost on the way.
    assert_eq!(user_messages(&browser).await.len(), 4);
    browser.close().await;
}

#[tokio::test]
async fn a_reply_s_html_and_unsafe_links_are_shown_as_text_never_as_markup() {
    let (browser, _env, _key) = open_chat().await;
    send(&browser, "xss").await;
    let shown = wait_for_replies(&browser, 1).await;
    assert_eq!(
        shown[0],
        XSS_TEXT.replace("[click](javascript:window.__xss=1)", "click"),
        "the raw HTML is shown as written; the javascript: link is only its text"
    );
    assert!(XSS_TEXT.contains("[click](javascript:"));
    let (xss, imgs, links): (Value, usize, usize) = browser
        .exec(
            "const log = document.querySelector('.chat-log');
             return [window.__xss === undefined ? null : window.__xss,
                     log.querySelectorAll('img').length, log.querySelectorAll('a').length];",
            vec![],
        )
        .await;
    assert_eq!(xss, Value::Null, "the reply's markup ran");
    assert_eq!((imgs, links), (0, 0), "the reply's markup became elements");

    // Multi-byte characters split across network writes arrive whole.
    send(&browser, "multibyte").await;
    let shown = wait_for_replies(&browser, 2).await;
    assert_eq!(shown[1], MULTIBYTE_TEXT);
    browser.close().await;
}

#[tokio::test]
async fn without_the_model_list_the_default_works_and_an_id_can_be_typed() {
    let env = env();
    let browser = Browser::open().await;
    browser.goto(&env.pages.url("/chat")).await;
    let key = env.store_fresh_key(&browser).await;
    browser.block_urls(&["*/api/v1/models*"]).await;
    browser.reload().await;
    browser.wait_for_element(MESSAGE).await;

    let search = open_model_search(&browser).await;
    browser
        .wait_for_text(".model-panel", "could not be loaded")
        .await;
    browser
        .wait_for_text(MODEL_BUTTON, "openai/gpt-4o-mini")
        .await;
    search.send_keys(Key::Escape).await.expect("escape");
    browser.wait_for_no_element(".model-panel").await;
    send(&browser, "with the default").await;
    wait_for_replies(&browser, 1).await;

    let search = open_model_search(&browser).await;
    search
        .send_keys("mistralai/mistral-nemo")
        .await
        .expect("type");
    search.send_keys(Key::Enter).await.expect("enter");
    browser
        .wait_for_text(MODEL_BUTTON, "mistralai/mistral-nemo")
        .await;
    send(&browser, "with a typed id").await;
    wait_for_replies(&browser, 2).await;
    let requests = wait_for_requests(&browser, env, &key, 2).await;
    assert_eq!(requests[0].model.as_deref(), Some("openai/gpt-4o-mini"));
    assert_eq!(requests[1].model.as_deref(), Some("mistralai/mistral-nemo"));
    browser.close().await;
}

/// Streams 5,000 tiny deltas (`long:5000`, no pauses) into the panel and prints the time the app
/// spends per delta over the first 500 and over the last 500; a cost that grows with the reply's
/// length shows as a larger figure at the end. Not timed: it fails only if the reply is wrong.
///
/// Measured in the page: `ReadableStreamDefaultReader.prototype.read` is wrapped to note when each
/// read of the body resolves, how many deltas it carries, and when the app asks for the next one;
/// the time in between is the app's work on that read (decoding, parsing the Markdown's open
/// block); drawing it shows in the frames painted meanwhile. The reply is paragraphs of 25
/// numbers, as a reply is paragraphs.
/// Reads are as large as the network makes them (the stand-in sends without pauses), so the
/// windows are whole reads: the first reads reaching 500 deltas, the last reads reaching 500.
#[tokio::test]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn bench_5000_deltas() {
    const N: usize = 5_000;
    const WINDOW: f64 = 500.0;
    let (browser, _env, _key) = open_chat().await;
    browser
        .exec::<Value>(
            "window.__reads = [];
             const read = ReadableStreamDefaultReader.prototype.read;
             ReadableStreamDefaultReader.prototype.read = function () {
                 const asked = performance.now();
                 return read.call(this).then(r => {
                     let deltas = 0;
                     if (r.value) {
                         const s = new TextDecoder().decode(r.value);
                         for (let i = s.indexOf('\"content\"'); i >= 0; i = s.indexOf('\"content\"', i + 1)) deltas++;
                     }
                     window.__reads.push({asked, resolved: performance.now(), deltas, bytes: r.value ? r.value.length : 0});
                     return r;
                 });
             };
             // After `[DONE]` the app cancels instead of asking for another read.
             const cancel = ReadableStreamDefaultReader.prototype.cancel;
             ReadableStreamDefaultReader.prototype.cancel = function () {
                 const now = performance.now();
                 window.__reads.push({asked: now, resolved: now, deltas: 0, bytes: 0});
                 return cancel.apply(this, arguments);
             };
             window.__frames = [];
             const frame = t => { window.__frames.push(t); requestAnimationFrame(frame); };
             requestAnimationFrame(frame);
             window.__dom = 0;
             new MutationObserver(() => window.__dom++).observe(
                 document.querySelector('.chat-log'), {childList: true, subtree: true});
             return null;",
            vec![],
        )
        .await;
    // Throttle the download so the body arrives in many small reads (a few deltas each, as
    // a real model's output would), which gives the per-read figures a fine grain. The app's
    // work is measured apart from the waiting, so the throttle does not enter the figures.
    browser.throttle_network(0.0, 256.0 * 1024.0, -1.0).await;
    let started: f64 = browser.exec("return performance.now();", vec![]).await;
    send(&browser, &format!("long:{N}")).await;
    let shown = browser
        .wait_for_within(
            "the 5,000-delta reply",
            std::time::Duration::from_secs(300),
            async || {
                let streaming = browser.find_with_text(LIVE, "").await.is_some();
                let shown = replies(&browser).await;
                (!streaming && shown.len() == 1).then_some(shown)
            },
        )
        .await;
    // The reply is Markdown paragraphs: its text is each paragraph's, one after the other.
    let expected: String = support::stand_in::long_pieces(N)
        .concat()
        .split("\n\n")
        .map(str::trim)
        .collect();
    assert!(
        shown[0] == expected,
        "the reply differs from the deltas sent"
    );

    // The conversation followed the reply to its end.
    browser
        .wait_for("the conversation to be scrolled to its end", async || {
            let gap: f64 = browser
                .exec(
                    "const l = document.querySelector('.chat-log');
                     return l.scrollHeight - l.scrollTop - l.clientHeight;",
                    vec![],
                )
                .await;
            (gap < 4.0).then_some(())
        })
        .await;

    #[derive(serde::Deserialize)]
    struct Read {
        asked: f64,
        resolved: f64,
        deltas: f64,
        bytes: f64,
    }
    let reads: Vec<Read> = browser.exec("return window.__reads;", vec![]).await;
    let dom_updates: u64 = browser.exec("return window.__dom;", vec![]).await;

    let frames: Vec<f64> = browser.exec("return window.__frames;", vec![]).await;
    // The app's work on read i: from its resolution to the app asking for read i + 1: decoding
    // the events and adding their text to the reply's Markdown (which parses its open block).
    // Drawing it is Yew's next turn: its cost shows in the frame intervals below.
    // (deltas, work in ms, when the read resolved)
    let work: Vec<(f64, f64, f64)> = reads
        .windows(2)
        .map(|w| (w[0].deltas, w[1].asked - w[0].resolved, w[0].resolved))
        .filter(|(deltas, _, _)| *deltas > 0.0)
        .collect();
    let total: f64 = work.iter().map(|w| w.0).sum();
    // A read may end inside `"content"`, which then counts in neither: a few may be missing.
    assert!(
        total <= N as f64 && total >= (N - reads.len()) as f64,
        "deltas counted in the reads: {total}"
    );
    // Whole reads from one end until they hold WINDOW deltas: µs per delta, reads, time span.
    let window = |reads: &mut dyn Iterator<Item = &(f64, f64, f64)>| -> (f64, usize, f64, f64) {
        let (mut deltas, mut ms, mut n) = (0.0, 0.0, 0);
        let (mut from, mut to) = (f64::MAX, f64::MIN);
        for &(d, t, at) in reads {
            if deltas >= WINDOW {
                break;
            }
            deltas += d;
            ms += t;
            n += 1;
            from = from.min(at);
            to = to.max(at);
        }
        (ms / deltas * 1000.0, n, from, to)
    };
    // Frames painted meanwhile: the mean and longest interval (rendering the text is in these).
    let frame_stats = |from: f64, to: f64| -> (f64, f64) {
        let gaps: Vec<f64> = frames
            .windows(2)
            .filter(|w| w[0] >= from && w[1] <= to)
            .map(|w| w[1] - w[0])
            .collect();
        let mean = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
        (mean, gaps.iter().cloned().fold(0.0, f64::max))
    };
    let (first, first_reads, f0, f1) = window(&mut work.iter());
    let (last, last_reads, l0, l1) = window(&mut work.iter().rev());
    let ((ff, fmax), (lf, lmax)) = (frame_stats(f0, f1), frame_stats(l0, l1));
    let first_text = reads
        .iter()
        .find(|r| r.deltas > 0.0)
        .map_or(0.0, |r| r.resolved - started);
    let end = reads.last().map_or(0.0, |r| r.resolved - started);
    let bytes: f64 = reads.iter().map(|r| r.bytes).sum();
    println!(
        "bench_5000_deltas: {total} deltas, {:.0} KB in {} reads, {dom_updates} DOM updates; \
         first delta {first_text:.0} ms after Send, body done {end:.0} ms after Send",
        bytes / 1024.0,
        reads.len()
    );
    println!(
        "bench_5000_deltas: app time per delta: first {WINDOW} deltas {first:.1} µs/delta \
         ({first_reads} reads), last {WINDOW} deltas {last:.1} µs/delta ({last_reads} reads)"
    );
    println!(
        "bench_5000_deltas: frame interval meanwhile: first {WINDOW} deltas {ff:.1} ms mean, \
         {fmax:.1} ms max; last {WINDOW} deltas {lf:.1} ms mean, {lmax:.1} ms max"
    );
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        for (i, (d, ms, _)) in work.iter().enumerate() {
            println!(
                "bench_5000_deltas: read {i}: {d} deltas, {ms:.2} ms, {:.1} µs/delta",
                ms / d * 1000.0
            );
        }
    }
    browser.close().await;
}

#[tokio::test]
async fn replies_are_shown_as_markdown_while_they_stream_and_after() {
    let (browser, _env, _key) = open_chat().await;
    record_growth(&browser).await;
    send(&browser, "markdown").await;
    wait_for_replies(&browser, 1).await;
    let reply = "[data-testid=reply] [data-testid=reply-text]";
    let seen: Value = browser
        .exec(
            "const r = document.querySelector(arguments[0]);
             const links = Array.from(r.querySelectorAll('a'));
             return {
               h2: r.querySelector('h2') && r.querySelector('h2').textContent,
               strong: r.querySelector('strong') && r.querySelector('strong').textContent,
               em: r.querySelector('em') && r.querySelector('em').textContent,
               code: r.querySelector('p code') && r.querySelector('p code').textContent,
               items: Array.from(r.querySelectorAll('ul > li')).map(li => li.textContent),
               th: Array.from(r.querySelectorAll('table th')).map(th => th.textContent),
               td: Array.from(r.querySelectorAll('table td')).map(td => td.textContent),
               lang: r.querySelector('.code-block .code-lang') && r.querySelector('.code-block .code-lang').textContent,
               block: r.querySelector('.code-block pre') && r.querySelector('.code-block pre').textContent,
               copy: !!r.querySelector('.code-block button'),
               quote: r.querySelector('blockquote') && r.querySelector('blockquote').textContent.trim(),
               links: links.map(a => [a.getAttribute('href'), a.getAttribute('rel'), a.textContent]),
               imgs: r.querySelectorAll('img').length,
               bold_tags: r.querySelectorAll('b').length,
               raw: r.textContent.includes('<b onclick='),
               xss: window.__xss === undefined ? null : window.__xss
             };",
            vec![json!(reply)],
        )
        .await;
    assert_eq!(seen["h2"], "Plan", "{seen}");
    assert_eq!(seen["strong"], "bold");
    assert_eq!(seen["em"], "slanted");
    assert_eq!(seen["code"], "code");
    assert_eq!(seen["items"], json!(["first item", "second item"]));
    assert_eq!(seen["th"], json!(["Model", "Price"]));
    assert_eq!(seen["td"], json!(["mini", "$0.15"]));
    assert_eq!(seen["lang"], "rust");
    assert_eq!(seen["block"], "fn main() {\n    println!(\"hi\");\n}");
    assert_eq!(seen["copy"], true, "the code block has its Copy button");
    assert_eq!(seen["quote"], "quoted");
    let links = seen["links"].as_array().expect("links");
    assert_eq!(
        links[0],
        json!([
            "https://openrouter.ai/docs",
            "noopener noreferrer",
            "the docs"
        ])
    );
    assert_eq!(
        links.len(),
        2,
        "the javascript: link is text, the image a link: {links:?}"
    );
    assert_eq!(links[1][0], "https://example.com/cat.png");
    assert!(links[1][2].as_str().unwrap().contains("a cat"), "{links:?}");
    assert_eq!(seen["imgs"], 0, "no image is loaded");
    assert_eq!(seen["bold_tags"], 0);
    assert_eq!(seen["raw"], true, "raw HTML is shown as text");
    assert_eq!(seen["xss"], Value::Null);
    // While it streamed, the reply was Markdown already (a heading before the end).
    let streamed_heading: bool = browser
        .exec("return window.__sawHeading === true;", vec![])
        .await;
    assert!(
        streamed_heading,
        "the live reply showed its heading while streaming"
    );
    browser.close().await;
}

/// Marks the elements matching `css` so a test can tell them from new ones later.
async fn mark_all(browser: &Browser, css: &str) {
    browser
        .exec::<Value>(
            "document.querySelectorAll(arguments[0]).forEach(e => e.dataset.old = '1'); return null;",
            vec![json!(css)],
        )
        .await;
}

#[tokio::test]
async fn regenerate_replaces_the_last_reply_by_a_new_answer_to_the_same_conversation() {
    let (browser, env, key) = open_chat().await;
    send(&browser, "first question").await;
    wait_for_replies(&browser, 1).await;
    send(&browser, "second question").await;
    wait_for_replies(&browser, 2).await;
    mark_all(&browser, REPLY).await;
    browser.click_button("Regenerate").await;
    let requests = wait_for_requests(&browser, env, &key, 3).await;
    assert_eq!(
        requests[2].messages, requests[1].messages,
        "the same conversation is sent again"
    );
    let shown = wait_for_replies(&browser, 2).await;
    assert_eq!(
        shown,
        [echo_text("first question"), echo_text("second question")]
    );
    let (old_first, old_second): (bool, bool) = browser
        .exec(
            "const r = document.querySelectorAll(arguments[0]);
             return [r[0].dataset.old === '1', r[1].dataset.old === '1'];",
            vec![json!(REPLY)],
        )
        .await;
    assert!(old_first, "the earlier reply is untouched");
    assert!(!old_second, "the last reply was replaced in place");
    assert_eq!(user_messages(&browser).await.len(), 2);

    // A Regenerate that fails brings the reply back, with the error.
    browser.block_urls(&["*/api/v1/chat/completions*"]).await;
    browser.click_button("Regenerate").await;
    wait_for_error(&browser, "").await;
    assert_eq!(
        wait_for_replies(&browser, 2).await,
        [echo_text("first question"), echo_text("second question")]
    );
    browser.close().await;
}

#[tokio::test]
async fn the_last_message_can_be_edited_and_resent() {
    let (browser, env, key) = open_chat().await;
    send(&browser, "helo wrold").await;
    wait_for_replies(&browser, 1).await;
    browser.click_button("Edit your last message").await;
    let editor = browser.wait_for_element("textarea#edit-message").await;
    assert_eq!(
        editor.prop("value").await.expect("value").as_deref(),
        Some("helo wrold")
    );
    replace_text(&editor, "hello world").await;
    browser.click_button("Send edited").await;
    let requests = wait_for_requests(&browser, env, &key, 2).await;
    assert_eq!(
        requests[1].messages,
        json!([{"role": "user", "content": "hello world"}]),
        "the edited message replaces the old one and its reply"
    );
    assert_eq!(
        wait_for_replies(&browser, 1).await,
        [echo_text("hello world")]
    );
    assert_eq!(user_messages(&browser).await, ["hello world"]);
    // Cancel changes nothing.
    browser.click_button("Edit your last message").await;
    browser.click_button("Cancel").await;
    browser.wait_for_no_element("textarea#edit-message").await;
    assert_eq!(user_messages(&browser).await, ["hello world"]);
    browser.close().await;
}

#[tokio::test]
async fn the_system_prompt_and_the_temperature_reach_the_request_and_survive_a_reload() {
    let (browser, env, key) = open_chat().await;
    browser.click("[data-testid=chat-settings] summary").await;
    let prompt = browser
        .wait_for_element("textarea#chat-system-prompt")
        .await;
    replace_text(&prompt, "Answer in French.").await;
    let temperature = browser.wait_for_element("input#chat-temperature").await;
    replace_text(&temperature, "3").await;
    browser
        .wait_for_text("#chat-temperature-error", "from 0 to 2")
        .await;
    replace_text(&temperature, "0.3").await;
    browser.wait_for_no_element("#chat-temperature-error").await;
    send(&browser, "bonjour").await;
    let requests = wait_for_requests(&browser, env, &key, 1).await;
    assert_eq!(
        requests[0].messages,
        json!([
            {"role": "system", "content": "Answer in French."},
            {"role": "user", "content": "bonjour"}
        ])
    );
    let sent = requests[0].body["temperature"]
        .as_f64()
        .expect("a temperature");
    assert!((sent - 0.3).abs() < 1e-6, "{sent}");
    wait_for_replies(&browser, 1).await;

    browser.reload().await;
    browser.wait_for_element(MESSAGE).await;
    browser
        .wait_for_text(
            "[data-testid=chat-settings] summary",
            "system prompt, temperature 0.3",
        )
        .await;
    send(&browser, "encore").await;
    let requests = wait_for_requests(&browser, env, &key, 2).await;
    assert_eq!(requests[1].messages[0]["content"], "Answer in French.");
    assert!(requests[1].body["temperature"].as_f64().is_some());
    // Cleared, the temperature is the model's own: not sent at all.
    browser.click("[data-testid=chat-settings] summary").await;
    let temperature = browser.wait_for_element("input#chat-temperature").await;
    replace_text(&temperature, " ").await;
    wait_for_replies(&browser, 2).await;
    send(&browser, "sans").await;
    let requests = wait_for_requests(&browser, env, &key, 3).await;
    assert!(
        requests[2].body.get("temperature").is_none(),
        "{}",
        requests[2].body
    );
    browser.close().await;
}

#[tokio::test]
async fn at_390_px_nothing_overflows_even_with_a_long_model_name() {
    let env = env();
    let browser = Browser::open_with(support::browser::BrowserOptions {
        width: 500,
        height: 900,
    })
    .await;
    browser
        .driver()
        .cdp()
        .send_raw(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true }),
        )
        .await
        .expect("390 px viewport");
    browser.goto(&env.pages.url("/chat")).await;
    env.store_fresh_key(&browser).await;
    browser.reload().await;
    browser.wait_for_element(MESSAGE).await;
    let search = open_model_search(&browser).await;
    let long_id =
        "someprovider/an-extraordinarily-long-model-name-that-keeps-going-well-past-any-phone-width";
    search.send_keys(long_id).await.expect("type");
    search.send_keys(Key::Enter).await.expect("enter");
    browser.wait_for_text(MODEL_BUTTON, "someprovider/").await;
    send(&browser, "a message long enough to wrap: abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop").await;
    wait_for_replies(&browser, 1).await;
    browser.click("[data-testid=chat-settings] summary").await;
    browser
        .wait_for_element("textarea#chat-system-prompt")
        .await;
    let (page_width, widest): (f64, Value) = browser
        .exec(
            "let widest = null;
             for (const e of document.querySelectorAll('body *')) {
                 const r = e.getBoundingClientRect();
                 if (r.width > 0 && r.right > 390.5 && getComputedStyle(e).position !== 'fixed') {
                     if (!widest || r.right > widest[1]) widest = [e.tagName + '.' + e.className, r.right];
                 }
             }
             return [document.documentElement.scrollWidth, widest];",
            vec![],
        )
        .await;
    assert!(
        page_width <= 390.0 && widest.is_null(),
        "the chat is {page_width} px wide at 390 px; widest element: {widest}"
    );
    browser.screenshot("chat-390").await;
    browser.close().await;
}

#[tokio::test]
async fn a_finished_reply_is_announced_once_and_stop_is_announced() {
    let (browser, _env, _key) = open_chat().await;
    browser
        .exec::<Value>(
            "window.__announced = [];
             const a = document.querySelector('[data-testid=announcer]');
             new MutationObserver(() => window.__announced.push(a.textContent))
                 .observe(a, {childList: true, subtree: true, characterData: true});
             return null;",
            vec![],
        )
        .await;
    let log: (Option<String>, Option<String>) = browser
        .exec(
            "const l = document.querySelector('.chat-log');
             const a = document.querySelector('[data-testid=announcer]');
             return [l.getAttribute('aria-live'), a.getAttribute('aria-live')];",
            vec![],
        )
        .await;
    assert_eq!(
        log,
        (Some("off".into()), Some("polite".into())),
        "the log is silent while it streams; the announcer is polite"
    );
    send(&browser, "long:40").await;
    wait_for_replies(&browser, 1).await;
    let announced: Vec<String> = browser
        .wait_for("the reply to be announced", async || {
            let a: Vec<String> = browser
                .try_exec("return window.__announced;", vec![])
                .await
                .ok()?;
            a.iter().any(|t| t.contains("replied:")).then_some(a)
        })
        .await;
    let non_empty: Vec<&String> = announced.iter().filter(|t| !t.is_empty()).collect();
    assert_eq!(
        non_empty.len(),
        1,
        "announced once, not per token: {announced:?}"
    );
    assert!(
        non_empty[0].starts_with("openai/gpt-4o-mini replied: "),
        "{announced:?}"
    );

    send(&browser, "slow").await;
    browser.wait_for_text(LIVE, "tick 2 ").await;
    browser.click_button("Stop").await;
    browser
        .wait_for_text("[data-testid=announcer]", "Stopped.")
        .await;
    browser.close().await;
}

/// Every `localStorage` entry the chat writes.
const CHAT_STORAGE: [&str; 5] = [
    "openrouter_chat_conversation",
    "openrouter_chat_draft",
    "openrouter_chat_model",
    "openrouter_chat_settings",
    "openrouter_chat_conversation_damaged",
];

/// The chat's entries still in `localStorage`.
async fn chat_storage_left(browser: &Browser) -> Vec<&'static str> {
    let mut left = Vec::new();
    for key in CHAT_STORAGE {
        if browser.local_storage(key).await.is_some() {
            left.push(key);
        }
    }
    left
}

#[tokio::test]
async fn signing_out_forgets_the_chat_in_every_tab_and_the_next_user_starts_empty() {
    let (browser, env, _key) = open_chat().await;
    let a = browser.window().await;
    send(&browser, "my private question").await;
    wait_for_replies(&browser, 1).await;
    browser.click("[data-testid=chat-settings] summary").await;
    let prompt = browser
        .wait_for_element("textarea#chat-system-prompt")
        .await;
    replace_text(&prompt, "Call me Ada.").await;
    type_draft(&browser, "an unsent thought").await;
    browser
        .set_local_storage("openrouter_chat_conversation_damaged", "[{\"role\"")
        .await;
    browser
        .wait_for("the chat to be saved", async || {
            (chat_storage_left(&browser).await.len() == CHAT_STORAGE.len()).then_some(())
        })
        .await;

    // A second tab shows the same conversation.
    let b = browser.open_window().await;
    browser.goto(&env.pages.url("/chat")).await;
    assert_eq!(wait_for_replies(&browser, 1).await.len(), 1);

    // Sign out from the chat, in A: it says what it forgets and asks first; Cancel changes
    // nothing.
    browser.switch_to(&a).await;
    browser.click_button_in(".chat-head", "Sign out").await;
    let question = browser
        .wait_for_text("[data-testid=sign-out-confirm]", "forgets the chat")
        .await;
    assert!(question
        .text()
        .await
        .expect("text")
        .contains("the conversation, the draft and the system prompt"));
    browser.click_button("Cancel").await;
    browser
        .wait_for_no_element("[data-testid=sign-out-confirm]")
        .await;
    assert_eq!(chat_storage_left(&browser).await.len(), CHAT_STORAGE.len());
    browser.click_button_in(".chat-head", "Sign out").await;
    browser.click_button("Sign out and forget the chat").await;
    browser
        .wait_for_text(".chat-signed-out", "your own OpenRouter key")
        .await;
    assert_eq!(browser.local_storage(API_KEY_STORAGE_KEY).await, None);
    assert_eq!(chat_storage_left(&browser).await, Vec::<&str>::new());

    // B follows: signed out, nothing of the chat left on its page or in storage.
    browser.switch_to(&b).await;
    browser
        .wait_for_text(".chat-signed-out", "your own OpenRouter key")
        .await;
    assert!(browser.find_with_text(REPLY, "").await.is_none());
    assert_eq!(chat_storage_left(&browser).await, Vec::<&str>::new());

    // Someone else signs in, in A: an empty chat, and their first request carries nothing of the
    // previous conversation or system prompt.
    browser.switch_to(&a).await;
    assert_next_user_starts_empty(&browser, env).await;
    browser.close().await;
}

#[tokio::test]
async fn signing_out_from_the_home_page_asks_first_when_a_conversation_exists() {
    let (browser, env, _key) = open_chat().await;
    send(&browser, "remember me").await;
    wait_for_replies(&browser, 1).await;
    browser.goto(&env.pages.url("/")).await;
    browser.click_button_in(".hero", "Sign out").await;
    browser
        .wait_for_text("[data-testid=sign-out-confirm]", "forgets the chat")
        .await;
    browser.click_button("Sign out and forget the chat").await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    assert_eq!(chat_storage_left(&browser).await, Vec::<&str>::new());
    browser.close().await;
}

#[tokio::test]
async fn tabs_on_the_chat_share_one_conversation_and_never_lose_a_message() {
    let (browser, env, key) = open_chat().await;
    let a = browser.window().await;
    let b = browser.open_window().await;
    browser.goto(&env.pages.url("/chat")).await;
    browser.wait_for_element(MESSAGE).await;

    browser.switch_to(&a).await;
    send(&browser, "alpha one").await;
    wait_for_replies(&browser, 1).await;

    // B follows A without a reload, then adds its own turn to the same conversation.
    browser.switch_to(&b).await;
    assert_eq!(
        wait_for_replies(&browser, 1).await,
        vec![echo_text("alpha one")]
    );
    send(&browser, "beta two").await;
    wait_for_replies(&browser, 2).await;
    let requests = wait_for_requests(&browser, env, &key, 2).await;
    assert_eq!(
        requests[1].messages,
        json!([
            {"role": "user", "content": "alpha one"},
            {"role": "assistant", "content": echo_text("alpha one")},
            {"role": "user", "content": "beta two"},
        ])
    );

    // A follows B, and a reload of A keeps both.
    browser.switch_to(&a).await;
    wait_for_replies(&browser, 2).await;
    browser.reload().await;
    browser.wait_for_element(MESSAGE).await;
    assert_eq!(
        wait_for_replies(&browser, 2).await,
        vec![echo_text("alpha one"), echo_text("beta two")]
    );
    assert_eq!(user_messages(&browser).await, vec!["alpha one", "beta two"]);

    // The model chosen in one tab is the other's too.
    pick_model(&browser, "haiku", "Claude 3.5 Haiku").await;
    browser.switch_to(&b).await;
    browser
        .wait_for_text(MODEL_BUTTON, "Anthropic: Claude 3.5 Haiku")
        .await;
    browser.close().await;
}

/// Opens the model picker; returns its search field.
async fn open_model_search(browser: &Browser) -> WebElement {
    browser.click(MODEL_BUTTON).await;
    browser
        .wait_for_element("input[aria-label='Search models']")
        .await
}

/// Picks the model listed as `name` after searching for `query`.
async fn pick_model(browser: &Browser, query: &str, name: &str) {
    let search = open_model_search(browser).await;
    search.send_keys(query).await.expect("type");
    browser
        .wait_for_text(".model-option", name)
        .await
        .click()
        .await
        .expect("pick");
}

/// Waits until the announcer says something containing `text`; returns what it says.
async fn wait_for_announcement(browser: &Browser, text: &str) -> String {
    browser.wait_for_text("[data-testid=announcer]", text).await;
    browser
        .exec(
            "return document.querySelector('[data-testid=announcer]').textContent;",
            vec![],
        )
        .await
}

#[tokio::test]
async fn a_reply_is_announced_in_words_never_in_markdown() {
    let (browser, _env, _key) = open_chat().await;
    // A short reply is read whole, as the text it renders to.
    send(&browser, "**bold**, `code` and # not a heading").await;
    wait_for_replies(&browser, 1).await;
    let said = wait_for_announcement(&browser, "replied:").await;
    assert_eq!(
        said,
        "openai/gpt-4o-mini replied: Hello from the stand-in. You said: bold, code and # not a \
         heading."
    );
    // A reply with a heading, a list, a table and code is summarized, in words.
    send(&browser, "markdown").await;
    wait_for_replies(&browser, 2).await;
    let said = wait_for_announcement(&browser, "code block").await;
    assert!(
        said.starts_with(
            "openai/gpt-4o-mini replied: a heading, 3 paragraphs, a list, a table and a code \
             block. It begins: Plan. This is bold, slanted and code."
        ),
        "{said}"
    );
    for syntax in ["**", "`", "# ", "|", "](", "```"] {
        assert!(!said.contains(syntax), "{syntax:?} announced: {said}");
    }
    browser.close().await;
}

#[tokio::test]
async fn a_sign_out_anywhere_forgets_the_chat_before_the_next_user_signs_in() {
    let (browser, env, _key) = open_chat().await;
    let a = browser.window().await;
    send(&browser, "my private question").await;
    wait_for_replies(&browser, 1).await;
    // Another tab signs out (as the auth store does it: the key is removed).
    browser.open_window().await;
    browser.goto(&env.pages.url("/")).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    browser
        .exec::<Value>(
            "window.localStorage.removeItem(arguments[0]); return null;",
            vec![json!(API_KEY_STORAGE_KEY)],
        )
        .await;
    browser.switch_to(&a).await;
    browser
        .wait_for_text(".chat-signed-out", "your own OpenRouter key")
        .await;
    browser
        .wait_for("the chat to be forgotten", async || {
            chat_storage_left(&browser).await.is_empty().then_some(())
        })
        .await;
    // The next user signs in: nothing of the previous conversation is shown or sent.
    assert_next_user_starts_empty(&browser, env).await;
    browser.close().await;
}

/// The chat links to the key's settings and activity on OpenRouter, by the key's SHA-256 on the
/// configured origin; the key itself is in no link of the page.
#[tokio::test]
async fn the_chat_links_to_the_key_s_settings_and_activity_by_its_hash() {
    let (browser, env, key) = open_chat().await;
    let hash = support::key_hash(&key);
    let origin = env.stand_in.origin();
    let href = async |css: &str| {
        let link = browser
            .wait_for_element(&format!(".chat-account {css}"))
            .await;
        (
            link.text().await.expect("text"),
            link.prop("href").await.expect("href").unwrap_or_default(),
        )
    };
    assert_eq!(
        href("[data-testid=manage-key]").await,
        (
            "Manage this key".to_string(),
            format!("{origin}/keys/{hash}")
        )
    );
    assert_eq!(
        href("[data-testid=key-activity]").await,
        (
            "Activity".to_string(),
            format!("{origin}/logs?api_key_hash={hash}")
        )
    );
    let hrefs: Vec<String> = browser
        .exec(
            "return Array.from(document.querySelectorAll('a[href]'), a => a.href);",
            vec![],
        )
        .await;
    assert!(
        hrefs.iter().all(|h| !h.contains(&key[9..])),
        "a link holds the key: {hrefs:?}"
    );
    browser.close().await;
}

/// Whether the `<details>` matching `css` is open.
async fn is_open(browser: &Browser, css: &str) -> bool {
    browser
        .exec(
            "const d = document.querySelector(arguments[0]); return !!d && d.open;",
            vec![json!(css)],
        )
        .await
}

#[tokio::test]
async fn a_reasoning_model_s_reasoning_is_shown_apart_resent_and_its_effort_asked() {
    let (browser, env, key) = open_chat().await;
    // The effort is offered only for a model that reasons.
    browser.click("[data-testid=chat-settings] summary").await;
    browser
        .wait_for_element("textarea#chat-system-prompt")
        .await;
    assert!(browser
        .find_with_text("select#chat-effort", "")
        .await
        .is_none());
    // Folded again, so that it does not cover the model list.
    browser.click("[data-testid=chat-settings] summary").await;
    browser
        .wait_for("the settings to fold", async || {
            (!is_open(&browser, "[data-testid=chat-settings]").await).then_some(())
        })
        .await;
    pick_model(&browser, "o4", "o4 Mini").await;
    browser.click("[data-testid=chat-settings] summary").await;
    let effort = browser.wait_for_element("select#chat-effort").await;
    let options: Vec<String> = browser
        .exec(
            "return Array.from(document.querySelectorAll('#chat-effort option'), o => o.textContent);",
            vec![],
        )
        .await;
    assert_eq!(options, ["Model default", "high", "medium", "low"]);
    effort
        .find(By::Css("option[value=high]"))
        .await
        .expect("high")
        .click()
        .await
        .expect("choose high");

    // While it reasons, the reasoning is shown open, apart from the answer; it folds away once
    // the answer starts.
    send(&browser, "slow").await;
    let live_reasoning = format!("{LIVE} [data-testid=reasoning]");
    browser.wait_for_text(&live_reasoning, "step 2").await;
    assert!(is_open(&browser, &live_reasoning).await);
    browser
        .wait_for_text(&format!("{live_reasoning} summary"), "Reasoning…")
        .await;
    browser.wait_for_text(LIVE, "tick 2").await;
    browser
        .wait_for("the reasoning to fold away", async || {
            (!is_open(&browser, &live_reasoning).await).then_some(())
        })
        .await;
    let answer = browser
        .text_of(&format!("{LIVE} [data-testid=reply-text]"))
        .await
        .unwrap_or_default();
    assert!(
        !answer.contains("step"),
        "reasoning in the answer: {answer}"
    );
    browser.click_button("Stop").await;
    wait_for_replies(&browser, 1).await;

    // A finished reply keeps its reasoning, collapsed, which the reader can open.
    send(&browser, "why").await;
    let shown = wait_for_replies(&browser, 2).await;
    assert_eq!(shown[1], echo_text("why"));
    // The last article of the log is the last reply.
    let done = "[data-testid=reply]:last-of-type [data-testid=reasoning]".to_string();
    browser
        .wait_for("the reply's reasoning", async || {
            let text: Option<String> = browser
                .try_exec(
                    "const d = document.querySelector(arguments[0]); return d && d.textContent;",
                    vec![json!(done)],
                )
                .await
                .ok()?;
            text.filter(|t| t.contains("Thinking at high effort"))
        })
        .await;
    assert!(!is_open(&browser, &done).await);
    browser
        .exec::<Value>(
            "document.querySelector(arguments[0]).scrollIntoView(); \
             document.querySelector(arguments[0] + ' summary').click(); return null;",
            vec![json!(done)],
        )
        .await;
    browser
        .wait_for("the reasoning to open", async || {
            is_open(&browser, &done).await.then_some(())
        })
        .await;
    browser
        .wait_for_text(
            "[data-testid=reply]:last-of-type [data-testid=usage]",
            " reasoning",
        )
        .await;

    // The effort reached the requests; the next turn sends each reply's details back as the
    // model produced them: one item per reasoning block, in order (reasoning-tokens.mdx), which
    // for a streamed reply is its fragments merged (the stand-in refuses anything else).
    send(&browser, "again").await;
    wait_for_replies(&browser, 3).await;
    let requests = wait_for_requests(&browser, env, &key, 3).await;
    assert_eq!(requests[1].model.as_deref(), Some(REASONING_MODEL));
    assert_eq!(requests[1].reasoning_effort.as_deref(), Some("high"));
    assert!(!requests[1].reasoning_details_sent.is_empty());
    assert_eq!(requests[2].status, 200, "the details were accepted");
    assert_eq!(
        requests[2].assistant_reasoning_details()[1],
        Some(Value::Array(requests[1].reasoning_details_expected())),
        "the details came back as the model produced them"
    );
    browser.close().await;
}

/// Opens `/chat` in a fresh browser, signed in with `key` (issued by the stand-in with the
/// figures a journey needs).
async fn open_chat_with(key: &str) -> (Browser, &'static Env) {
    let env = env();
    let browser = Browser::open().await;
    browser.goto(&env.pages.url("/chat")).await;
    support::wait_for_app(&browser).await;
    browser.set_local_storage(API_KEY_STORAGE_KEY, key).await;
    browser.reload().await;
    browser.wait_for_element(MESSAGE).await;
    (browser, env)
}

/// The `href` of the link in the shown error whose text is `text`.
async fn error_link(browser: &Browser, text: &str) -> Option<String> {
    browser
        .exec(
            "const a = Array.from(document.querySelectorAll(arguments[0] + ' a'))
                 .find(a => a.textContent === arguments[1]);
             return a ? a.href : null;",
            vec![json!(ERROR), json!(text)],
        )
        .await
}

#[tokio::test]
async fn a_key_s_own_limit_is_told_as_the_key_s_with_its_figures_never_as_credits_or_moderation() {
    let env = env();
    // $1.00 a month, $0.01 of it left: enough for the sized request to reach the scenario.
    let key = env
        .stand_in
        .issue_key_with(Some(1.0), 0.99, Some("monthly"), None)
        .key;
    let (browser, _) = open_chat_with(&key).await;
    browser
        .wait_for_text(KEY_FIGURES, "of $1.00 left · resets monthly")
        .await;

    // OpenRouter's 402 for a key whose limit is too low (its words name the key's settings).
    send(&browser, "error:402-key").await;
    let shown = wait_for_error(&browser, "This key's spending limit").await;
    assert!(
        shown.contains("This key's spending limit ($1.00, $0.01 left this month) is too low for this reply (402)."),
        "{shown}"
    );
    assert!(
        shown.contains(
            "OpenRouter says: \u{201c}This request requires more credits, or fewer max_tokens."
        ),
        "OpenRouter's own words stay beside the app's: {shown}"
    );
    assert!(!shown.contains("out of credits"), "{shown}");
    assert_eq!(error_link(&browser, "Add credits").await, None);
    let hash = support::key_hash(&key);
    assert_eq!(
        error_link(&browser, "Manage this key").await,
        Some(format!("{}/keys/{hash}", env.stand_in.origin()))
    );
    assert_eq!(draft(&browser).await, "error:402-key", "the draft is kept");

    // The limit spent: OpenRouter's 403 is the key's limit, never moderation.
    env.stand_in.set_key_usage(&key, 1.0);
    send(&browser, "hello once more").await;
    let shown = wait_for_error(&browser, "is used up (403)").await;
    assert!(shown.starts_with("This key's limit."), "{shown}");
    assert!(!shown.contains("moderation"), "{shown}");
    assert!(
        shown.contains("Key limit exceeded (monthly limit)."),
        "OpenRouter's words: {shown}"
    );
    assert!(error_link(&browser, "Manage this key").await.is_some());
    assert_eq!(draft(&browser).await, "hello once more");
    browser.close().await;
}

#[tokio::test]
async fn a_key_with_two_cents_left_asks_for_a_reply_it_can_pay_for_and_its_figures_follow() {
    let env = env();
    let key = env
        .stand_in
        .issue_key_with(Some(1.0), 0.98, Some("monthly"), None)
        .key;
    let (browser, _) = open_chat_with(&key).await;
    browser
        .wait_for_text(KEY_FIGURES, "$0.02 of $1.00 left")
        .await;
    pick_model(&browser, "opus", "Anthropic: Claude Opus 4.1").await;
    // At $75 / M out, $0.02 buys about 260 tokens once the prompt is paid for.
    let budget = browser
        .wait_for_text("[data-testid=reply-budget]", "Replies up to about")
        .await
        .text()
        .await
        .expect("text");
    assert!(budget.ends_with("tokens with $0.02 left"), "{budget}");
    let said: u64 = budget
        .trim_start_matches("Replies up to about ")
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number of tokens");
    assert!((200..=266).contains(&said), "{budget}");

    let key_reads = env.stand_in.state().key_info_requests.len();
    send(&browser, "a short answer, please").await;
    let shown = wait_for_replies(&browser, 1).await;
    assert_eq!(shown[0], echo_text("a short answer, please"));
    let requests = wait_for_requests(&browser, env, &key, 1).await;
    let asked = requests[0].max_tokens.expect("max_tokens sent");
    assert!(
        (1..=266).contains(&asked),
        "max_tokens {asked} is what $0.02 buys"
    );
    // Without it OpenRouter would reserve the model's whole output (32,000 tokens, $2.40).
    assert!(asked < 32_000);
    // The key's figures are read again after the reply.
    browser
        .wait_for("the key's figures read again", async || {
            (env.stand_in.state().key_info_requests.len() > key_reads).then_some(())
        })
        .await;

    // A longest reply chosen in the settings is what is asked for, under what the key buys.
    browser.click("[data-testid=chat-settings] summary").await;
    replace_text(&browser.wait_for_element("#chat-max-reply").await, "100").await;
    send(&browser, "shorter still").await;
    wait_for_replies(&browser, 2).await;
    let requests = wait_for_requests(&browser, env, &key, 2).await;
    assert_eq!(requests[1].max_tokens, Some(100));
    browser.close().await;
}

#[tokio::test]
async fn a_key_without_a_limit_sends_no_max_tokens_unless_chosen() {
    let env = env();
    let key = env.stand_in.issue_key_with(None, 0.0, None, None).key;
    let (browser, _) = open_chat_with(&key).await;
    browser.wait_for_text(KEY_FIGURES, "no limit").await;
    send(&browser, "hi").await;
    wait_for_replies(&browser, 1).await;
    let requests = wait_for_requests(&browser, env, &key, 1).await;
    assert_eq!(requests[0].max_tokens, None);
    assert!(browser
        .find_with_text("[data-testid=reply-budget]", "")
        .await
        .is_none());
    browser.close().await;
}

/// Keep-alives for more than a minute, in real time: the stand-in sends
/// `: OPENROUTER PROCESSING` every 5 seconds for 65 seconds before its answer.
#[tokio::test]
async fn a_reply_after_more_than_a_minute_of_keep_alives_arrives_while_the_page_says_it_is_still_working(
) {
    let (browser, env, key) = open_chat().await;
    send(&browser, "think:65").await;
    browser
        .wait_for_text(
            "[data-testid=live-status]",
            "OpenRouter is still working on the reply…",
        )
        .await;
    let status = browser
        .wait_for_within(
            "a minute of keep-alives, counted",
            std::time::Duration::from_secs(75),
            async || {
                let text = browser
                    .find_with_text("[data-testid=live-status]", "1 min")
                    .await?;
                text.text().await.ok()
            },
        )
        .await;
    assert!(
        status.starts_with("OpenRouter is still working on the reply… 1 min"),
        "{status}"
    );
    browser.wait_for_button("Stop").await;
    let shown = browser
        .wait_for_within(
            "the reply after the keep-alives",
            std::time::Duration::from_secs(40),
            async || {
                let shown = replies(&browser).await;
                (shown.len() == 1).then_some(shown)
            },
        )
        .await;
    assert_eq!(shown[0], echo_text("think:65"));
    assert!(browser.find_with_text(ERROR, "").await.is_none());
    let requests = env.stand_in.chat_requests_with_key(&key);
    assert_eq!(requests[0].outcome, StreamOutcome::Finished);
    browser.close().await;
}

#[tokio::test]
async fn provider_words_a_capacity_wait_and_a_model_offered_instead() {
    let (browser, env, key) = open_chat().await;
    // An upstream 429 says little in `message`; the provider's own words are in metadata.raw.
    send(&browser, "error:429-upstream").await;
    let shown = wait_for_error(&browser, "Google AI Studio says").await;
    assert!(
        shown.contains("Google AI Studio says: \u{201c}google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream."),
        "{shown}"
    );
    assert!(shown.contains("OpenRouter says: \u{201c}Provider returned error\u{201d}"));

    // All providers at capacity: the wait as a countdown, Retry now, and the model offered.
    send(&browser, "error:429-capacity").await;
    let countdown = browser
        .wait_for_text("[data-testid=retry-countdown]", "you can retry in")
        .await
        .text()
        .await
        .expect("text");
    let secs: u64 = countdown
        .split("retry in ")
        .nth(1)
        .and_then(|rest| rest.strip_suffix(" s."))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a countdown in seconds: {countdown}"));
    assert!((30..=40).contains(&secs), "retry_after is 40: {countdown}");
    let first = countdown.clone();
    browser
        .wait_for("the countdown to count", async || {
            let now = browser
                .find_with_text("[data-testid=retry-countdown]", "")
                .await?
                .text()
                .await
                .ok()?;
            (now != first).then_some(())
        })
        .await;
    let before = env.stand_in.chat_requests_with_key(&key).len();
    browser
        .wait_for_button("Try anthropic/claude-haiku-4.5")
        .await
        .click()
        .await
        .expect("click");
    let requests = wait_for_requests(&browser, env, &key, before + 1).await;
    assert_eq!(
        requests[before].model.as_deref(),
        Some("anthropic/claude-haiku-4.5"),
        "the model offered is asked, once chosen"
    );
    assert_eq!(
        requests[before - 1].model.as_deref(),
        Some("openai/gpt-4o-mini"),
        "and never before"
    );
    wait_for_error(&browser, "at capacity").await;
    browser.click_button("Retry now").await;
    wait_for_requests(&browser, env, &key, before + 2).await;

    // A model that is gone leads to the model list.
    send(&browser, "error:model-not-found").await;
    wait_for_error(&browser, "Model not available").await;
    browser.click_button("Choose another model").await;
    browser
        .wait_for_element("input[aria-label='Search models']")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn an_error_as_the_first_and_only_event_is_a_failure_and_keeps_the_draft() {
    let (browser, _, _) = open_chat().await;
    send(&browser, "midstream-error-only").await;
    let shown = wait_for_error(&browser, "The reply stopped with an error.").await;
    assert!(
        shown.contains("OpenRouter says: \u{201c}Provider disconnected unexpectedly\u{201d}"),
        "{shown}"
    );
    assert_eq!(draft(&browser).await, "midstream-error-only");
    assert!(replies(&browser).await.is_empty());
    browser.close().await;
}

#[tokio::test]
async fn an_expired_key_signs_out_with_words_and_a_sign_in_button() {
    let env = env();
    let key = env
        .stand_in
        .issue_key_with(Some(1.0), 0.0, None, Some("2026-01-31T00:00:00Z"))
        .key;
    // Opened by hand: the panel shows only until the key's figures say it expired.
    let browser = Browser::open().await;
    browser.goto(&env.pages.url("/chat")).await;
    support::wait_for_app(&browser).await;
    browser.set_local_storage(API_KEY_STORAGE_KEY, &key).await;
    browser.reload().await;
    browser
        .wait_for_text(
            ".chat-signed-out",
            "Your OpenRouter key expired (2026-01-31T00:00:00Z), so you were signed out.",
        )
        .await;
    browser.wait_for_button("Sign in with OpenRouter").await;
    assert_eq!(browser.local_storage(API_KEY_STORAGE_KEY).await, None);
    assert!(env.stand_in.chat_requests_with_key(&key).is_empty());
    browser.close().await;
}
