//! The demo gallery this repository deploys: routes, pages and the widgets only the demo uses.
//! Apps that depend on the crate for its auth and button do not need any of it.

pub mod app;
pub mod chunks;
pub mod pages;
pub mod widgets;

use wasm_bindgen::JsValue;

/// Mounts the demo app on `<body>`.
///
/// The page refuses to run inside a frame of another page: GitHub Pages cannot send
/// `frame-ancestors`, and a framed sign-in button could be clickjacked.
pub fn start() {
    let window = crate::web::window();
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
