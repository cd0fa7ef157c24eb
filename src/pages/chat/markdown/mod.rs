//! Markdown for the chat's replies, safe and streaming.
//!
//! A reply is parsed with `pulldown-cmark` (CommonMark, with GitHub's tables and strikethrough)
//! into a small tree of [`Block`]s and [`Inline`]s, then rendered as Yew virtual DOM nodes. Nothing
//! is ever written as an HTML string, so nothing in a reply is parsed by the browser:
//! - raw HTML, as a block or inline, is shown as its literal text (a block as a code block
//!   labelled "HTML");
//! - only `http:`, `https:` and `mailto:` links become `<a>` elements, each with
//!   `rel="noopener noreferrer"` and `target="_blank"`; any other link (relative, `javascript:`,
//!   `data:`, …) is shown as the plain text of its content;
//! - images are never loaded: an image is shown as a link to it (same rule), "Image: " and its alt
//!   text.
//!
//! [`MarkdownStream`] follows a reply that arrives in small deltas: the top-level blocks that can
//! no longer change are *finished* and parsed once; only the open tail is parsed again on each
//! delta. [`Markdown`] renders a finished reply, [`StreamingMarkdown`] (or [`render_stream`]) a
//! reply being streamed; for the same text both give the same DOM.
//!
//! The DOM's classes, for styling: `markdown` (the root `<div>`), `md-table` (the `<div>` around
//! a `<table>`, to scroll it), `md-align-left`, `md-align-center` and `md-align-right` (table
//! cells; a class because the Content-Security-Policy allows no `style` attributes), `md-image`
//! (an image's link). Code blocks are the demo's [`CodeBlock`](crate::widgets::CodeBlock). Soft line breaks stay `\n` in the
//! text: a line break under `white-space: pre-wrap`, a space otherwise.
//!
//! Laid out by concern: this module holds the model ([`Block`], [`Inline`], [`ListItems`],
//! [`Align`]) and the link rule ([`is_safe_url`]); `parse` turns text into blocks ([`parse`]);
//! `stream` follows a reply delta by delta ([`MarkdownStream`]); `render` turns blocks into Yew
//! nodes ([`Markdown`], [`StreamingMarkdown`], [`render_stream`], [`block_html`]; a list's items
//! as [`MarkdownItems`] and [`MarkdownItem`], rendered again only when they change).

mod parse;
mod render;
mod stream;
#[cfg(test)]
mod tests;

use std::rc::Rc;

pub use parse::parse;
pub use render::{
    block_html, inlines_html, render_blocks, render_stream, Markdown, MarkdownBlock,
    MarkdownBlockProps, MarkdownItem, MarkdownItemProps, MarkdownItems, MarkdownItemsProps,
    MarkdownProps, StreamingMarkdown, StreamingMarkdownProps,
};
pub use stream::MarkdownStream;

use crate::pieces::Pieces;
use crate::widgets::code_block::CodeText;

/// How many levels a reply's headings are moved down: the page's title is the only `<h1>`, so a
/// reply's `#` becomes `<h2>`, its `##` `<h3>` and so on; `#####` and `######` both become
/// `<h6>`.
pub const HEADING_SHIFT: u8 = 1;

/// What a code block without a language says in its header.
pub const NO_LANG: &str = "Code";

/// What a raw HTML block (shown as code, never parsed) says in its header.
pub const HTML_LANG: &str = "HTML";

/// What an image's link starts with.
pub const IMAGE_MARKER: &str = "Image: ";

/// Nesting deeper than this (block quotes, lists, emphasis, …) is flattened: the content is kept,
/// the extra containers are not. Keeps a hostile reply (`>>>>>…`) from nesting the tree, the
/// renderer's recursion and the DOM thousands deep.
pub const MAX_DEPTH: usize = 16;

/// A block of a reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (`<p>`).
    Paragraph(Vec<Inline>),
    /// The text of a tight list item, not wrapped in `<p>`.
    Plain(Vec<Inline>),
    /// A heading, with the level as written (1 to 6; see [`HEADING_SHIFT`]).
    Heading {
        /// 1 for `#`, 6 for `######`.
        level: u8,
        /// The heading's text.
        content: Vec<Inline>,
    },
    /// A block quote.
    BlockQuote(Vec<Block>),
    /// A list: ordered when it has a start number.
    List {
        /// The first item's number (ordered lists only).
        start: Option<u64>,
        /// Each item's blocks.
        items: ListItems,
    },
    /// A fenced or indented code block.
    Code {
        /// The fence's language (the first word of its info string), if any.
        lang: Option<Rc<str>>,
        /// The code, without the final line break (in pieces while a stream follows it).
        code: CodeText,
    },
    /// Raw HTML, kept as text.
    Html(Rc<str>),
    /// A table.
    Table {
        /// Each column's alignment.
        align: Vec<Align>,
        /// The header row's cells.
        head: Vec<Vec<Inline>>,
        /// The body rows' cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A horizontal rule.
    Rule,
}

/// A list item: its blocks, shared (a stream keeps a long list's complete items, and the renderer
/// leaves an item alone while it is the same `Rc`).
pub type Item = Rc<[Block]>;

/// A list's items in groups, equal to another when their items are equal however they are
/// grouped ([`Pieces`]). A stream groups a long list's complete items so that a push copies a
/// few group pointers and the open group, not every item.
pub type ListItems = Pieces<[Item]>;

/// A table column's alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// As the page aligns text.
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// Inline content of a reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Text.
    Text(String),
    /// A code span.
    Code(String),
    /// `*emphasis*`
    Emphasis(Vec<Inline>),
    /// `**strong**`
    Strong(Vec<Inline>),
    /// `~~strikethrough~~`
    Strikethrough(Vec<Inline>),
    /// A link whose address passed [`is_safe_url`].
    Link {
        /// The address.
        href: String,
        /// The link's title (may be empty).
        title: String,
        /// The link's text.
        content: Vec<Inline>,
    },
    /// An image, shown as a link to it (never loaded).
    Image {
        /// The address, when it passed [`is_safe_url`] (and the image is not inside a link).
        href: Option<String>,
        /// The alt text, or the address when the alt text is empty.
        label: String,
    },
    /// Raw inline HTML, kept as text.
    RawHtml(String),
    /// A line break in the source (a line break in the text).
    SoftBreak,
    /// A hard line break (`<br>`).
    HardBreak,
}

/// Whether `url` may become a link: its scheme is `http`, `https` or `mailto` (any case).
/// Relative addresses and every other scheme (`javascript:`, `data:`, `vbscript:`, `file:`, …)
/// may not.
pub fn is_safe_url(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        ["http", "https", "mailto"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s))
    })
}
