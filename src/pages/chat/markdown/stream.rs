//! Streaming: a reply that arrives in deltas, its finished top-level blocks parsed once and only
//! its open tail again.

use std::rc::Rc;

#[cfg(doc)]
use super::parse;
use super::parse::{parse_region, Defs};
use super::Block;

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
