//! The browser side of the chat: the streaming `POST /api/v1/chat/completions`, and the two `GET`s
//! the panel shows (`/api/v1/models`, `/api/v1/key`). Browser-only (it compiles everywhere, but
//! only runs in a page).
//!
//! The request carries `Authorization: Bearer <key>`, `{model, messages, stream: true}`, and the
//! app's attribution headers from its [`AuthConfig`]: `HTTP-Referer` (its URL; by default the
//! page's origin and base path) and `X-OpenRouter-Title` (its name, when it set one). The body is read from the response's
//! `ReadableStream` piece by piece into [`SseDecoder`] and [`ReplyState`]; the new reasoning and
//! answer text of each read go to a callback at once ([`ReplyDelta`]), so the caller can show them
//! without waiting for the end.
//!
//! [`ChatStream::stop`] aborts the fetch through an `AbortController`; what arrived is kept and the
//! reply ends as [`ReplyEnd::Stopped`]. Keep-alive comments are progress: a read that brings only
//! them reaches the callback as [`ReplyDelta::keep_alive`], and the reply goes on however long
//! they keep coming. The same controller gives up a connection that goes silent (not a byte for
//! [`STALL_TIMEOUT_MS`]: [`ChatError::Stalled`], checked every second by a timer), and the
//! decoder's caps end one that grows without bounds ([`ChatError::TooLarge`]); either way what
//! arrived is kept.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Interval;
use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    AbortController, AbortSignal, ReadableStreamDefaultReader, ReadableStreamReadResult, Request,
    Response,
};

use crate::auth::ApiKey;
use crate::chat::errors::{ChatError, ErrorDetails};
use crate::chat::models::{parse_key_info, parse_models, KeyInfo, ModelInfo};
use crate::chat::sse::{SseDecoder, StallWatch, STALL_TIMEOUT_MS};
use crate::chat::types::{
    request_body, ChatMessage, ReplyDelta, ReplyEnd, ReplyState, RequestOptions,
};
use crate::config::AuthConfig;
use crate::web::{self, NetworkError};

/// What to send.
#[derive(Debug, Clone, Copy)]
pub struct ChatRequest<'a> {
    /// Where OpenRouter is and whose traffic this is.
    pub config: &'a AuthConfig,
    /// The user's key (sent only in the `Authorization` header).
    pub key: &'a ApiKey,
    /// The model id.
    pub model: &'a str,
    /// The whole conversation.
    pub messages: &'a [ChatMessage],
    /// The temperature, reasoning effort and longest reply, when not the model's own.
    pub options: RequestOptions<'a>,
}

/// A reply being streamed; [`ChatStream::stop`] aborts it.
#[derive(Debug)]
pub struct ChatStream {
    controller: Option<AbortController>,
}

impl ChatStream {
    /// Aborts the request. The end callback still runs, with [`ReplyEnd::Stopped`] and the text
    /// that arrived.
    pub fn stop(&self) {
        if let Some(c) = &self.controller {
            c.abort();
        }
    }
}

/// Starts a streaming chat request.
///
/// `on_delta` gets the new reasoning and answer text of each read of the body (all the events it
/// completed, together), as it arrives, whenever either is not empty, and each read that brought
/// only keep-alive comments ([`ReplyDelta::keep_alive`]); `on_end` runs once at the
/// end with the whole reply (text, reasoning and its details, usage) and how it ended: complete,
/// stopped, or failed (an error status in words, a network failure, a stream cut off, an error
/// event mid-stream).
pub fn stream_chat(
    request: ChatRequest<'_>,
    on_delta: impl FnMut(ReplyDelta<'_>) + 'static,
    on_end: impl FnOnce(ReplyState, ReplyEnd) + 'static,
) -> ChatStream {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    let authorization = ["Bearer ", request.key.expose()].concat();
    let config = request.config;
    let referer = config
        .app_url
        .as_ref()
        .map_or_else(web::app_root_url, |url| url.to_string());
    let body = request_body(request.model, request.messages, request.options);
    let mut headers = vec![
        ("Authorization", authorization.as_str()),
        ("Content-Type", "application/json"),
        ("HTTP-Referer", referer.as_str()),
    ];
    if let Some(title) = &config.app_title {
        headers.push(("X-OpenRouter-Title", title.as_str()));
    }
    let built = web::build_request(
        "POST",
        &config.api_url("/api/v1/chat/completions"),
        &headers,
        Some(&body),
        signal.as_ref(),
    );
    let stall = Stall::new(controller.clone());
    spawn_local(async move {
        let mut reply = ReplyState::new();
        let end = run(built, signal, &stall, &mut reply, on_delta).await;
        drop(stall);
        on_end(reply, end);
    });
    ChatStream { controller }
}

/// Gives up a stalled stream: a timer asks the [`StallWatch`] every second, and aborts the
/// request when it says so. Dropping it stops the timer.
struct Stall {
    watch: Rc<RefCell<StallWatch>>,
    stalled: Rc<Cell<bool>>,
    _timer: Interval,
}

impl Stall {
    fn new(controller: Option<AbortController>) -> Self {
        let watch = Rc::new(RefCell::new(StallWatch::new(
            web::now_ms(),
            STALL_TIMEOUT_MS,
        )));
        let stalled = Rc::new(Cell::new(false));
        let timer = Interval::new(1_000, {
            let (watch, stalled) = (watch.clone(), stalled.clone());
            move || {
                if !stalled.get() && watch.borrow().is_stalled(web::now_ms()) {
                    stalled.set(true);
                    if let Some(c) = &controller {
                        c.abort();
                    }
                }
            }
        });
        Stall {
            watch,
            stalled,
            _timer: timer,
        }
    }

    /// A read brought `bytes` bytes.
    fn saw(&self, bytes: usize) {
        self.watch.borrow_mut().saw(bytes, web::now_ms());
    }

    /// How an aborted request ended: stalled, or stopped by the user.
    fn aborted_end(&self) -> ReplyEnd {
        if self.stalled.get() {
            ReplyEnd::Failed(ChatError::Stalled {
                secs: self.watch.borrow().timeout_secs(),
            })
        } else {
            ReplyEnd::Stopped
        }
    }
}

async fn run(
    request: Result<Request, NetworkError>,
    signal: Option<AbortSignal>,
    stall: &Stall,
    reply: &mut ReplyState,
    mut on_delta: impl FnMut(ReplyDelta<'_>),
) -> ReplyEnd {
    let aborted = || signal.as_ref().is_some_and(AbortSignal::aborted);
    let network = |detail: &str| ReplyEnd::Failed(ChatError::network(detail));
    let Ok(request) = request else {
        return network("the request could not be built");
    };
    let response = match web::send(&request, signal.as_ref()).await {
        Ok(response) => response,
        Err(e) if e.aborted => return stall.aborted_end(),
        Err(_) => return network("fetch failed"),
    };
    if !response.ok() {
        return match failed_status(&response, aborted).await {
            ReplyEnd::Stopped => stall.aborted_end(),
            end => end,
        };
    }
    let Some(reader) = response
        .body()
        .and_then(|b| ReadableStreamDefaultReader::new(&b).ok())
    else {
        return ReplyEnd::Failed(ChatError::CutOff);
    };
    let mut decoder = SseDecoder::new();
    let mut bytes = Vec::new();
    loop {
        let Ok(result) = JsFuture::from(reader.read()).await else {
            // Aborted by Stop or a stall, or the connection broke: keep what arrived either way.
            if aborted() {
                return stall.aborted_end();
            }
            break;
        };
        let result: ReadableStreamReadResult = result.unchecked_into();
        if result.get_done().unwrap_or(true) {
            break;
        }
        let Ok(chunk) = result.get_value().dyn_into::<Uint8Array>() else {
            continue;
        };
        bytes.resize(chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes);
        let before = reply.mark();
        let events = decoder.push(&bytes);
        stall.saw(bytes.len());
        let keep_alive = events.is_empty() && !bytes.is_empty();
        for event in events {
            reply.apply_event(&event.data);
        }
        let delta = ReplyDelta {
            keep_alive,
            ..reply.since(before)
        };
        if !delta.is_empty() || delta.keep_alive {
            on_delta(delta);
        }
        if reply.done || reply.error.is_some() {
            // Nothing useful can follow `[DONE]` or an error event.
            let _ = reader.cancel();
            break;
        }
        if let Some(overflow) = decoder.overflow() {
            let _ = reader.cancel();
            return ReplyEnd::Failed(ChatError::TooLarge(overflow));
        }
    }
    let before = reply.mark();
    for event in decoder.finish() {
        reply.apply_event(&event.data);
    }
    let delta = reply.since(before);
    if !delta.is_empty() {
        on_delta(delta);
    }
    match reply.end_error() {
        Some(e) => ReplyEnd::Failed(e),
        None => ReplyEnd::Complete,
    }
}

/// An error status: its body, OpenRouter's message and `Retry-After` in words.
async fn failed_status(response: &Response, aborted: impl Fn() -> bool) -> ReplyEnd {
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    if aborted() {
        return ReplyEnd::Stopped;
    }
    ReplyEnd::Failed(ChatError::from_status(
        response.status(),
        &body,
        retry_after.as_deref(),
        web::now_ms(),
    ))
}

/// Why `GET /api/v1/models` or `GET /api/v1/key` gave no figures.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FetchError {
    /// The request got no answer.
    Network(NetworkError),
    /// OpenRouter answered with an error status.
    Status {
        /// The HTTP status.
        status: u16,
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// A success whose body is not the expected JSON.
    Malformed,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Network(e) => write!(f, "no answer from OpenRouter: {e}"),
            FetchError::Status { status, details } => match &details.message {
                Some(m) => write!(f, "OpenRouter answered {status}: {m}"),
                None => write!(f, "OpenRouter answered {status}"),
            },
            FetchError::Malformed => f.write_str("OpenRouter's answer was not the expected JSON"),
        }
    }
}

impl std::error::Error for FetchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FetchError::Network(e) => Some(e),
            _ => None,
        }
    }
}

/// A `GET` of `path`, its body read by `parse` when the status is a success.
async fn get<T>(
    config: &AuthConfig,
    path: &str,
    key: Option<&ApiKey>,
    parse: fn(&str) -> Option<T>,
) -> Result<T, FetchError> {
    let authorization = key.map(|k| ["Bearer ", k.expose()].concat());
    let headers: Vec<(&str, &str)> = authorization
        .as_deref()
        .map(|a| ("Authorization", a))
        .into_iter()
        .collect();
    let answer = web::fetch_text("GET", &config.api_url(path), &headers, None)
        .await
        .map_err(FetchError::Network)?;
    if !(200..300).contains(&answer.status) {
        return Err(FetchError::Status {
            status: answer.status,
            details: Box::new(ErrorDetails::from_body(&answer.body)),
        });
    }
    parse(&answer.body).ok_or(FetchError::Malformed)
}

/// `GET /api/v1/models` (public, no key sent): the list, or why there is none.
pub async fn fetch_models(config: &AuthConfig) -> Result<Vec<ModelInfo>, FetchError> {
    get(config, "/api/v1/models", None, parse_models).await
}

/// `GET /api/v1/key` with the user's key: its figures, or why there are none.
pub async fn fetch_key_info(config: &AuthConfig, key: &ApiKey) -> Result<KeyInfo, FetchError> {
    get(config, "/api/v1/key", Some(key), parse_key_info).await
}
