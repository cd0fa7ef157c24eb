//! OAuth PKCE (S256) sign-in with OpenRouter: no backend, no client registration, no secret.
//!
//! - [`pkce`], [`urls`], [`exchange`] (parsing), [`persist::check_pending`]: pure, tested natively.
//! - [`persist`]: where the key and the pending verifier live in browser storage.
//! - [`begin`]: [`begin_sign_in`], from a verifier to the consent page, with or without Yew.
//! - [`store`]: [`AuthProvider`] and [`use_auth`], the one source of truth, synced across tabs.
//! - [`callback`]: [`OAuthCallback`], the guarded `/callback` route.
//! - [`error`]: [`AuthError`], why a sign-in did not complete.

pub mod begin;
pub mod callback;
pub mod error;
pub mod exchange;
pub mod gates;
pub mod key;
pub mod persist;
pub mod pkce;
pub mod store;
pub mod urls;

pub use crate::config::{AuthConfig, SignInOptions};
pub use begin::begin_sign_in;
pub use callback::OAuthCallback;
pub use error::AuthError;
pub use gates::{SignedIn, SignedOut};
pub use key::{ApiKey, InvalidKey};
pub use persist::StoredKey;
pub use store::{use_auth, use_auth_opt, AuthHandle, AuthProvider, AuthState, AuthStatus};
