//! The chat page's view-model as a pure [`Reducible`]: the messages, the draft, the chosen model,
//! the request in flight, how each reply ended (usage, error, stopped), the message being edited
//! and what a screen reader hears.
//!
//! No DOM and no storage here: `super::use_chat` feeds it actions, starts the request described
//! by [`ChatState::pending`], and saves what [`ChatState::entries_json`] and friends return. The
//! library (`yew_openrouter::chat`) is only the typed client this drives.
//!
//! Other tabs share the conversation: what another tab saved arrives as
//! [`ChatAction::Followed`] and replaces this tab's messages (a reply this tab is still streaming
//! is added after them when it ends), so a send in one tab never drops what another added.
//!
//! Streaming text does not pass through this state: the reply being streamed lives in its own
//! buffer and element (see the demo's chat page), and only the finished reply arrives here, once,
//! through [`ChatAction::Finished`]. Past messages are `Rc`s, so a new state shares them instead of
//! copying their text.
//!
//! What is kept when something fails:
//! - A request that ends without any reply text (an error status, a network failure, Stop before
//!   the first word) takes the user's message back out of the conversation and puts it back in the
//!   draft, with the error shown above the composer ([`ChatState::error`]).
//! - A reply that got some text keeps it, marked stopped or with its error under it.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use yew::Reducible;

use yew_openrouter::chat::errors::ChatError;
use yew_openrouter::chat::types::{ChatMessage, ReplyEnd, Role, Usage};
use yew_openrouter::chat::DEFAULT_MODEL;

/// An error as the panel shows (and keeps) it: words, and which actions to offer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ErrorNote {
    /// A short title (`"Rate limited"`).
    pub title: String,
    /// What happened and what to do, with OpenRouter's own message.
    pub message: String,
    /// Offer to sign in again (the key was refused; it is never deleted for that).
    #[serde(default, skip_serializing_if = "is_false")]
    pub sign_in: bool,
    /// Where to add credits, when the account's balance is the cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits_url: Option<String>,
    /// The key's own limit is the cause: offer the key's page on OpenRouter.
    #[serde(default, skip_serializing_if = "is_false")]
    pub manage_key: bool,
    /// The model is gone: offer the model list.
    #[serde(default, skip_serializing_if = "is_false")]
    pub model_list: bool,
    /// Seconds OpenRouter asked to wait before retrying (a countdown beside "Retry now").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    /// Models OpenRouter offers instead, each one click away (never switched to silently).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallback_models: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl From<&ChatError> for ErrorNote {
    fn from(e: &ChatError) -> Self {
        ErrorNote {
            title: e.title(),
            message: e.message(),
            sign_in: e.needs_sign_in(),
            credits_url: e.credits_url().map(str::to_string),
            manage_key: e.is_key_limit(),
            model_list: e.offers_model_list(),
            retry_after_secs: e.retry_after_secs(),
            fallback_models: e.fallback_models().to_vec(),
        }
    }
}

/// One message of the conversation, with how it ended when it is a reply. Saved as
/// `{"role","content","model"?,"usage"?,"stopped"?,"error"?}`: fields at their default are left
/// out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Who wrote it.
    pub role: Role,
    /// Its text (a reply's text exactly as streamed).
    pub content: String,
    /// The model asked for this reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The reply's token usage (and cost), from the stream's final chunk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// The user pressed Stop (or left the page) before the reply finished.
    #[serde(default, skip_serializing_if = "is_false")]
    pub stopped: bool,
    /// The reply was cut off or ended with an error event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorNote>,
    /// A reasoning model's reasoning before this reply, shown apart from it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reasoning: String,
    /// The reply's `reasoning_details`, unchanged, sent back with it on the next turn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasoning_details: Vec<Value>,
}

impl Entry {
    /// A message from the user.
    pub fn user(content: impl Into<String>) -> Self {
        Entry {
            role: Role::User,
            content: content.into(),
            model: None,
            usage: None,
            stopped: false,
            error: None,
            reasoning: String::new(),
            reasoning_details: Vec::new(),
        }
    }

    /// A reply from `model`.
    pub fn reply(content: impl Into<String>, model: impl Into<String>) -> Self {
        Entry {
            role: Role::Assistant,
            model: Some(model.into()),
            ..Entry::user(content)
        }
    }
}

/// The request in flight.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// Tells this request's result from a late one of an earlier request.
    pub id: u64,
    /// The model asked (the picker may change meanwhile).
    pub model: String,
    /// The messages this request replaces (the reply a Regenerate redoes, or the message an edit
    /// rewrites and its reply): they come back if the request ends without any reply text, so
    /// nothing is lost to an error.
    pub replaced: Vec<Rc<Entry>>,
    /// The user's message this request answers (a send or an edit; `None` for a Regenerate): it
    /// goes back to the draft or the editor if the request ends without any reply text.
    pub asked: Option<String>,
}

/// What is sent beside the conversation, kept with it across reloads.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatSettings {
    /// Instructions sent first, as a `system` message, when not blank.
    #[serde(default)]
    pub system_prompt: String,
    /// The sampling temperature (0 to 2); `None` leaves it to the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f32>,
    /// How hard a reasoning model thinks (one of the model's `supported_efforts`); `None` leaves
    /// it to the model. Sent only to a model that supports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_effort: Option<String>,
    /// The longest reply, in tokens (sent as `max_tokens`, never above what the key can pay
    /// for); `None` leaves it to the model, or to the key's limit when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_reply_tokens: Option<u32>,
}

/// The temperatures OpenRouter accepts.
pub const TEMPERATURE_RANGE: std::ops::RangeInclusive<f32> = 0.0..=2.0;

/// The result of a request, delivered once.
#[derive(Debug, Clone, PartialEq)]
pub struct Finish {
    /// [`Pending::id`] of the request.
    pub id: u64,
    /// The reply's text (possibly empty).
    pub text: String,
    /// Usage, when the final chunk arrived.
    pub usage: Option<Usage>,
    /// How it ended.
    pub end: ReplyEnd,
    /// The reasoning that came before the text (possibly empty).
    pub reasoning: String,
    /// Every `reasoning_details` item, in arrival order.
    pub reasoning_details: Vec<Value>,
}

/// Everything that can happen to the conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatAction {
    /// The text box changed.
    SetDraft(String),
    /// A model was picked or typed (blank ids are ignored).
    SetModel(String),
    /// Send the draft: it becomes a user message and a request is pending. Ignored while a
    /// request is in flight or when the draft is blank.
    Send,
    /// The pending request ended.
    Finished(Finish),
    /// Forget the conversation (the draft and the model stay). Abandons a request in flight.
    NewConversation,
    /// Hide the error above the composer.
    DismissError,
    /// Saving or loading failed (`Some`) or works again (`None`): a note for the user.
    StorageNote(Option<String>),
    /// The system prompt changed.
    SetSystemPrompt(String),
    /// The reasoning effort changed (`None`: the model's own).
    SetReasoningEffort(Option<String>),
    /// The temperature changed (`None`: the model's own; values outside
    /// [`TEMPERATURE_RANGE`] are ignored).
    SetTemperature(Option<f32>),
    /// The longest reply changed (`None`: the model's own, or what the key's limit buys; 0 is
    /// ignored).
    SetMaxReplyTokens(Option<u32>),
    /// Ask again after an error without a reply: the message put back in the draft is sent, or
    /// the last reply regenerated. Ignored while a request is in flight.
    Retry,
    /// Pick a model OpenRouter offered instead, and ask it ([`ChatAction::Retry`]).
    TryModel(String),
    /// The state a previous visit saved, read once the page is mounted (see
    /// [`ChatState::restore`]); marks the state [`ChatState::loaded`].
    Loaded(Box<ChatState>),
    /// Another tab saved the conversation: this tab shows it from now on. A request in flight here
    /// goes on, and its reply is added after the messages followed.
    Followed(Vec<Rc<Entry>>),
    /// Another tab saved the system prompt and temperature.
    SetSettings(ChatSettings),
    /// Ask again for the last reply: it is replaced by a new answer to the same conversation.
    /// Ignored while a request is in flight or when the last message is not a reply.
    Regenerate,
    /// Start editing the last message the user sent.
    StartEdit,
    /// The text of the message being edited changed.
    SetEdit(String),
    /// Stop editing; nothing changes.
    CancelEdit,
    /// Send the edited message in place of the last one (and its reply). Ignored when blank or
    /// while a request is in flight.
    ResendEdit,
}

/// The messages of a conversation, oldest first. Two lists are equal when they hold the same
/// messages, the same `Rc`s: a message never changes in place, so telling a new state from the
/// old one compares pointers, never the text of the whole conversation.
#[derive(Debug, Clone, Default)]
pub struct Entries(Vec<Rc<Entry>>);

impl PartialEq for Entries {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl std::ops::Deref for Entries {
    type Target = Vec<Rc<Entry>>;
    fn deref(&self) -> &Vec<Rc<Entry>> {
        &self.0
    }
}

impl std::ops::DerefMut for Entries {
    fn deref_mut(&mut self) -> &mut Vec<Rc<Entry>> {
        &mut self.0
    }
}

impl From<Vec<Rc<Entry>>> for Entries {
    fn from(list: Vec<Rc<Entry>>) -> Self {
        Entries(list)
    }
}

/// The conversation. Equality is derived: every field counts (the messages by pointer, see
/// [`Entries`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ChatState {
    /// The messages, oldest first.
    pub entries: Entries,
    /// Bumped whenever `entries` changes (cheap to compare; drives saving).
    pub revision: u64,
    /// The text box.
    pub draft: String,
    /// The chosen model id.
    pub model: String,
    /// The request in flight.
    pub pending: Option<Pending>,
    /// The last request failed without a reply: shown above the composer until the next send.
    pub error: Option<ErrorNote>,
    /// A storage problem, in words.
    pub note: Option<String>,
    /// Requests finished so far (drives refreshing the key's figures).
    pub finished: u64,
    /// The system prompt and temperature.
    pub settings: ChatSettings,
    /// The last user message being edited: its new text.
    pub editing: Option<String>,
    /// What a screen reader should hear now: a finished reply, once; that a reply was stopped.
    pub announcement: Option<String>,
    /// What a previous visit saved has been read (nothing is saved before, so that the empty first
    /// render cannot overwrite it).
    pub loaded: bool,
    next_id: u64,
}

impl Default for ChatState {
    fn default() -> Self {
        ChatState {
            entries: Entries::default(),
            revision: 0,
            draft: String::new(),
            model: DEFAULT_MODEL.to_string(),
            pending: None,
            error: None,
            note: None,
            finished: 0,
            settings: ChatSettings::default(),
            editing: None,
            announcement: None,
            loaded: false,
            next_id: 1,
        }
    }
}

/// What the panel says when the saved conversation could not be read (the page's storage keeps
/// the text aside, so nothing is lost).
pub const DAMAGED_NOTE: &str = "The saved conversation could not be read, so a new one was \
     started. The old one is kept aside in this browser's storage.";

impl ChatState {
    /// The state saved by a previous visit: the conversation as written by
    /// [`ChatState::entries_json`], the draft and the model. Missing parts take their defaults; a
    /// conversation that does not parse ([`ChatState::parse_entries`]) is left out, with
    /// [`DAMAGED_NOTE`] as the note (the caller keeps its text aside).
    pub fn restore(entries: Option<&str>, draft: Option<String>, model: Option<String>) -> Self {
        let mut state = ChatState::default();
        if let Some(json) = entries {
            match Self::parse_entries(json) {
                Ok(list) => state.entries = list.into(),
                Err(_) => state.note = Some(DAMAGED_NOTE.to_string()),
            }
        }
        state.draft = draft.unwrap_or_default();
        if let Some(model) = model.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            state.model = model.to_string();
        }
        state
    }

    /// The settings as saved ([`ChatState::settings_json`]); unreadable ones are the defaults.
    pub fn with_settings(mut self, json: Option<&str>) -> Self {
        self.settings = json
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        self
    }

    /// The settings as JSON, for storage.
    pub fn settings_json(&self) -> String {
        serde_json::to_string(&self.settings).expect("settings serialize")
    }

    /// Reads a conversation written by [`ChatState::entries_json`].
    pub fn parse_entries(json: &str) -> Result<Vec<Rc<Entry>>, serde_json::Error> {
        let list: Vec<Entry> = serde_json::from_str(json)?;
        Ok(list.into_iter().map(Rc::new).collect())
    }

    /// The conversation as JSON, for storage.
    pub fn entries_json(&self) -> String {
        let entries: Vec<&Entry> = self.entries.iter().map(|e| &**e).collect();
        serde_json::to_string(&entries).expect("entries serialize")
    }

    /// A request is in flight.
    pub fn is_streaming(&self) -> bool {
        self.pending.is_some()
    }

    /// The draft can be sent now.
    pub fn can_send(&self) -> bool {
        self.pending.is_none() && !self.draft.trim().is_empty()
    }

    /// The last reply can be asked for again now.
    pub fn can_regenerate(&self) -> bool {
        self.pending.is_none()
            && self.editing.is_none()
            && self
                .entries
                .last()
                .is_some_and(|e| e.role == Role::Assistant)
    }

    /// The index of the last message the user sent, which can be edited (none while a request
    /// is in flight).
    pub fn editable(&self) -> Option<usize> {
        if self.pending.is_some() {
            return None;
        }
        self.entries.iter().rposition(|e| e.role == Role::User)
    }

    /// The messages to send: the system prompt when there is one, then the whole conversation,
    /// without empty messages.
    pub fn outgoing(&self) -> Vec<ChatMessage> {
        let system = self.settings.system_prompt.trim();
        (!system.is_empty())
            .then(|| ChatMessage::system(system))
            .into_iter()
            .chain(
                self.entries
                    .iter()
                    .filter(|e| !e.content.is_empty())
                    .map(|e| {
                        let message = ChatMessage::new(e.role, e.content.clone());
                        if e.reasoning_details.is_empty() {
                            message
                        } else {
                            message.with_reasoning_details(e.reasoning_details.clone())
                        }
                    }),
            )
            .collect()
    }

    /// Starts a request for the conversation as it now is, replacing `replaced`, answering
    /// `asked`.
    fn start_request(&mut self, replaced: Vec<Rc<Entry>>, asked: Option<String>) {
        self.error = None;
        self.announcement = None;
        self.pending = Some(Pending {
            id: self.next_id,
            model: self.model.clone(),
            replaced,
            asked,
        });
        self.next_id += 1;
    }

    /// The transition function.
    pub fn apply(&self, action: ChatAction) -> ChatState {
        let mut next = self.clone();
        match action {
            ChatAction::SetDraft(draft) => next.draft = draft,
            ChatAction::SetModel(model) => {
                let model = model.trim();
                if !model.is_empty() {
                    next.model = model.to_string();
                }
            }
            ChatAction::Send => {
                if !self.can_send() {
                    return next;
                }
                let text = next.draft.trim().to_string();
                next.draft.clear();
                next.push(Entry::user(text.clone()));
                next.start_request(Vec::new(), Some(text));
            }
            ChatAction::Regenerate => {
                if !self.can_regenerate() {
                    return next;
                }
                let old = next.entries.pop().into_iter().collect();
                next.revision += 1;
                next.start_request(old, None);
            }
            ChatAction::StartEdit => {
                if let Some(i) = self.editable() {
                    next.editing = Some(self.entries[i].content.clone());
                }
            }
            ChatAction::SetEdit(text) => {
                if next.editing.is_some() {
                    next.editing = Some(text);
                }
            }
            ChatAction::CancelEdit => next.editing = None,
            ChatAction::ResendEdit => {
                let (Some(i), Some(text)) = (self.editable(), self.editing.as_deref()) else {
                    return next;
                };
                let text = text.trim();
                if text.is_empty() {
                    return next;
                }
                let old = next.entries.split_off(i);
                next.push(Entry::user(text));
                next.editing = None;
                next.start_request(old, Some(text.to_string()));
            }
            ChatAction::Loaded(saved) => {
                next = ChatState {
                    loaded: true,
                    next_id: self.next_id,
                    ..*saved
                };
            }
            ChatAction::Followed(entries) => {
                next.entries = entries.into();
                next.revision += 1;
                if next.editable().is_none() {
                    next.editing = None;
                }
            }
            ChatAction::SetSettings(settings) => {
                if settings
                    .temperature
                    .is_none_or(|t| TEMPERATURE_RANGE.contains(&t))
                {
                    next.settings = settings;
                }
            }
            ChatAction::SetSystemPrompt(prompt) => next.settings.system_prompt = prompt,
            ChatAction::SetReasoningEffort(effort) => next.settings.reasoning_effort = effort,
            ChatAction::SetTemperature(t) => {
                if t.is_none_or(|t| TEMPERATURE_RANGE.contains(&t)) {
                    next.settings.temperature = t;
                }
            }
            ChatAction::SetMaxReplyTokens(n) => {
                if n != Some(0) {
                    next.settings.max_reply_tokens = n;
                }
            }
            ChatAction::Retry => {
                if self.can_send() {
                    return self.apply(ChatAction::Send);
                }
                if self.can_regenerate() {
                    return self.apply(ChatAction::Regenerate);
                }
            }
            ChatAction::TryModel(model) => {
                return self
                    .apply(ChatAction::SetModel(model))
                    .apply(ChatAction::Retry);
            }
            ChatAction::Finished(finish) => {
                let Some(pending) = next.pending.take().filter(|p| p.id == finish.id) else {
                    return self.clone();
                };
                next.finished += 1;
                let error = match &finish.end {
                    ReplyEnd::Failed(e) => Some(ErrorNote::from(e)),
                    _ => None,
                };
                let stopped = matches!(finish.end, ReplyEnd::Stopped);
                next.announcement = match (&finish.end, finish.text.is_empty()) {
                    (ReplyEnd::Stopped, _) => {
                        Some("Stopped. What the model had written so far is kept.".to_string())
                    }
                    (ReplyEnd::Complete, false) => Some(super::plain_text::announcement(
                        &pending.model,
                        &finish.text,
                    )),
                    // Errors are announced by their alert.
                    _ => None,
                };
                if finish.text.is_empty() && !matches!(finish.end, ReplyEnd::Complete) {
                    next.undo_request(pending.replaced, pending.asked);
                    next.error = error;
                } else {
                    next.push(Entry {
                        usage: finish.usage,
                        stopped,
                        error,
                        reasoning: finish.reasoning,
                        reasoning_details: finish.reasoning_details,
                        ..Entry::reply(finish.text, pending.model)
                    });
                }
            }
            ChatAction::NewConversation => {
                if !next.entries.is_empty() {
                    next.entries.clear();
                    next.revision += 1;
                }
                next.pending = None;
                next.error = None;
                next.editing = None;
            }
            ChatAction::DismissError => next.error = None,
            ChatAction::StorageNote(note) => next.note = note,
        }
        next
    }

    fn push(&mut self, entry: Entry) {
        self.entries.push(Rc::new(entry));
        self.revision += 1;
    }

    /// A request ended without a word of reply: the conversation goes back to what it was. A
    /// new message goes back into the draft; an edited one back into its editor, with the
    /// messages it replaced restored; a regenerated reply comes back as it was. The message asked
    /// is found by its text, as messages another tab added meanwhile may follow it.
    fn undo_request(&mut self, replaced: Vec<Rc<Entry>>, asked: Option<String>) {
        let asked = asked.and_then(|text| {
            let at = self
                .entries
                .iter()
                .rposition(|e| e.role == Role::User && e.content == text)?;
            self.entries.remove(at);
            self.revision += 1;
            Some(text)
        });
        match (asked, replaced.is_empty()) {
            (Some(text), true) => self.put_back_in_draft(text),
            (Some(text), false) => self.editing = Some(text),
            (None, _) => {}
        }
        if !replaced.is_empty() {
            self.entries.extend(replaced);
            self.revision += 1;
        }
    }

    /// Puts an unanswered message back into the draft, before what was typed since.
    fn put_back_in_draft(&mut self, text: String) {
        let typed = std::mem::take(&mut self.draft);
        self.draft = text;
        if !typed.trim().is_empty() {
            self.draft.push('\n');
            self.draft.push_str(&typed);
        }
    }
}

impl Reducible for ChatState {
    type Action = ChatAction;

    fn reduce(self: Rc<Self>, action: ChatAction) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage() -> Usage {
        Usage {
            prompt_tokens: 12,
            completion_tokens: 34,
            total_tokens: 46,
            cost: Some(0.0000222),
            reasoning_tokens: None,
            ..Usage::default()
        }
    }

    /// The error an `error` event of the stream (its data) ends a reply with.
    fn mid_stream(event: &str) -> ChatError {
        let mut reply = yew_openrouter::chat::types::ReplyState::new();
        reply.apply_event(event);
        reply.end_error().expect("an error event")
    }

    fn sent(text: &str) -> ChatState {
        ChatState::default()
            .apply(ChatAction::SetDraft(text.into()))
            .apply(ChatAction::Send)
    }

    fn finish(state: &ChatState, text: &str, end: ReplyEnd) -> ChatState {
        let id = state.pending.as_ref().expect("a pending request").id;
        state.apply(ChatAction::Finished(Finish {
            id,
            text: text.into(),
            usage: (end == ReplyEnd::Complete).then(usage),
            end,
            reasoning: String::new(),
            reasoning_details: Vec::new(),
        }))
    }

    fn roles_and_texts(state: &ChatState) -> Vec<(Role, &str)> {
        state
            .entries
            .iter()
            .map(|e| (e.role, e.content.as_str()))
            .collect()
    }

    #[test]
    fn starts_empty_with_the_default_model() {
        let s = ChatState::default();
        assert!(s.entries.is_empty());
        assert_eq!(s.model, DEFAULT_MODEL);
        assert_eq!(s.model, "openai/gpt-4o-mini");
        assert!(!s.is_streaming());
        assert!(!s.can_send());
    }

    #[test]
    fn send_moves_the_trimmed_draft_into_the_conversation() {
        let s = sent("  Hello\nthere \n");
        assert_eq!(roles_and_texts(&s), vec![(Role::User, "Hello\nthere")]);
        assert_eq!(s.draft, "");
        assert_eq!(
            s.pending,
            Some(Pending {
                id: 1,
                model: DEFAULT_MODEL.into(),
                replaced: Vec::new(),
                asked: Some("Hello\nthere".into()),
            })
        );
        assert!(s.is_streaming());
        assert_eq!(s.revision, 1);
    }

    #[test]
    fn blank_draft_or_request_in_flight_does_not_send() {
        let blank = ChatState::default()
            .apply(ChatAction::SetDraft(" \n\t".into()))
            .apply(ChatAction::Send);
        assert!(blank.entries.is_empty());
        assert_eq!(blank.pending, None);
        assert_eq!(blank.draft, " \n\t");

        let busy = sent("first")
            .apply(ChatAction::SetDraft("second".into()))
            .apply(ChatAction::Send);
        assert_eq!(roles_and_texts(&busy), vec![(Role::User, "first")]);
        assert_eq!(busy.draft, "second");
        assert_eq!(busy.pending.as_ref().map(|p| p.id), Some(1));
    }

    #[test]
    fn a_complete_reply_is_kept_with_its_usage_and_model() {
        let s = sent("Hi").apply(ChatAction::SetModel("other/model".into()));
        let s = finish(&s, "Hello!", ReplyEnd::Complete);
        assert_eq!(
            roles_and_texts(&s),
            vec![(Role::User, "Hi"), (Role::Assistant, "Hello!")]
        );
        let reply = &s.entries[1];
        // The model asked when sending, not the one picked meanwhile.
        assert_eq!(reply.model.as_deref(), Some(DEFAULT_MODEL));
        assert_eq!(reply.usage, Some(usage()));
        assert!(!reply.stopped);
        assert_eq!(reply.error, None);
        assert_eq!(s.pending, None);
        assert_eq!(s.finished, 1);
        assert_eq!(s.model, "other/model");
    }

    #[test]
    fn multi_turn_sends_the_whole_conversation() {
        let s = finish(&sent("one"), "reply one", ReplyEnd::Complete)
            .apply(ChatAction::SetDraft("two".into()))
            .apply(ChatAction::Send);
        assert_eq!(
            s.outgoing(),
            vec![
                ChatMessage::user("one"),
                ChatMessage::assistant("reply one"),
                ChatMessage::user("two"),
            ]
        );
        assert_eq!(s.pending.as_ref().map(|p| p.id), Some(2));
    }

    #[test]
    fn past_messages_are_shared_not_copied() {
        let s = finish(&sent("one"), "reply one", ReplyEnd::Complete);
        let t = s.apply(ChatAction::SetDraft("typing".into()));
        assert!(Rc::ptr_eq(&s.entries[0], &t.entries[0]));
        assert!(Rc::ptr_eq(&s.entries[1], &t.entries[1]));
        assert_eq!(s.revision, t.revision);
        let u = t.apply(ChatAction::Send);
        assert!(Rc::ptr_eq(&s.entries[1], &u.entries[1]));
        assert_eq!(u.revision, s.revision + 1);
    }

    #[test]
    fn stop_keeps_the_text_and_marks_it_stopped() {
        let s = finish(&sent("Hi"), "Half a rep", ReplyEnd::Stopped);
        assert_eq!(
            roles_and_texts(&s),
            vec![(Role::User, "Hi"), (Role::Assistant, "Half a rep")]
        );
        assert!(s.entries[1].stopped);
        assert_eq!(s.entries[1].error, None);
        assert_eq!(s.error, None);
        assert_eq!(s.pending, None);
    }

    #[test]
    fn failure_before_any_text_puts_the_message_back_in_the_draft() {
        let before = finish(&sent("one"), "reply one", ReplyEnd::Complete);
        let s = before
            .apply(ChatAction::SetDraft("error:429".into()))
            .apply(ChatAction::Send);
        let err = ChatError::from_status(
            429,
            r#"{"error":{"code":429,"message":"Rate limit exceeded"}}"#,
            Some("7"),
            0.0,
        );
        let s = finish(&s, "", ReplyEnd::Failed(err.clone()));
        assert_eq!(s.draft, "error:429");
        assert_eq!(s.entries, before.entries, "the history is unchanged");
        let note = s.error.as_ref().expect("an error to show");
        assert_eq!(note.title, "Rate limited");
        assert!(note.message.contains("in 7 seconds"), "{}", note.message);
        assert!(
            note.message.contains("Rate limit exceeded"),
            "{}",
            note.message
        );
        assert_eq!(s.pending, None);
        // The next send clears it.
        let again = s.apply(ChatAction::Send);
        assert_eq!(again.error, None);
        assert_eq!(again.entries.len(), 3);
    }

    #[test]
    fn text_typed_while_waiting_is_kept_after_the_restored_message() {
        let s = sent("first").apply(ChatAction::SetDraft("more".into()));
        let s = finish(&s, "", ReplyEnd::Failed(ChatError::network("offline")));
        assert_eq!(s.draft, "first\nmore");
        assert!(s.entries.is_empty());
        assert_eq!(
            s.error.as_ref().map(|e| e.title.as_str()),
            Some("Network error")
        );
    }

    #[test]
    fn stop_before_any_text_puts_the_message_back_without_an_error() {
        let s = finish(&sent("never mind"), "", ReplyEnd::Stopped);
        assert!(s.entries.is_empty());
        assert_eq!(s.draft, "never mind");
        assert_eq!(s.error, None);
    }

    #[test]
    fn failure_mid_stream_keeps_the_text_with_the_error_under_it() {
        let err = mid_stream(r#"{"error":{"code":402,"message":"Provider returned error"}}"#);
        let s = finish(&sent("Hi"), "This reply will", ReplyEnd::Failed(err));
        assert_eq!(
            roles_and_texts(&s),
            vec![(Role::User, "Hi"), (Role::Assistant, "This reply will")]
        );
        let note = s.entries[1]
            .error
            .as_ref()
            .expect("the error under the reply");
        assert_eq!(
            note.credits_url.as_deref(),
            Some(yew_openrouter::chat::errors::CREDITS_URL)
        );
        assert!(!note.sign_in);
        assert_eq!(s.error, None);
        assert!(!s.entries[1].stopped);

        let cut = finish(
            &sent("Hi"),
            "This reply is",
            ReplyEnd::Failed(ChatError::CutOff),
        );
        assert_eq!(
            cut.entries[1].error.as_ref().map(|e| e.title.as_str()),
            Some("Reply cut off")
        );
    }

    #[test]
    fn a_401_offers_sign_in_and_a_402_the_credits_page() {
        let n401 = ErrorNote::from(&ChatError::from_status(401, "", None, 0.0));
        assert!(n401.sign_in);
        assert_eq!(n401.credits_url, None);
        let n402 = ErrorNote::from(&ChatError::from_status(402, "", None, 0.0));
        assert!(!n402.sign_in);
        assert_eq!(
            n402.credits_url.as_deref(),
            Some("https://openrouter.ai/credits")
        );
        assert!(!n402.manage_key);
    }

    #[test]
    fn openrouter_s_answers_choose_the_actions() {
        let key_limit = r#"{"error":{"message":"Key limit exceeded (monthly limit). Manage it using https://openrouter.ai/settings/keys","code":403}}"#;
        let n = ErrorNote::from(&ChatError::from_status(403, key_limit, None, 0.0));
        assert!(n.manage_key);
        assert_eq!(n.credits_url, None);
        let capacity = r#"{"error":{"message":"All providers are at capacity.","error_type":"rate_limit_exceeded","availability":{"code":"capacity_exhausted","retryable":true,"retry_after":40,"fallback_models":["anthropic/claude-haiku-4.5"]}}}"#;
        let n = ErrorNote::from(&ChatError::from_status(429, capacity, None, 0.0));
        assert_eq!(n.retry_after_secs, Some(40));
        assert_eq!(n.fallback_models, ["anthropic/claude-haiku-4.5"]);
        assert!(!n.model_list);
        let gone = r#"{"error":{"code":404,"message":"deprecated","availability":{"code":"model_deprecated"}}}"#;
        assert!(ErrorNote::from(&ChatError::from_status(404, gone, None, 0.0)).model_list);
        // Kept with the conversation, and read back.
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(serde_json::from_str::<ErrorNote>(&json).unwrap(), n);
    }

    #[test]
    fn retry_and_a_model_offered_instead_ask_again() {
        let failed = fail(&sent("Hi"));
        assert_eq!(failed.draft, "Hi");
        let again = failed.apply(ChatAction::Retry);
        assert!(again.is_streaming());
        assert_eq!(again.entries.last().unwrap().content, "Hi");
        // While a request is in flight, nothing.
        assert_eq!(again.apply(ChatAction::Retry).pending, again.pending);
        let other = failed.apply(ChatAction::TryModel("anthropic/claude-haiku-4.5".into()));
        assert_eq!(other.model, "anthropic/claude-haiku-4.5");
        assert_eq!(
            other.pending.as_ref().map(|p| p.model.as_str()),
            Some("anthropic/claude-haiku-4.5")
        );
        // After a reply, Retry regenerates it.
        let done = finish(&sent("Hi"), "Hello", ReplyEnd::Complete);
        let redo = done.apply(ChatAction::Retry);
        assert!(redo.is_streaming());
        assert_eq!(redo.entries.len(), 1);
    }

    #[test]
    fn equality_sees_every_field_and_messages_by_pointer() {
        let s = finish(&sent("Hi"), "Hello", ReplyEnd::Complete);
        assert_eq!(s.clone(), s, "a copy shares the messages");
        // Another tab's messages: the same count and text, other messages.
        let copied: Vec<Rc<Entry>> = s.entries.iter().map(|e| Rc::new((**e).clone())).collect();
        let mut followed = s.clone();
        followed.entries = copied.into();
        assert_ne!(followed, s);
        // A field the reducer changes alone still counts.
        let mut noted = s.clone();
        noted.announcement = None;
        assert_ne!(noted, s);
    }

    #[test]
    fn the_longest_reply_is_a_setting() {
        let s = ChatState::default().apply(ChatAction::SetMaxReplyTokens(Some(300)));
        assert_eq!(s.settings.max_reply_tokens, Some(300));
        assert_eq!(
            s.apply(ChatAction::SetMaxReplyTokens(Some(0)))
                .settings
                .max_reply_tokens,
            Some(300)
        );
        assert_eq!(
            s.apply(ChatAction::SetMaxReplyTokens(None))
                .settings
                .max_reply_tokens,
            None
        );
        assert!(s.settings_json().contains(r#""max_reply_tokens":300"#));
    }

    #[test]
    fn a_late_or_foreign_result_is_ignored() {
        let s = sent("Hi");
        let late = s.apply(ChatAction::Finished(Finish {
            id: 99,
            text: "stale".into(),
            usage: None,
            end: ReplyEnd::Complete,
            reasoning: String::new(),
            reasoning_details: Vec::new(),
        }));
        assert_eq!(late, s);
        assert_eq!(late.entries, s.entries);
        let s = finish(&s, "ok", ReplyEnd::Complete);
        // The same result delivered twice counts once.
        let twice = s.apply(ChatAction::Finished(Finish {
            id: 1,
            text: "ok".into(),
            usage: None,
            end: ReplyEnd::Complete,
            reasoning: String::new(),
            reasoning_details: Vec::new(),
        }));
        assert_eq!(twice, s);
        assert_eq!(twice.entries, s.entries);
    }

    #[test]
    fn new_conversation_forgets_messages_and_abandons_the_request() {
        let s = finish(&sent("one"), "reply", ReplyEnd::Complete)
            .apply(ChatAction::SetDraft("two".into()))
            .apply(ChatAction::Send)
            .apply(ChatAction::SetDraft("draft stays".into()))
            .apply(ChatAction::NewConversation);
        assert!(s.entries.is_empty());
        assert_eq!(s.pending, None);
        assert_eq!(s.draft, "draft stays");
        let id = 2;
        let after = s.apply(ChatAction::Finished(Finish {
            id,
            text: "late".into(),
            usage: None,
            end: ReplyEnd::Complete,
            reasoning: String::new(),
            reasoning_details: Vec::new(),
        }));
        assert!(
            after.entries.is_empty(),
            "the abandoned reply does not come back"
        );
    }

    #[test]
    fn blank_model_ids_are_ignored() {
        let s = ChatState::default().apply(ChatAction::SetModel("  \n".into()));
        assert_eq!(s.model, DEFAULT_MODEL);
        let s = s.apply(ChatAction::SetModel(" x-ai/grok-4 ".into()));
        assert_eq!(s.model, "x-ai/grok-4");
    }

    #[test]
    fn reduce_returns_the_same_rc_when_nothing_changes() {
        let s = Rc::new(ChatState::default());
        let same = s.clone().reduce(ChatAction::DismissError);
        assert!(Rc::ptr_eq(&s, &same));
        let changed = s.clone().reduce(ChatAction::SetDraft("x".into()));
        assert!(!Rc::ptr_eq(&s, &changed));
        assert_eq!(changed.draft, "x");
    }

    #[test]
    fn storage_note() {
        let s = ChatState::default().apply(ChatAction::StorageNote(Some("full".into())));
        assert_eq!(s.note.as_deref(), Some("full"));
        assert_eq!(s.apply(ChatAction::StorageNote(None)).note, None);
    }

    #[test]
    fn save_and_restore_round_trip() {
        let err = mid_stream(r#"{"error":{"message":"boom"}}"#);
        let s = finish(&sent("one"), "reply <img src=x>", ReplyEnd::Complete)
            .apply(ChatAction::SetDraft("two".into()))
            .apply(ChatAction::Send);
        let s = finish(&s, "partial", ReplyEnd::Failed(err));
        let s = s
            .apply(ChatAction::SetDraft("three".into()))
            .apply(ChatAction::Send);
        let s = finish(&s, "stopped here", ReplyEnd::Stopped)
            .apply(ChatAction::SetDraft("unsent".into()))
            .apply(ChatAction::SetModel("anthropic/claude-3.5-haiku".into()));

        let json = s.entries_json();
        let back = ChatState::restore(Some(&json), Some(s.draft.clone()), Some(s.model.clone()));
        assert_eq!(*back.entries, *s.entries, "the same messages, read back");
        assert_eq!(back.draft, "unsent");
        assert_eq!(back.model, "anthropic/claude-3.5-haiku");
        assert_eq!(back.note, None);
        assert_eq!(back.pending, None);
        // Compact: defaults are not written.
        assert!(
            json.starts_with(r#"[{"role":"user","content":"one"},"#),
            "{json}"
        );
        assert!(!json.contains("\"stopped\":false"), "{json}");
    }

    #[test]
    fn saved_format_is_unchanged() {
        let json = r#"[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi \"there\"\n日本 🦀"},{"role":"assistant","content":"Hel","model":"openai/gpt-4o-mini","usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46,"cost":0.0000222},"stopped":true,"error":{"title":"Out of credits","message":"Add credits.","sign_in":true,"credits_url":"https://openrouter.ai/settings/credits"}}]"#;
        let s = ChatState::restore(Some(json), None, None);
        assert_eq!(s.note, None);
        assert_eq!(s.entries.len(), 3);
        assert_eq!(s.entries_json(), json);
        let s = ChatState::restore(
            Some(r#"[{"role":"user","content":"x","stopped":null}]"#),
            None,
            None,
        );
        assert_eq!(
            s.note.as_deref(),
            Some(DAMAGED_NOTE),
            "a flag must be a bool"
        );
    }

    #[test]
    fn restore_tolerates_missing_and_damaged_data() {
        let s = ChatState::restore(None, None, None);
        assert_eq!(s, ChatState::default());
        let s = ChatState::restore(Some("{not json"), Some("draft".into()), Some(" ".into()));
        assert!(s.entries.is_empty());
        assert_eq!(s.note.as_deref(), Some(DAMAGED_NOTE));
        assert_eq!(s.draft, "draft");
        assert_eq!(s.model, DEFAULT_MODEL);
        let s = ChatState::restore(Some(r#"[{"role":"tool","content":"x"}]"#), None, None);
        assert!(s.entries.is_empty());
        assert!(s.note.is_some());
    }

    fn fail(state: &ChatState) -> ChatState {
        finish(
            state,
            "",
            ReplyEnd::Failed(ChatError::network("fetch failed")),
        )
    }

    #[test]
    fn the_system_prompt_goes_first_and_blank_is_none() {
        let s = sent("Hi").apply(ChatAction::SetSystemPrompt("  Be brief.  ".into()));
        assert_eq!(
            s.outgoing(),
            vec![ChatMessage::system("Be brief."), ChatMessage::user("Hi")]
        );
        let s = s.apply(ChatAction::SetSystemPrompt(" \n ".into()));
        assert_eq!(s.outgoing(), vec![ChatMessage::user("Hi")]);
    }

    #[test]
    fn temperature_within_zero_to_two() {
        let s = ChatState::default().apply(ChatAction::SetTemperature(Some(0.7)));
        assert_eq!(s.settings.temperature, Some(0.7));
        for bad in [-0.1, 2.1, f32::NAN, f32::INFINITY] {
            assert_eq!(
                s.apply(ChatAction::SetTemperature(Some(bad)))
                    .settings
                    .temperature,
                Some(0.7),
                "{bad} is ignored"
            );
        }
        assert_eq!(
            s.apply(ChatAction::SetTemperature(None))
                .settings
                .temperature,
            None
        );
    }

    #[test]
    fn settings_are_saved_and_restored() {
        let s = ChatState::default()
            .apply(ChatAction::SetSystemPrompt("Answer in French.".into()))
            .apply(ChatAction::SetTemperature(Some(1.5)));
        let json = s.settings_json();
        assert_eq!(
            json,
            r#"{"system_prompt":"Answer in French.","temperature":1.5}"#
        );
        let back = ChatState::default().with_settings(Some(&json));
        assert_eq!(back.settings, s.settings);
        assert_eq!(
            ChatState::default().with_settings(Some("{oops")).settings,
            ChatSettings::default()
        );
        assert_eq!(
            ChatState::default()
                .with_settings(Some(r#"{"system_prompt":"x"}"#))
                .settings
                .temperature,
            None
        );
    }

    #[test]
    fn regenerate_replaces_the_last_reply_with_a_new_answer_to_the_same_conversation() {
        let s = finish(&sent("Hi"), "first answer", ReplyEnd::Complete);
        assert!(s.can_regenerate());
        let asked = s.apply(ChatAction::Regenerate);
        assert!(asked.is_streaming());
        assert_eq!(
            asked.outgoing(),
            vec![ChatMessage::user("Hi")],
            "the same question"
        );
        assert_eq!(roles_and_texts(&asked), vec![(Role::User, "Hi")]);
        assert!(!asked.can_regenerate(), "not twice at once");
        let done = finish(&asked, "second answer", ReplyEnd::Complete);
        assert_eq!(
            roles_and_texts(&done),
            vec![(Role::User, "Hi"), (Role::Assistant, "second answer")]
        );
        assert_eq!(
            done.announcement.as_deref(),
            Some("openai/gpt-4o-mini replied: second answer.")
        );
    }

    #[test]
    fn a_failed_regenerate_brings_the_old_reply_back() {
        let s = finish(&sent("Hi"), "first answer", ReplyEnd::Complete);
        let failed = fail(&s.apply(ChatAction::Regenerate));
        assert_eq!(
            roles_and_texts(&failed),
            vec![(Role::User, "Hi"), (Role::Assistant, "first answer")]
        );
        assert!(failed.error.is_some());
        assert_eq!(failed.draft, "");
        assert!(!sent("Hi").can_regenerate(), "nothing to regenerate yet");
    }

    #[test]
    fn edit_and_resend_the_last_message() {
        let s =
            finish(&sent("Hi"), "answer to hi", ReplyEnd::Complete).apply(ChatAction::StartEdit);
        assert_eq!(s.editing.as_deref(), Some("Hi"));
        let s = s.apply(ChatAction::SetEdit("  Hello  ".into()));
        let unchanged = s.apply(ChatAction::CancelEdit);
        assert_eq!(unchanged.editing, None);
        assert_eq!(
            roles_and_texts(&unchanged),
            vec![(Role::User, "Hi"), (Role::Assistant, "answer to hi")],
            "cancel changes nothing"
        );
        let asked = s.apply(ChatAction::ResendEdit);
        assert_eq!(asked.editing, None);
        assert_eq!(roles_and_texts(&asked), vec![(Role::User, "Hello")]);
        assert_eq!(asked.outgoing(), vec![ChatMessage::user("Hello")]);
        let done = finish(&asked, "answer to hello", ReplyEnd::Complete);
        assert_eq!(
            roles_and_texts(&done),
            vec![(Role::User, "Hello"), (Role::Assistant, "answer to hello")]
        );
    }

    #[test]
    fn a_failed_resend_restores_the_conversation_and_keeps_the_edit() {
        let s = finish(&sent("Hi"), "answer to hi", ReplyEnd::Complete)
            .apply(ChatAction::StartEdit)
            .apply(ChatAction::SetEdit("Hello".into()))
            .apply(ChatAction::ResendEdit);
        let failed = fail(&s);
        assert_eq!(
            roles_and_texts(&failed),
            vec![(Role::User, "Hi"), (Role::Assistant, "answer to hi")]
        );
        assert_eq!(
            failed.editing.as_deref(),
            Some("Hello"),
            "the edit is not lost"
        );
        assert!(failed.error.is_some());
        // An unanswered message can be edited too (a send whose reply failed mid-way).
        let s = sent("typo").apply(ChatAction::Finished(Finish {
            id: 1,
            text: "partial".into(),
            usage: None,
            end: ReplyEnd::Failed(ChatError::CutOff),
            reasoning: String::new(),
            reasoning_details: Vec::new(),
        }));
        assert_eq!(s.editable(), Some(0));
        let blank = s
            .apply(ChatAction::StartEdit)
            .apply(ChatAction::SetEdit("  ".into()))
            .apply(ChatAction::ResendEdit);
        assert!(!blank.is_streaming(), "a blank edit is not sent");
    }

    #[test]
    fn stop_is_announced_and_errors_are_left_to_their_alert() {
        let s = finish(&sent("Hi"), "partial", ReplyEnd::Stopped);
        assert!(s.announcement.as_deref().unwrap().starts_with("Stopped."));
        assert_eq!(fail(&sent("Hi")).announcement, None);
        assert_eq!(
            finish(&sent("Hi"), "x", ReplyEnd::Complete)
                .apply(ChatAction::SetDraft("next".into()))
                .apply(ChatAction::Send)
                .announcement,
            None,
            "a new request clears the last announcement"
        );
    }

    #[test]
    fn loading_replaces_the_first_state_and_keeps_request_ids_apart() {
        let saved = ChatState::restore(
            Some(r#"[{"role":"user","content":"old"}]"#),
            Some("draft".into()),
            None,
        );
        let s = ChatState::default();
        assert!(!s.loaded);
        let s = s.apply(ChatAction::Loaded(Box::new(saved)));
        assert!(s.loaded);
        assert_eq!(roles_and_texts(&s), vec![(Role::User, "old")]);
        assert_eq!(s.draft, "draft");
    }

    #[test]
    fn another_tab_s_conversation_is_followed_and_a_reply_in_flight_goes_after_it() {
        // This tab asked; meanwhile another tab added its own turn (after this tab's question).
        let s = sent("alpha one");
        let theirs = ChatState::parse_entries(
            r#"[{"role":"user","content":"alpha one"},{"role":"user","content":"beta two"},{"role":"assistant","content":"beta reply","model":"m"}]"#,
        )
        .unwrap();
        let s = s.apply(ChatAction::Followed(theirs));
        assert!(s.is_streaming(), "the request goes on");
        let done = finish(&s, "alpha reply", ReplyEnd::Complete);
        assert_eq!(
            roles_and_texts(&done),
            vec![
                (Role::User, "alpha one"),
                (Role::User, "beta two"),
                (Role::Assistant, "beta reply"),
                (Role::Assistant, "alpha reply"),
            ],
            "nothing either tab added is lost"
        );
        // Failing without a word takes back this tab's own message only.
        let failed = fail(&s);
        assert_eq!(
            roles_and_texts(&failed),
            vec![(Role::User, "beta two"), (Role::Assistant, "beta reply")]
        );
        assert_eq!(failed.draft, "alpha one");
    }

    #[test]
    fn settings_from_another_tab_are_followed_when_valid() {
        let s = ChatState::default().apply(ChatAction::SetSettings(ChatSettings {
            system_prompt: "Be brief.".into(),
            temperature: Some(1.5),
            reasoning_effort: None,
            max_reply_tokens: None,
        }));
        assert_eq!(s.settings.system_prompt, "Be brief.");
        let bad = s.apply(ChatAction::SetSettings(ChatSettings {
            system_prompt: String::new(),
            temperature: Some(9.0),
            reasoning_effort: None,
            max_reply_tokens: None,
        }));
        assert_eq!(bad.settings, s.settings);
    }

    #[test]
    fn a_reply_keeps_its_reasoning_and_sends_its_details_back_unchanged() {
        let details = vec![
            serde_json::json!({"type": "reasoning.text", "text": "Think.", "index": 0}),
            serde_json::json!({"type": "reasoning.text", "text": "", "signature": "sig", "index": 0}),
        ];
        let s = sent("Hi");
        let id = s.pending.as_ref().unwrap().id;
        let s = s.apply(ChatAction::Finished(Finish {
            id,
            text: "Hello".into(),
            usage: None,
            end: ReplyEnd::Complete,
            reasoning: "Think.".into(),
            reasoning_details: details.clone(),
        }));
        assert_eq!(s.entries[1].reasoning, "Think.");
        let next = s
            .apply(ChatAction::SetDraft("again".into()))
            .apply(ChatAction::Send);
        assert_eq!(
            next.outgoing(),
            vec![
                ChatMessage::user("Hi"),
                ChatMessage::assistant("Hello").with_reasoning_details(details.clone()),
                ChatMessage::user("again"),
            ]
        );
        // Kept across a reload.
        let back = ChatState::restore(Some(&s.entries_json()), None, None);
        assert_eq!(*back.entries, *s.entries, "the same messages, read back");
        assert_eq!(back.entries[1].reasoning_details, details);
    }

    #[test]
    fn the_reasoning_effort_is_a_setting_kept_with_the_others() {
        let s = ChatState::default().apply(ChatAction::SetReasoningEffort(Some("high".into())));
        assert_eq!(s.settings.reasoning_effort.as_deref(), Some("high"));
        let json = s.settings_json();
        assert_eq!(json, r#"{"system_prompt":"","reasoning_effort":"high"}"#);
        let back = ChatState::default().with_settings(Some(&json));
        assert_eq!(back.settings, s.settings);
        assert_eq!(
            s.apply(ChatAction::SetReasoningEffort(None))
                .settings
                .reasoning_effort,
            None
        );
    }
}
