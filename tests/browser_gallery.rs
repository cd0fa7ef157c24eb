//! Browser tests (wasm-bindgen-test in headless Chromium) of the demo gallery's widgets: the
//! theme toggle (and index.html's pre-paint script, which is what a reload runs), the Copy
//! buttons with a stubbed clipboard, the playground's generated code, and the home page's
//! test hooks and masked key.
#![cfg(target_arch = "wasm32")]

#[path = "../crates/yew-openrouter/tests/browser_common/mod.rs"]
mod browser_common;

use std::time::Duration;

use browser_common::{
    attach_div, document, fake_clipboard, local, stub_clipboard, wait_for, window,
};
use sign_in_with_openrouter::app::Route;
use sign_in_with_openrouter::pages::HomePage;
use sign_in_with_openrouter::widgets::code_block::COPY_FAILED;
use sign_in_with_openrouter::widgets::theme::THEME_STORAGE_KEY;
use sign_in_with_openrouter::widgets::NavLink;
use sign_in_with_openrouter::widgets::{CodeBlock, Playground, ThemeToggle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew_openrouter::auth::persist::API_KEY_STORAGE_KEY;
use yew_openrouter::auth::AuthProvider;
use yew_router::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const INDEX_HTML: &str = include_str!("../index.html");
const KEY: &str = "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";

fn html_element() -> web_sys::Element {
    document().document_element().unwrap()
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    children: Html,
}

#[component]
fn Harness(props: &HarnessProps) -> Html {
    html! {
        <AuthProvider>
            <BrowserRouter>{ props.children.clone() }</BrowserRouter>
        </AuthProvider>
    }
}

type Mounted = browser_common::Mounted<Harness>;

impl Mounted {
    fn find(&self, selector: &str) -> Option<web_sys::HtmlElement> {
        self.root
            .query_selector(selector)
            .unwrap()
            .map(|e| e.unchecked_into())
    }
    fn get(&self, selector: &str) -> web_sys::HtmlElement {
        self.find(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
    }
    fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }
}

async fn mount(children: Html) -> Mounted {
    let root = attach_div();
    let app =
        yew::Renderer::<Harness>::with_root_and_props(root.clone(), HarnessProps { children })
            .render();
    let m = Mounted {
        root,
        app: Some(app),
    };
    wait_for("the first render", || m.root.child_element_count() > 0).await;
    m
}

// ---- Theme ----

/// Runs index.html's inline theme script, as a reload would before first paint.
fn run_pre_paint_script() {
    let start = INDEX_HTML.find("<script>").expect("an inline script") + "<script>".len();
    let end = start + INDEX_HTML[start..].find("</script>").unwrap();
    let body = &INDEX_HTML[start..end];
    assert!(
        body.contains(THEME_STORAGE_KEY),
        "the pre-paint script reads the same key"
    );
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_theme_toggle_switches_remembers_and_survives_a_reload() {
    local().remove_item(THEME_STORAGE_KEY).unwrap();
    html_element().set_attribute("data-theme", "light").unwrap();
    let m = mount(html! { <ThemeToggle /> }).await;
    let toggle = m.get("button.theme-toggle");
    wait_for("the toggle to know the theme", || {
        toggle.get_attribute("aria-label").as_deref() == Some("Switch to dark theme")
    })
    .await;
    // The icon shows what a click brings: a moon (one path), later a sun (a circle and rays),
    // as SVG elements the browser draws.
    let icon = || toggle.query_selector("svg").unwrap().expect("an icon");
    assert_eq!(
        icon().namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    assert!(
        icon().query_selector("circle").unwrap().is_none(),
        "the moon"
    );

    toggle.click();
    wait_for("the dark theme", || {
        html_element().get_attribute("data-theme").as_deref() == Some("dark")
    })
    .await;
    assert_eq!(
        local().get_item(THEME_STORAGE_KEY).unwrap().as_deref(),
        Some("dark")
    );
    wait_for("the new label", || {
        toggle.get_attribute("aria-label").as_deref() == Some("Switch to light theme")
    })
    .await;
    assert!(
        icon().query_selector("circle").unwrap().is_some(),
        "the sun"
    );
    assert_eq!(
        toggle.query_selector_all("svg").unwrap().length(),
        1,
        "one icon"
    );

    // A reload: the attribute is gone until the pre-paint script puts the stored theme back.
    html_element().remove_attribute("data-theme").unwrap();
    run_pre_paint_script();
    assert_eq!(
        html_element().get_attribute("data-theme").as_deref(),
        Some("dark")
    );

    toggle.click();
    wait_for("the light theme", || {
        html_element().get_attribute("data-theme").as_deref() == Some("light")
    })
    .await;
    assert_eq!(
        local().get_item(THEME_STORAGE_KEY).unwrap().as_deref(),
        Some("light")
    );
    html_element().remove_attribute("data-theme").unwrap();
    run_pre_paint_script();
    assert_eq!(
        html_element().get_attribute("data-theme").as_deref(),
        Some("light")
    );
    local().remove_item(THEME_STORAGE_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn the_theme_toggle_works_when_storage_is_refused() {
    local().remove_item(THEME_STORAGE_KEY).unwrap();
    html_element().set_attribute("data-theme", "light").unwrap();
    let m = mount(html! { <ThemeToggle /> }).await;
    let patch = js_sys::Function::new_no_args(
        "window.__savedSetItem = Storage.prototype.setItem; \
         window.__savedGetItem = Storage.prototype.getItem; \
         Storage.prototype.setItem = function () { throw new DOMException('quota', 'QuotaExceededError'); }; \
         Storage.prototype.getItem = function () { throw new DOMException('denied', 'SecurityError'); };",
    );
    let restore = js_sys::Function::new_no_args(
        "Storage.prototype.setItem = window.__savedSetItem; Storage.prototype.getItem = window.__savedGetItem;",
    );
    patch.call0(&JsValue::NULL).unwrap();
    m.get("button.theme-toggle").click();
    let switched = html_element().get_attribute("data-theme");
    restore.call0(&JsValue::NULL).unwrap();
    assert_eq!(
        switched.as_deref(),
        Some("dark"),
        "the page switches even if the choice cannot be kept"
    );
    assert_eq!(local().get_item(THEME_STORAGE_KEY).unwrap(), None);
    html_element().set_attribute("data-theme", "light").unwrap();
}

// ---- Copy ----

#[wasm_bindgen_test]
async fn copy_says_copied_for_about_two_seconds() {
    let (clipboard, written, _write) = fake_clipboard(true);
    let restore = stub_clipboard(&clipboard);
    let m = mount(html! { <CodeBlock code="<SignInButton />" /> }).await;
    let button = m.get(".copy-button");
    assert_eq!(button.text_content().as_deref(), Some("Copy"));
    button.click();
    wait_for("Copied!", || {
        button.text_content().as_deref() == Some("Copied!")
    })
    .await;
    assert_eq!(*written.borrow(), vec!["<SignInButton />".to_string()]);
    yew::platform::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        button.text_content().as_deref(),
        Some("Copied!"),
        "still there after a second"
    );
    wait_for("back to Copy", || {
        button.text_content().as_deref() == Some("Copy")
    })
    .await;
    restore();
}

#[wasm_bindgen_test]
async fn copy_says_plainly_when_the_clipboard_refuses_or_is_missing() {
    let (clipboard, written, _write) = fake_clipboard(false);
    let restore = stub_clipboard(&clipboard);
    let m = mount(html! { <CodeBlock code="x" /> }).await;
    m.get(".copy-button").click();
    wait_for("the failure", || m.text(".copy-status") == COPY_FAILED).await;
    assert_eq!(written.borrow().len(), 1);
    assert_eq!(
        m.get(".copy-status").get_attribute("role").as_deref(),
        Some("status")
    );
    restore();

    let restore = stub_clipboard(&JsValue::UNDEFINED);
    let m = mount(html! { <CodeBlock code="y" /> }).await;
    m.get(".copy-button").click();
    wait_for("the failure without a clipboard", || {
        m.text(".copy-status") == COPY_FAILED
    })
    .await;
    restore();
    assert_eq!(
        COPY_FAILED,
        "Copy failed — select the code and copy it by hand"
    );
}

// ---- Playground ----

fn set_select(m: &Mounted, id: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = m.get(&format!("#{id}")).unchecked_into();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn set_checkbox(m: &Mounted, id: &str, checked: bool) {
    let input: web_sys::HtmlInputElement = m.get(&format!("#{id}")).unchecked_into();
    input.set_checked(checked);
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_playground_has_labelled_controls_and_writes_the_code() {
    let m = mount(html! { <Playground /> }).await;
    for (text, id) in [
        ("Variant", "pg-variant"),
        ("Size", "pg-size"),
        ("Label", "pg-label"),
        ("Show logo", "pg-logo"),
        ("Logo position", "pg-position"),
        ("Loading", "pg-loading"),
        ("Disabled", "pg-disabled"),
        ("Preview theme", "pg-theme"),
    ] {
        let label = m.get(&format!("label[for={id}]"));
        assert_eq!(label.text_content().as_deref(), Some(text));
        assert!(m.find(&format!("#{id}")).is_some(), "{text} has a control");
    }
    let code = || m.text("[data-testid=playground-code]");
    let button = || m.get("[data-testid=playground-preview] button");
    assert_eq!(code(), "<SignInButton />");

    set_select(&m, "pg-variant", "cta");
    wait_for("the cta code", || {
        code() == "<SignInButton variant={ButtonVariant::Cta} />"
    })
    .await;
    assert_eq!(
        button().get_attribute("data-variant").as_deref(),
        Some("cta")
    );

    set_select(&m, "pg-size", "xl");
    set_checkbox(&m, "pg-loading", true);
    wait_for("the loading preview", || {
        button().get_attribute("aria-busy").as_deref() == Some("true")
    })
    .await;
    assert_eq!(
        code(),
        "<SignInButton\n    variant={ButtonVariant::Cta}\n    size={ButtonSize::Xl}\n    loading={true}\n/>"
    );
    // `transition: all 150ms` animates the size change: wait for its end, not a fixed time
    // (a fixed 250 ms caught it half way on a loaded machine).
    wait_for("the xl height", || button().offset_height() == 56).await;
    assert_eq!(button().offset_height(), 56);

    set_checkbox(&m, "pg-loading", false);
    set_select(&m, "pg-variant", "default");
    set_select(&m, "pg-size", "default");
    let label: web_sys::HtmlInputElement = m.get("#pg-label").unchecked_into();
    label.set_value("Connect OpenRouter");
    label
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    set_select(&m, "pg-position", "right");
    set_select(&m, "pg-theme", "dark");
    wait_for("the dark preview", || {
        m.get("[data-testid=playground-preview]")
            .get_attribute("data-theme")
            .as_deref()
            == Some("dark")
    })
    .await;
    assert_eq!(
        code(),
        "<div data-theme=\"dark\">\n    <SignInButton\n        label=\"Connect OpenRouter\"\n        \
         logo_position={LogoPosition::Right}\n    />\n</div>"
    );
    assert_eq!(
        button().text_content().as_deref(),
        Some("Connect OpenRouter")
    );

    set_checkbox(&m, "pg-disabled", true);
    wait_for("the disabled preview", || {
        button().has_attribute("disabled")
    })
    .await;
    assert!(code().contains("    disabled={true}\n"));
}

// ---- Home page ----

#[wasm_bindgen_test]
async fn the_home_page_has_every_hook_and_only_the_masked_key() {
    local().remove_item(API_KEY_STORAGE_KEY).unwrap();
    let m = mount(html! { <HomePage /> }).await;
    // The gallery below the hero comes a moment after it (a suspense; a chunk when split).
    wait_for("the gallery", || m.find("#use-it").is_some()).await;
    for variant in ["default", "minimal", "branded", "icon", "cta"] {
        let card = m.get(&format!("[data-testid=variant-{variant}]"));
        assert!(
            card.query_selector("button[data-variant]")
                .unwrap()
                .is_some(),
            "{variant} card has its button"
        );
        assert!(card
            .text_content()
            .unwrap()
            .contains("<SignInButton variant={ButtonVariant::"));
        for size in ["sm", "default", "lg", "xl"] {
            let cell = m.get(&format!("[data-testid=size-{variant}-{size}] button"));
            assert_eq!(cell.get_attribute("data-variant").as_deref(), Some(variant));
        }
    }
    assert!(m.find("[data-testid=playground]").is_some());
    assert!(m.find("[data-testid=playground-code]").is_some());
    assert!(m.find("[data-testid=masked-key]").is_none(), "signed out");
    let hero = m.get(".hero button");
    assert_eq!(
        hero.get_attribute("data-variant").as_deref(),
        Some("branded")
    );
    assert_eq!(hero.offset_height(), 56);
    drop(m);

    local().set_item(API_KEY_STORAGE_KEY, KEY).unwrap();
    let m = mount(html! { <HomePage /> }).await;
    // The gallery below the hero comes a moment after it (a suspense; a chunk when split).
    wait_for("the gallery", || m.find("#use-it").is_some()).await;
    let masked = m.text("[data-testid=masked-key]");
    assert!(
        masked.starts_with("sk-or-v1-") && masked.contains('…'),
        "{masked}"
    );
    assert!(
        !m.root.inner_html().contains(KEY),
        "the full key is never on the page"
    );
    // Sign out is in the key's details, which come a moment later too (a chunk when split).
    wait_for("Sign out", || {
        m.get(".hero")
            .text_content()
            .is_some_and(|t| t.contains("Sign out"))
    })
    .await;
    assert!(
        m.find(".hero a[href$=chat]").is_some(),
        "a way into the chat"
    );
    local().remove_item(API_KEY_STORAGE_KEY).unwrap();
}

#[component]
fn ShowRoute() -> Html {
    let route = use_route::<Route>().unwrap();
    html! { <p class="route">{ format!("{route:?}") }</p> }
}

#[wasm_bindgen_test]
async fn links_navigate_in_place_and_back_follows_history() {
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some("/"))
        .unwrap();
    let m = mount(html! {
        <>
            <NavLink to={Route::Chat} classes={classes!("to-chat")}>{ "Chat" }</NavLink>
            <ShowRoute />
        </>
    })
    .await;
    let route = || {
        m.root
            .query_selector(".route")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    let link: web_sys::HtmlElement = m
        .root
        .query_selector("a.to-chat")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(route(), "Home");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/chat"));
    assert_eq!(link.get_attribute("aria-current"), None);

    // A click with a modifier is the browser's (new tab): not prevented, no navigation.
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_ctrl_key(true);
    let ctrl_click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    assert!(
        link.dispatch_event(&ctrl_click).unwrap(),
        "ctrl-click must not be prevented"
    );
    assert_eq!(route(), "Home");
    assert_eq!(window().location().pathname().unwrap(), "/");

    // A plain click navigates without a reload, pushes a history entry and starts the new
    // page at its top.
    let spacer = document().create_element("div").unwrap();
    spacer.set_attribute("style", "height: 5000px").unwrap();
    m.root.append_child(&spacer).unwrap();
    window().scroll_to_with_x_and_y(0.0, 1200.0);
    assert!(
        window().scroll_y().unwrap() > 1000.0,
        "the page scrolled down"
    );
    let before = window().history().unwrap().length().unwrap();
    link.click();
    wait_for("the chat route", || route() == "Chat").await;
    assert_eq!(window().location().pathname().unwrap(), "/chat");
    assert_eq!(window().history().unwrap().length().unwrap(), before + 1);
    assert_eq!(
        window().scroll_y().unwrap(),
        0.0,
        "the new page starts at its top"
    );
    wait_for("aria-current on the link", || {
        link.get_attribute("aria-current").as_deref() == Some("page")
    })
    .await;

    // Back is a popstate: the router follows it.
    window().history().unwrap().back().unwrap();
    wait_for("back on the home route", || route() == "Home").await;
    assert_eq!(window().location().pathname().unwrap(), "/");
}

#[wasm_bindgen_test]
async fn every_contents_link_reaches_a_section_named_by_its_heading() {
    let m = mount(html! { <HomePage /> }).await;
    // The gallery below the hero comes a moment after it (a suspense; a chunk when split).
    wait_for("the gallery", || m.find("#use-it").is_some()).await;
    let links = m.root.query_selector_all("nav.toc a").unwrap();
    assert_eq!(links.length(), 6, "one link per section");
    for i in 0..links.length() {
        let link: web_sys::Element = links.item(i).unwrap().unchecked_into();
        let href = link.get_attribute("href").unwrap();
        let id = href.strip_prefix('#').expect("an in-page link");
        let section = m.get(&format!("section#{id}"));
        let heading_id = section.get_attribute("aria-labelledby").unwrap();
        let heading = m.get(&format!("#{heading_id}"));
        assert_eq!(heading.tag_name(), "H2", "{id} is named by its h2");
        assert!(
            section.contains(Some(&heading)),
            "{id}'s heading is inside it"
        );
    }
    // The guide's steps: a heading, what to do, and the code, four times.
    assert_eq!(
        m.root.query_selector_all("#use-it li h3").unwrap().length(),
        4
    );
    assert_eq!(
        m.root
            .query_selector_all("#use-it li pre")
            .unwrap()
            .length(),
        4
    );
    assert!(m
        .text("#use-it")
        .contains("Put <AuthProvider> around the app"));
}
