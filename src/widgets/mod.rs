//! Widgets only the demo uses: code blocks with a Copy button, the key's options and details,
//! the navigation links, the theme toggle and the playground.

pub mod code_block;
pub mod key_options;
pub mod nav_link;
pub mod playground;
pub mod theme;

pub use code_block::CodeBlock;
pub use key_options::{use_saved_key_options, KeyDetails, KeyDetailsPart, KeyOptions};
pub use nav_link::NavLink;
pub use playground::Playground;
pub use theme::ThemeToggle;
