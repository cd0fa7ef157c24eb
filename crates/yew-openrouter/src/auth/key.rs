//! The API key: a newtype whose `Debug` and `Display` never show it whole.

use std::fmt;

/// An OpenRouter API key (`sk-or-v1-…`).
///
/// `Debug` and `Display` print the masked form only; the full key is reachable through
/// [`ApiKey::expose`], which call sites use to build the `Authorization` header and nothing else.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. An empty or blank string is not a key.
    pub fn new(key: impl Into<String>) -> Option<Self> {
        let key = key.into();
        (!key.trim().is_empty()).then_some(ApiKey(key))
    }

    /// The full key, for the `Authorization` header and storage only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key as a person may see it: the first 11 characters, an ellipsis and the last 4
    /// (`sk-or-v1-ab…wxyz`). Keys too short for that show only `…` and the last 2 characters.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() >= 24 {
            let head: String = chars[..11].iter().collect();
            let tail: String = chars[chars.len() - 4..].iter().collect();
            format!("{head}…{tail}")
        } else {
            let tail: String = chars[chars.len().saturating_sub(2)..].iter().collect();
            format!("…{tail}")
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "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";

    #[test]
    fn masked_shows_prefix_and_last_four() {
        assert_eq!(ApiKey::new(KEY).unwrap().masked(), "sk-or-v1-0e…1c96");
    }

    #[test]
    fn debug_and_display_never_contain_the_key() {
        let key = ApiKey::new(KEY).unwrap();
        let middle = &KEY[12..60];
        for shown in [
            format!("{key:?}"),
            format!("{key}"),
            format!("{:?}", Some(&key)),
        ] {
            assert!(!shown.contains(middle), "{shown}");
            assert!(shown.len() < 40, "{shown}");
        }
    }

    #[test]
    fn short_keys_are_masked_too() {
        assert_eq!(ApiKey::new("sk-short").unwrap().masked(), "…rt");
    }

    #[test]
    fn blank_is_not_a_key() {
        assert!(ApiKey::new("").is_none());
        assert!(ApiKey::new("  ").is_none());
    }
}
