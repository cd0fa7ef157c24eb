//! The gallery's journeys, end to end: the gallery in light and dark at 1280 and 390 px (full-page
//! screenshots in tests/artifacts, nothing overflowing), the theme toggle across a reload, the
//! playground and Copy, and a sign-in from a variant card against the OpenRouter stand-in.
//!
//! Run with `tools/test.sh`, or by hand after building `target/e2e-dist` (see
//! `tests/support/mod.rs`): `cargo test --test e2e_gallery`.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{json, Value};
use thirtyfour::By;

use support::browser::{artifacts_dir, Browser};
use support::{env, Env, API_KEY_STORAGE_KEY, GALLERY_HYDRATED};

const THEME_KEY: &str = "openrouter_demo_theme";
const STATUS: &str = "[data-testid=auth-status]";
const PLAYGROUND: &str = "[data-testid=playground]";
const PLAYGROUND_CODE: &str = "[data-testid=playground-code]";

async fn open_home() -> (Browser, &'static Env) {
    let env = env();
    let browser = Browser::open().await;
    browser.goto(&env.pages.base_url()).await;
    // The gallery's controls work once its chunk has hydrated them (until then they are
    // disabled: e2e_prerender).
    browser.wait_for_element(GALLERY_HYDRATED).await;
    (browser, env)
}

/// Makes the viewport `width` CSS pixels wide (a window cannot be narrower than 500).
async fn set_width(browser: &Browser, width: u32) {
    browser
        .driver()
        .cdp()
        .send_raw(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await
        .expect("set the viewport width");
}

/// Saves the whole page (not only the window) as `tests/artifacts/<name>.png`.
async fn full_page_screenshot(browser: &Browser, name: &str) -> PathBuf {
    let (width, height): (f64, f64) = browser
        .exec(
            // The capture lays the page out again without a scrollbar: the whole viewport width.
            // Sections off screen are not painted until near the viewport (content-visibility):
            // the whole page is, for the picture.
            "document.querySelectorAll('.section').forEach(s => s.style.contentVisibility = 'visible');
             return [window.innerWidth, document.documentElement.scrollHeight];",
            vec![],
        )
        .await;
    let shot = browser
        .driver()
        .cdp()
        .send_raw(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 }
            }),
        )
        .await
        .expect("capture the page");
    let data = shot["data"].as_str().expect("screenshot data");
    let dir = artifacts_dir();
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, STANDARD.decode(data).expect("base64 png")).expect("write screenshot");
    path
}

/// Elements sticking out of the viewport on the right, outside the regions meant to scroll.
const OVERFLOW_PROBE: &str = r#"
    const w = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > w + 0.5)
        .filter(e => !e.closest('pre, .size-scroll, .playground-preview'))
        .map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : ''));
    return [document.documentElement.scrollWidth, w, out.slice(0, 10)];"#;

#[tokio::test]
async fn the_gallery_in_light_and_dark_at_1280_and_390_px() {
    let (browser, _env) = open_home().await;
    for width in [1280, 390] {
        set_width(&browser, width).await;
        for theme in ["light", "dark"] {
            browser.set_local_storage(THEME_KEY, theme).await;
            browser.reload().await;
            browser.wait_for_element(PLAYGROUND).await;
            let applied: Option<String> = browser
                .exec(
                    "return document.documentElement.getAttribute('data-theme');",
                    vec![],
                )
                .await;
            assert_eq!(
                applied.as_deref(),
                Some(theme),
                "the stored theme is applied"
            );
            let (scroll_width, client_width, out): (f64, f64, Vec<String>) =
                browser.exec(OVERFLOW_PROBE, vec![]).await;
            assert!(
                scroll_width <= client_width && out.is_empty(),
                "at {width} px in {theme}, the page is {scroll_width} px wide and these stick out: {out:?}"
            );
            // Every section and hook is there.
            for variant in ["default", "minimal", "branded", "icon", "cta"] {
                browser
                    .wait_for_element(&format!("[data-testid=variant-{variant}] button"))
                    .await;
                for size in ["sm", "default", "lg", "xl"] {
                    browser
                        .wait_for_element(&format!("[data-testid=size-{variant}-{size}] button"))
                        .await;
                }
            }
            let path = full_page_screenshot(&browser, &format!("gallery-{theme}-{width}")).await;
            eprintln!("screenshot: {}", path.display());
        }
    }
    browser.close().await;
}

#[tokio::test]
async fn the_theme_toggle_switches_the_page_and_survives_a_reload() {
    let (browser, _env) = open_home().await;
    browser.set_local_storage(THEME_KEY, "light").await;
    browser.reload().await;
    browser
        .wait_for_element("button[aria-label='Switch to dark theme']")
        .await;
    let page_bg = "return getComputedStyle(document.body).backgroundColor;";
    let light_bg: String = browser.exec(page_bg, vec![]).await;

    browser
        .click("button[aria-label='Switch to dark theme']")
        .await;
    browser
        .wait_for_element("button[aria-label='Switch to light theme']")
        .await;
    assert_eq!(
        browser.local_storage(THEME_KEY).await.as_deref(),
        Some("dark")
    );
    let dark_bg: String = browser.exec(page_bg, vec![]).await;
    assert_eq!(dark_bg, "rgb(9, 9, 11)", "the dark page background");
    assert_ne!(light_bg, dark_bg);

    browser.reload().await;
    browser
        .wait_for_element("button[aria-label='Switch to light theme']")
        .await;
    let theme: Option<String> = browser
        .exec(
            "return document.documentElement.getAttribute('data-theme');",
            vec![],
        )
        .await;
    assert_eq!(
        theme.as_deref(),
        Some("dark"),
        "the choice survives a reload"
    );
    browser.close().await;
}

/// Sets a playground `<select>` and fires `change`, as a person choosing would.
async fn choose(browser: &Browser, id: &str, value: &str) {
    browser
        .exec::<Value>(
            "const s = document.getElementById(arguments[0]); s.value = arguments[1]; \
             s.dispatchEvent(new Event('change', { bubbles: true })); return null;",
            vec![json!(id), json!(value)],
        )
        .await;
}

/// The playground's code exactly (whitespace kept).
async fn code(browser: &Browser) -> String {
    browser
        .exec(
            "return document.querySelector(arguments[0]).textContent;",
            vec![json!(PLAYGROUND_CODE)],
        )
        .await
}

#[tokio::test]
async fn the_playground_writes_the_code_and_copy_copies_it() {
    let (browser, env) = open_home().await;
    browser
        .driver()
        .cdp()
        .send_raw(
            "Browser.grantPermissions",
            json!({
                "origin": env.pages.origin(),
                "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]
            }),
        )
        .await
        .expect("grant the clipboard");

    assert_eq!(code(&browser).await, "<SignInButton />");
    choose(&browser, "pg-variant", "cta").await;
    choose(&browser, "pg-size", "lg").await;
    browser.click("#pg-logo").await;
    choose(&browser, "pg-theme", "dark").await;
    let expected = "<div data-theme=\"dark\">\n    <SignInButton\n        variant={ButtonVariant::Cta}\n        \
                    size={ButtonSize::Lg}\n        show_logo={false}\n    />\n</div>";
    browser
        .wait_for("the generated code", async || {
            (code(&browser).await == expected).then_some(())
        })
        .await;
    // Colours ease in over 150 ms (`transition: all`): wait for the end state.
    browser
        .wait_for("a dark, logo-less cta in the preview", async || {
            let preview: (String, String, f64) = browser
                .exec(
                    "const b = document.querySelector('[data-testid=playground-preview] button'); \
                     return [b.dataset.variant, getComputedStyle(b).backgroundColor, b.querySelectorAll('svg').length];",
                    vec![],
                )
                .await;
            (preview == ("cta".into(), "rgb(255, 255, 255)".into(), 0.0)).then_some(())
        })
        .await;

    browser.click(&format!("{PLAYGROUND} .copy-button")).await;
    browser
        .wait_for_exact_text(&format!("{PLAYGROUND} .copy-button"), "Copied!")
        .await;
    let copied: String = browser
        .exec("return navigator.clipboard.readText();", vec![])
        .await;
    assert_eq!(
        copied, expected,
        "Copy puts the exact code on the clipboard"
    );
    tokio::time::sleep(Duration::from_millis(2600)).await;
    assert_eq!(
        browser
            .text_of(&format!("{PLAYGROUND} .copy-button"))
            .await
            .as_deref(),
        Some("Copy"),
        "\"Copied!\" goes away after about two seconds"
    );

    // A variant card's snippet.
    browser
        .click("[data-testid=variant-branded] .copy-button")
        .await;
    browser
        .wait_for_exact_text("[data-testid=variant-branded] .copy-button", "Copied!")
        .await;
    let copied: String = browser
        .exec("return navigator.clipboard.readText();", vec![])
        .await;
    assert_eq!(copied, "<SignInButton variant={ButtonVariant::Branded} />");
    browser.close().await;
}

#[tokio::test]
async fn copy_says_so_when_the_clipboard_is_refused() {
    let (browser, _env) = open_home().await;
    browser
        .exec::<Value>(
            "navigator.clipboard.writeText = () => Promise.reject(new DOMException('no', 'NotAllowedError')); return null;",
            vec![],
        )
        .await;
    // The gallery is prerendered: its Copy buttons act once its chunk has hydrated it, so the
    // button is pressed until the page answers.
    let failed = "Copy failed — select the code and copy it by hand";
    browser
        .wait_for("the copy to fail visibly", async || {
            let button = browser
                .driver()
                .find(By::Css("[data-testid=variant-default] .copy-button"))
                .await
                .ok()?;
            button.click().await.ok()?;
            let status = browser
                .text_of("[data-testid=variant-default] .copy-status")
                .await;
            (status.as_deref() == Some(failed)).then_some(())
        })
        .await;
    browser.close().await;
}

#[tokio::test]
async fn signing_in_from_a_variant_card_works() {
    let (browser, env) = open_home().await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    browser.click("[data-testid=variant-cta] button").await;
    let consent = env.wait_for_consent(&browser).await;
    assert_eq!(consent.callback_url, env.pages.url("/callback"));
    browser.click("#authorize").await;
    browser.wait_for_url_eq(&env.pages.base_url()).await;
    browser.wait_for_exact_text(STATUS, "Signed in").await;
    let key = browser
        .local_storage(API_KEY_STORAGE_KEY)
        .await
        .expect("a stored key");
    let masked = browser
        .wait_for_element("[data-testid=masked-key]")
        .await
        .text()
        .await
        .expect("text");
    assert!(masked.ends_with(&key[key.len() - 4..]), "{masked}");
    let html: String = browser
        .exec("return document.documentElement.outerHTML;", vec![])
        .await;
    assert!(!html.contains(&key), "the full key is never on the page");
    // The hero offers the chat and sign-out; signing out brings the button back.
    browser.wait_for_element(".hero a[href$='chat']").await;
    browser.click_button("Sign out").await;
    browser.wait_for_exact_text(STATUS, "Signed out").await;
    browser
        .wait_for_element(".hero button[data-variant=branded]")
        .await;
    browser.close().await;
}
