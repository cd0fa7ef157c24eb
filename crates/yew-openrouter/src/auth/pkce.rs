//! PKCE (RFC 7636) with the S256 method: the verifier, its challenge, and the check applied to a
//! verifier read back from storage. Pure: the random bytes come from the caller.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Bytes of randomness in a verifier; base64url without padding makes 43 characters.
pub const VERIFIER_BYTES: usize = 32;
/// Shortest verifier RFC 7636 allows.
pub const VERIFIER_MIN_LEN: usize = 43;
/// Longest verifier RFC 7636 allows.
pub const VERIFIER_MAX_LEN: usize = 128;

/// A verifier from caller-supplied random bytes: base64url, no padding.
pub fn verifier_from_bytes(bytes: &[u8; VERIFIER_BYTES]) -> String {
    base64url(bytes)
}

/// A fresh verifier from the platform CSPRNG (`crypto.getRandomValues` in the browser).
pub fn generate_verifier() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; VERIFIER_BYTES];
    getrandom::fill(&mut bytes)?;
    Ok(verifier_from_bytes(&bytes))
}

/// The S256 challenge: base64url(SHA-256(verifier)), no padding.
pub fn s256_challenge(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

/// base64url (RFC 4648 §5) without padding, as PKCE writes verifiers and challenges.
///
/// Written into a buffer of the exact length (`encode_slice`), which is smaller wasm than
/// `encode`'s growing `String`; base64 is ASCII, so the buffer is always UTF-8.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = vec![0; base64::encoded_len(bytes.len(), false).unwrap_or(0)];
    let written = URL_SAFE_NO_PAD.encode_slice(bytes, &mut out).unwrap_or(0);
    out.truncate(written);
    String::from_utf8(out).unwrap_or_default()
}

/// Whether `verifier` is one RFC 7636 allows: 43 to 128 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`).
pub fn is_valid_verifier(verifier: &str) -> bool {
    (VERIFIER_MIN_LEN..=VERIFIER_MAX_LEN).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_rfc4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url(input.as_bytes()), expected, "{input:?}");
        }
        // The two characters where base64url differs from base64: '-' (62) and '_' (63).
        assert_eq!(base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
    }

    #[test]
    fn rfc7636_appendix_b_vector() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn rfc7636_appendix_b_verifier_from_its_bytes() {
        let bytes = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(
            verifier_from_bytes(&bytes),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
    }

    #[test]
    fn generated_verifier_is_43_unreserved_chars_and_differs_each_time() {
        let a = generate_verifier().unwrap();
        let b = generate_verifier().unwrap();
        assert_eq!(a.len(), 43);
        assert!(is_valid_verifier(&a), "{a}");
        assert!(!a.contains('=') && !a.contains('+') && !a.contains('/'));
        assert_ne!(a, b);
    }

    #[test]
    fn challenge_is_43_chars_of_base64url() {
        let c = s256_challenge(&generate_verifier().unwrap());
        assert_eq!(c.len(), 43);
        assert!(c
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn verifier_validation_bounds_and_charset() {
        assert!(!is_valid_verifier(&"a".repeat(42)));
        assert!(is_valid_verifier(&"a".repeat(43)));
        assert!(is_valid_verifier(&"a".repeat(128)));
        assert!(!is_valid_verifier(&"a".repeat(129)));
        assert!(is_valid_verifier(&format!("{}-._~", "A1".repeat(20))));
        for bad in ['=', '+', '/', ' ', '%', 'é', '"'] {
            let v = format!("{}{bad}", "a".repeat(43));
            assert!(!is_valid_verifier(&v), "{v:?} must be rejected");
        }
        assert!(!is_valid_verifier(""));
    }
}
