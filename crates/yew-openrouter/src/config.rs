//! What an app sets: [`AuthConfig`] (given to [`crate::auth::AuthProvider`]) and
//! [`SignInOptions`] (the key a sign-in asks for: a spending limit and a label).
//!
//! The OpenRouter origin is set by the app's code ([`AuthConfig::with_origin`]); its default is
//! `https://openrouter.ai`, or `OPENROUTER_ORIGIN` in the environment of the **build** (for a
//! self-hosted gateway or a test stand-in). It is never read at run time from the URL, storage or
//! anything else a page visitor controls: a link that could change it could send the PKCE
//! verifier, and then the key, to another server.

use yew::AttrValue;

use crate::auth::ApiKey;

/// OpenRouter's origin, unless the app or the build says otherwise (see the module's docs).
pub const DEFAULT_ORIGIN: &str = match option_env!("OPENROUTER_ORIGIN") {
    Some(origin) => origin,
    None => "https://openrouter.ai",
};

/// The callback route's path when the app sets none: `callback` under the app's base path.
pub const DEFAULT_CALLBACK_PATH: &str = "callback";

/// How the library reaches OpenRouter, where OpenRouter sends the visitor back, and whose
/// traffic it is.
///
/// ```
/// use yew_openrouter::config::AuthConfig;
///
/// let config = AuthConfig::default()
///     .with_callback_path("/auth/callback")
///     .with_app_title("My Yew app")
///     .with_app_url("https://me.example/my-app/");
/// assert_eq!(config.callback_path, "/auth/callback");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthConfig {
    /// The OpenRouter origin every request goes to, without a trailing slash.
    pub origin: AttrValue,
    /// The callback route: relative to the app's base path (`callback`, the default, is
    /// `{base}callback`), or absolute from the site's root (`/my-app/auth/callback`). The base
    /// path is the path of `<base href>`, as yew-router's `BrowserRouter` reads it, and `/`
    /// without one: an app served below `/` without a `<base>` sets an absolute path here.
    pub callback_path: AttrValue,
    /// Sent as `HTTP-Referer` with chat requests, for OpenRouter's attribution: the app's URL.
    /// Without one, the page's origin and base path.
    pub app_url: Option<AttrValue>,
    /// Sent as `X-OpenRouter-Title` with chat requests: the app's name. None by default.
    pub app_title: Option<AttrValue>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            origin: AttrValue::Static(DEFAULT_ORIGIN),
            callback_path: AttrValue::Static(DEFAULT_CALLBACK_PATH),
            app_url: None,
            app_title: None,
        }
    }
}

impl AuthConfig {
    /// Another OpenRouter origin (`https://gateway.example`); a trailing `/` is dropped.
    pub fn with_origin(mut self, origin: impl Into<AttrValue>) -> Self {
        let origin: AttrValue = origin.into();
        self.origin = match origin.strip_suffix('/') {
            Some(trimmed) => AttrValue::from(trimmed.to_string()),
            None => origin,
        };
        self
    }

    /// Another callback route (see [`AuthConfig::callback_path`]).
    pub fn with_callback_path(mut self, path: impl Into<AttrValue>) -> Self {
        self.callback_path = path.into();
        self
    }

    /// The app's URL, sent as `HTTP-Referer`.
    pub fn with_app_url(mut self, url: impl Into<AttrValue>) -> Self {
        self.app_url = Some(url.into());
        self
    }

    /// The app's name, sent as `X-OpenRouter-Title`.
    pub fn with_app_title(mut self, title: impl Into<AttrValue>) -> Self {
        self.app_title = Some(title.into());
        self
    }

    /// The full URL of an OpenRouter path: `api_url("/api/v1/key")`.
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// OpenRouter's page for a key's settings (see, limit or revoke it): `<origin>/keys/<hash>`,
    /// named by [`ApiKey::sha256_hex`]. It opens only for the key's owner, signed in there.
    pub fn key_settings_url(&self, key: &ApiKey) -> String {
        self.api_url(&["/keys/", &key.sha256_hex()].concat())
    }

    /// OpenRouter's activity log filtered to a key: `<origin>/logs?api_key_hash=<hash>`.
    pub fn key_activity_url(&self, key: &ApiKey) -> String {
        self.api_url(&["/logs?api_key_hash=", &key.sha256_hex()].concat())
    }
}

/// The largest spending limit a sign-in may ask for, in US cents ($100,000). Anything larger is
/// taken for a typing mistake (OpenRouter would accept it, and the key would be as good as
/// unlimited).
pub const MAX_LIMIT_CENTS: u64 = 10_000_000;

/// The longest key label, in characters.
pub const MAX_KEY_LABEL_CHARS: usize = 64;

/// What the key that a sign-in creates should be like; OpenRouter's consent page shows both and
/// the visitor may still change them there.
///
/// ```
/// use yew_openrouter::config::SignInOptions;
///
/// let options = SignInOptions::default()
///     .with_limit_cents(Some(500))
///     .with_key_label(Some("My laptop".into()));
/// assert_eq!(options.limit_usd().as_deref(), Some("5"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SignInOptions {
    /// A credit limit for the key, in US cents (`250` asks for $2.50; sent as `limit` on
    /// `/auth`, in dollars, as OpenRouter's TypeScript SDK sends it). Whole cents, as money is
    /// counted: no rounding on the way. `None`: no limit asked for.
    pub limit_cents: Option<u64>,
    /// The key's name on OpenRouter's keys page (`key_label` on `/auth`). `None`: OpenRouter's
    /// default, the app's title.
    pub key_label: Option<String>,
}

/// Why a spending limit or a key label typed by a visitor cannot be used, in words to show beside
/// the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionError {
    /// Not a number (`"ten"`, `"1,5"`).
    LimitNotANumber,
    /// Zero or negative.
    LimitNotPositive,
    /// More than [`MAX_LIMIT_CENTS`].
    LimitTooLarge,
    /// More than two decimals (below a cent).
    LimitBelowACent,
    /// Longer than [`MAX_KEY_LABEL_CHARS`].
    LabelTooLong,
}

impl OptionError {
    /// The message for the visitor.
    pub fn message(self) -> &'static str {
        match self {
            Self::LimitNotANumber => {
                "Enter the limit as a number of US dollars, such as 5 or 2.50."
            }
            Self::LimitNotPositive => "The limit must be more than $0.",
            Self::LimitTooLarge => "The limit can be at most $100,000.",
            Self::LimitBelowACent => "The limit can have at most two decimals (whole cents).",
            Self::LabelTooLong => "The key label can be at most 64 characters.",
        }
    }
}

/// For developers and logs; the page's words are [`OptionError::message`].
impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::LimitNotANumber => "spending limit is not a number",
            Self::LimitNotPositive => "spending limit is not above zero",
            Self::LimitTooLarge => "spending limit is above MAX_LIMIT_CENTS",
            Self::LimitBelowACent => "spending limit has more than two decimals",
            Self::LabelTooLong => "key label is longer than MAX_KEY_LABEL_CHARS",
        })
    }
}

impl std::error::Error for OptionError {}

impl SignInOptions {
    /// A spending limit in US cents (`None`: none asked for).
    pub fn with_limit_cents(mut self, limit_cents: Option<u64>) -> Self {
        self.limit_cents = limit_cents;
        self
    }

    /// A key label (`None`: OpenRouter's default).
    pub fn with_key_label(mut self, key_label: Option<String>) -> Self {
        self.key_label = key_label;
        self
    }

    /// A spending limit as a visitor typed it, in cents: blank is no limit; otherwise a positive
    /// number of US dollars with at most two decimals (`5`, `2.50`, `.5`), at most
    /// [`MAX_LIMIT_CENTS`]. A leading `$` and spaces are allowed.
    pub fn parse_limit(input: &str) -> Result<Option<u64>, OptionError> {
        let text = input.trim();
        let text = text.strip_prefix('$').unwrap_or(text).trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.starts_with('-') {
            return Err(OptionError::LimitNotPositive);
        }
        let (dollars, cents) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !digits(dollars) || !digits(cents) || (dollars.is_empty() && cents.is_empty()) {
            return Err(OptionError::LimitNotANumber);
        }
        if cents.len() > 2 {
            return Err(OptionError::LimitBelowACent);
        }
        // More than 12 digits of dollars is far over the maximum: no need to read them.
        if dollars.trim_start_matches('0').len() > 12 {
            return Err(OptionError::LimitTooLarge);
        }
        let whole: u64 = if dollars.is_empty() {
            0
        } else {
            dollars.parse().map_err(|_| OptionError::LimitNotANumber)?
        };
        let part: u64 = format!("{cents:0<2}")
            .parse()
            .map_err(|_| OptionError::LimitNotANumber)?;
        let total = whole * 100 + part;
        if total == 0 {
            Err(OptionError::LimitNotPositive)
        } else if total > MAX_LIMIT_CENTS {
            Err(OptionError::LimitTooLarge)
        } else {
            Ok(Some(total))
        }
    }

    /// The limit as `/auth` takes it, in dollars: `"5"`, `"2.50"`.
    pub fn limit_usd(&self) -> Option<String> {
        self.limit_cents.map(|c| match c % 100 {
            0 => (c / 100).to_string(),
            cents => format!("{}.{cents:02}", c / 100),
        })
    }

    /// A key label as a visitor typed it: trimmed; blank is none.
    pub fn parse_key_label(input: &str) -> Result<Option<String>, OptionError> {
        let label = input.trim();
        if label.chars().count() > MAX_KEY_LABEL_CHARS {
            Err(OptionError::LabelTooLong)
        } else {
            Ok((!label.is_empty()).then(|| label.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_links_name_the_key_by_its_hash_on_the_configured_origin() {
        let key = ApiKey::new("abc").unwrap();
        let hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let config = AuthConfig::default().with_origin("http://127.0.0.1:9");
        assert_eq!(
            config.key_settings_url(&key),
            format!("http://127.0.0.1:9/keys/{hash}")
        );
        assert_eq!(
            config.key_activity_url(&key),
            format!("http://127.0.0.1:9/logs?api_key_hash={hash}")
        );
    }

    #[test]
    fn limits_a_visitor_types() {
        for (input, limit) in [
            ("", None),
            ("   ", None),
            ("5", Some(500)),
            (" 2.50 ", Some(250)),
            ("2.5", Some(250)),
            ("$10", Some(1_000)),
            ("$ 0.01", Some(1)),
            (".5", Some(50)),
            ("7.", Some(700)),
            ("007", Some(700)),
            ("100000", Some(10_000_000)),
        ] {
            assert_eq!(SignInOptions::parse_limit(input), Ok(limit), "{input:?}");
        }
        for (input, error) in [
            ("ten", OptionError::LimitNotANumber),
            ("1,5", OptionError::LimitNotANumber),
            ("1.2.3", OptionError::LimitNotANumber),
            ("NaN", OptionError::LimitNotANumber),
            ("inf", OptionError::LimitNotANumber),
            ("1e3", OptionError::LimitNotANumber),
            (".", OptionError::LimitNotANumber),
            ("-5", OptionError::LimitNotPositive),
            ("0", OptionError::LimitNotPositive),
            ("0.00", OptionError::LimitNotPositive),
            ("100000.01", OptionError::LimitTooLarge),
            ("99999999999999999999", OptionError::LimitTooLarge),
            ("0.001", OptionError::LimitBelowACent),
        ] {
            assert_eq!(SignInOptions::parse_limit(input), Err(error), "{input:?}");
        }
    }

    #[test]
    fn limits_go_to_openrouter_in_dollars() {
        let usd = |cents| {
            SignInOptions {
                limit_cents: cents,
                key_label: None,
            }
            .limit_usd()
        };
        assert_eq!(usd(None), None);
        assert_eq!(usd(Some(500)).as_deref(), Some("5"));
        assert_eq!(usd(Some(250)).as_deref(), Some("2.50"));
        assert_eq!(usd(Some(1)).as_deref(), Some("0.01"));
        assert_eq!(usd(Some(10_000_000)).as_deref(), Some("100000"));
    }

    #[test]
    fn key_labels() {
        assert_eq!(SignInOptions::parse_key_label("  "), Ok(None));
        assert_eq!(
            SignInOptions::parse_key_label(" My app on my laptop "),
            Ok(Some("My app on my laptop".into()))
        );
        assert_eq!(
            SignInOptions::parse_key_label(&"é".repeat(64)),
            Ok(Some("é".repeat(64)))
        );
        assert_eq!(
            SignInOptions::parse_key_label(&"x".repeat(65)),
            Err(OptionError::LabelTooLong)
        );
    }

    #[test]
    fn every_message_is_a_sentence() {
        for e in [
            OptionError::LimitNotANumber,
            OptionError::LimitNotPositive,
            OptionError::LimitTooLarge,
            OptionError::LimitBelowACent,
            OptionError::LabelTooLong,
        ] {
            assert!(e.message().ends_with('.'), "{e:?}");
        }
    }

    #[test]
    fn config_defaults_and_builders() {
        let c = AuthConfig::default();
        assert_eq!(c.callback_path, "callback");
        assert_eq!(c.app_title, None);
        let c = c.with_origin("http://127.0.0.1:9/");
        assert_eq!(c.origin, "http://127.0.0.1:9");
        assert_eq!(c.api_url("/api/v1/key"), "http://127.0.0.1:9/api/v1/key");
    }
}
