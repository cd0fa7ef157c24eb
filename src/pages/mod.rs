//! One module per route.

pub mod callback;
pub mod chat;
pub mod home;
pub mod not_found;

pub use callback::{CallbackRoute, DemoCallback};
pub use home::HomePage;
pub use not_found::NotFound;
