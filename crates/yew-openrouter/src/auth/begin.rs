//! Starting a sign-in: a new verifier in this tab's sessionStorage with its pending record
//! ([`persist::save_pending`]), then OpenRouter's consent page with the S256 challenge, the
//! callback URL and the options.
//!
//! The store's [`AuthHandle::sign_in`](super::AuthHandle::sign_in) starts its sign-ins here, and
//! so can code that runs before the Yew app does (a page's first module, acting on a
//! prerendered button): the records are the same either way, so the guarded `/callback`
//! ([`super::OAuthCallback`]) finishes whichever started it. Nothing here needs Yew.

use super::error::AuthError;
use super::{persist, pkce, urls};
use crate::config::{AuthConfig, SignInOptions};
use crate::web;

/// Starts a sign-in that lands on `return_to` (an app path such as `/chat`) afterwards: makes a
/// verifier, keeps it and the pending record in this tab's sessionStorage, and sends the browser
/// to `config`'s consent page asking for `options`. On an error nothing has navigated.
pub fn begin_sign_in(
    config: &AuthConfig,
    options: &SignInOptions,
    return_to: &str,
) -> Result<(), AuthError> {
    let verifier = pkce::generate_verifier().map_err(|_| AuthError::NoRandomSource)?;
    persist::save_pending(&verifier, return_to, web::now_ms()).map_err(AuthError::Storage)?;
    let callback = urls::callback_url(
        &web::page_origin(),
        &web::base_path(),
        &config.callback_path,
    );
    let url = urls::authorize_url(
        &config.origin,
        &callback,
        &pkce::s256_challenge(&verifier),
        options,
    );
    web::window()
        .location()
        .assign(&url)
        .map_err(|_| AuthError::Redirect)
}
