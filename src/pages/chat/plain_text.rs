//! What a finished reply says, in words a screen reader can speak: the text its Markdown renders
//! to (no asterisks, backticks, fences or `#`), read from pulldown-cmark's events with the
//! options the chat's Markdown uses, and how the reply is announced.
//!
//! The announcement (the page's polite live region) reads a short reply whole: up to
//! [`READ_WHOLE`] characters of plain text with no code block and no table. A longer one is
//! summarized by what it is made of and how it begins ("openai/gpt-4o-mini replied: 3
//! paragraphs and a code block. It begins: …"), as the whole of it is in the conversation.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The longest plain text announced whole, in characters.
pub const READ_WHOLE: usize = 300;
/// How much of a long reply's beginning is announced, in characters (cut at a word).
const BEGINNING: usize = 140;

/// A reply as plain text, with what it is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlainText {
    /// The text, blocks separated by a line break, runs of space folded.
    pub text: String,
    /// Paragraphs (outside lists and tables).
    pub paragraphs: usize,
    /// Headings.
    pub headings: usize,
    /// Lists (not nested ones).
    pub lists: usize,
    /// Code blocks.
    pub code_blocks: usize,
    /// Tables.
    pub tables: usize,
}

/// The plain text of `markdown`: what its rendering shows as text. Raw HTML is shown as text by
/// the chat, so it is kept as it is; an image is its description.
pub fn plain_text(markdown: &str) -> PlainText {
    let mut out = PlainText::default();
    let mut list_depth = 0usize;
    let mut in_table = false;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph if list_depth == 0 && !in_table => out.paragraphs += 1,
                Tag::Heading { .. } => out.headings += 1,
                Tag::List(_) => {
                    if list_depth == 0 {
                        out.lists += 1;
                    }
                    list_depth += 1;
                }
                Tag::CodeBlock(_) => out.code_blocks += 1,
                Tag::Table(_) => {
                    out.tables += 1;
                    in_table = true;
                }
                _ => {}
            },
            Event::End(tag) => {
                match tag {
                    TagEnd::List(_) => list_depth = list_depth.saturating_sub(1),
                    TagEnd::Table => in_table = false,
                    _ => {}
                }
                match tag {
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::Item
                    | TagEnd::CodeBlock
                    | TagEnd::TableHead
                    | TagEnd::TableRow
                    | TagEnd::BlockQuote(_) => out.text.push('\n'),
                    TagEnd::TableCell => out.text.push(' '),
                    _ => {}
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.text.push(' '),
            _ => {}
        }
    }
    out.text = fold_space(&out.text);
    out
}

/// Folds runs of spaces and tabs into one space and runs of blank lines into one line break, and
/// trims every line.
fn fold_space(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text as one run of speech: each block ends with a full stop unless it ends with its own
/// punctuation, so a screen reader pauses between blocks.
fn spoken(text: &str) -> String {
    text.lines()
        .map(|line| match line.chars().last() {
            Some('.' | '!' | '?' | ':' | ';' | '…') => line.to_string(),
            _ => format!("{line}."),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `1 paragraph` as "a paragraph", `3` as "3 paragraphs".
fn count(n: usize, one: &str, many: &str) -> Option<String> {
    match n {
        0 => None,
        1 => Some(format!("a {one}")),
        n => Some(format!("{n} {many}")),
    }
}

/// What the polite live region says when a reply from `model` is complete.
pub fn announcement(model: &str, markdown: &str) -> String {
    let plain = plain_text(markdown);
    let spoken = spoken(&plain.text);
    if spoken.chars().count() <= READ_WHOLE && plain.code_blocks == 0 && plain.tables == 0 {
        return format!("{model} replied: {spoken}");
    }
    let parts: Vec<String> = [
        count(plain.headings, "heading", "headings"),
        count(plain.paragraphs, "paragraph", "paragraphs"),
        count(plain.lists, "list", "lists"),
        count(plain.tables, "table", "tables"),
        count(plain.code_blocks, "code block", "code blocks"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let made_of = match parts.as_slice() {
        [] => "a reply".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    format!(
        "{model} replied: {made_of}. It begins: {}",
        beginning(&spoken)
    )
}

/// The first [`BEGINNING`] characters of `text`, cut at a word, with "…" when cut.
fn beginning(text: &str) -> String {
    if text.chars().count() <= BEGINNING {
        return text.to_string();
    }
    let cut: String = text.chars().take(BEGINNING).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERYTHING: &str = "# Plan\n\nThis is **bold**, *slanted* and `code`.\n\n\
        - first item\n- second item\n\n\
        | Model | Price |\n|:--|--:|\n| mini | $0.15 |\n\n\
        ```rust\nfn main() {}\n```\n\n\
        > quoted\n\n\
        See [the docs](https://openrouter.ai/docs) and ![a cat](https://example.com/cat.png).\n";

    #[test]
    fn markdown_becomes_the_text_it_renders_to() {
        let p = plain_text(EVERYTHING);
        assert_eq!(
            p.text,
            "Plan\nThis is bold, slanted and code.\nfirst item\nsecond item\nModel Price\nmini $0.15\nfn main() {}\nquoted\nSee the docs and a cat."
        );
        for syntax in ["*", "`", "#", "|", "](", ">"] {
            assert!(!p.text.contains(syntax), "{syntax} in {:?}", p.text);
        }
        assert_eq!(
            (p.headings, p.paragraphs, p.lists, p.tables, p.code_blocks),
            (1, 3, 1, 1, 1)
        );
    }

    #[test]
    fn a_short_reply_is_read_whole_in_words() {
        assert_eq!(
            announcement("m", "Hello **there**, see `x`.\n\nBye."),
            "m replied: Hello there, see x. Bye."
        );
        assert_eq!(
            announcement("m", "## Done\n\nIt works"),
            "m replied: Done. It works."
        );
    }

    #[test]
    fn a_long_reply_or_one_with_code_is_summarized() {
        let said = announcement("openai/gpt-4o-mini", EVERYTHING);
        assert_eq!(
            said,
            "openai/gpt-4o-mini replied: a heading, 3 paragraphs, a list, a table and a code \
             block. It begins: Plan. This is bold, slanted and code. first item. second item. \
             Model Price. mini $0.15. fn main() {}. quoted. See the docs and a cat."
        );
        let long = "word ".repeat(100);
        let said = announcement("m", &long);
        assert!(said.starts_with("m replied: a paragraph. It begins: word word"));
        assert!(said.ends_with("word…"), "{said}");
        assert!(said.chars().count() < 200);
    }
}
