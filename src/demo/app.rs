//! The demo's routes and shell: header, router, auth provider.
//!
//! The chat page and the callback are split into wasm chunks of their own (issue 5): the first
//! load of the gallery carries neither. The chat's is fetched the first time `/chat` is shown, or
//! as soon as the pointer or the focus reaches the Chat link; the callback's when OpenRouter
//! sends the visitor back to `/callback`. Code both use (the crate's JSON, the request helpers,
//! OpenRouter's error bodies) goes into a third chunk that either fetches alongside.
//! `tools/post_build.py` does the split, with `wasm-split-cli`.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::pages::{chat::ChatPage, home::home_page, not_found::not_found};
use super::router::{use_router, Link, Route, Router};
use super::widgets::ThemeToggle;
use crate::auth::{use_auth, AuthHandle, AuthProvider, OAuthCallback};
use crate::config::{OAUTH_DOCS_URL, REPOSITORY_URL};

/// Everything inside the auth store and the router: the header, the current route's page and
/// the footer. One component reads the store and the route for all of them, so the header and
/// the home page are plain functions (a component's lifecycle code costs about 0.4 KB gzip).
#[function_component]
fn Shell() -> Html {
    let auth = use_auth();
    let page = match use_router().route {
        Route::Home => home_page(&auth),
        // Keyed: going from one chunked page to the other (the callback returning to /chat)
        // mounts a new LazyPage rather than handing the callback's one new props.
        Route::Callback => html! { <LazyPage key="callback" page={ChunkedPage::Callback} /> },
        Route::Chat => html! { <LazyPage key="chat" page={ChunkedPage::Chat} /> },
        Route::NotFound => not_found(),
    };
    html! {
        <>
            { header(&auth) }
            <main id="main">{ page }</main>
            { footer() }
        </>
    }
}

/// The chat page's wasm chunk is loaded by calling this (and called directly off wasm).
#[wasm_split_helpers::wasm_split(chat, fallible, preload(fetch_chat_chunk))]
fn chat_page() -> Result<Html, wasm_split_helpers::SplitLoaderError> {
    Ok(html! { <ChatPage /> })
}

/// The callback's wasm chunk (the exchange, the crate's JSON, OpenRouter's error bodies): only a
/// return from OpenRouter needs it, so the gallery's first load does not carry it.
#[wasm_split_helpers::wasm_split(callback, fallible)]
fn callback_page() -> Result<Html, wasm_split_helpers::SplitLoaderError> {
    Ok(html! { <OAuthCallback /> })
}

/// Fetches the chat's chunk ahead of a visit (the Chat link's hover and focus). A failure is
/// left for the visit itself, which shows it and offers a retry.
fn prefetch_chat() {
    spawn_local(async {
        let _ = fetch_chat_chunk().await;
    });
}

/// A page whose code is a wasm chunk of its own, fetched the first time it is shown.
#[derive(Clone, Copy, PartialEq)]
enum ChunkedPage {
    Chat,
    Callback,
}

impl ChunkedPage {
    async fn load(self) -> Result<Html, wasm_split_helpers::SplitLoaderError> {
        match self {
            ChunkedPage::Chat => chat_page().await,
            ChunkedPage::Callback => callback_page().await,
        }
    }

    /// What the page shows until its chunk is there: the same section, heading and progress
    /// the page itself starts with, so nothing jumps when it arrives.
    fn loading(self) -> Html {
        match self {
            ChunkedPage::Chat => html! {
                <section class="chat-page" aria-busy="true">
                    <h1>{ "Chat" }</h1>
                    <p>{ "Loading the chat…" }</p>
                </section>
            },
            ChunkedPage::Callback => html! {
                <section class="callback" aria-busy="true">
                    <h1 class="visually-hidden">{ "Sign in with OpenRouter" }</h1>
                    <p class="callback-progress" role="status">
                        <span class="callback-spinner" aria-hidden="true"></span>
                        { "Signing you in…" }
                    </p>
                </section>
            },
        }
    }

    /// What the page says when its chunk cannot be fetched, with a "Try again" button.
    fn failed(self, retry: Callback<MouseEvent>) -> Html {
        match self {
            ChunkedPage::Chat => html! {
                <section class="chat-page">
                    <h1>{ "Chat" }</h1>
                    <div class="chat-error" role="alert">
                        <p>{ "The chat could not be loaded. Check your connection, then try again." }</p>
                        <div class="chat-error-actions">
                            <button type="button" onclick={retry}>{ "Try again" }</button>
                        </div>
                    </div>
                </section>
            },
            // The code is still in the address bar and the sign-in still pending (the callback
            // has not run): a retry that loads the chunk completes the sign-in.
            ChunkedPage::Callback => html! {
                <section class="callback">
                    <h1 class="visually-hidden">{ "Sign in with OpenRouter" }</h1>
                    <div class="callback-error">
                        <h2>{ "Sign-in not finished" }</h2>
                        <p role="alert">{ "This page could not load its code. Check your connection, then try again: the sign-in is still pending." }</p>
                        <button type="button" class="button-primary" onclick={retry}>{ "Try again" }</button>
                    </div>
                </section>
            },
        }
    }
}

/// Props of [`LazyPage`].
#[derive(Properties, PartialEq)]
struct LazyPageProps {
    page: ChunkedPage,
}

/// Loads a page's chunk, then shows the page. Until then it says it is loading; when the chunk
/// cannot be fetched (offline), it says so and offers a retry (a failed load is not cached).
#[function_component]
fn LazyPage(props: &LazyPageProps) -> Html {
    let page = use_state(|| None::<Result<Html, ()>>);
    let attempt = use_state(|| 0u32);
    {
        let page = page.clone();
        let chunk = props.page;
        use_effect_with(*attempt, move |_| {
            spawn_local(async move { page.set(Some(chunk.load().await.map_err(|_| ()))) });
        });
    }
    match &*page {
        Some(Ok(html)) => html.clone(),
        Some(Err(())) => props.page.failed({
            let (page, attempt) = (page.clone(), attempt.clone());
            Callback::from(move |_| {
                page.set(None);
                attempt.set(*attempt + 1);
            })
        }),
        None => props.page.loading(),
    }
}

/// The demo app.
#[function_component]
pub fn App() -> Html {
    html! {
        <AuthProvider>
            <Router>
                <Shell />
            </Router>
        </AuthProvider>
    }
}

/// The site header: brand, navigation, sign-in status and the theme toggle.
fn header(auth: &AuthHandle) -> Html {
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
