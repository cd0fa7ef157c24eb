//! Widgets only the demo uses: code blocks with a Copy button, the theme toggle and the
//! playground.

pub mod code_block;
pub mod playground;
pub mod theme;

pub use code_block::CodeBlock;
pub use playground::Playground;
pub use theme::ThemeToggle;
