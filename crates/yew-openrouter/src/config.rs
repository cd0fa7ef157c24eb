//! Build-time configuration.
//!
//! The OpenRouter origin is fixed when the app is compiled: `OPENROUTER_ORIGIN` in the build
//! environment, `https://openrouter.ai` by default. It is never read from the URL, storage or
//! anything else a page visitor controls, because a link that could change it could send the
//! PKCE verifier (and then the key) to another server.

/// The OpenRouter origin every request goes to, without a trailing slash.
pub const OPENROUTER_ORIGIN: &str = match option_env!("OPENROUTER_ORIGIN") {
    Some(origin) => origin,
    None => "https://openrouter.ai",
};

/// The app's name, sent as `X-OpenRouter-Title` for attribution.
pub const APP_TITLE: &str = "Sign in with OpenRouter for Yew";

/// The full URL of an OpenRouter path on [`OPENROUTER_ORIGIN`], e.g. `api_url("/api/v1/key")`.
pub fn api_url(path: &str) -> String {
    format!("{OPENROUTER_ORIGIN}{path}")
}
