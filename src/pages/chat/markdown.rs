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
//! (an image's link). Code blocks are the demo's [`CodeBlock`]. Soft line breaks stay `\n` in the
//! text: a line break under `white-space: pre-wrap`, a space otherwise.

use std::collections::HashMap;
use std::rc::Rc;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
};
use yew::prelude::*;

use crate::widgets::CodeBlock;

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
        items: Vec<Vec<Block>>,
    },
    /// A fenced or indented code block.
    Code {
        /// The fence's language (the first word of its info string), if any.
        lang: Option<Rc<str>>,
        /// The code, without the final line break.
        code: Rc<str>,
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

// ---- Parsing ----

/// The parser's options: CommonMark with tables and strikethrough.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Parses a whole reply.
pub fn parse(text: &str) -> Vec<Block> {
    parse_region(text, &Defs::new())
        .blocks
        .into_iter()
        .map(|(block, _)| block)
        .collect()
}

/// Link reference definitions seen before the region being parsed: lower-cased label →
/// (address, title).
type Defs = HashMap<String, (Box<str>, Box<str>)>;

/// One parse of a region of the text.
struct Parsed {
    /// The top-level blocks, each with its byte range in the region.
    blocks: Vec<(Block, std::ops::Range<usize>)>,
    /// The region's link reference definitions.
    defs: Vec<Def>,
}

/// A link reference definition found in a region.
struct Def {
    /// The label, lower-cased.
    label: String,
    url: Box<str>,
    title: Box<str>,
    /// Its byte range in the region.
    span: std::ops::Range<usize>,
}

/// Parses `text`; a reference to a label it does not define is looked up in `known`.
fn parse_region(text: &str, known: &Defs) -> Parsed {
    let callback = |link: pulldown_cmark::BrokenLink<'_>| {
        known
            .get(&link.reference.to_lowercase())
            .map(|(url, title)| (CowStr::Boxed(url.clone()), CowStr::Boxed(title.clone())))
    };
    let mut events =
        Parser::new_with_broken_link_callback(text, options(), Some(callback)).into_offset_iter();
    let mut blocks = Vec::new();
    while let Some((event, range)) = events.next() {
        let mut inner = (&mut events).map(|(e, _)| e);
        let mut out = Vec::new();
        match event {
            Event::Start(tag) => read_block(tag, &mut inner, 0, &mut out),
            Event::Rule => out.push(Block::Rule),
            // Not expected at the top level; kept as text all the same.
            other => {
                let mut inlines = Vec::new();
                push_event(other, &mut inlines);
                out.push(Block::Paragraph(inlines));
            }
        }
        blocks.extend(out.into_iter().map(|b| (b, range.clone())));
    }
    let defs = events
        .reference_definitions()
        .iter()
        .map(|(label, def)| Def {
            label: label.to_lowercase(),
            url: Box::from(&*def.dest),
            title: Box::from(def.title.as_deref().unwrap_or("")),
            span: def.span.clone(),
        })
        .collect();
    Parsed { blocks, defs }
}

/// Whether a tag is inline (inside a paragraph, a heading, a table cell).
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// Whether a block tag holds other blocks (and so counts toward [`MAX_DEPTH`]).
fn is_container(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Table(_)
    )
}

/// Reads the block that `tag` opened (up to its end) into `out`. `depth`: how many containers
/// hold it.
fn read_block<'a>(
    tag: Tag<'a>,
    events: &mut impl Iterator<Item = Event<'a>>,
    depth: usize,
    out: &mut Vec<Block>,
) {
    match tag {
        Tag::Paragraph => out.push(Block::Paragraph(read_inlines(events, depth, false))),
        Tag::Heading { level, .. } => out.push(Block::Heading {
            level: heading_number(level),
            content: read_inlines(events, depth, false),
        }),
        Tag::CodeBlock(kind) => {
            let lang = match kind {
                CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(Rc::from),
                CodeBlockKind::Indented => None,
            };
            let mut code = read_text(events);
            if code.ends_with('\n') {
                code.pop();
            }
            out.push(Block::Code {
                lang,
                code: code.into(),
            });
        }
        Tag::HtmlBlock => {
            let mut html = read_text(events);
            if html.ends_with('\n') {
                html.pop();
            }
            out.push(Block::Html(html.into()));
        }
        Tag::Table(align) => out.push(read_table(&align, events, depth)),
        Tag::BlockQuote(_) => out.push(Block::BlockQuote(read_blocks(events, depth + 1))),
        Tag::List(start) => {
            let mut items = Vec::new();
            while let Some(event) = events.next() {
                match event {
                    Event::Start(Tag::Item) => items.push(read_blocks(events, depth + 1)),
                    Event::Start(other) => read_block(other, events, depth + 1, &mut Vec::new()),
                    Event::End(_) => break,
                    _ => {}
                }
            }
            out.push(Block::List { start, items });
        }
        // Not enabled (footnotes, definition lists, metadata): the content, without the container.
        _ => out.extend(read_blocks(events, depth)),
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Reads the blocks of a container up to its end. Inline content outside a paragraph (a tight
/// list item's text) becomes [`Block::Plain`].
fn read_blocks<'a>(events: &mut impl Iterator<Item = Event<'a>>, depth: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut loose = Vec::new();
    let flush = |loose: &mut Vec<Inline>, blocks: &mut Vec<Block>| {
        if !loose.is_empty() {
            blocks.push(Block::Plain(std::mem::take(loose)));
        }
    };
    // Containers flattened at the depth limit: their ends are not ours. (Flattening in a loop,
    // not by recursion, is what bounds the recursion.)
    let mut skipped = 0usize;
    while let Some(event) = events.next() {
        match event {
            Event::End(_) if skipped > 0 => {
                skipped -= 1;
                flush(&mut loose, &mut blocks);
            }
            Event::End(_) => break,
            Event::Start(tag) if is_inline(&tag) => {
                read_inline(tag, events, depth, false, &mut loose)
            }
            Event::Start(tag) if depth >= MAX_DEPTH && is_container(&tag) => {
                flush(&mut loose, &mut blocks);
                skipped += 1;
            }
            Event::Start(tag) => {
                flush(&mut loose, &mut blocks);
                read_block(tag, events, depth, &mut blocks);
            }
            Event::Rule => {
                flush(&mut loose, &mut blocks);
                blocks.push(Block::Rule);
            }
            other => push_event(other, &mut loose),
        }
    }
    flush(&mut loose, &mut blocks);
    blocks
}

/// Reads inline content up to the end of its container. `in_link`: inside a link (where an
/// image is not made a link of its own).
fn read_inlines<'a>(
    events: &mut impl Iterator<Item = Event<'a>>,
    depth: usize,
    in_link: bool,
) -> Vec<Inline> {
    let mut out = Vec::new();
    // Containers flattened at the depth limit, or blocks where inlines were expected (neither
    // comes from pulldown-cmark in practice): their ends are not ours.
    let mut skipped = 0usize;
    while let Some(event) = events.next() {
        match event {
            Event::End(_) if skipped > 0 => skipped -= 1,
            Event::End(_) => break,
            Event::Start(tag) if depth < MAX_DEPTH && is_inline(&tag) => {
                read_inline(tag, events, depth, in_link, &mut out)
            }
            Event::Start(_) => skipped += 1,
            other => push_event(other, &mut out),
        }
    }
    out
}

/// Reads the inline element that `tag` opened into `out`.
fn read_inline<'a>(
    tag: Tag<'a>,
    events: &mut impl Iterator<Item = Event<'a>>,
    depth: usize,
    in_link: bool,
    out: &mut Vec<Inline>,
) {
    let depth = depth + 1;
    match tag {
        Tag::Image { dest_url, .. } => {
            let alt = plain_text(&read_inlines(events, depth, true));
            let label = if alt.is_empty() {
                dest_url.to_string()
            } else {
                alt
            };
            let href = (!in_link && is_safe_url(&dest_url)).then(|| dest_url.to_string());
            out.push(Inline::Image { href, label });
        }
        Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        } => {
            let content = read_inlines(events, depth, true);
            let href = if link_type == LinkType::Email {
                format!("mailto:{dest_url}")
            } else {
                dest_url.to_string()
            };
            if is_safe_url(&href) && !in_link {
                out.push(Inline::Link {
                    href,
                    title: title.to_string(),
                    content,
                });
            } else {
                content.into_iter().for_each(|i| push_inline(out, i));
            }
        }
        Tag::Emphasis => out.push(Inline::Emphasis(read_inlines(events, depth, in_link))),
        Tag::Strong => out.push(Inline::Strong(read_inlines(events, depth, in_link))),
        Tag::Strikethrough => out.push(Inline::Strikethrough(read_inlines(events, depth, in_link))),
        // Not enabled (superscript, subscript): the content.
        _ => read_inlines(events, depth, in_link)
            .into_iter()
            .for_each(|i| push_inline(out, i)),
    }
}

/// Appends an inline event (or a stray block-level one, as text).
fn push_event(event: Event<'_>, out: &mut Vec<Inline>) {
    let inline = match event {
        Event::Text(t) => Inline::Text(t.into_string()),
        Event::Code(t) => Inline::Code(t.into_string()),
        Event::Html(t) | Event::InlineHtml(t) => Inline::RawHtml(t.into_string()),
        Event::InlineMath(t) | Event::DisplayMath(t) => Inline::Text(t.into_string()),
        Event::FootnoteReference(t) => Inline::Text(format!("[^{t}]")),
        Event::SoftBreak => Inline::SoftBreak,
        Event::HardBreak => Inline::HardBreak,
        Event::TaskListMarker(done) => Inline::Text(if done { "[x] " } else { "[ ] " }.into()),
        Event::Rule | Event::Start(_) | Event::End(_) => return,
    };
    push_inline(out, inline);
}

/// Appends an inline, joining adjacent texts (the parser splits text at entities and escapes).
fn push_inline(out: &mut Vec<Inline>, inline: Inline) {
    match (out.last_mut(), inline) {
        (Some(Inline::Text(last)), Inline::Text(more)) => last.push_str(&more),
        (Some(Inline::RawHtml(last)), Inline::RawHtml(more)) => last.push_str(&more),
        (_, inline) => out.push(inline),
    }
}

/// The text of a code or HTML block, up to its end.
fn read_text<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    for event in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::Code(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// Inlines as plain text (an image's alt text).
fn plain_text(inlines: &[Inline]) -> String {
    let mut text = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) | Inline::RawHtml(t) => text.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                text.push_str(&plain_text(c))
            }
            Inline::Link { content, .. } => text.push_str(&plain_text(content)),
            Inline::Image { label, .. } => text.push_str(label),
            Inline::SoftBreak | Inline::HardBreak => text.push(' '),
        }
    }
    text
}

fn read_table<'a>(
    align: &[Alignment],
    events: &mut impl Iterator<Item = Event<'a>>,
    depth: usize,
) -> Block {
    let align = align
        .iter()
        .map(|a| match a {
            Alignment::None => Align::None,
            Alignment::Left => Align::Left,
            Alignment::Center => Align::Center,
            Alignment::Right => Align::Right,
        })
        .collect();
    let mut head = Vec::new();
    let mut rows = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::TableHead) => head = read_row(events, depth),
            Event::Start(Tag::TableRow) => rows.push(read_row(events, depth)),
            Event::Start(other) => read_block(other, events, depth, &mut Vec::new()),
            Event::End(_) => break,
            _ => {}
        }
    }
    Block::Table { align, head, rows }
}

/// The cells of a table row (or of the header), up to its end.
fn read_row<'a>(events: &mut impl Iterator<Item = Event<'a>>, depth: usize) -> Vec<Vec<Inline>> {
    let mut cells = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::TableCell) => cells.push(read_inlines(events, depth, false)),
            Event::Start(other) => read_block(other, events, depth, &mut Vec::new()),
            Event::End(_) => break,
            _ => {}
        }
    }
    cells
}

// ---- Streaming ----

/// A reply being streamed, parsed incrementally.
///
/// The text is split into *finished* top-level blocks, which never change again, and the *open
/// tail*, parsed again on each [`push`](Self::push). Together they are what [`parse`] gives for
/// the whole text so far (see the limitation below).
///
/// How it stays incremental: the tail starts at the line where the last top-level block of the
/// text's *complete lines* starts. When a delta completes a line, the tail's complete lines are
/// parsed; every top-level block but the last one is finished (a later line can only change the
/// block that is still open: a setext underline or a table's delimiter row changes the paragraph
/// just before it, a lazy continuation line or an indented line joins the last block, an
/// unclosed code fence runs to the end), and the tail moves to the last one. The incomplete last
/// line is left out of that decision because what it is can still change (`***` is a rule,
/// `***x` a paragraph's text; `#` a heading, `#x` a lazy continuation). Then the tail is parsed
/// with the incomplete line, for display. Link reference definitions that follow the last
/// finished block stay in the tail (a definition's title may continue on the next line). A delta
/// thus costs a parse of the tail (twice when it completes a line), however long the reply.
///
/// The cost is bounded by the last top-level block, which can be long: a reply that is one long
/// list or one long paragraph is all tail until it ends.
///
/// Limitation: a link reference definition (`[label]: https://…`) applies to the blocks after
/// it, but not to finished blocks before it, which were parsed before it arrived; [`parse`] of
/// the whole text applies it to both. Likewise a label defined twice keeps its first definition
/// in [`parse`], but the blocks parsed together with the second one take the second. (Models
/// rarely write reference links.) Apart from that, the blocks equal [`parse`]'s for the same
/// text, however the text was split into deltas.
#[derive(Debug, Default)]
pub struct MarkdownStream {
    text: String,
    finished: Vec<Rc<Block>>,
    tail: Vec<Rc<Block>>,
    /// Where the tail starts in `text`.
    tail_start: usize,
    /// The definitions before `tail_start`.
    defs: Defs,
    /// Bytes given to the parser by the last push.
    reparsed: usize,
}

impl MarkdownStream {
    /// An empty reply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a piece of the reply and parses again what may have changed.
    pub fn push(&mut self, delta: &str) {
        self.reparsed = 0;
        if delta.is_empty() {
            return;
        }
        let old_len = self.text.len();
        self.text.push_str(delta);
        if let Some(nl) = delta.rfind('\n') {
            self.finish_blocks(old_len + nl + 1);
        }
        let tail = &self.text[self.tail_start..];
        self.reparsed += tail.len();
        self.tail = parse_region(tail, &self.defs)
            .blocks
            .into_iter()
            .map(|(block, _)| Rc::new(block))
            .collect();
    }

    /// Parses the tail's complete lines (up to `lines_end`) and finishes every top-level block
    /// of them but the last.
    fn finish_blocks(&mut self, lines_end: usize) {
        let start = self.tail_start;
        let region = &self.text[start..lines_end];
        self.reparsed += region.len();
        let parsed = parse_region(region, &self.defs);
        let n = parsed.blocks.len();
        if n < 2 {
            return;
        }
        // The tail's new start: the line of the last block, or of a definition after the last
        // finished block, whichever comes first.
        let finished_end = parsed.blocks[n - 2].1.end;
        let mut new_start = parsed.blocks[n - 1].1.start;
        for def in &parsed.defs {
            if def.span.start >= finished_end {
                new_start = new_start.min(def.span.start);
            }
        }
        let new_start = line_start(&self.text, start + new_start);
        for def in parsed.defs {
            if start + def.span.end <= new_start {
                self.defs.entry(def.label).or_insert((def.url, def.title));
            }
        }
        let mut blocks = parsed.blocks;
        blocks.truncate(n - 1);
        self.finished
            .extend(blocks.into_iter().map(|(block, _)| Rc::new(block)));
        self.tail_start = new_start;
    }

    /// The reply so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The finished top-level blocks: they never change again (the same `Rc`s on every push).
    pub fn finished(&self) -> &[Rc<Block>] {
        &self.finished
    }

    /// The open tail's top-level blocks (new `Rc`s on every push): the last block, and whatever
    /// the incomplete last line starts.
    pub fn tail(&self) -> &[Rc<Block>] {
        &self.tail
    }

    /// All the blocks: the finished ones, then the tail's.
    pub fn blocks(&self) -> impl Iterator<Item = &Rc<Block>> + '_ {
        self.finished.iter().chain(&self.tail)
    }

    /// The byte offset in [`text`](Self::text) where the open tail starts.
    pub fn tail_start(&self) -> usize {
        self.tail_start
    }

    /// How many bytes the last [`push`](Self::push) gave to the parser: the tail, twice when the
    /// delta completed a line, never the whole reply.
    pub fn last_reparsed(&self) -> usize {
        self.reparsed
    }
}

/// The start of the line that holds byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |nl| nl + 1)
}

// ---- Rendering ----

/// Props of [`Markdown`].
#[derive(Properties, PartialEq)]
pub struct MarkdownProps {
    /// The reply's Markdown.
    pub text: AttrValue,
}

/// A finished reply's Markdown, rendered. The text is parsed again only when it changes.
#[component]
pub fn Markdown(props: &MarkdownProps) -> Html {
    let blocks = use_memo(props.text.clone(), |text| {
        parse(text).into_iter().map(Rc::new).collect::<Vec<_>>()
    });
    render_blocks(blocks.iter())
}

/// Props of [`StreamingMarkdown`].
#[derive(Properties, PartialEq)]
pub struct StreamingMarkdownProps {
    /// The reply so far; each render normally extends the previous one.
    pub text: AttrValue,
}

/// A reply being streamed, rendered: it keeps a [`MarkdownStream`] and pushes what `text` added
/// since the last render (a `text` that does not extend the last one starts over). Finished
/// blocks are not rendered again; for the same text the DOM is the same as [`Markdown`]'s.
///
/// The parent still copies the whole text into a new `AttrValue` for each delta; a parent that
/// owns a [`MarkdownStream`] itself can render it with [`render_stream`] instead.
#[component]
pub fn StreamingMarkdown(props: &StreamingMarkdownProps) -> Html {
    let stream = use_mut_ref(MarkdownStream::new);
    let mut stream = stream.borrow_mut();
    if !props.text.starts_with(stream.text()) {
        *stream = MarkdownStream::new();
    }
    let have = stream.text().len();
    stream.push(&props.text[have..]);
    render_stream(&stream)
}

/// A [`MarkdownStream`]'s blocks, rendered: each block is a [`MarkdownBlock`] keyed by its index,
/// so a push renders the open tail again and leaves the finished blocks alone.
pub fn render_stream(stream: &MarkdownStream) -> Html {
    render_blocks(stream.blocks())
}

/// Blocks in a `<div class="markdown">`, each a [`MarkdownBlock`] keyed by its index.
pub fn render_blocks<'a>(blocks: impl IntoIterator<Item = &'a Rc<Block>>) -> Html {
    html! {
        <div class="markdown">
            { for blocks.into_iter().enumerate().map(|(i, block)| html! {
                <MarkdownBlock key={i} block={block.clone()} />
            }) }
        </div>
    }
}

/// Props of [`MarkdownBlock`].
#[derive(Properties, Clone)]
pub struct MarkdownBlockProps {
    /// The block.
    pub block: Rc<Block>,
}

impl PartialEq for MarkdownBlockProps {
    fn eq(&self, other: &Self) -> bool {
        // A finished block is the same Rc on every render; a tail block is a new one, equal when
        // the delta did not change it.
        Rc::ptr_eq(&self.block, &other.block) || self.block == other.block
    }
}

/// One top-level block, rendered again only when it changes.
#[component]
pub fn MarkdownBlock(props: &MarkdownBlockProps) -> Html {
    block_html(&props.block)
}

/// A block as virtual DOM.
pub fn block_html(block: &Block) -> Html {
    match block {
        Block::Paragraph(content) => html! { <p>{ inlines_html(content) }</p> },
        Block::Plain(content) => inlines_html(content),
        Block::Heading { level, content } => {
            let tag = match level.saturating_add(HEADING_SHIFT) {
                ..=1 => "h1",
                2 => "h2",
                3 => "h3",
                4 => "h4",
                5 => "h5",
                _ => "h6",
            };
            html! { <@{tag}>{ inlines_html(content) }</@> }
        }
        Block::BlockQuote(blocks) => {
            html! { <blockquote>{ for blocks.iter().map(block_html) }</blockquote> }
        }
        Block::List { start, items } => {
            let items = items.iter().map(|item| {
                html! { <li>{ for item.iter().map(block_html) }</li> }
            });
            match start {
                None => html! { <ul>{ for items }</ul> },
                Some(n) => {
                    let start = (*n != 1).then(|| AttrValue::from(n.to_string()));
                    html! { <ol {start}>{ for items }</ol> }
                }
            }
        }
        Block::Code { lang, code } => {
            let lang = lang
                .clone()
                .map_or(AttrValue::Static(NO_LANG), AttrValue::from);
            html! { <CodeBlock code={AttrValue::from(code.clone())} {lang} /> }
        }
        Block::Html(html) => html! {
            <CodeBlock code={AttrValue::from(html.clone())} lang={HTML_LANG} />
        },
        Block::Table { align, head, rows } => {
            let class = |i: usize| {
                classes!(match align.get(i) {
                    Some(Align::Left) => Some("md-align-left"),
                    Some(Align::Center) => Some("md-align-center"),
                    Some(Align::Right) => Some("md-align-right"),
                    _ => None,
                })
            };
            html! {
                <div class="md-table">
                    <table>
                        <thead>
                            <tr>
                                { for head.iter().enumerate().map(|(i, cell)| html! {
                                    <th class={class(i)}>{ inlines_html(cell) }</th>
                                }) }
                            </tr>
                        </thead>
                        if !rows.is_empty() {
                            <tbody>
                                { for rows.iter().map(|row| html! {
                                    <tr>
                                        { for row.iter().enumerate().map(|(i, cell)| html! {
                                            <td class={class(i)}>{ inlines_html(cell) }</td>
                                        }) }
                                    </tr>
                                }) }
                            </tbody>
                        }
                    </table>
                </div>
            }
        }
        Block::Rule => html! { <hr /> },
    }
}

/// Inline content as virtual DOM: text nodes and a few elements, never parsed HTML.
pub fn inlines_html(inlines: &[Inline]) -> Html {
    inlines.iter().map(inline_html).collect()
}

fn inline_html(inline: &Inline) -> Html {
    match inline {
        Inline::Text(text) | Inline::RawHtml(text) => html! { { text.clone() } },
        Inline::Code(code) => html! { <code>{ code.clone() }</code> },
        Inline::Emphasis(c) => html! { <em>{ inlines_html(c) }</em> },
        Inline::Strong(c) => html! { <strong>{ inlines_html(c) }</strong> },
        Inline::Strikethrough(c) => html! { <del>{ inlines_html(c) }</del> },
        Inline::Link {
            href,
            title,
            content,
        } => {
            let title = (!title.is_empty()).then(|| AttrValue::from(title.clone()));
            html! {
                <a href={href.clone()} {title} rel="noopener noreferrer" target="_blank">
                    { inlines_html(content) }
                </a>
            }
        }
        Inline::Image {
            href: Some(href),
            label,
        } => html! {
            <a class="md-image" href={href.clone()} rel="noopener noreferrer" target="_blank">
                { IMAGE_MARKER }{ label.clone() }
            </a>
        },
        Inline::Image { href: None, label } => html! { <>{ IMAGE_MARKER }{ label.clone() }</> },
        Inline::SoftBreak => html! { { "\n" } },
        Inline::HardBreak => html! { <br /> },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }
    fn para(content: Vec<Inline>) -> Block {
        Block::Paragraph(content)
    }
    fn plain(s: &str) -> Block {
        Block::Plain(vec![t(s)])
    }
    fn one(text: &str) -> Block {
        let mut blocks = parse(text);
        assert_eq!(blocks.len(), 1, "{text:?} → {blocks:?}");
        blocks.remove(0)
    }
    fn inlines(text: &str) -> Vec<Inline> {
        match one(text) {
            Block::Paragraph(content) => content,
            other => panic!("{text:?} is not a paragraph: {other:?}"),
        }
    }
    fn link(href: &str, text: &str) -> Inline {
        Inline::Link {
            href: href.into(),
            title: String::new(),
            content: vec![t(text)],
        }
    }

    /// A reply as a model writes one: a heading, a list, a fenced code block, a table and a
    /// paragraph.
    const REPLY: &str = "# Reading a file in Rust\n\
        \n\
        Here is how, in **three** steps:\n\
        \n\
        1. Open the file with `File::open`.\n\
        2. Read it:\n   - all at once, or\n   - line by line.\n\
        3. Handle *errors* with `?`.\n\
        \n\
        ```rust\n\
        use std::fs;\n\
        \n\
        fn main() -> std::io::Result<()> {\n    \
            let text = fs::read_to_string(\"notes.txt\")?;\n    \
            println!(\"{text}\");\n    \
            Ok(())\n\
        }\n\
        ```\n\
        \n\
        | Method | Reads | Speed |\n\
        |:-------|:-----:|------:|\n\
        | `read_to_string` | all | fast |\n\
        | `BufReader::lines` | a line | ~~slow~~ fine |\n\
        \n\
        See [the docs](https://doc.rust-lang.org/std/fs/) for more.\n\
        \n\
        Setext heading\n\
        ---\n\
        > A quote\n\
        lazily continued.\n\
        \n\
        ***\n\
        Last paragraph, no final line break";

    // ---- Constructs ----

    #[test]
    fn paragraphs_and_emphasis() {
        assert_eq!(
            parse("Hello *em* **strong** ~~gone~~ ~one~\n\nSecond _one_ __two__"),
            vec![
                para(vec![
                    t("Hello "),
                    Inline::Emphasis(vec![t("em")]),
                    t(" "),
                    Inline::Strong(vec![t("strong")]),
                    t(" "),
                    Inline::Strikethrough(vec![t("gone")]),
                    t(" "),
                    Inline::Strikethrough(vec![t("one")]),
                ]),
                para(vec![
                    t("Second "),
                    Inline::Emphasis(vec![t("one")]),
                    t(" "),
                    Inline::Strong(vec![t("two")]),
                ]),
            ]
        );
        // Entities and escapes are decoded and joined into one text.
        assert_eq!(inlines("a &amp; b \\*c\\*"), vec![t("a & b *c*")]);
    }

    #[test]
    fn lists_ordered_unordered_nested_tight_and_loose() {
        assert_eq!(
            one("3. three\n4. four\n   - nested\n     1. deep\n"),
            Block::List {
                start: Some(3),
                items: vec![
                    vec![plain("three")],
                    vec![
                        plain("four"),
                        Block::List {
                            start: None,
                            items: vec![vec![
                                plain("nested"),
                                Block::List {
                                    start: Some(1),
                                    items: vec![vec![plain("deep")]],
                                },
                            ]],
                        },
                    ],
                ],
            }
        );
        // Loose: each item's text is a paragraph.
        assert_eq!(
            one("- a\n\n- b\n\n  more b\n"),
            Block::List {
                start: None,
                items: vec![
                    vec![para(vec![t("a")])],
                    vec![para(vec![t("b")]), para(vec![t("more b")])],
                ],
            }
        );
        assert_eq!(
            parse("* x\n+ y\n"),
            vec![
                Block::List {
                    start: None,
                    items: vec![vec![plain("x")]]
                },
                Block::List {
                    start: None,
                    items: vec![vec![plain("y")]]
                },
            ],
            "a new bullet character starts a new list"
        );
    }

    #[test]
    fn headings_atx_and_setext() {
        let heading = |level, s: &str| Block::Heading {
            level,
            content: vec![t(s)],
        };
        assert_eq!(
            parse(
                "# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\nSet\n===\next\n---\n"
            ),
            vec![
                heading(1, "One"),
                heading(2, "Two"),
                heading(3, "Three"),
                heading(4, "Four"),
                heading(5, "Five"),
                heading(6, "Six"),
                heading(1, "Set"),
                heading(2, "ext"),
            ]
        );
        assert_eq!(parse("####### Seven"), vec![para(vec![t("####### Seven")])]);
    }

    #[test]
    fn block_quotes_nest_and_continue_lazily() {
        assert_eq!(
            one("> quoted\nlazy\n> > inner\n"),
            Block::BlockQuote(vec![
                para(vec![t("quoted"), Inline::SoftBreak, t("lazy")]),
                Block::BlockQuote(vec![para(vec![t("inner")])]),
            ])
        );
    }

    #[test]
    fn tables_with_header_and_alignment() {
        assert_eq!(
            one("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | **2** | 3 |\n"),
            Block::Table {
                align: vec![Align::Left, Align::Center, Align::Right, Align::None],
                head: vec![vec![t("a")], vec![t("b")], vec![t("c")], vec![t("d")]],
                rows: vec![vec![
                    vec![t("1")],
                    vec![Inline::Strong(vec![t("2")])],
                    vec![t("3")],
                    vec![],
                ]],
            }
        );
        // Without the delimiter row it is a paragraph; without the option too.
        assert!(matches!(one("| a | b |\n| 1 | 2 |"), Block::Paragraph(_)));
    }

    #[test]
    fn inline_code_and_code_blocks() {
        assert_eq!(
            inlines("Use `a < b` and ``x`y``."),
            vec![
                t("Use "),
                Inline::Code("a < b".into()),
                t(" and "),
                Inline::Code("x`y".into()),
                t(".")
            ]
        );
        assert_eq!(
            one("```rust ignore\nfn main() {}\n\n<b>not html</b>\n```\n"),
            Block::Code {
                lang: Some("rust".into()),
                code: "fn main() {}\n\n<b>not html</b>".into(),
            }
        );
        assert_eq!(
            one("~~~\nplain\n~~~"),
            Block::Code {
                lang: None,
                code: "plain".into()
            }
        );
        assert_eq!(
            one("    indented\n\n    still code\n"),
            Block::Code {
                lang: None,
                code: "indented\n\nstill code".into()
            }
        );
        // An unclosed fence runs to the end.
        assert_eq!(
            one("```py\nprint(1)\n\n# not a heading"),
            Block::Code {
                lang: Some("py".into()),
                code: "print(1)\n\n# not a heading".into()
            }
        );
    }

    #[test]
    fn breaks_and_rules() {
        assert_eq!(
            inlines("hard  \nback\\\nsoft\nend"),
            vec![
                t("hard"),
                Inline::HardBreak,
                t("back"),
                Inline::HardBreak,
                t("soft"),
                Inline::SoftBreak,
                t("end"),
            ]
        );
        assert_eq!(
            parse("a\n\n---\n***\n_ _ _\n"),
            vec![para(vec![t("a")]), Block::Rule, Block::Rule, Block::Rule]
        );
    }

    // ---- Safety ----

    #[test]
    fn raw_html_is_text() {
        assert_eq!(
            parse("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\nSome <b>bold</b> text"),
            vec![
                Block::Html("<script>alert(1)</script>".into()),
                Block::Html("<img src=x onerror=alert(1)>".into()),
                para(vec![
                    t("Some "),
                    Inline::RawHtml("<b>".into()),
                    t("bold"),
                    Inline::RawHtml("</b>".into()),
                    t(" text"),
                ]),
            ]
        );
        assert_eq!(
            inlines("x <img src=x onerror=alert(1)> y"),
            vec![
                t("x "),
                Inline::RawHtml("<img src=x onerror=alert(1)>".into()),
                t(" y")
            ]
        );
        assert_eq!(
            one("<div>\n*not parsed*\n</div>"),
            Block::Html("<div>\n*not parsed*\n</div>".into())
        );
    }

    #[test]
    fn only_http_https_and_mailto_are_links() {
        assert_eq!(
            inlines(
                "[a](https://example.com/x?y=1) [b](HTTP://EXAMPLE.COM) [m](mailto:me@example.com)"
            ),
            vec![
                link("https://example.com/x?y=1", "a"),
                t(" "),
                link("HTTP://EXAMPLE.COM", "b"),
                t(" "),
                link("mailto:me@example.com", "m"),
            ]
        );
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "JavaScript:alert(1)",
            "&#106;avascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "/relative/path",
            "relative",
            "#anchor",
            "//example.com/protocol-relative",
            "<java\tscript:alert(1)>",
            "<%20https://example.com>",
            "ftp://example.com",
        ] {
            let text = format!("see [the **link**]({bad}) now");
            assert_eq!(
                inlines(&text),
                vec![t("see the "), Inline::Strong(vec![t("link")]), t(" now")],
                "{bad}"
            );
        }
        assert!(!is_safe_url(""));
        assert!(!is_safe_url(" https://example.com"));
        assert!(is_safe_url("Https://example.com"));
    }

    #[test]
    fn links_keep_their_title_and_reference_links_resolve() {
        assert_eq!(
            inlines("[a](https://x.y \"The title\")"),
            vec![Inline::Link {
                href: "https://x.y".into(),
                title: "The title".into(),
                content: vec![t("a")]
            }]
        );
        assert_eq!(
            parse("[docs][d] and [bad][j]\n\n[d]: https://docs.rs\n[j]: javascript:alert(1)\n"),
            vec![para(vec![link("https://docs.rs", "docs"), t(" and bad")])]
        );
    }

    #[test]
    fn autolinks_follow_the_same_rules() {
        assert_eq!(
            inlines("<https://example.com> <me@example.com> <javascript:alert(1)> <DATA:x>"),
            vec![
                link("https://example.com", "https://example.com"),
                t(" "),
                link("mailto:me@example.com", "me@example.com"),
                t(" javascript:alert(1) DATA:x"),
            ]
        );
    }

    #[test]
    fn images_are_links_never_images() {
        assert_eq!(
            inlines("![a cat](https://example.com/cat.png) ![](https://example.com/x.png) ![x](javascript:alert(1)) ![y](/local.png)"),
            vec![
                Inline::Image {
                    href: Some("https://example.com/cat.png".into()),
                    label: "a cat".into()
                },
                t(" "),
                Inline::Image {
                    href: Some("https://example.com/x.png".into()),
                    label: "https://example.com/x.png".into()
                },
                t(" "),
                Inline::Image {
                    href: None,
                    label: "x".into()
                },
                t(" "),
                Inline::Image {
                    href: None,
                    label: "y".into()
                },
            ]
        );
        // An image inside a link: no link in a link.
        assert_eq!(
            inlines("[![*logo*](https://x.y/l.png)](https://x.y)"),
            vec![Inline::Link {
                href: "https://x.y".into(),
                title: String::new(),
                content: vec![Inline::Image {
                    href: None,
                    label: "logo".into()
                }]
            }]
        );
    }

    #[test]
    fn deep_nesting_is_flattened_not_overflowing() {
        fn depth(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match b {
                    Block::BlockQuote(inner) => 1 + depth(inner),
                    Block::List { items, .. } => {
                        1 + items.iter().map(|i| depth(i)).max().unwrap_or(0)
                    }
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        let quotes = format!("{}deep", ">".repeat(20_000));
        let blocks = parse(&quotes);
        assert!(depth(&blocks) <= MAX_DEPTH, "{}", depth(&blocks));
        assert!(format!("{blocks:?}").contains("deep"));

        let lists: String = (0..400)
            .map(|i| format!("{}- {i}\n", "  ".repeat(i)))
            .collect();
        let blocks = parse(&lists);
        assert!(depth(&blocks) <= MAX_DEPTH);
        assert!(format!("{blocks:?}").contains("\"399\""));

        let emphasis = format!("{}x{}", "*a ".repeat(5_000), " a*".repeat(5_000));
        assert!(format!("{:?}", parse(&emphasis)).contains('x'));
        let links = format!("{}x{}", "[".repeat(5_000), "](https://x.y)".repeat(5_000));
        assert!(format!("{:?}", parse(&links)).contains('x'));
    }

    // ---- Streaming ----

    /// Feeds `text` in the pieces that `cuts` (byte offsets) make, checking after each push
    /// that the finished blocks only grew (same `Rc`s) and that the blocks are those of the text
    /// so far, then that the end is exactly the whole text's parse.
    fn stream_in_pieces(text: &str, cuts: &[usize]) -> MarkdownStream {
        let mut stream = MarkdownStream::new();
        let mut at = 0;
        for &cut in cuts.iter().chain([&text.len()]) {
            let before: Vec<Rc<Block>> = stream.finished().to_vec();
            stream.push(&text[at..cut]);
            at = cut;
            assert!(stream.finished().len() >= before.len());
            for (old, new) in before.iter().zip(stream.finished()) {
                assert!(Rc::ptr_eq(old, new), "a finished block changed");
            }
        }
        assert_eq!(stream.text(), text);
        let got: Vec<Block> = stream.blocks().map(|b| (**b).clone()).collect();
        assert_eq!(got, parse(text), "cuts {cuts:?}");
        stream
    }

    fn char_boundaries(text: &str) -> impl Iterator<Item = usize> + '_ {
        (1..text.len()).filter(|&i| text.is_char_boundary(i))
    }

    #[test]
    fn the_realistic_reply_is_parsed_as_expected() {
        let blocks = parse(REPLY);
        let kinds: Vec<&str> = blocks
            .iter()
            .map(|b| match b {
                Block::Heading { .. } => "heading",
                Block::Paragraph(_) => "p",
                Block::List { .. } => "list",
                Block::Code { .. } => "code",
                Block::Table { .. } => "table",
                Block::BlockQuote(_) => "quote",
                Block::Rule => "rule",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            ["heading", "p", "list", "code", "table", "p", "heading", "quote", "rule", "p"]
        );
    }

    #[test]
    fn a_stream_split_at_every_boundary_ends_as_the_whole_parse() {
        let text = format!("{REPLY} — naïve café ✓ 🦀");
        // Once in two pieces at every boundary (each piece point exercises a different open
        // tail), then in one piece per char.
        for cut in char_boundaries(&text) {
            stream_in_pieces(&text, &[cut]);
        }
        let every: Vec<usize> = char_boundaries(&text).collect();
        stream_in_pieces(&text, &every);
    }

    #[test]
    fn a_stream_in_pieces_of_a_few_chars_ends_as_the_whole_parse() {
        let text = REPLY;
        for size in 2..=9 {
            let cuts: Vec<usize> = char_boundaries(text).filter(|i| i % size == 0).collect();
            let stream = stream_in_pieces(text, &cuts);
            assert!(stream.finished().len() >= 8, "{}", stream.finished().len());
        }
    }

    #[test]
    fn later_lines_that_change_earlier_blocks_are_still_open() {
        for text in [
            // A setext underline turns the paragraph above into a heading.
            "intro\n\nTitle\nmore title\n===\nafter\n",
            "# h\npara\n-\n",
            // A line that is a rule, a heading or a fence until its next char.
            "Foo\n***x\n",
            "Foo\n***\nbar\n",
            "> quote\n#x continues the quote\n",
            "> quote\n# heading\n",
            "para\n```a`b\n",
            "para\n<div\n",
            "para\n<divx>\n",
            // A table's delimiter row turns the paragraph's last line into its header.
            "first\n| a | b |\n|---|---|\n| 1 | 2 |\ntext\n\nnext",
            "| a | b |\n|-|\n",
            // Lazy continuation, a list going on after a blank line, an indented continuation.
            "- item\nlazy\n\n- again\n\n  indented\n\nout\n",
            "  - a\n\n   b\n\n    c\n",
            "1. one\n\n2. two\n\n10. ten\n",
            // Code: unclosed fences, indented code across blank lines.
            "```\ncode\n\n# not heading\n",
            "````\n```\nstill code\n````\nafter",
            "    a\n\n    b\n\nc\n",
            // Reference definitions: before use (in the stream too), with a title on the next
            // line, then their uses.
            "[r]: https://r.example\n'title\ncontinued'\n\nSee [r].\n\n[s]: https://s.example\n\n[s] and [r]",
            "[t]: https://t.example\n\"tit\n\nle\"\n\n[t]",
            // HTML blocks that end at a blank line, or at their end tag.
            "<details>\n<summary>x</summary>\n\n*text*\n</details>\n",
            "<!--\n\ncomment\n\n-->\nafter",
            // Line endings: CRLF and a lone CR.
            "a\r\n\r\nb\r\n===\r\nc\rd\n",
        ] {
            for cut in char_boundaries(text) {
                stream_in_pieces(text, &[cut]);
            }
            let every: Vec<usize> = char_boundaries(text).collect();
            stream_in_pieces(text, &every);
        }
    }

    #[test]
    fn the_bytes_parsed_per_push_stay_bounded_by_the_last_block() {
        // 450 paragraphs, headings and code blocks of about 40 bytes: some 18 KB.
        let mut text = String::new();
        for i in 0..450 {
            text.push_str(&match i % 3 {
                0 => format!("Paragraph {i} with **some** text, long enough to count.\n\n"),
                1 => format!("## Heading {i}, about as long as a paragraph\n\n"),
                _ => format!("```\ncode {i}\n```\n\n"),
            });
        }
        let mut stream = MarkdownStream::new();
        let mut max = 0;
        let cuts: Vec<usize> = (0..text.len()).step_by(4).chain([text.len()]).collect();
        for pair in cuts.windows(2) {
            stream.push(&text[pair[0]..pair[1]]);
            max = max.max(stream.last_reparsed());
            assert!(stream.text().len() - stream.tail_start() < 150);
        }
        assert!(text.len() > 18_000, "{}", text.len());
        assert!(max < 300, "{max} bytes parsed by one push");
        assert_eq!(stream.finished().len(), 449);
        let got: Vec<Block> = stream.blocks().map(|b| (**b).clone()).collect();
        assert_eq!(got, parse(&text));
    }

    #[test]
    fn a_push_without_a_line_break_parses_the_tail_once() {
        let mut stream = MarkdownStream::new();
        // The last line is not complete: it could still be a setext underline of the heading.
        stream.push("# Title\n\nSome text");
        assert_eq!(stream.tail_start(), 0);
        assert_eq!(stream.finished().len(), 0);
        assert_eq!(stream.tail().len(), 2);
        stream.push("\n");
        assert_eq!(stream.tail_start(), "# Title\n\n".len());
        let tail = stream.text().len() - stream.tail_start();
        stream.push("more");
        assert_eq!(stream.last_reparsed(), tail + 4);
        assert_eq!(stream.finished().len(), 1);
        stream.push("");
        assert_eq!(stream.last_reparsed(), 0);
    }

    #[test]
    fn link_definitions_in_finished_blocks_apply_to_the_tail() {
        let text = "> [docs]: https://docs.rs\n\n# Head\n\nsee [docs]\n";
        let stream = stream_in_pieces(text, &char_boundaries(text).collect::<Vec<_>>());
        assert_eq!(stream.finished().len(), 2);
        assert_eq!(
            *stream.tail()[0],
            para(vec![t("see "), link("https://docs.rs", "docs")])
        );
    }

    #[test]
    fn the_known_limitation_definitions_after_their_use() {
        let text = "see [later]\n\n# x\n\n[later]: https://x.y\n";
        let mut stream = MarkdownStream::new();
        stream.push(text);
        // Pushed at once, the definition applies (one parse).
        assert_eq!(
            stream.finished()[0].as_ref(),
            &para(vec![t("see "), link("https://x.y", "later")])
        );
        // Streamed, the paragraph was finished before the definition arrived.
        let mut stream = MarkdownStream::new();
        for piece in text.split_inclusive('\n') {
            stream.push(piece);
        }
        assert_eq!(stream.finished()[0].as_ref(), &para(vec![t("see [later]")]));
    }
}
