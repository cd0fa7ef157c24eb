//! The demo's settings: how it talks to OpenRouter, and its fixed links.

use yew_openrouter::config::AuthConfig;

/// The demo's name, sent to OpenRouter as `X-OpenRouter-Title`.
pub const APP_TITLE: &str = "Sign in with OpenRouter for Yew";

/// The demo's [`AuthConfig`]: the default OpenRouter origin (the build's `OPENROUTER_ORIGIN`,
/// which the tests point at their stand-in) and callback route, with the demo's title.
pub fn auth_config() -> AuthConfig {
    AuthConfig::default().with_app_title(APP_TITLE)
}

/// The repository, linked from the footer.
pub const REPOSITORY_URL: &str =
    "https://github.com/sign-in-with-openrouter/sign-in-with-openrouter";

/// OpenRouter's OAuth PKCE guide.
pub const OAUTH_DOCS_URL: &str = "https://openrouter.ai/docs/guides/overview/auth/oauth";
