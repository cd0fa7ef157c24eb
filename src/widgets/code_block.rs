//! A code block that scrolls horizontally (never cut off) with a Copy button.
//!
//! Copy uses `navigator.clipboard.writeText`. The button says "Copied!" for about two seconds;
//! when the clipboard is missing (an insecure page, an old browser) or refuses, the block says
//! so plainly and the visitor can select the code by hand.
//!
//! Code that grows at its end (a code block of a chat reply being streamed) can be given in pieces
//! ([`CodeText`]): each piece is a text node of its own, and the pieces a longer text shares with
//! the previous one are the same `Rc`s, so a render compares and redraws only the last piece.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::pieces::Pieces;
use yew_openrouter::web;

/// How long "Copied!" stays, in milliseconds.
pub const COPIED_FOR_MS: u32 = 2000;

/// What the visitor is told after a Copy failed.
pub const COPY_FAILED: &str = "Copy failed — select the code and copy it by hand";

/// Text in pieces, equal to another when their texts are equal however they are cut
/// ([`Pieces`]).
pub type CodeText = Pieces<str>;

/// Props of [`CodeBlock`].
#[derive(Properties, PartialEq)]
pub struct CodeBlockProps {
    /// The code, shown and copied exactly.
    #[prop_or_default]
    pub code: AttrValue,
    /// The code in pieces, shown and copied instead of `code` when given.
    #[prop_or_default]
    pub pieces: Option<CodeText>,
    /// The language shown in the block's header.
    #[prop_or(AttrValue::Static("Yew"))]
    pub lang: AttrValue,
    /// A `data-testid` for the `<pre>`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Starts `navigator.clipboard.writeText(text)`, or `None` when there is no clipboard.
fn write_clipboard(text: &str) -> Option<js_sys::Promise> {
    let navigator = web::window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return None;
    }
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?;
    if !write.is_function() {
        return None;
    }
    Some(
        clipboard
            .unchecked_into::<web_sys::Clipboard>()
            .write_text(text),
    )
}

/// A `<pre>` with a header (language and Copy).
#[component]
pub fn CodeBlock(props: &CodeBlockProps) -> Html {
    let state = use_state(|| CopyState::Idle);
    // The pending "back to Copy" timer; dropping it (new click, unmount) cancels it.
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let onclick = {
        let state = state.clone();
        let (code, pieces) = (props.code.clone(), props.pieces.clone());
        Callback::from(move |_: MouseEvent| {
            timer.borrow_mut().take();
            let code = pieces
                .as_ref()
                .map_or_else(|| code.to_string(), CodeText::to_string);
            let state = state.clone();
            let timer = timer.clone();
            let Some(promise) = write_clipboard(&code) else {
                state.set(CopyState::Failed);
                return;
            };
            wasm_bindgen_futures::spawn_local(async move {
                if JsFuture::from(promise).await.is_ok() {
                    state.set(CopyState::Copied);
                    let reset = state.clone();
                    *timer.borrow_mut() = Some(Timeout::new(COPIED_FOR_MS, move || {
                        reset.set(CopyState::Idle)
                    }));
                } else {
                    state.set(CopyState::Failed);
                }
            });
        })
    };
    let button_text = if *state == CopyState::Copied {
        "Copied!"
    } else {
        "Copy"
    };
    html! {
        <div class="code-block">
            <div class="code-head">
                <span class="code-lang">{ props.lang.clone() }</span>
                <span class="copy-status" role="status">
                    if *state == CopyState::Failed { { COPY_FAILED } }
                    if *state == CopyState::Copied { <span class="visually-hidden">{ "Code copied" }</span> }
                </span>
                <button type="button" class="copy-button" {onclick}>{ button_text }</button>
            </div>
            // Focusable so a keyboard can scroll long lines.
            <pre tabindex="0" data-testid={props.testid.clone()}><code>
                if let Some(pieces) = &props.pieces {
                    { for pieces.pieces().iter().map(|p| AttrValue::from(p.clone())) }
                } else {
                    { props.code.clone() }
                }
            </code></pre>
        </div>
    }
}
