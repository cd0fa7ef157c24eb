//! The parts whose code is a wasm chunk of its own: the chat page, the callback, and the
//! signed-in key's details on the home page.
//!
//! In the release build (`tools/release.sh`, which sets `--cfg wasm_split`), `chat_page` and
//! `callback_page` are split points of `wasm_split_helpers` (the approach Leptos' `#[lazy]`
//! uses): everything only they reach leaves the main module, and `tools/post_build.py` cuts it
//! into chunks with `wasm-split-cli`. The chat's chunk is fetched the first time `/chat` is
//! shown, or as soon as the pointer or the focus reaches the Chat link; the callback's when
//! OpenRouter sends the visitor back to `/callback`. Code both use goes into a third chunk that
//! either fetches alongside.
//!
//! In any other build (`trunk serve`, `trunk build`, the tests) they are plain functions, so
//! those builds need neither the splitter nor a post-build step.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew::suspense::use_future;

use super::pages::chat::ChatPage;
use super::pages::home::Gallery;
use super::pages::DemoCallback;
use super::widgets::KeyDetails;

#[cfg(wasm_split)]
use wasm_split_helpers::SplitLoaderError as ChunkError;

/// Why a chunk is not there: without a split there is no chunk to fetch, so nothing can fail.
#[cfg(not(wasm_split))]
type ChunkError = std::convert::Infallible;

/// The chat page. In the split build its chunk is fetched by the first call.
#[cfg(wasm_split)]
#[wasm_split_helpers::wasm_split(chat, fallible, preload(fetch_chat_chunk))]
fn chat_page() -> Result<Html, ChunkError> {
    Ok(html! { <ChatPage /> })
}

#[cfg(not(wasm_split))]
async fn chat_page() -> Result<Html, ChunkError> {
    Ok(html! { <ChatPage /> })
}

/// The callback's page (the exchange, OpenRouter's error bodies): only a return from OpenRouter
/// needs it, so the gallery's first load does not carry it.
#[cfg(wasm_split)]
#[wasm_split_helpers::wasm_split(callback, fallible)]
fn callback_page() -> Result<Html, ChunkError> {
    Ok(html! { <DemoCallback /> })
}

#[cfg(not(wasm_split))]
async fn callback_page() -> Result<Html, ChunkError> {
    Ok(html! { <DemoCallback /> })
}

/// The signed-in key's details on the home page (its fetch and OpenRouter's answer, with the
/// number formatting they need): only a signed-in visitor needs them.
#[cfg(wasm_split)]
#[wasm_split_helpers::wasm_split(account, fallible)]
fn key_details_part() -> Result<Html, ChunkError> {
    Ok(html! { <KeyDetails /> })
}

#[cfg(not(wasm_split))]
async fn key_details_part() -> Result<Html, ChunkError> {
    Ok(html! { <KeyDetails /> })
}

/// The home page's gallery below the hero: the variants, sizes, options, themes, playground and
/// guide, with their code blocks.
#[cfg(wasm_split)]
#[wasm_split_helpers::wasm_split(gallery, fallible)]
fn gallery_part() -> Result<Html, ChunkError> {
    Ok(html! { <Gallery /> })
}

#[cfg(not(wasm_split))]
async fn gallery_part() -> Result<Html, ChunkError> {
    Ok(html! { <Gallery /> })
}

/// How long to wait before fetching the gallery's chunk again after it failed (offline).
const GALLERY_RETRY: std::time::Duration = std::time::Duration::from_secs(5);

/// The gallery, suspended until its chunk is there (inside a `<Suspense>`). While it is
/// suspended, a prerendered gallery stays as it was served and a fresh page shows the
/// suspense's fallback. A chunk that cannot be fetched is fetched again every few seconds, so
/// the gallery comes back with the connection and a prerendered page never loses what it shows.
#[component]
pub fn LazyGallery() -> HtmlResult {
    let gallery = use_future(|| async {
        loop {
            // Without a split (`ChunkError` is `Infallible`) the first try always succeeds.
            #[allow(irrefutable_let_patterns)]
            if let Ok(html) = gallery_part().await {
                break html;
            }
            yew::platform::time::sleep(GALLERY_RETRY).await;
        }
    })?;
    Ok((*gallery).clone())
}

/// Fetches the chat's chunk ahead of a visit (the Chat link's hover and focus). A failure is
/// left for the visit itself, which shows it and offers a retry.
pub fn prefetch_chat() {
    #[cfg(wasm_split)]
    spawn_local(async {
        let _ = fetch_chat_chunk().await;
    });
}

/// A page whose code is a wasm chunk of its own, fetched the first time it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkedPage {
    /// `/chat`.
    Chat,
    /// `/callback`, when this tab has a sign-in pending.
    Callback,
    /// The signed-in key's details in the home page's hero.
    KeyDetails,
}

impl ChunkedPage {
    async fn load(self) -> Result<Html, ChunkError> {
        match self {
            ChunkedPage::Chat => chat_page().await,
            ChunkedPage::Callback => callback_page().await,
            ChunkedPage::KeyDetails => key_details_part().await,
        }
    }
}

/// Props of [`ChunkLoading`] and [`ChunkFailed`].
#[derive(Properties, PartialEq)]
pub struct ChunkStateProps {
    /// Which page.
    pub page: ChunkedPage,
    /// "Try again" (only [`ChunkFailed`] uses it).
    #[prop_or_default]
    pub retry: Callback<MouseEvent>,
}

/// What a page shows until its chunk is there: the same section, heading and progress the page
/// itself starts with, so nothing jumps when it arrives.
#[component]
pub fn ChunkLoading(props: &ChunkStateProps) -> Html {
    match props.page {
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
        ChunkedPage::KeyDetails => html! {
            <section class="key-details" data-testid="key-details" aria-busy="true">
                <p>{ "Loading your key's details…" }</p>
            </section>
        },
    }
}

/// What a page says when its chunk cannot be fetched, with a "Try again" button.
#[component]
pub fn ChunkFailed(props: &ChunkStateProps) -> Html {
    let retry = props.retry.clone();
    match props.page {
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
        // The code is still in the address bar and the sign-in still pending (the callback has
        // not run): a retry that loads the chunk completes the sign-in.
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
        ChunkedPage::KeyDetails => html! {
            <section class="key-details" data-testid="key-details">
                <p role="alert">
                    { "Your key's details could not be loaded. " }
                    <button type="button" class="button-secondary" onclick={retry}>{ "Try again" }</button>
                </p>
            </section>
        },
    }
}

/// Props of [`LazyPage`].
#[derive(Properties, PartialEq)]
pub struct LazyPageProps {
    /// Which page.
    pub page: ChunkedPage,
}

/// Loads a page's chunk, then shows the page. Until then it says it is loading; when the chunk
/// cannot be fetched (offline), it says so and offers a retry (a failed load is not cached).
#[component]
pub fn LazyPage(props: &LazyPageProps) -> Html {
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
        Some(Err(())) => {
            let retry = {
                let (page, attempt) = (page.clone(), attempt.clone());
                Callback::from(move |_| {
                    page.set(None);
                    attempt.set(*attempt + 1);
                })
            };
            html! { <ChunkFailed page={props.page} {retry} /> }
        }
        None => html! { <ChunkLoading page={props.page} /> },
    }
}
