//! Sign in with OpenRouter for Yew: [`auth`] (OAuth PKCE, the auth store, the callback),
//! [`components`] (the sign-in button), `chat` (the `chat` feature: the chat/completions
//! client), [`config`] (what an app sets), [`web`] (storage and the address bar),
//! [`api_error`] (OpenRouter's error body), and a [`prelude`] of what an app uses.
//!
//! The crate's README follows: the smallest app (compiled as a doctest), the options, the cargo
//! features, styles under a Content-Security-Policy and what the library costs an app.
//!
#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod api_error;
pub mod auth;
#[cfg(feature = "chat")]
pub mod chat;
pub mod components;
pub mod config;
pub mod web;

/// What an app that signs in uses, in one import: `use yew_openrouter::prelude::*;`.
///
/// ```
/// use yew_openrouter::prelude::*;
/// let config = AuthConfig::default().with_app_title("My app");
/// assert_eq!(config.app_title.as_deref(), Some("My app"));
/// ```
pub mod prelude {
    pub use crate::auth::{
        use_auth, use_auth_opt, ApiKey, AuthConfig, AuthError, AuthHandle, AuthProvider,
        CallbackGuard, OAuthCallback, SignInOptions, SignedIn, SignedOut,
    };
    pub use crate::components::{ButtonSize, ButtonVariant, SignInButton};
}
