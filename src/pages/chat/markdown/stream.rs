//! Streaming: a reply that arrives in deltas, its finished top-level blocks parsed once and only
//! its open tail again (of a long tight list, only its open item; of a code block, nothing).

use std::rc::Rc;

#[cfg(doc)]
use super::parse;
use super::parse::{parse_region, Defs, Parsed};
use super::{Block, Item, ListItems};
use crate::widgets::code_block::CodeText;

/// An open code block's lines are kept in pieces of about this many bytes (see [`CodeText`]).
const CODE_PIECE: usize = 4096;

/// An open list's complete items are kept in groups of this many (see [`ListItems`]).
const LIST_GROUP: usize = 64;

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
/// paragraph is all tail until it ends. Two long blocks are common enough to be followed
/// otherwise.
///
/// A top-level list with no blank line between its lines (a tight list, whatever comes next) is
/// followed item by item: once a line starts its next item, an item can no longer change, so
/// only the open last item's lines are parsed, on their own, and the complete items are kept (in
/// groups of 64, [`ListItems`], so that a push copies a few pointers and the open group). A
/// blank line followed by more could make the whole list loose (every item's text a paragraph),
/// so then, as for anything else the item alone cannot say (a block after the list, a link
/// reference definition in it, a CR), the tail is parsed whole again: for the deltas of the line
/// that ends the list, and on every delta while a loose list goes on.
///
/// The other, a fenced code block at the top level (a fence at the start of its line, with a
/// plain info string, in text without CR or NUL), is followed without the parser. Once its
/// opening line is complete, each new line is only checked for the closing fence and appended to
/// the code, which is kept in pieces ([`CodeText`]) so that a push copies the last piece only;
/// the closing line finishes the block at once (nothing after a closed fence can change it). A
/// push into an open code block thus costs the delta's bytes, however long the block (anything
/// unusual, and the parser takes over again).
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
    /// The tail is an open fenced code block, followed line by line.
    fence: Option<OpenFence>,
    /// The tail is one tight top-level list, followed item by item.
    list: Option<OpenList>,
}

/// A top-level list that is the whole tail, with no blank line between its lines (so tight,
/// whatever comes): its complete items are kept, only its open last item is parsed again.
#[derive(Debug)]
struct OpenList {
    /// The first item's number (ordered lists only).
    start: Option<u64>,
    /// The items before the open one (a later item has started, so they can no longer change),
    /// sealed into groups of [`LIST_GROUP`] items.
    sealed: Vec<Rc<[Item]>>,
    /// Complete items not sealed yet.
    open: Vec<Item>,
    /// Where the open item's line starts in the text.
    item_start: usize,
}

impl OpenList {
    /// Keeps items that can no longer change.
    fn keep(&mut self, items: impl Iterator<Item = Item>) {
        for item in items {
            self.open.push(item);
            if self.open.len() == LIST_GROUP {
                self.sealed.push(std::mem::take(&mut self.open).into());
            }
        }
    }
}

/// Whether the text from a list item's line on can be parsed apart from the items before it:
/// no blank line followed by more (which could make the whole list loose, every item's text a
/// paragraph) and no CR (a line ending of its own).
fn followable(text: &str) -> bool {
    if text.contains('\r') {
        return false;
    }
    let mut blank = false;
    for line in text.split('\n') {
        if line.bytes().all(|b| b == b' ' || b == b'\t') {
            blank = true;
        } else if blank {
            return false;
        }
    }
    true
}

/// An open fenced code block at the top level, the whole tail: its lines are appended as they
/// complete, without the parser.
#[derive(Debug)]
struct OpenFence {
    /// `` ` `` or `~`.
    marker: u8,
    /// How many markers the opening fence has (the closing one needs as many or more).
    len: usize,
    lang: Option<Rc<str>>,
    /// Code lines sealed into pieces of about [`CODE_PIECE`] bytes.
    sealed: Vec<Rc<str>>,
    /// Complete code lines not sealed yet.
    open: String,
    /// Where the first line not yet read starts in the text.
    next_line: usize,
}

/// What the lines of an open fence did.
enum FenceLines {
    /// Still open after them.
    Open,
    /// Closed by the line that ends here.
    Closed(usize),
    /// A line the fast path does not follow (CR, NUL): the parser takes over.
    Unusual,
}

impl OpenFence {
    /// The fence a complete line (without its `\n`) opens, when the fast path can follow it: at
    /// the start of the line, three or more `` ` `` or `~`, an info string without escapes or
    /// entities (nor a `` ` `` after backticks), no CR or NUL.
    fn opened_by(line: &str, next_line: usize) -> Option<OpenFence> {
        let marker = *line.as_bytes().first()?;
        if !matches!(marker, b'`' | b'~') || line.contains(['\r', '\0', '\\', '&']) {
            return None;
        }
        let len = line.bytes().take_while(|&b| b == marker).count();
        let info = &line[len..];
        if len < 3 || (marker == b'`' && info.contains('`')) {
            return None;
        }
        Some(OpenFence {
            marker,
            len,
            lang: info.split_whitespace().next().map(Rc::from),
            sealed: Vec::new(),
            open: String::new(),
            next_line,
        })
    }

    /// Whether a line (without its `\n`) closes the fence: up to three spaces, as many markers or
    /// more, then only spaces. `None` for a line the fast path leaves to the parser: CR or NUL
    /// in it, or a tab after what would be a closing fence.
    fn closed_by(&self, line: &str) -> Option<bool> {
        if line.contains(['\r', '\0']) {
            return None;
        }
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        if indent > 3 {
            return Some(false);
        }
        let rest = &line[indent..];
        let n = rest.bytes().take_while(|&b| b == self.marker).count();
        let after = &rest[n..];
        if n < self.len || !after.bytes().all(|b| b == b' ' || b == b'\t') {
            Some(false)
        } else if after.contains('\t') {
            None
        } else {
            Some(true)
        }
    }

    /// Reads the complete lines of `text` from `next_line` to `lines_end`.
    fn read_lines(&mut self, text: &str, lines_end: usize) -> FenceLines {
        while self.next_line < lines_end {
            let start = self.next_line;
            let end = start + text[start..lines_end].find('\n').expect("complete lines") + 1;
            let Some(closed) = self.closed_by(&text[start..end - 1]) else {
                return FenceLines::Unusual;
            };
            self.next_line = end;
            if closed {
                return FenceLines::Closed(end);
            }
            self.open.push_str(&text[start..end]);
            if self.open.len() >= CODE_PIECE {
                self.sealed.push(Rc::from(std::mem::take(&mut self.open)));
            }
        }
        FenceLines::Open
    }

    /// The block, with `last` (an incomplete line, or nothing) after the complete lines; without
    /// the final line break, as the parser gives it.
    fn block(&self, last: &str) -> Block {
        let mut pieces = self.sealed.clone();
        let mut end = String::with_capacity(self.open.len() + last.len());
        end.push_str(&self.open);
        end.push_str(last);
        if end.ends_with('\n') {
            end.pop();
        } else if end.is_empty() {
            if let Some(piece) = pieces.pop() {
                end = piece.strip_suffix('\n').unwrap_or(&piece).to_string();
            }
        }
        if !end.is_empty() {
            pieces.push(Rc::from(end));
        }
        Block::Code {
            lang: self.lang.clone(),
            code: CodeText::new(pieces),
        }
    }
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
            self.complete_lines(old_len + nl + 1);
        }
        if let Some(list) = &self.list {
            let open = &self.text[list.item_start..];
            if followable(open) {
                self.reparsed += open.len();
                let parsed = parse_region(open, &self.defs);
                let mut blocks = parsed.blocks.into_iter().map(|(block, _)| block);
                if let (true, Some(Block::List { items, .. })) =
                    (parsed.defs.is_empty(), blocks.next())
                {
                    let mut groups = list.sealed.clone();
                    let mut last = list.open.clone();
                    last.extend(items.iter().cloned());
                    groups.push(last.into());
                    let list = Block::List {
                        start: list.start,
                        items: ListItems::new(groups),
                    };
                    self.tail = std::iter::once(list).chain(blocks).map(Rc::new).collect();
                    return;
                }
            }
        }
        if let Some(fence) = &self.fence {
            let last = &self.text[fence.next_line..];
            // The parser leaves out a last line of one to three spaces at the end of the text
            // (the indentation a closing fence may have).
            let indent = last.len() <= 3 && last.bytes().all(|b| b == b' ');
            if let Some(closed) = fence.closed_by(last) {
                let last = if closed || indent { "" } else { last };
                self.tail = vec![Rc::new(fence.block(last))];
                return;
            }
        }
        let tail = &self.text[self.tail_start..];
        self.reparsed += tail.len();
        self.tail = parse_region(tail, &self.defs)
            .blocks
            .into_iter()
            .map(|(block, _)| Rc::new(block))
            .collect();
    }

    /// Takes in the complete lines up to `lines_end`: an open code block's lines one by one, else
    /// through [`finish_blocks`](Self::finish_blocks); then follows a code block that the tail
    /// now opens.
    fn complete_lines(&mut self, lines_end: usize) {
        if self.list_lines(lines_end) {
            return;
        }
        // A fence the fast path gave up is not taken up again by the same push.
        let mut unusual = false;
        loop {
            if let Some(fence) = &mut self.fence {
                match fence.read_lines(&self.text, lines_end) {
                    FenceLines::Open => return,
                    FenceLines::Closed(end) => {
                        let block = fence.block("");
                        self.finished.push(Rc::new(block));
                        self.tail_start = end;
                        self.fence = None;
                        if end == lines_end {
                            return;
                        }
                    }
                    FenceLines::Unusual => {
                        self.fence = None;
                        unusual = true;
                    }
                }
            }
            self.finish_blocks(lines_end);
            let first_line_end = self.text[self.tail_start..lines_end]
                .find('\n')
                .map(|nl| self.tail_start + nl);
            let opened = first_line_end
                .and_then(|end| OpenFence::opened_by(&self.text[self.tail_start..end], end + 1));
            match opened {
                Some(fence) if !unusual => self.fence = Some(fence),
                _ => return,
            }
        }
    }

    /// Takes in the complete lines up to `lines_end` of an open list: parses its open item's
    /// lines and keeps the items a later one has followed. `false` when there is no open list,
    /// or its lines are no longer followable item by item (a blank line then more, a block
    /// after the list, a link reference definition): the list is then left to
    /// [`finish_blocks`](Self::finish_blocks).
    fn list_lines(&mut self, lines_end: usize) -> bool {
        let Some(list) = &mut self.list else {
            return false;
        };
        let region = &self.text[list.item_start..lines_end];
        if followable(region) {
            self.reparsed += region.len();
            let parsed = parse_region(region, &self.defs);
            let mut blocks = parsed.blocks.into_iter();
            if let (true, Some((Block::List { items, .. }, _)), None) =
                (parsed.defs.is_empty(), blocks.next(), blocks.next())
            {
                if items.len() == parsed.items.len() {
                    if let Some(&last) = parsed.items.last() {
                        let n = items.len();
                        list.keep(items.iter().take(n - 1).cloned());
                        list.item_start = line_start(&self.text, list.item_start + last);
                        return true;
                    }
                }
            }
        }
        self.list = None;
        false
    }

    /// Parses the tail's complete lines (up to `lines_end`) and finishes every top-level block
    /// of them but the last; then follows the last one item by item when it is a tight list.
    fn finish_blocks(&mut self, lines_end: usize) {
        let start = self.tail_start;
        let region = &self.text[start..lines_end];
        self.reparsed += region.len();
        let mut parsed = parse_region(region, &self.defs);
        let n = parsed.blocks.len();
        if n < 2 {
            if n == 1 {
                let (block, range) = parsed.blocks.pop().expect("one block");
                self.follow_list(start, block, range, &parsed, lines_end);
            }
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
        for def in &parsed.defs {
            if start + def.span.end <= new_start {
                self.defs
                    .entry(def.label.clone())
                    .or_insert_with(|| (def.url.clone(), def.title.clone()));
            }
        }
        let mut blocks = std::mem::take(&mut parsed.blocks);
        let (last, range) = blocks.pop().expect("two blocks or more");
        self.finished
            .extend(blocks.into_iter().map(|(block, _)| Rc::new(block)));
        self.tail_start = new_start;
        self.follow_list(start, last, range, &parsed, lines_end);
    }

    /// Follows the tail item by item when it is `block`, a list (parsed from `region_start`,
    /// at `range` in that region) that starts the tail, defines no link and has no blank line
    /// between its lines (up to `lines_end`).
    fn follow_list(
        &mut self,
        region_start: usize,
        block: Block,
        range: std::ops::Range<usize>,
        parsed: &Parsed,
        lines_end: usize,
    ) {
        let Block::List { start, items } = block else {
            return;
        };
        let list_start = line_start(&self.text, region_start + range.start);
        let Some(&last) = parsed.items.last() else {
            return;
        };
        if list_start != self.tail_start
            || items.len() != parsed.items.len()
            || parsed.defs.iter().any(|def| def.span.end > range.start)
            || !followable(&self.text[list_start..lines_end])
        {
            return;
        }
        let mut list = OpenList {
            start,
            sealed: Vec::new(),
            open: Vec::new(),
            item_start: line_start(&self.text, region_start + last),
        };
        list.keep(items.iter().take(items.len() - 1).cloned());
        self.list = Some(list);
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
    /// delta completed a line, never the whole reply; in a tight list, its open item; none
    /// inside an open fenced code block.
    pub fn last_reparsed(&self) -> usize {
        self.reparsed
    }
}

/// The start of the line that holds byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |nl| nl + 1)
}
