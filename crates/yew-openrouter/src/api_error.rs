//! OpenRouter's error body, `{"error": {"code", "message", "metadata"?}}`, shared by the key
//! exchange and chat. Pure. `code` arrives as a number or a string (the streaming docs' own
//! example uses `"server_error"`), so both are accepted.
//!
//! Also the small helper with which this crate reads JSON: a body is parsed once into a
//! [`Value`] (by [`crate::json`]) and its fields are picked by hand (`Fields`), which costs far
//! less wasm than a deserialization framework's per-field, per-type generic code.

use crate::json::{self, Value};

/// An error's `code`: a number (usually the HTTP status) or a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    /// `"code": 429`
    Number(i64),
    /// `"code": "server_error"`
    Text(String),
}

impl ErrorCode {
    /// An integer that fits `i64`, or a string; anything else (a float, a bool…) is not a code.
    fn from_value(v: &Value) -> Option<ErrorCode> {
        match v {
            Value::Number(n) => n.as_i64().map(ErrorCode::Number),
            Value::String(s) => Some(ErrorCode::Text(s.clone())),
            _ => None,
        }
    }
}

/// The `error` object of an OpenRouter error response or stream chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The code, when present.
    pub code: Option<ErrorCode>,
    /// A human-readable message.
    pub message: Option<String>,
}

impl ApiError {
    /// The error object `v`, strictly: `None` unless it is an object (or a `[code, message]`
    /// array) whose `code` is absent, null, an `i64` or a string and whose `message` is absent,
    /// null or a string. Unknown fields are ignored.
    pub(crate) fn from_value(v: &Value) -> Option<ApiError> {
        let f = Fields::of(v, 2)?;
        let code = match f.get(0, "code") {
            None | Some(Value::Null) => None,
            Some(c) => Some(ErrorCode::from_value(c)?),
        };
        let message = match f.get(1, "message") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return None,
        };
        Some(ApiError { code, message })
    }
}

/// The `error` object of a response body, if the body is OpenRouter's error JSON.
pub fn parse_error_body(body: &str) -> Option<ApiError> {
    let v = json::parse(body).ok()?;
    ApiError::from_value(Fields::of(&v, 1)?.get(0, "error")?)
}

/// The error message of a response body, trimmed, if there is a non-empty one.
pub fn error_message(body: &str) -> Option<String> {
    parse_error_body(body)
        .and_then(|e| e.message)
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
}

/// The fields of a struct given as a JSON value, read the way serde's derived `Deserialize` reads
/// a struct (as this crate read them before it had its own JSON): an object's members by name,
/// or an array's elements by position (an array longer than the struct has fields is not the
/// struct).
pub(crate) enum Fields<'a> {
    /// `{"name": value, …}`
    Object(&'a Value),
    /// `[value, …]`, in field order.
    Array(&'a [Value]),
}

impl<'a> Fields<'a> {
    /// The fields of `v` as a struct of `count` fields; `None` when `v` cannot be one.
    pub(crate) fn of(v: &'a Value, count: usize) -> Option<Fields<'a>> {
        match v {
            Value::Object(_) => Some(Fields::Object(v)),
            Value::Array(a) if a.len() <= count => Some(Fields::Array(a)),
            _ => None,
        }
    }

    /// The field `name` (the `index`th in field order), when present.
    pub(crate) fn get(&self, index: usize, name: &str) -> Option<&'a Value> {
        match self {
            Fields::Object(o) => o.get(name),
            Fields::Array(a) => a.get(index),
        }
    }

    /// The field as a string; `None` when absent or of another type.
    pub(crate) fn string(&self, index: usize, name: &str) -> Option<String> {
        self.get(index, name)?.as_str().map(str::to_string)
    }
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
            None
        );
        assert_eq!(parse_error_body(r#"{"error":{"code":1.5}}"#), None);
        assert_eq!(parse_error_body(r#"{"error":null}"#), None);
    }
}
