//! One module per route (`/callback` is the library's `OAuthCallback` itself).

pub mod chat;
pub mod home;
pub mod not_found;
