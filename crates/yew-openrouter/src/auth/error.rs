//! Why a sign-in did not complete, or why the app is signed out: [`AuthError`], one variant per
//! thing that failed, with its source where there is one. [`AuthError::message`] is the sentence
//! a page shows; `Display` is for developers and logs.

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

/// For developers and logs; the page's words are [`AuthError::message`].
impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Exchange(_) => f.write_str("exchanging the code with OpenRouter failed"),
            Self::NoPendingSignIn => {
                f.write_str("callback: no sign-in pending in this tab, the code was not used")
            }
            Self::SignInExpired => {
                f.write_str("callback: the pending sign-in is older than 15 minutes")
            }
            Self::InvalidVerifier => {
                f.write_str("callback: the pending verifier or its record is damaged")
            }
            Self::MissingCode => f.write_str("callback: neither `code` nor `error` in the query"),
            Self::Provider(error) => write!(f, "callback: OpenRouter returned error={error}"),
            Self::Storage(_) => f.write_str("browser storage failed"),
            Self::NoRandomSource => f.write_str("crypto.getRandomValues is unavailable"),
            Self::Redirect => f.write_str("location.assign to the consent page failed"),
            Self::InvalidOptions(_) => f.write_str("the sign-in options are not usable"),
            Self::UnusableStoredKey => {
                f.write_str("the stored key is not a key, so it was removed")
            }
            Self::KeyExpired(at) => write!(f, "the key expired at {at}, so it was forgotten"),
        }
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

#[cfg(test)]
mod tests {
    use std::error::Error;

    use super::*;
    use crate::web::NetworkError;

    #[test]
    fn display_is_for_developers_and_the_sources_are_kept() {
        let e = AuthError::Exchange(ExchangeError::Http {
            status: 500,
            message: Some("boom".into()),
        });
        assert_eq!(e.to_string(), "exchanging the code with OpenRouter failed");
        assert_eq!(
            e.source().map(ToString::to_string).as_deref(),
            Some("key exchange failed with HTTP 500: boom")
        );
        assert!(e.message().contains("(500): boom"), "the page's words");
        let offline = AuthError::Exchange(ExchangeError::Network(NetworkError { aborted: false }));
        let network = offline.source().and_then(Error::source);
        assert_eq!(
            network.map(ToString::to_string).as_deref(),
            Some("request got no response (offline, DNS, CORS or CSP)")
        );
        let storage = AuthError::Storage(StorageError::WriteFailed);
        assert_eq!(
            storage.source().unwrap().to_string(),
            "web storage refused a write"
        );
        assert_eq!(AuthError::Redirect.source().map(|_| ()), None);
        assert!(!AuthError::NoPendingSignIn.to_string().ends_with('.'));
    }
}
