//! Step 4 of the flow: exchanging `?code=` and the verifier for a key at
//! `POST {origin}/api/v1/auth/keys`. The request body and the answer's parsing are pure; only
//! [`exchange_code`] touches the network.

use serde::{Deserialize, Serialize};

use super::key::ApiKey;
use crate::api_error::error_message;
use crate::web::NetworkError;

/// The path of the exchange endpoint on the OpenRouter origin.
pub const EXCHANGE_PATH: &str = "/api/v1/auth/keys";

/// Why an exchange failed, one case per thing a person can do something about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExchangeError {
    /// A 400 that says nothing: the challenge method differs between the two steps (the
    /// documented cause). A 400 with OpenRouter's words is [`ExchangeError::Http`], with them.
    ChallengeMethodMismatch,
    /// 403: the code or verifier is wrong, or the code expired (codes live 10 minutes).
    InvalidCodeOrVerifier,
    /// 405: not POST or not HTTPS.
    MethodNotAllowed,
    /// Any other status, with OpenRouter's message when the body had one.
    Http {
        /// The HTTP status.
        status: u16,
        /// OpenRouter's own message, when the body had one.
        message: Option<String>,
    },
    /// The request never got an answer (offline, DNS, CORS, blocked by CSP).
    Network(NetworkError),
    /// 2xx, but the body is not JSON with a string `key`.
    MalformedResponse,
}

impl ExchangeError {
    /// What went wrong and what to do, in words a person understands.
    pub fn message(&self) -> String {
        match self {
            Self::ChallengeMethodMismatch => "OpenRouter rejected the sign-in: the code challenge method did not match (400). Please sign in again.".into(),
            Self::InvalidCodeOrVerifier => "OpenRouter did not accept this sign-in code (403): it may have expired or already been used. Please sign in again.".into(),
            Self::MethodNotAllowed => "OpenRouter refused the request method (405). The app must use POST over HTTPS; please report this.".into(),
            Self::Http { status, message: Some(m) } => format!("OpenRouter answered with an error ({status}): {m}"),
            Self::Http { status, message: None } => format!("OpenRouter answered with an error ({status}). Please try again in a moment."),
            Self::Network(_) => "Could not reach OpenRouter. Check your connection and try again.".into(),
            Self::MalformedResponse => "OpenRouter's answer did not contain an API key. Please try again.".into(),
        }
    }
}

/// For developers and logs; the page's words are [`ExchangeError::message`].
impl std::fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ChallengeMethodMismatch => f.write_str("key exchange refused (400): code_challenge_method differs from the authorization's"),
            Self::InvalidCodeOrVerifier => f.write_str("key exchange refused (403): wrong or expired code, or wrong code_verifier"),
            Self::MethodNotAllowed => f.write_str("key exchange refused (405): not a POST over HTTPS"),
            Self::Http { status, message: Some(m) } => write!(f, "key exchange failed with HTTP {status}: {m}"),
            Self::Http { status, message: None } => write!(f, "key exchange failed with HTTP {status}"),
            Self::Network(_) => f.write_str("key exchange got no answer"),
            Self::MalformedResponse => f.write_str("key exchange answered without a usable `key`"),
        }
    }
}

impl std::error::Error for ExchangeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Network(e) => Some(e),
            _ => None,
        }
    }
}

/// A successful exchange: the key and, when OpenRouter sends one, the user id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExchangeSuccess {
    /// The new API key.
    pub key: ApiKey,
    /// OpenRouter's id of the user, when the answer has one.
    pub user_id: Option<String>,
}

/// The JSON body of the exchange request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeRequest<'a> {
    /// The `?code=` OpenRouter sent back.
    pub code: &'a str,
    /// The challenge method of step 1.
    pub code_challenge_method: &'a str,
    /// This tab's verifier.
    pub code_verifier: &'a str,
}

/// OpenRouter's answer to a successful exchange: `{"key": "sk-or-…", "user_id": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct ExchangeAnswer {
    key: String,
    #[serde(default)]
    user_id: Option<String>,
}

/// The JSON body of the exchange request:
/// `{"code":…,"code_challenge_method":"S256","code_verifier":…}`.
pub fn request_body(code: &str, code_verifier: &str) -> String {
    serde_json::to_string(&ExchangeRequest {
        code,
        code_challenge_method: "S256",
        code_verifier,
    })
    // Three strings always serialize; no panic path for an error that cannot happen.
    .unwrap_or_default()
}

/// Maps the HTTP status and body of the exchange's answer to a key or an error.
pub fn parse_response(status: u16, body: &str) -> Result<ExchangeSuccess, ExchangeError> {
    match status {
        200..=299 => {
            // Only an object (not the array form serde also reads structs from) with a
            // non-blank string `key` will do. Read straight into the struct: no `Value`.
            let answer = Some(body)
                .filter(|body| body.trim_start().starts_with('{'))
                .and_then(|body| serde_json::from_str::<ExchangeAnswer>(body).ok())
                .ok_or(ExchangeError::MalformedResponse)?;
            let key = ApiKey::new(answer.key).ok_or(ExchangeError::MalformedResponse)?;
            Ok(ExchangeSuccess {
                key,
                user_id: answer.user_id,
            })
        }
        403 => Err(ExchangeError::InvalidCodeOrVerifier),
        405 => Err(ExchangeError::MethodNotAllowed),
        // A 400 is told in OpenRouter's words when it gave some (the spec's example is "Invalid
        // request parameters"); one that says nothing is the documented cause.
        status => match (status, error_message(body)) {
            (400, None) => Err(ExchangeError::ChallengeMethodMismatch),
            (status, message) => Err(ExchangeError::Http { status, message }),
        },
    }
}

/// Exchanges `code` and `code_verifier` for a key at the OpenRouter `origin`. Stores nothing:
/// the caller does.
pub async fn exchange_code(
    origin: &str,
    code: &str,
    code_verifier: &str,
) -> Result<ExchangeSuccess, ExchangeError> {
    let url = format!("{}{EXCHANGE_PATH}", origin.trim_end_matches('/'));
    let answer = crate::web::fetch_text(
        "POST",
        &url,
        &[("Content-Type", "application/json")],
        Some(&request_body(code, code_verifier)),
    )
    .await
    .map_err(ExchangeError::Network)?;
    parse_response(answer.status, &answer.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_the_three_fields() {
        let body = request_body("c\"1", "v");
        assert_eq!(
            body,
            r#"{"code":"c\"1","code_challenge_method":"S256","code_verifier":"v"}"#
        );
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["code"], "c\"1");
        assert_eq!(v["code_verifier"], "v");
        assert_eq!(v["code_challenge_method"], "S256");
    }

    #[test]
    fn success_gives_the_key_and_user() {
        let ok = parse_response(
            200,
            r#"{"key":"sk-or-v1-abcdefghijklmnopqrstuvwxyz","user_id":"user_1"}"#,
        )
        .unwrap();
        assert_eq!(ok.key.expose(), "sk-or-v1-abcdefghijklmnopqrstuvwxyz");
        assert_eq!(ok.user_id.as_deref(), Some("user_1"));
        let ok = parse_response(201, r#"{"key":"sk-or-v1-x","user_id":null}"#).unwrap();
        assert_eq!(ok.user_id, None);
    }

    #[test]
    fn documented_statuses() {
        assert_eq!(
            parse_response(
                400,
                r#"{"error":{"code":400,"message":"Invalid code_challenge_method"}}"#
            ),
            Err(ExchangeError::Http {
                status: 400,
                message: Some("Invalid code_challenge_method".into())
            })
        );
        assert_eq!(
            parse_response(
                403,
                r#"{"error":{"code":403,"message":"Invalid code or code_verifier"}}"#
            ),
            Err(ExchangeError::InvalidCodeOrVerifier)
        );
        assert_eq!(
            parse_response(400, ""),
            Err(ExchangeError::ChallengeMethodMismatch)
        );
        assert_eq!(
            parse_response(
                400,
                r#"{"error":{"code":400,"message":"Invalid request parameters"}}"#
            ),
            Err(ExchangeError::Http {
                status: 400,
                message: Some("Invalid request parameters".into())
            }),
            "another 400 is told in OpenRouter's words"
        );
        assert_eq!(
            parse_response(403, ""),
            Err(ExchangeError::InvalidCodeOrVerifier)
        );
        assert_eq!(
            parse_response(405, ""),
            Err(ExchangeError::MethodNotAllowed)
        );
    }

    #[test]
    fn other_statuses_keep_the_message() {
        assert_eq!(
            parse_response(
                500,
                r#"{"error":{"code":500,"message":"Internal Server Error"}}"#
            ),
            Err(ExchangeError::Http {
                status: 500,
                message: Some("Internal Server Error".into())
            })
        );
        assert_eq!(
            parse_response(502, "<html>bad gateway</html>"),
            Err(ExchangeError::Http {
                status: 502,
                message: None
            })
        );
    }

    #[test]
    fn malformed_success_bodies() {
        for body in [
            "",
            "not json",
            "{}",
            r#"{"key":42}"#,
            r#"{"key":null}"#,
            r#"{"key":""}"#,
            r#"["sk-or"]"#,
            r#"{"user_id":"u"}"#,
            // A key no request could send is no key: nothing is stored.
            r#"{"key":"sk-or-v1-ab\ncd"}"#,
            r#"{"key":"sk-or-v1-ab cd"}"#,
        ] {
            assert_eq!(
                parse_response(200, body),
                Err(ExchangeError::MalformedResponse),
                "{body}"
            );
        }
    }

    #[test]
    fn every_message_is_a_sentence() {
        let all = [
            ExchangeError::ChallengeMethodMismatch,
            ExchangeError::InvalidCodeOrVerifier,
            ExchangeError::MethodNotAllowed,
            ExchangeError::Http {
                status: 500,
                message: Some("boom".into()),
            },
            ExchangeError::Http {
                status: 502,
                message: None,
            },
            ExchangeError::Network(NetworkError { aborted: false }),
            ExchangeError::MalformedResponse,
        ];
        for e in all {
            let m = e.message();
            assert!(m.len() > 20 && m.ends_with(['.', 'm']), "{m}");
        }
    }
}
