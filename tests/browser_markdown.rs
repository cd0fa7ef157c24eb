//! Browser tests (wasm-bindgen-test in headless Chromium) of the chat's Markdown renderer
//! (`demo::pages::chat::markdown`): the real DOM of a reply with emphasis, a table, a code block
//! whose Copy works, links, an image and raw HTML, and a streamed reply ending in the same DOM.
#![cfg(target_arch = "wasm32")]

#[path = "../crates/yew-openrouter/tests/browser_common/mod.rs"]
mod browser_common;

use std::time::Duration;

use browser_common::{attach_div, fake_clipboard, stub_clipboard, wait_for, window};
use sign_in_with_openrouter::pages::chat::markdown::{
    Markdown, MarkdownProps, StreamingMarkdown, StreamingMarkdownProps,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A reply with every construct the checks look at, and hostile bits.
const REPLY: &str = "# Reading a file\n\
    \n\
    Some **strong** text, `inline code`, a [safe link](https://example.com/docs \"Docs\"), \
    a [bad link](javascript:window.__md_pwned=1), a [relative one](/settings), \
    mail <me@example.com> and an image: ![a cat](https://example.com/cat.png).\n\
    \n\
    <script>window.__md_pwned = 1</script>\n\
    \n\
    <img src=x onerror=\"window.__md_pwned = 1\">\n\
    \n\
    Inline <b>bold?</b> and <img src=x onerror=\"window.__md_pwned = 1\"> stay text.\n\
    \n\
    | Name | Kind | Size |\n\
    |:-----|:----:|-----:|\n\
    | a.rs | file | 12 |\n\
    | src | dir | — |\n\
    \n\
    ```rust\n\
    fn main() {\n    println!(\"<b>hi</b>\");\n}\n\
    ```\n\
    \n\
    > 1. one\n\
    > 2. two\n\
    \n\
    ---\n\
    Done.";

type Mounted<C> = browser_common::Mounted<C>;

async fn mount_markdown(text: &str) -> Mounted<Markdown> {
    let root = attach_div();
    let props = MarkdownProps {
        text: AttrValue::from(text.to_string()),
    };
    let app = yew::Renderer::<Markdown>::with_root_and_props(root.clone(), props).render();
    let m = Mounted {
        root,
        app: Some(app),
    };
    wait_for("the first render", || m.root.child_element_count() > 0).await;
    m
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn one(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn text(e: &web_sys::Element) -> String {
    e.text_content().unwrap_or_default()
}

fn pwned() -> bool {
    !js_sys::Reflect::get(&window(), &"__md_pwned".into())
        .unwrap()
        .is_undefined()
}

#[wasm_bindgen_test]
async fn a_reply_renders_as_elements_for_its_markdown() {
    let m = mount_markdown(REPLY).await;
    let root = &m.root;

    // The reply's `#` is an h2: the page's title is its only h1.
    assert!(all(root, "h1").is_empty());
    assert_eq!(text(&one(root, ".markdown > h2")), "Reading a file");
    assert_eq!(text(&one(root, "p strong")), "strong");
    assert_eq!(text(&one(root, "p > code")), "inline code");

    let table = one(root, "table");
    let heads: Vec<String> = all(&table, "thead th").iter().map(text).collect();
    assert_eq!(heads, ["Name", "Kind", "Size"]);
    assert_eq!(all(&table, "tbody tr").len(), 2);
    let classes: Vec<String> = all(&table, "tbody tr:first-child td")
        .iter()
        .map(|td| td.class_name())
        .collect();
    assert_eq!(
        classes,
        ["md-align-left", "md-align-center", "md-align-right"]
    );

    let quote = one(root, "blockquote");
    assert_eq!(all(&quote, "ol > li").len(), 2);
    assert!(root.query_selector("hr").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_code_block_shows_its_language_and_copies_its_code() {
    let (clipboard, written, _write) = fake_clipboard(true);
    let restore = stub_clipboard(&clipboard);
    let m = mount_markdown(REPLY).await;
    let blocks = all(&m.root, ".code-block");
    // The raw HTML blocks are shown as code too (two), then the Rust block.
    let langs: Vec<String> = blocks.iter().map(|b| text(&one(b, ".code-lang"))).collect();
    assert_eq!(langs, ["HTML", "HTML", "rust"]);
    let rust = &blocks[2];
    let code = "fn main() {\n    println!(\"<b>hi</b>\");\n}";
    assert_eq!(text(&one(rust, "pre code")), code);
    assert!(rust.query_selector("pre b").unwrap().is_none());
    let button: web_sys::HtmlElement = one(rust, "button.copy-button").unchecked_into();
    assert_eq!(text(&button), "Copy");
    button.click();
    wait_for("Copied!", || {
        button.text_content().as_deref() == Some("Copied!")
    })
    .await;
    assert_eq!(*written.borrow(), vec![code.to_string()]);
    restore();
}

#[wasm_bindgen_test]
async fn links_are_safe_images_are_links_and_raw_html_is_text() {
    let m = mount_markdown(REPLY).await;
    let root = &m.root;
    // Give an onerror or a script the time to run, were there any.
    yew::platform::time::sleep(Duration::from_millis(100)).await;
    assert!(!pwned(), "nothing in the reply ran");

    let links = all(root, "a");
    let hrefs: Vec<String> = links
        .iter()
        .map(|a| a.get_attribute("href").unwrap())
        .collect();
    assert_eq!(
        hrefs,
        [
            "https://example.com/docs",
            "mailto:me@example.com",
            "https://example.com/cat.png"
        ]
    );
    for a in &links {
        assert_eq!(
            a.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
        assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
    }
    assert_eq!(text(&links[0]), "safe link");
    assert_eq!(links[0].get_attribute("title").as_deref(), Some("Docs"));
    // The unsafe links are their text.
    let paragraph = text(&one(root, ".markdown > p"));
    assert!(
        paragraph.contains(", a bad link, a relative one, mail"),
        "{paragraph}"
    );

    // The image: a link to it, never an <img>.
    assert!(all(root, "img").is_empty());
    assert_eq!(text(&links[2]), "Image: a cat");
    assert_eq!(links[2].class_name(), "md-image");

    // Raw HTML: no element from it, its text shown as written.
    assert!(all(root, "script").is_empty());
    assert!(all(root, "p b").is_empty());
    let all_text = text(root);
    for raw in [
        "<script>window.__md_pwned = 1</script>",
        "<img src=x onerror=\"window.__md_pwned = 1\">",
        "Inline <b>bold?</b> and <img src=x onerror=\"window.__md_pwned = 1\"> stay text.",
    ] {
        assert!(all_text.contains(raw), "{raw} not in {all_text}");
    }
}

/// Streams `text` into a `StreamingMarkdown` in deltas of about `size` bytes, each rendered
/// before the next, and waits until its DOM is the one `Markdown` gives for the whole text.
async fn stream_to_the_same_dom(text: &str, size: usize) -> Mounted<StreamingMarkdown> {
    let whole = mount_markdown(text).await;
    let expected = whole.root.inner_html();
    drop(whole);

    let root = attach_div();
    let props = |text: &str| StreamingMarkdownProps {
        text: AttrValue::from(text.to_string()),
    };
    let app =
        yew::Renderer::<StreamingMarkdown>::with_root_and_props(root.clone(), props("")).render();
    let mut m = Mounted {
        root,
        app: Some(app),
    };
    let mut end = 0;
    while end < text.len() {
        end = (end + size).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        m.app.as_mut().unwrap().update(props(&text[..end]));
        yew::platform::time::sleep(Duration::ZERO).await;
    }
    wait_for("the whole reply", || m.root.inner_html() == expected).await;
    m
}

#[wasm_bindgen_test]
async fn a_streamed_reply_ends_in_the_same_dom() {
    let m = stream_to_the_same_dom(REPLY, 7).await;
    assert!(m.root.inner_html().contains("<table>"));
}

#[wasm_bindgen_test]
async fn a_streamed_long_list_ends_in_the_same_dom() {
    // A tight list longer than a group of kept items, the reply's end.
    let mut text = String::from("The steps:\n\n");
    for i in 0..150 {
        text.push_str(&format!("{}. step {i}: do **this**, then `that`\n", i + 3));
    }
    let m = stream_to_the_same_dom(text.trim_end(), 16).await;
    assert_eq!(all(&m.root, "ol > li").len(), 150);
    assert_eq!(
        one(&m.root, "ol").get_attribute("start").as_deref(),
        Some("3")
    );
    drop(m);
    // A list that turns loose late, then a paragraph.
    let m = stream_to_the_same_dom("- a\n- b\n\n- c\n\nDone.", 3).await;
    assert_eq!(all(&m.root, "ul > li > p").len(), 3, "the list is loose");
}
