//! OpenRouter's error body, `{"error": {"code", "message", "metadata"?}}`, shared by the key
//! exchange and chat. Pure. `code` arrives as a number or a string (the streaming docs' own
//! example uses `"server_error"`), so both are accepted.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize};

/// An error's `code`: a number (usually the HTTP status) or a string.
///
/// Read by a visitor of its own rather than `#[serde(untagged)]`, which buffers the value and
/// tries each case in turn: the same answer, in less code for an app to carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ErrorCode {
    /// `"code": 429`
    Number(i64),
    /// `"code": "server_error"`
    Text(String),
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl Visitor<'_> for CodeVisitor {
            type Value = ErrorCode;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ErrorCode, E> {
                Ok(ErrorCode::Number(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ErrorCode, E> {
                i64::try_from(v)
                    .map(ErrorCode::Number)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorCode, E> {
                Ok(ErrorCode::Text(v.to_owned()))
            }
        }

        deserializer.deserialize_any(CodeVisitor)
    }
}

/// The `error` object of an OpenRouter error response or stream chunk. Unknown fields
/// (`metadata`, …) are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApiError {
    /// The code, when present.
    #[serde(default)]
    pub code: Option<ErrorCode>,
    /// A human-readable message.
    #[serde(default)]
    pub message: Option<String>,
}

/// An error response's body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ApiError,
}

/// The `error` object of a response body, if the body is OpenRouter's error JSON.
pub fn parse_error_body(body: &str) -> Option<ApiError> {
    serde_json::from_str::<ErrorBody>(body)
        .ok()
        .map(|b| b.error)
}

/// The error message of a response body, trimmed, if there is a non-empty one.
///
/// Reads only `error.message` (the code is skipped, not typed): the key exchange needs no more,
/// and an app that signs in then carries no parser for the code's two forms.
pub fn error_message(body: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Body {
        error: Message,
    }
    #[derive(Deserialize)]
    struct Message {
        #[serde(default)]
        message: Option<String>,
    }
    serde_json::from_str::<Body>(body)
        .ok()
        .and_then(|b| b.error.message)
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_string_codes() {
        let e =
            parse_error_body(r#"{"error":{"code":400,"message":"Invalid code_challenge_method"}}"#)
                .unwrap();
        assert_eq!(e.code, Some(ErrorCode::Number(400)));
        assert_eq!(e.message.as_deref(), Some("Invalid code_challenge_method"));
        let e = parse_error_body(
            r#"{"error":{"code":"server_error","message":"x","metadata":{"a":1}}}"#,
        )
        .unwrap();
        assert_eq!(e.code, Some(ErrorCode::Text("server_error".into())));
    }

    #[test]
    fn not_an_error_body() {
        assert_eq!(parse_error_body("<html>502</html>"), None);
        assert_eq!(parse_error_body(r#"{"key":"x"}"#), None);
        assert_eq!(
            error_message(r#"{"error":{"code":500,"message":"  "}}"#),
            None
        );
        assert_eq!(error_message(r#"{"error":{"code":500}}"#), None);
        assert_eq!(
            parse_error_body(r#"{"error":{"code":500,"message":7}}"#),
            None,
            "a message that is not a string"
        );
        assert_eq!(
            parse_error_body(r#"{"error":{"code":1.5}}"#),
            None,
            "a code that is neither an integer nor a string"
        );
        assert_eq!(parse_error_body(r#"{"error":null}"#), None);
    }
}
