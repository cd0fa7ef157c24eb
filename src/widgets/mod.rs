//! Widgets only the demo uses: code blocks with a Copy button, the navigation links, the theme
//! toggle and the playground.

pub mod code_block;
pub mod nav_link;
pub mod playground;
pub mod theme;

pub use code_block::CodeBlock;
pub use nav_link::NavLink;
pub use playground::Playground;
pub use theme::ThemeToggle;
