//! The demo gallery this repository deploys on GitHub Pages, built on the `yew-openrouter`
//! library (`crates/yew-openrouter`): every variant, size and option of the sign-in button with
//! copyable code, light and dark, a playground, and a chat that uses the key it just got.
//!
//! Laid out as yew's `function_router` example: [`app`] has the `Route` enum and the shell,
//! [`pages`] one module per route, [`widgets`] what only the demo uses; [`chunks`] the pages
//! that are wasm chunks of their own in the release build.

pub mod app;
pub mod chunks;
pub mod config;
pub mod pages;
pub mod widgets;

use wasm_bindgen::JsValue;

/// Mounts the demo app on `<body>`.
///
/// The page refuses to run inside a frame of another page: GitHub Pages cannot send
/// `frame-ancestors`, and a framed sign-in button could be clickjacked.
pub fn start() {
    let window = yew_openrouter::web::window();
    let framed = window
        .top()
        .ok()
        .flatten()
        .is_some_and(|top| JsValue::from(top) != JsValue::from(window.clone()));
    if framed {
        if let Some(body) = window.document().and_then(|d| d.body()) {
            body.set_text_content(Some("This page cannot be shown inside a frame."));
        }
        return;
    }
    yew::Renderer::<app::App>::new().render();
}
