//! `/chat`: the chat panel. (Skeleton.)

use yew::prelude::*;

use crate::auth::use_auth;
use crate::components::SignInButton;

/// The chat page.
#[function_component]
pub fn ChatPage() -> Html {
    let auth = use_auth();
    html! {
        <section class="chat">
            <h1>{ "Chat" }</h1>
            if !auth.is_signed_in() {
                <p>{ "The chat calls OpenRouter with your own key. Sign in to get one." }</p>
                <SignInButton />
            }
        </section>
    }
}
