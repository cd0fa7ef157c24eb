//! Sign in with OpenRouter for Yew.
//!
//! The library part, for any Yew app:
//! - [`auth`]: OAuth PKCE (S256) against OpenRouter with no backend, the auth store
//!   ([`auth::AuthProvider`], [`auth::use_auth`]) that stays in sync across tabs, and the guarded
//!   callback ([`auth::OAuthCallback`]).
//! - [`components`]: the [`components::SignInButton`] in 5 variants and 4 sizes.
//! - [`chat`]: a streaming chat/completions client (SSE decoder, request, error mapping).

pub mod api_error;
pub mod auth;
#[cfg(feature = "chat")]
pub mod chat;
pub mod components;
pub mod config;
pub mod web;
