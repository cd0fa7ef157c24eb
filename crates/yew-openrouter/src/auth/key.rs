//! The API key: a newtype whose `Debug` and `Display` never show it whole, and that only holds
//! what can be sent as `Authorization: Bearer <key>`.

use std::fmt;

use sha2::{Digest, Sha256};

/// An OpenRouter API key (`sk-or-v1-…`).
///
/// `Debug` and `Display` print the masked form only; the full key is reachable through
/// [`ApiKey::expose`], which call sites use to build the `Authorization` header and nothing else.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

/// Why a string is not an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidKey {
    /// Nothing, or only spaces.
    Empty,
    /// It holds a character an HTTP header cannot carry as it is (a line break, a space, a
    /// control character or anything outside printable ASCII), so no request could send it.
    NotSendable,
    /// Longer than any key OpenRouter issues (1,024 characters).
    TooLong,
}

impl fmt::Display for InvalidKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InvalidKey::Empty => "the key is empty",
            InvalidKey::NotSendable => "the key holds characters a request cannot send",
            InvalidKey::TooLong => "the key is too long",
        })
    }
}

impl std::error::Error for InvalidKey {}

/// The longest key accepted; OpenRouter's are 73 characters.
const MAX_KEY_LEN: usize = 1024;

impl ApiKey {
    /// Checks and wraps a key: a key is what an `Authorization` header can carry, so it is
    /// printable ASCII with no spaces (OpenRouter's keys are `sk-or-v1-` and 64 hex digits).
    /// Every way a key enters the app (the exchange's answer, storage, another tab) goes
    /// through here.
    pub fn parse(key: impl Into<String>) -> Result<Self, InvalidKey> {
        let key = key.into();
        if key.trim().is_empty() {
            Err(InvalidKey::Empty)
        } else if !key.bytes().all(|b| b.is_ascii_graphic()) {
            Err(InvalidKey::NotSendable)
        } else if key.len() > MAX_KEY_LEN {
            Err(InvalidKey::TooLong)
        } else {
            Ok(ApiKey(key))
        }
    }

    /// [`ApiKey::parse`], for callers that need no reason.
    pub fn new(key: impl Into<String>) -> Option<Self> {
        Self::parse(key).ok()
    }

    /// The key's SHA-256 digest in lowercase hexadecimal: what OpenRouter's links to a key's
    /// settings (`/keys/<hash>`) and activity (`/logs?api_key_hash=<hash>`) name it by, so a
    /// page can link to them without the key entering a URL.
    pub fn sha256_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        Sha256::digest(self.0.as_bytes())
            .iter()
            .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]])
            .map(char::from)
            .collect()
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
        assert_eq!(ApiKey::parse(""), Err(InvalidKey::Empty));
        assert_eq!(ApiKey::parse("  "), Err(InvalidKey::Empty));
    }

    #[test]
    fn a_key_a_header_cannot_carry_is_not_a_key() {
        for broken in [
            "sk-or-v1-abc\ndef",
            "sk-or-v1-abc\r\n",
            "sk-or-v1-abc def",
            " sk-or-v1-abc",
            "sk-or-v1-clé",
            "sk-or-v1-\u{0}",
            "sk-or-v1-\t",
        ] {
            assert_eq!(
                ApiKey::parse(broken),
                Err(InvalidKey::NotSendable),
                "{broken:?}"
            );
        }
        assert_eq!(ApiKey::parse("k".repeat(1025)), Err(InvalidKey::TooLong));
        assert!(ApiKey::parse(KEY).is_ok());
    }

    #[test]
    fn the_hash_is_sha256_in_lowercase_hex() {
        // sha256("abc"), FIPS 180-2's example.
        assert_eq!(
            ApiKey::new("abc").unwrap().sha256_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let hash = ApiKey::new(KEY).unwrap().sha256_hex();
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains(&KEY[9..20]));
    }
}
