//! `/callback`: where OpenRouter sends the visitor back with `?code=`.
//!
//! The route's arm is the library's [`CallbackGuard`]: it renders the callback (a wasm chunk of
//! its own, see [`CallbackPart`]) only when this tab has a pending, valid sign-in. Otherwise it
//! says why the code was not used and offers a sign-in; nothing is exchanged and nothing is
//! removed from storage (the address bar loses the code, so Back never brings it back).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::lazy::{split_point, ChunkError, Lazy, LazyPart, Part};
use crate::starter;
use yew_openrouter::auth::{signing_in, AuthError, CallbackGuard, OAuthCallback, SignInFailed};

/// The `/callback` route: the callback if this tab started a sign-in that is still valid, else
/// the reason it is not used.
///
/// When the first module met a return it could not finish ([`crate::starter`]), the route says
/// why instead (read once mounted: the first render is the prerendered page's).
#[component]
pub fn CallbackRoute() -> Html {
    let failed = use_state(|| None::<(AuthError, String)>);
    use_effect_with((), {
        let failed = failed.setter();
        move |_| failed.set(starter::take_failed_return())
    });
    match &*failed {
        Some((error, return_to)) => html! {
            <SignInFailed error={error.clone()} return_to={AttrValue::from(return_to.clone())} />
        },
        None => html! {
            <CallbackGuard>
                <Lazy key="callback" part={Part::of::<CallbackPart>()} />
            </CallbackGuard>
        },
    }
}

split_point! {
    /// The callback, once its chunk is there.
    fn callback_page() -> Html in callback as CALLBACK_SPLIT { html! { <DemoCallback /> } }
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
        signing_in()
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
