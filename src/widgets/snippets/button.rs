use yew_openrouter::auth::use_auth;
use yew_openrouter::components::{ButtonVariant, SignInButton};

#[component]
fn Home() -> Html {
    let auth = use_auth();
    match auth.key() {
        // masked() shows "sk-or-v1-ab…wxyz", never the whole key.
        Some(key) => html! { <p>{ "Signed in: " }{ key.masked() }</p> },
        None => html! { <SignInButton variant={ButtonVariant::Branded} /> },
    }
}
