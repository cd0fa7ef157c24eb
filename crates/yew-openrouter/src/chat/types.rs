//! The chat request body, the streamed chunk types, and their interpretation.
//!
//! [`interpret`] turns the data of one SSE event into a [`StreamItem`]; [`ReplyState`] accumulates
//! the items of one reply and tells, when the body ends, whether it ended properly; [`ReplyEnd`]
//! says how it ended.
//!
//! Parsing is tolerant: unknown fields are ignored, a field of an unexpected type is treated as
//! absent, and `error.code` may be a number or a string.

use serde::{Deserialize, Serialize};

use crate::api_error::{ApiError, ErrorCode};
use crate::chat::errors::ChatError;
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
}

impl ChatMessage {
    /// A message with this role and text.
    pub fn new(role: Role, content: impl Into<String>) -> Self {
        Self {
            role,
            content: content.into(),
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
}

/// The JSON body of a streaming `POST /api/v1/chat/completions`:
/// `{"model":…,"messages":[{"role":…,"content":…}],"stream":true}`, with `"temperature"` when
/// one is given.
pub fn request_body(model: &str, messages: &[ChatMessage], temperature: Option<f32>) -> String {
    serde_json::to_string(&ChatCompletionRequest {
        model,
        messages,
        stream: true,
        temperature,
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
    pub error: Option<ApiError>,
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
    pub error: Option<ApiError>,
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
}

/// The forms an `error` field takes in the wild.
#[derive(Deserialize)]
#[serde(untagged)]
enum ErrorField {
    /// OpenRouter's `{code, message}`.
    Object(ApiError),
    /// A bare string, taken as the message.
    Text(String),
    /// Anything else: an error without details.
    Other(serde::de::IgnoredAny),
}

/// An `error` field: `null` (or no field) is no error.
fn error_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ApiError>, D::Error> {
    Ok(match Option::<ErrorField>::deserialize(d)? {
        None => None,
        Some(ErrorField::Object(error)) => Some(error),
        Some(ErrorField::Text(message)) => Some(ApiError {
            code: None,
            message: Some(message),
        }),
        Some(ErrorField::Other(_)) => Some(ApiError::default()),
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
        /// Why generation stopped, when this chunk ends it.
        finish_reason: Option<String>,
        /// Token usage, when this chunk carries it.
        usage: Option<Usage>,
    },
    /// An error event mid-stream: a top-level (or choice) `error`, or `finish_reason: "error"`.
    Error {
        /// OpenRouter's message, or a generic one when it gave none.
        message: String,
        /// `error.code`, a number or a string.
        code: Option<ErrorCode>,
    },
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
    if let Some(err) = chunk.error.or(choice.error) {
        let message = err
            .message
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| GENERIC_STREAM_ERROR.to_string());
        return StreamItem::Error {
            message,
            code: err.code,
        };
    }
    if finish_reason.as_deref() == Some("error") {
        return StreamItem::Error {
            message: GENERIC_STREAM_ERROR.to_string(),
            code: None,
        };
    }
    let text = choice.delta.content.unwrap_or_default();
    if text.is_empty() && finish_reason.is_none() && chunk.usage.is_none() {
        return StreamItem::Ignored;
    }
    StreamItem::Chunk {
        text,
        finish_reason,
        usage: chunk.usage,
    }
}

/// How a streamed reply ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyEnd {
    /// The stream said it was complete.
    Complete,
    /// The user stopped it (or left the page).
    Stopped,
    /// It failed: before the reply (an error status, the network) or during it.
    Failed(ChatError),
}

/// The state of one streamed reply, fed event by event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReplyState {
    /// The text so far.
    pub text: String,
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

    /// Applies one item; returns whether the text changed.
    pub fn apply(&mut self, item: StreamItem) -> bool {
        match item {
            StreamItem::Chunk {
                text,
                finish_reason,
                usage,
            } => {
                self.text.push_str(&text);
                if finish_reason.is_some() {
                    self.finish_reason = finish_reason;
                }
                if usage.is_some() {
                    self.usage = usage;
                }
                !text.is_empty()
            }
            StreamItem::Error { message, code } => {
                self.error = Some(ChatError::MidStream { message, code });
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

    /// Interprets and applies the data of one SSE event; returns whether the text changed.
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
    use crate::chat::sse::SseDecoder;

    fn chunk(text: &str) -> StreamItem {
        StreamItem::Chunk {
            text: text.into(),
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
            request_body("openai/gpt-4o-mini", &messages, None),
            r#"{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi \"there\"\n日本 🦀"},{"role":"assistant","content":"Hello!"}],"stream":true}"#
        );
        assert_eq!(
            request_body("m", &[], None),
            r#"{"model":"m","messages":[],"stream":true}"#
        );
        assert_eq!(
            request_body("m", &[], Some(0.7)),
            r#"{"model":"m","messages":[],"stream":true,"temperature":0.7}"#
        );
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
                finish_reason: Some("stop".into()),
                usage: None
            }
        );
        assert_eq!(
            interpret(r#"{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"#),
            StreamItem::Chunk {
                text: String::new(),
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
                finish_reason: None,
                usage: Some(Usage {
                    prompt_tokens: 12,
                    completion_tokens: 34,
                    total_tokens: 46,
                    cost: Some(0.0000222)
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
            StreamItem::Error {
                message: "Rate limit exceeded".into(),
                code: Some(ErrorCode::Number(429))
            }
        );
        assert_eq!(
            interpret(
                r#"{"error":{"code":"server_error","message":" Provider disconnected "},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#
            ),
            StreamItem::Error {
                message: "Provider disconnected".into(),
                code: Some(ErrorCode::Text("server_error".into()))
            }
        );
    }

    #[test]
    fn error_variants_are_tolerated() {
        // No choices at all (an HTTP 200 error payload).
        assert_eq!(
            interpret(
                r#"{"error":{"code":502,"message":"Provider returned error"},"user_id":"u"}"#
            ),
            StreamItem::Error {
                message: "Provider returned error".into(),
                code: Some(ErrorCode::Number(502))
            }
        );
        // A code of an unexpected type: still an error, without its details.
        assert_eq!(
            interpret(r#"{"error":{"code":429.5,"message":"slow down"}}"#),
            StreamItem::Error {
                message: GENERIC_STREAM_ERROR.into(),
                code: None
            }
        );
        // No message.
        assert_eq!(
            interpret(r#"{"error":{"code":500}}"#),
            StreamItem::Error {
                message: GENERIC_STREAM_ERROR.into(),
                code: Some(ErrorCode::Number(500))
            }
        );
        // A bare string.
        assert_eq!(
            interpret(r#"{"error":"boom"}"#),
            StreamItem::Error {
                message: "boom".into(),
                code: None
            }
        );
        // finish_reason "error" without an error object.
        assert_eq!(
            interpret(r#"{"choices":[{"delta":{"content":""},"finish_reason":"error"}]}"#),
            StreamItem::Error {
                message: GENERIC_STREAM_ERROR.into(),
                code: None
            }
        );
        // An error on the choice.
        assert_eq!(
            interpret(
                r#"{"choices":[{"delta":{},"finish_reason":"error","error":{"code":502,"message":"down"}}]}"#
            ),
            StreamItem::Error {
                message: "down".into(),
                code: Some(ErrorCode::Number(502))
            }
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
                finish_reason: Some("stop".into()),
                usage: None
            }
        );
        assert_eq!(
            interpret(r#"{"error":{"code":500,"message":7}}"#),
            StreamItem::Error {
                message: GENERIC_STREAM_ERROR.into(),
                code: None
            },
            "a message of the wrong type drops the code too"
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
                finish_reason: Some("stop".into()),
                usage: Some(Usage {
                    prompt_tokens: 5,
                    completion_tokens: 3,
                    total_tokens: 8,
                    cost: None
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
        let expected = ChatError::MidStream {
            message: "Rate limit exceeded".into(),
            code: Some(ErrorCode::Number(429)),
        };
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
            finish_reason: Some("stop".into()),
            usage: Some(Usage {
                prompt_tokens: 1,
                completion_tokens: 2,
                total_tokens: 3,
                cost: Some(0.5),
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
            finish_reason: Some("stop".into()),
            usage: None
        }));
        // A later chunk without a finish reason does not erase it.
        assert!(s.apply(chunk("b")));
        assert_eq!(s.finish_reason.as_deref(), Some("stop"));
        assert_eq!(s.text, "ab");
    }
}
