//! One module per route.

pub mod callback;
pub mod chat;
pub mod home;
pub mod not_found;
