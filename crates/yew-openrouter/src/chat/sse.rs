//! An incremental Server-Sent-Events decoder over bytes, following the WHATWG `text/event-stream`
//! parsing rules, for a `fetch` response body read piece by piece.
//!
//! - Lines end with CRLF, LF or a lone CR, and a CRLF may be split across two reads.
//! - Only complete lines are decoded (UTF-8, invalid sequences become U+FFFD), so a read that ends
//!   inside a multi-byte character is harmless: line breaks are ASCII and never occur inside one.
//! - Lines starting with `:` are comments (OpenRouter's `: OPENROUTER PROCESSING`) and are skipped.
//! - `data:` lines of one event are joined with `"\n"`; one space after the colon is dropped.
//! - A blank line dispatches the event; an event without any `data` line is not dispatched.
//! - `event:` sets the event type (default `"message"`), `id:` the last event id; `retry:` and
//!   unknown fields are ignored (there is no reconnection with `fetch`). A leading BOM is dropped.
//!
//! Cost is O(n) in the stream length: each byte is examined once when it arrives; only the bytes of
//! the current, unfinished line are kept between reads.
//!
//! Memory is capped ([`SseLimits`]): a line longer than `max_line` bytes, or an event whose data
//! grows past `max_event` bytes, stops the decoder ([`SseDecoder::overflow`] says which). The events
//! completed before it are still returned; the oversized one and everything after it are dropped, so
//! a runaway body cannot fill the page's memory while the reply so far is kept.
//!
//! End of stream ([`SseDecoder::finish`]) deliberately deviates from the specification, which
//! discards an event not followed by a blank line: here an unterminated last line is processed as a
//! line, then a pending event that has data is dispatched. A server that omits the final blank line
//! after `data: [DONE]` thus still ends cleanly, while a body cut off inside a JSON chunk yields an
//! event whose data does not parse (see [`crate::chat::types::interpret`]); whether the reply was
//! complete is decided from `[DONE]` / `finish_reason`, not from the framing.

use std::borrow::Cow;
use std::mem;

/// How much the decoder keeps at most (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseLimits {
    /// The longest line, in bytes, without its line break.
    pub max_line: usize,
    /// The most data of one event, in bytes (its `data` lines and the `\n` between them).
    pub max_event: usize,
}

impl Default for SseLimits {
    /// 1 MiB per line, 4 MiB per event: a chat chunk is a line of a few hundred bytes, so only a
    /// broken or hostile body comes near.
    fn default() -> Self {
        SseLimits {
            max_line: 1 << 20,
            max_event: 4 << 20,
        }
    }
}

/// Why the decoder stopped (see [`SseLimits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SseOverflow {
    /// A line was longer than this many bytes.
    Line(usize),
    /// An event's data was longer than this many bytes.
    Event(usize),
}

impl std::fmt::Display for SseOverflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SseOverflow::Line(limit) => write!(f, "a line of the stream was over {limit} bytes"),
            SseOverflow::Event(limit) => write!(f, "an event of the stream was over {limit} bytes"),
        }
    }
}

/// How long a connection may stay silent (not a byte: no event and no keep-alive comment) before
/// the reply is given up: two minutes. OpenRouter sends `: OPENROUTER PROCESSING` every few
/// seconds while a model thinks (streaming.mdx: comments "prevent connection timeouts"), so a
/// connection that still sends them is alive, however long the model takes; one that sends
/// nothing for two minutes is not. Long enough for any gap between two keep-alives, short enough
/// that a dead connection is told in time.
pub const STALL_TIMEOUT_MS: f64 = 120_000.0;

/// Tells a connection that has gone silent: nothing at all for [`STALL_TIMEOUT_MS`]. Keep-alive
/// comments are progress and keep it alive. Pure logic: the caller passes the clock
/// (milliseconds) and asks whenever it likes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StallWatch {
    timeout_ms: f64,
    last_byte_ms: f64,
}

impl StallWatch {
    /// A watch started at `now_ms` (the request was sent), giving up after `timeout_ms` of
    /// silence.
    pub fn new(now_ms: f64, timeout_ms: f64) -> Self {
        StallWatch {
            timeout_ms,
            last_byte_ms: now_ms,
        }
    }

    /// A read at `now_ms` brought `bytes` bytes (events, comments, anything).
    pub fn saw(&mut self, bytes: usize, now_ms: f64) {
        if bytes > 0 {
            self.last_byte_ms = now_ms;
        }
    }

    /// Nothing arrived for the whole timeout.
    pub fn is_stalled(&self, now_ms: f64) -> bool {
        now_ms - self.last_byte_ms >= self.timeout_ms
    }

    /// The timeout, in whole seconds (for the message).
    pub fn timeout_secs(&self) -> u64 {
        (self.timeout_ms / 1000.0).round() as u64
    }
}

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field, or `"message"` when the event had none.
    pub event: String,
    /// The `data:` lines joined with `"\n"`.
    pub data: String,
    /// The last event id set by an `id:` field so far in the stream, if any (non-empty).
    pub id: Option<String>,
}

impl SseEvent {
    /// Whether this is the end-of-stream sentinel `data: [DONE]`.
    pub fn is_done(&self) -> bool {
        self.data == "[DONE]"
    }
}

/// Incremental decoder: feed it the body's bytes as they arrive with [`SseDecoder::push`], and call
/// [`SseDecoder::finish`] when the body ends; check [`SseDecoder::overflow`] after each push.
#[derive(Debug, Default)]
pub struct SseDecoder {
    /// The caps on a line and an event.
    limits: SseLimits,
    /// Set when a cap was passed: the decoder ignores everything after.
    overflow: Option<SseOverflow>,
    /// Bytes of the current line not yet terminated.
    line: Vec<u8>,
    /// The previous read ended with CR: an LF at the start of the next read completes that CRLF.
    skip_lf: bool,
    /// At least one line has been processed (the BOM can only precede the first one).
    started: bool,
    /// The data buffer: each `data` value followed by `"\n"`.
    data: String,
    /// The event type buffer.
    event_type: String,
    /// The last event id buffer.
    last_id: String,
    /// Bytes examined while looking for line breaks (to test that each is examined once).
    #[cfg(test)]
    scanned: usize,
}

impl SseDecoder {
    /// A decoder at the start of a stream, with the default [`SseLimits`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A decoder at the start of a stream, with these caps.
    pub fn with_limits(limits: SseLimits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// Which cap the stream passed, if it did: the decoder has stopped, and [`SseDecoder::push`]
    /// and [`SseDecoder::finish`] return nothing more.
    pub fn overflow(&self) -> Option<SseOverflow> {
        self.overflow
    }

    /// Feeds the next bytes of the body; returns the events completed by them, in order (those
    /// completed before a cap was passed, when one was: see [`SseDecoder::overflow`]).
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        let mut out = Vec::new();
        if self.overflow.is_some() {
            return out;
        }
        let mut rest = bytes;
        if self.skip_lf && !rest.is_empty() {
            self.skip_lf = false;
            if rest[0] == b'\n' {
                rest = &rest[1..];
                self.count_scanned(1);
            }
        }
        while let Some(pos) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.count_scanned(pos + 1);
            if self.line.len() + pos > self.limits.max_line {
                return self.stop(SseOverflow::Line(self.limits.max_line), out);
            }
            let is_cr = rest[pos] == b'\r';
            if self.line.is_empty() {
                self.process_line(&rest[..pos], &mut out);
            } else {
                // Reuse the buffer's allocation: take it, process it, put it back empty.
                let mut line = mem::take(&mut self.line);
                line.extend_from_slice(&rest[..pos]);
                self.process_line(&line, &mut out);
                line.clear();
                self.line = line;
            }
            if let Some(overflow) = self.overflow {
                return self.stop(overflow, out);
            }
            rest = &rest[pos + 1..];
            if is_cr {
                match rest.first() {
                    Some(b'\n') => {
                        rest = &rest[1..];
                        self.count_scanned(1);
                    }
                    Some(_) => {}
                    None => self.skip_lf = true,
                }
            }
        }
        self.count_scanned(rest.len());
        if self.line.len() + rest.len() > self.limits.max_line {
            return self.stop(SseOverflow::Line(self.limits.max_line), out);
        }
        self.line.extend_from_slice(rest);
        out
    }

    /// Stops at a cap: keeps the events completed before it, drops everything pending.
    fn stop(&mut self, overflow: SseOverflow, out: Vec<SseEvent>) -> Vec<SseEvent> {
        *self = Self {
            limits: self.limits,
            overflow: Some(overflow),
            ..Self::default()
        };
        out
    }

    /// Ends the stream: processes an unterminated last line and dispatches a pending event that has
    /// data (see the module documentation), then resets the decoder for a new stream (one that
    /// passed a cap stays stopped).
    pub fn finish(&mut self) -> Vec<SseEvent> {
        let mut out = Vec::new();
        if self.overflow.is_some() {
            return out;
        }
        if !self.line.is_empty() {
            let line = mem::take(&mut self.line);
            self.process_line(&line, &mut out);
        }
        if let Some(overflow) = self.overflow {
            return self.stop(overflow, out);
        }
        self.dispatch(&mut out);
        *self = Self::with_limits(self.limits);
        out
    }

    #[cfg(test)]
    fn count_scanned(&mut self, n: usize) {
        self.scanned += n;
    }

    #[cfg(not(test))]
    fn count_scanned(&mut self, _n: usize) {}

    fn process_line(&mut self, bytes: &[u8], out: &mut Vec<SseEvent>) {
        let text: Cow<'_, str> = String::from_utf8_lossy(bytes);
        let mut line: &str = &text;
        if !self.started {
            self.started = true;
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                // The data so far and this value, without the last "\n" (never dispatched).
                if self.data.len() + value.len() > self.limits.max_event {
                    self.overflow = Some(SseOverflow::Event(self.limits.max_event));
                    return;
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => {
                self.event_type.clear();
                self.event_type.push_str(value);
            }
            "id" if !value.contains('\0') => {
                self.last_id.clear();
                self.last_id.push_str(value);
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<SseEvent>) {
        if self.data.is_empty() {
            self.event_type.clear();
            return;
        }
        let mut data = mem::take(&mut self.data);
        data.pop(); // the "\n" after the last data line
        let event = if self.event_type.is_empty() {
            "message".to_string()
        } else {
            mem::take(&mut self.event_type)
        };
        let id = (!self.last_id.is_empty()).then(|| self.last_id.clone());
        out.push(SseEvent { event, data, id });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(data: &str) -> SseEvent {
        SseEvent {
            event: "message".into(),
            data: data.into(),
            id: None,
        }
    }

    fn decode_all(bytes: &[u8]) -> Vec<SseEvent> {
        let mut d = SseDecoder::new();
        let mut out = d.push(bytes);
        out.extend(d.finish());
        out
    }

    fn decode_pieces(pieces: &[&[u8]]) -> Vec<SseEvent> {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for p in pieces {
            out.extend(d.push(p));
        }
        out.extend(d.finish());
        out
    }

    const CHUNK_HELLO: &str = r#"{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"openai/gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null}]}"#;
    const CHUNK_E: &str = r#"{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"openai/gpt-4o-mini","choices":[{"index":0,"delta":{"content":" café"},"finish_reason":null}]}"#;
    const CHUNK_JA: &str = r#"{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"openai/gpt-4o-mini","choices":[{"index":0,"delta":{"content":" 日本"},"finish_reason":null}]}"#;
    const CHUNK_EMOJI: &str = r#"{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"openai/gpt-4o-mini","choices":[{"index":0,"delta":{"content":" 🦀!"},"finish_reason":"stop","native_finish_reason":"stop"}]}"#;
    const CHUNK_USAGE: &str = r#"{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"openai/gpt-4o-mini","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46,"cost":0.0000222}}"#;
    const CHUNK_ERROR: &str = r#"{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"openai/gpt-4o","provider":"OpenAI","error":{"code":"server_error","message":"Provider disconnected"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#;

    /// A realistic OpenRouter stream with LF line endings, and the events it must give.
    fn realistic() -> (String, Vec<SseEvent>) {
        let text = format!(
            ": OPENROUTER PROCESSING\n\n\
             data: {CHUNK_HELLO}\n\n\
             : OPENROUTER PROCESSING\n\n\
             data: {CHUNK_E}\n\n\
             data:{CHUNK_JA}\n\n\
             data: {CHUNK_EMOJI}\n\n\
             data: {CHUNK_USAGE}\n\n\
             data: first line\ndata: second é line\ndata:\n\n\
             data: {CHUNK_ERROR}\n\n\
             data: [DONE]\n\n"
        );
        let events = vec![
            msg(CHUNK_HELLO),
            msg(CHUNK_E),
            msg(CHUNK_JA),
            msg(CHUNK_EMOJI),
            msg(CHUNK_USAGE),
            msg("first line\nsecond é line\n"),
            msg(CHUNK_ERROR),
            msg("[DONE]"),
        ];
        (text, events)
    }

    fn variants() -> Vec<(&'static str, Vec<u8>, Vec<SseEvent>)> {
        let (lf, events) = realistic();
        vec![
            ("LF", lf.clone().into_bytes(), events.clone()),
            (
                "CRLF",
                lf.replace('\n', "\r\n").into_bytes(),
                events.clone(),
            ),
            ("CR", lf.replace('\n', "\r").into_bytes(), events),
        ]
    }

    #[test]
    fn realistic_stream_unsplit() {
        for (name, bytes, expected) in variants() {
            assert_eq!(decode_all(&bytes), expected, "{name}");
            // Everything but the trailing blank line: the events come from push, none from finish.
            let mut d = SseDecoder::new();
            assert_eq!(d.push(&bytes), expected, "{name}");
            assert_eq!(d.finish(), Vec::<SseEvent>::new(), "{name}");
        }
    }

    #[test]
    fn realistic_stream_every_two_piece_split() {
        for (name, bytes, expected) in variants() {
            for i in 0..=bytes.len() {
                let got = decode_pieces(&[&bytes[..i], &bytes[i..]]);
                assert_eq!(got, expected, "{name} split at {i}");
            }
        }
    }

    #[test]
    fn realistic_stream_one_byte_at_a_time() {
        for (name, bytes, expected) in variants() {
            let mut d = SseDecoder::new();
            let mut got = Vec::new();
            for (i, b) in bytes.iter().enumerate() {
                let evs = d.push(std::slice::from_ref(b));
                // An event completes on a line break (the one ending its blank line).
                if !evs.is_empty() {
                    assert!(matches!(b, b'\r' | b'\n'), "{name}: event at byte {i}");
                    assert!(
                        matches!(bytes[i - 1], b'\r' | b'\n'),
                        "{name}: event at byte {i}"
                    );
                }
                got.extend(evs);
            }
            assert_eq!(d.finish(), vec![], "{name}");
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn every_three_piece_split_of_a_short_mixed_stream() {
        // Mixed line endings, a multi-byte character next to each terminator.
        let bytes =
            ": c\r\ndata: é\r\n\r\ndata: 日\rdata: 🦀\r\rdata:x\n\ndata: [DONE]\r\n\r\n".as_bytes();
        let expected = vec![msg("é"), msg("日\n🦀"), msg("x"), msg("[DONE]")];
        assert_eq!(decode_all(bytes), expected);
        for i in 0..=bytes.len() {
            for j in i..=bytes.len() {
                let got = decode_pieces(&[&bytes[..i], &bytes[i..j], &bytes[j..]]);
                assert_eq!(got, expected, "splits at {i}, {j}");
            }
        }
    }

    #[test]
    fn several_events_in_one_read_and_empty_reads() {
        let mut d = SseDecoder::new();
        assert_eq!(d.push(b""), vec![]);
        assert_eq!(
            d.push(b"data: a\n\ndata: b\n\ndata: c"),
            vec![msg("a"), msg("b")]
        );
        assert_eq!(d.push(b""), vec![]);
        assert_eq!(d.push(b"\n\n"), vec![msg("c")]);
        assert_eq!(d.finish(), vec![]);
    }

    #[test]
    fn split_inside_multibyte_character() {
        let bytes = "data: 🦀é\n\n".as_bytes();
        // The crab is bytes 6..10; split in each of its inner positions.
        for i in 7..10 {
            let mut d = SseDecoder::new();
            assert_eq!(d.push(&bytes[..i]), vec![]);
            assert_eq!(d.push(&bytes[i..]), vec![msg("🦀é")]);
        }
    }

    #[test]
    fn crlf_split_between_cr_and_lf_is_one_line_break() {
        let mut d = SseDecoder::new();
        assert_eq!(d.push(b"data: a\r"), vec![]);
        // If the LF counted as a second line break, "a" would be dispatched here.
        assert_eq!(d.push(b"\n"), vec![]);
        assert_eq!(d.push(b"data: b\r"), vec![]);
        assert_eq!(d.push(b"\n\r"), vec![msg("a\nb")]);
        assert_eq!(d.push(b"\n"), vec![]);
        assert_eq!(d.finish(), vec![]);
    }

    #[test]
    fn lone_cr_then_other_byte_in_next_read() {
        let mut d = SseDecoder::new();
        assert_eq!(d.push(b"data: a\r"), vec![]);
        assert_eq!(d.push(b"\r"), vec![msg("a")]);
    }

    #[test]
    fn comments_are_ignored_and_do_not_dispatch() {
        let got =
            decode_all(b": OPENROUTER PROCESSING\n\n:\n\n: x\ndata: y\n: between\ndata: z\n\n");
        assert_eq!(got, vec![msg("y\nz")]);
    }

    #[test]
    fn field_parsing_rules() {
        // Only one space is removed; no colon means an empty value; unknown fields are ignored;
        // field names are case-sensitive.
        let got =
            decode_all(b"data:  two spaces\ndata\nDATA: no\nfoo: bar\nretry: 10\ndata:\tx\n\n");
        assert_eq!(got, vec![msg(" two spaces\n\n\tx")]);
    }

    #[test]
    fn empty_data_value_is_still_an_event() {
        assert_eq!(decode_all(b"data:\n\n"), vec![msg("")]);
        assert_eq!(decode_all(b"data\n\n"), vec![msg("")]);
    }

    #[test]
    fn event_type_and_id() {
        let got = decode_all(
            b"event: ping\nid: 7\ndata: a\n\ndata: b\n\nevent: x\n\ndata: c\n\nid\ndata: d\n\n",
        );
        assert_eq!(
            got,
            vec![
                SseEvent {
                    event: "ping".into(),
                    data: "a".into(),
                    id: Some("7".into())
                },
                // The id persists; the type resets after each event.
                SseEvent {
                    event: "message".into(),
                    data: "b".into(),
                    id: Some("7".into())
                },
                // An event with a type but no data is not dispatched, and its type is dropped.
                SseEvent {
                    event: "message".into(),
                    data: "c".into(),
                    id: Some("7".into())
                },
                // `id` with an empty value resets the last event id.
                SseEvent {
                    event: "message".into(),
                    data: "d".into(),
                    id: None
                },
            ]
        );
        let got = decode_all(b"id: a\0b\ndata: x\n\n");
        assert_eq!(got, vec![msg("x")], "an id containing NUL is ignored");
    }

    #[test]
    fn blank_lines_without_data_dispatch_nothing() {
        assert_eq!(decode_all(b"\n\n\r\n\r\r\n"), vec![]);
    }

    #[test]
    fn bom_is_dropped_only_at_the_start() {
        let got = decode_all("\u{feff}data: a\n\n\u{feff}data: b\n\n".as_bytes());
        // The second BOM is part of the field name "\u{feff}data", an unknown field.
        assert_eq!(got, vec![msg("a")]);
        // A BOM split across reads.
        let bytes = "\u{feff}data: a\n\n".as_bytes();
        assert_eq!(
            decode_pieces(&[&bytes[..1], &bytes[1..2], &bytes[2..]]),
            vec![msg("a")]
        );
    }

    #[test]
    fn invalid_utf8_becomes_replacement_character() {
        assert_eq!(decode_all(b"data: a\xffb\n\n"), vec![msg("a\u{fffd}b")]);
    }

    #[test]
    fn finish_dispatches_trailing_event_without_blank_line() {
        // Terminated last line, no blank line.
        assert_eq!(
            decode_all(b"data: a\n\ndata: [DONE]\n"),
            vec![msg("a"), msg("[DONE]")]
        );
        // Unterminated last line.
        assert_eq!(
            decode_all(b"data: a\n\ndata: [DONE]"),
            vec![msg("a"), msg("[DONE]")]
        );
        // Multi-line pending event.
        assert_eq!(decode_all(b"data: a\r\ndata: b"), vec![msg("a\nb")]);
        // A cut-off JSON chunk is handed over as is (it will not parse).
        assert_eq!(decode_all(b"data: {\"choi"), vec![msg("{\"choi")]);
        // A trailing comment or a field without data dispatches nothing.
        assert_eq!(decode_all(b"data: a\n\n: keep-alive"), vec![msg("a")]);
        assert_eq!(decode_all(b"event: x"), vec![]);
        assert_eq!(decode_all(b""), vec![]);
    }

    #[test]
    fn finish_resets_the_decoder() {
        let mut d = SseDecoder::new();
        assert_eq!(d.push(b"id: 1\ndata: a"), vec![]);
        assert_eq!(
            d.finish(),
            vec![SseEvent {
                event: "message".into(),
                data: "a".into(),
                id: Some("1".into())
            }]
        );
        assert_eq!(d.push(b"data: b\n\n"), vec![msg("b")]);
        assert_eq!(d.finish(), vec![]);
    }

    #[test]
    fn is_done() {
        assert!(msg("[DONE]").is_done());
        assert!(!msg("[DONE] ").is_done());
        assert!(!msg("{}").is_done());
    }

    #[test]
    fn each_byte_is_examined_once() {
        // 5,000 deltas fed one small read at a time, each read ending mid-line: the bytes examined
        // equal the bytes fed, so the cost per read does not grow with the length of the reply.
        let mut d = SseDecoder::new();
        let mut total = 0;
        let mut events = 0;
        for i in 0..5_000 {
            let chunk = format!(
                "data: {{\"choices\":[{{\"delta\":{{\"content\":\"word {i} é\"}}}}]}}\n\n: OPENROUTER PROCESSING\n\n"
            );
            let bytes = chunk.as_bytes();
            let (a, b) = bytes.split_at(bytes.len() / 2);
            for piece in [a, b] {
                total += piece.len();
                events += d.push(piece).len();
            }
            // Only the unfinished line is kept: nothing is pending after a complete event.
            assert!(d.line.is_empty());
        }
        assert_eq!(events, 5_000);
        assert_eq!(d.scanned, total);
    }

    const SMALL: SseLimits = SseLimits {
        max_line: 16,
        max_event: 10,
    };

    #[test]
    fn a_line_over_the_cap_stops_the_decoder_and_keeps_the_events_before() {
        // 16 bytes is allowed, 17 is not; comments count like any line.
        let fits = b"data: 0123456789\n\n";
        assert_eq!(decode_with(SMALL, &[fits]), (vec![msg("0123456789")], None));
        for long in [&b"data: 0123456789A\n\n"[..], b": OPENROUTER PROCESSIN\n\n"] {
            let bytes = [&b"data: a\n\n"[..], long, b"data: b\n\n"].concat();
            for i in 0..=bytes.len() {
                let (events, overflow) = decode_with(SMALL, &[&bytes[..i], &bytes[i..]]);
                assert_eq!(events, vec![msg("a")], "split at {i}");
                assert_eq!(overflow, Some(SseOverflow::Line(16)), "split at {i}");
            }
        }
    }

    #[test]
    fn an_endless_line_is_never_kept_beyond_the_cap() {
        let mut d = SseDecoder::with_limits(SMALL);
        assert_eq!(d.push(b"data: a\n\n"), vec![msg("a")]);
        for i in 0..1_000 {
            assert_eq!(d.push(b"x"), vec![], "byte {i}");
            assert!(d.line.len() <= 16, "byte {i}: {} bytes kept", d.line.len());
        }
        assert_eq!(d.overflow(), Some(SseOverflow::Line(16)));
        // Stopped: nothing more, even a proper event, and finish does not revive it.
        assert_eq!(d.push(b"\n\ndata: b\n\n"), vec![]);
        assert_eq!(d.finish(), vec![]);
        assert_eq!(d.overflow(), Some(SseOverflow::Line(16)));
    }

    #[test]
    fn an_event_over_the_cap_stops_the_decoder_and_keeps_the_events_before() {
        // Two data lines joined: "12345\n1234" is 10 bytes (allowed), "12345\n12345" is 11.
        assert_eq!(
            decode_with(SMALL, &[b"data: 12345\ndata: 1234\n\n"]),
            (vec![msg("12345\n1234")], None)
        );
        let bytes = b"data: ok\n\ndata: 12345\ndata: 12345\n\ndata: late\n\n";
        for i in 0..=bytes.len() {
            let (events, overflow) = decode_with(SMALL, &[&bytes[..i], &bytes[i..]]);
            assert_eq!(events, vec![msg("ok")], "split at {i}");
            assert_eq!(overflow, Some(SseOverflow::Event(10)), "split at {i}");
        }
        // Many short lines: the event cap, not the line cap, stops them.
        let mut d = SseDecoder::with_limits(SMALL);
        let mut events = Vec::new();
        for _ in 0..100 {
            events.extend(d.push(b"data: 1234\n"));
        }
        assert_eq!(events, vec![]);
        assert_eq!(d.overflow(), Some(SseOverflow::Event(10)));
        assert!(d.data.is_empty(), "the oversized event is dropped");
        // An unterminated last line that passes the cap at the end of the stream.
        let mut d = SseDecoder::with_limits(SMALL);
        assert_eq!(d.push(b"data: 12345\ndata: 123456"), vec![]);
        assert_eq!(d.finish(), vec![]);
        assert_eq!(d.overflow(), Some(SseOverflow::Event(10)));
    }

    #[test]
    fn default_caps_let_a_large_real_event_through() {
        let limits = SseLimits::default();
        assert_eq!((limits.max_line, limits.max_event), (1 << 20, 4 << 20));
        let content = "é".repeat(400_000); // 800,000 bytes in one line
        let text = format!("data: {content}\n\n");
        assert_eq!(decode_all(text.as_bytes()), vec![msg(&content)]);
        let too_long = format!("data: {}\n\n", "x".repeat(1 << 20));
        let (events, overflow) = decode_with(limits, &[too_long.as_bytes()]);
        assert_eq!(
            (events, overflow),
            (vec![], Some(SseOverflow::Line(1 << 20)))
        );
        assert_eq!(
            SseOverflow::Line(1 << 20).to_string(),
            "a line of the stream was over 1048576 bytes"
        );
    }

    fn decode_with(limits: SseLimits, pieces: &[&[u8]]) -> (Vec<SseEvent>, Option<SseOverflow>) {
        let mut d = SseDecoder::with_limits(limits);
        let mut out = Vec::new();
        for p in pieces {
            out.extend(d.push(p));
        }
        out.extend(d.finish());
        (out, d.overflow())
    }

    /// Feeds `(at_ms, bytes)` reads to a watch started at 0, and tells when (at which of
    /// `checks_ms`) it first says the connection went silent.
    fn first_stall(reads: &[(f64, &[u8])], checks_ms: &[f64]) -> Option<f64> {
        let mut watch = StallWatch::new(0.0, STALL_TIMEOUT_MS);
        let mut reads = reads.iter().peekable();
        for &now in checks_ms {
            while let Some((_, bytes)) = reads.next_if(|(at, _)| *at <= now) {
                watch.saw(bytes.len(), now);
            }
            if watch.is_stalled(now) {
                return Some(now);
            }
        }
        None
    }

    #[test]
    fn keep_alives_keep_a_stream_alive_and_silence_ends_it() {
        let ping: &[u8] = b": OPENROUTER PROCESSING\n\n";
        let data: &[u8] = b"data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n";
        let every_second: Vec<f64> = (0..=600).map(|s| s as f64 * 1000.0).collect();
        // Keep-alive comments every 10 s for five minutes, nothing else: alive throughout.
        let pings: Vec<(f64, &[u8])> = (1..=30).map(|i| (i as f64 * 10_000.0, ping)).collect();
        let five_minutes: Vec<f64> = (0..=300).map(|s| s as f64 * 1000.0).collect();
        assert_eq!(first_stall(&pings, &five_minutes), None);
        // After the last one (at 300 s), two minutes of silence end it.
        assert_eq!(first_stall(&pings, &every_second), Some(420_000.0));
        // Nothing at all: two minutes after the request.
        assert_eq!(first_stall(&[], &every_second), Some(120_000.0));
        // Any byte counts, even half an event.
        let (a, b) = data.split_at(20);
        let reads = [(40_000.0, a), (150_000.0, b)];
        assert_eq!(first_stall(&reads, &every_second), Some(270_000.0));
        // An empty read is not a byte.
        let reads = [(30_000.0, &b""[..])];
        assert_eq!(first_stall(&reads, &every_second), Some(120_000.0));
        assert_eq!(StallWatch::new(0.0, STALL_TIMEOUT_MS).timeout_secs(), 120);
    }

    #[test]
    fn long_line_arriving_byte_by_byte() {
        let content = "é".repeat(50_000);
        let text = format!("data: {content}\n\n");
        let mut d = SseDecoder::new();
        let mut got = Vec::new();
        for b in text.as_bytes() {
            got.extend(d.push(std::slice::from_ref(b)));
        }
        assert_eq!(got, vec![msg(&content)]);
        assert_eq!(d.scanned, text.len());
    }
}
