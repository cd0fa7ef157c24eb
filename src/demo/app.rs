//! The demo's routes and shell: header, router, auth provider.
//!
//! The chat page is split into its own wasm chunk (issue 5): the first load of the gallery does
//! not carry it; it is fetched the first time `/chat` is shown, or as soon as the pointer or the
//! focus reaches the Chat link. `tools/post_build.py` does the split, with `wasm-split-cli`.

use wasm_bindgen_futures::spawn_local;
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
        Route::Chat => html! { <LazyChatPage /> },
        Route::NotFound => not_found(),
    }
}

/// The chat page's wasm chunk is loaded by calling this (and called directly off wasm).
#[wasm_split_helpers::wasm_split(chat, fallible, preload(fetch_chat_chunk))]
fn chat_page() -> Result<Html, wasm_split_helpers::SplitLoaderError> {
    Ok(html! { <ChatPage /> })
}

/// Fetches the chat's chunk ahead of a visit (the Chat link's hover and focus). A failure is
/// left for the visit itself, which shows it and offers a retry.
fn prefetch_chat() {
    spawn_local(async {
        let _ = fetch_chat_chunk().await;
    });
}

/// Loads the chat page's chunk, then shows the page. Until then it says it is loading; when the
/// chunk cannot be fetched (offline), it says so and offers a retry (a failed load is not cached).
#[function_component]
fn LazyChatPage() -> Html {
    let page = use_state(|| None::<Result<Html, ()>>);
    let attempt = use_state(|| 0u32);
    {
        let page = page.clone();
        use_effect_with(*attempt, move |_| {
            spawn_local(async move { page.set(Some(chat_page().await.map_err(|_| ()))) });
        });
    }
    match &*page {
        Some(Ok(html)) => html.clone(),
        Some(Err(())) => {
            let retry = {
                let (page, attempt) = (page.clone(), attempt.clone());
                Callback::from(move |_| {
                    page.set(None);
                    attempt.set(*attempt + 1);
                })
            };
            html! {
                <section class="chat-page">
                    <h1>{ "Chat" }</h1>
                    <div class="chat-error" role="alert">
                        <p>{ "The chat could not be loaded. Check your connection, then try again." }</p>
                        <div class="chat-error-actions">
                            <button type="button" onclick={retry}>{ "Try again" }</button>
                        </div>
                    </div>
                </section>
            }
        }
        None => html! {
            <section class="chat-page" aria-busy="true">
                <h1>{ "Chat" }</h1>
                <p>{ "Loading the chat…" }</p>
            </section>
        },
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
                <Link to={Route::Chat} on_intent={Callback::from(|_| prefetch_chat())}>{ "Chat" }</Link>
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
