//! Where sign-in state lives in the browser, under the same key names as OpenRouter's reference
//! implementation so the two interoperate:
//! - `localStorage["openrouter_api_key"]`: the key, shared by every tab.
//! - `sessionStorage["openrouter_code_verifier"]`: the pending verifier, this tab only, and
//!   beside it our own record of the sign-in ([`SignInRecord`], JSON under
//!   `openrouter_sign_in`): when it started (it expires after 15 minutes) and the app path to
//!   return to after sign-in.
//!
//! [`check_pending`] is the pure rule applied to what is read back; the rest touches storage.

use serde::{Deserialize, Serialize};

use super::error::AuthError;
use super::key::ApiKey;
use super::pkce::is_valid_verifier;
use super::urls::is_safe_return_path;
use crate::web::{storage_get, storage_remove, storage_set, StorageError, StorageKind};

/// localStorage entry holding the API key.
pub const API_KEY_STORAGE_KEY: &str = "openrouter_api_key";
/// sessionStorage entry holding the pending PKCE verifier.
pub const VERIFIER_STORAGE_KEY: &str = "openrouter_code_verifier";
/// sessionStorage entry holding this tab's [`SignInRecord`], as JSON.
pub const SIGN_IN_RECORD_STORAGE_KEY: &str = "openrouter_sign_in";
/// How long a pending verifier stays usable. OpenRouter's codes live 10 minutes; the consent page
/// may take a while longer, so 15 minutes.
pub const VERIFIER_TTL_MS: f64 = 15.0 * 60.0 * 1000.0;

/// What we keep beside the verifier about the sign-in this tab started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRecord {
    /// When the verifier was made, in whole milliseconds since the Unix epoch.
    pub created_at: u64,
    /// The app path to land on afterwards.
    pub return_to: String,
}

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

impl PendingCheck {
    /// The sign-in that may go ahead, or why the callback must not use the code.
    pub fn ready(self) -> Result<PendingSignIn, AuthError> {
        match self {
            PendingCheck::Ready(pending) => Ok(pending),
            PendingCheck::NonePending => Err(AuthError::NoPendingSignIn),
            PendingCheck::Expired => Err(AuthError::SignInExpired),
            PendingCheck::Invalid => Err(AuthError::InvalidVerifier),
        }
    }
}

/// Applies the rules to what storage held: the verifier and the JSON of its [`SignInRecord`].
/// A verifier with no record (written by the reference implementation, which keeps none) is
/// accepted, as sessionStorage already confines it to this tab, and returns home. A record that
/// is not a [`SignInRecord`] (damaged, or from another version) makes the sign-in
/// [`PendingCheck::Invalid`].
pub fn check_pending(verifier: Option<String>, record: Option<&str>, now_ms: f64) -> PendingCheck {
    let Some(verifier) = verifier else {
        return PendingCheck::NonePending;
    };
    if !is_valid_verifier(&verifier) {
        return PendingCheck::Invalid;
    }
    let record = match record.map(serde_json::from_str::<SignInRecord>) {
        None => None,
        Some(Ok(record)) => Some(record),
        Some(Err(_)) => return PendingCheck::Invalid,
    };
    if let Some(record) = &record {
        let created = record.created_at as f64;
        if created > now_ms + 60_000.0 || now_ms - created > VERIFIER_TTL_MS {
            return PendingCheck::Expired;
        }
    }
    let return_to = record
        .map(|r| r.return_to)
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
    let record = SignInRecord {
        created_at: now_ms as u64,
        return_to: return_to.to_string(),
    };
    // A number and a string always serialize; should it ever fail, nothing is half written.
    let record = serde_json::to_string(&record).map_err(|_| StorageError::WriteFailed)?;
    storage_set(s, VERIFIER_STORAGE_KEY, verifier)?;
    storage_set(s, SIGN_IN_RECORD_STORAGE_KEY, &record)
}

/// Whether this tab has a sign-in pending (the reference's `hasOAuthCallbackPending`).
pub fn has_pending() -> bool {
    matches!(
        storage_get(StorageKind::Session, VERIFIER_STORAGE_KEY),
        Ok(Some(_))
    )
}

/// Reads this tab's pending sign-in without removing it: the check a router's `/callback` arm
/// makes before it renders the callback (which then takes it with [`take_pending`]).
pub fn peek_pending(now_ms: f64) -> Result<PendingCheck, StorageError> {
    let s = StorageKind::Session;
    let verifier = storage_get(s, VERIFIER_STORAGE_KEY)?;
    let record = storage_get(s, SIGN_IN_RECORD_STORAGE_KEY)?;
    Ok(check_pending(verifier, record.as_deref(), now_ms))
}

/// Reads this tab's pending sign-in and removes it, so a verifier is used once whatever happens.
pub fn take_pending(now_ms: f64) -> Result<PendingCheck, StorageError> {
    let check = peek_pending(now_ms)?;
    discard_pending()?;
    Ok(check)
}

/// Removes this tab's pending sign-in, if any.
pub fn discard_pending() -> Result<(), StorageError> {
    let s = StorageKind::Session;
    storage_remove(s, VERIFIER_STORAGE_KEY)?;
    storage_remove(s, SIGN_IN_RECORD_STORAGE_KEY)
}

/// What `localStorage` holds under the key's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredKey {
    /// Nothing: signed out.
    Absent,
    /// A key.
    Usable(ApiKey),
    /// Something that is not a key (see [`ApiKey::parse`]): edited by hand, or written by
    /// another app. It is treated as no key; [`load_key`] has removed it.
    Unusable,
}

impl StoredKey {
    /// What a stored value is.
    pub fn from_stored(value: Option<String>) -> StoredKey {
        match value.map(ApiKey::parse) {
            None => StoredKey::Absent,
            Some(Ok(key)) => StoredKey::Usable(key),
            Some(Err(_)) => StoredKey::Unusable,
        }
    }

    /// The key, when there is a usable one.
    pub fn key(self) -> Option<ApiKey> {
        match self {
            StoredKey::Usable(key) => Some(key),
            StoredKey::Absent | StoredKey::Unusable => None,
        }
    }
}

/// The stored key. A stored value that is not a key is removed (so it is not read again, here or
/// in another tab) and reported as [`StoredKey::Unusable`].
pub fn load_key() -> Result<StoredKey, StorageError> {
    let stored = StoredKey::from_stored(storage_get(StorageKind::Local, API_KEY_STORAGE_KEY)?);
    if stored == StoredKey::Unusable {
        clear_key()?;
    }
    Ok(stored)
}

/// What another tab wrote under the key's name, from its `storage` event: `written` is the
/// event's `newValue`, read as it was written, not as storage holds it by the time this tab's
/// handler runs. Every tab that sees a broken value removes it, so re-reading storage races with
/// the others: the tab that reads last finds nothing and would sign out without saying why. A
/// broken value is removed here only if storage still holds it (a key written since stays).
pub fn key_written_by_another_tab(written: Option<String>) -> StoredKey {
    let stored = StoredKey::from_stored(written.clone());
    if stored == StoredKey::Unusable {
        let still = storage_get(StorageKind::Local, API_KEY_STORAGE_KEY)
            .ok()
            .flatten();
        if still.is_some() && still == written {
            let _ = clear_key();
        }
    }
    stored
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

    /// The check of verifier `v` with a record made at `at` returning to `ret` (no record when
    /// both are `None`).
    fn check(v: Option<&str>, at: Option<f64>, ret: Option<&str>) -> PendingCheck {
        let record = (at.is_some() || ret.is_some()).then(|| {
            serde_json::to_string(&SignInRecord {
                created_at: at.unwrap_or(NOW) as u64,
                return_to: ret.unwrap_or("/").into(),
            })
            .unwrap()
        });
        check_pending(v.map(Into::into), record.as_deref(), NOW)
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
    }

    #[test]
    fn a_damaged_record_makes_the_sign_in_invalid() {
        for record in [
            "yesterday",
            "{}",
            r#"{"created_at":"1","return_to":"/"}"#,
            "null",
        ] {
            assert_eq!(
                check_pending(Some(V.into()), Some(record), NOW),
                PendingCheck::Invalid,
                "{record}"
            );
        }
        assert!(matches!(
            check_pending(
                Some(V.into()),
                Some(r#"{"created_at":1799999990000,"return_to":"/chat","extra":1}"#),
                NOW
            ),
            PendingCheck::Ready(p) if p.return_to == "/chat"
        ));
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
    fn a_stored_value_is_a_key_only_when_it_can_be_sent() {
        assert_eq!(StoredKey::from_stored(None), StoredKey::Absent);
        assert!(matches!(
            StoredKey::from_stored(Some("sk-or-v1-abc".into())),
            StoredKey::Usable(_)
        ));
        for broken in ["", "sk-or-v1-a\nb", "sk-or-v1-ключ"] {
            assert_eq!(
                StoredKey::from_stored(Some(broken.into())),
                StoredKey::Unusable,
                "{broken:?}"
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
