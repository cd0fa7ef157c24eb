//! Why a sign-in did not complete, or why the app is signed out: [`AuthError`], one variant per
//! thing that failed, with its source where there is one. [`AuthError::message`] is the sentence
//! a page shows; `Display` says the same.

use super::exchange::ExchangeError;
use crate::config::OptionError;
use crate::web::StorageError;

/// Why a sign-in did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// The exchange with OpenRouter failed.
    Exchange(ExchangeError),
    /// A `?code=` arrived but this tab started no sign-in: it was not used.
    NoPendingSignIn,
    /// This tab's sign-in is older than 15 minutes.
    SignInExpired,
    /// The stored verifier is damaged.
    InvalidVerifier,
    /// The callback had neither `code` nor `error`.
    MissingCode,
    /// OpenRouter sent the user back with `?error=` (for example, access denied).
    Provider(String),
    /// Browser storage could not be used.
    Storage(StorageError),
    /// The browser has no secure random source (`crypto.getRandomValues`).
    NoRandomSource,
    /// The browser did not go to OpenRouter's consent page (`location.assign` refused).
    Redirect,
    /// The sign-in options the app set are not usable (a spending limit typed wrong, say).
    InvalidOptions(OptionError),
    /// Storage held something that is not a key (see [`ApiKey::parse`](super::ApiKey::parse)); it was removed, and
    /// the app is signed out.
    UnusableStoredKey,
    /// OpenRouter says the key has expired (`expires_at` of `GET /api/v1/key`, given here); it
    /// was forgotten, and the app is signed out ([`AuthHandle::forget_expired_key`](super::AuthHandle::forget_expired_key)).
    KeyExpired(String),
}

impl AuthError {
    /// What went wrong and what to do, in words a person understands.
    pub fn message(&self) -> String {
        match self {
            Self::Exchange(e) => e.message(),
            Self::NoPendingSignIn => "No sign-in was in progress in this tab, so the code in the address was not used. Start a sign-in here to continue.".into(),
            Self::SignInExpired => "This sign-in took too long and has expired. Please sign in again.".into(),
            Self::InvalidVerifier => "This tab's sign-in data was damaged, so it was discarded. Please sign in again.".into(),
            Self::MissingCode => "OpenRouter did not send a sign-in code back. Please sign in again.".into(),
            Self::Provider(error) => format!("OpenRouter did not complete the sign-in ({error}). You can try again."),
            Self::Storage(e) => e.message().into(),
            Self::Redirect => "The browser did not open OpenRouter's sign-in page. Please try again.".into(),
            Self::NoRandomSource => "This browser cannot generate secure random numbers, which sign-in needs. Please use an up-to-date browser.".into(),
            Self::InvalidOptions(e) => format!("Sign-in did not start: {}", e.message()),
            Self::UnusableStoredKey => "The saved key could not be used; sign in again.".into(),
            Self::KeyExpired(at) => format!("Your OpenRouter key expired ({at}), so you were signed out. Sign in again to get a new key."),
        }
    }
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Exchange(e) => Some(e),
            Self::Storage(e) => Some(e),
            Self::InvalidOptions(e) => Some(e),
            _ => None,
        }
    }
}
