//! Browser tests (wasm-bindgen-test in headless Chromium) of how the `SignInButton`'s stylesheet
//! reaches the page: once, with the exact text `button_stylesheet()` gives (what a
//! Content-Security-Policy hashes), styling the button; and, without the `stylist` feature, not
//! at all when the page already has an element with its id (an app serving it as a file).
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::{attach_div, document, wait_for};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew_openrouter::components::{button_stylesheet, SignInButton};

wasm_bindgen_test_configure!(run_in_browser);

/// Props of [`Buttons`].
#[derive(Properties, PartialEq)]
struct ButtonsProps {
    count: usize,
}

#[component]
fn Buttons(props: &ButtonsProps) -> Html {
    let noop = Callback::from(|_: MouseEvent| ());
    html! { <>{ for (0..props.count).map(|_| html! { <SignInButton onclick={noop.clone()} /> }) }</> }
}

/// How many `<style>` elements in `<head>` hold exactly the button's stylesheet.
fn sheets() -> usize {
    let text = button_stylesheet();
    let styles = document()
        .head()
        .unwrap()
        .query_selector_all("style")
        .unwrap();
    (0..styles.length())
        .filter(|&i| styles.item(i).unwrap().text_content().as_deref() == Some(text.as_str()))
        .count()
}

async fn mount(count: usize) -> browser_common::Mounted<Buttons> {
    let root = attach_div();
    let app = yew::Renderer::<Buttons>::with_root_and_props(root.clone(), ButtonsProps { count })
        .render();
    let probe = root.clone();
    wait_for("the buttons", move || {
        probe.query_selector_all("button").unwrap().length() == count as u32
    })
    .await;
    browser_common::Mounted {
        root,
        app: Some(app),
    }
}

#[wasm_bindgen_test]
async fn the_stylesheet_is_mounted_once_and_styles_the_button() {
    assert!(!button_stylesheet().is_empty());
    #[cfg(not(feature = "stylist"))]
    {
        // An app that serves the stylesheet itself marks it with the id: nothing is mounted.
        let own = document().create_element("link").unwrap();
        own.set_id(yew_openrouter::components::STYLESHEET_ID);
        document().head().unwrap().append_child(&own).unwrap();
        let first = mount(1).await;
        assert_eq!(sheets(), 0, "the page's own stylesheet is used");
        drop(first);
        own.remove();
    }
    let many = mount(3).await;
    wait_for("the stylesheet in <head>", || sheets() > 0).await;
    assert_eq!(sheets(), 1, "one stylesheet for three buttons");
    let button: web_sys::Element = many.root.query_selector("button").unwrap().unwrap();
    let style = web_sys::window()
        .unwrap()
        .get_computed_style(button.unchecked_ref())
        .unwrap()
        .unwrap();
    assert_eq!(style.get_property_value("display").unwrap(), "inline-flex");
    assert_eq!(style.get_property_value("height").unwrap(), "40px");
    drop(many);
    let again = mount(2).await;
    assert_eq!(sheets(), 1, "later buttons add no second copy");
    drop(again);
}
