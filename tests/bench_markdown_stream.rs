//! The chat's Markdown while a reply streams, when the reply is one long block: a 200 KB reply
//! that is one fenced code block, and one that is one long list, pushed into a `MarkdownStream`
//! in 16-byte deltas. Prints the work per delta over the first and the last 500 deltas (time, and
//! bytes given to the Markdown parser); it is a benchmark, not a timed test:
//! `cargo test --release --test bench_markdown_stream -- --ignored --nocapture`.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use sign_in_with_openrouter::pages::chat::markdown::{parse, Block, MarkdownStream};

const SIZE: usize = 200 * 1024;
const DELTA: usize = 16;
const WINDOW: usize = 500;

/// A reply of about [`SIZE`] bytes made of `line(i)` lines between `head` and `foot`.
fn reply(head: &str, line: impl Fn(usize) -> String, foot: &str) -> String {
    let mut text = String::from(head);
    let mut i = 0;
    while text.len() < SIZE {
        text.push_str(&line(i));
        i += 1;
    }
    text.push_str(foot);
    text
}

/// The reply in deltas of [`DELTA`] bytes (a little more where a character would be cut).
fn deltas(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + DELTA).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        out.push(&text[at..end]);
        at = end;
    }
    out
}

/// Pushes `pieces` one by one into `stream`: µs and parsed bytes of each push.
fn measure(stream: &mut MarkdownStream, pieces: &[&str]) -> Vec<(f64, usize)> {
    pieces
        .iter()
        .map(|piece| {
            let t = Instant::now();
            stream.push(piece);
            (t.elapsed().as_secs_f64() * 1e6, stream.last_reparsed())
        })
        .collect()
}

/// Prints µs and parsed bytes per delta over the first and the last [`WINDOW`] deltas of `text`.
/// The last ones are measured on a stream that took everything before them in one push (the same
/// state as after all the deltas before, without waiting for them).
fn bench(name: &str, text: &str) {
    let pieces = deltas(text);
    let first = measure(&mut MarkdownStream::new(), &pieces[..WINDOW]);
    let mut stream = MarkdownStream::new();
    let before: usize = pieces[..pieces.len() - WINDOW]
        .iter()
        .map(|p| p.len())
        .sum();
    stream.push(&text[..before]);
    let last = measure(&mut stream, &pieces[pieces.len() - WINDOW..]);
    let got: Vec<Block> = stream.blocks().map(|b| (**b).clone()).collect();
    assert_eq!(
        got,
        parse(text),
        "{name}: the stream ends as the whole parse"
    );
    let mean = |w: &[(f64, usize)]| {
        let n = w.len() as f64;
        (
            w.iter().map(|x| x.0).sum::<f64>() / n,
            w.iter().map(|x| x.1).sum::<usize>() as f64 / n,
        )
    };
    let (first_us, first_bytes) = mean(&first);
    let (last_us, last_bytes) = mean(&last);
    println!(
        "bench_markdown_stream: {name}: {:.0} KB in {} deltas of {DELTA} bytes; \
         first {WINDOW} deltas {first_us:.2} µs/delta, {first_bytes:.0} bytes parsed/delta; \
         last {WINDOW} deltas {last_us:.2} µs/delta, {last_bytes:.0} bytes parsed/delta",
        text.len() as f64 / 1024.0,
        pieces.len(),
    );
}

#[test]
#[ignore = "benchmark: run with --ignored --nocapture"]
fn bench_one_long_block() {
    let fence = reply(
        "Here is the file:\n\n```rust\n",
        |i| format!("    let value_{i} = compute({i}, \"é\"); // line {i}\n"),
        "```\n",
    );
    bench("one code fence", &fence);
    let list = reply(
        "The steps:\n\n",
        |i| format!("- step {i}: do **this**, then `that` é\n"),
        "",
    );
    bench("one list", &list);
}
