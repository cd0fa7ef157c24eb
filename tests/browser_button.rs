//! Browser tests (wasm-bindgen-test in headless Chromium) of the `SignInButton`'s computed
//! styles: every variant and size against design-values.md, the light and dark palettes (and
//! the nearest `data-theme` ancestor winning), the square icon, the loading and disabled states,
//! the focus ring, and the WCAG contrast of every variant's text in both themes on the demo
//! page's cards (assets/app.css is loaded for that).
#![cfg(target_arch = "wasm32")]

#[path = "../crates/yew-openrouter/tests/browser_common/mod.rs"]
mod browser_common;

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use browser_common::{document, wait_for, window};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew_openrouter::auth::AuthProvider;
use yew_openrouter::components::{
    button_stylesheet, ButtonSize, ButtonVariant, LogoPosition, OpenRouterLogo, SignInButton,
    SignInButtonProps, BUTTON_CLASS,
};

wasm_bindgen_test_configure!(run_in_browser);

const APP_CSS: &str = include_str!("../assets/app.css");

/// Props of [`Harness`]: what to render inside the auth store.
#[derive(Properties, PartialEq)]
struct HarnessProps {
    children: Html,
}

/// `<AuthProvider>` around the children, as in an app.
#[component]
fn Harness(props: &HarnessProps) -> Html {
    html! { <AuthProvider>{ props.children.clone() }</AuthProvider> }
}

/// A mounted test fixture, removed (and its app destroyed) on drop.
type Mounted = browser_common::Mounted<Harness>;

impl Mounted {
    fn button(&self) -> web_sys::HtmlElement {
        self.buttons().remove(0)
    }

    fn buttons(&self) -> Vec<web_sys::HtmlElement> {
        let list = self.root.query_selector_all("button").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into())
            .collect()
    }
}

/// Mounts `children` inside an `AuthProvider`, in a fresh `<div>` whose attributes are `attrs`
/// and whose inner markup is `wrapper_html` (the app goes into its `.slot`, or the div itself).
async fn mount(attrs: &[(&str, &str)], wrapper_html: &str, children: Html) -> Mounted {
    let outer = document().create_element("div").unwrap();
    for (name, value) in attrs {
        outer.set_attribute(name, value).unwrap();
    }
    outer.set_inner_html(wrapper_html);
    document().body().unwrap().append_child(&outer).unwrap();
    let root = outer
        .query_selector(".slot")
        .unwrap()
        .unwrap_or_else(|| outer.clone());
    let app =
        yew::Renderer::<Harness>::with_root_and_props(root, HarnessProps { children }).render();
    let mounted = Mounted {
        root: outer,
        app: Some(app),
    };
    for _ in 0..200 {
        if !mounted.buttons().is_empty() {
            return mounted;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("nothing rendered");
}

fn noop() -> Callback<MouseEvent> {
    Callback::from(|_| {})
}

fn button_html(props: SignInButtonProps) -> Html {
    html! { <SignInButton ..props /> }
}

fn props(variant: ButtonVariant, size: ButtonSize) -> SignInButtonProps {
    yew::props!(SignInButtonProps {
        variant,
        size,
        onclick: noop()
    })
}

/// `getComputedStyle(el).getPropertyValue(prop)`, without extra web-sys features.
fn computed(el: &web_sys::Element, prop: &str) -> String {
    let w = window();
    let get: js_sys::Function = js_sys::Reflect::get(&w, &"getComputedStyle".into())
        .unwrap()
        .unchecked_into();
    let style = get.call1(&w, el).unwrap();
    let value: js_sys::Function = js_sys::Reflect::get(&style, &"getPropertyValue".into())
        .unwrap()
        .unchecked_into();
    value
        .call1(&style, &JsValue::from_str(prop))
        .unwrap()
        .as_string()
        .unwrap()
}

const VARIANTS: [ButtonVariant; 5] = ButtonVariant::ALL;
const SIZES: [ButtonSize; 4] = ButtonSize::ALL;

/// (height, horizontal padding, font size, line height) from design-values.md.
fn size_spec(size: ButtonSize) -> (u32, u32, u32, u32) {
    match size {
        ButtonSize::Sm => (32, 12, 12, 16),
        ButtonSize::Default => (40, 20, 14, 20),
        ButtonSize::Lg => (48, 32, 16, 24),
        ButtonSize::Xl => (56, 40, 18, 28),
    }
}

fn px(n: u32) -> String {
    format!("{n}px")
}

#[wasm_bindgen_test]
async fn every_variant_and_size_has_the_specified_box() {
    for variant in VARIANTS {
        for size in SIZES {
            let m = mount(&[], "", button_html(props(variant, size))).await;
            let b = m.button();
            let (height, padding, font, line) = size_spec(size);
            let what = format!("{variant:?} {size:?}");
            assert_eq!(computed(&b, "height"), px(height), "height of {what}");
            assert_eq!(
                b.offset_height() as u32,
                height,
                "rendered height of {what}"
            );
            let expected_padding = if variant == ButtonVariant::Icon {
                0
            } else {
                padding
            };
            assert_eq!(
                computed(&b, "padding-left"),
                px(expected_padding),
                "padding of {what}"
            );
            assert_eq!(
                computed(&b, "padding-right"),
                px(expected_padding),
                "padding of {what}"
            );
            assert_eq!(computed(&b, "font-size"), px(font), "font size of {what}");
            assert_eq!(
                computed(&b, "line-height"),
                px(line),
                "line height of {what}"
            );
            assert_eq!(computed(&b, "font-weight"), "500", "weight of {what}");
            let radius = match variant {
                ButtonVariant::Default | ButtonVariant::Icon | ButtonVariant::Branded => 8,
                ButtonVariant::Minimal => 0,
                ButtonVariant::Cta => 12,
            };
            assert_eq!(
                computed(&b, "border-top-left-radius"),
                px(radius),
                "radius of {what}"
            );
            assert_eq!(computed(&b, "display"), "inline-flex", "{what}");
            if variant != ButtonVariant::Icon {
                assert_eq!(computed(&b, "column-gap"), "8px", "gap of {what}");
            }
            let logo = b.query_selector(".orb-slot").unwrap().expect("a logo");
            let logo_px = match size {
                ButtonSize::Sm => 14,
                ButtonSize::Default | ButtonSize::Lg => 16,
                ButtonSize::Xl => 20,
            };
            assert_eq!(computed(&logo, "width"), px(logo_px), "logo of {what}");
            assert_eq!(computed(&logo, "height"), px(logo_px), "logo of {what}");
            // The drawing itself: an SVG element with the logo's four paths, filling the slot.
            let svg = logo.query_selector("svg").unwrap().expect("the logo's svg");
            assert_eq!(
                svg.namespace_uri().as_deref(),
                Some("http://www.w3.org/2000/svg"),
                "{what}"
            );
            assert_eq!(
                svg.query_selector_all("path").unwrap().length(),
                4,
                "{what}"
            );
            assert_eq!(computed(&svg, "width"), px(logo_px), "svg of {what}");
            assert_eq!(computed(&svg, "height"), px(logo_px), "svg of {what}");
        }
    }
}

#[wasm_bindgen_test]
async fn borders_shadows_and_transition_match_the_reference() {
    let shadow_sm = "rgba(0, 0, 0, 0.05) 0px 1px 2px 0px";
    let shadow = "rgba(0, 0, 0, 0.1) 0px 1px 3px 0px, rgba(0, 0, 0, 0.1) 0px 1px 2px -1px";
    let shadow_lg = "rgba(0, 0, 0, 0.1) 0px 10px 15px -3px, rgba(0, 0, 0, 0.1) 0px 4px 6px -4px";
    for (variant, border, box_shadow) in [
        (ButtonVariant::Default, "1px", shadow_sm),
        (ButtonVariant::Icon, "1px", shadow_sm),
        (ButtonVariant::Minimal, "0px", "none"),
        (ButtonVariant::Branded, "0px", shadow),
        (ButtonVariant::Cta, "0px", shadow_lg),
    ] {
        let m = mount(&[], "", button_html(props(variant, ButtonSize::Default))).await;
        let b = m.button();
        assert_eq!(computed(&b, "border-top-width"), border, "{variant:?}");
        assert_eq!(computed(&b, "box-shadow"), box_shadow, "{variant:?}");
        assert_eq!(computed(&b, "transition-duration"), "0.15s", "{variant:?}");
        assert_eq!(
            computed(&b, "transition-timing-function"),
            "cubic-bezier(0.4, 0, 0.2, 1)",
            "{variant:?}"
        );
        assert_eq!(computed(&b, "cursor"), "pointer", "{variant:?}");
    }
}

/// (background, text, border) per variant and theme, from design-values.md.
fn palette(
    variant: ButtonVariant,
    dark: bool,
) -> (&'static str, &'static str, Option<&'static str>) {
    const WHITE: &str = "rgb(255, 255, 255)";
    const N900: &str = "rgb(23, 23, 23)";
    const CLEAR: &str = "rgba(0, 0, 0, 0)";
    match (variant, dark) {
        (ButtonVariant::Default | ButtonVariant::Icon, false) => {
            (WHITE, N900, Some("rgb(212, 212, 212)"))
        }
        (ButtonVariant::Default | ButtonVariant::Icon, true) => {
            (N900, WHITE, Some("rgb(64, 64, 64)"))
        }
        (ButtonVariant::Minimal, false) => (CLEAR, "rgb(64, 64, 64)", None),
        (ButtonVariant::Minimal, true) => (CLEAR, "rgb(212, 212, 212)", None),
        (ButtonVariant::Branded | ButtonVariant::Cta, false) => (N900, WHITE, None),
        (ButtonVariant::Branded | ButtonVariant::Cta, true) => (WHITE, N900, None),
    }
}

fn assert_palette(b: &web_sys::Element, variant: ButtonVariant, dark: bool, context: &str) {
    let (bg, fg, border) = palette(variant, dark);
    assert_eq!(
        computed(b, "background-color"),
        bg,
        "background of {variant:?} {context}"
    );
    assert_eq!(computed(b, "color"), fg, "text of {variant:?} {context}");
    if let Some(border) = border {
        assert_eq!(
            computed(b, "border-top-color"),
            border,
            "border of {variant:?} {context}"
        );
    }
}

#[wasm_bindgen_test]
async fn light_and_dark_give_the_specified_colours() {
    for variant in VARIANTS {
        let none = mount(&[], "", button_html(props(variant, ButtonSize::Default))).await;
        assert_palette(&none.button(), variant, false, "with no data-theme (light)");
        for (theme, dark) in [("light", false), ("dark", true)] {
            let m = mount(
                &[("data-theme", theme)],
                "",
                button_html(props(variant, ButtonSize::Default)),
            )
            .await;
            assert_palette(&m.button(), variant, dark, theme);
        }
    }
}

#[wasm_bindgen_test]
async fn the_nearest_data_theme_ancestor_wins() {
    for variant in VARIANTS {
        let light_in_dark = mount(
            &[("data-theme", "dark")],
            r#"<section data-theme="light"><div class="slot"></div></section>"#,
            button_html(props(variant, ButtonSize::Default)),
        )
        .await;
        assert_palette(&light_in_dark.button(), variant, false, "light inside dark");
        let dark_in_light = mount(
            &[("data-theme", "light")],
            r#"<section data-theme="dark"><div class="slot"></div></section>"#,
            button_html(props(variant, ButtonSize::Default)),
        )
        .await;
        assert_palette(&dark_in_light.button(), variant, true, "dark inside light");
    }
}

#[wasm_bindgen_test]
async fn the_icon_button_is_square_and_does_not_stretch() {
    for size in SIZES {
        let side = size.height_px() as i32;
        for container in [
            "display:grid;width:400px",
            "display:flex;flex-direction:column;align-items:stretch;width:400px",
            "display:flex;width:20px;height:200px",
        ] {
            let m = mount(
                &[("style", container)],
                "",
                button_html(props(ButtonVariant::Icon, size)),
            )
            .await;
            let b = m.button();
            assert_eq!(
                b.offset_width(),
                side,
                "width of icon {size:?} in {container}"
            );
            assert_eq!(
                b.offset_height(),
                side,
                "height of icon {size:?} in {container}"
            );
            assert_eq!(
                b.get_attribute("aria-label").as_deref(),
                Some("Sign in with OpenRouter")
            );
            assert_eq!(b.text_content().unwrap_or_default().trim(), "", "logo only");
            assert!(b.query_selector("svg").unwrap().is_some(), "the logo");
        }
    }
    // A custom label becomes the icon's accessible name.
    let m = mount(
        &[],
        "",
        button_html(yew::props!(SignInButtonProps {
            variant: ButtonVariant::Icon,
            label: "Connect OpenRouter"
        })),
    )
    .await;
    assert_eq!(
        m.button().get_attribute("aria-label").as_deref(),
        Some("Connect OpenRouter")
    );
}

fn counting() -> (Rc<Cell<u32>>, Callback<MouseEvent>) {
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    (count, Callback::from(move |_| c.set(c.get() + 1)))
}

#[wasm_bindgen_test]
async fn a_click_calls_the_handler_but_loading_and_disabled_do_not() {
    for variant in VARIANTS {
        let (count, onclick) = counting();
        let m = mount(
            &[],
            "",
            button_html(yew::props!(SignInButtonProps { variant, onclick })),
        )
        .await;
        m.button().click();
        assert_eq!(
            count.get(),
            1,
            "an enabled {variant:?} button calls its handler"
        );

        let (count, onclick) = counting();
        let m = mount(
            &[],
            "",
            button_html(yew::props!(SignInButtonProps {
                variant,
                onclick,
                loading: true
            })),
        )
        .await;
        let b = m.button();
        b.click();
        assert_eq!(
            count.get(),
            0,
            "a loading {variant:?} button ignores clicks"
        );
        assert_eq!(b.get_attribute("aria-busy").as_deref(), Some("true"));
        assert_eq!(computed(&b, "cursor"), "progress");

        let (count, onclick) = counting();
        let m = mount(
            &[],
            "",
            button_html(yew::props!(SignInButtonProps {
                variant,
                onclick,
                disabled: true
            })),
        )
        .await;
        let b = m.button();
        b.click();
        // Even a click event dispatched by script (which ignores `disabled`) does nothing.
        let event = web_sys::Event::new("click").unwrap();
        b.dispatch_event(&event).unwrap();
        assert_eq!(
            count.get(),
            0,
            "a disabled {variant:?} button ignores clicks"
        );
        assert!(b.has_attribute("disabled"));
        assert_eq!(computed(&b, "opacity"), "0.5");
        assert_eq!(computed(&b, "pointer-events"), "none");
    }
}

#[wasm_bindgen_test]
async fn loading_keeps_the_size_and_the_name() {
    for variant in VARIANTS {
        for size in SIZES {
            for (show_logo, logo_position) in [
                (true, LogoPosition::Left),
                (true, LogoPosition::Right),
                (false, LogoPosition::Left),
            ] {
                let what = format!("{variant:?} {size:?} logo={show_logo} {logo_position:?}");
                let idle = yew::props!(SignInButtonProps {
                    variant,
                    size,
                    show_logo,
                    logo_position,
                    onclick: noop()
                });
                let busy = yew::props!(SignInButtonProps {
                    variant,
                    size,
                    show_logo,
                    logo_position,
                    onclick: noop(),
                    loading: true
                });
                let a = mount(&[], "", button_html(idle)).await;
                let b = mount(&[], "", button_html(busy)).await;
                let (a, b) = (a.button(), b.button());
                assert_eq!(a.offset_width(), b.offset_width(), "width of {what}");
                assert_eq!(a.offset_height(), b.offset_height(), "height of {what}");
                assert!(
                    b.query_selector(".orb-spinner").unwrap().is_some(),
                    "spinner in {what}"
                );
                if variant == ButtonVariant::Icon {
                    assert_eq!(
                        b.get_attribute("aria-label").as_deref(),
                        Some("Sign in with OpenRouter")
                    );
                } else {
                    assert!(
                        b.query_selector("svg").unwrap().is_none(),
                        "the spinner replaces the logo in {what}"
                    );
                    assert_eq!(
                        b.text_content().unwrap_or_default(),
                        "Sign in with OpenRouter",
                        "name of {what}"
                    );
                }
            }
        }
    }
}

#[wasm_bindgen_test]
async fn keyboard_focus_shows_a_ring() {
    // neutral-500 on light (3:1 against white, which neutral-400 is not), neutral-400 on dark.
    for (theme, ring) in [
        ("light", "rgb(115, 115, 115)"),
        ("dark", "rgb(163, 163, 163)"),
    ] {
        for variant in VARIANTS {
            let m = mount(
                &[("data-theme", theme)],
                "",
                button_html(props(variant, ButtonSize::Default)),
            )
            .await;
            let b = m.button();
            b.focus().unwrap();
            assert!(
                b.matches(":focus-visible").unwrap(),
                "programmatic focus without a pointer is focus-visible"
            );
            // `transition: all 150ms` animates the ring in: wait for its end, not a fixed time.
            wait_for("the ring", || {
                computed(&b, "outline-width") == "2px"
                    && computed(&b, "outline-offset") == "2px"
                    && computed(&b, "outline-color") == ring
            })
            .await;
            assert_eq!(
                computed(&b, "outline-style"),
                "solid",
                "{variant:?} {theme}"
            );
            assert_eq!(computed(&b, "outline-width"), "2px", "{variant:?} {theme}");
            assert_eq!(computed(&b, "outline-offset"), "2px", "{variant:?} {theme}");
            assert_eq!(computed(&b, "outline-color"), ring, "{variant:?} {theme}");
            b.blur().unwrap();
            wait_for("no ring", || computed(&b, "outline-style") == "none").await;
            assert_eq!(
                computed(&b, "outline-style"),
                "none",
                "no ring without focus ({variant:?})"
            );
        }
    }
}

// ---- Contrast ----

/// An sRGB colour with alpha, parsed from a computed `rgb()`/`rgba()` value.
#[derive(Debug, Clone, Copy)]
struct Rgba(f64, f64, f64, f64);

fn parse_color(value: &str) -> Rgba {
    let inner = value
        .trim()
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')');
    let parts: Vec<f64> = inner
        .split([',', ' ', '/'])
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .unwrap_or_else(|_| panic!("not an rgb colour: {value}"))
        })
        .collect();
    match parts[..] {
        [r, g, b] => Rgba(r, g, b, 1.0),
        [r, g, b, a] => Rgba(r, g, b, a),
        _ => panic!("not an rgb colour: {value}"),
    }
}

/// `top` painted over the opaque `bottom`.
fn over(top: Rgba, bottom: Rgba) -> Rgba {
    let a = top.3;
    Rgba(
        top.0 * a + bottom.0 * (1.0 - a),
        top.1 * a + bottom.1 * (1.0 - a),
        top.2 * a + bottom.2 * (1.0 - a),
        1.0,
    )
}

fn luminance(c: Rgba) -> f64 {
    let lin = |v: f64| {
        let s = v / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG 2 contrast ratio of two opaque colours.
fn contrast(a: Rgba, b: Rgba) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// What is behind `el`'s text: its background composited over its ancestors' (white canvas
/// at the end).
fn effective_background(el: &web_sys::Element) -> Rgba {
    let mut layers = Vec::new();
    let mut node = Some(el.clone());
    while let Some(e) = node {
        let c = parse_color(&computed(&e, "background-color"));
        if c.3 > 0.0 {
            layers.push(c);
            if c.3 >= 1.0 {
                break;
            }
        }
        node = e.parent_element();
    }
    layers
        .into_iter()
        .rev()
        .fold(Rgba(255.0, 255.0, 255.0, 1.0), |acc, c| over(c, acc))
}

fn text_contrast(el: &web_sys::Element) -> f64 {
    let bg = effective_background(el);
    contrast(over(parse_color(&computed(el, "color")), bg), bg)
}

fn load_app_css() {
    if document().get_element_by_id("app-css-under-test").is_none() {
        let style = document().create_element("style").unwrap();
        style.set_id("app-css-under-test");
        style.set_text_content(Some(APP_CSS));
        document().head().unwrap().append_child(&style).unwrap();
    }
}

#[wasm_bindgen_test]
fn the_contrast_check_can_fail() {
    let white = Rgba(255.0, 255.0, 255.0, 1.0);
    assert!((contrast(Rgba(0.0, 0.0, 0.0, 1.0), white) - 21.0).abs() < 0.01);
    // The reference's minimal button on its dark card: neutral-700 on #18181b.
    assert!(
        contrast(
            parse_color("rgb(64, 64, 64)"),
            parse_color("rgb(24, 24, 27)")
        ) < 4.5
    );
    assert!((contrast(parse_color("rgb(115, 115, 115)"), white) - 4.74).abs() < 0.01);
}

#[wasm_bindgen_test]
async fn every_variant_is_readable_on_the_page_cards_in_both_themes() {
    load_app_css();
    for theme in ["light", "dark"] {
        let all = html! {
            <>{ for VARIANTS.into_iter().map(|variant| html! {
                <SignInButton {variant} onclick={noop()} />
            }) }</>
        };
        // Like the page: the theme on an ancestor, the buttons on a card.
        let m = mount(
            &[("data-theme", theme)],
            r#"<div class="card"><div class="slot"></div></div>"#,
            all,
        )
        .await;
        let buttons = m.buttons();
        assert_eq!(buttons.len(), VARIANTS.len());
        for (variant, b) in VARIANTS.into_iter().zip(buttons) {
            let label = b.query_selector(".orb-label").unwrap();
            let ratio = text_contrast(label.as_ref().unwrap_or(&b));
            assert!(
                ratio >= 4.5,
                "{variant:?} in {theme}: text contrast {ratio:.2} < 4.5"
            );
            // The logo (the icon's only content) is drawn in the text colour.
            let logo = b.query_selector(".orb-slot").unwrap().unwrap();
            let ratio = text_contrast(&logo);
            assert!(
                ratio >= 4.5,
                "{variant:?} logo in {theme}: contrast {ratio:.2}"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn page_text_and_links_are_readable_in_both_themes() {
    load_app_css();
    for theme in ["light", "dark"] {
        let m = mount(
            &[("data-theme", theme), ("style", "background: var(--page-bg)")],
            r##"<p class="hero-subtitle">Muted <a href="#x">link</a></p>
               <div class="card"><h3 class="card-label">default</h3><p><a href="#y">card link</a></p>
               <div class="code-block"><pre><code>code</code></pre></div></div>
               <div class="slot"></div>"##,
            html! { <SignInButton onclick={noop()} /> },
        )
        .await;
        for selector in [
            ".hero-subtitle",
            ".hero-subtitle a",
            ".card-label",
            ".card a",
            ".code-block pre",
        ] {
            let el = m.root.query_selector(selector).unwrap().unwrap();
            let ratio = text_contrast(&el);
            assert!(
                ratio >= 4.5,
                "{selector} in {theme}: contrast {ratio:.2} < 4.5"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn the_stylesheet_is_put_into_head_once_however_many_buttons() {
    // What the buttons mount (the demo builds the library with `stylist`: stylist's text).
    let texts = [button_stylesheet()];
    let count_sheets = || {
        let styles = document()
            .head()
            .unwrap()
            .query_selector_all("style")
            .unwrap();
        texts.each_ref().map(|text| {
            (0..styles.length())
                .filter(|&i| {
                    styles.item(i).unwrap().text_content().as_deref() == Some(text.as_str())
                })
                .count()
        })
    };
    let many = html! {
        <>
            { for VARIANTS.iter().map(|&v| button_html(props(v, ButtonSize::Default))) }
        </>
    };
    let first = mount(&[], "", many).await;
    assert_eq!(first.buttons().len(), VARIANTS.len());
    assert_eq!(count_sheets(), [1], "one stylesheet for five buttons");
    drop(first);
    let again = mount(
        &[],
        "",
        button_html(props(ButtonVariant::Cta, ButtonSize::Xl)),
    )
    .await;
    assert_eq!(count_sheets(), [1], "a later button adds no second copy");
    assert_eq!(computed(&again.button(), "display"), "inline-flex");
}

#[wasm_bindgen_test]
async fn extra_classes_join_the_buttons_own() {
    let mounted = mount(
        &[],
        "",
        html! {
            <>
                <SignInButton onclick={noop()} />
                <SignInButton onclick={noop()} class="wide" />
                <SignInButton onclick={noop()} class={classes!("wide", "tall")} />
            </>
        },
    )
    .await;
    let classes: Vec<String> = mounted.buttons().iter().map(|b| b.class_name()).collect();
    let own = BUTTON_CLASS.to_string();
    assert_eq!(
        classes,
        [own.clone(), own.clone() + " wide", own + " wide tall"]
    );
    // The extra class does not replace the button's own look.
    assert_eq!(computed(&mounted.buttons()[2], "display"), "inline-flex");
}

#[wasm_bindgen_test]
async fn the_standalone_logo_takes_its_size() {
    let mounted = mount(
        &[],
        "",
        html! {
            <>
                <OpenRouterLogo />
                <OpenRouterLogo size={24} />
                // `mount` waits for a button.
                <button type="button">{ "x" }</button>
            </>
        },
    )
    .await;
    let logos = mounted.root.query_selector_all("svg").unwrap();
    assert_eq!(logos.length(), 2);
    for (i, size) in [(0, "16"), (1, "24")] {
        let svg: web_sys::Element = logos.item(i).unwrap().unchecked_into();
        assert_eq!(svg.get_attribute("width").as_deref(), Some(size));
        assert_eq!(svg.get_attribute("height").as_deref(), Some(size));
        assert_eq!(svg.get_attribute("aria-hidden").as_deref(), Some("true"));
        assert_eq!(computed(&svg, "width"), [size, "px"].concat());
    }
}
