//! Everything the chat keeps in `localStorage`: the conversation, the draft, the chosen model, the
//! system prompt and temperature, and a conversation that could not be read, kept aside. Every
//! failure is a note for the user, never a panic.
//!
//! The chat's data belongs to the signed-in user and lives only while a key is stored:
//! - [`use_forget_when_signed_out`] (an app-wide effect, on every page) removes all of it as soon
//!   as the auth store is signed out, whether this tab signed out, another tab did (the store
//!   follows it), or the page was opened with no key;
//! - nothing is written while no key is stored (`set`), so a tab that learns of a sign-out late
//!   (a reply abandoned as its page goes away) cannot bring the data back.
//!
//! Tabs share one conversation: [`followed`] turns what another tab saved (a `storage` event) into
//! an action of this tab's view-model.

use std::rc::Rc;

use yew::prelude::*;
use yew_openrouter::auth::persist::API_KEY_STORAGE_KEY;
use yew_openrouter::auth::use_auth;
use yew_openrouter::web::{self, StorageError, StorageKind};

use super::state::{ChatAction, ChatSettings, ChatState, Entry};

const ENTRIES_KEY: &str = "openrouter_chat_conversation";
const DRAFT_KEY: &str = "openrouter_chat_draft";
const MODEL_KEY: &str = "openrouter_chat_model";
const SETTINGS_KEY: &str = "openrouter_chat_settings";
/// Where a saved conversation that cannot be read is kept, instead of being lost.
pub const DAMAGED_KEY: &str = "openrouter_chat_conversation_damaged";

/// Every entry the chat writes.
const ALL_KEYS: [&str; 5] = [ENTRIES_KEY, DRAFT_KEY, MODEL_KEY, SETTINGS_KEY, DAMAGED_KEY];

/// What a storage failure means for the chat, in words.
pub fn note(e: StorageError) -> String {
    match e {
        StorageError::Unavailable => "This browser does not let the page use storage (private mode or blocked site data), so the conversation will be lost when the page reloads.",
        StorageError::WriteFailed => "The conversation could not be saved (the browser's storage may be full), so the latest changes may be lost when the page reloads. A new conversation frees space.",
        // A kind of failure this page does not know yet: the library's own words.
        _ => e.message(),
    }
    .to_string()
}

/// The state a previous visit left, or a fresh one (with a note when storage failed). A saved
/// conversation that cannot be read is moved to [`DAMAGED_KEY`] (the restored state's note says
/// it was kept aside), so the next save does not overwrite it.
pub fn load() -> ChatState {
    let get = |key| web::storage_get(StorageKind::Local, key);
    match (get(ENTRIES_KEY), get(DRAFT_KEY), get(MODEL_KEY)) {
        (Ok(entries), Ok(draft), Ok(model)) => {
            let settings = get(SETTINGS_KEY).ok().flatten();
            let state = ChatState::restore(entries.as_deref(), draft, model)
                .with_settings(settings.as_deref());
            match (entries, state.note.is_some()) {
                (Some(damaged), true) => match keep_aside(&damaged) {
                    Ok(()) => state,
                    Err(e) => state.apply(ChatAction::StorageNote(Some(note(e)))),
                },
                _ => state,
            }
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            ChatState::default().apply(ChatAction::StorageNote(Some(note(e))))
        }
    }
}

/// Moves an unreadable conversation to [`DAMAGED_KEY`].
fn keep_aside(damaged: &str) -> Result<(), StorageError> {
    set(DAMAGED_KEY, damaged)?;
    web::storage_remove(StorageKind::Local, ENTRIES_KEY)
}

/// Writes `key`, unless no key is stored: the chat's data lives only while someone is signed in.
fn set(key: &str, value: &str) -> Result<(), StorageError> {
    match web::storage_get(StorageKind::Local, API_KEY_STORAGE_KEY)? {
        Some(_) => web::storage_set(StorageKind::Local, key, value),
        None => Ok(()),
    }
}

/// Saves the conversation.
pub fn save_entries(state: &ChatState) -> Result<(), StorageError> {
    if state.entries.is_empty() {
        web::storage_remove(StorageKind::Local, ENTRIES_KEY)
    } else {
        set(ENTRIES_KEY, &state.entries_json())
    }
}

/// Saves the system prompt and the temperature.
pub fn save_settings(state: &ChatState) -> Result<(), StorageError> {
    set(SETTINGS_KEY, &state.settings_json())
}

/// Saves the draft.
pub fn save_draft(draft: &str) -> Result<(), StorageError> {
    if draft.is_empty() {
        web::storage_remove(StorageKind::Local, DRAFT_KEY)
    } else {
        set(DRAFT_KEY, draft)
    }
}

/// Saves the chosen model.
pub fn save_model(model: &str) -> Result<(), StorageError> {
    set(MODEL_KEY, model)
}

/// What another tab saved, as an action of this tab's view-model: its conversation (the draft
/// stays each tab's own), model or settings. `None` for anything else, or a conversation that
/// does not parse (the tab that wrote it keeps it aside).
pub fn followed(event: &web_sys::StorageEvent) -> Option<ChatAction> {
    let local = web::storage(StorageKind::Local).ok()?;
    if event.storage_area().is_some_and(|area| area != local) {
        return None;
    }
    let value = event.new_value();
    match event.key().as_deref() {
        // Everything was cleared.
        None => Some(ChatAction::Followed(Vec::new())),
        Some(ENTRIES_KEY) => Some(ChatAction::Followed(match value {
            Some(json) => ChatState::parse_entries(&json).ok()?,
            None => Vec::<Rc<Entry>>::new(),
        })),
        Some(MODEL_KEY) => value.map(ChatAction::SetModel),
        Some(SETTINGS_KEY) => Some(ChatAction::SetSettings(
            value
                .and_then(|json| serde_json::from_str::<ChatSettings>(&json).ok())
                .unwrap_or_default(),
        )),
        Some(_) => None,
    }
}

/// Whether the chat has anything of the user's saved: a conversation (or one kept aside) or a
/// draft. Sign-out says what it will forget when so.
pub fn has_saved_chat() -> bool {
    [ENTRIES_KEY, DAMAGED_KEY, DRAFT_KEY]
        .into_iter()
        .any(|key| {
            web::storage_get(StorageKind::Local, key)
                .ok()
                .flatten()
                .is_some_and(|v| !v.is_empty())
        })
}

/// Removes everything the chat saved.
pub fn forget() {
    for key in ALL_KEYS {
        let _ = web::storage_remove(StorageKind::Local, key);
    }
}

/// Removes everything the chat saved whenever the auth store has read storage and holds no key:
/// after a sign-out in this tab or another, or on a page opened signed out.
#[hook]
pub fn use_forget_when_signed_out() {
    let auth = use_auth();
    use_effect_with(
        (auth.is_ready(), auth.is_signed_in()),
        |(ready, signed_in)| {
            if *ready && !*signed_in {
                forget();
            }
        },
    );
}
