//! The text box ("Message") with Send, or Stop while a reply streams. Enter sends, Shift+Enter
//! makes a new line (and Enter while an input method is composing is left to it).

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

/// What the composer shows and does.
pub struct Composer<'a> {
    /// The draft.
    pub draft: &'a str,
    /// A reply is streaming: show Stop instead of Send.
    pub streaming: bool,
    /// The draft is not blank.
    pub can_send: bool,
    /// The text box, to keep the focus there after sending.
    pub textarea: &'a NodeRef,
    /// The text changed.
    pub on_input: Callback<String>,
    /// Send the draft.
    pub on_send: Callback<()>,
    /// Stop the reply.
    pub on_stop: Callback<()>,
}

impl Composer<'_> {
    /// The view.
    pub fn view(self) -> Html {
        let send = {
            let (on_send, textarea) = (self.on_send, self.textarea.clone());
            move || {
                on_send.emit(());
                // Keep typing where the focus was, not on the button that turns into Stop.
                if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                    let _ = t.focus();
                }
            }
        };
        let on_input = self.on_input;
        let oninput = Callback::from(move |e: InputEvent| {
            on_input.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        });
        let onkeydown = {
            let send = send.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" && !e.shift_key() && !e.is_composing() {
                    e.prevent_default();
                    send();
                }
            })
        };
        let action = if self.streaming {
            let on_stop = self.on_stop;
            html! {
                <button type="button" class="button-secondary"
                    onclick={Callback::from(move |_: MouseEvent| on_stop.emit(()))}>{ "Stop" }</button>
            }
        } else {
            html! {
                <button type="button" class="button-primary" disabled={!self.can_send}
                    onclick={Callback::from(move |_: MouseEvent| send())}>{ "Send" }</button>
            }
        };
        html! {
            <div class="composer">
                <textarea ref={self.textarea.clone()} class="composer-input" aria-label="Message"
                    aria-describedby="composer-hint" rows="3" placeholder="Ask something…"
                    value={self.draft.to_string()} {oninput} {onkeydown} />
                <div class="composer-side">
                    { action }
                    <p id="composer-hint" class="composer-hint">{ "Enter sends · Shift+Enter: new line" }</p>
                </div>
            </div>
        }
    }
}
