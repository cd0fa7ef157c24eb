//! A local stand-in for OpenRouter that enforces the real contract and answers with its published
//! shapes (see `shared/reference/openrouter-api.md` §1, §2.4, §3.1, §3.2, §4, §10, and
//! `openrouter-openapi-subset.json`), so the end-to-end tests run without the network and can see
//! every request the app made. Every sample body names its source in a comment beside it.
//!
//! - `GET /auth`: the consent page. It remembers each fresh code's challenge and method and links
//!   back to `callback_url?code=…` ("Authorize") or `callback_url?error=access_denied` ("Deny").
//! - `POST /api/v1/auth/keys`: the exchange. 403 for an unknown or used code or a verifier whose
//!   S256 challenge differs, 400 for a method other than the one given at `/auth`, 405 for any
//!   other HTTP method. Codes are single-use (any attempt that names a known code uses it).
//! - `GET /api/v1/models` (with each model's prices and `top_provider.max_completion_tokens`, an
//!   expensive model [`EXPENSIVE_MODEL`] and two reasoning models), `GET /api/v1/key` (Bearer of
//!   an issued key, else 401; `limit_remaining`, `limit_reset`, `expires_at` of the key).
//! - `POST /api/v1/chat/completions` (Bearer of an issued key, `stream: true`): real streaming SSE
//!   with pauses; the last user message picks a scenario, see [`Scenario`] (echo, `think:<secs>`
//!   keep-alives, `error:<status>`, `error:<name>` published errors, mid-stream errors, cuts…).
//!   A key's own limit is enforced as OpenRouter does: 403 when nothing is left, 402 when what is
//!   left cannot pay for the prompt and the whole possible output (`max_tokens`, else the model's
//!   maximum). The final usage chunk carries one choice with an empty delta and the `ChatUsage`
//!   fields. The reasoning models ([`REASONING_MODEL`], listed with `reasoning.supported_efforts`,
//!   and [`MANDATORY_REASONING_MODEL`], reasoning mandatory and `supported_efforts: null`) first
//!   stream their reasoning (a `reasoning.text` block in fragments, `delta.reasoning` beside them
//!   and `content` empty, its signature on the last fragment, then one `reasoning.encrypted`
//!   block), then the answer, and count `completion_tokens_details.reasoning_tokens`. Reasoning
//!   sent back otherwise than one item per block, in order
//!   ([`ChatRequest::reasoning_details_expected`]), is refused with 400. Each request's body is
//!   recorded ([`ChatRequest`]): the `max_tokens` and `reasoning.effort` asked and the
//!   `reasoning_details` each assistant message sent back, beside the items the stand-in streamed.
//!
//! Every answer carries CORS headers (the app is served from another port; `Retry-After` is
//! exposed) and preflights are answered, allowing only the headers OpenRouter's docs say a
//! browser may send. The state lives in an `Arc<Mutex<StandInState>>` that tests read directly;
//! it counts the connections the stand-in accepts (a page's preconnect is one). A benchmark can
//! make a new connection answer its first request only once its handshakes would be over
//! ([`StandIn::set_new_connection_delay`], `support::connection_setup`).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::serve::ListenerExt;
use axum::{Json, Router};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::connection_setup::{SetUpDelay, SlowToSetUp};

/// The origin the app is built against when `E2E_OPENROUTER_ORIGIN` is not set.
pub const DEFAULT_ORIGIN: &str = "http://127.0.0.1:17654";

/// The pause between two pieces of a streamed reply.
pub const PIECE_PAUSE: Duration = Duration::from_millis(30);

/// The most deltas `long:<n>` streams.
pub const LONG_MAX: usize = 50_000;

/// The model that reasons before it answers.
pub const REASONING_MODEL: &str = "openai/o4-mini";

/// The reasoning efforts [`REASONING_MODEL`] accepts, as `/api/v1/models` lists them.
pub const REASONING_EFFORTS: [&str; 3] = ["high", "medium", "low"];

/// A model that always reasons (`reasoning.mandatory: true`) and lists no efforts
/// (`reasoning.supported_efforts: null`: every effort is accepted). It reasons like
/// [`REASONING_MODEL`], in the Anthropic reasoning format.
pub const MANDATORY_REASONING_MODEL: &str = "anthropic/claude-sonnet-4.5";

/// An expensive model: $0.000015 per prompt token, $0.000075 per completion token, and up to
/// 32,000 tokens of output, so its whole possible output costs $2.40.
pub const EXPENSIVE_MODEL: &str = "anthropic/claude-opus-4.1";

/// The `top_provider.max_completion_tokens` of the listed models that say no other, and what a
/// request for a model the stand-in does not list may use.
pub const DEFAULT_MAX_COMPLETION_TOKENS: u64 = 4096;

/// Every `reasoning.effort` OpenRouter's API knows; another value is refused with 400.
pub const KNOWN_EFFORTS: [&str; 7] = ["max", "xhigh", "high", "medium", "low", "minimal", "none"];

/// Headers a browser may send cross-origin (what the preflight answer allows).
pub const ALLOWED_HEADERS: &str =
    "authorization, content-type, http-referer, x-openrouter-title, x-title";

/// The OpenRouter origin of this run: `E2E_OPENROUTER_ORIGIN`, default [`DEFAULT_ORIGIN`]. The
/// app under test must have been built with `OPENROUTER_ORIGIN` set to the same value.
pub fn configured_origin() -> String {
    std::env::var("E2E_OPENROUTER_ORIGIN")
        .ok()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_ORIGIN.to_string())
        .trim_end_matches('/')
        .to_string()
}

/// One request the stand-in received (preflights included).
#[derive(Debug, Clone)]
pub struct RequestRecord {
    /// `GET`, `POST`, `OPTIONS`…
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string, when there is one.
    pub query: Option<String>,
    /// The `Origin` header.
    pub origin: Option<String>,
    /// The `Referer` header.
    pub referer: Option<String>,
}

/// A visit to the consent page.
#[derive(Debug, Clone)]
pub struct AuthorizeVisit {
    /// `callback_url` as given.
    pub callback_url: Option<String>,
    /// `code_challenge` as given.
    pub code_challenge: Option<String>,
    /// `code_challenge_method` as given.
    pub code_challenge_method: Option<String>,
    /// `limit` as given (the key's credit limit in USD, as OpenRouter's TypeScript SDK sends it).
    pub limit: Option<String>,
    /// `key_label` as given.
    pub key_label: Option<String>,
    /// The code the page offered, or `None` when the request was rejected with 400.
    pub issued_code: Option<String>,
}

/// A code the consent page handed out.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    /// The code.
    pub code: String,
    /// The challenge given at `/auth`.
    pub challenge: String,
    /// The method given at `/auth` (always `S256`: others are refused).
    pub method: String,
    /// Where the consent page sends the user back.
    pub callback_url: String,
    /// Whether an exchange already named it.
    pub used: bool,
    /// The credit limit asked for at `/auth`, for the key.
    pub limit: Option<f64>,
    /// The label asked for at `/auth`, for the key.
    pub key_label: Option<String>,
}

/// One `POST /api/v1/auth/keys` (or another method on that path).
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The HTTP method used.
    pub http_method: String,
    /// `code` from the body.
    pub code: Option<String>,
    /// `code_verifier` from the body.
    pub code_verifier: Option<String>,
    /// `code_challenge_method` from the body.
    pub code_challenge_method: Option<String>,
    /// The challenge stored for the code, when the code was known.
    pub challenge: Option<String>,
    /// Whether base64url(SHA-256(verifier)) equals the stored challenge.
    pub verifier_matches: bool,
    /// The `Content-Type` of the request.
    pub content_type: Option<String>,
    /// The `Referer` the browser sent (the app's referrer policy decides what it holds).
    pub referer: Option<String>,
    /// The status answered.
    pub status: u16,
    /// The key issued, on success.
    pub key: Option<String>,
    /// Whether a test forced this answer.
    pub forced: bool,
}

/// A key the stand-in issued (by an exchange or [`StandIn::issue_key`]).
#[derive(Debug, Clone)]
pub struct IssuedKey {
    /// `sk-or-v1-` and 64 hex digits.
    pub key: String,
    /// `user_…`.
    pub user_id: String,
    /// The challenge of the sign-in that produced it (`None` when issued directly).
    pub challenge: Option<String>,
    /// Dollars "spent" by completed chat replies, reported by `/api/v1/key`.
    pub usage: f64,
    /// The key's credit limit in USD (`None`: unlimited), reported by `/api/v1/key`.
    pub limit: Option<f64>,
    /// The key's label, when the sign-in asked for one (else `/api/v1/key` shows it masked).
    pub label: Option<String>,
    /// When the limit resets (`daily`, `weekly`, `monthly`; `None`: never), reported by
    /// `/api/v1/key` as `limit_reset`.
    pub limit_reset: Option<String>,
    /// When the key stops working (an ISO 8601 date-time; `None`: never), reported by
    /// `/api/v1/key` as `expires_at`.
    pub expires_at: Option<String>,
}

impl IssuedKey {
    /// What is left of the limit: `max(limit - usage, 0)`; `None` for an unlimited key.
    pub fn limit_remaining(&self) -> Option<f64> {
        self.limit.map(|limit| (limit - self.usage).max(0.0))
    }
}

/// A forced answer for an exchange, set by a test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForcedExchange {
    /// The HTTP status.
    pub status: u16,
    /// The body (sent as `application/json`, whatever it holds).
    pub body: String,
}

impl ForcedExchange {
    /// That status with OpenRouter's error JSON: the messages of oauth.mdx "Error Codes"
    /// (openrouter-api.md §1.3) for 400, 403 and 405, in the `{"error":{"code","message"}}`
    /// shape seen in the wild (third-party paddo/claude-launcher#2, §1.3); 500's is the openapi
    /// example (§4.2).
    pub fn status(status: u16) -> Self {
        let message = match status {
            400 => "Invalid code_challenge_method",
            403 => "Invalid code or code_verifier",
            405 => "Method Not Allowed",
            500 => "Internal Server Error",
            _ => "Stand-in forced error",
        };
        ForcedExchange {
            status,
            body: json!({"error": {"code": status, "message": message}}).to_string(),
        }
    }

    /// A 200 whose body has no `key`.
    pub fn ok_without_key() -> Self {
        ForcedExchange {
            status: 200,
            body: json!({"user_id": "user_forced"}).to_string(),
        }
    }

    /// A 200 whose body is not JSON.
    pub fn not_json() -> Self {
        ForcedExchange {
            status: 200,
            body: "<html>not json</html>".into(),
        }
    }
}

/// How a streamed reply ended, as the stand-in saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamOutcome {
    /// No stream: an error status was answered.
    NotStreamed,
    /// Still sending.
    Streaming,
    /// Everything was sent, `[DONE]` included (or the planned cut/reset happened).
    Finished,
    /// The client went away (Stop, navigation) before the end.
    ClientGone,
}

/// One `POST /api/v1/chat/completions`.
#[derive(Debug, Clone)]
pub struct ChatRequest {
    /// The Bearer token sent, if any.
    pub bearer: Option<String>,
    /// The status answered.
    pub status: u16,
    /// The whole JSON body (`Value::Null` when it was not JSON).
    pub body: Value,
    /// `body.model`.
    pub model: Option<String>,
    /// `body.messages`.
    pub messages: Value,
    /// The `HTTP-Referer` header.
    pub http_referer: Option<String>,
    /// The `X-OpenRouter-Title` header.
    pub x_openrouter_title: Option<String>,
    /// The older `X-Title` header.
    pub x_title: Option<String>,
    /// The scenario picked from the last user message.
    pub scenario: Scenario,
    /// How the stream ended.
    pub outcome: StreamOutcome,
    /// Deltas with content sent so far.
    pub deltas_sent: usize,
    /// `body.max_tokens`, when the request said one (a positive integer; any other value is
    /// refused with 400).
    pub max_tokens: Option<u64>,
    /// `body.reasoning.effort`, when the request asked for one.
    pub reasoning_effort: Option<String>,
    /// The `reasoning_details` items the stand-in streamed in this reply, in order, each as its
    /// delta carried it (`reasoning.text` fragments, then one `reasoning.encrypted` item; empty
    /// unless the model reasons).
    pub reasoning_details_sent: Vec<Value>,
}

impl ChatRequest {
    /// What a non-streaming reply's `message.reasoning_details` would have held for this reply:
    /// [`ChatRequest::reasoning_details_sent`] merged by [`merge_reasoning_details`] (one
    /// `reasoning.text` item per block, then the encrypted item). It is what the next turn must
    /// send back; anything else naming this reply is refused with 400.
    pub fn reasoning_details_expected(&self) -> Vec<Value> {
        merge_reasoning_details(&self.reasoning_details_sent)
    }

    /// The `reasoning_details` each assistant message of the request carried, in order (`None`:
    /// the message had none).
    pub fn assistant_reasoning_details(&self) -> Vec<Option<Value>> {
        self.messages
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m.get("role").and_then(Value::as_str) == Some("assistant"))
            .map(|m| m.get("reasoning_details").cloned())
            .collect()
    }
}

/// What a chat request makes the stand-in do, chosen by the LAST user message's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scenario {
    /// Anything else: streams `Hello from the stand-in. You said: <text>` word by word.
    Echo(String),
    /// `error:<status>`: that status with OpenRouter's error JSON (429 adds `Retry-After: 7`;
    /// 403 is a moderation refusal, with its metadata).
    Error(u16),
    /// `error:<name>`: one of OpenRouter's published error answers, see [`PublishedError`].
    Published(PublishedError),
    /// `midstream-error`: a few deltas, then a chunk with a top-level `error` (`code: 502`) and
    /// `finish_reason: "error"`.
    MidstreamError,
    /// `midstream-error-string`: the same with `code: "server_error"`.
    MidstreamErrorString,
    /// `midstream-error-only`: streaming.mdx's mid-stream error chunk ([`MIDSTREAM_ERROR_CHUNK`])
    /// as the first and only data event of a 200 stream, then the body ends (no `[DONE]`).
    MidstreamErrorOnly,
    /// `think:<secs>` (at most [`THINK_MAX_SECS`]): only `: OPENROUTER PROCESSING` comments, one
    /// every [`KEEP_ALIVE_EVERY`], for that many seconds, then the echo reply of the message
    /// (`Hello from the stand-in. You said: think:<secs>`), usage and `[DONE]`.
    Think {
        /// How long it thinks, in seconds.
        secs: u64,
        /// The reply that follows.
        text: String,
    },
    /// `cut`: a few deltas, then the body ends cleanly without `[DONE]`.
    Cut,
    /// `reset`: a few deltas, then the connection is dropped mid-body.
    Reset,
    /// `xss`: deltas carrying `<img src=x onerror="window.__xss=1">` and
    /// `[click](javascript:window.__xss=1)`.
    Xss,
    /// `markdown`: [`MARKDOWN_TEXT`], a reply with a heading, emphasis, a list, a table, a code
    /// fence, a safe and an unsafe link, an image and raw HTML, in small pieces.
    Markdown,
    /// `slow`: [`SLOW_DELTAS`] deltas (`tick 1 `, `tick 2 `…), [`PIECE_PAUSE`] apart (with the
    /// reasoning model, [`SLOW_REASONING_DELTAS`] reasoning deltas `step 1 `… come first, as
    /// slowly).
    Slow,
    /// `long:<n>`: n tiny deltas (`0 `, `1 `…) with no pauses, for a benchmark.
    Long(usize),
    /// `multibyte`: deltas whose bytes are split inside multi-byte UTF-8 characters across
    /// network writes.
    Multibyte,
    /// `crlf`: like echo, with CRLF line endings.
    Crlf(String),
}

/// The error answers `error:<name>` gives, each as OpenRouter publishes it (the body verbatim
/// where a real one is published, else built to the documented fields; each body's comment
/// names its source).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishedError {
    /// `error:402-key`: 402, the key's limit cannot pay for the request ("You requested up to
    /// 32000 tokens, but can only afford 0"), as [`KEY_LIMIT_SHORT_BODY`].
    KeyLimitShort,
    /// `error:403-key`: 403, the key's limit is spent, as [`KEY_LIMIT_SPENT_BODY`].
    KeyLimitSpent,
    /// `error:403-guardrail`: 403 "Request blocked by guardrail" with `error.metadata.patterns`
    /// (the matched pattern names).
    Guardrail,
    /// `error:429-upstream`: 429 "Provider returned error" with the provider's words in
    /// `error.metadata.raw` and `metadata.provider_name` "Google AI Studio"; no `Retry-After`.
    UpstreamRateLimit,
    /// `error:429-capacity`: 429, every provider at capacity, with `error.availability`
    /// (`retry_after: 40`, `fallback_models: ["anthropic/claude-haiku-4.5"]`) and
    /// `Retry-After: 40`.
    Capacity,
    /// `error:model-not-found`: 400 "Model <id> not found" with `error.availability.code`
    /// `model_not_found`.
    ModelNotFound,
    /// `error:model-deprecated`: 404 "Model <id> is deprecated" with `error.availability.code`
    /// `model_deprecated`.
    ModelDeprecated,
}

/// [`PublishedError::KeyLimitShort`]'s body: the message of third-party anomalyco/opencode#12219
/// (openrouter-api.md §10.3), verbatim, in the `{"error":{"message","code"}}` shape of
/// errors-and-debugging.mdx (§4.1).
pub const KEY_LIMIT_SHORT_BODY: &str = r#"{"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 32000 tokens, but can only afford 0. To increase, visit https://openrouter.ai/settings/keys and create a key with a higher monthly limit","code":402}}"#;

/// [`PublishedError::UpstreamRateLimit`]'s body.
/// Third-party: Aculeasis/openrouter-proxy#1 (openrouter-api.md §10.4), verbatim.
pub const UPSTREAM_RATE_LIMIT_BODY: &str = r#"{"error":{"message":"Provider returned error","code":429,"metadata":{"raw":"google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations","provider_name":"Google AI Studio"}}}"#;

/// [`PublishedError::Capacity`]'s body.
/// errors-and-debugging.mdx "Example availability error payloads" (openrouter-api.md §10.4),
/// verbatim: note `error_type` and `http_status` where other bodies have `code`.
pub const CAPACITY_BODY: &str = r#"{"error":{"message":"All providers for anthropic/claude-sonnet-4.5 are at capacity. Retry after 40 seconds.","error_type":"rate_limit_exceeded","http_status":429,"availability":{"code":"capacity_exhausted","retryable":true,"retry_after":40,"requested_models":["anthropic/claude-sonnet-4.5"],"affected_providers":["anthropic","amazon-bedrock","google-vertex"],"fallback_models":["anthropic/claude-haiku-4.5"],"docs_url":"https://openrouter.ai/docs/errors#capacity_exhausted"},"metadata":{"previous_errors":[{"provider":"anthropic","code":"capacity_exhausted","status":429}]}}}"#;

/// The guardrail pattern names [`PublishedError::Guardrail`] says matched.
pub const GUARDRAIL_PATTERNS: [&str; 1] = ["stand-in blocked phrase"];

impl PublishedError {
    /// The error a `error:<name>` message names, if it names one.
    pub fn from_name(name: &str) -> Option<PublishedError> {
        Some(match name {
            "402-key" => PublishedError::KeyLimitShort,
            "403-key" => PublishedError::KeyLimitSpent,
            "403-guardrail" => PublishedError::Guardrail,
            "429-upstream" => PublishedError::UpstreamRateLimit,
            "429-capacity" => PublishedError::Capacity,
            "model-not-found" => PublishedError::ModelNotFound,
            "model-deprecated" => PublishedError::ModelDeprecated,
            _ => return None,
        })
    }

    /// The HTTP status it is answered with.
    pub fn status(self) -> u16 {
        match self {
            PublishedError::KeyLimitShort => 402,
            PublishedError::KeyLimitSpent | PublishedError::Guardrail => 403,
            PublishedError::UpstreamRateLimit | PublishedError::Capacity => 429,
            PublishedError::ModelNotFound => 400,
            PublishedError::ModelDeprecated => 404,
        }
    }

    /// The `Retry-After` header it comes with, if any.
    pub fn retry_after(self) -> Option<&'static str> {
        // errors-and-debugging.mdx: `availability.retry_after` is "the same as the `Retry-After`
        // header" (openrouter-api.md §10.4).
        (self == PublishedError::Capacity).then_some("40")
    }

    /// The JSON body, for a request to `model`.
    pub fn body(self, model: &str) -> Value {
        let parse = |body: &str| serde_json::from_str(body).expect("a JSON body");
        match self {
            PublishedError::KeyLimitShort => parse(KEY_LIMIT_SHORT_BODY),
            PublishedError::KeyLimitSpent => parse(KEY_LIMIT_SPENT_BODY),
            // No verbatim guardrail body is published: built to the openapi `ForbiddenResponse`
            // schema (`error.code`, `error.message`, `error.metadata`) with the `patterns`
            // metadata of errors-and-debugging.mdx (openrouter-api.md §4.1 "Guardrail 403
            // metadata: e.g. { patterns: [...] }"). The message is the stand-in's own.
            PublishedError::Guardrail => json!({"error": {
                "code": 403,
                "message": "Request blocked by guardrail",
                "metadata": {"patterns": GUARDRAIL_PATTERNS},
            }}),
            PublishedError::UpstreamRateLimit => parse(UPSTREAM_RATE_LIMIT_BODY),
            PublishedError::Capacity => parse(CAPACITY_BODY),
            PublishedError::ModelNotFound => availability_body(
                400,
                &format!("Model {model} not found"),
                "model_not_found",
                model,
            ),
            PublishedError::ModelDeprecated => availability_body(
                404,
                &format!("Model {model} is deprecated"),
                "model_deprecated",
                model,
            ),
        }
    }
}

/// A model availability error that is not retryable. Built, not verbatim (only the
/// capacity example, [`CAPACITY_BODY`], is published): `error.code` and `error.message` of the
/// openapi `*Response` schemas, plus `error.availability` with the fields errors-and-debugging.mdx
/// lists (openrouter-api.md §4.1: `code`, `retryable`, `requested_models`, `docs_url`; the
/// optional ones left out) and its status per code (`model_not_found` 400, `model_deprecated`
/// 404). The messages are the stand-in's own.
fn availability_body(status: u16, message: &str, code: &str, model: &str) -> Value {
    json!({"error": {
        "code": status,
        "message": message,
        "availability": {
            "code": code,
            "retryable": false,
            "requested_models": [model],
            "docs_url": format!("https://openrouter.ai/docs/errors#{code}"),
        },
    }})
}

/// The longest `think:<secs>` thinks, in seconds.
pub const THINK_MAX_SECS: u64 = 600;

/// The time between two keep-alive comments while `think:<secs>` thinks.
pub const KEEP_ALIVE_EVERY: Duration = Duration::from_secs(5);

/// The keep-alive comment OpenRouter sends "to prevent connection timeouts" (streaming.mdx,
/// openrouter-api.md §2.4 and §10.2), without its blank line.
pub const KEEP_ALIVE: &str = ": OPENROUTER PROCESSING";

/// The `midstream-error-only` scenario's one data event.
/// streaming.mdx, its mid-stream error example (openrouter-api.md §10.4), verbatim: a string
/// `code`, and "the error can be the first and only event in the stream".
pub const MIDSTREAM_ERROR_CHUNK: &str = r#"{"id":"cmpl-abc123","object":"chat.completion.chunk","created":1234567890,"model":"openai/gpt-4o","provider":"openai","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#;

/// Deltas in the `slow` scenario.
pub const SLOW_DELTAS: usize = 200;

/// Reasoning deltas the reasoning model streams in the `slow` scenario.
pub const SLOW_REASONING_DELTAS: usize = 50;

/// The reasoning [`REASONING_MODEL`] streams before answering `user_text` (in the `slow` scenario,
/// `step 1 step 2 …` instead), word by word. It names the effort asked, if any.
pub fn reasoning_text(scenario: &Scenario, user_text: &str, effort: Option<&str>) -> String {
    if matches!(scenario, Scenario::Slow) {
        return reasoning_pieces(scenario, user_text, effort).concat();
    }
    let effort = effort.unwrap_or("default");
    format!("Thinking at {effort} effort. The user wrote \"{user_text}\"; I will answer it.")
}

/// [`reasoning_text`] in the pieces it is streamed in.
fn reasoning_pieces(scenario: &Scenario, user_text: &str, effort: Option<&str>) -> Vec<String> {
    if matches!(scenario, Scenario::Slow) {
        (1..=SLOW_REASONING_DELTAS)
            .map(|i| format!("step {i} "))
            .collect()
    } else {
        words(&reasoning_text(scenario, user_text, effort))
    }
}

/// The text the `multibyte` scenario streams.
pub const MULTIBYTE_TEXT: &str = "Grüße, naïve café — 日本語 ✓ 😀🎉";

/// The text the `xss` scenario streams, joined.
pub const XSS_TEXT: &str =
    "Careful: <img src=x onerror=\"window.__xss=1\"> and [click](javascript:window.__xss=1) end.";

/// The text the `markdown` scenario streams.
pub const MARKDOWN_TEXT: &str = "# Plan\n\nThis is **bold**, *slanted* and `code`.\n\n\
- first item\n- second item\n\n\
| Model | Price |\n|:--|--:|\n| mini | $0.15 |\n\n\
```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n\n\
> quoted\n\n\
See [the docs](https://openrouter.ai/docs), not [this](javascript:window.__xss=1), \
![a cat](https://example.com/cat.png) and <b onclick=\"window.__xss=1\">raw</b>.\n";

impl Scenario {
    /// The scenario for a user message.
    pub fn from_message(text: &str) -> Scenario {
        let t = text.trim();
        if let Some(name) = t.strip_prefix("error:").map(str::trim) {
            if let Some(published) = PublishedError::from_name(name) {
                return Scenario::Published(published);
            }
            if let Ok(status) = name.parse::<u16>() {
                if (400..=599).contains(&status) {
                    return Scenario::Error(status);
                }
            }
        }
        if let Some(secs) = t
            .strip_prefix("think:")
            .and_then(|s| s.trim().parse::<u64>().ok())
        {
            return Scenario::Think {
                secs: secs.min(THINK_MAX_SECS),
                text: echo_text(t),
            };
        }
        if let Some(n) = t
            .strip_prefix("long:")
            .and_then(|s| s.trim().parse::<usize>().ok())
        {
            return Scenario::Long(n.min(LONG_MAX));
        }
        match t {
            "midstream-error" => Scenario::MidstreamError,
            "midstream-error-string" => Scenario::MidstreamErrorString,
            "midstream-error-only" => Scenario::MidstreamErrorOnly,
            "cut" => Scenario::Cut,
            "reset" => Scenario::Reset,
            "xss" => Scenario::Xss,
            "markdown" => Scenario::Markdown,
            "slow" => Scenario::Slow,
            "multibyte" => Scenario::Multibyte,
            "crlf" => Scenario::Crlf(echo_text("crlf")),
            _ => Scenario::Echo(echo_text(t)),
        }
    }

    /// The reply text a client should end up showing (for scenarios that complete).
    pub fn expected_text(&self) -> Option<String> {
        match self {
            Scenario::Echo(t) | Scenario::Crlf(t) | Scenario::Think { text: t, .. } => {
                Some(t.clone())
            }
            Scenario::Xss => Some(XSS_TEXT.into()),
            Scenario::Slow => Some((1..=SLOW_DELTAS).map(|i| format!("tick {i} ")).collect()),
            Scenario::Long(n) => Some(long_pieces(*n).concat()),
            Scenario::Markdown => Some(MARKDOWN_TEXT.into()),
            Scenario::Multibyte => Some(MULTIBYTE_TEXT.into()),
            _ => None,
        }
    }
}

/// The `long:<n>` reply's pieces: the numbers 0 to n-1, in paragraphs of 25 (a reply is text
/// in paragraphs, and the Markdown of a streaming reply re-reads its last block only).
pub fn long_pieces(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            if (i + 1) % 25 == 0 {
                format!("{i}\n\n")
            } else {
                format!("{i} ")
            }
        })
        .collect()
}

/// The echo reply for a user message.
pub fn echo_text(user_text: &str) -> String {
    format!("Hello from the stand-in. You said: {user_text}")
}

/// Everything the stand-in has seen and handed out.
#[derive(Debug, Default)]
pub struct StandInState {
    /// How many connections the stand-in has accepted (a page's preconnect opens one before it
    /// sends any request).
    pub connections: usize,
    /// Every request, in order.
    pub requests: Vec<RequestRecord>,
    /// Every consent page visit.
    pub authorize_visits: Vec<AuthorizeVisit>,
    /// Codes by value.
    pub codes: HashMap<String, IssuedCode>,
    /// Every exchange attempt.
    pub exchanges: Vec<Exchange>,
    /// Every key issued.
    pub keys: Vec<IssuedKey>,
    /// Bearer tokens of the `GET /api/v1/key` requests (`None`: no header).
    pub key_info_requests: Vec<Option<String>>,
    /// Number of `GET /api/v1/models` requests.
    pub models_requests: usize,
    /// Every chat request.
    pub chat_requests: Vec<ChatRequest>,
    /// Forced answers for the next exchanges, whatever their code.
    pub forced_next: VecDeque<ForcedExchange>,
    /// Forced answers for the exchange of a code issued for a challenge (used once).
    pub forced_by_challenge: HashMap<String, ForcedExchange>,
}

impl StandInState {
    fn key(&self, bearer: Option<&str>) -> Option<&IssuedKey> {
        bearer.and_then(|b| self.keys.iter().find(|k| k.key == b))
    }
}

/// A running stand-in.
#[derive(Clone)]
pub struct StandIn {
    origin: String,
    state: Arc<Mutex<StandInState>>,
    setup: SetUpDelay,
}

impl StandIn {
    /// Binds the host and port of `origin` (an `http://127.0.0.1:PORT` origin) and serves on
    /// the current tokio runtime until it ends.
    pub async fn start(origin: &str) -> std::io::Result<StandIn> {
        let origin = origin.trim_end_matches('/').to_string();
        let addr = origin.strip_prefix("http://").ok_or_else(|| {
            std::io::Error::other(format!(
                "the stand-in needs an http:// origin, not {origin}"
            ))
        })?;
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("the OpenRouter stand-in cannot listen on {addr} ({e}); is another test run using it?"),
            )
        })?;
        let state = Arc::new(Mutex::new(StandInState::default()));
        let app = router(state.clone());
        let accepted = state.clone();
        let setup = SetUpDelay::default();
        let listener = SlowToSetUp {
            listener,
            delay: setup.clone(),
        }
        .tap_io(move |_| lock(&accepted).connections += 1);
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("stand-in server");
        });
        Ok(StandIn {
            origin,
            state,
            setup,
        })
    }

    /// From now on, a new connection answers its first request only `delay` after it was opened
    /// ([`crate::support::connection_setup`]: its handshakes, which the browser's throttling does
    /// not play).
    pub fn set_new_connection_delay(&self, delay: Duration) {
        self.setup.set(delay);
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The shared state, locked. Keep the guard short: the server waits for it.
    pub fn state(&self) -> MutexGuard<'_, StandInState> {
        lock(&self.state)
    }

    /// The shared state itself.
    pub fn shared_state(&self) -> Arc<Mutex<StandInState>> {
        self.state.clone()
    }

    /// The exchanges of codes issued for `challenge`.
    pub fn exchanges_for_challenge(&self, challenge: &str) -> Vec<Exchange> {
        let s = self.state();
        s.exchanges
            .iter()
            .filter(|e| e.challenge.as_deref() == Some(challenge))
            .cloned()
            .collect()
    }

    /// The exchanges that named `code`.
    pub fn exchanges_for_code(&self, code: &str) -> Vec<Exchange> {
        let s = self.state();
        s.exchanges
            .iter()
            .filter(|e| e.code.as_deref() == Some(code))
            .cloned()
            .collect()
    }

    /// The key issued by the sign-in with this challenge.
    pub fn key_for_challenge(&self, challenge: &str) -> Option<String> {
        let s = self.state();
        s.keys
            .iter()
            .find(|k| k.challenge.as_deref() == Some(challenge))
            .map(|k| k.key.clone())
    }

    /// Makes the next exchange (any code) answer `forced`. Prefer
    /// [`StandIn::fail_exchange_for_challenge`] when tests run in parallel.
    pub fn fail_next_exchange(&self, forced: ForcedExchange) {
        self.state().forced_next.push_back(forced);
    }

    /// Makes the exchange of the code issued for `challenge` answer `forced`, once.
    pub fn fail_exchange_for_challenge(&self, challenge: &str, forced: ForcedExchange) {
        self.state()
            .forced_by_challenge
            .insert(challenge.to_string(), forced);
    }

    /// A key issued directly (no sign-in, for tests that start signed in), with a $10 limit.
    pub fn issue_key(&self) -> IssuedKey {
        self.issue_key_with(Some(10.0), 0.0, None, None)
    }

    /// A key issued directly with a credit `limit` in USD (`None`: unlimited), `usage` already
    /// spent, the interval its limit resets on (`limit_reset`: `daily`, `weekly`, `monthly`) and
    /// when it expires (`expires_at`, ISO 8601). `/api/v1/key` reports them, and a chat request
    /// the rest of the limit cannot pay for is refused as OpenRouter refuses it (402 or 403, see
    /// [`Scenario::Published`]).
    pub fn issue_key_with(
        &self,
        limit: Option<f64>,
        usage: f64,
        limit_reset: Option<&str>,
        expires_at: Option<&str>,
    ) -> IssuedKey {
        let key = IssuedKey {
            limit,
            usage,
            limit_reset: limit_reset.map(str::to_string),
            expires_at: expires_at.map(str::to_string),
            ..new_key(None)
        };
        self.state().keys.push(key.clone());
        key
    }

    /// Sets the dollars `key` has spent (what `/api/v1/key` reports as `usage`, and what its
    /// limit is checked against). Does nothing for a key the stand-in did not issue.
    pub fn set_key_usage(&self, key: &str, usage: f64) {
        if let Some(k) = self.state().keys.iter_mut().find(|k| k.key == key) {
            k.usage = usage;
        }
    }

    /// The chat requests made with `key`.
    pub fn chat_requests_with_key(&self, key: &str) -> Vec<ChatRequest> {
        let s = self.state();
        s.chat_requests
            .iter()
            .filter(|c| c.bearer.as_deref() == Some(key))
            .cloned()
            .collect()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

type Shared = Arc<Mutex<StandInState>>;

fn router(state: Shared) -> Router {
    Router::new()
        .route("/auth", get(authorize))
        .route("/api/v1/auth/keys", any(exchange))
        .route("/api/v1/models", get(models))
        .route("/api/v1/key", get(key_info))
        .route(
            "/api/v1/chat/completions",
            post(chat).fallback(method_not_allowed),
        )
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), cors_and_log))
        .with_state(state)
}

/// Records every request, answers preflights, and adds CORS headers to every answer.
async fn cors_and_log(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    lock(&state).requests.push(RequestRecord {
        method: req.method().to_string(),
        path: req.uri().path().to_string(),
        query: req.uri().query().map(str::to_string),
        origin,
        referer: req
            .headers()
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    });
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOWED_HEADERS),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        r
    } else {
        next.run(req).await
    };
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("retry-after"),
    );
    response
}

/// `{"error":{"code":status,"message":message}}`, the `ErrorResponse` shape of
/// errors-and-debugging.mdx (openrouter-api.md §4.1). The exchange's messages are those of
/// oauth.mdx "Error Codes" (§1.3) and the openapi example "Invalid request parameters" (§4.2);
/// the others ("Not Found", "No auth credentials found", "User not found.") are the stand-in's
/// own wording.
fn error_json(status: u16, message: &str) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        code,
        Json(json!({"error": {"code": status, "message": message}})),
    )
        .into_response()
}

async fn not_found() -> Response {
    error_json(404, "Not Found")
}

async fn method_not_allowed() -> Response {
    error_json(405, "Method Not Allowed")
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("OS random source");
    b
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_key(challenge: Option<String>) -> IssuedKey {
    let user: String = random_bytes::<14>()
        .iter()
        .map(|b| {
            let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            alphabet[*b as usize % alphabet.len()] as char
        })
        .collect();
    IssuedKey {
        key: format!("sk-or-v1-{}", hex(&random_bytes::<32>())),
        user_id: format!("user_{user}"),
        challenge,
        usage: 0.0,
        limit: None,
        label: None,
        limit_reset: None,
        expires_at: None,
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// OpenRouter's callback rules: https anywhere, http only on localhost/127.0.0.1 (any port),
/// no fragment.
fn callback_allowed(url: &str) -> bool {
    if url.contains('#') {
        return false;
    }
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

fn with_param(url: &str, name: &str, value: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{name}={}", encode_component(value))
}

fn consent_error(message: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error · OpenRouter stand-in</title></head>\
         <body><h1>Cannot authorize</h1><p id=\"error\">{}</p></body></html>",
        escape_html(message)
    );
    (StatusCode::BAD_REQUEST, Html(page)).into_response()
}

async fn authorize(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let callback_url = q.get("callback_url").cloned();
    let challenge = q.get("code_challenge").cloned();
    let method = q.get("code_challenge_method").cloned();
    let limit = q.get("limit").cloned();
    let key_label = q.get("key_label").cloned();
    let mut visit = AuthorizeVisit {
        callback_url: callback_url.clone(),
        code_challenge: challenge.clone(),
        code_challenge_method: method.clone(),
        limit: limit.clone(),
        key_label: key_label.clone(),
        issued_code: None,
    };
    let parsed_limit = limit.as_deref().map(str::parse::<f64>);
    let problem = match (&callback_url, &challenge, &method) {
        (None, _, _) => Some("callback_url is required".to_string()),
        (Some(cb), _, _) if !callback_allowed(cb) => Some(format!(
            "callback_url must be https, or http on localhost, without a fragment: {cb}"
        )),
        (_, None, _) => Some("code_challenge is required".to_string()),
        (_, Some(c), _) if c.is_empty() => Some("code_challenge is required".to_string()),
        (_, _, m) if m.as_deref() != Some("S256") => {
            Some(format!("code_challenge_method must be S256, not {m:?}"))
        }
        _ => match &parsed_limit {
            Some(Ok(l)) if !(l.is_finite() && *l > 0.0) => {
                Some(format!("limit must be a positive number, not {l}"))
            }
            Some(Err(_)) => Some(format!("limit must be a number, not {limit:?}")),
            _ => None,
        },
    };
    if let Some(problem) = problem {
        lock(&state).authorize_visits.push(visit);
        return consent_error(&problem);
    }
    let (callback_url, challenge, method) =
        (callback_url.unwrap(), challenge.unwrap(), method.unwrap());
    let code = format!("code_{}", hex(&random_bytes::<16>()));
    {
        let mut s = lock(&state);
        s.codes.insert(
            code.clone(),
            IssuedCode {
                code: code.clone(),
                challenge: challenge.clone(),
                method,
                callback_url: callback_url.clone(),
                used: false,
                limit: parsed_limit.and_then(Result::ok),
                key_label,
            },
        );
        visit.issued_code = Some(code.clone());
        s.authorize_visits.push(visit);
    }
    let authorize_href = with_param(&callback_url, "code", &code);
    let deny_href = with_param(&callback_url, "error", "access_denied");
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorize · OpenRouter stand-in</title></head>\
         <body><main><h1>Authorize this app</h1>\
         <p>An app at <code id=\"callback\">{cb}</code> wants an API key.</p>\
         <p><a id=\"authorize\" href=\"{auth}\">Authorize</a> <a id=\"deny\" href=\"{deny}\">Deny</a></p>\
         </main></body></html>",
        cb = escape_html(&callback_url),
        auth = escape_html(&authorize_href),
        deny = escape_html(&deny_href),
    );
    Html(page).into_response()
}

fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn field(body: &Value, name: &str) -> Option<String> {
    body.get(name).and_then(Value::as_str).map(str::to_string)
}

async fn exchange(
    State(state): State<Shared>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut record = Exchange {
        http_method: method.to_string(),
        code: field(&body, "code"),
        code_verifier: field(&body, "code_verifier"),
        code_challenge_method: field(&body, "code_challenge_method"),
        challenge: None,
        verifier_matches: false,
        content_type: headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        referer: header_string(&headers, "referer"),
        status: 0,
        key: None,
        forced: false,
    };
    let mut s = lock(&state);
    let known = record.code.as_ref().and_then(|c| s.codes.get(c)).cloned();
    if let (Some(code), Some(verifier)) = (&known, &record.code_verifier) {
        record.verifier_matches = s256(verifier) == code.challenge;
    }
    record.challenge = known.as_ref().map(|c| c.challenge.clone());

    let forced = if method != Method::POST {
        None
    } else if let Some(f) = known
        .as_ref()
        .and_then(|c| s.forced_by_challenge.remove(&c.challenge))
    {
        Some(f)
    } else {
        s.forced_next.pop_front()
    };
    let response = if method != Method::POST {
        record.status = 405;
        error_json(405, "Method Not Allowed")
    } else if let Some(f) = forced {
        record.status = f.status;
        record.forced = true;
        let code = StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (code, [(header::CONTENT_TYPE, "application/json")], f.body).into_response()
    } else if body.is_null() || record.code.is_none() {
        record.status = 400;
        error_json(400, "Invalid request parameters")
    } else {
        match known {
            None => {
                record.status = 403;
                error_json(403, "Invalid code or code_verifier")
            }
            Some(code) if code.used => {
                record.status = 403;
                error_json(403, "Invalid code or code_verifier")
            }
            Some(code) => {
                // Any attempt that names a known code uses it (RFC 6749 §4.1.2: once).
                if let Some(c) = s.codes.get_mut(&code.code) {
                    c.used = true;
                }
                if record.code_challenge_method.as_deref() != Some(code.method.as_str()) {
                    record.status = 400;
                    error_json(400, "Invalid code_challenge_method")
                } else if !record.verifier_matches {
                    record.status = 403;
                    error_json(403, "Invalid code or code_verifier")
                } else {
                    let key = IssuedKey {
                        limit: code.limit,
                        label: code.key_label.clone(),
                        ..new_key(Some(code.challenge.clone()))
                    };
                    record.status = 200;
                    record.key = Some(key.key.clone());
                    let answer = json!({"key": key.key, "user_id": key.user_id});
                    s.keys.push(key);
                    Json(answer).into_response()
                }
            }
        }
    };
    s.exchanges.push(record);
    response
}

/// One entry of `GET /api/v1/models`, in the `Model` shape of openrouter-api.md §3.1 (the
/// openapi.yaml `Model` schema, with every field it marks `required`); the values are the
/// stand-in's own. Prices are USD per token, as strings (§3.1, §10.3);
/// `max_completion_tokens` is the model's longest output (`top_provider.max_completion_tokens`),
/// which a key's limit must cover when a request does not say `max_tokens` (§10.3).
fn model(
    id: &str,
    name: &str,
    context: Option<u64>,
    prompt: &str,
    completion: &str,
    max_completion_tokens: u64,
) -> Value {
    json!({
        "id": id,
        "canonical_slug": id,
        "name": name,
        "created": 1_720_000_000,
        "description": format!("{name}, served by the OpenRouter stand-in."),
        "context_length": context,
        "architecture": {
            "modality": "text->text",
            "input_modalities": ["text"],
            "output_modalities": ["text"],
            "tokenizer": "Other",
            "instruct_type": null
        },
        "pricing": {"prompt": prompt, "completion": completion, "request": "0", "image": "0"},
        "top_provider": {"context_length": context, "max_completion_tokens": max_completion_tokens, "is_moderated": false},
        "per_request_limits": null,
        "supported_parameters": ["temperature", "top_p", "max_tokens"],
        "default_parameters": null,
        "supported_voices": null,
        "expiration_date": null,
        "links": {"details": format!("/api/v1/models/{id}/endpoints")}
    })
}

/// [`REASONING_MODEL`], with the `reasoning` object OpenRouter gives models that reason
/// (openrouter-api.md §3.1 and §9.2: `mandatory`, `default_enabled`, `default_effort`,
/// `supported_efforts`).
fn reasoning_model() -> Value {
    let mut m = model(
        REASONING_MODEL,
        "OpenAI: o4 Mini",
        Some(200_000),
        "0.0000011",
        "0.0000044",
        DEFAULT_MAX_COMPLETION_TOKENS,
    );
    m["supported_parameters"] = json!(["reasoning", "include_reasoning", "max_tokens"]);
    m["reasoning"] = json!({
        "mandatory": false,
        "default_enabled": true,
        "default_effort": "medium",
        "supported_efforts": REASONING_EFFORTS,
    });
    m
}

/// [`MANDATORY_REASONING_MODEL`]: reasoning it cannot turn off (`mandatory: true`) and no list
/// of efforts (`supported_efforts: null`: "When null, all gateway effort values are accepted",
/// reasoning-tokens.mdx via openrouter-api.md §10.5; the openapi `ModelReasoning` schema says
/// the same of null).
fn mandatory_reasoning_model() -> Value {
    let mut m = model(
        MANDATORY_REASONING_MODEL,
        "Anthropic: Claude Sonnet 4.5",
        Some(200_000),
        "0.000003",
        "0.000015",
        64_000,
    );
    m["supported_parameters"] = json!(["reasoning", "include_reasoning", "max_tokens"]);
    m["reasoning"] = json!({
        "mandatory": true,
        "default_enabled": true,
        "default_effort": "medium",
        "supported_efforts": null,
    });
    m
}

/// The models `GET /api/v1/models` lists, in the `ModelsListResponse` shape of
/// openrouter-api.md §3.1 (`data`, `total_count`, `links.next`).
pub fn model_list() -> Value {
    let data = vec![
        model(
            "openai/gpt-4o-mini",
            "OpenAI: GPT-4o-mini",
            Some(128_000),
            "0.00000015",
            "0.0000006",
            DEFAULT_MAX_COMPLETION_TOKENS,
        ),
        model(
            "anthropic/claude-3.5-haiku",
            "Anthropic: Claude 3.5 Haiku",
            Some(200_000),
            "0.0000008",
            "0.000004",
            DEFAULT_MAX_COMPLETION_TOKENS,
        ),
        model(
            "meta-llama/llama-3.3-70b-instruct:free",
            "Meta: Llama 3.3 70B Instruct (free)",
            Some(131_072),
            "0",
            "0",
            DEFAULT_MAX_COMPLETION_TOKENS,
        ),
        model(
            "mistralai/mistral-nemo",
            "Mistral: Mistral Nemo",
            None,
            "0.00000002",
            "0.00000004",
            DEFAULT_MAX_COMPLETION_TOKENS,
        ),
        model(
            "google/gemini-2.0-flash-001",
            "Google: Gemini 2.0 Flash",
            Some(1_048_576),
            "0.0000001",
            "0.0000004",
            DEFAULT_MAX_COMPLETION_TOKENS,
        ),
        // Its whole possible output costs 32,000 × $0.000075 = $2.40: a key with less left is
        // refused even for a short answer unless the request says `max_tokens` (§10.3).
        model(
            EXPENSIVE_MODEL,
            "Anthropic: Claude Opus 4.1",
            Some(200_000),
            "0.000015",
            "0.000075",
            32_000,
        ),
        reasoning_model(),
        mandatory_reasoning_model(),
    ];
    let total = data.len();
    json!({"data": data, "total_count": total, "links": {"next": null}})
}

async fn models(State(state): State<Shared>) -> Response {
    lock(&state).models_requests += 1;
    Json(model_list()).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|v| v.trim().to_string())
}

fn masked_label(key: &str) -> String {
    format!(
        "{}...{}",
        &key[..11.min(key.len())],
        &key[key.len().saturating_sub(3)..]
    )
}

async fn key_info(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let token = bearer(&headers);
    let mut s = lock(&state);
    s.key_info_requests.push(token.clone());
    let Some(key) = s.key(token.as_deref()) else {
        return match token {
            None => error_json(401, "No auth credentials found"),
            Some(_) => error_json(401, "User not found."),
        };
    };
    // The shape of limits.mdx "Checking your limits" / openapi `/key` (openrouter-api.md §3.2),
    // every `required` field present; the values are the key's.
    Json(json!({"data": {
        "label": key.label.clone().unwrap_or_else(|| masked_label(&key.key)),
        "limit": key.limit,
        "limit_remaining": key.limit_remaining(),
        "limit_reset": key.limit_reset,
        "include_byok_in_limit": false,
        "usage": key.usage,
        "usage_daily": key.usage,
        "usage_weekly": key.usage,
        "usage_monthly": key.usage,
        "byok_usage": 0.0,
        "byok_usage_daily": 0.0,
        "byok_usage_weekly": 0.0,
        "byok_usage_monthly": 0.0,
        "is_free_tier": false,
        "is_management_key": false,
        "is_provisioning_key": false,
        "expires_at": key.expires_at,
        "creator_user_id": key.user_id,
        "rate_limit": {"requests": 1000, "interval": "1h", "note": "This field is deprecated and safe to ignore."}
    }}))
    .into_response()
}

fn header_string(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn last_user_text(messages: &Value) -> String {
    let last = messages.as_array().and_then(|m| {
        m.iter()
            .rev()
            .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
    });
    match last.and_then(|m| m.get("content")) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(""),
        _ => String::new(),
    }
}

/// Why a request's reasoning parts are refused: a `reasoning` that is not an object, an effort
/// OpenRouter does not know, or an assistant message's `reasoning_details` that is not an array of
/// objects. (An effort a model does not support is ignored, as OpenRouter does.)
fn reasoning_problem(body: &Value) -> Option<String> {
    if let Some(reasoning) = body.get("reasoning") {
        if !reasoning.is_object() {
            return Some("reasoning must be an object".into());
        }
        if let Some(effort) = reasoning.get("effort") {
            if !effort.as_str().is_some_and(|e| KNOWN_EFFORTS.contains(&e)) {
                return Some(format!(
                    "reasoning.effort must be one of {}, not {effort}",
                    KNOWN_EFFORTS.join(", ")
                ));
            }
        }
    }
    // openapi `ModelReasoning.mandatory`: "When true, reasoning cannot be disabled and effort
    // \"none\" is rejected." The message is the stand-in's own.
    if body.get("model").and_then(Value::as_str) == Some(MANDATORY_REASONING_MODEL)
        && body.pointer("/reasoning/effort").and_then(Value::as_str) == Some("none")
    {
        return Some(format!(
            "Reasoning is mandatory for {MANDATORY_REASONING_MODEL}: effort \"none\" is not accepted"
        ));
    }
    let messages = body.get("messages").and_then(Value::as_array)?;
    messages.iter().find_map(|m| {
        let details = m.get("reasoning_details")?;
        let ok = details
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_object));
        (!ok).then(|| "reasoning_details must be an array of objects".to_string())
    })
}

/// The `format` of the reasoning a model streams (openapi `ReasoningFormat` values), or `None`
/// for a model that does not reason.
fn reasoning_format(model: &str) -> Option<&'static str> {
    match model {
        REASONING_MODEL => Some("unknown"),
        MANDATORY_REASONING_MODEL => Some("anthropic-claude-v1"),
        _ => None,
    }
}

/// The `reasoning_details` a non-streaming reply's `message.reasoning_details` would hold for
/// `streamed`, the items of a streamed reply in arrival order: consecutive `reasoning.text`
/// fragments merged into one item (their `text` concatenated, the first non-null `signature` and
/// `format` kept, the other fields those of the first fragment); `reasoning.encrypted`,
/// `reasoning.summary` and other items kept as they come. This is how OpenRouter's
/// ai-sdk-provider accumulates them before sending them back (openrouter-api.md §10.5).
pub fn merge_reasoning_details(streamed: &[Value]) -> Vec<Value> {
    let mut merged: Vec<Value> = Vec::new();
    for item in streamed {
        let is_text = item.get("type").and_then(Value::as_str) == Some("reasoning.text");
        match merged.last_mut() {
            Some(last)
                if is_text
                    && last.get("type").and_then(Value::as_str) == Some("reasoning.text") =>
            {
                let text = |v: &Value| {
                    v.get("text")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                };
                let joined = format!("{}{}", text(last), text(item));
                last["text"] = Value::String(joined);
                for name in ["signature", "format"] {
                    let missing = last.get(name).is_none_or(Value::is_null);
                    if let Some(value) = item.get(name).filter(|v| missing && !v.is_null()) {
                        last[name] = value.clone();
                    }
                }
            }
            _ => merged.push(item.clone()),
        }
    }
    merged
}

/// `items` with the null fields of each item left out, so that `"signature": null` and no
/// `signature` compare equal (object key order never matters: `Value`s are compared).
fn without_nulls(items: &[Value]) -> Vec<Value> {
    items
        .iter()
        .map(|item| match item {
            Value::Object(fields) => Value::Object(
                fields
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            other => other.clone(),
        })
        .collect()
}

/// Refuses reasoning sent back otherwise than the model produced it. This enforces
/// reasoning-tokens.mdx's "the entire sequence of consecutive reasoning blocks must match the
/// outputs generated by the model during the original request; you cannot rearrange or modify
/// the sequence" (openrouter-api.md §10.5): an assistant message whose `reasoning_details` name
/// a reply of the stand-in (a `signature` or encrypted `data` it streamed in `earlier`) must
/// carry exactly that reply's [`ChatRequest::reasoning_details_expected`], one item per
/// reasoning block, in order. Details the stand-in did not produce are let through. The message
/// is the stand-in's own.
fn reasoning_sent_back_problem(messages: &Value, earlier: &[ChatRequest]) -> Option<Refusal> {
    let marks = |items: &[Value]| -> Vec<String> {
        items
            .iter()
            .flat_map(|i| [i.get("signature"), i.get("data")])
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    let wrong = messages
        .as_array()?
        .iter()
        .filter(|m| m.get("role").and_then(Value::as_str) == Some("assistant"))
        .filter_map(|m| m.get("reasoning_details").and_then(Value::as_array))
        .any(|details| {
            let sent_back = marks(details);
            let Some(reply) = earlier.iter().find(|r| {
                marks(&r.reasoning_details_sent)
                    .iter()
                    .any(|m| sent_back.contains(m))
            }) else {
                return false;
            };
            without_nulls(details) != without_nulls(&reply.reasoning_details_expected())
        });
    wrong.then(|| {
        Refusal::plain(
            400,
            "reasoning_details must be sent back as the model produced them: one block per reasoning block, in order",
        )
    })
}

/// The `message` of `error:<status>`: the `example` messages of openapi.yaml's
/// `/chat/completions` error responses, as openrouter-api.md §4.2 tabulates them. The spec has
/// none for 403 ("n/a" in §4.2): "Your input was flagged by moderation" is the stand-in's own.
fn chat_error_message(status: u16) -> &'static str {
    match status {
        400 => "Invalid request parameters",
        401 => "Missing Authentication header",
        402 => "Insufficient credits. Add more using https://openrouter.ai/credits",
        403 => "Your input was flagged by moderation",
        404 => "Resource not found",
        408 => "Operation timed out. Please try again later.",
        413 => "Request payload too large",
        422 => "Invalid argument",
        429 => "Rate limit exceeded",
        500 => "Internal Server Error",
        502 => "Provider returned error",
        503 => "Service temporarily unavailable",
        524 => "Request timed out. Please try again later.",
        529 => "Provider returned error",
        _ => "Stand-in error",
    }
}

/// A refused chat request: the status, the JSON body, and a `Retry-After` header when the answer
/// has one.
struct Refusal {
    status: u16,
    body: Value,
    retry_after: Option<&'static str>,
}

impl Refusal {
    /// `{"error":{"code":status,"message":message}}`: the `ErrorResponse` shape of
    /// openrouter-api.md §4.1 (errors-and-debugging.mdx), for messages of the stand-in's own.
    fn plain(status: u16, message: &str) -> Refusal {
        Refusal::with_body(
            status,
            json!({"error": {"code": status, "message": message}}),
        )
    }

    /// `status` with `body` as it is.
    fn with_body(status: u16, body: Value) -> Refusal {
        Refusal {
            status,
            body,
            retry_after: None,
        }
    }

    fn into_response(self) -> Response {
        let code = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (code, Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
        }
        response
    }
}

/// The answer of `error:<status>`: that status with the openapi example message
/// ([`chat_error_message`]). 403 carries moderation metadata and 429 a `Retry-After: 7` header.
fn status_error(status: u16, model: Option<&str>) -> Refusal {
    let mut refusal = Refusal::plain(status, chat_error_message(status));
    if status == 403 {
        // The moderation metadata fields of errors-and-debugging.mdx (openrouter-api.md §4.1:
        // `reasons`, `flagged_input` of at most 100 characters, `provider_name`, `model_slug`);
        // the values are the stand-in's own: no verbatim moderation body is published.
        refusal.body["error"]["metadata"] = json!({
            "reasons": ["test"],
            "flagged_input": "error:403",
            "provider_name": "Stand-in",
            "model_slug": model,
        });
    }
    if status == 429 {
        refusal.retry_after = Some("7");
    }
    refusal
}

/// `body.max_tokens`: `Ok(None)` when absent or null, `Ok(Some(n))` for a positive integer, else
/// `Err` (the openapi `ChatRequest` has it as `integer|null`, from 1 up, per
/// openrouter-api.md §2.2).
fn requested_max_tokens(body: &Value) -> Result<Option<u64>, ()> {
    match body.get("max_tokens") {
        None | Some(Value::Null) => Ok(None),
        Some(n) => n.as_u64().filter(|n| *n > 0).map(Some).ok_or(()),
    }
}

/// The length of every message's `content`, as JSON (what the token estimates start from).
fn prompt_chars(messages: &Value) -> usize {
    messages
        .as_array()
        .map(|m| {
            m.iter()
                .map(|m| m.get("content").map_or(0, |c| c.to_string().len()))
                .sum()
        })
        .unwrap_or(0)
}

/// The stand-in's estimate of a prompt's tokens: a token per 4 characters, plus one.
fn prompt_tokens(prompt_chars: usize) -> u64 {
    prompt_chars as u64 / 4 + 1
}

/// What a request for a model costs and may write, from the stand-in's model list.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ModelTerms {
    /// USD per prompt token (`pricing.prompt`).
    prompt: f64,
    /// USD per completion token (`pricing.completion`).
    completion: f64,
    /// The most tokens a reply may have (`top_provider.max_completion_tokens`).
    max_completion_tokens: u64,
}

/// The prices of a model the stand-in does not list (those of `openai/gpt-4o-mini`, what every
/// reply was charged before replies were charged at their model's prices).
const UNLISTED_PRICES: (f64, f64) = (0.000_000_15, 0.000_000_6);

/// [`ModelTerms`] of `model` as [`model_list`] gives them; for a model it does not list,
/// [`UNLISTED_PRICES`] and [`DEFAULT_MAX_COMPLETION_TOKENS`].
fn model_terms(model: &str) -> ModelTerms {
    let list = model_list();
    let listed = list["data"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["id"] == model);
    let price = |m: &Value, name: &str| {
        m["pricing"][name]
            .as_str()
            .and_then(|p| p.parse::<f64>().ok())
    };
    match listed {
        Some(m) => ModelTerms {
            prompt: price(m, "prompt").unwrap_or(UNLISTED_PRICES.0),
            completion: price(m, "completion").unwrap_or(UNLISTED_PRICES.1),
            max_completion_tokens: m["top_provider"]["max_completion_tokens"]
                .as_u64()
                .unwrap_or(DEFAULT_MAX_COMPLETION_TOKENS),
        },
        None => ModelTerms {
            prompt: UNLISTED_PRICES.0,
            completion: UNLISTED_PRICES.1,
            max_completion_tokens: DEFAULT_MAX_COMPLETION_TOKENS,
        },
    }
}

/// A spent key limit, as OpenRouter answers it: 403.
/// Third-party: gptme/gptme#1449 (openrouter-api.md §10.3), verbatim. It says "monthly" whatever
/// the key's `limit_reset`, as the one published body does.
const KEY_LIMIT_SPENT_BODY: &str = r#"{"error":{"message":"Key limit exceeded (monthly limit). Manage it using https://openrouter.ai/settings/keys","code":403}}"#;

/// The 402 of a key whose limit cannot pay for the whole possible output. The message follows
/// third-party anomalyco/opencode#12219 (openrouter-api.md §10.3) word for word with the two
/// numbers filled in; the body around it is that of third-party Gitlawb/openclaude#1125
/// (`code`, `metadata.provider_name: null`; its `user_id` is left out).
fn key_limit_short_body(requested: u64, affordable: u64) -> Value {
    json!({"error": {
        "message": format!(
            "This request requires more credits, or fewer max_tokens. You requested up to {requested} tokens, but can only afford {affordable}. To increase, visit https://openrouter.ai/settings/keys and create a key with a higher monthly limit"
        ),
        "code": 402,
        "metadata": {"provider_name": null}
    }})
}

/// A key's own limit, enforced as OpenRouter does (openrouter-api.md §10.3, limits.mdx "Handling
/// 402 errors"): nothing left is a 403 ([`KEY_LIMIT_SPENT_BODY`]); otherwise the key must pay
/// for the prompt and the whole possible output (`max_tokens` when the request says it, else the
/// model's `top_provider.max_completion_tokens`), else a 402 saying how many tokens it can
/// afford ([`key_limit_short_body`]). `None`: the request may go on (always, for a key without
/// a limit).
fn key_limit_refusal(
    key: &IssuedKey,
    terms: &ModelTerms,
    prompt_tokens: u64,
    max_tokens: Option<u64>,
) -> Option<Refusal> {
    let remaining = key.limit? - key.usage;
    if remaining <= 0.0 {
        let body = serde_json::from_str(KEY_LIMIT_SPENT_BODY).expect("a JSON body");
        return Some(Refusal::with_body(403, body));
    }
    let requested = max_tokens.unwrap_or(terms.max_completion_tokens);
    let prompt_cost = prompt_tokens as f64 * terms.prompt;
    if prompt_cost + requested as f64 * terms.completion <= remaining {
        return None;
    }
    let affordable = if terms.completion > 0.0 {
        ((remaining - prompt_cost) / terms.completion)
            .floor()
            .max(0.0) as u64
    } else {
        0
    };
    Some(Refusal::with_body(
        402,
        key_limit_short_body(requested, affordable),
    ))
}

async fn chat(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let token = bearer(&headers);
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let messages = body.get("messages").cloned().unwrap_or(Value::Null);
    let scenario = Scenario::from_message(&last_user_text(&messages));
    let model = field(&body, "model");
    let max_tokens = requested_max_tokens(&body);
    let mut record = ChatRequest {
        bearer: token.clone(),
        status: 0,
        body: body.clone(),
        model: model.clone(),
        messages: messages.clone(),
        http_referer: header_string(&headers, "http-referer"),
        x_openrouter_title: header_string(&headers, "x-openrouter-title"),
        x_title: header_string(&headers, "x-title"),
        scenario: scenario.clone(),
        outcome: StreamOutcome::NotStreamed,
        deltas_sent: 0,
        reasoning_effort: body
            .pointer("/reasoning/effort")
            .and_then(Value::as_str)
            .map(str::to_string),
        reasoning_details_sent: Vec::new(),
        max_tokens: max_tokens.ok().flatten(),
    };
    let prompt_chars = prompt_chars(&messages);
    let mut s = lock(&state);
    let valid_messages = messages.as_array().is_some_and(|m| !m.is_empty());
    let key = s.key(token.as_deref()).cloned();
    let failure = if token.is_none() {
        Some(Refusal::plain(401, "Missing Authentication header"))
    } else if key.is_none() {
        Some(Refusal::plain(401, "User not found."))
    } else if body.is_null() || model.is_none() || !valid_messages {
        Some(Refusal::plain(
            400,
            "Invalid request parameters: model and messages are required",
        ))
    } else if body.get("stream") != Some(&Value::Bool(true)) {
        Some(Refusal::plain(
            400,
            "The stand-in only streams: send \"stream\": true",
        ))
    } else if body
        .get("temperature")
        .is_some_and(|t| !t.as_f64().is_some_and(|t| (0.0..=2.0).contains(&t)))
    {
        Some(Refusal::plain(
            400,
            "temperature must be a number from 0 to 2",
        ))
    } else if max_tokens.is_err() {
        Some(Refusal::plain(400, "max_tokens must be a positive integer"))
    } else if let Some(problem) = reasoning_problem(&body) {
        Some(Refusal::plain(400, &problem))
    } else if let Some(refusal) = reasoning_sent_back_problem(&messages, &s.chat_requests) {
        Some(refusal)
    } else if let Some(refusal) = key.as_ref().and_then(|key| {
        key_limit_refusal(
            key,
            &model_terms(model.as_deref().unwrap_or("")),
            prompt_tokens(prompt_chars),
            max_tokens.ok().flatten(),
        )
    }) {
        Some(refusal)
    } else if let Scenario::Error(status) = scenario {
        Some(status_error(status, model.as_deref()))
    } else if let Scenario::Published(published) = scenario {
        let mut refusal = Refusal::with_body(
            published.status(),
            published.body(model.as_deref().unwrap_or("")),
        );
        refusal.retry_after = published.retry_after();
        Some(refusal)
    } else {
        None
    };
    if let Some(refusal) = failure {
        record.status = refusal.status;
        s.chat_requests.push(record);
        return refusal.into_response();
    }
    record.status = 200;
    let index = s.chat_requests.len();
    s.chat_requests.push(record);
    drop(s);

    let reasoning = reasoning_format(model.as_deref().unwrap_or("")).map(|_| {
        reasoning_pieces(
            &scenario,
            &last_user_text(&messages),
            body.pointer("/reasoning/effort").and_then(Value::as_str),
        )
    });
    let plan = plan(
        &scenario,
        model.as_deref().unwrap_or(""),
        prompt_chars,
        reasoning.as_deref(),
    );
    lock(&state).chat_requests[index].reasoning_details_sent = plan.reasoning_details.clone();
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    tokio::spawn(run_plan(plan, tx, state, index, token.unwrap_or_default()));
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from_stream(ReceiverStream::new(rx)))
        .expect("a valid response")
}

/// One network write, then a pause.
struct Write {
    bytes: Bytes,
    pause: Duration,
    /// Whether this write carries a content delta (counted in `deltas_sent`).
    delta: bool,
}

enum End {
    /// Send `[DONE]`, then end the body.
    Done,
    /// End the body without `[DONE]`.
    Cut,
    /// Abort the connection mid-body.
    Reset,
}

struct Plan {
    writes: Vec<Write>,
    end: End,
    newline: &'static str,
    cost: f64,
    /// The `reasoning_details` items streamed, in order.
    reasoning_details: Vec<Value>,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

fn chunk(id: &str, model: &str, delta: Value, finish_reason: Option<&str>) -> Value {
    json!({
        "id": id,
        "object": "chat.completion.chunk",
        "created": SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
        "model": model,
        "provider": "Stand-in",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "native_finish_reason": finish_reason}]
    })
}

fn event(value: &Value, newline: &str) -> Bytes {
    Bytes::from(format!("data: {value}{newline}{newline}"))
}

/// Splits `text` into word-sized pieces, each keeping its trailing space.
fn words(text: &str) -> Vec<String> {
    text.split_inclusive(' ').map(str::to_string).collect()
}

/// The writes of a reply: a keep-alive comment (for `think:<secs>`, one every
/// [`KEEP_ALIVE_EVERY`] for that long); the reasoning pieces, if the model reasons (each a
/// `reasoning` delta with its `reasoning.text` fragment, the last one signed, then one
/// `reasoning.encrypted` item); the answer; the final usage chunk.
fn plan(
    scenario: &Scenario,
    model: &str,
    prompt_chars: usize,
    reasoning: Option<&[String]>,
) -> Plan {
    let id = format!("gen-standin-{}", GENERATION.fetch_add(1, Ordering::Relaxed));
    let newline = if matches!(scenario, Scenario::Crlf(_)) {
        "\r\n"
    } else {
        "\n"
    };
    let (pieces, pause, end): (Vec<String>, Duration, End) = match scenario {
        Scenario::Echo(t) | Scenario::Crlf(t) | Scenario::Think { text: t, .. } => {
            (words(t), PIECE_PAUSE, End::Done)
        }
        Scenario::MidstreamErrorOnly => (Vec::new(), Duration::ZERO, End::Cut),
        Scenario::Xss => (
            vec![
                "Careful: ".into(),
                "<img src=x onerror=\"window.__xss=1\">".into(),
                " and ".into(),
                "[click](javascript:window.__xss=1)".into(),
                " end.".into(),
            ],
            PIECE_PAUSE,
            End::Done,
        ),
        Scenario::Slow => (
            (1..=SLOW_DELTAS).map(|i| format!("tick {i} ")).collect(),
            PIECE_PAUSE,
            End::Done,
        ),
        Scenario::Long(n) => (long_pieces(*n), Duration::ZERO, End::Done),
        Scenario::Markdown => (
            MARKDOWN_TEXT
                .as_bytes()
                .chunks(20)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect(),
            PIECE_PAUSE,
            End::Done,
        ),
        Scenario::Multibyte => (words(MULTIBYTE_TEXT), PIECE_PAUSE, End::Done),
        Scenario::MidstreamError | Scenario::MidstreamErrorString => {
            (words("This reply will fail part"), PIECE_PAUSE, End::Done)
        }
        Scenario::Cut => (words("This reply is cut off"), PIECE_PAUSE, End::Cut),
        Scenario::Reset => (words("This connection is reset"), PIECE_PAUSE, End::Reset),
        Scenario::Error(_) | Scenario::Published(_) => (Vec::new(), Duration::ZERO, End::Done),
    };
    let keep_alive = |pause: Duration| Write {
        bytes: Bytes::from(format!("{KEEP_ALIVE}{newline}{newline}")),
        pause,
        delta: false,
    };
    let mut writes = Vec::new();
    if let Scenario::Think { secs, .. } = scenario {
        // Thinking: a comment every KEEP_ALIVE_EVERY until `secs` have passed, nothing else.
        let mut left = Duration::from_secs(*secs);
        loop {
            let pause = left.min(KEEP_ALIVE_EVERY);
            writes.push(keep_alive(pause));
            left -= pause;
            if left.is_zero() {
                break;
            }
        }
    } else {
        writes.push(keep_alive(PIECE_PAUSE));
    }
    if matches!(scenario, Scenario::MidstreamErrorOnly) {
        writes.push(Write {
            bytes: Bytes::from(format!("data: {MIDSTREAM_ERROR_CHUNK}{newline}{newline}")),
            pause: Duration::ZERO,
            delta: false,
        });
        return Plan {
            writes,
            end,
            newline,
            cost: 0.0,
            reasoning_details: Vec::new(),
        };
    }
    let reasoning = reasoning.unwrap_or_default();
    let format = reasoning_format(model).unwrap_or("unknown");
    let mut reasoning_details = Vec::new();
    // One reasoning block streamed as fragments of the same `index`, its `signature` on the last
    // one only (null before), then one encrypted block of its own: how a streamed reply's
    // reasoning arrives (reasoning-tokens.mdx and OpenRouter's ai-sdk-provider, via
    // openrouter-api.md §10.5; item fields per the openapi `ReasoningDetailText` and
    // `ReasoningDetailEncrypted` schemas). The texts, signature and data are the stand-in's own.
    for (i, piece) in reasoning.iter().enumerate() {
        let signature = (i + 1 == reasoning.len()).then(|| format!("sig-{id}"));
        let item = json!({"type": "reasoning.text", "text": piece, "signature": signature,
                          "format": format, "index": 0});
        let mut delta =
            json!({"content": "", "reasoning": piece, "reasoning_details": [item.clone()]});
        if i == 0 {
            delta["role"] = json!("assistant");
        }
        reasoning_details.push(item);
        writes.push(Write {
            bytes: event(&chunk(&id, model, delta, None), newline),
            pause,
            delta: false,
        });
    }
    if !reasoning.is_empty() {
        let data = STANDARD.encode(format!("stand-in reasoning state of {id}"));
        let item =
            json!({"type": "reasoning.encrypted", "data": data, "format": format, "index": 1});
        let delta = json!({"content": "", "reasoning": null, "reasoning_details": [item.clone()]});
        reasoning_details.push(item);
        writes.push(Write {
            bytes: event(&chunk(&id, model, delta, None), newline),
            pause,
            delta: false,
        });
    }
    let last = pieces.len().saturating_sub(1);
    let completes = matches!(
        scenario,
        Scenario::Echo(_)
            | Scenario::Crlf(_)
            | Scenario::Think { .. }
            | Scenario::Xss
            | Scenario::Slow
            | Scenario::Long(_)
            | Scenario::Markdown
            | Scenario::Multibyte
    );
    for (i, piece) in pieces.iter().enumerate() {
        let mut delta = json!({"content": piece});
        if i == 0 && reasoning.is_empty() {
            delta["role"] = json!("assistant");
        }
        let finish = (completes && i == last).then_some("stop");
        let bytes = event(&chunk(&id, model, delta, finish), newline);
        if matches!(scenario, Scenario::Multibyte) {
            // Split the event's bytes inside the first multi-byte character of the piece.
            let text = std::str::from_utf8(&bytes).expect("utf-8");
            let split = text
                .char_indices()
                .find(|(_, c)| c.len_utf8() > 1)
                .map(|(at, _)| at + 1);
            if let Some(at) = split {
                writes.push(Write {
                    bytes: bytes.slice(..at),
                    pause: PIECE_PAUSE,
                    delta: false,
                });
                writes.push(Write {
                    bytes: bytes.slice(at..),
                    pause: PIECE_PAUSE,
                    delta: true,
                });
                continue;
            }
        }
        writes.push(Write {
            bytes,
            pause,
            delta: true,
        });
    }
    match scenario {
        Scenario::MidstreamError | Scenario::MidstreamErrorString => {
            let code = if matches!(scenario, Scenario::MidstreamError) {
                json!(502)
            } else {
                json!("server_error")
            };
            let mut value = chunk(&id, model, json!({"content": ""}), Some("error"));
            value["error"] = json!({"code": code, "message": "Provider returned error", "metadata": {"error_type": "provider_unavailable"}});
            writes.push(Write {
                bytes: event(&value, newline),
                pause: Duration::ZERO,
                delta: false,
            });
        }
        _ if completes => {
            let reasoning_tokens = reasoning.len();
            let completion_tokens = pieces.len() + reasoning_tokens;
            let prompt_tokens = prompt_tokens(prompt_chars);
            let terms = model_terms(model);
            let cost =
                prompt_tokens as f64 * terms.prompt + completion_tokens as f64 * terms.completion;
            // The final usage chunk (streaming.mdx "The final usage chunk", openrouter-api.md
            // §10.4): one choice with an empty delta repeating the finish reason. The usage
            // fields are the openapi `ChatUsage` schema's (§10.6); `cost_details` holds the two
            // fields its `CostDetails` schema requires beside `upstream_inference_cost` (null:
            // not a BYOK request). The figures are the stand-in's estimates.
            let mut usage = chunk(&id, model, json!({}), Some("stop"));
            usage["usage"] = json!({
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens as u64,
                "cost": cost,
                "is_byok": false,
                "prompt_tokens_details": {"cached_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": reasoning_tokens},
                "cost_details": {
                    "upstream_inference_cost": null,
                    "upstream_inference_prompt_cost": 0.0,
                    "upstream_inference_completions_cost": 0.0,
                },
            });
            writes.push(Write {
                bytes: event(&usage, newline),
                pause: Duration::ZERO,
                delta: false,
            });
            return Plan {
                writes,
                end,
                newline,
                cost,
                reasoning_details,
            };
        }
        _ => {}
    }
    Plan {
        writes,
        end,
        newline,
        cost: 0.0,
        reasoning_details,
    }
}

async fn run_plan(
    plan: Plan,
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    state: Shared,
    index: usize,
    key: String,
) {
    let set_outcome = |outcome: StreamOutcome| lock(&state).chat_requests[index].outcome = outcome;
    set_outcome(StreamOutcome::Streaming);
    for write in plan.writes {
        if tx.send(Ok(write.bytes)).await.is_err() {
            return set_outcome(StreamOutcome::ClientGone);
        }
        if write.delta {
            lock(&state).chat_requests[index].deltas_sent += 1;
        }
        if !write.pause.is_zero() {
            tokio::time::sleep(write.pause).await;
        }
    }
    let sent = match plan.end {
        End::Done => tx
            .send(Ok(Bytes::from(format!("data: [DONE]{0}{0}", plan.newline))))
            .await
            .is_ok(),
        End::Cut => true,
        End::Reset => {
            let _ = tx
                .send(Err(std::io::Error::other("stand-in resets the connection")))
                .await;
            true
        }
    };
    let mut s = lock(&state);
    s.chat_requests[index].outcome = if sent {
        StreamOutcome::Finished
    } else {
        StreamOutcome::ClientGone
    };
    if let Some(k) = s.keys.iter_mut().find(|k| k.key == key) {
        k.usage += plan.cost;
    }
}
