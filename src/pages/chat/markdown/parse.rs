//! Parsing: `pulldown-cmark`'s events into [`Block`]s and [`Inline`]s (raw HTML kept as text,
//! unsafe links as their text, images as links, nesting capped at [`MAX_DEPTH`]).

use std::collections::HashMap;
use std::rc::Rc;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
};

use super::{is_safe_url, Align, Block, Inline, ListItems, MAX_DEPTH};

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
pub(super) type Defs = HashMap<String, (Box<str>, Box<str>)>;

/// One parse of a region of the text.
pub(super) struct Parsed {
    /// The top-level blocks, each with its byte range in the region.
    pub(super) blocks: Vec<(Block, std::ops::Range<usize>)>,
    /// The region's link reference definitions.
    pub(super) defs: Vec<Def>,
    /// Where the items of the last top-level block start in the region, when it is a list.
    pub(super) items: Vec<usize>,
}

/// A link reference definition found in a region.
pub(super) struct Def {
    /// The label, lower-cased.
    pub(super) label: String,
    pub(super) url: Box<str>,
    pub(super) title: Box<str>,
    /// Its byte range in the region.
    pub(super) span: std::ops::Range<usize>,
}

/// Parses `text`; a reference to a label it does not define is looked up in `known`.
pub(super) fn parse_region(text: &str, known: &Defs) -> Parsed {
    let callback = |link: pulldown_cmark::BrokenLink<'_>| {
        known
            .get(&link.reference.to_lowercase())
            .map(|(url, title)| (CowStr::Boxed(url.clone()), CowStr::Boxed(title.clone())))
    };
    let mut events =
        Parser::new_with_broken_link_callback(text, options(), Some(callback)).into_offset_iter();
    let mut blocks = Vec::new();
    let mut items = Vec::new();
    while let Some((event, range)) = events.next() {
        items.clear();
        let is_list = matches!(event, Event::Start(Tag::List(_)));
        // How many tags are open inside the top-level block: its items are at 0.
        let mut open = 0usize;
        let mut inner = (&mut events).map(|(e, r)| {
            match &e {
                Event::Start(tag) => {
                    if is_list && open == 0 && matches!(tag, Tag::Item) {
                        items.push(r.start);
                    }
                    open += 1;
                }
                Event::End(_) => open = open.saturating_sub(1),
                _ => {}
            }
            e
        });
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
    Parsed {
        blocks,
        defs,
        items,
    }
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
                    Event::Start(Tag::Item) => items.push(read_blocks(events, depth + 1).into()),
                    Event::Start(other) => read_block(other, events, depth + 1, &mut Vec::new()),
                    Event::End(_) => break,
                    _ => {}
                }
            }
            out.push(Block::List {
                start,
                items: ListItems::from(items),
            });
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
