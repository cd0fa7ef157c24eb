//! The demo gallery this repository deploys on GitHub Pages, built on the `yew-openrouter`
//! library (`crates/yew-openrouter`): every variant, size and option of the sign-in button with
//! copyable code, light and dark, a playground, and a chat that uses the key it just got.
//!
//! Laid out as yew's `function_router` example: [`app`] has the `Route` enum and the shell,
//! [`pages`] one module per route, [`widgets`] what only the demo uses, [`hooks`] the general
//! hooks and the app-wide effects; [`lazy`] how a part whose code is a wasm chunk of its own (in
//! the release build) is declared and shown.
//! [`starter`] is the first module, which makes the prerendered page work before the app runs
//! ([`boot`]). [`pieces`] keeps a streamed sequence (a code block's text, a long list's items)
//! in shared pieces.

pub mod app;
pub mod config;
pub mod hooks;
pub mod lazy;
pub mod pages;
pub mod pieces;
pub mod starter;
pub mod widgets;

use wasm_bindgen::JsValue;
use yew_router::Routable;

use lazy::{split_point, RETRY_AFTER};

/// The page boots in two steps: the first module ([`starter`]) makes the prerendered page work
/// (and finishes a return from OpenRouter), then the Yew app ([`run_app`]) loads and takes over.
/// In the release build the app is a wasm chunk of its own, fetched once the first module runs
/// (again after [`RETRY_AFTER`] when it cannot be fetched; the first module keeps the page
/// working meanwhile); in any other build it is a plain call.
///
/// The page refuses to run inside a frame of another page: GitHub Pages cannot send
/// `frame-ancestors`, and a framed sign-in button could be clickjacked.
pub fn boot() {
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
    starter::install();
    // Back from OpenRouter, the first module finishes the return (its chunk, the only one the
    // callback's page preloads, comes first); the app's chunk is fetched meanwhile, and the app
    // starts once the return is done, on the page it leads to. Should the return's chunk not
    // arrive, the app's /callback finishes it.
    let returning = starter::is_return_to_finish();
    wasm_bindgen_futures::spawn_local(async move {
        if returning {
            let finishing = starter::finishing_return().await;
            wasm_bindgen_futures::spawn_local(async {
                let _ = fetch_app_chunk().await;
            });
            finishing.unwrap_or_else(|_| Box::pin(async {})).await;
        }
        while run_app().await.is_err() {
            gloo::timers::future::sleep(RETRY_AFTER).await;
        }
    });
}

split_point! {
    /// The Yew app: [`start`] as a chunk of its own in the release build.
    pub fn run_app() -> () in app as APP_SPLIT, preload fetch_app_chunk { start() }
}

/// Mounts the demo app on `<div id="app">`, hydrating the page the release build prerendered
/// for this route (`src/bin/release_step` marks it with `data-route`), or rendering it afresh
/// when there is none (`trunk serve`) or it is another route's (GitHub Pages' 404.html served
/// for a path the app knows, such as `/chat/`).
pub fn start() {
    let Some(document) = yew_openrouter::web::window().document() else {
        return;
    };
    let Some(root) = document.get_element_by_id("app") else {
        yew::Renderer::<app::App>::new().render();
        return;
    };
    let here = app::Route::recognize(&yew_openrouter::web::current_app_path())
        .map(|route| route.to_path());
    let prerendered = root.get_attribute("data-route");
    // Hydration is compiled for the browser only (yew's `hydration` feature, wasm32).
    #[cfg(target_arch = "wasm32")]
    if prerendered.is_some() && prerendered == here {
        yew::Renderer::<app::App>::with_root(root).hydrate();
        return;
    }
    let _ = (prerendered, here);
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root(root).render();
}
