//! The demo's routes and shell: the auth store, yew-router's `BrowserRouter` under the Pages base
//! path (read from `<base href>`), the header, the current route's page and the footer.
//!
//! The chat page and the callback are wasm chunks of their own in the release build: the first
//! load of the gallery carries neither (see [`crate::lazy`]).

use yew::prelude::*;
use yew_router::history::{AnyHistory, MemoryHistory};
use yew_router::prelude::*;

use super::hooks::use_app_effects;
use super::lazy::{Lazy, Part, Split};
use super::pages::chat::{storage, ChatPart, CHAT_SPLIT};
use super::pages::{CallbackRoute, HomePage, NotFound};
use super::starter::OAUTH_RETURN_SPLIT;
use super::widgets::{NavLink, SignOutForgets, ThemeToggle};
use super::APP_SPLIT;
use crate::config::{auth_config, OAUTH_DOCS_URL, REPOSITORY_URL};
use yew_openrouter::auth::{use_auth, AuthProvider};

/// Every page of the demo. Paths are relative to the base path (`/sign-in-with-openrouter/` on
/// GitHub Pages), which `BrowserRouter` reads from `<base href>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Routable)]
pub enum Route {
    /// The gallery.
    #[at("/")]
    Home,
    /// Where OpenRouter sends the visitor back (`callback_url`).
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

impl Route {
    /// The split points whose chunks this route's page preloads, at low priority after the main
    /// module (the release build's pages; [`crate::lazy::Split`]). None on the home page, where
    /// the first module and its sign-in come first (measured 2026-12-05, phone profile, 5 loads
    /// each: time to OpenRouter 0.90× the React demo's without the app's preloads, 1.21× with
    /// them); on the callback's only the return's, which the first module finishes (the app's
    /// chunk is fetched once the return's code is there, so the two do not share the network).
    pub fn preloads(&self) -> &'static [Split] {
        match self {
            Route::Home => &[],
            Route::Chat => &[APP_SPLIT, CHAT_SPLIT],
            Route::Callback => &[OAUTH_RETURN_SPLIT],
            Route::NotFound => &[APP_SPLIT],
        }
    }

    /// Whether this route's page opens its connection to OpenRouter while it loads (the release
    /// build's pages: `<link rel=preconnect>`), so that the page's first request to OpenRouter
    /// does not set it up (DNS, TCP, TLS: two or three round trips on a phone) only once the
    /// code asking has run: the callback's (the code's exchange) and the chat's (the models, the
    /// key's figures). Not the home page and 404.html: there a visitor asks OpenRouter nothing
    /// but its consent page, a navigation, which a socket opened by this page would not serve.
    pub fn connects_at_once(&self) -> bool {
        matches!(self, Route::Callback | Route::Chat)
    }
}

/// The page of each route.
pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::Callback => html! { <CallbackRoute /> },
        // Keyed: going from the callback's lazy part to the chat's (the callback returning to
        // /chat) mounts a new one.
        Route::Chat => html! { <Lazy key="chat" part={Part::of::<ChatPart>()} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The demo app in the browser: on yew-router's `BrowserRouter`.
#[component]
pub fn App() -> Html {
    html! {
        <AuthProvider config={auth_config()}>
            <BrowserRouter>
                <Shell />
            </BrowserRouter>
        </AuthProvider>
    }
}

/// Props of [`ServerApp`].
#[derive(Properties, PartialEq)]
pub struct ServerAppProps {
    /// The page's path, with the base path (`/sign-in-with-openrouter/chat`).
    pub path: AttrValue,
    /// The base path (`/sign-in-with-openrouter/`), as `<base href>` gives it in the browser.
    pub basename: AttrValue,
}

/// The demo app as the release build prerenders it (`src/bin/release_step`): the same shell on a
/// router that stays on one path. The browser's first render of [`App`] makes the same page,
/// signed out and before reading storage, so it hydrates this one.
#[component]
pub fn ServerApp(props: &ServerAppProps) -> Html {
    let history = AnyHistory::from(MemoryHistory::with_entries(vec![props.path.to_string()]));
    html! {
        <AuthProvider config={auth_config()}>
            <Router {history} basename={props.basename.clone()}>
                <Shell />
            </Router>
        </AuthProvider>
    }
}

/// The header, the current route's page and the footer; the app-wide effects run here, once, at
/// the root inside the providers, and here the app says what signing out forgets: the chat.
#[component]
fn Shell() -> Html {
    use_app_effects();
    let forgets = use_memo((), |_| SignOutForgets {
        what: "the chat kept in this browser: the conversation, the draft and the system prompt"
            .into(),
        confirm: "Sign out and forget the chat".into(),
        has_saved: Callback::from(|()| storage::has_saved_chat()),
    });
    html! {
        <ContextProvider<SignOutForgets> context={(*forgets).clone()}>
            <Header />
            <main id="main">
                <Switch<Route> render={switch} />
            </main>
            <Footer />
        </ContextProvider<SignOutForgets>>
    }
}

/// The site header: brand, navigation, sign-in status and the theme toggle.
#[component]
pub fn Header() -> Html {
    let auth = use_auth();
    let status = if auth.is_signed_in() {
        "Signed in"
    } else {
        "Signed out"
    };
    html! {
        <header class="site-header">
            <nav aria-label="Main">
                <NavLink to={Route::Home} classes={classes!("brand")}>
                    { "Sign in with OpenRouter" }<span class="brand-suffix">{ " · Yew" }</span>
                </NavLink>
                <NavLink to={Route::Chat} on_intent={Callback::from(|()| ChatPart::prefetch())}>
                    { "Chat" }
                </NavLink>
            </nav>
            <div class="header-end">
                <span class="auth-status" data-testid="auth-status">{ status }</span>
                <ThemeToggle />
            </div>
        </header>
    }
}

/// The site footer: OpenRouter's OAuth docs and the repository.
#[component]
pub fn Footer() -> Html {
    html! {
        <footer class="site-footer">
            <a href={OAUTH_DOCS_URL}>{ "OpenRouter OAuth docs" }</a>
            <a href={REPOSITORY_URL}>{ "Source on GitHub" }</a>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_recognized_with_or_without_a_trailing_slash() {
        for (path, route) in [
            ("/", Some(Route::Home)),
            ("/callback", Some(Route::Callback)),
            ("/callback/", Some(Route::Callback)),
            ("/chat", Some(Route::Chat)),
            ("/chat/", Some(Route::Chat)),
            ("/chats", None),
            ("/chat/x", None),
            ("/CHAT", None),
        ] {
            assert_eq!(
                Route::recognize(path),
                route.or(Some(Route::NotFound)),
                "{path:?}"
            );
        }
    }

    #[test]
    fn every_route_but_not_found_round_trips() {
        for route in [Route::Home, Route::Callback, Route::Chat] {
            assert_eq!(Route::recognize(&route.to_path()), Some(route));
        }
    }
}
