//! The Content-Security-Policy of every page, a `<meta>` right after `<meta charset>` (a meta
//! policy governs what follows it), with no `'unsafe-inline'`: scripts from the app's origin and
//! by the sha256 of each inline script (trunk's wasm loader and the theme script),
//! `'wasm-unsafe-eval'` to compile the wasm; styles from the app's origin and by the sha256 of
//! each `<style>` the page carries and of each stylesheet the app mounts later (the chat's);
//! connections only to the app's OpenRouter origin; no objects or forms, `base-uri 'self'`.

use base64::Engine;
use regex::Regex;
use sha2::Digest;

/// The app's OpenRouter origin without a trailing slash; anything but an origin stops the build
/// (it goes into the policy as it is).
pub fn checked_origin(origin: &str) -> Result<String, String> {
    let origin = origin.trim_end_matches('/');
    let shape = Regex::new(r"^https?://[A-Za-z0-9.\-]+(:\d+)?$").expect("a valid pattern");
    if shape.is_match(origin) {
        Ok(origin.to_string())
    } else {
        Err(format!(
            "the app's OpenRouter origin (OPENROUTER_ORIGIN when it was built) must be an \
             origin like https://openrouter.ai, not {origin:?}"
        ))
    }
}

/// A CSP source that allows exactly `text` by its sha256.
pub fn sha256_source(text: &str) -> String {
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy of the pages of one build: what they share.
pub struct Policy {
    /// The sources of the inline scripts, by hash.
    pub scripts: Vec<String>,
    /// The OpenRouter origin, checked ([`checked_origin`]).
    pub origin: String,
}

impl Policy {
    /// The `<meta>` of the policy for a page whose styles are `styles` (every `<style>` it
    /// carries and every stylesheet its app mounts later).
    pub fn meta<'a>(&self, styles: impl IntoIterator<Item = &'a str>) -> String {
        let styles: String = styles
            .into_iter()
            .map(|css| format!(" {}", sha256_source(css)))
            .collect();
        let scripts: String = self.scripts.iter().map(|s| format!(" {s}")).collect();
        let origin = &self.origin;
        format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
             img-src 'self' data:; font-src 'self'; connect-src 'self' {origin}; \
             manifest-src 'self'; base-uri 'self'; form-action 'none'; object-src 'none'\">"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_origin_is_taken_for_openrouter() {
        assert_eq!(
            checked_origin("https://openrouter.ai/").unwrap(),
            "https://openrouter.ai"
        );
        assert_eq!(
            checked_origin("http://127.0.0.1:17654").unwrap(),
            "http://127.0.0.1:17654"
        );
        for bad in [
            "https://openrouter.ai/path",
            "javascript:alert(1)",
            "https://a.b; script-src *",
            "https://a.b\" onload=\"x",
            "openrouter.ai",
            "",
        ] {
            assert!(checked_origin(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_hash_source_is_the_base64_sha256_of_the_text() {
        // sha256("") = e3b0c442…b855, in base64 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=.
        assert_eq!(
            sha256_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
