//! "Sign out", in the home page's key details and in the chat. Signing out forgets what the app
//! keeps for the user; the app says what that is at its root ([`SignOutForgets`]), and when some
//! of it is saved the button first says so and asks, in the page, before it acts.

use yew::prelude::*;
use yew_openrouter::auth::use_auth;

/// What signing out forgets besides the key, as the app wires it at its root (a context): its
/// name in the question, the confirming button's label, and whether any of it is saved now.
/// Without it, signing out asks nothing.
#[derive(Clone, PartialEq)]
pub struct SignOutForgets {
    /// What is forgotten, in the question ("the chat kept in this browser: …").
    pub what: AttrValue,
    /// The confirming button ("Sign out and forget the chat").
    pub confirm: AttrValue,
    /// Whether anything the user would lose is saved now.
    pub has_saved: Callback<(), bool>,
}

/// The sign-out control.
#[component]
pub fn SignOutButton() -> Html {
    let auth = use_auth();
    let forgets = use_context::<SignOutForgets>();
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
    if let (true, Some(forgets)) = (*asking, &forgets) {
        let cancel = {
            let asking = asking.clone();
            Callback::from(move |_: MouseEvent| asking.set(false))
        };
        return html! {
            <div class="sign-out-confirm" role="group" aria-labelledby="sign-out-question"
                data-testid="sign-out-confirm">
                <p id="sign-out-question">
                    { format!("Signing out also forgets {}, in every tab.", forgets.what) }
                </p>
                <button type="button" class="button-primary" ref={confirm} onclick={sign_out}>
                    { forgets.confirm.clone() }
                </button>
                <button type="button" class="button-secondary" onclick={cancel}>{ "Cancel" }</button>
            </div>
        };
    }
    let onclick = {
        let asking = asking.clone();
        Callback::from(move |e: MouseEvent| {
            if forgets.as_ref().is_some_and(|f| f.has_saved.emit(())) {
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
