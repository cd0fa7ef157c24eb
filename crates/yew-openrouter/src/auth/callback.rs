//! The callback route: [`OAuthCallback`], the guard and the exchange in one component for an
//! app's `/callback` arm, and [`CallbackGuard`], the guard alone with a slot for the app's own
//! part, for an app that loads the exchange on demand (its lazy part then holds
//! [`OAuthCallback`]).
//!
//! It needs no particular router: by default it returns by replacing the history entry and
//! firing `popstate`, which yew-router's `BrowserRouter` follows (as do most routers that read
//! the browser's history); `on_return` hands the path to the app's own navigation instead.

use yew::prelude::*;

use super::error::AuthError;
use super::persist::{self, PendingCheck};
use super::store::{use_auth, AuthStatus, CallbackOutcome};
use super::urls;
use crate::components::{SignInButton, DEFAULT_LABEL};
use crate::web;

/// Props of [`OAuthCallback`].
#[derive(Properties, PartialEq, Default)]
pub struct OAuthCallbackProps {
    /// Called, once the key is stored, with the app path the sign-in started from (`/chat`;
    /// `/` when unknown), to go there with the app's router. Without it the callback replaces
    /// the current history entry with that page and fires `popstate`.
    #[prop_or_default]
    pub on_return: Option<Callback<String>>,
}

/// Mount this on the app's `/callback` route (the `callback_url` given to OpenRouter): the
/// guard and the exchange in one component.
///
/// A `?code=` is exchanged only when this tab has a sign-in pending, and at most once: the
/// pending sign-in is taken (removed) and checked before anything is sent, and a refusal says
/// why in the same words as [`CallbackGuard`]'s. The address bar loses the code either way (Back
/// never replays it). On success the user returns to the page they started from (see
/// [`OAuthCallbackProps::on_return`]); on failure the page says why, with a way to sign in
/// again.
#[component]
pub fn OAuthCallback(props: &OAuthCallbackProps) -> Html {
    let auth = use_auth();
    let return_to = use_state(|| None::<String>);
    {
        let auth = auth.clone();
        let on_return = props.on_return.clone();
        let return_to = return_to.clone();
        // Once per mounted callback (no dependencies), so a code is exchanged at most once.
        use_effect_with((), move |_| {
            let query = web::take_query_from_address_bar();
            auth.complete_sign_in(&query, move |outcome: CallbackOutcome| {
                if outcome.signed_in {
                    match on_return {
                        Some(on_return) => on_return.emit(outcome.return_to.clone()),
                        None => return_in_place(&outcome.return_to),
                    }
                }
                return_to.set(Some(outcome.return_to));
            });
        });
    }
    let state = auth.state();
    match &state.error {
        Some(error) if state.status != AuthStatus::Exchanging => failure(
            error,
            (*return_to).clone().unwrap_or_else(|| "/".into()).into(),
        ),
        _ if return_to.is_some() && state.is_signed_in() => progress(true),
        _ => signing_in(),
    }
}

/// Props of [`CallbackGuard`].
#[derive(Properties, PartialEq)]
pub struct CallbackGuardProps {
    /// What completes the sign-in, rendered only when this tab has one pending: the app's lazy
    /// part that holds [`OAuthCallback`], say.
    pub children: Html,
    /// Shown until the guard has read this tab's storage (the first render, the same as a page
    /// rendered on a server). Default: [`signing_in`].
    #[prop_or_else(signing_in)]
    pub loading: Html,
}

/// The guard of a `/callback` route, for an app that loads the exchange on demand: renders its
/// children only when this tab started a sign-in that is still valid, so a stray `?code=` never
/// loads the exchange's code. Otherwise it says why the
/// code was not used (none pending, expired, damaged, storage unavailable) beside a sign-in
/// button, takes the code out of the address bar, and exchanges and removes nothing.
#[component]
pub fn CallbackGuard(props: &CallbackGuardProps) -> Html {
    match use_callback_guard() {
        None => props.loading.clone(),
        Some(Ok(())) => props.children.clone(),
        Some(Err(error)) => failure(&error, "/".into()),
    }
}

/// Whether the `?code=` may be used: `None` until this tab's storage has been read (once
/// mounted: the first render is the same as on a server), then the pending sign-in's check. A
/// refusal takes the code out of the address bar; nothing is removed from storage.
#[hook]
fn use_callback_guard() -> Option<Result<(), AuthError>> {
    let checked = use_state(|| None::<Result<(), AuthError>>);
    use_effect_with((), {
        let checked = checked.clone();
        move |_| {
            let check = persist::peek_pending(web::now_ms())
                .map_err(AuthError::Storage)
                .and_then(PendingCheck::ready)
                .map(drop);
            if check.is_err() {
                web::take_query_from_address_bar();
            }
            checked.set(Some(check));
        }
    });
    (*checked).clone()
}

/// Props of [`SignInFailed`].
#[derive(Properties, PartialEq)]
pub struct SignInFailedProps {
    /// Why the sign-in did not complete.
    pub error: AuthError,
    /// The app path the button's new sign-in returns to.
    #[prop_or_else(|| AttrValue::from("/"))]
    pub return_to: AttrValue,
}

/// The callback route's words for a sign-in that did not complete, with a button that starts
/// another one: what [`OAuthCallback`] and [`CallbackGuard`] show, for an app that finished a
/// return with [`finish_sign_in`](super::finish_sign_in) itself and shows its failure.
#[component]
pub fn SignInFailed(props: &SignInFailedProps) -> Html {
    failure(&props.error, props.return_to.clone())
}

/// Why the sign-in did not complete, with a button that starts another one returning to
/// `return_to`.
fn failure(error: &AuthError, return_to: AttrValue) -> Html {
    let (title, label) = match error {
        AuthError::NoPendingSignIn => ("No sign-in in progress", DEFAULT_LABEL),
        _ => ("Sign-in not completed", "Try again"),
    };
    page(html! {
        <div class="callback-error">
            <h2>{ title }</h2>
            <p role="alert">{ error.message() }</p>
            <SignInButton label={AttrValue::from(label)} {return_to} />
        </div>
    })
}

/// "Signing you in…" with a spinner: the route's first render and the exchange's progress.
pub fn signing_in() -> Html {
    progress(false)
}

fn progress(done: bool) -> Html {
    page(html! {
        <p class="callback-progress" role="status" aria-live="polite">
            if !done { <span class="callback-spinner" aria-hidden="true"></span> }
            { if done { "You are signed in." } else { "Signing you in…" } }
        </p>
    })
}

fn page(body: Html) -> Html {
    html! { <section class="callback" aria-labelledby="callback-title">
        <h1 id="callback-title" class="visually-hidden">{ "Sign in with OpenRouter" }</h1>
        { body }
    </section> }
}

/// Replaces the current history entry with the page of `app_path` and tells the app's router
/// with a `popstate` event, as the browser does on Back and Forward.
fn return_in_place(app_path: &str) {
    if web::replace_address(&urls::page_path(&web::base_path(), app_path)) {
        if let Ok(event) = web_sys::PopStateEvent::new("popstate") {
            let _ = web::window().dispatch_event(&event);
        }
    }
}
