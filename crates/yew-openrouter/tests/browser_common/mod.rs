//! Helpers shared by the browser tests (`tests/browser_*.rs`, each says `mod browser_common;`).
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::prelude::*;
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

// ---- A stub clipboard ----

/// Replaces `navigator.clipboard` with `value` until the returned restorer runs.
pub fn stub_clipboard(value: &JsValue) -> impl FnOnce() {
    let navigator = window().navigator();
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"value".into(), value).unwrap();
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(&navigator, &"clipboard".into(), &descriptor);
    move || {
        js_sys::Reflect::delete_property(&window().navigator(), &"clipboard".into()).unwrap();
    }
}

/// The stub `writeText`: kept alive while the stub is installed.
pub type WriteText = Closure<dyn FnMut(String) -> js_sys::Promise>;

/// A clipboard whose `writeText` records the text and resolves (or rejects).
pub fn fake_clipboard(accept: bool) -> (JsValue, Rc<RefCell<Vec<String>>>, WriteText) {
    let written = Rc::new(RefCell::new(Vec::new()));
    let log = written.clone();
    let write = WriteText::new(move |text: String| {
        log.borrow_mut().push(text);
        if accept {
            js_sys::Promise::resolve(&JsValue::UNDEFINED)
        } else {
            js_sys::Promise::reject(&JsValue::from_str("NotAllowedError"))
        }
    });
    let clipboard = js_sys::Object::new();
    js_sys::Reflect::set(&clipboard, &"writeText".into(), write.as_ref()).unwrap();
    (clipboard.into(), written, write)
}
