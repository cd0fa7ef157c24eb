use yew_openrouter::auth::{use_auth, AuthHandle};

#[component]
fn Account() -> Html {
    let auth = use_auth();
    let sign_out = {
        let auth = auth.clone();
        Callback::from(move |_: MouseEvent| auth.sign_out())
    };
    html! {
        <>
            if let Some(error) = auth.error() {
                <p role="alert">{ error.message() }</p>
            }
            if auth.is_signed_in() {
                <button onclick={sign_out}>{ "Sign out" }</button>
            }
        </>
    }
}

// Send the key to OpenRouter only, as the bearer token of its API.
fn authorization(auth: &AuthHandle) -> Option<String> {
    auth.key().map(|key| format!("Bearer {}", key.expose()))
}
