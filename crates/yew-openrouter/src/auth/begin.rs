//! The sign-in's two ends, with no Yew: [`begin_sign_in`] (a new verifier in this tab's
//! sessionStorage with its pending record, then OpenRouter's consent page with the S256
//! challenge, the callback URL and the options) and [`finish_sign_in`] (the callback's query:
//! the pending sign-in taken and checked, the code exchanged, the key stored).
//!
//! The store ([`AuthHandle::sign_in`](super::AuthHandle::sign_in),
//! [`OAuthCallback`](super::OAuthCallback)) goes through them, and so can code that runs before
//! the Yew app does (a page's first module, acting on a prerendered button or finishing the
//! return from OpenRouter): the records are the same either way, so either end finishes what
//! the other started.

use super::error::AuthError;
use super::key::ApiKey;
use super::persist::{self, PendingCheck};
use super::{exchange, pkce, urls};
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

/// What [`finish_sign_in`] did: the key it stored or why it did not, and the app path to go to
/// (the page the sign-in started from; `/` when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInFinished {
    /// The key now stored, or why the sign-in did not complete (an existing key is untouched).
    pub result: Result<ApiKey, AuthError>,
    /// Where to return.
    pub return_to: String,
}

/// Finishes a sign-in from the callback's query string (`?code=…` or `?error=…`) at `origin`.
///
/// The code is exchanged only when this tab has a valid, fresh verifier pending, which is
/// removed first, so it serves once whatever happens. Nothing is stored unless the exchange
/// succeeds.
pub async fn finish_sign_in(origin: &str, query: &str) -> SignInFinished {
    let (code, pending) = match check_callback(query) {
        Ok(ready) => ready,
        Err((error, return_to)) => {
            return SignInFinished {
                result: Err(error),
                return_to,
            }
        }
    };
    let result = match exchange::exchange_code(origin, &code, &pending.verifier).await {
        Ok(ok) => persist::save_key(&ok.key)
            .map(|()| ok.key)
            .map_err(AuthError::Storage),
        Err(e) => Err(AuthError::Exchange(e)),
    };
    SignInFinished {
        result,
        return_to: pending.return_to,
    }
}

/// The guard before any exchange: takes this tab's pending sign-in (removing it) and returns the
/// code with it, or the error to show and the path to return to.
fn check_callback(query: &str) -> Result<(String, persist::PendingSignIn), (AuthError, String)> {
    let home = || "/".to_string();
    let pending = persist::take_pending(web::now_ms())
        .map_err(AuthError::Storage)
        .and_then(PendingCheck::ready);
    if let Some(error) = urls::query_param(query, "error") {
        let return_to = pending.map_or_else(|_| home(), |p| p.return_to);
        return Err((AuthError::Provider(error), return_to));
    }
    let pending = pending.map_err(|e| (e, home()))?;
    match urls::query_param(query, "code").filter(|c| !c.is_empty()) {
        Some(code) => Ok((code, pending)),
        None => Err((AuthError::MissingCode, pending.return_to)),
    }
}
