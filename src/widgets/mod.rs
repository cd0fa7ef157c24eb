//! Widgets only the demo uses: the sign-in error, code blocks with a Copy button, the key's options
//! and details, links to the key's pages on OpenRouter, the navigation links, the theme toggle, the
//! playground and the sign-out control.

pub mod auth_alert;
pub mod code_block;
pub mod key_links;
pub mod key_options;
pub mod nav_link;
pub mod playground;
pub mod sign_out;
pub mod theme;

pub use auth_alert::AuthAlert;
pub use code_block::CodeBlock;
pub use key_links::KeyLinks;
pub use key_options::{use_saved_key_options, KeyDetails, KeyDetailsPart, KeyOptions};
pub use nav_link::NavLink;
pub use playground::Playground;
pub use sign_out::{SignOutButton, SignOutForgets};
pub use theme::ThemeToggle;
