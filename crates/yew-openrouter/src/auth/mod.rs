//! OAuth PKCE (S256) sign-in with OpenRouter: no backend, no client registration, no secret.
//!
//! What a Yew app uses is re-exported here: [`AuthProvider`] and [`use_auth`] (the store, one
//! source of truth synced across tabs, handed out as an [`AuthHandle`]), [`OAuthCallback`] (the
//! guarded `/callback` route, and [`CallbackGuard`] for one loaded on demand),
//! [`SignedIn`] / [`SignedOut`], [`ApiKey`] and [`AuthError`].
//!
//! The building blocks below need no Yew, so code that runs before the app does (a page's first
//! module) signs in with the same records the store reads:
//! - [`pkce`], [`urls`], [`exchange`] (the exchange and the parsing of its answer) and
//!   [`persist`] (where the key and the pending verifier live in browser storage; its checks are
//!   pure and tested natively).
//! - [`begin_sign_in`] and [`finish_sign_in`]: from a new verifier to OpenRouter's consent page,
//!   and from the callback's query to the key stored.

mod begin;
mod callback;
mod error;
pub mod exchange;
mod gates;
mod key;
pub mod persist;
pub mod pkce;
mod store;
pub mod urls;

pub use crate::config::{AuthConfig, SignInOptions};
pub use begin::{begin_sign_in, finish_sign_in, SignInFinished};
pub use callback::{
    signing_in, CallbackGuard, CallbackGuardProps, OAuthCallback, OAuthCallbackProps, SignInFailed,
    SignInFailedProps,
};
pub use error::AuthError;
pub use exchange::ExchangeError;
pub use gates::{GateProps, SignedIn, SignedOut};
pub use key::{ApiKey, InvalidKey};
pub use persist::StoredKey;
pub use store::{
    use_auth, use_auth_opt, AuthHandle, AuthProvider, AuthProviderProps, AuthState, AuthStatus,
    CallbackOutcome,
};
