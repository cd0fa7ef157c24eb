//! The chat request body, the streamed chunk types, and their interpretation.
//!
//! [`interpret`] turns the data of one SSE event into a [`StreamItem`]; [`ReplyState`] accumulates
//! the items of one reply and tells, when the body ends, whether it ended properly; [`ReplyEnd`]
//! says how it ended.
//!
//! Parsing is tolerant: unknown fields are ignored, and `error.code` may be a number or a string.
//!
//! Reasoning (models that think before answering) is kept apart from the answer: a delta's
//! `reasoning` (a string or null) is the reasoning text; when it is absent or empty, the readable
//! items of `reasoning_details` give it (`reasoning.text`'s `text`, `reasoning.summary`'s
//! `summary`; `reasoning.encrypted` items are not readable and give nothing). Every
//! `reasoning_details` item is also kept unchanged, in arrival order, so that the next turn can send
//! it back ([`ChatMessage::with_reasoning_details`]), as OpenRouter recommends (the same JSON
//! values: every field and value is kept, though serde_json writes an object's keys in its own
//! order). A `reasoning` or
//! `reasoning_details` of an unexpected type is taken as absent: the answer is never lost to it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::chat::errors::{ChatError, ErrorDetails};
use crate::chat::usage::null_as_default;
pub use crate::chat::usage::Usage;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Instructions for the model.
    System,
    /// The person chatting.
    User,
    /// The model.
    Assistant,
}

impl Role {
    /// `"system"`, `"user"` or `"assistant"`, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

/// One message of the conversation, as sent to OpenRouter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// Who wrote it.
    pub role: Role,
    /// Its text.
    pub content: String,
    /// An assistant message's `reasoning_details`, sent back unchanged so that a reasoning model
    /// continues from its own reasoning (left out of the JSON when `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_details: Option<Vec<Value>>,
}

impl ChatMessage {
    /// A message with this role and text.
    pub fn new(role: Role, content: impl Into<String>) -> Self {
        Self {
            role,
            content: content.into(),
            reasoning_details: None,
        }
    }

    /// This message with the `reasoning_details` its reply streamed (see [`ReplyState`]).
    pub fn with_reasoning_details(self, details: Vec<Value>) -> Self {
        Self {
            reasoning_details: Some(details),
            ..self
        }
    }

    /// A message from the user.
    pub fn user(content: impl Into<String>) -> Self {
        Self::new(Role::User, content)
    }

    /// A message from the model.
    pub fn assistant(content: impl Into<String>) -> Self {
        Self::new(Role::Assistant, content)
    }

    /// A system message.
    pub fn system(content: impl Into<String>) -> Self {
        Self::new(Role::System, content)
    }
}

/// The body of a streaming `POST /api/v1/chat/completions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatCompletionRequest<'a> {
    /// The model id.
    pub model: &'a str,
    /// The whole conversation.
    pub messages: &'a [ChatMessage],
    /// Always `true`: the reply comes as Server-Sent Events.
    pub stream: bool,
    /// The sampling temperature, when not the model's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f32>,
    /// How hard a reasoning model thinks, when not the model's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<ReasoningRequest<'a>>,
    /// The longest reply, in tokens (OpenRouter reserves credit for this many, or for the model's
    /// whole output when it is absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
}

/// The request's `reasoning` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReasoningRequest<'a> {
    /// `"high"`, `"medium"`, `"low"`, … (one of the model's `supported_efforts`).
    pub effort: &'a str,
}

/// What a chat request sends beside the model and the conversation; each is left out of the body
/// when `None`, so the model's own default applies.
///
/// ```
/// use yew_openrouter::chat::types::RequestOptions;
/// let options = RequestOptions::default().temperature(0.7).max_tokens(260);
/// assert_eq!(options.max_tokens, Some(260));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct RequestOptions<'a> {
    /// The sampling temperature (0 to 2).
    pub temperature: Option<f32>,
    /// The reasoning effort (one of the model's `supported_efforts`): sent as
    /// `"reasoning": {"effort": …}`.
    pub reasoning_effort: Option<&'a str>,
    /// The longest reply, in tokens: sent as `max_tokens`.
    pub max_tokens: Option<u32>,
}

impl<'a> RequestOptions<'a> {
    /// With this temperature.
    pub fn temperature(self, temperature: impl Into<Option<f32>>) -> Self {
        Self {
            temperature: temperature.into(),
            ..self
        }
    }

    /// With this reasoning effort.
    pub fn reasoning_effort(self, effort: impl Into<Option<&'a str>>) -> Self {
        Self {
            reasoning_effort: effort.into(),
            ..self
        }
    }

    /// With this longest reply.
    pub fn max_tokens(self, max_tokens: impl Into<Option<u32>>) -> Self {
        Self {
            max_tokens: max_tokens.into(),
            ..self
        }
    }
}

/// The JSON body of a streaming `POST /api/v1/chat/completions`:
/// `{"model":…,"messages":[{"role":…,"content":…}],"stream":true}`, with `"temperature"`,
/// `"reasoning":{"effort":…}` and `"max_tokens"` when `options` has them.
pub fn request_body(model: &str, messages: &[ChatMessage], options: RequestOptions<'_>) -> String {
    serde_json::to_string(&ChatCompletionRequest {
        model,
        messages,
        stream: true,
        temperature: options.temperature,
        reasoning: options
            .reasoning_effort
            .map(|effort| ReasoningRequest { effort }),
        max_tokens: options.max_tokens,
    })
    .expect("a request serializes")
}

/// One `chat.completion.chunk` of the stream (the fields a chat UI uses). Unknown fields are
/// ignored; `null` counts as absent.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct StreamChunk {
    /// The choices; empty in the final usage chunk.
    #[serde(default, deserialize_with = "null_as_default")]
    pub choices: Vec<StreamChoice>,
    /// Token usage, in the final chunk.
    #[serde(default)]
    pub usage: Option<Usage>,
    /// A mid-stream error (the HTTP status stays 200).
    #[serde(default, deserialize_with = "error_field")]
    pub error: Option<ErrorDetails>,
    /// The model that answered.
    #[serde(default)]
    pub model: Option<String>,
}

/// One choice of a chunk.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct StreamChoice {
    /// The new part of the message.
    #[serde(default, deserialize_with = "null_as_default")]
    pub delta: StreamDelta,
    /// Why generation stopped (`stop`, `length`, `content_filter`, `tool_calls`, `error`), on the
    /// last content chunk.
    #[serde(default)]
    pub finish_reason: Option<String>,
    /// A provider error attached to the choice (seen in non-streaming answers; accepted here too).
    #[serde(default, deserialize_with = "error_field")]
    pub error: Option<ErrorDetails>,
}

/// The new part of the message in a choice.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct StreamDelta {
    /// `assistant` on the first chunk.
    #[serde(default)]
    pub role: Option<String>,
    /// The new text (may be empty or null).
    #[serde(default)]
    pub content: Option<String>,
    /// The new reasoning text (a string or null; anything else is taken as absent).
    #[serde(default, deserialize_with = "text_or_absent")]
    pub reasoning: Option<String>,
    /// The new reasoning items (an array; anything else is taken as empty).
    #[serde(default, deserialize_with = "array_or_empty")]
    pub reasoning_details: Vec<Value>,
}

/// A string, or `None` for null or a value of another type.
fn text_or_absent<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

/// An array, or empty for null or a value of another type.
fn array_or_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items,
        _ => Vec::new(),
    })
}

/// The readable text of one `reasoning_details` item: `text` of a `reasoning.text` item, `summary`
/// of a `reasoning.summary` one; nothing for `reasoning.encrypted` (its `data` is not readable) or
/// an item of another type.
pub fn reasoning_detail_text(item: &Value) -> Option<&str> {
    let field = match item.get("type")?.as_str()? {
        "reasoning.text" => "text",
        "reasoning.summary" => "summary",
        _ => return None,
    };
    item.get(field)?.as_str()
}

/// The forms an `error` field takes in the wild.
#[derive(Deserialize)]
#[serde(untagged)]
enum ErrorField {
    /// OpenRouter's `{code, message}`.
    Object(Box<ErrorDetails>),
    /// A bare string, taken as the message.
    Text(String),
    /// Anything else: an error without details.
    Other(serde::de::IgnoredAny),
}

/// An `error` field: `null` (or no field) is no error.
fn error_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ErrorDetails>, D::Error> {
    Ok(match Option::<ErrorField>::deserialize(d)? {
        None => None,
        Some(ErrorField::Object(error)) => Some(*error),
        Some(ErrorField::Text(message)) => Some(ErrorDetails {
            message: Some(message),
            ..ErrorDetails::default()
        }),
        Some(ErrorField::Other(_)) => Some(ErrorDetails::default()),
    })
}

/// What one SSE event means for the reply.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamItem {
    /// A chunk with something in it: new text (possibly empty), and on the last chunks the finish
    /// reason and/or the usage (OpenRouter sends usage in a final chunk with empty `choices`).
    Chunk {
        /// Text to append to the reply (the first choice's `delta.content`).
        text: String,
        /// Reasoning text to append (`delta.reasoning`, else the readable text of
        /// `delta.reasoning_details`).
        reasoning: String,
        /// `delta.reasoning_details`, unchanged.
        reasoning_details: Vec<Value>,
        /// Why generation stopped, when this chunk ends it.
        finish_reason: Option<String>,
        /// Token usage, when this chunk carries it.
        usage: Option<Usage>,
    },
    /// An error event in the stream: a top-level (or choice) `error`, or `finish_reason:
    /// "error"`; what OpenRouter said, its message a generic one when it gave none.
    Error(Box<ErrorDetails>),
    /// `data: [DONE]`, the end of the stream.
    Done,
    /// A valid chunk with nothing for the reply (role-only delta, empty chunk, other JSON).
    Ignored,
    /// Data that is not a JSON object (e.g. a chunk cut off); the parser's message.
    Malformed(String),
}

/// Message used when an error event carries no message of its own.
pub const GENERIC_STREAM_ERROR: &str = "The provider reported an error.";

/// Interprets the data of one SSE event (see [`StreamItem`]).
pub fn interpret(event_data: &str) -> StreamItem {
    let data = event_data.trim();
    if data == "[DONE]" {
        return StreamItem::Done;
    }
    if data.is_empty() {
        return StreamItem::Ignored;
    }
    if !data.starts_with('{') {
        return StreamItem::Malformed("not a JSON object".to_string());
    }
    let chunk: StreamChunk = match serde_json::from_str(data) {
        Ok(chunk) => chunk,
        Err(e) => return StreamItem::Malformed(e.to_string()),
    };
    let choice = chunk.choices.into_iter().next().unwrap_or_default();
    let finish_reason = choice.finish_reason.filter(|r| !r.is_empty());
    let error = chunk
        .error
        .or(choice.error)
        .or_else(|| (finish_reason.as_deref() == Some("error")).then(ErrorDetails::default));
    if let Some(mut details) = error {
        details
            .message
            .get_or_insert_with(|| GENERIC_STREAM_ERROR.to_string());
        return StreamItem::Error(Box::new(details));
    }
    let delta = choice.delta;
    let text = delta.content.unwrap_or_default();
    let reasoning = match delta.reasoning.filter(|r| !r.is_empty()) {
        Some(reasoning) => reasoning,
        None => delta
            .reasoning_details
            .iter()
            .filter_map(reasoning_detail_text)
            .collect(),
    };
    let reasoning_details = delta.reasoning_details;
    if text.is_empty()
        && reasoning.is_empty()
        && reasoning_details.is_empty()
        && finish_reason.is_none()
        && chunk.usage.is_none()
    {
        return StreamItem::Ignored;
    }
    StreamItem::Chunk {
        text,
        reasoning,
        reasoning_details,
        finish_reason,
        usage: chunk.usage,
    }
}

/// Adds one streamed `reasoning_details` item to the reply's sequence as OpenRouter expects it
/// back (reasoning-tokens.mdx: the sequence sent back must match the model's output, which
/// streams one block as many fragments): a `reasoning.text` fragment that follows a
/// `reasoning.text` item of the same block (the same `index`, or either without one) is merged
/// into it, its text appended and the first non-null `signature` and `format` kept; every other
/// item (`reasoning.encrypted`, `reasoning.summary`, a new block) is kept as it comes. The result
/// is what a non-streaming response's `message.reasoning_details` holds.
pub fn merge_reasoning_detail(sequence: &mut Vec<Value>, item: Value) {
    fn is_text(v: &Value) -> bool {
        v.get("type").and_then(Value::as_str) == Some("reasoning.text")
    }
    let same_block = |last: &Value| match (last.get("index"), item.get("index")) {
        (Some(a), Some(b)) if !a.is_null() && !b.is_null() => a == b,
        _ => true,
    };
    let Some(last) = sequence
        .last_mut()
        .filter(|last| is_text(last) && is_text(&item) && same_block(last))
        .and_then(Value::as_object_mut)
    else {
        sequence.push(item);
        return;
    };
    let Value::Object(item) = item else {
        return;
    };
    for (field, value) in item {
        match field.as_str() {
            "text" => {
                let joined = [
                    last.get("text").and_then(Value::as_str).unwrap_or_default(),
                    value.as_str().unwrap_or_default(),
                ]
                .concat();
                last.insert(field, Value::String(joined));
            }
            _ if value.is_null() => {}
            _ if last.get(&field).is_none_or(Value::is_null) => {
                last.insert(field, value);
            }
            _ => {}
        }
    }
}

/// How a streamed reply ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplyEnd {
    /// The stream said it was complete.
    Complete,
    /// The user stopped it (or left the page).
    Stopped,
    /// It failed: before the reply (an error status, the network) or during it.
    Failed(ChatError),
}

/// The new part of a reply that one read of the body brought: reasoning and answer text, either
/// possibly empty. Reasoning never goes into `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReplyDelta<'a> {
    /// New reasoning text.
    pub reasoning: &'a str,
    /// New answer text.
    pub text: &'a str,
    /// The read brought keep-alive comments and no event: OpenRouter is still working on the
    /// reply (streaming.mdx suggests showing it "e.g. by showing a dynamic loading indicator").
    pub keep_alive: bool,
}

impl ReplyDelta<'_> {
    /// Neither reasoning nor text.
    pub fn is_empty(&self) -> bool {
        self.reasoning.is_empty() && self.text.is_empty()
    }
}

/// A point in a reply being streamed ([`ReplyState::mark`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyMark {
    reasoning: usize,
    text: usize,
}

/// The state of one streamed reply, fed event by event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReplyState {
    /// The text so far.
    pub text: String,
    /// The reasoning text so far (shown apart from the answer, never sent back as `content`).
    pub reasoning: String,
    /// Every `reasoning_details` item so far, unchanged, in arrival order (to send back with the
    /// reply on the next turn).
    pub reasoning_details: Vec<Value>,
    /// The finish reason, once a chunk gave one.
    pub finish_reason: Option<String>,
    /// The usage, once the final chunk gave it.
    pub usage: Option<Usage>,
    /// The mid-stream error, if one arrived.
    pub error: Option<ChatError>,
    /// `[DONE]` arrived.
    pub done: bool,
    /// How many events could not be parsed (skipped).
    pub malformed: usize,
}

impl ReplyState {
    /// An empty reply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies one item; returns whether the text or the reasoning changed.
    pub fn apply(&mut self, item: StreamItem) -> bool {
        match item {
            StreamItem::Chunk {
                text,
                reasoning,
                reasoning_details,
                finish_reason,
                usage,
            } => {
                self.text.push_str(&text);
                self.reasoning.push_str(&reasoning);
                for item in reasoning_details {
                    merge_reasoning_detail(&mut self.reasoning_details, item);
                }
                if finish_reason.is_some() {
                    self.finish_reason = finish_reason;
                }
                if usage.is_some() {
                    self.usage = usage;
                }
                !text.is_empty() || !reasoning.is_empty()
            }
            StreamItem::Error(details) => {
                self.error = Some(ChatError::MidStream { details });
                false
            }
            StreamItem::Done => {
                self.done = true;
                false
            }
            StreamItem::Ignored => false,
            StreamItem::Malformed(_) => {
                self.malformed += 1;
                false
            }
        }
    }

    /// Where the reply is now, to tell later what is new ([`ReplyState::since`]).
    pub fn mark(&self) -> ReplyMark {
        ReplyMark {
            reasoning: self.reasoning.len(),
            text: self.text.len(),
        }
    }

    /// The reasoning and text added since `mark`.
    pub fn since(&self, mark: ReplyMark) -> ReplyDelta<'_> {
        ReplyDelta {
            reasoning: self.reasoning.get(mark.reasoning..).unwrap_or_default(),
            text: self.text.get(mark.text..).unwrap_or_default(),
            keep_alive: false,
        }
    }

    /// Interprets and applies the data of one SSE event; returns whether the text or the reasoning
    /// changed.
    pub fn apply_event(&mut self, event_data: &str) -> bool {
        self.apply(interpret(event_data))
    }

    /// The stream said it was complete: `[DONE]` or a finish reason arrived.
    pub fn is_complete(&self) -> bool {
        self.done || self.finish_reason.is_some()
    }

    /// To call when the body has ended (not when the user stopped it): the mid-stream error if
    /// one arrived, else [`ChatError::CutOff`] when the stream never said it was complete.
    pub fn end_error(&self) -> Option<ChatError> {
        match &self.error {
            Some(e) => Some(e.clone()),
            None if !self.is_complete() => Some(ChatError::CutOff),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::ErrorCode;
    use crate::chat::sse::SseDecoder;

    /// An error event with this message and code, and nothing more.
    fn stream_error(message: String, code: Option<ErrorCode>) -> StreamItem {
        StreamItem::Error(Box::new(ErrorDetails {
            message: Some(message),
            code,
            ..ErrorDetails::default()
        }))
    }

    fn chunk(text: &str) -> StreamItem {
        StreamItem::Chunk {
            text: text.into(),
            reasoning: String::new(),
            reasoning_details: vec![],
            finish_reason: None,
            usage: None,
        }
    }

    #[test]
    fn request_body_shape() {
        let messages = vec![
            ChatMessage::system("Be brief."),
            ChatMessage::user("Hi \"there\"\n日本 🦀"),
            ChatMessage::assistant("Hello!"),
        ];
        assert_eq!(
            request_body("openai/gpt-4o-mini", &messages, RequestOptions::default()),
            r#"{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi \"there\"\n日本 🦀"},{"role":"assistant","content":"Hello!"}],"stream":true}"#
        );
        assert_eq!(
            request_body("m", &[], RequestOptions::default()),
            r#"{"model":"m","messages":[],"stream":true}"#
        );
        assert_eq!(
            request_body("m", &[], RequestOptions::default().temperature(0.7)),
            r#"{"model":"m","messages":[],"stream":true,"temperature":0.7}"#
        );
    }

    #[test]
    fn request_body_with_reasoning_details_and_effort() {
        let details = vec![
            serde_json::json!({"type":"reasoning.text","text":"Think.","format":"unknown","index":0}),
            serde_json::json!({"type":"reasoning.encrypted","data":"gAAA==","index":1}),
        ];
        let messages = vec![
            ChatMessage::user("Hi"),
            ChatMessage::assistant("Hello!").with_reasoning_details(details.clone()),
            ChatMessage::user("Again"),
        ];
        assert_eq!(messages[0].reasoning_details, None);
        assert_eq!(messages[1].reasoning_details.as_ref(), Some(&details));
        let body = request_body(
            "m/r",
            &messages,
            RequestOptions::default().reasoning_effort("high"),
        );
        // Compared as JSON values: whether an object's keys keep their order depends on
        // serde_json's `preserve_order` feature, which another crate of a build may turn on.
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            serde_json::json!({"model":"m/r","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!","reasoning_details":[{"format":"unknown","index":0,"text":"Think.","type":"reasoning.text"},{"data":"gAAA==","index":1,"type":"reasoning.encrypted"}]},{"role":"user","content":"Again"}],"stream":true,"reasoning":{"effort":"high"}})
        );
        // The items go back as the same JSON values.
        let sent: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            sent["messages"][1]["reasoning_details"],
            Value::Array(details)
        );
        assert_eq!(
            request_body(
                "m",
                &[],
                RequestOptions::default()
                    .temperature(0.5)
                    .reasoning_effort("low")
            ),
            r#"{"model":"m","messages":[],"stream":true,"temperature":0.5,"reasoning":{"effort":"low"}}"#
        );
        assert_eq!(
            request_body("m", &[], RequestOptions::default().max_tokens(260)),
            r#"{"model":"m","messages":[],"stream":true,"max_tokens":260}"#
        );
        // An empty list is still sent when given (the caller decides).
        assert_eq!(
            request_body(
                "m",
                &[ChatMessage::assistant("a").with_reasoning_details(vec![])],
                RequestOptions::default()
            ),
            r#"{"model":"m","messages":[{"role":"assistant","content":"a","reasoning_details":[]}],"stream":true}"#
        );
    }

    fn reasoning_chunk(reasoning: &str, details: Vec<Value>) -> StreamItem {
        StreamItem::Chunk {
            text: String::new(),
            reasoning: reasoning.into(),
            reasoning_details: details,
            finish_reason: None,
            usage: None,
        }
    }

    #[test]
    fn reasoning_deltas_string_or_null() {
        assert_eq!(
            interpret(
                r#"{"choices":[{"delta":{"role":"assistant","content":"","reasoning":"Let me think"}}]}"#
            ),
            reasoning_chunk("Let me think", vec![])
        );
        assert_eq!(
            interpret(r#"{"choices":[{"delta":{"content":"Answer","reasoning":null}}]}"#),
            chunk("Answer")
        );
        assert_eq!(
            interpret(
                r#"{"choices":[{"delta":{"content":null,"reasoning":null,"reasoning_details":null}}]}"#
            ),
            StreamItem::Ignored
        );
        assert_eq!(
            interpret(r#"{"choices":[{"delta":{"content":"","reasoning":""}}]}"#),
            StreamItem::Ignored
        );
        // Reasoning and answer in one delta stay apart.
        assert_eq!(
            interpret(r#"{"choices":[{"delta":{"content":"A","reasoning":"R"}}]}"#),
            StreamItem::Chunk {
                text: "A".into(),
                reasoning: "R".into(),
                reasoning_details: vec![],
                finish_reason: None,
                usage: None,
            }
        );
        // A reasoning of another type is taken as absent: the answer is kept.
        assert_eq!(
            interpret(
                r#"{"choices":[{"delta":{"content":"A","reasoning":{"x":1},"reasoning_details":"no"}}]}"#
            ),
            chunk("A")
        );
    }

    #[test]
    fn reasoning_details_items_of_each_type() {
        let text = serde_json::json!({"type":"reasoning.text","text":"Step 1. ","format":"anthropic-claude-v1","index":0,"signature":null});
        let summary = serde_json::json!({"type":"reasoning.summary","summary":"In short: ","format":"openai-responses-v1","index":0});
        let encrypted = serde_json::json!({"type":"reasoning.encrypted","data":"c2VjcmV0","format":"openai-responses-v1","index":1});
        let other = serde_json::json!({"type":"reasoning.future","text":"?"});
        let event = serde_json::json!({"choices":[{"delta":{"content":"","reasoning_details":[text, summary, encrypted, other]}}]}).to_string();
        // Without `reasoning`, the readable items give the text; encrypted ones are kept, not shown.
        assert_eq!(
            interpret(&event),
            reasoning_chunk(
                "Step 1. In short: ",
                vec![
                    text.clone(),
                    summary.clone(),
                    encrypted.clone(),
                    other.clone()
                ]
            )
        );
        // With `reasoning`, it is the text (the items usually repeat it), and the items are kept.
        let event = serde_json::json!({"choices":[{"delta":{"reasoning":"Step 1. ","reasoning_details":[text]}}]}).to_string();
        assert_eq!(
            interpret(&event),
            reasoning_chunk("Step 1. ", vec![text.clone()])
        );
        // Only encrypted: nothing to show, but the item is kept.
        let event = serde_json::json!({"choices":[{"delta":{"reasoning":null,"reasoning_details":[encrypted]}}]}).to_string();
        assert_eq!(
            interpret(&event),
            reasoning_chunk("", vec![encrypted.clone()])
        );
        assert_eq!(reasoning_detail_text(&text), Some("Step 1. "));
        assert_eq!(reasoning_detail_text(&summary), Some("In short: "));
        assert_eq!(reasoning_detail_text(&encrypted), None);
        assert_eq!(reasoning_detail_text(&other), None);
        assert_eq!(reasoning_detail_text(&serde_json::json!("x")), None);
        assert_eq!(
            reasoning_detail_text(&serde_json::json!({"type":"reasoning.text","text":5})),
            None
        );
    }

    #[test]
    fn reply_state_keeps_reasoning_apart_and_every_detail_in_order() {
        let body = concat!(
            "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"First, \",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"First, \",\"index\":0}]}}]}\n\n",
            ": OPENROUTER PROCESSING\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"\",\"reasoning\":\"then.\",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"then.\",\"index\":0,\"format\":\"anthropic-claude-v1\",\"signature\":\"sig\"}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"\",\"reasoning\":null,\"reasoning_details\":[{\"type\":\"reasoning.encrypted\",\"data\":\"Zm9v\",\"index\":1}]}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"The answer\"}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\" is 4.\"},\"finish_reason\":\"stop\"}]}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":30,\"total_tokens\":35,\"completion_tokens_details\":{\"reasoning_tokens\":20}}}\n\n",
            "data: [DONE]\n\n",
        )
        .as_bytes();
        // The two fragments of the first block are one item, signed; the encrypted block as it
        // came.
        let details: Vec<Value> = vec![
            serde_json::json!({"type":"reasoning.text","text":"First, then.","index":0,
                "format":"anthropic-claude-v1","signature":"sig"}),
            serde_json::json!({"type":"reasoning.encrypted","data":"Zm9v","index":1}),
        ];
        for i in 0..=body.len() {
            let mut decoder = SseDecoder::new();
            let mut state = ReplyState::new();
            let (mut text, mut reasoning) = (String::new(), String::new());
            for piece in [&body[..i], &body[i..]] {
                let mark = state.mark();
                for e in decoder.push(piece) {
                    state.apply_event(&e.data);
                }
                let delta = state.since(mark);
                text.push_str(delta.text);
                reasoning.push_str(delta.reasoning);
            }
            assert_eq!(decoder.finish(), vec![]);
            assert_eq!(state.text, "The answer is 4.", "split at {i}");
            assert_eq!(state.reasoning, "First, then.", "split at {i}");
            assert_eq!(state.reasoning_details, details, "split at {i}");
            assert_eq!(
                (text.as_str(), reasoning.as_str()),
                ("The answer is 4.", "First, then.")
            );
            assert_eq!(state.usage.and_then(|u| u.reasoning_tokens), Some(20));
            assert_eq!(state.end_error(), None);
        }
    }

    #[test]
    fn reasoning_fragments_merge_into_their_block() {
        use serde_json::json;
        let mut seq = Vec::new();
        for item in [
            json!({"type":"reasoning.text","text":"a","signature":null,"format":null,"index":0}),
            json!({"type":"reasoning.text","text":"b","format":"f","index":0}),
            json!({"type":"reasoning.text","text":"c","signature":"s1","format":"g","index":0}),
            json!({"type":"reasoning.text","text":"d","signature":"s2","index":0}),
            // A new block (another index), then a summary and an encrypted item, as they come.
            json!({"type":"reasoning.text","text":"x","index":1}),
            json!({"type":"reasoning.summary","summary":"sum","index":2}),
            json!({"type":"reasoning.encrypted","data":"e1","index":3}),
            json!({"type":"reasoning.encrypted","data":"e2","index":3}),
            json!({"type":"reasoning.text","text":"y","index":4}),
        ] {
            merge_reasoning_detail(&mut seq, item);
        }
        assert_eq!(
            seq,
            vec![
                json!({"type":"reasoning.text","text":"abcd","signature":"s1","format":"f","index":0}),
                json!({"type":"reasoning.text","text":"x","index":1}),
                json!({"type":"reasoning.summary","summary":"sum","index":2}),
                json!({"type":"reasoning.encrypted","data":"e1","index":3}),
                json!({"type":"reasoning.encrypted","data":"e2","index":3}),
                json!({"type":"reasoning.text","text":"y","index":4}),
            ]
        );
    }

    #[test]
    fn reasoning_alone_is_a_change_and_a_delta() {
        let mut s = ReplyState::new();
        let mark = s.mark();
        assert!(s.apply(reasoning_chunk("hmm", vec![])));
        assert_eq!(
            s.since(mark),
            ReplyDelta {
                reasoning: "hmm",
                text: "",
                keep_alive: false
            }
        );
        assert!(!s.apply(reasoning_chunk(
            "",
            vec![serde_json::json!({"type":"reasoning.encrypted"})]
        )));
        assert!(s.since(s.mark()).is_empty());
        assert_eq!(s.text, "");
        assert_eq!(s.reasoning_details.len(), 1);
    }

    #[test]
    fn chat_message_round_trip() {
        let messages = vec![
            ChatMessage::user("a"),
            ChatMessage::assistant("b"),
            ChatMessage::system("c"),
        ];
        let json = serde_json::to_string(&messages).unwrap();
        assert_eq!(
            json,
            r#"[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"system","content":"c"}]"#
        );
        let back: Vec<ChatMessage> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, messages);
        for (role, text) in [
            (Some(Role::User), r#""user""#),
            (Some(Role::System), r#""system""#),
            (None, r#""User""#),
            (None, r#""tool""#),
            (None, "1"),
        ] {
            assert_eq!(serde_json::from_str::<Role>(text).ok(), role, "{text}");
        }
        assert!(serde_json::from_str::<ChatMessage>(r#"{"role":"tool","content":"x"}"#).is_err());
    }

    #[test]
    fn deltas() {
        assert_eq!(
            interpret(
                r#"{"id":"gen-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null}]}"#
            ),
            chunk("Hello")
        );
        assert_eq!(
            interpret(r#"{"choices":[{"delta":{"content":" 日本 🦀"}}]}"#),
            chunk(" 日本 🦀")
        );
        // Only the first choice counts.
        assert_eq!(
            interpret(
                r#"{"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]}"#
            ),
            chunk("a")
        );
    }

    #[test]
    fn finish_reason_with_and_without_text() {
        assert_eq!(
            interpret(
                r#"{"choices":[{"index":0,"delta":{"content":" world"},"finish_reason":"stop","native_finish_reason":"stop"}]}"#
            ),
            StreamItem::Chunk {
                text: " world".into(),
                reasoning: String::new(),
                reasoning_details: vec![],
                finish_reason: Some("stop".into()),
                usage: None
            }
        );
        assert_eq!(
            interpret(r#"{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"#),
            StreamItem::Chunk {
                text: String::new(),
                reasoning: String::new(),
                reasoning_details: vec![],
                finish_reason: Some("length".into()),
                usage: None
            }
        );
    }

    #[test]
    fn final_usage_chunk_with_empty_choices() {
        assert_eq!(
            interpret(
                r#"{"id":"gen-1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46,"cost":0.0000222,"is_byok":false}}"#
            ),
            StreamItem::Chunk {
                text: String::new(),
                reasoning: String::new(),
                reasoning_details: vec![],
                finish_reason: None,
                usage: Some(Usage {
                    prompt_tokens: 12,
                    completion_tokens: 34,
                    total_tokens: 46,
                    cost: Some(0.0000222),
                    reasoning_tokens: None,
                    ..Usage::default()
                }),
            }
        );
    }

    #[test]
    fn mid_stream_error_numeric_and_string_codes() {
        assert_eq!(
            interpret(
                r#"{"id":"gen-abc123","object":"chat.completion.chunk","created":1234567890,"model":"openai/gpt-4o","provider":"OpenAI","error":{"code":429,"message":"Rate limit exceeded","metadata":{"error_type":"rate_limit_exceeded"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#
            ),
            StreamItem::Error(Box::new(ErrorDetails {
                error_type: Some("rate_limit_exceeded".into()),
                ..match stream_error("Rate limit exceeded".into(), Some(ErrorCode::Number(429))) {
                    StreamItem::Error(d) => *d,
                    _ => unreachable!(),
                }
            }))
        );
        assert_eq!(
            interpret(
                r#"{"error":{"code":"server_error","message":" Provider disconnected "},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#
            ),
            stream_error(
                "Provider disconnected".into(),
                Some(ErrorCode::Text("server_error".into()))
            )
        );
    }

    #[test]
    fn error_variants_are_tolerated() {
        // No choices at all (an HTTP 200 error payload).
        assert_eq!(
            interpret(
                r#"{"error":{"code":502,"message":"Provider returned error"},"user_id":"u"}"#
            ),
            stream_error(
                "Provider returned error".into(),
                Some(ErrorCode::Number(502))
            )
        );
        // A code of an unexpected type: still an error, without the code.
        assert_eq!(
            interpret(r#"{"error":{"code":429.5,"message":"slow down"}}"#),
            stream_error("slow down".into(), None)
        );
        // No message.
        assert_eq!(
            interpret(r#"{"error":{"code":500}}"#),
            stream_error(GENERIC_STREAM_ERROR.into(), Some(ErrorCode::Number(500)))
        );
        // A bare string.
        assert_eq!(
            interpret(r#"{"error":"boom"}"#),
            stream_error("boom".into(), None)
        );
        // finish_reason "error" without an error object.
        assert_eq!(
            interpret(r#"{"choices":[{"delta":{"content":""},"finish_reason":"error"}]}"#),
            stream_error(GENERIC_STREAM_ERROR.into(), None)
        );
        // An error on the choice.
        assert_eq!(
            interpret(
                r#"{"choices":[{"delta":{},"finish_reason":"error","error":{"code":502,"message":"down"}}]}"#
            ),
            stream_error("down".into(), Some(ErrorCode::Number(502)))
        );
        // "error": null is no error.
        assert_eq!(
            interpret(r#"{"error":null,"choices":[{"delta":{"content":"x"}}]}"#),
            chunk("x")
        );
    }

    #[test]
    fn done_ignored_malformed() {
        assert_eq!(interpret("[DONE]"), StreamItem::Done);
        assert_eq!(interpret(" [DONE]\n"), StreamItem::Done);
        assert_eq!(interpret(""), StreamItem::Ignored);
        assert_eq!(interpret("{}"), StreamItem::Ignored);
        assert_eq!(
            interpret(r#"{"choices":[{"delta":{"role":"assistant","content":""}}]}"#),
            StreamItem::Ignored
        );
        assert_eq!(
            interpret(r#"{"choices":[{"delta":{"content":null}}],"usage":null}"#),
            StreamItem::Ignored
        );
        assert_eq!(
            interpret(r#"{"choices":[],"debug":{"echo_upstream_body":{}}}"#),
            StreamItem::Ignored
        );
        assert!(matches!(
            interpret("OPENROUTER PROCESSING"),
            StreamItem::Malformed(_)
        ));
        assert!(matches!(
            interpret(r#"{"choices":[{"delta":{"content":"Hel"#),
            StreamItem::Malformed(_)
        ));
        assert!(matches!(interpret("[1,2]"), StreamItem::Malformed(_)));
        assert!(matches!(interpret("\"text\""), StreamItem::Malformed(_)));
    }

    #[test]
    fn nulls_are_absent_and_mistyped_fields_make_the_event_malformed() {
        assert_eq!(
            interpret(r#"{"choices":null,"usage":null,"error":null,"model":null}"#),
            StreamItem::Ignored
        );
        assert_eq!(
            interpret(r#"{"choices":[{"delta":null,"finish_reason":null}]}"#),
            StreamItem::Ignored
        );
        for mistyped in [
            r#"{"choices":null,"usage":"n/a"}"#,
            r#"{"choices":[{"delta":null,"finish_reason":7}]}"#,
            r#"{"choices":[{"delta":{"content":["x"]}}]}"#,
            r#"{"choices":{"0":1},"model":5}"#,
            r#"{"choices":[{"delta":{"content":"a"}},"x"]}"#,
        ] {
            assert!(
                matches!(interpret(mistyped), StreamItem::Malformed(_)),
                "{mistyped}"
            );
        }
        assert_eq!(
            interpret(r#"{"choices":[{"delta":{"content":"a"},"finish_reason":""}]}"#),
            chunk("a"),
            "an empty finish_reason is none"
        );
    }

    #[test]
    fn structs_and_error_details() {
        // A struct may also be given as an array of its fields, in order.
        assert_eq!(
            interpret(r#"{"choices":[[{"content":"a"},"stop"]]}"#),
            StreamItem::Chunk {
                text: "a".into(),
                reasoning: String::new(),
                reasoning_details: vec![],
                finish_reason: Some("stop".into()),
                usage: None
            }
        );
        assert_eq!(
            interpret(r#"{"error":{"code":500,"message":7}}"#),
            stream_error(GENERIC_STREAM_ERROR.into(), Some(ErrorCode::Number(500))),
            "a message of the wrong type is left out; the code stays"
        );
    }

    #[test]
    fn stream_chunk_fields() {
        let c: StreamChunk = serde_json::from_str(
            r#"{"model":"openai/gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}"#,
        )
        .unwrap();
        assert_eq!(c.model.as_deref(), Some("openai/gpt-4o"));
        assert_eq!(c.choices.len(), 1);
        assert_eq!(c.choices[0].delta.role.as_deref(), Some("assistant"));
        assert_eq!(c.choices[0].delta.content.as_deref(), Some("Hi"));
        assert_eq!(c.choices[0].finish_reason, None);
        assert_eq!(c.usage, None);
        assert_eq!(c.error, None);
    }

    fn run(stream: &str) -> ReplyState {
        let mut decoder = SseDecoder::new();
        let mut state = ReplyState::new();
        let mut events = decoder.push(stream.as_bytes());
        events.extend(decoder.finish());
        for e in events {
            state.apply_event(&e.data);
        }
        state
    }

    #[test]
    fn reply_state_complete_stream() {
        let s = run(concat!(
            ": OPENROUTER PROCESSING\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" café 🦀\"},\"finish_reason\":\"stop\"}]}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}\n\n",
            "data: [DONE]\n\n",
        ));
        assert_eq!(
            s,
            ReplyState {
                text: "Hello café 🦀".into(),
                reasoning: String::new(),
                reasoning_details: vec![],
                finish_reason: Some("stop".into()),
                usage: Some(Usage {
                    prompt_tokens: 5,
                    completion_tokens: 3,
                    total_tokens: 8,
                    cost: None,
                    reasoning_tokens: None,
                    ..Usage::default()
                }),
                error: None,
                done: true,
                malformed: 0,
            }
        );
        assert_eq!(s.end_error(), None);
    }

    #[test]
    fn reply_state_mid_stream_error_keeps_text() {
        let s = run(concat!(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Partial\"}}]}\n\n",
            "data: {\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n",
        ));
        assert_eq!(s.text, "Partial");
        let StreamItem::Error(details) =
            stream_error("Rate limit exceeded".into(), Some(ErrorCode::Number(429)))
        else {
            unreachable!()
        };
        let expected = ChatError::MidStream { details };
        assert_eq!(s.error, Some(expected.clone()));
        assert_eq!(s.end_error(), Some(expected));
    }

    #[test]
    fn reply_state_cut_off() {
        // Body ended without [DONE] or a finish reason, in the middle of a chunk.
        let s = run("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\ndata: {\"choices\":[{\"ind");
        assert_eq!(s.text, "Hel");
        assert_eq!(s.malformed, 1);
        assert!(!s.is_complete());
        assert_eq!(s.end_error(), Some(ChatError::CutOff));
        // Empty body.
        assert_eq!(run("").end_error(), Some(ChatError::CutOff));
        // Only comments.
        assert_eq!(
            run(": OPENROUTER PROCESSING\n\n").end_error(),
            Some(ChatError::CutOff)
        );
    }

    #[test]
    fn reply_state_same_for_every_split_of_the_body() {
        let body = concat!(
            ": OPENROUTER PROCESSING\r\n\r\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"é 日本\"}}]}\r\n\r\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" 🦀\"},\"finish_reason\":\"stop\"}]}\r\n\r\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3,\"cost\":0.5}}\r\n\r\n",
            "data: [DONE]\r\n\r\n",
        )
        .as_bytes();
        let expected = ReplyState {
            text: "é 日本 🦀".into(),
            reasoning: String::new(),
            reasoning_details: vec![],
            finish_reason: Some("stop".into()),
            usage: Some(Usage {
                prompt_tokens: 1,
                completion_tokens: 2,
                total_tokens: 3,
                cost: Some(0.5),
                reasoning_tokens: None,
                ..Usage::default()
            }),
            error: None,
            done: true,
            malformed: 0,
        };
        for i in 0..=body.len() {
            let mut decoder = SseDecoder::new();
            let mut state = ReplyState::new();
            for piece in [&body[..i], &body[i..]] {
                for e in decoder.push(piece) {
                    state.apply_event(&e.data);
                }
            }
            for e in decoder.finish() {
                state.apply_event(&e.data);
            }
            assert_eq!(state, expected, "split at {i}");
        }
    }

    #[test]
    fn reply_state_finish_reason_without_done_is_complete() {
        let s = run(
            "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n",
        );
        assert!(s.is_complete());
        assert_eq!(s.end_error(), None);
        let s = run("data: [DONE]\n\n");
        assert!(s.is_complete());
        assert_eq!(s.end_error(), None);
    }

    #[test]
    fn apply_reports_text_changes() {
        let mut s = ReplyState::new();
        assert!(s.apply(chunk("a")));
        assert!(!s.apply(chunk("")));
        assert!(!s.apply(StreamItem::Ignored));
        assert!(!s.apply(StreamItem::Chunk {
            text: String::new(),
            reasoning: String::new(),
            reasoning_details: vec![],
            finish_reason: Some("stop".into()),
            usage: None
        }));
        // A later chunk without a finish reason does not erase it.
        assert!(s.apply(chunk("b")));
        assert_eq!(s.finish_reason.as_deref(), Some("stop"));
        assert_eq!(s.text, "ab");
    }
}
