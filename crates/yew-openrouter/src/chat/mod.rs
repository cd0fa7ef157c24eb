//! Chat with the signed-in user's key: a typed client for OpenRouter's chat. An app's own view of a
//! conversation (what it keeps, shows and announces) is the app's; the demo's is in its chat page.
//!
//! Everything here is plain Rust (no DOM, no `web-sys`) and tested natively:
//! - [`sse`]: an incremental Server-Sent-Events decoder over the response body's bytes.
//! - [`types`]: the request body, the stream chunk types, [`types::interpret`] turning one event
//!   into a [`types::StreamItem`], [`types::ReplyState`] accumulating a reply and
//!   [`types::ReplyEnd`], how it ended.
//! - [`usage`]: token usage, cost arithmetic and price/number formatting.
//! - [`errors`]: [`errors::ChatError`], every failure in plain words with what to do.
//! - [`models`]: the `GET /api/v1/models` list with search, and `GET /api/v1/key` figures.
//! - [`budget`]: the longest reply a key can pay for, sent as `max_tokens`.
//!
//! And one browser-only module, [`service`]: the streaming request itself (`fetch`, the body's
//! `ReadableStream`, `AbortController`), feeding the pure parts above.

pub mod budget;
pub mod errors;
pub mod models;
pub mod service;
pub mod sse;
pub mod types;
pub mod usage;

/// The model used until the user picks another one.
pub const DEFAULT_MODEL: &str = "openai/gpt-4o-mini";
