//! Helpers shared by the browser tests (`tests/browser_*.rs`, each says `mod browser_common;`).
#![allow(dead_code)]

use std::time::Duration;

use yew::BaseComponent;

pub fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

pub fn document() -> web_sys::Document {
    window().document().unwrap()
}

pub fn local() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

pub fn session() -> web_sys::Storage {
    window().session_storage().unwrap().unwrap()
}

/// Waits (bounded) until `cond` holds; panics with `what` after 3 s.
pub async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..300 {
        if cond() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// A fresh `<div>` appended to `<body>`.
pub fn attach_div() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// A mounted test fixture, removed (and its app destroyed) on drop.
pub struct Mounted<C: BaseComponent> {
    pub root: web_sys::Element,
    pub app: Option<yew::AppHandle<C>>,
}

impl<C: BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}
