//! `/callback`: where OpenRouter sends the visitor back with `?code=`.
//!
//! The route's arm is the guard: it renders the callback (a wasm chunk of its own, see
//! [`CallbackPart`]) only when this tab has a pending, valid sign-in. Otherwise it says
//! why the code was not used and offers a sign-in; nothing is exchanged and nothing is removed
//! from storage (the address bar loses the code, so Back never brings it back).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::lazy::{split_point, ChunkError, Lazy, LazyPart, Part};
use yew_openrouter::auth::persist::{self, PendingCheck};
use yew_openrouter::auth::{AuthError, OAuthCallback};
use yew_openrouter::components::{SignInButton, DEFAULT_LABEL};
use yew_openrouter::web::{self, StorageError};

/// The `/callback` route: the callback if this tab started a sign-in that is still valid, else
/// the reason it is not used.
#[component]
pub fn CallbackGuard() -> Html {
    // Read once mounted, when the route is entered (the first render, like the page prerendered
    // on a server, says "Signing you in…"); the callback itself then takes the pending sign-in.
    let check = use_state(|| None::<Result<PendingCheck, StorageError>>);
    use_effect_with((), {
        let check = check.clone();
        move |_| check.set(Some(persist::peek_pending(web::now_ms())))
    });
    // `None` until checked; then `Some(None)` when the sign-in may go ahead.
    let refused = check.as_ref().map(|check| match check {
        Ok(PendingCheck::Ready(_)) => None,
        Ok(PendingCheck::NonePending) => Some(AuthError::NoPendingSignIn),
        Ok(PendingCheck::Expired) => Some(AuthError::SignInExpired),
        Ok(PendingCheck::Invalid) => Some(AuthError::InvalidVerifier),
        Err(e) => Some(AuthError::Storage(*e)),
    });
    use_effect_with(refused.as_ref().is_some_and(Option::is_some), |refused| {
        if *refused {
            web::take_query_from_address_bar();
        }
    });
    match refused {
        None => CallbackPart::loading(),
        Some(None) => html! { <Lazy key="callback" part={Part::of::<CallbackPart>()} /> },
        Some(Some(error)) => {
            let (title, label) = match error {
                AuthError::NoPendingSignIn => ("No sign-in in progress", DEFAULT_LABEL),
                _ => ("Sign-in not completed", "Try again"),
            };
            html! {
                <section class="callback" aria-labelledby="callback-title">
                    <h1 id="callback-title" class="visually-hidden">{ "Sign in with OpenRouter" }</h1>
                    <div class="callback-error">
                        <h2>{ title }</h2>
                        <p role="alert">{ error.message() }</p>
                        <SignInButton {label} return_to="/" />
                    </div>
                </section>
            }
        }
    }
}

split_point! {
    /// The callback, once its chunk is there.
    fn callback_page() -> Html in callback { html! { <DemoCallback /> } }
}

/// The callback (the exchange, OpenRouter's error bodies) as a part of its own
/// ([`crate::lazy`]): only a return from OpenRouter needs it, so the gallery's first load does
/// not carry it.
pub struct CallbackPart;

impl LazyPart for CallbackPart {
    fn load() -> impl std::future::Future<Output = Result<Html, ChunkError>> + 'static {
        callback_page()
    }

    fn loading() -> Html {
        html! {
            <section class="callback" aria-busy="true">
                <h1 class="visually-hidden">{ "Sign in with OpenRouter" }</h1>
                <p class="callback-progress" role="status">
                    <span class="callback-spinner" aria-hidden="true"></span>
                    { "Signing you in…" }
                </p>
            </section>
        }
    }

    /// The code is still in the address bar and the sign-in still pending (the callback has not
    /// run): a retry that loads the chunk completes the sign-in.
    fn failed(retry: Callback<MouseEvent>) -> Html {
        html! {
            <section class="callback">
                <h1 class="visually-hidden">{ "Sign in with OpenRouter" }</h1>
                <div class="callback-error">
                    <h2>{ "Sign-in not finished" }</h2>
                    <p role="alert">{ "This page could not load its code. Check your connection, then try again: the sign-in is still pending." }</p>
                    <button type="button" class="button-primary" onclick={retry}>{ "Try again" }</button>
                </div>
            </section>
        }
    }
}

/// The library's callback, returning through yew-router's navigator to the page the sign-in
/// started from. The callback's chunk holds it.
#[component]
pub fn DemoCallback() -> Html {
    let navigator = use_navigator();
    let on_return = navigator.map(|navigator| {
        Callback::from(move |app_path: String| {
            let route = Route::recognize(&app_path).unwrap_or(Route::Home);
            navigator.replace(&route);
        })
    });
    html! { <OAuthCallback {on_return} /> }
}
