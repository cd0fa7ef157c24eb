use yew::prelude::*;
use yew_openrouter::auth::{use_auth, AuthProvider, OAuthCallback};
use yew_openrouter::components::SignInButton;
use yew_router::prelude::*;

#[derive(Clone, PartialEq, Routable)]
enum Route {
    #[at("/")]
    Home,
    #[at("/callback")] // where OpenRouter sends the visitor back
    Callback,
}

#[component]
fn App() -> Html {
    html! {
        <AuthProvider>
            <BrowserRouter>
                <Switch<Route> render={|route| match route {
                    Route::Home => html! { <Home /> },
                    Route::Callback => html! { <OAuthCallback /> },
                }} />
            </BrowserRouter>
        </AuthProvider>
    }
}

#[component]
fn Home() -> Html {
    match use_auth().key() {
        Some(key) => html! { <p>{ format!("Signed in: {}", key.masked()) }</p> },
        None => html! { <SignInButton /> },
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
