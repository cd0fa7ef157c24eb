//! The demo's routes and shell: header, router, auth provider.

use yew::prelude::*;
use yew_router::prelude::*;

use super::pages::{callback::CallbackPage, chat::ChatPage, home::HomePage, not_found::NotFound};
use super::widgets::ThemeToggle;
use crate::auth::{use_auth, AuthProvider};
use crate::config::{OAUTH_DOCS_URL, REPOSITORY_URL};

/// Every page of the demo. Paths are relative to the base path (`/sign-in-with-openrouter/` on
/// GitHub Pages), which yew-router reads from `<base href>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Routable)]
pub enum Route {
    /// The gallery.
    #[at("/")]
    Home,
    /// Where OpenRouter sends the user back (`callback_url`).
    #[at("/callback")]
    Callback,
    /// The chat panel.
    #[at("/chat")]
    Chat,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::Callback => html! { <CallbackPage /> },
        Route::Chat => html! { <ChatPage /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The demo app.
#[function_component]
pub fn App() -> Html {
    html! {
        <AuthProvider>
            <BrowserRouter>
                <Header />
                <main id="main">
                    <Switch<Route> render={switch} />
                </main>
                <Footer />
            </BrowserRouter>
        </AuthProvider>
    }
}

/// The site header: brand, navigation, sign-in status and the theme toggle.
#[function_component]
fn Header() -> Html {
    let auth = use_auth();
    let status = if auth.is_signed_in() {
        "Signed in"
    } else {
        "Signed out"
    };
    html! {
        <header class="site-header">
            <nav aria-label="Main">
                <Link<Route> to={Route::Home} classes="brand">{ "Sign in with OpenRouter" }<span class="brand-suffix">{ " · Yew" }</span></Link<Route>>
                <Link<Route> to={Route::Chat}>{ "Chat" }</Link<Route>>
            </nav>
            <div class="header-end">
                <span class="auth-status" data-testid="auth-status">{ status }</span>
                <ThemeToggle />
            </div>
        </header>
    }
}

/// The site footer: OpenRouter's OAuth docs and the repository.
#[function_component]
fn Footer() -> Html {
    html! {
        <footer class="site-footer">
            <a href={OAUTH_DOCS_URL}>{ "OpenRouter OAuth docs" }</a>
            <a href={REPOSITORY_URL}>{ "Source on GitHub" }</a>
        </footer>
    }
}
