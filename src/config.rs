//! The demo's fixed links.

/// The repository, linked from the footer.
pub const REPOSITORY_URL: &str =
    "https://github.com/sign-in-with-openrouter/sign-in-with-openrouter";

/// OpenRouter's OAuth PKCE guide.
pub const OAUTH_DOCS_URL: &str = "https://openrouter.ai/docs/guides/overview/auth/oauth";
