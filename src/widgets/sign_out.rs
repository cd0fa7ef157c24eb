//! "Sign out", in the home page's key details and in the chat. Signing out forgets the chat kept in this
//! browser (see the chat's storage module); when there is a conversation or a draft to forget,
//! the button first says so and asks, in the page, before it acts.

use yew::prelude::*;
use yew_openrouter::auth::use_auth;

use crate::pages::chat::storage::has_saved_chat;

/// The sign-out control.
#[component]
pub fn SignOutButton() -> Html {
    let auth = use_auth();
    let asking = use_state(|| false);
    let confirm = use_node_ref();
    use_effect_with(*asking, {
        let confirm = confirm.clone();
        move |asking| {
            if let (true, Some(button)) = (*asking, confirm.cast::<web_sys::HtmlElement>()) {
                let _ = button.focus();
            }
        }
    });
    let sign_out = {
        let auth = auth.clone();
        Callback::from(move |_: MouseEvent| auth.sign_out())
    };
    if *asking {
        let cancel = {
            let asking = asking.clone();
            Callback::from(move |_: MouseEvent| asking.set(false))
        };
        return html! {
            <div class="sign-out-confirm" role="group" aria-labelledby="sign-out-question"
                data-testid="sign-out-confirm">
                <p id="sign-out-question">
                    { "Signing out also forgets the chat kept in this browser: the conversation, \
                       the draft and the system prompt, in every tab." }
                </p>
                <button type="button" class="button-primary" ref={confirm} onclick={sign_out}>
                    { "Sign out and forget the chat" }
                </button>
                <button type="button" class="button-secondary" onclick={cancel}>{ "Cancel" }</button>
            </div>
        };
    }
    let onclick = {
        let asking = asking.clone();
        Callback::from(move |e: MouseEvent| {
            if has_saved_chat() {
                asking.set(true);
            } else {
                sign_out.emit(e);
            }
        })
    };
    html! {
        <button type="button" class="button-secondary" {onclick}>
            { "Sign out" }
        </button>
    }
}
