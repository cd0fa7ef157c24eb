use yew_openrouter::auth::{AuthProvider, OAuthCallback};
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, PartialEq, Routable)]
enum Route {
    #[at("/")]
    Home,
    // The callback_url OpenRouter sends the visitor back to.
    #[at("/callback")]
    Callback,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Callback => html! { <OAuthCallback /> },
    }
}

#[component]
fn App() -> Html {
    html! {
        <AuthProvider>
            <BrowserRouter>
                <Switch<Route> render={switch} />
            </BrowserRouter>
        </AuthProvider>
    }
}
