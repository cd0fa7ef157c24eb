//! The text box ("Message") with Send, or Stop while a reply streams. Enter sends, Shift+Enter
//! makes a new line (and Enter while an input method is composing is left to it).

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

/// Props of [`Composer`].
#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    /// The draft.
    pub draft: AttrValue,
    /// A reply is streaming: show Stop instead of Send.
    pub streaming: bool,
    /// The draft can be sent.
    pub can_send: bool,
    /// The text changed.
    pub on_input: Callback<String>,
    /// Send the draft.
    pub on_send: Callback<()>,
    /// Stop the reply.
    pub on_stop: Callback<()>,
    /// How long a reply the key pays for, in words, when its limit decides it.
    #[prop_or_default]
    pub budget: Option<AttrValue>,
}

/// The composer.
#[component]
pub fn Composer(props: &ComposerProps) -> Html {
    let textarea = use_node_ref();
    let send = {
        let (on_send, textarea) = (props.on_send.clone(), textarea.clone());
        move || {
            on_send.emit(());
            // Keep typing where the focus was, not on the button that turns into Stop.
            if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                let _ = t.focus();
            }
        }
    };
    let on_input = props.on_input.clone();
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
    let action = if props.streaming {
        let on_stop = props.on_stop.clone();
        html! {
            <button type="button" class="button-secondary"
                onclick={Callback::from(move |_: MouseEvent| on_stop.emit(()))}>{ "Stop" }</button>
        }
    } else {
        html! {
            <button type="button" class="button-primary" disabled={!props.can_send}
                onclick={Callback::from(move |_: MouseEvent| send())}>{ "Send" }</button>
        }
    };
    html! {
        <div class="composer">
            <textarea ref={textarea} class="composer-input" aria-label="Message"
                aria-describedby="composer-hint" rows="3" placeholder="Ask something…"
                value={props.draft.clone()} {oninput} {onkeydown} />
            <div class="composer-side">
                { action }
                <p id="composer-hint" class="composer-hint">{ "Enter sends · Shift+Enter: new line" }</p>
                if let Some(budget) = &props.budget {
                    <p class="composer-budget" data-testid="reply-budget">{ budget.clone() }</p>
                }
            </div>
        </div>
    }
}
