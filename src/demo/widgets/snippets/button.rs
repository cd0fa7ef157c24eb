use sign_in_with_openrouter::auth::use_auth;
use sign_in_with_openrouter::components::{ButtonVariant, SignInButton};

#[component]
fn Home() -> Html {
    let auth = use_auth();
    match auth.key() {
        // masked() shows "sk-or-v1-ab…wxyz", never the whole key.
        Some(key) => html! { <p>{ "Signed in: " }{ key.masked() }</p> },
        None => html! { <SignInButton variant={ButtonVariant::Branded} /> },
    }
}
