//! Where sign-in state lives in the browser, under the same key names as OpenRouter's reference
//! implementation so the two interoperate:
//! - `localStorage["openrouter_api_key"]`: the key, shared by every tab.
//! - `sessionStorage["openrouter_code_verifier"]`: the pending verifier, this tab only, plus two
//!   entries of ours beside it: when it was made (it expires after 15 minutes) and the app path
//!   to return to after sign-in.
//!
//! [`check_pending`] is the pure rule applied to what is read back; the rest touches storage.

use super::key::ApiKey;
use super::pkce::is_valid_verifier;
use super::urls::is_safe_return_path;
use crate::web::{storage_get, storage_remove, storage_set, StorageError, StorageKind};

/// localStorage entry holding the API key.
pub const API_KEY_STORAGE_KEY: &str = "openrouter_api_key";
/// sessionStorage entry holding the pending PKCE verifier.
pub const VERIFIER_STORAGE_KEY: &str = "openrouter_code_verifier";
/// sessionStorage entry holding when the verifier was made, in ms since the epoch.
pub const VERIFIER_CREATED_AT_STORAGE_KEY: &str = "openrouter_code_verifier_created_at";
/// sessionStorage entry holding the app path to return to after sign-in.
pub const RETURN_TO_STORAGE_KEY: &str = "openrouter_return_to";
/// How long a pending verifier stays usable. OpenRouter's codes live 10 minutes; the consent page
/// may take a while longer, so 15 minutes.
pub const VERIFIER_TTL_MS: f64 = 15.0 * 60.0 * 1000.0;

/// A sign-in this tab started and may now complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSignIn {
    /// The PKCE verifier, validated.
    pub verifier: String,
    /// The app path to land on afterwards (`/` when unknown).
    pub return_to: String,
}

/// What was found when the callback looked for this tab's pending sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingCheck {
    /// A valid, fresh verifier.
    Ready(PendingSignIn),
    /// No sign-in was started in this tab.
    NonePending,
    /// The verifier is older than [`VERIFIER_TTL_MS`] (or dated in the future).
    Expired,
    /// The stored value is not a verifier RFC 7636 allows.
    Invalid,
}

/// Applies the rules to what storage held. A verifier with no timestamp (written by the reference
/// implementation, which keeps none) is accepted: sessionStorage already confines it to this tab.
pub fn check_pending(
    verifier: Option<String>,
    created_at: Option<String>,
    return_to: Option<String>,
    now_ms: f64,
) -> PendingCheck {
    let Some(verifier) = verifier else {
        return PendingCheck::NonePending;
    };
    if !is_valid_verifier(&verifier) {
        return PendingCheck::Invalid;
    }
    if let Some(created) = created_at {
        // Whole milliseconds, as save_pending writes them (integers keep float formatting and
        // parsing code out of the bundle).
        match created.parse::<u64>().map(|t| t as f64) {
            Ok(t) if t <= now_ms + 60_000.0 && now_ms - t <= VERIFIER_TTL_MS => {}
            _ => return PendingCheck::Expired,
        }
    }
    let return_to = return_to
        .filter(|p| is_safe_return_path(p))
        .unwrap_or_else(|| "/".to_string());
    PendingCheck::Ready(PendingSignIn {
        verifier,
        return_to,
    })
}

/// Whether a `storage` event concerns the key: its own entry, or `clear()` (key `None`).
pub fn storage_event_affects_key(event_key: Option<&str>) -> bool {
    event_key.is_none_or(|k| k == API_KEY_STORAGE_KEY)
}

/// Saves a new pending sign-in for this tab, replacing any older one.
pub fn save_pending(verifier: &str, return_to: &str, now_ms: f64) -> Result<(), StorageError> {
    let s = StorageKind::Session;
    storage_set(s, VERIFIER_STORAGE_KEY, verifier)?;
    storage_set(
        s,
        VERIFIER_CREATED_AT_STORAGE_KEY,
        &(now_ms as u64).to_string(),
    )?;
    storage_set(s, RETURN_TO_STORAGE_KEY, return_to)
}

/// Whether this tab has a sign-in pending (the reference's `hasOAuthCallbackPending`).
pub fn has_pending() -> bool {
    matches!(
        storage_get(StorageKind::Session, VERIFIER_STORAGE_KEY),
        Ok(Some(_))
    )
}

/// Reads this tab's pending sign-in and removes it, so a verifier is used once whatever happens.
pub fn take_pending(now_ms: f64) -> Result<PendingCheck, StorageError> {
    let s = StorageKind::Session;
    let verifier = storage_get(s, VERIFIER_STORAGE_KEY)?;
    let created_at = storage_get(s, VERIFIER_CREATED_AT_STORAGE_KEY)?;
    let return_to = storage_get(s, RETURN_TO_STORAGE_KEY)?;
    discard_pending()?;
    Ok(check_pending(verifier, created_at, return_to, now_ms))
}

/// Reads this tab's pending sign-in without removing it: the check a router's `/callback` arm
/// makes before it renders the callback (which then takes it with [`take_pending`]).
pub fn peek_pending(now_ms: f64) -> Result<PendingCheck, StorageError> {
    let s = StorageKind::Session;
    let verifier = storage_get(s, VERIFIER_STORAGE_KEY)?;
    let created_at = storage_get(s, VERIFIER_CREATED_AT_STORAGE_KEY)?;
    let return_to = storage_get(s, RETURN_TO_STORAGE_KEY)?;
    Ok(check_pending(verifier, created_at, return_to, now_ms))
}

/// Removes this tab's pending sign-in, if any.
pub fn discard_pending() -> Result<(), StorageError> {
    let s = StorageKind::Session;
    storage_remove(s, VERIFIER_STORAGE_KEY)?;
    storage_remove(s, VERIFIER_CREATED_AT_STORAGE_KEY)?;
    storage_remove(s, RETURN_TO_STORAGE_KEY)
}

/// The stored key, if any.
pub fn load_key() -> Result<Option<ApiKey>, StorageError> {
    Ok(storage_get(StorageKind::Local, API_KEY_STORAGE_KEY)?.and_then(ApiKey::new))
}

/// Stores the key for every tab.
pub fn save_key(key: &ApiKey) -> Result<(), StorageError> {
    storage_set(StorageKind::Local, API_KEY_STORAGE_KEY, key.expose())
}

/// Forgets the key in every tab.
pub fn clear_key() -> Result<(), StorageError> {
    storage_remove(StorageKind::Local, API_KEY_STORAGE_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const NOW: f64 = 1_800_000_000_000.0;

    fn check(v: Option<&str>, at: Option<f64>, ret: Option<&str>) -> PendingCheck {
        check_pending(
            v.map(Into::into),
            at.map(|t| t.to_string()),
            ret.map(Into::into),
            NOW,
        )
    }

    #[test]
    fn fresh_verifier_is_ready() {
        assert_eq!(
            check(Some(V), Some(NOW - 60_000.0), Some("/chat")),
            PendingCheck::Ready(PendingSignIn {
                verifier: V.into(),
                return_to: "/chat".into()
            })
        );
    }

    #[test]
    fn nothing_stored_is_none_pending() {
        assert_eq!(
            check(None, Some(NOW), Some("/chat")),
            PendingCheck::NonePending
        );
    }

    #[test]
    fn expiry_after_fifteen_minutes() {
        assert!(matches!(
            check(Some(V), Some(NOW - VERIFIER_TTL_MS), None),
            PendingCheck::Ready(_)
        ));
        assert_eq!(
            check(Some(V), Some(NOW - VERIFIER_TTL_MS - 1.0), None),
            PendingCheck::Expired
        );
        assert_eq!(
            check(Some(V), Some(NOW + 3_600_000.0), None),
            PendingCheck::Expired
        );
        assert_eq!(
            check_pending(Some(V.into()), Some("yesterday".into()), None, NOW),
            PendingCheck::Expired
        );
    }

    #[test]
    fn reference_written_verifier_without_timestamp_is_accepted() {
        assert!(matches!(check(Some(V), None, None), PendingCheck::Ready(p) if p.return_to == "/"));
    }

    #[test]
    fn invalid_verifiers_are_rejected() {
        for bad in ["short", "", &format!("{V}=")[..], &"a".repeat(129)[..]] {
            assert_eq!(
                check(Some(bad), Some(NOW), None),
                PendingCheck::Invalid,
                "{bad}"
            );
        }
    }

    #[test]
    fn unsafe_return_paths_fall_back_home() {
        for bad in [
            "//evil.example/x",
            "https://evil.example",
            "javascript:alert(1)",
        ] {
            assert!(
                matches!(check(Some(V), Some(NOW), Some(bad)), PendingCheck::Ready(p) if p.return_to == "/")
            );
        }
    }

    #[test]
    fn storage_events_that_concern_the_key() {
        assert!(storage_event_affects_key(Some(API_KEY_STORAGE_KEY)));
        assert!(storage_event_affects_key(None));
        assert!(!storage_event_affects_key(Some("theme")));
        assert!(!storage_event_affects_key(Some(VERIFIER_STORAGE_KEY)));
    }
}
