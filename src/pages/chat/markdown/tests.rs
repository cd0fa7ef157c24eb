//! The Markdown model: every construct, the safety rules, and a stream at every split.

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
fn list(start: Option<u64>, items: Vec<Vec<Block>>) -> Block {
    Block::List {
        start,
        items: items
            .into_iter()
            .map(Rc::from)
            .collect::<Vec<Item>>()
            .into(),
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
        list(
            Some(3),
            vec![
                vec![plain("three")],
                vec![
                    plain("four"),
                    list(
                        None,
                        vec![vec![
                            plain("nested"),
                            list(Some(1), vec![vec![plain("deep")]])
                        ]],
                    ),
                ],
            ],
        )
    );
    // Loose: each item's text is a paragraph.
    assert_eq!(
        one("- a\n\n- b\n\n  more b\n"),
        list(
            None,
            vec![
                vec![para(vec![t("a")])],
                vec![para(vec![t("b")]), para(vec![t("more b")])],
            ],
        )
    );
    assert_eq!(
        parse("* x\n+ y\n"),
        vec![
            list(None, vec![vec![plain("x")]]),
            list(None, vec![vec![plain("y")]]),
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
        parse("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\nSet\n===\next\n---\n"),
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
                Block::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
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
    // The last block is a code block: finished as soon as its closing fence arrives.
    assert_eq!(stream.finished().len(), 450);
    let got: Vec<Block> = stream.blocks().map(|b| (**b).clone()).collect();
    assert_eq!(got, parse(&text));
}

/// Feeds `text` in the pieces that `cuts` make and checks, after every push, that the blocks are
/// exactly the parse of the text so far.
fn stream_checking_every_push(text: &str, cuts: &[usize]) -> MarkdownStream {
    let mut stream = MarkdownStream::new();
    let mut at = 0;
    for &cut in cuts.iter().chain([&text.len()]) {
        stream.push(&text[at..cut]);
        at = cut;
        let got: Vec<Block> = stream.blocks().map(|b| (**b).clone()).collect();
        assert_eq!(got, parse(&text[..cut]), "{:?} after {cut}", &text[..cut]);
    }
    stream
}

/// Fenced code blocks of every kind the fast path meets or leaves to the parser.
const FENCES: [&str; 16] = [
    "```rust\nfn main() {\n\tlet x = 1;\n}\n```\nafter\n",
    "intro\n\n~~~ py  extra words\nprint(1)\n\n# not a heading\n~~~~\n\n- list\n",
    "````\n```\nstill code\n``` \n````   \t\ntext",
    "```\n```\n```\n",
    "```\nunclosed\n\n",
    "```\n  ```\n   ```x\n    ```\nmore\n   ```\n",
    "~~~\n```\n~~\n~~~\n",
    "```a\\`b\nescaped info\n```\n",
    "```a&amp;b\nentity info\n```\n",
    "```a`b\nnot a fence\n",
    "```\ncr\r\nline\n```\n",
    "```\nnul\0here\n```\nx",
    " ```\nindented opener\n ```\n",
    "> ```\n> quoted\ncode\n```\n",
    "- item\n\n  ```\n  in a list\n  ```\n",
    "```\n\n\n",
];

#[test]
fn fenced_code_streams_equal_the_whole_parse_after_every_push() {
    for text in FENCES {
        for cut in char_boundaries(text) {
            stream_checking_every_push(text, &[cut]);
        }
        let every: Vec<usize> = char_boundaries(text).collect();
        stream_checking_every_push(text, &every);
    }
    // The realistic reply, in pieces of a few bytes, checked after every push.
    for size in [1, 3, 16] {
        let cuts: Vec<usize> = char_boundaries(REPLY).filter(|i| i % size == 0).collect();
        stream_checking_every_push(REPLY, &cuts);
    }
}

#[test]
fn a_long_code_block_is_followed_without_the_parser() {
    let mut text = String::from("Here:\n\n```rust\n");
    for i in 0..4_000 {
        text.push_str(&format!("let x{i} = {i}; // some code é\n"));
    }
    text.push_str("```\nDone.\n");
    let fence_start = text.find("```").unwrap();
    let close = text.rfind("```").unwrap();
    let mut stream = MarkdownStream::new();
    let mut at = 0;
    let mut earlier: Option<Vec<Rc<str>>> = None;
    let opener_end = fence_start + text[fence_start..].find('\n').unwrap() + 1;
    while at < text.len() {
        let mut cut = (at + 16).min(text.len());
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        stream.push(&text[at..cut]);
        // Deltas after the opening line, before the closing fence.
        let inside = at >= opener_end && cut < close;
        at = cut;
        if inside {
            assert_eq!(stream.last_reparsed(), 0, "at {at}: the parser ran");
            let Block::Code { code, .. } = &*stream.tail()[0] else {
                panic!("at {at}: {:?}", stream.tail());
            };
            // The pieces grow at the end: the earlier ones are the same `Rc`s.
            let pieces = code.pieces().to_vec();
            assert!(pieces.iter().all(|p| p.len() <= 4096 + 64), "at {at}");
            if let Some(earlier) = &earlier {
                let sealed = earlier.len().saturating_sub(1);
                for (a, b) in earlier[..sealed].iter().zip(&pieces) {
                    assert!(Rc::ptr_eq(a, b), "at {at}: a piece was copied");
                }
            }
            earlier = Some(pieces);
        }
    }
    assert!(earlier.is_some_and(|p| p.len() > 30));
    let got: Vec<Block> = stream.blocks().map(|b| (**b).clone()).collect();
    assert_eq!(got, parse(&text));
    assert_eq!(
        stream.finished().len(),
        2,
        "the closed block is finished at once"
    );
}

#[test]
fn code_text_is_equal_however_it_is_cut() {
    use crate::widgets::code_block::CodeText;
    let whole = CodeText::from("abcdef");
    let a: Rc<str> = Rc::from("abc");
    let cut = CodeText::new(vec![a.clone(), Rc::from("def")]);
    let other_cut = CodeText::new(vec![Rc::from("ab"), Rc::from("cdef")]);
    assert_eq!(whole, cut);
    assert_eq!(cut, other_cut);
    assert_eq!(cut.to_string(), "abcdef");
    assert_ne!(cut, CodeText::new(vec![a.clone(), Rc::from("deg")]));
    assert_ne!(cut, CodeText::new(vec![a, Rc::from("de")]));
    assert_eq!(CodeText::new(vec![]), CodeText::from(""));
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

/// Lists of every kind a stream follows item by item, or leaves to the parser.
const LISTS: [&str; 14] = [
    // Tight, with inlines, ending without a line break.
    "- one **a**\n- two `b`\n- three *c*",
    // Loose from the start, and a list that turns loose late (every item becomes paragraphs).
    "- a\n\n- b\n\n- c\n",
    "- a\n- b\n- c\n\n- d\n- e\n",
    "- a\n- b\n\n  more b\n- c\n",
    // Nested lists, a sibling marker indented less than the content.
    "- a\n  - a1\n  - a2\n    1. deep\n- b\n - c\n   - c1\n",
    // Ordered with a start number, and a `)` list after a `.` one.
    "7. seven\n8. eight\n10. ten\n1) new list\n2) two\n",
    // An item with a code block (a blank line inside it), and a fence that ends the list.
    "- code:\n  ```\n  x\n\n  y\n  ```\n- after\n",
    "- a\n- b\n```\ncode\n```\n",
    // A list followed by a paragraph, a heading, a rule, a setext-looking line.
    "- a\n- b\n\nA paragraph.\n",
    "- a\n- b\n# Heading\n- c\n",
    "- a\n- b\n---\n- c\n* d\n",
    // Lazy continuation lines, an empty item, a link defined inside the list.
    "- a\nlazy\n- b\n-\n  after empty\n- c\n",
    "- see [x]\n- [x]: https://x.example\n- [x] again\n",
    // CR line endings.
    "- a\r\n- b\r- c\n",
];

#[test]
fn list_streams_equal_the_whole_parse_after_every_push() {
    for text in LISTS {
        for cut in char_boundaries(text) {
            stream_checking_every_push(text, &[cut]);
        }
        let every: Vec<usize> = char_boundaries(text).collect();
        stream_checking_every_push(text, &every);
    }
}

#[test]
fn a_long_tight_list_is_parsed_item_by_item() {
    let mut text = String::from("The steps:\n\n");
    for i in 0..2_000 {
        text.push_str(&format!("- step {i}: do **this**, then `that` é\n"));
    }
    text.push_str("\nDone.\n");
    let list_start = text.find("- ").unwrap();
    let list_end = text.find("\nDone").unwrap();
    let mut stream = MarkdownStream::new();
    let mut at = 0;
    let mut earlier: Vec<Item> = Vec::new();
    while at < text.len() {
        let mut cut = (at + 16).min(text.len());
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        stream.push(&text[at..cut]);
        let inside = at > list_start + 100 && cut < list_end;
        at = cut;
        if inside {
            assert!(
                stream.last_reparsed() < 200,
                "at {at}: {}",
                stream.last_reparsed()
            );
            let Block::List { items, .. } = &*stream.tail()[0] else {
                panic!("at {at}: {:?}", stream.tail());
            };
            // The complete items are the same `Rc`s from push to push (all but the open item and
            // the one before it, open until its line was complete).
            let kept = earlier.len().saturating_sub(2);
            for (a, b) in earlier[..kept].iter().zip(items.iter()) {
                assert!(Rc::ptr_eq(a, b), "at {at}: an item was parsed again");
            }
            earlier = items.iter().cloned().collect();
            // A push copies the groups' pointers and the open group, not every item.
            assert!(items.pieces().len() <= items.len() / 64 + 1, "at {at}");
        }
    }
    assert_eq!(earlier.len(), 2_000);
    let got: Vec<Block> = stream.blocks().map(|b| (**b).clone()).collect();
    assert_eq!(got, parse(&text));
}
