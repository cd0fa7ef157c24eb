//! Keeping the conversation, the draft and the chosen model in `localStorage`, so they survive a
//! reload. Every failure is a note for the user, never a panic.

use yew_openrouter::chat::state::{ChatAction, ChatState};
use yew_openrouter::web::{self, StorageError, StorageKind};

const ENTRIES_KEY: &str = "openrouter_chat_conversation";
const DRAFT_KEY: &str = "openrouter_chat_draft";
const MODEL_KEY: &str = "openrouter_chat_model";
const SETTINGS_KEY: &str = "openrouter_chat_settings";
/// Where a saved conversation that cannot be read is kept, instead of being lost.
pub const DAMAGED_KEY: &str = "openrouter_chat_conversation_damaged";

/// What a storage failure means for the chat, in words.
pub fn note(e: StorageError) -> String {
    match e {
        StorageError::Unavailable => "This browser does not let the page use storage (private mode or blocked site data), so the conversation will be lost when the page reloads.",
        StorageError::WriteFailed => "The conversation could not be saved (the browser's storage may be full), so the latest changes may be lost when the page reloads. A new conversation frees space.",
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
    web::storage_set(StorageKind::Local, DAMAGED_KEY, damaged)?;
    web::storage_remove(StorageKind::Local, ENTRIES_KEY)
}

/// Saves the conversation.
pub fn save_entries(state: &ChatState) -> Result<(), StorageError> {
    if state.entries.is_empty() {
        web::storage_remove(StorageKind::Local, ENTRIES_KEY)
    } else {
        web::storage_set(StorageKind::Local, ENTRIES_KEY, &state.entries_json())
    }
}

/// Saves the system prompt and the temperature.
pub fn save_settings(state: &ChatState) -> Result<(), StorageError> {
    web::storage_set(StorageKind::Local, SETTINGS_KEY, &state.settings_json())
}

/// Saves the draft.
pub fn save_draft(draft: &str) -> Result<(), StorageError> {
    if draft.is_empty() {
        web::storage_remove(StorageKind::Local, DRAFT_KEY)
    } else {
        web::storage_set(StorageKind::Local, DRAFT_KEY, draft)
    }
}

/// Saves the chosen model.
pub fn save_model(model: &str) -> Result<(), StorageError> {
    web::storage_set(StorageKind::Local, MODEL_KEY, model)
}
