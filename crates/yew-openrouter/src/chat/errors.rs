//! Every way a chat request can fail, in plain words with what to do.
//!
//! [`ChatError::from_status`] maps an HTTP error status and its body (OpenRouter's
//! `{"error":{"code","message"}}`, whose message is shown) and the `Retry-After` header; the other
//! variants cover a network failure, a stream cut off mid-way, an `error` event mid-stream, a
//! stream too large to keep and one that stalled (only keep-alive comments for a minute).
//! A 401 asks the user to sign in again ([`ChatError::needs_sign_in`]) and never implies deleting
//! the key; a 402 comes with the credits page ([`ChatError::credits_url`]).

use std::time::UNIX_EPOCH;

use serde::Deserialize;

use crate::api_error::{error_message, ErrorCode};
use crate::chat::sse::SseOverflow;

/// Where to add credits.
pub const CREDITS_URL: &str = "https://openrouter.ai/credits";

/// OpenRouter's own message is cut to this many characters.
const MAX_MESSAGE_CHARS: usize = 300;

/// A failed chat request or reply.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChatError {
    /// 400, 413, 422: the request was not accepted.
    BadRequest {
        /// The HTTP status.
        status: u16,
        /// OpenRouter's message.
        message: Option<String>,
    },
    /// 401: the key is invalid, expired or revoked.
    InvalidKey {
        /// OpenRouter's message.
        message: Option<String>,
    },
    /// 402: out of credits.
    NoCredits {
        /// OpenRouter's message.
        message: Option<String>,
    },
    /// 403: flagged by moderation, blocked by a guardrail, or not permitted.
    Forbidden {
        /// OpenRouter's message.
        message: Option<String>,
        /// Moderation reasons (`error.metadata.reasons`), if given.
        reasons: Vec<String>,
    },
    /// 404: the model (or an endpoint for it) does not exist or is unavailable.
    NotFound {
        /// OpenRouter's message.
        message: Option<String>,
    },
    /// 408, 524: the request timed out.
    Timeout {
        /// The HTTP status.
        status: u16,
        /// OpenRouter's message.
        message: Option<String>,
    },
    /// 429: rate limited.
    RateLimited {
        /// OpenRouter's message.
        message: Option<String>,
        /// Seconds to wait, from `Retry-After`, when readable.
        retry_after_secs: Option<u64>,
    },
    /// 502, 503, 504, 529: the model's provider is down, overloaded or unavailable.
    Upstream {
        /// The HTTP status.
        status: u16,
        /// OpenRouter's message.
        message: Option<String>,
        /// Seconds to wait, from `Retry-After`, when readable.
        retry_after_secs: Option<u64>,
    },
    /// Any other status (500 and unexpected ones).
    Other {
        /// The HTTP status.
        status: u16,
        /// OpenRouter's message.
        message: Option<String>,
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
    /// No event for this many seconds (only keep-alive comments, or nothing); what arrived before
    /// is kept.
    Stalled {
        /// The timeout, in seconds.
        secs: u64,
    },
    /// An `error` event arrived mid-stream (HTTP status 200).
    MidStream {
        /// OpenRouter's message.
        message: String,
        /// `error.code`, a number or a string.
        code: Option<ErrorCode>,
    },
}

impl ChatError {
    /// Maps an HTTP error response: its status, its body, its `Retry-After` header and the current
    /// time (milliseconds since the Unix epoch, for a `Retry-After` given as a date).
    pub fn from_status(
        status: u16,
        body: &str,
        retry_after: Option<&str>,
        now_ms: f64,
    ) -> ChatError {
        let message = error_message(body).map(|m| clip(&m));
        let retry_after_secs = retry_after.and_then(|v| parse_retry_after(v, now_ms));
        match status {
            400 | 413 | 422 => ChatError::BadRequest { status, message },
            401 => ChatError::InvalidKey { message },
            402 => ChatError::NoCredits { message },
            403 => ChatError::Forbidden {
                message,
                reasons: moderation_reasons(body),
            },
            404 => ChatError::NotFound { message },
            408 | 524 => ChatError::Timeout { status, message },
            429 => ChatError::RateLimited {
                message,
                retry_after_secs,
            },
            502 | 503 | 504 | 529 => ChatError::Upstream {
                status,
                message,
                retry_after_secs,
            },
            _ => ChatError::Other { status, message },
        }
    }

    /// A network failure (fetch rejected, connection lost while reading).
    pub fn network(detail: impl Into<String>) -> ChatError {
        ChatError::Network {
            detail: detail.into(),
        }
    }

    /// A short title: `"Out of credits"`, `"Rate limited"`, ….
    pub fn title(&self) -> String {
        match self {
            ChatError::BadRequest { .. } => "Request not accepted".into(),
            ChatError::InvalidKey { .. } => "Sign in again".into(),
            ChatError::NoCredits { .. } => "Out of credits".into(),
            ChatError::Forbidden { .. } => "Request blocked".into(),
            ChatError::NotFound { .. } => "Model not available".into(),
            ChatError::Timeout { .. } => "Timed out".into(),
            ChatError::RateLimited { .. } => "Rate limited".into(),
            ChatError::Upstream { .. } => "Provider trouble".into(),
            ChatError::Other { status, .. } => format!("Error {status}"),
            ChatError::Network { .. } => "Network error".into(),
            ChatError::CutOff => "Reply cut off".into(),
            ChatError::TooLarge(_) => "Reply too large".into(),
            ChatError::Stalled { .. } => "Reply stalled".into(),
            ChatError::MidStream { .. } => "Reply stopped by an error".into(),
        }
    }

    /// What happened, in plain words, what to do, and OpenRouter's own message when it gave one.
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
            ChatError::Forbidden { reasons, .. } => {
                let mut s = "OpenRouter refused this request (403): it was flagged by moderation \
                     or is not allowed for this key. Rephrase your message or pick another model."
                    .to_string();
                if !reasons.is_empty() {
                    s.push_str(&format!(" Reasons: {}.", reasons.join(", ")));
                }
                s
            }
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
                "OpenRouter kept the connection open but sent nothing of the reply for {secs} \
                 seconds, so it was given up. What arrived is kept; send again to retry, or pick \
                 another model."
            ),
            ChatError::MidStream { code, .. } => {
                let hint = match code_number(code.as_ref()) {
                    Some(401) => "Sign in again to get a new key.".to_string(),
                    Some(402) => format!("Add credits at {CREDITS_URL}, then send again."),
                    Some(403) => {
                        "It was flagged by moderation; rephrase or pick another model.".to_string()
                    }
                    Some(429) => {
                        "The provider is rate limiting; wait a little, then try again.".to_string()
                    }
                    _ => "Try again, or pick another model.".to_string(),
                };
                format!(
                    "The reply stopped with an error partway through. What arrived is kept. {hint}"
                )
            }
        };
        match self.openrouter_message() {
            Some(m) => format!("{text} OpenRouter says: \u{201c}{m}\u{201d}"),
            None => text,
        }
    }

    /// OpenRouter's own message, if it gave one.
    pub fn openrouter_message(&self) -> Option<&str> {
        match self {
            ChatError::BadRequest { message, .. }
            | ChatError::InvalidKey { message }
            | ChatError::NoCredits { message }
            | ChatError::Forbidden { message, .. }
            | ChatError::NotFound { message }
            | ChatError::Timeout { message, .. }
            | ChatError::RateLimited { message, .. }
            | ChatError::Upstream { message, .. }
            | ChatError::Other { message, .. } => message.as_deref(),
            ChatError::MidStream { message, .. } => Some(message),
            ChatError::Network { .. }
            | ChatError::CutOff
            | ChatError::TooLarge(_)
            | ChatError::Stalled { .. } => None,
        }
    }

    /// The key was refused: offer to sign in again (keep the key until the user does).
    pub fn needs_sign_in(&self) -> bool {
        match self {
            ChatError::InvalidKey { .. } => true,
            ChatError::MidStream { code, .. } => code_number(code.as_ref()) == Some(401),
            _ => false,
        }
    }

    /// The page to add credits, for a 402.
    pub fn credits_url(&self) -> Option<&'static str> {
        let out_of_credits = match self {
            ChatError::NoCredits { .. } => true,
            ChatError::MidStream { code, .. } => code_number(code.as_ref()) == Some(402),
            _ => false,
        };
        out_of_credits.then_some(CREDITS_URL)
    }

    /// Seconds to wait before retrying, when `Retry-After` said so.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ChatError::RateLimited {
                retry_after_secs, ..
            }
            | ChatError::Upstream {
                retry_after_secs, ..
            } => *retry_after_secs,
            _ => None,
        }
    }

    /// The HTTP status of the response, for errors that came with one (not mid-stream ones).
    pub fn status(&self) -> Option<u16> {
        match self {
            ChatError::BadRequest { status, .. }
            | ChatError::Timeout { status, .. }
            | ChatError::Upstream { status, .. }
            | ChatError::Other { status, .. } => Some(*status),
            ChatError::InvalidKey { .. } => Some(401),
            ChatError::NoCredits { .. } => Some(402),
            ChatError::Forbidden { .. } => Some(403),
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

impl std::fmt::Display for ChatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ChatError {}

fn code_number(code: Option<&ErrorCode>) -> Option<i64> {
    match code {
        Some(ErrorCode::Number(n)) => Some(*n),
        Some(ErrorCode::Text(t)) => t.trim().parse().ok(),
        None => None,
    }
}

fn clip(message: &str) -> String {
    if message.chars().count() <= MAX_MESSAGE_CHARS {
        message.to_string()
    } else {
        let mut s: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
        s.push('…');
        s
    }
}

/// The part of a moderation error body that names why it was flagged:
/// `{"error": {"metadata": {"reasons": [...]}}}`.
#[derive(Deserialize)]
struct ModerationBody {
    error: ModerationError,
}

#[derive(Deserialize)]
struct ModerationError {
    metadata: ModerationMetadata,
}

#[derive(Deserialize)]
struct ModerationMetadata {
    reasons: Vec<String>,
}

/// `error.metadata.reasons` of a moderation error body (none when the body has no such list).
fn moderation_reasons(body: &str) -> Vec<String> {
    serde_json::from_str::<ModerationBody>(body)
        .map(|b| b.error.metadata.reasons)
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect()
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

    #[test]
    fn status_mapping() {
        let cases: Vec<(u16, ChatError)> = vec![
            (
                400,
                ChatError::BadRequest {
                    status: 400,
                    message: Some("m".into()),
                },
            ),
            (
                413,
                ChatError::BadRequest {
                    status: 413,
                    message: Some("m".into()),
                },
            ),
            (
                422,
                ChatError::BadRequest {
                    status: 422,
                    message: Some("m".into()),
                },
            ),
            (
                401,
                ChatError::InvalidKey {
                    message: Some("m".into()),
                },
            ),
            (
                402,
                ChatError::NoCredits {
                    message: Some("m".into()),
                },
            ),
            (
                403,
                ChatError::Forbidden {
                    message: Some("m".into()),
                    reasons: vec![],
                },
            ),
            (
                404,
                ChatError::NotFound {
                    message: Some("m".into()),
                },
            ),
            (
                408,
                ChatError::Timeout {
                    status: 408,
                    message: Some("m".into()),
                },
            ),
            (
                524,
                ChatError::Timeout {
                    status: 524,
                    message: Some("m".into()),
                },
            ),
            (
                429,
                ChatError::RateLimited {
                    message: Some("m".into()),
                    retry_after_secs: None,
                },
            ),
            (
                502,
                ChatError::Upstream {
                    status: 502,
                    message: Some("m".into()),
                    retry_after_secs: None,
                },
            ),
            (
                503,
                ChatError::Upstream {
                    status: 503,
                    message: Some("m".into()),
                    retry_after_secs: None,
                },
            ),
            (
                504,
                ChatError::Upstream {
                    status: 504,
                    message: Some("m".into()),
                    retry_after_secs: None,
                },
            ),
            (
                529,
                ChatError::Upstream {
                    status: 529,
                    message: Some("m".into()),
                    retry_after_secs: None,
                },
            ),
            (
                500,
                ChatError::Other {
                    status: 500,
                    message: Some("m".into()),
                },
            ),
            (
                418,
                ChatError::Other {
                    status: 418,
                    message: Some("m".into()),
                },
            ),
        ];
        for (status, expected) in cases {
            let e = ChatError::from_status(status, &body(status, "m"), None, NOW);
            assert_eq!(e, expected, "{status}");
            assert_eq!(e.status(), Some(status), "{status}");
        }
    }

    #[test]
    fn messages_in_plain_words_with_openrouter_message() {
        let e = ChatError::from_status(400, &body(400, "Invalid request parameters"), None, NOW);
        assert_eq!(
            e.message(),
            "OpenRouter did not accept this request (400). Check the model id, or start a new \
             conversation if this one is very long. OpenRouter says: \u{201c}Invalid request parameters\u{201d}"
        );
        assert_eq!(e.title(), "Request not accepted");

        let e = ChatError::from_status(401, &body(401, "User not found."), None, NOW);
        assert_eq!(
            e.message(),
            "Your OpenRouter key was not accepted (401): it may have expired or been revoked. Sign \
             in again to get a new key. OpenRouter says: \u{201c}User not found.\u{201d}"
        );

        let e = ChatError::from_status(402, &body(402, "Insufficient credits"), None, NOW);
        assert_eq!(
            e.message(),
            "Your OpenRouter account is out of credits (402). Add credits at \
             https://openrouter.ai/credits, then send again. OpenRouter says: \u{201c}Insufficient credits\u{201d}"
        );

        let e = ChatError::from_status(408, "", None, NOW);
        assert_eq!(
            e.message(),
            "The request timed out (408). Try again, or pick a faster model."
        );

        let e = ChatError::from_status(404, "<html>not found</html>", None, NOW);
        assert_eq!(e.message(), "This model is not available (404). Check the model id or pick another model from the list.");

        let e = ChatError::from_status(500, &body(500, "Internal Server Error"), None, NOW);
        assert_eq!(
            e.message(),
            "OpenRouter answered with an error (500). Try again in a moment. OpenRouter says: \
             \u{201c}Internal Server Error\u{201d}"
        );
        assert_eq!(e.title(), "Error 500");
    }

    #[test]
    fn sign_in_only_for_401() {
        for status in [400, 402, 403, 404, 408, 429, 500, 502, 503] {
            assert!(
                !ChatError::from_status(status, "", None, NOW).needs_sign_in(),
                "{status}"
            );
        }
        assert!(ChatError::from_status(401, "", None, NOW).needs_sign_in());
        assert!(ChatError::MidStream {
            message: "x".into(),
            code: Some(ErrorCode::Number(401))
        }
        .needs_sign_in());
        assert!(!ChatError::CutOff.needs_sign_in());
        assert!(!ChatError::network("Failed to fetch").needs_sign_in());
    }

    #[test]
    fn credits_link_only_for_402() {
        assert_eq!(
            ChatError::from_status(402, "", None, NOW).credits_url(),
            Some("https://openrouter.ai/credits")
        );
        assert_eq!(CREDITS_URL, "https://openrouter.ai/credits");
        for status in [400, 401, 403, 429, 500, 503] {
            assert_eq!(
                ChatError::from_status(status, "", None, NOW).credits_url(),
                None,
                "{status}"
            );
        }
        let mid = ChatError::MidStream {
            message: "Insufficient credits".into(),
            code: Some(ErrorCode::Text("402".into())),
        };
        assert_eq!(mid.credits_url(), Some(CREDITS_URL));
        assert!(mid
            .message()
            .contains("Add credits at https://openrouter.ai/credits"));
    }

    #[test]
    fn forbidden_with_moderation_reasons() {
        let b = r#"{"error":{"code":403,"message":"Your input was flagged","metadata":{"reasons":["harassment"," violence ",""],"flagged_input":"…","provider_name":"OpenAI","model_slug":"openai/gpt-4o"}}}"#;
        let e = ChatError::from_status(403, b, None, NOW);
        assert_eq!(
            e,
            ChatError::Forbidden {
                message: Some("Your input was flagged".into()),
                reasons: vec!["harassment".into(), "violence".into()]
            }
        );
        assert_eq!(
            e.message(),
            "OpenRouter refused this request (403): it was flagged by moderation or is not allowed \
             for this key. Rephrase your message or pick another model. Reasons: harassment, \
             violence. OpenRouter says: \u{201c}Your input was flagged\u{201d}"
        );
        let e = ChatError::from_status(
            403,
            r#"{"error":{"code":403,"message":"x","metadata":{"reasons":"no"}}}"#,
            None,
            NOW,
        );
        assert_eq!(
            e,
            ChatError::Forbidden {
                message: Some("x".into()),
                reasons: vec![]
            }
        );
    }

    #[test]
    fn rate_limited_with_retry_after_seconds() {
        let e = ChatError::from_status(429, &body(429, "Rate limit exceeded"), Some("30"), NOW);
        assert_eq!(
            e,
            ChatError::RateLimited {
                message: Some("Rate limit exceeded".into()),
                retry_after_secs: Some(30)
            }
        );
        assert_eq!(e.retry_after_secs(), Some(30));
        assert_eq!(
            e.message(),
            "Too many requests right now (429). Try again in 30 seconds. OpenRouter says: \u{201c}Rate limit exceeded\u{201d}"
        );
        let e = ChatError::from_status(429, "", None, NOW);
        assert_eq!(
            e.message(),
            "Too many requests right now (429). Wait a little, then try again."
        );
        let e = ChatError::from_status(429, "", Some("soon"), NOW);
        assert_eq!(e.retry_after_secs(), None);
    }

    #[test]
    fn rate_limited_with_retry_after_date() {
        let e = ChatError::from_status(429, "", Some("Sun, 06 Nov 1994 08:51:37 GMT"), NOW);
        assert_eq!(e.retry_after_secs(), Some(120));
        assert_eq!(
            e.message(),
            "Too many requests right now (429). Try again in 2 minutes."
        );
    }

    #[test]
    fn upstream_messages() {
        let e = ChatError::from_status(
            503,
            &body(503, "Service temporarily unavailable"),
            Some("5"),
            NOW,
        );
        assert_eq!(e.retry_after_secs(), Some(5));
        assert_eq!(
            e.message(),
            "The model's provider is having trouble (503). Try again in 5 seconds, or pick another \
             model. OpenRouter says: \u{201c}Service temporarily unavailable\u{201d}"
        );
        let e = ChatError::from_status(502, "Bad Gateway", None, NOW);
        assert_eq!(e.message(), "The model's provider is having trouble (502). Try again in a moment, or pick another model.");
        assert_eq!(e.title(), "Provider trouble");
    }

    #[test]
    fn network_cut_off_mid_stream() {
        let e = ChatError::network("TypeError: Failed to fetch");
        assert_eq!(
            e,
            ChatError::Network {
                detail: "TypeError: Failed to fetch".into()
            }
        );
        assert_eq!(
            e.message(),
            "Could not reach OpenRouter. Check your internet connection, then try again."
        );
        assert_eq!(e.status(), None);
        assert_eq!(
            ChatError::CutOff.message(),
            "The reply was cut off before it finished (the connection ended early). What arrived is kept; send again to retry."
        );
        let e = ChatError::MidStream {
            message: "Rate limit exceeded".into(),
            code: Some(ErrorCode::Number(429)),
        };
        assert_eq!(
            e.message(),
            "The reply stopped with an error partway through. What arrived is kept. The provider is \
             rate limiting; wait a little, then try again. OpenRouter says: \u{201c}Rate limit exceeded\u{201d}"
        );
        assert_eq!(e.status(), None);
        let e = ChatError::MidStream {
            message: "Provider disconnected".into(),
            code: Some(ErrorCode::Text("server_error".into())),
        };
        assert_eq!(
            e.message(),
            "The reply stopped with an error partway through. What arrived is kept. Try again, or \
             pick another model. OpenRouter says: \u{201c}Provider disconnected\u{201d}"
        );
        assert_eq!(e.to_string(), e.message());
    }

    #[test]
    fn too_large_and_stalled_in_words() {
        let e = ChatError::TooLarge(SseOverflow::Line(1 << 20));
        assert_eq!(e.title(), "Reply too large");
        assert_eq!(
            e.message(),
            "The reply was stopped because a line of the stream was over 1048576 bytes, more than \
             a chat reply ever needs. What arrived before is kept; send again to retry, or pick \
             another model."
        );
        assert!(ChatError::TooLarge(SseOverflow::Event(4 << 20))
            .message()
            .contains("an event of the stream was over 4194304 bytes"));
        let e = ChatError::Stalled { secs: 60 };
        assert_eq!(e.title(), "Reply stalled");
        assert_eq!(
            e.message(),
            "OpenRouter kept the connection open but sent nothing of the reply for 60 seconds, so \
             it was given up. What arrived is kept; send again to retry, or pick another model."
        );
        for e in [e, ChatError::TooLarge(SseOverflow::Line(1))] {
            assert_eq!(
                (
                    e.status(),
                    e.needs_sign_in(),
                    e.credits_url(),
                    e.openrouter_message()
                ),
                (None, false, None, None)
            );
        }
    }

    #[test]
    fn long_openrouter_message_is_clipped() {
        let long = "x".repeat(1000);
        let e = ChatError::from_status(400, &body(400, &long), None, NOW);
        let m = e.openrouter_message().unwrap();
        assert_eq!(m.chars().count(), 301);
        assert!(m.ends_with('…'));
        let short = ChatError::from_status(400, &body(400, "  short  "), None, NOW);
        assert_eq!(short.openrouter_message(), Some("short"));
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
