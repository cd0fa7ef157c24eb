//! The callback route's component: completes a sign-in this tab started, shows progress and
//! failures on the page, and returns the user to where they started.
//!
//! It needs no particular router: by default it returns by replacing the history entry and
//! firing `popstate`, which yew-router's `BrowserRouter` follows (as do most routers that read
//! the browser's history); `on_return` hands the path to the app's own navigation instead.

use yew::prelude::*;

use super::error::AuthError;
use super::store::{use_auth, AuthStatus, CallbackOutcome};
use super::urls;
use crate::components::SignInButton;
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

/// Mount this on the app's `/callback` route (the `callback_url` given to OpenRouter).
///
/// On mount it removes `?code=`/`?error=` from the address bar (replace, so Back never replays a
/// code), then exchanges the code only if this tab has a sign-in pending. On success it returns
/// to the page the user started from (see [`OAuthCallbackProps::on_return`]); on failure it says
/// why, with a way to retry.
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
    let retry_to = (*return_to).clone().unwrap_or_else(|| "/".into());
    // One progress line (with a spinner until the sign-in has finished) or the error with a
    // way to try again.
    let body = match &state.error {
        Some(error) if state.status != AuthStatus::Exchanging => {
            let (title, label) = match error {
                AuthError::NoPendingSignIn => ("No sign-in in progress", "Sign in with OpenRouter"),
                _ => ("Sign-in failed", "Try again"),
            };
            let retry = {
                let auth = auth.clone();
                Callback::from(move |_: MouseEvent| auth.sign_in_returning_to(&retry_to))
            };
            html! {
                <div class="callback-error">
                    <h2>{ title }</h2>
                    <p role="alert">{ error.message() }</p>
                    <SignInButton label={AttrValue::from(label)} onclick={retry} loading={auth.is_busy()} />
                </div>
            }
        }
        _ => {
            let done = return_to.is_some() && state.is_signed_in();
            html! {
                <p class="callback-progress" role="status" aria-live="polite">
                    if !done { <span class="callback-spinner" aria-hidden="true"></span> }
                    { if done { "You are signed in." } else { "Signing you in…" } }
                </p>
            }
        }
    };
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
