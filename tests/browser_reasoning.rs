//! Browser tests (wasm-bindgen-test in headless Chromium) of a reply's reasoning
//! (`pages::chat::reasoning::Reasoning`) on its own: open while it streams, collapsed once the
//! answer starts, toggled by the reader and kept so, its text plain.
#![cfg(target_arch = "wasm32")]

#[path = "../crates/yew-openrouter/tests/browser_common/mod.rs"]
mod browser_common;

use browser_common::{attach_div, wait_for};
use sign_in_with_openrouter::pages::chat::reasoning::{Reasoning, ReasoningProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

type Mounted = browser_common::Mounted<Reasoning>;

fn props(text: &str, streaming: bool) -> ReasoningProps {
    ReasoningProps {
        text: AttrValue::from(text.to_string()),
        streaming,
    }
}

async fn mount(text: &str, streaming: bool) -> Mounted {
    let root = attach_div();
    let app = yew::Renderer::<Reasoning>::with_root_and_props(root.clone(), props(text, streaming))
        .render();
    let m = Mounted {
        root,
        app: Some(app),
    };
    wait_for("the first render", || m.root.child_element_count() > 0).await;
    m
}

fn details(m: &Mounted) -> web_sys::Element {
    m.root
        .query_selector("details.reasoning")
        .unwrap()
        .expect("a <details class=reasoning>")
}

fn is_open(m: &Mounted) -> bool {
    details(m).has_attribute("open")
}

fn summary(m: &Mounted) -> web_sys::HtmlElement {
    details(m)
        .query_selector("summary")
        .unwrap()
        .expect("a <summary>")
        .unchecked_into()
}

fn shown_text(m: &Mounted) -> String {
    details(m)
        .query_selector(".reasoning-text")
        .unwrap()
        .expect("the text")
        .text_content()
        .unwrap_or_default()
}

async fn update(m: &mut Mounted, text: &str, streaming: bool) {
    m.app.as_mut().unwrap().update(props(text, streaming));
    yew::platform::time::sleep(std::time::Duration::ZERO).await;
}

#[wasm_bindgen_test]
async fn open_while_streaming_collapsed_once_the_answer_starts() {
    let mut m = mount("First, ", true).await;
    assert!(is_open(&m), "open while the reasoning streams");
    assert_eq!(summary(&m).text_content().as_deref(), Some("Reasoning…"));
    update(&mut m, "First, then.", true).await;
    wait_for("the new text", || shown_text(&m) == "First, then.").await;
    assert!(is_open(&m));

    update(&mut m, "First, then.", false).await;
    wait_for("collapsed", || !is_open(&m)).await;
    assert_eq!(summary(&m).text_content().as_deref(), Some("Reasoning"));
    assert_eq!(shown_text(&m), "First, then.", "still there, folded");
}

#[wasm_bindgen_test]
async fn the_reader_can_toggle_it_and_the_choice_stays() {
    // A finished reply's reasoning starts collapsed.
    let mut m = mount("Thought it over.", false).await;
    assert!(!is_open(&m));
    summary(&m).click();
    wait_for("opened by the reader", || is_open(&m)).await;
    // A later render (same phase) does not undo the reader's choice.
    update(&mut m, "Thought it over. Twice.", false).await;
    wait_for("the new text", || {
        shown_text(&m) == "Thought it over. Twice."
    })
    .await;
    assert!(is_open(&m), "still open");
    summary(&m).click();
    wait_for("closed by the reader", || !is_open(&m)).await;

    // While streaming, the reader may fold it too; the answer starting leaves it folded.
    let mut m = mount("Hmm", true).await;
    summary(&m).click();
    wait_for("folded by the reader", || !is_open(&m)).await;
    update(&mut m, "Hmm, yes", true).await;
    wait_for("the new text", || shown_text(&m) == "Hmm, yes").await;
    assert!(!is_open(&m), "the reader's choice is kept while it streams");
    update(&mut m, "Hmm, yes", false).await;
    assert!(!is_open(&m));
}

#[wasm_bindgen_test]
async fn its_text_is_plain_never_markdown_or_html() {
    let text =
        "**not bold** <b onclick=\"window.__reasoning_pwned=1\">raw</b>\n# not a heading\n- x";
    let m = mount(text, true).await;
    let d = details(&m);
    assert_eq!(shown_text(&m), text);
    for selector in ["b", "strong", "h1", "h2", "ul", "li", "p"] {
        assert!(
            d.query_selector(selector).unwrap().is_none(),
            "no <{selector}> from the text"
        );
    }
}
