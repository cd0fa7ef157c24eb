//! Every way a chat request can fail: what OpenRouter said ([`ErrorDetails`]: its message, the
//! provider's own words, the error's type, what moderation or a guardrail matched, what is
//! available instead), what failed ([`ChatError`]), and the words and actions a page offers.
//!
//! [`ChatError::from_status`] reads an HTTP error status, its body and the `Retry-After` header;
//! the other variants cover a network failure, a stream cut off mid-way, an `error` event
//! mid-stream, a stream too large to keep and a connection that went silent. How each answer is
//! told:
//! - the title follows `error.metadata.error_type` when OpenRouter gives one (its stable enum),
//!   else the status; OpenRouter's message, and the provider's own words (`metadata.raw`, with
//!   `provider_name`) when present, are quoted beside the app's words;
//! - a 402 or 403 that names the key's own limit (or, read with the key's figures through
//!   [`ChatError::with_key`], that the key's limit explains) is [`ChatError::KeyLimit`]: "Manage
//!   this key", never "add credits" or "moderation"; a 402 otherwise is the account's balance;
//! - a 403 is told apart as a guardrail block (`metadata.patterns`), a moderation flag
//!   (`metadata.reasons`, `flagged_input`) or a refusal for this key;
//! - `error.availability` gives the wait (`retry_after`), models to offer instead
//!   (`fallback_models`, never switched to silently) and whether the model list helps
//!   (`model_not_found`, `model_deprecated`).
//!
//! A 401 asks the user to sign in again ([`ChatError::needs_sign_in`]) and never implies deleting
//! the key.

use std::time::UNIX_EPOCH;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::api_error::ErrorCode;
use crate::chat::models::KeyInfo;
use crate::chat::sse::SseOverflow;

/// Where to add credits to the account.
pub const CREDITS_URL: &str = "https://openrouter.ai/credits";

/// Where a user manages their keys (limits, expiry) on OpenRouter.
pub const KEYS_URL: &str = "https://openrouter.ai/settings/keys";

/// OpenRouter's own message, and the provider's, are cut to this many characters.
const MAX_MESSAGE_CHARS: usize = 300;

/// What OpenRouter said about an error, from an error body `{"error": {…}}` or an `error` event
/// mid-stream. Every field is read leniently: one of an unexpected type is taken as absent, and
/// the rest is kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ErrorDetails {
    /// `error.message`, trimmed and clipped.
    pub message: Option<String>,
    /// `error.code`: a number (usually the HTTP status) or a string.
    pub code: Option<ErrorCode>,
    /// `error.metadata.error_type` (or `error.error_type`, as the availability examples put it):
    /// `rate_limit_exceeded`, `context_length_exceeded`, ….
    pub error_type: Option<String>,
    /// `error.metadata.raw`: the upstream provider's own words, clipped (an object is kept as
    /// its JSON text).
    pub raw: Option<String>,
    /// `error.metadata.provider_name`.
    pub provider_name: Option<String>,
    /// Why moderation flagged the request (`error.metadata.reasons`).
    pub reasons: Vec<String>,
    /// The part of the input moderation flagged (`error.metadata.flagged_input`).
    pub flagged_input: Option<String>,
    /// What a guardrail matched (`error.metadata.patterns`).
    pub patterns: Vec<String>,
    /// `error.availability`, for an error about the model's availability.
    pub availability: Option<Availability>,
}

/// `error.availability`: why the model cannot answer now and what can be done.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Availability {
    /// `model_not_found`, `model_deprecated`, `capacity_exhausted`, `temporarily_unavailable`, ….
    pub code: String,
    /// Whether the same request may succeed later.
    pub retryable: bool,
    /// Seconds to wait before retrying (`retry_after`, rounded up).
    pub retry_after_secs: Option<u64>,
    /// The models the request asked for.
    pub requested_models: Vec<String>,
    /// Models OpenRouter suggests instead, to offer the user (never to switch to silently).
    pub fallback_models: Vec<String>,
    /// OpenRouter's page about this code.
    pub docs_url: Option<String>,
}

impl Availability {
    /// The model does not exist or is deprecated: picking another from the list helps.
    pub fn model_gone(&self) -> bool {
        matches!(
            self.code.as_str(),
            "model_not_found" | "model_deprecated" | "free_variant_ended"
        )
    }
}

/// Any JSON value, kept only when it has the expected type.
pub(crate) fn lenient<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).ok())
}

/// `error` as it arrives.
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireError {
    #[serde(deserialize_with = "lenient")]
    message: Option<String>,
    #[serde(deserialize_with = "lenient")]
    code: Option<ErrorCode>,
    #[serde(deserialize_with = "lenient")]
    error_type: Option<String>,
    #[serde(deserialize_with = "lenient")]
    metadata: Option<WireMetadata>,
    #[serde(deserialize_with = "lenient")]
    availability: Option<WireAvailability>,
}

/// `error.metadata`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireMetadata {
    #[serde(deserialize_with = "lenient")]
    error_type: Option<String>,
    raw: Option<Value>,
    #[serde(deserialize_with = "lenient")]
    provider_name: Option<String>,
    #[serde(deserialize_with = "lenient")]
    reasons: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient")]
    flagged_input: Option<String>,
    #[serde(deserialize_with = "lenient")]
    patterns: Option<Vec<Value>>,
}

/// `error.availability`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireAvailability {
    #[serde(deserialize_with = "lenient")]
    code: Option<String>,
    #[serde(deserialize_with = "lenient")]
    retryable: Option<bool>,
    #[serde(deserialize_with = "lenient")]
    retry_after: Option<f64>,
    #[serde(deserialize_with = "lenient")]
    requested_models: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient")]
    fallback_models: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient")]
    docs_url: Option<String>,
}

#[derive(Deserialize)]
struct WireBody {
    error: WireError,
}

/// A text that says something: trimmed, clipped, `None` when blank.
fn words(text: Option<String>) -> Option<String> {
    text.map(|t| clip(t.trim())).filter(|t| !t.is_empty())
}

/// A list of texts, trimmed, without blanks.
fn texts(list: Option<Vec<String>>) -> Vec<String> {
    list.unwrap_or_default()
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// A value as words: a string as it is, anything else (but null) as its JSON text.
fn value_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

impl From<WireError> for ErrorDetails {
    fn from(e: WireError) -> Self {
        let metadata = e.metadata.unwrap_or_default();
        ErrorDetails {
            message: words(e.message),
            code: e.code,
            error_type: words(metadata.error_type.or(e.error_type)),
            raw: words(metadata.raw.and_then(value_text)),
            provider_name: words(metadata.provider_name),
            reasons: texts(metadata.reasons),
            flagged_input: words(metadata.flagged_input),
            patterns: texts(
                metadata
                    .patterns
                    .map(|p| p.into_iter().filter_map(value_text).collect()),
            ),
            availability: e.availability.map(|a| Availability {
                code: a.code.unwrap_or_default(),
                retryable: a.retryable.unwrap_or(false),
                retry_after_secs: a
                    .retry_after
                    .filter(|s| s.is_finite() && *s >= 0.0)
                    .map(|s| s.ceil() as u64),
                requested_models: texts(a.requested_models),
                fallback_models: texts(a.fallback_models),
                docs_url: words(a.docs_url),
            }),
        }
    }
}

impl<'de> Deserialize<'de> for ErrorDetails {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        WireError::deserialize(d).map(ErrorDetails::from)
    }
}

impl ErrorDetails {
    /// What an error body says; nothing when the body is not OpenRouter's error JSON.
    pub fn from_body(body: &str) -> ErrorDetails {
        serde_json::from_str::<WireBody>(body)
            .map(|b| b.error.into())
            .unwrap_or_default()
    }

    /// OpenRouter's words name the key's own limit (`settings/keys`, "key limit"), as its answers
    /// for a key whose limit is too low or spent do.
    pub fn names_key_limit(&self) -> bool {
        [&self.message, &self.raw].into_iter().flatten().any(|m| {
            let m = m.to_ascii_lowercase();
            m.contains("settings/keys") || m.contains("key limit")
        })
    }

    /// `code` as a number, when it is one (also a numeric string).
    pub fn code_number(&self) -> Option<i64> {
        match &self.code {
            Some(ErrorCode::Number(n)) => Some(*n),
            Some(ErrorCode::Text(t)) => t.trim().parse().ok(),
            None => None,
        }
    }

    /// The models offered instead (`availability.fallback_models`).
    pub fn fallback_models(&self) -> &[String] {
        self.availability
            .as_ref()
            .map_or(&[], |a| a.fallback_models.as_slice())
    }
}

/// The key's figures a key-limit error is told with (from `GET /api/v1/key`).
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct LimitFigures {
    /// The key's spending limit, in USD.
    pub limit: f64,
    /// What is left of it, in USD.
    pub remaining: f64,
    /// `daily`, `weekly`, `monthly`, or `None` when it never resets.
    pub reset: Option<String>,
}

impl LimitFigures {
    /// The figures of a key with a limit; `None` for a key without one.
    pub fn of(key: &KeyInfo) -> Option<LimitFigures> {
        Some(LimitFigures {
            limit: key.limit?,
            remaining: key.remaining()?,
            reset: key.limit_reset.clone(),
        })
    }

    /// `"$1.00, $0.00 left this month"`.
    pub fn words(&self) -> String {
        let period = match self.reset.as_deref() {
            Some("daily") => " today",
            Some("weekly") => " this week",
            Some("monthly") => " this month",
            _ => "",
        };
        format!(
            "{}, {} left{period}",
            dollars(self.limit),
            dollars(self.remaining)
        )
    }
}

/// An amount in whole cents, never rounded up (what is left is never overstated): `"$0.02"`.
pub fn dollars(usd: f64) -> String {
    let cents = if usd.is_finite() && usd > 0.0 {
        (usd * 100.0 + 1e-9).floor()
    } else {
        0.0
    };
    format!("${:.2}", cents / 100.0)
}

/// A failed chat request or reply.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ChatError {
    /// 400, 413, 422: the request was not accepted.
    BadRequest {
        /// The HTTP status.
        status: u16,
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// 401: the key is invalid, expired or revoked.
    InvalidKey {
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// 402: the account is out of credits.
    NoCredits {
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// 402 or 403: the key's own spending limit is too low for this request, or spent.
    KeyLimit {
        /// The HTTP status.
        status: u16,
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
        /// The key's figures, once known ([`ChatError::with_key`]).
        figures: Option<LimitFigures>,
    },
    /// 403: flagged by moderation (`metadata.reasons`, `flagged_input`).
    Moderation {
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// 403: blocked by a guardrail of the account (`metadata.patterns`).
    Guardrail {
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// 403 for another reason: not permitted for this key.
    Forbidden {
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// 404: the model (or an endpoint for it) does not exist or is unavailable.
    NotFound {
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// 408, 524: the request timed out.
    Timeout {
        /// The HTTP status.
        status: u16,
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// 429: rate limited, by OpenRouter or the provider, or the providers are at capacity.
    RateLimited {
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
        /// Seconds to wait, from `Retry-After` or `availability.retry_after`.
        retry_after_secs: Option<u64>,
    },
    /// 502, 503, 504, 529: the model's provider is down, overloaded or unavailable.
    Upstream {
        /// The HTTP status.
        status: u16,
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
        /// Seconds to wait, from `Retry-After` or `availability.retry_after`.
        retry_after_secs: Option<u64>,
    },
    /// Any other status (500 and unexpected ones).
    Other {
        /// The HTTP status.
        status: u16,
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
    /// The request did not reach OpenRouter or the connection failed (fetch rejected).
    Network {
        /// The browser's description, for logs.
        detail: String,
    },
    /// The body ended before `[DONE]` or a finish reason.
    CutOff,
    /// The stream passed a cap on a line or an event (see [`crate::chat::sse::SseLimits`]); what
    /// arrived before is kept.
    TooLarge(SseOverflow),
    /// Nothing at all (not a byte, not a keep-alive comment) arrived for this many seconds; what
    /// arrived before is kept.
    Stalled {
        /// The timeout, in seconds.
        secs: u64,
    },
    /// An `error` event arrived in the stream (HTTP status 200), possibly as its first and only
    /// event.
    MidStream {
        /// What OpenRouter said.
        details: Box<ErrorDetails>,
    },
}

impl ChatError {
    /// Reads an HTTP error response: its status, its body, its `Retry-After` header and the
    /// current time (milliseconds since the Unix epoch, for a `Retry-After` given as a date).
    pub fn from_status(
        status: u16,
        body: &str,
        retry_after: Option<&str>,
        now_ms: f64,
    ) -> ChatError {
        let details = Box::new(ErrorDetails::from_body(body));
        let retry_after_secs = retry_after
            .and_then(|v| parse_retry_after(v, now_ms))
            .or_else(|| details.availability.as_ref()?.retry_after_secs);
        match status {
            400 | 413 | 422 => ChatError::BadRequest { status, details },
            401 => ChatError::InvalidKey { details },
            402 | 403 if details.names_key_limit() => ChatError::KeyLimit {
                status,
                details,
                figures: None,
            },
            402 => ChatError::NoCredits { details },
            403 if !details.patterns.is_empty() => ChatError::Guardrail { details },
            403 if !details.reasons.is_empty() || details.flagged_input.is_some() => {
                ChatError::Moderation { details }
            }
            403 => ChatError::Forbidden { details },
            404 => ChatError::NotFound { details },
            408 | 524 => ChatError::Timeout { status, details },
            429 => ChatError::RateLimited {
                details,
                retry_after_secs,
            },
            502 | 503 | 504 | 529 => ChatError::Upstream {
                status,
                details,
                retry_after_secs,
            },
            _ => ChatError::Other { status, details },
        }
    }

    /// A network failure (fetch rejected, connection lost while reading).
    pub fn network(detail: impl Into<String>) -> ChatError {
        ChatError::Network {
            detail: detail.into(),
        }
    }

    /// This error read with the key's figures (`GET /api/v1/key`) in mind. A 402 is the key's own
    /// limit when the key has one that cannot pay for `reply_cost` (the most the request could
    /// cost, when known; else when nothing is left of it); a 403 that names nothing else is the
    /// key's limit when nothing is left of it; a key-limit error takes the key's figures.
    pub fn with_key(self, key: &KeyInfo, reply_cost: Option<f64>) -> ChatError {
        let figures = LimitFigures::of(key);
        let short = figures
            .as_ref()
            .is_some_and(|f| f.remaining <= reply_cost.unwrap_or(0.0));
        let spent = figures.as_ref().is_some_and(|f| f.remaining <= 0.0);
        match self {
            ChatError::KeyLimit {
                status, details, ..
            } => ChatError::KeyLimit {
                status,
                details,
                figures,
            },
            ChatError::NoCredits { details } if short => ChatError::KeyLimit {
                status: 402,
                details,
                figures,
            },
            ChatError::Forbidden { details } if spent => ChatError::KeyLimit {
                status: 403,
                details,
                figures,
            },
            other => other,
        }
    }

    /// What OpenRouter said, for errors that came from it.
    pub fn details(&self) -> Option<&ErrorDetails> {
        match self {
            ChatError::BadRequest { details, .. }
            | ChatError::InvalidKey { details }
            | ChatError::NoCredits { details }
            | ChatError::KeyLimit { details, .. }
            | ChatError::Moderation { details }
            | ChatError::Guardrail { details }
            | ChatError::Forbidden { details }
            | ChatError::NotFound { details }
            | ChatError::Timeout { details, .. }
            | ChatError::RateLimited { details, .. }
            | ChatError::Upstream { details, .. }
            | ChatError::Other { details, .. }
            | ChatError::MidStream { details } => Some(details.as_ref()),
            ChatError::Network { .. }
            | ChatError::CutOff
            | ChatError::TooLarge(_)
            | ChatError::Stalled { .. } => None,
        }
    }

    /// A short title: `"Out of credits"`, `"Rate limited"`, …; `error_type` chooses it when
    /// OpenRouter gave one.
    pub fn title(&self) -> String {
        let typed = self.details().and_then(|d| {
            if d.availability
                .as_ref()
                .is_some_and(Availability::model_gone)
            {
                return Some("Model not available");
            }
            type_title(d.error_type.as_deref()?)
        });
        let title = match self {
            ChatError::KeyLimit { .. } => "This key's limit",
            ChatError::Moderation { .. } => "Flagged by moderation",
            ChatError::Guardrail { .. } => "Blocked by a guardrail",
            _ if typed.is_some() => typed.unwrap_or_default(),
            ChatError::BadRequest { .. } => "Request not accepted",
            ChatError::InvalidKey { .. } => "Sign in again",
            ChatError::NoCredits { .. } => "Out of credits",
            ChatError::Forbidden { .. } => "Request blocked",
            ChatError::NotFound { .. } => "Model not available",
            ChatError::Timeout { .. } => "Timed out",
            ChatError::RateLimited { .. } => "Rate limited",
            ChatError::Upstream { .. } => "Provider trouble",
            ChatError::Other { status, .. } => return format!("Error {status}"),
            ChatError::Network { .. } => "Network error",
            ChatError::CutOff => "Reply cut off",
            ChatError::TooLarge(_) => "Reply too large",
            ChatError::Stalled { .. } => "Connection lost",
            ChatError::MidStream { .. } => "Reply stopped by an error",
        };
        title.to_string()
    }

    /// What happened, in plain words, what to do, and what OpenRouter and the provider said.
    pub fn message(&self) -> String {
        let text = match self {
            ChatError::BadRequest { status, .. } => format!(
                "OpenRouter did not accept this request ({status}). Check the model id, or start a \
                 new conversation if this one is very long."
            ),
            ChatError::InvalidKey { .. } => "Your OpenRouter key was not accepted (401): it may \
                 have expired or been revoked. Sign in again to get a new key."
                .to_string(),
            ChatError::NoCredits { .. } => format!(
                "Your OpenRouter account is out of credits (402). Add credits at {CREDITS_URL}, \
                 then send again."
            ),
            ChatError::KeyLimit {
                status: 403,
                figures,
                ..
            } => {
                let figures = figures
                    .as_ref()
                    .map(|f| format!(" ({})", f.words()))
                    .unwrap_or_default();
                format!(
                    "This key's spending limit{figures} is used up (403). Raise it on OpenRouter \
                     (Manage this key), or wait until it resets."
                )
            }
            ChatError::KeyLimit {
                status, figures, ..
            } => {
                let figures = figures
                    .as_ref()
                    .map(|f| format!(" ({})", f.words()))
                    .unwrap_or_default();
                format!(
                    "This key's spending limit{figures} is too low for this reply ({status}). Ask \
                     for a shorter reply (Settings: Longest reply), pick a cheaper model, or raise \
                     the key's limit on OpenRouter (Manage this key)."
                )
            }
            ChatError::Moderation { details } => {
                let mut s = "OpenRouter's moderation flagged this request (403). Rephrase your \
                     message or pick another model."
                    .to_string();
                if let Some(flagged) = &details.flagged_input {
                    s.push_str(&format!(" Flagged: \u{201c}{flagged}\u{201d}."));
                }
                if !details.reasons.is_empty() {
                    s.push_str(&format!(" Reasons: {}.", details.reasons.join(", ")));
                }
                s
            }
            ChatError::Guardrail { details } => format!(
                "A guardrail on your OpenRouter account blocked this request (403); it matched {}. \
                 Change your message, or the guardrail in your OpenRouter settings.",
                details.patterns.join(", ")
            ),
            ChatError::Forbidden { .. } => "OpenRouter refused this request (403): it is not \
                 allowed for this key. Pick another model, or check the key's settings on \
                 OpenRouter."
                .to_string(),
            ChatError::NotFound { .. } => "This model is not available (404). Check the model \
                 id or pick another model from the list."
                .to_string(),
            ChatError::Timeout { status, .. } => {
                format!("The request timed out ({status}). Try again, or pick a faster model.")
            }
            ChatError::RateLimited {
                retry_after_secs, ..
            } => match retry_after_secs {
                Some(secs) => format!(
                    "Too many requests right now (429). Try again {}.",
                    format_wait(*secs)
                ),
                None => {
                    "Too many requests right now (429). Wait a little, then try again.".to_string()
                }
            },
            ChatError::Upstream {
                status,
                retry_after_secs,
                ..
            } => {
                let when = match retry_after_secs {
                    Some(secs) => format_wait(*secs),
                    None => "in a moment".to_string(),
                };
                format!(
                    "The model's provider is having trouble ({status}). Try again {when}, or pick \
                     another model."
                )
            }
            ChatError::Other { status, .. } => {
                format!("OpenRouter answered with an error ({status}). Try again in a moment.")
            }
            ChatError::Network { .. } => "Could not reach OpenRouter. Check your internet \
                 connection, then try again."
                .to_string(),
            ChatError::CutOff => "The reply was cut off before it finished (the connection \
                 ended early). What arrived is kept; send again to retry."
                .to_string(),
            ChatError::TooLarge(overflow) => format!(
                "The reply was stopped because {overflow}, more than a chat reply ever needs. \
                 What arrived before is kept; send again to retry, or pick another model."
            ),
            ChatError::Stalled { secs } => format!(
                "The connection to OpenRouter went silent: nothing at all, not even a keep-alive, \
                 arrived for {} seconds, so it was given up. What arrived is kept; send again to \
                 retry.",
                secs
            ),
            ChatError::MidStream { details } => {
                let hint = match details.code_number() {
                    Some(401) => "Sign in again to get a new key.".to_string(),
                    Some(402) if details.names_key_limit() => {
                        "This key's spending limit is too low: raise it on OpenRouter (Manage \
                         this key)."
                            .to_string()
                    }
                    Some(402) => format!("Add credits at {CREDITS_URL}, then send again."),
                    Some(403) => "It was refused; rephrase or pick another model.".to_string(),
                    Some(429) => {
                        "The provider is rate limiting; wait a little, then try again.".to_string()
                    }
                    _ => "Try again, or pick another model.".to_string(),
                };
                format!("The reply stopped with an error. Anything that arrived is kept. {hint}")
            }
        };
        let mut text = text;
        if let Some(d) = self.details() {
            if let Some(m) = &d.message {
                text.push_str(&format!(" OpenRouter says: \u{201c}{m}\u{201d}"));
            }
            if let Some(raw) = &d.raw {
                let who = d.provider_name.as_deref().unwrap_or("The provider");
                text.push_str(&format!(" {who} says: \u{201c}{raw}\u{201d}"));
            }
            if let [first, ..] = d.fallback_models() {
                text.push_str(&format!(" OpenRouter suggests {first} instead."));
            }
        }
        text
    }

    /// OpenRouter's own message, if it gave one.
    pub fn openrouter_message(&self) -> Option<&str> {
        self.details()?.message.as_deref()
    }

    /// The key was refused: offer to sign in again (keep the key until the user does).
    pub fn needs_sign_in(&self) -> bool {
        match self {
            ChatError::InvalidKey { .. } => true,
            ChatError::MidStream { details } => details.code_number() == Some(401),
            _ => false,
        }
    }

    /// The page to add credits, when the account's balance is the cause.
    pub fn credits_url(&self) -> Option<&'static str> {
        let out_of_credits = match self {
            ChatError::NoCredits { .. } => true,
            ChatError::MidStream { details } => {
                details.code_number() == Some(402) && !details.names_key_limit()
            }
            _ => false,
        };
        out_of_credits.then_some(CREDITS_URL)
    }

    /// The key's own limit is the cause: offer the key's page on OpenRouter ("Manage this key").
    pub fn is_key_limit(&self) -> bool {
        match self {
            ChatError::KeyLimit { .. } => true,
            ChatError::MidStream { details } => {
                details.code_number() == Some(402) && details.names_key_limit()
            }
            _ => false,
        }
    }

    /// A shorter reply may get through (the key's limit is too low for this one, not spent).
    pub fn shorter_reply_helps(&self) -> bool {
        matches!(self, ChatError::KeyLimit { status: 402, .. })
    }

    /// The model is gone (not found, deprecated): offer the model list.
    pub fn offers_model_list(&self) -> bool {
        matches!(self, ChatError::NotFound { .. })
            || self
                .details()
                .and_then(|d| d.availability.as_ref())
                .is_some_and(Availability::model_gone)
    }

    /// The models OpenRouter offers instead (`availability.fallback_models`).
    pub fn fallback_models(&self) -> &[String] {
        self.details().map_or(&[], |d| d.fallback_models())
    }

    /// Seconds to wait before retrying, when `Retry-After` or `availability.retry_after` said so.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ChatError::RateLimited {
                retry_after_secs, ..
            }
            | ChatError::Upstream {
                retry_after_secs, ..
            } => *retry_after_secs,
            _ => self
                .details()
                .and_then(|d| d.availability.as_ref()?.retry_after_secs),
        }
    }

    /// The HTTP status of the response, for errors that came with one (not mid-stream ones).
    pub fn status(&self) -> Option<u16> {
        match self {
            ChatError::BadRequest { status, .. }
            | ChatError::KeyLimit { status, .. }
            | ChatError::Timeout { status, .. }
            | ChatError::Upstream { status, .. }
            | ChatError::Other { status, .. } => Some(*status),
            ChatError::InvalidKey { .. } => Some(401),
            ChatError::NoCredits { .. } => Some(402),
            ChatError::Moderation { .. }
            | ChatError::Guardrail { .. }
            | ChatError::Forbidden { .. } => Some(403),
            ChatError::NotFound { .. } => Some(404),
            ChatError::RateLimited { .. } => Some(429),
            ChatError::Network { .. }
            | ChatError::CutOff
            | ChatError::TooLarge(_)
            | ChatError::Stalled { .. }
            | ChatError::MidStream { .. } => None,
        }
    }
}

/// The title for one of OpenRouter's `error_type`s (`ApiErrorType`); `None` for `unmapped` and
/// unknown ones, which keep the status's title.
fn type_title(error_type: &str) -> Option<&'static str> {
    Some(match error_type {
        "context_length_exceeded" | "token_limit_exceeded" | "string_too_long" => {
            "Conversation too long"
        }
        "max_tokens_exceeded" => "Reply length not accepted",
        "authentication" => "Sign in again",
        "permission_denied" => "Not permitted",
        "payment_required" => "Out of credits",
        "rate_limit_exceeded" => "Rate limited",
        "provider_overloaded" => "Provider overloaded",
        "provider_unavailable" => "Provider unavailable",
        "invalid_request" | "invalid_prompt" | "unprocessable" | "precondition_failed" => {
            "Request not accepted"
        }
        "not_found" => "Not found",
        "payload_too_large" => "Request too large",
        "content_policy_violation" => "Blocked by the provider's content policy",
        "refusal" => "The model refused",
        "invalid_image"
        | "image_too_large"
        | "image_too_small"
        | "unsupported_image_format"
        | "image_not_found"
        | "image_download_failed" => "Image not accepted",
        "server" => "Provider error",
        "timeout" => "Timed out",
        _ => return None,
    })
}

/// For developers and logs: what failed, OpenRouter's status and its own message. The page's
/// words are [`ChatError::title`] and [`ChatError::message`].
impl std::fmt::Display for ChatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChatError::Network { detail } => write!(f, "chat request got no answer: {detail}"),
            ChatError::CutOff => f.write_str("chat stream ended before [DONE] or a finish reason"),
            ChatError::TooLarge(overflow) => write!(f, "chat stream passed a cap: {overflow:?}"),
            ChatError::Stalled { secs } => write!(f, "chat stream silent for {secs} s"),
            ChatError::MidStream { .. } => f.write_str("chat stream carried an error event"),
            _ => write!(
                f,
                "chat request refused with HTTP {}",
                self.status().unwrap_or(0)
            ),
        }?;
        match self.openrouter_message() {
            Some(message) => write!(f, ": {message}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ChatError {}

fn clip(message: &str) -> String {
    if message.chars().count() <= MAX_MESSAGE_CHARS {
        message.to_string()
    } else {
        let mut s: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
        s.push('…');
        s
    }
}

/// Seconds to wait from a `Retry-After` value: delay-seconds (`"120"`, also `"1.5"`, rounded up)
/// or an HTTP date (IMF-fixdate `"Sun, 06 Nov 1994 08:49:37 GMT"`, and the obsolete RFC 850 and
/// asctime forms), relative to `now_ms` (a date in the past gives 0). `None` when unreadable.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let secs: f64 = value.parse().ok()?;
        return secs.is_finite().then(|| secs.ceil() as u64);
    }
    let date_ms = parse_http_date(value)?;
    if !now_ms.is_finite() {
        return None;
    }
    let wait = ((date_ms - now_ms) / 1000.0).ceil();
    Some(if wait > 0.0 { wait as u64 } else { 0 })
}

/// An HTTP date (any of the three forms HTTP allows, always GMT) as milliseconds since the Unix
/// epoch.
pub fn parse_http_date(s: &str) -> Option<f64> {
    let time = httpdate::parse_http_date(s.trim()).ok()?;
    Some(time.duration_since(UNIX_EPOCH).ok()?.as_millis() as f64)
}

/// A wait in words, to follow "Try again": `"in a moment"`, `"in 1 second"`, `"in 30 seconds"`,
/// `"in 2 minutes"` (rounded up), `"in about 3 hours"`.
pub fn format_wait(secs: u64) -> String {
    match secs {
        0 => "in a moment".to_string(),
        1 => "in 1 second".to_string(),
        2..=59 => format!("in {secs} seconds"),
        60..=3_599 => match secs.div_ceil(60) {
            1 => "in 1 minute".to_string(),
            m => format!("in {m} minutes"),
        },
        _ => match secs.div_ceil(3_600) {
            1 => "in about 1 hour".to_string(),
            h => format!("in about {h} hours"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT

    fn body(code: u16, message: &str) -> String {
        format!(r#"{{"error":{{"code":{code},"message":"{message}"}}}}"#)
    }

    fn said(message: &str, code: u16) -> ErrorDetails {
        ErrorDetails {
            message: Some(message.into()),
            code: Some(ErrorCode::Number(code.into())),
            ..ErrorDetails::default()
        }
    }

    /// The 402 a key with too low a limit gets (third-party: anomalyco/opencode#12219).
    const KEY_402: &str = r#"{"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 32000 tokens, but can only afford 0. To increase, visit https://openrouter.ai/settings/keys and create a key with a higher monthly limit","code":402}}"#;
    /// The 402 of a free-tier account (third-party: Gitlawb/openclaude#1125).
    const ACCOUNT_402: &str = r#"{"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 32000 tokens, but can only afford 27342. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account","code":402,"metadata":{"provider_name":null}},"user_id":"user_3D0IVsejFIV6kOYwkxFE9nKiq0g"}"#;
    /// A spent monthly key limit (third-party: gptme/gptme#1449).
    const KEY_403: &str = r#"{"error":{"message":"Key limit exceeded (monthly limit). Manage it using https://openrouter.ai/settings/keys","code":403}}"#;
    /// An upstream 429 (third-party: Aculeasis/openrouter-proxy#1).
    const UPSTREAM_429: &str = r#"{"error":{"message":"Provider returned error","code":429,"metadata":{"raw":"google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations","provider_name":"Google AI Studio"}}}"#;
    /// errors-and-debugging.mdx "Example availability error payloads".
    const CAPACITY_429: &str = r#"{"error":{"message":"All providers for anthropic/claude-sonnet-4.5 are at capacity. Retry after 40 seconds.","error_type":"rate_limit_exceeded","http_status":429,"availability":{"code":"capacity_exhausted","retryable":true,"retry_after":40,"requested_models":["anthropic/claude-sonnet-4.5"],"affected_providers":["anthropic","amazon-bedrock","google-vertex"],"fallback_models":["anthropic/claude-haiku-4.5"],"docs_url":"https://openrouter.ai/docs/errors#capacity_exhausted"},"metadata":{"previous_errors":[{"provider":"anthropic","code":"capacity_exhausted","status":429}]}}}"#;

    fn key(limit: Option<f64>, remaining: Option<f64>, reset: Option<&str>) -> KeyInfo {
        crate::chat::models::parse_key_info(
            &serde_json::json!({"data": {"label": "k", "usage": 0.98, "limit": limit,
                "limit_remaining": remaining, "limit_reset": reset}})
            .to_string(),
        )
        .expect("key info")
    }

    #[test]
    fn status_mapping() {
        let kind = |status: u16| {
            let e = ChatError::from_status(status, &body(status, "m"), None, NOW);
            assert_eq!(e.openrouter_message(), Some("m"), "{status}");
            assert_eq!(e.details(), Some(&said("m", status)), "{status}");
            std::mem::discriminant(&e)
        };
        let same = |a: u16, b: ChatError| {
            assert_eq!(kind(a), std::mem::discriminant(&b), "{a}");
        };
        let d = ErrorDetails::default;
        for s in [400, 413, 422] {
            same(
                s,
                ChatError::BadRequest {
                    status: s,
                    details: d().into(),
                },
            );
        }
        same(
            401,
            ChatError::InvalidKey {
                details: d().into(),
            },
        );
        same(
            402,
            ChatError::NoCredits {
                details: d().into(),
            },
        );
        same(
            403,
            ChatError::Forbidden {
                details: d().into(),
            },
        );
        same(
            404,
            ChatError::NotFound {
                details: d().into(),
            },
        );
        for s in [408, 524] {
            same(
                s,
                ChatError::Timeout {
                    status: s,
                    details: d().into(),
                },
            );
        }
        same(
            429,
            ChatError::RateLimited {
                details: d().into(),
                retry_after_secs: None,
            },
        );
        for s in [502, 503, 504, 529] {
            same(
                s,
                ChatError::Upstream {
                    status: s,
                    details: d().into(),
                    retry_after_secs: None,
                },
            );
        }
        same(
            500,
            ChatError::Other {
                status: 500,
                details: d().into(),
            },
        );
        for s in [400, 401, 402, 403, 404, 408, 429, 500, 502, 524] {
            let e = ChatError::from_status(s, "", None, NOW);
            assert_eq!(e.status(), Some(s));
            assert_eq!(e.openrouter_message(), None);
        }
    }

    #[test]
    fn messages_in_plain_words_with_openrouter_message() {
        let e = ChatError::from_status(402, &body(402, "Insufficient credits"), None, NOW);
        assert_eq!(e.title(), "Out of credits");
        assert_eq!(
            e.message(),
            "Your OpenRouter account is out of credits (402). Add credits at \
             https://openrouter.ai/credits, then send again. OpenRouter says: \u{201c}Insufficient \
             credits\u{201d}"
        );
        assert_eq!(
            e.to_string(),
            "chat request refused with HTTP 402: Insufficient credits",
            "Display is for developers: the status and OpenRouter's words"
        );
        let e = ChatError::from_status(404, "<html>Not found</html>", None, NOW);
        assert!(e
            .message()
            .starts_with("This model is not available (404)."));
        assert!(!e.message().contains("OpenRouter says"));
    }

    #[test]
    fn sign_in_only_for_401() {
        assert!(ChatError::from_status(401, "", None, NOW).needs_sign_in());
        for s in [400, 402, 403, 429, 500] {
            assert!(
                !ChatError::from_status(s, "", None, NOW).needs_sign_in(),
                "{s}"
            );
        }
        let mid = ChatError::MidStream {
            details: said("expired", 401).into(),
        };
        assert!(mid.needs_sign_in());
    }

    #[test]
    fn a_402_naming_the_key_is_the_key_s_limit_not_the_account() {
        let e = ChatError::from_status(402, KEY_402, None, NOW);
        assert!(
            matches!(e, ChatError::KeyLimit { status: 402, .. }),
            "{e:?}"
        );
        assert_eq!(e.title(), "This key's limit");
        assert!(e.is_key_limit() && e.shorter_reply_helps());
        assert_eq!(e.credits_url(), None);
        assert!(!e.message().contains("Add credits"), "{}", e.message());
        assert!(e.message().starts_with(
            "This key's spending limit is too low for this reply (402). Ask for a shorter reply"
        ));
        assert!(e
            .message()
            .contains("OpenRouter says: \u{201c}This request requires more credits"));

        let e = e.with_key(&key(Some(1.0), Some(0.0), Some("monthly")), None);
        assert!(
            e.message().starts_with(
                "This key's spending limit ($1.00, $0.00 left this month) is too low for this \
                 reply (402)."
            ),
            "{}",
            e.message()
        );

        // The account's balance: "Add credits".
        let e = ChatError::from_status(402, ACCOUNT_402, None, NOW);
        assert!(matches!(e, ChatError::NoCredits { .. }));
        assert_eq!(e.credits_url(), Some(CREDITS_URL));
        assert!(!e.is_key_limit());
    }

    #[test]
    fn a_402_read_with_the_key_s_figures() {
        let account = ChatError::from_status(402, &body(402, "Insufficient credits"), None, NOW);
        // No limit on the key: the account.
        let e = account.clone().with_key(&key(None, None, None), Some(0.5));
        assert!(matches!(e, ChatError::NoCredits { .. }));
        // A limit that cannot pay for the reply asked: the key.
        let e = account
            .clone()
            .with_key(&key(Some(1.0), Some(0.02), None), Some(0.05));
        assert!(matches!(e, ChatError::KeyLimit { .. }), "{e:?}");
        assert!(
            e.message().contains("($1.00, $0.02 left)"),
            "{}",
            e.message()
        );
        // A limit with room for the reply: the account.
        let e = account.with_key(&key(Some(1.0), Some(0.5), None), Some(0.05));
        assert!(matches!(e, ChatError::NoCredits { .. }));
    }

    #[test]
    fn a_403_naming_the_key_limit_is_never_moderation() {
        let e = ChatError::from_status(403, KEY_403, None, NOW);
        assert!(
            matches!(e, ChatError::KeyLimit { status: 403, .. }),
            "{e:?}"
        );
        assert!(!e.message().contains("moderation"));
        assert!(e
            .message()
            .starts_with("This key's spending limit is used up (403)."));
        assert!(!e.shorter_reply_helps());
        // A bare 403 with a spent key is its limit too.
        let e = ChatError::from_status(403, &body(403, "Forbidden"), None, NOW)
            .with_key(&key(Some(5.0), Some(0.0), Some("weekly")), None);
        assert!(e
            .message()
            .contains("($5.00, $0.00 left this week) is used up"));
    }

    #[test]
    fn guardrail_and_moderation_told_apart() {
        let moderation = r#"{"error":{"code":403,"message":"Your input was flagged","metadata":{"reasons":["violence"," "],"flagged_input":"how to…","provider_name":"OpenAI","model_slug":"m"}}}"#;
        let e = ChatError::from_status(403, moderation, None, NOW);
        assert!(matches!(e, ChatError::Moderation { .. }));
        assert_eq!(e.title(), "Flagged by moderation");
        assert!(e
            .message()
            .contains("Flagged: \u{201c}how to…\u{201d}. Reasons: violence."));
        let guardrail = r#"{"error":{"code":403,"message":"Blocked","metadata":{"patterns":["credit card number","ssn"]}}}"#;
        let e = ChatError::from_status(403, guardrail, None, NOW);
        assert!(matches!(e, ChatError::Guardrail { .. }));
        assert!(e.message().contains("it matched credit card number, ssn."));
        assert!(!e.message().contains("moderation"));
    }

    #[test]
    fn provider_words_and_error_type() {
        let e = ChatError::from_status(429, UPSTREAM_429, None, NOW);
        let m = e.message();
        assert!(
            m.contains("OpenRouter says: \u{201c}Provider returned error\u{201d} Google AI Studio says: \u{201c}google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream."),
            "{m}"
        );
        let typed = r#"{"error":{"code":400,"message":"too long","metadata":{"error_type":"context_length_exceeded","provider_code":"x"}}}"#;
        assert_eq!(
            ChatError::from_status(400, typed, None, NOW).title(),
            "Conversation too long"
        );
        let unmapped =
            r#"{"error":{"code":502,"message":"x","metadata":{"error_type":"unmapped"}}}"#;
        assert_eq!(
            ChatError::from_status(502, unmapped, None, NOW).title(),
            "Provider trouble"
        );
        // A raw that is an object is kept as its JSON.
        let object = r#"{"error":{"code":502,"message":"x","metadata":{"raw":{"error":"busy"}}}}"#;
        assert!(ChatError::from_status(502, object, None, NOW)
            .message()
            .contains("The provider says: \u{201c}{\"error\":\"busy\"}\u{201d}"));
    }

    #[test]
    fn availability_gives_the_wait_and_the_models_offered() {
        let e = ChatError::from_status(429, CAPACITY_429, None, NOW);
        assert_eq!(e.retry_after_secs(), Some(40));
        assert_eq!(e.fallback_models(), ["anthropic/claude-haiku-4.5"]);
        assert_eq!(e.title(), "Rate limited");
        assert!(e.message().contains("Try again in 40 seconds."));
        assert!(e
            .message()
            .contains("OpenRouter suggests anthropic/claude-haiku-4.5 instead."));
        assert!(!e.offers_model_list());
        // The header wins over the body.
        assert_eq!(
            ChatError::from_status(429, CAPACITY_429, Some("5"), NOW).retry_after_secs(),
            Some(5)
        );
        let gone = r#"{"error":{"code":400,"message":"Model x not found","availability":{"code":"model_not_found","retryable":false,"requested_models":["x"]}}}"#;
        let e = ChatError::from_status(400, gone, None, NOW);
        assert!(e.offers_model_list());
        assert_eq!(e.title(), "Model not available");
        assert!(ChatError::from_status(404, "", None, NOW).offers_model_list());
    }

    #[test]
    fn mid_stream_errors_with_string_and_number_codes() {
        let chunk: ErrorDetails = serde_json::from_str(
            r#"{"code":"server_error","message":"Provider disconnected unexpectedly"}"#,
        )
        .unwrap();
        assert_eq!(chunk.code, Some(ErrorCode::Text("server_error".into())));
        let e = ChatError::MidStream {
            details: Box::new(chunk),
        };
        assert_eq!(e.status(), None);
        assert!(e.message().starts_with(
            "The reply stopped with an error. Anything that arrived is kept. Try again, or pick \
             another model. OpenRouter says: \u{201c}Provider disconnected unexpectedly\u{201d}"
        ));
        let e = ChatError::MidStream {
            details: said("no credits", 402).into(),
        };
        assert_eq!(e.credits_url(), Some(CREDITS_URL));
    }

    #[test]
    fn lenient_details() {
        let d = ErrorDetails::from_body(
            r#"{"error":{"code":1.5,"message":7,"metadata":{"reasons":"x","raw":null,"patterns":[1,"p"]}}}"#,
        );
        assert_eq!(d.code, None);
        assert_eq!(d.message, None);
        assert!(d.reasons.is_empty());
        assert_eq!(d.raw, None);
        assert_eq!(d.patterns, ["1", "p"]);
        assert_eq!(ErrorDetails::from_body("<html>"), ErrorDetails::default());
        assert_eq!(
            ErrorDetails::from_body(r#"{"error":null}"#),
            ErrorDetails::default()
        );
    }

    #[test]
    fn network_cut_off_too_large_and_stalled_in_words() {
        let e = ChatError::TooLarge(SseOverflow::Line(1 << 20));
        assert_eq!(e.title(), "Reply too large");
        assert!(e.message().starts_with(
            "The reply was stopped because a line of the stream was over 1048576 bytes"
        ));
        let e = ChatError::Stalled { secs: 120 };
        assert_eq!(e.title(), "Connection lost");
        assert!(e
            .message()
            .contains("not even a keep-alive, arrived for 120 seconds"));
        for e in [
            e,
            ChatError::TooLarge(SseOverflow::Line(1)),
            ChatError::CutOff,
            ChatError::network("x"),
        ] {
            assert_eq!(
                (
                    e.status(),
                    e.needs_sign_in(),
                    e.credits_url(),
                    e.openrouter_message(),
                    e.retry_after_secs()
                ),
                (None, false, None, None, None)
            );
        }
    }

    #[test]
    fn long_openrouter_message_is_clipped() {
        let long = "x".repeat(400);
        let e = ChatError::from_status(400, &body(400, &long), None, NOW);
        let m = e.openrouter_message().unwrap();
        assert_eq!(m.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(m.ends_with('…'));
    }

    #[test]
    fn rate_limited_with_retry_after() {
        let e = ChatError::from_status(429, "", Some("7"), NOW);
        assert_eq!(e.retry_after_secs(), Some(7));
        assert!(e.message().contains("Try again in 7 seconds."));
        let e = ChatError::from_status(503, "", Some("Sun, 06 Nov 1994 08:51:37 GMT"), NOW);
        assert_eq!(e.retry_after_secs(), Some(120));
    }

    #[test]
    fn retry_after_values() {
        assert_eq!(parse_retry_after("0", NOW), Some(0));
        assert_eq!(parse_retry_after(" 120 ", NOW), Some(120));
        assert_eq!(parse_retry_after("1.5", NOW), Some(2));
        assert_eq!(parse_retry_after("-5", NOW), None);
        assert_eq!(parse_retry_after("", NOW), None);
        assert_eq!(parse_retry_after("1.2.3", NOW), None);
        assert_eq!(parse_retry_after("tomorrow", NOW), None);
        // Dates: IMF-fixdate, RFC 850, asctime; rounding up; past dates give 0.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", NOW),
            Some(30)
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:50:07 GMT", NOW),
            Some(30)
        );
        assert_eq!(parse_retry_after("Sun Nov  6 08:50:07 1994", NOW), Some(30));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", NOW + 500.0),
            Some(30)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", NOW + 1_000.0),
            Some(29)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", NOW),
            Some(0)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", f64::NAN),
            None
        );
        // Not GMT, bad month or time.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 PST", NOW),
            None
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Foo 1994 08:50:07 GMT", NOW),
            None
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 25:50:07 GMT", NOW),
            None
        );
        assert_eq!(
            parse_retry_after("Sun, 31 Nov 1994 08:50:07 GMT", NOW),
            None
        );
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000.0)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 12:00:00 GMT"),
            Some(951_825_600_000.0)
        );
        assert_eq!(
            parse_http_date("Sat, 28 Feb 2026 23:59:59 GMT"),
            Some(1_772_323_199_000.0)
        );
        assert_eq!(parse_http_date("Sun, 29 Feb 2026 00:00:00 GMT"), None);
        assert_eq!(
            parse_http_date("Tuesday, 29-Feb-00 12:00:00 GMT"),
            Some(951_825_600_000.0)
        );
        assert_eq!(
            parse_http_date("Tue Feb 29 12:00:00 2000"),
            Some(951_825_600_000.0)
        );
        assert_eq!(parse_http_date("06 Nov 1994"), None);
        assert_eq!(
            parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT"),
            None,
            "the weekday must match the date"
        );
    }

    #[test]
    fn waits_in_words() {
        assert_eq!(format_wait(0), "in a moment");
        assert_eq!(format_wait(1), "in 1 second");
        assert_eq!(format_wait(59), "in 59 seconds");
        assert_eq!(format_wait(60), "in 1 minute");
        assert_eq!(format_wait(61), "in 2 minutes");
        assert_eq!(format_wait(3_599), "in 60 minutes");
        assert_eq!(format_wait(3_600), "in about 1 hour");
        assert_eq!(format_wait(7_201), "in about 3 hours");
    }
}
