//! The callback route's component: completes a sign-in this tab started, shows progress and
//! failures on the page, and returns the user to where they started.

use std::marker::PhantomData;

use wasm_bindgen::JsValue;
use yew::prelude::*;
use yew_router::prelude::*;

use super::store::{use_auth, AuthError, AuthStatus, CallbackOutcome};
use crate::components::SignInButton;
use crate::web;

/// Props of [`OAuthCallback`].
#[derive(Properties, PartialEq)]
pub struct OAuthCallbackProps<R: Routable + PartialEq> {
    /// Where to go when the stored return path is not a route of the app.
    pub home: R,
    #[prop_or_default]
    #[doc(hidden)]
    pub _route: PhantomData<R>,
}

/// Mount this on the app's `/callback` route (the `callback_url` given to OpenRouter).
///
/// On mount it removes `?code=`/`?error=` from the address bar (replace, so Back never replays a
/// code), then exchanges the code only if this tab has a sign-in pending. On success it replaces
/// the URL with the route the user started from; on failure it says why, with a way to retry.
#[function_component]
pub fn OAuthCallback<R>(props: &OAuthCallbackProps<R>) -> Html
where
    R: Routable + PartialEq + Clone + 'static,
{
    let auth = use_auth();
    let navigator = use_navigator();
    let return_to = use_state(|| None::<String>);
    let started = use_mut_ref(|| false);
    {
        let auth = auth.clone();
        let home = props.home.clone();
        let return_to = return_to.clone();
        use_effect_with((), move |_| {
            if !std::mem::replace(&mut *started.borrow_mut(), true) {
                let query = take_query_from_address_bar();
                auth.complete_sign_in(&query, move |outcome: CallbackOutcome| {
                    if outcome.signed_in {
                        if let Some(nav) = navigator {
                            nav.replace(&R::recognize(&outcome.return_to).unwrap_or(home));
                        }
                    }
                    return_to.set(Some(outcome.return_to));
                });
            }
        });
    }

    let state = auth.state();
    let retry_to = (*return_to).clone().unwrap_or_else(|| "/".into());
    let body = match (&state.error, state.status) {
        (_, AuthStatus::Exchanging) | (None, AuthStatus::Idle) if return_to.is_none() => html! {
            <p class="callback-progress" role="status" aria-live="polite">
                <span class="callback-spinner" aria-hidden="true"></span>
                { "Signing you in…" }
            </p>
        },
        (Some(error), _) => {
            let title = match error {
                AuthError::NoPendingSignIn => "No sign-in in progress",
                _ => "Sign-in failed",
            };
            let label = match error {
                AuthError::NoPendingSignIn => "Sign in with OpenRouter",
                _ => "Try again",
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
        _ if state.is_signed_in() => html! {
            <p class="callback-progress" role="status">{ "You are signed in." }</p>
        },
        _ => html! {
            <p class="callback-progress" role="status">{ "Signing you in…" }</p>
        },
    };
    html! { <section class="callback" aria-labelledby="callback-title">
        <h1 id="callback-title" class="visually-hidden">{ "Sign in with OpenRouter" }</h1>
        { body }
    </section> }
}

/// Reads `location.search` and replaces the current history entry with the same path and no
/// query, so the code is gone from the address bar and from history.
fn take_query_from_address_bar() -> String {
    let window = web::window();
    let location = window.location();
    let query = location.search().unwrap_or_default();
    if !query.is_empty() {
        let clean = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.hash().unwrap_or_default()
        );
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
        }
    }
    query
}
