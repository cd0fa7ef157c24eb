//! The auth store's last error, in words, with a Dismiss button: on the home page's hero and on
//! the chat's signed-out view, beside the sign-in button that fixes it.

use yew::prelude::*;
use yew_openrouter::auth::use_auth;

/// The sign-in error, if there is one; nothing otherwise.
#[component]
pub fn AuthAlert() -> Html {
    let auth = use_auth();
    let Some(error) = auth.error() else {
        return Html::default();
    };
    let dismiss = {
        let auth = auth.clone();
        Callback::from(move |_: MouseEvent| auth.dismiss_error())
    };
    html! {
        <div class="alert" role="alert">
            <p>{ error.message() }</p>
            <button type="button" class="button-secondary" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
