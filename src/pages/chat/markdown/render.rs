//! Rendering: blocks as Yew virtual DOM, never as an HTML string.

use std::rc::Rc;

use yew::prelude::*;

use super::{
    parse, Align, Block, Inline, Item, MarkdownStream, HEADING_SHIFT, HTML_LANG, IMAGE_MARKER,
    NO_LANG,
};
use crate::widgets::CodeBlock;

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

/// Props of [`MarkdownItems`].
#[derive(Properties, Clone)]
pub struct MarkdownItemsProps {
    /// A group of a list's items.
    pub items: Rc<[Item]>,
}

impl PartialEq for MarkdownItemsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.items, &other.items) || self.items == other.items
    }
}

/// A group of a list's items (see [`ListItems`](super::ListItems)), each a [`MarkdownItem`]:
/// a push into a long list renders its open group again, not the whole list.
#[component]
pub fn MarkdownItems(props: &MarkdownItemsProps) -> Html {
    html! {
        { for props.items.iter().enumerate().map(|(i, item)| html! {
            <MarkdownItem key={i} item={item.clone()} />
        }) }
    }
}

/// Props of [`MarkdownItem`].
#[derive(Properties, Clone)]
pub struct MarkdownItemProps {
    /// The item's blocks.
    pub item: Item,
}

impl PartialEq for MarkdownItemProps {
    fn eq(&self, other: &Self) -> bool {
        // A streamed list's complete items are the same Rcs on every render.
        Rc::ptr_eq(&self.item, &other.item) || self.item == other.item
    }
}

/// One list item (`<li>`), rendered again only when it changes.
#[component]
pub fn MarkdownItem(props: &MarkdownItemProps) -> Html {
    html! { <li>{ for props.item.iter().map(block_html) }</li> }
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
            let items = items.pieces().iter().enumerate().map(|(i, group)| {
                html! { <MarkdownItems key={i} items={group.clone()} /> }
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
            html! { <CodeBlock pieces={code.clone()} {lang} /> }
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
