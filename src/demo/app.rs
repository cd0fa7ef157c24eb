//! The demo's routes and shell: header, router, auth provider.

use yew::prelude::*;

use super::pages::{chat::ChatPage, home::HomePage, not_found::not_found};
use super::router::{use_router, Link, Route, Router};
use super::widgets::ThemeToggle;
use crate::auth::{use_auth, AuthProvider, OAuthCallback};
use crate::config::{OAUTH_DOCS_URL, REPOSITORY_URL};

/// The page of the current route.
#[function_component]
fn Pages() -> Html {
    match use_router().route {
        Route::Home => html! { <HomePage /> },
        Route::Callback => html! { <OAuthCallback /> },
        Route::Chat => html! { <ChatPage /> },
        Route::NotFound => not_found(),
    }
}

/// The demo app.
#[function_component]
pub fn App() -> Html {
    html! {
        <AuthProvider>
            <Router>
                <Header />
                <main id="main">
                    <Pages />
                </main>
                { footer() }
            </Router>
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
                <Link to={Route::Home} classes="brand">{ "Sign in with OpenRouter" }<span class="brand-suffix">{ " · Yew" }</span></Link>
                <Link to={Route::Chat}>{ "Chat" }</Link>
            </nav>
            <div class="header-end">
                <span class="auth-status" data-testid="auth-status">{ status }</span>
                <ThemeToggle />
            </div>
        </header>
    }
}

/// The site footer: OpenRouter's OAuth docs and the repository.
fn footer() -> Html {
    html! {
        <footer class="site-footer">
            <a href={OAUTH_DOCS_URL}>{ "OpenRouter OAuth docs" }</a>
            <a href={REPOSITORY_URL}>{ "Source on GitHub" }</a>
        </footer>
    }
}
