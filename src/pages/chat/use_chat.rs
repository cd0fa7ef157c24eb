//! [`use_chat`]: the chat's life outside its view-model. It reads what a previous visit saved once
//! mounted, saves every change, follows what other tabs save, and owns the request: started when
//! a send makes one pending, its text pushed into the live reply as it arrives, stopped by Stop,
//! and abandoned (aborted, its text kept as a stopped reply) when the page or the tab goes away.
//!
//! The components only read [`ChatHandle::state`] and call its methods; none of them touches
//! storage or the network for the conversation.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_openrouter::auth::{use_auth, ApiKey};
use yew_openrouter::chat::budget::{estimate_prompt_tokens, reply_budget};
use yew_openrouter::chat::models::{KeyInfo, ModelInfo};
use yew_openrouter::chat::service::{self, ChatRequest, ChatStream};
use yew_openrouter::chat::types::{ReplyDelta, ReplyEnd, ReplyState, RequestOptions};

use super::messages::LiveView;
use super::picker::Models;
use super::state::{ChatAction, ChatState, Finish};
use super::storage;

/// The reply being streamed, shared by the hook and the request's callbacks. Whoever ends the
/// reply takes it out of its slot, so it ends once.
struct Live {
    id: u64,
    stream: ChatStream,
    /// The text so far (kept to save it if the page goes away mid-reply).
    text: String,
    /// The reasoning so far (kept likewise).
    reasoning: String,
}

type LiveSlot = Rc<RefCell<Option<Live>>>;

/// The chat as components use it: its state, the reply being streamed, and what can be done.
#[derive(Clone)]
pub struct ChatHandle {
    state: UseReducerHandle<ChatState>,
    live: LiveSlot,
    view: Rc<LiveView>,
    on_grow: Callback<()>,
}

impl ChatHandle {
    /// The view-model.
    pub fn state(&self) -> &ChatState {
        &self.state
    }

    /// What the reply being streamed shows (a new one for each request).
    pub fn live_view(&self) -> Rc<LiveView> {
        self.view.clone()
    }

    /// A callback dispatching `action` with its argument.
    pub fn callback<T: 'static>(&self, action: fn(T) -> ChatAction) -> Callback<T> {
        let d = self.state.dispatcher();
        Callback::from(move |t| d.dispatch(action(t)))
    }

    /// A callback dispatching a fixed action.
    pub fn on<E: 'static>(&self, action: ChatAction) -> Callback<E> {
        let d = self.state.dispatcher();
        Callback::from(move |_| d.dispatch(action.clone()))
    }

    /// Stops the reply being streamed: what arrived is kept, marked stopped.
    pub fn stop(&self) {
        if let Some(l) = self.live.borrow().as_ref() {
            // The request's end callback delivers the text with `Stopped`.
            l.stream.stop();
        }
    }

    /// Forgets the conversation, abandoning a reply being streamed (the draft stays).
    pub fn new_conversation(&self) {
        let abandoned = self.live.borrow_mut().take();
        if let Some(l) = abandoned {
            l.stream.stop();
        }
        self.state.dispatch(ChatAction::NewConversation);
    }
}

/// The chat of the signed-in user with `key`. `models` tells which reasoning efforts the chosen
/// model accepts (an effort is sent only to a model that lists it) and its prices; `figures`
/// (the key's, once loaded) size each request's `max_tokens` to what the key can pay for and tell
/// a key-limit error from an account's. `on_grow` runs whenever the conversation or the reply
/// being streamed grows (to keep its end in view).
#[hook]
pub fn use_chat(
    key: ApiKey,
    models: Models,
    figures: Option<KeyInfo>,
    on_grow: Callback<()>,
) -> ChatHandle {
    let state = use_reducer(ChatState::default);
    let live: LiveSlot = use_mut_ref(|| None);
    let view = use_memo(state.pending.as_ref().map(|p| p.id), |_| {
        Rc::new(LiveView::default())
    });
    let config = use_auth().config().clone();

    // Once mounted: what a previous visit saved; then what other tabs save, and abandoning a
    // reply when the tab goes away (reload, close).
    use_effect_with((), {
        let (state, live) = (state.clone(), live.clone());
        move |_| {
            state.dispatch(ChatAction::Loaded(Box::new(storage::load())));
            let window = yew_openrouter::web::window();
            let followed = {
                let d = state.dispatcher();
                EventListener::new(&window, "storage", move |event| {
                    let followed = event
                        .dyn_ref::<web_sys::StorageEvent>()
                        .and_then(storage::followed);
                    if let Some(action) = followed {
                        d.dispatch(action);
                    }
                })
            };
            let hidden = EventListener::new(&window, "pagehide", move |_| abandon(&live, &state));
            move || drop((followed, hidden))
        }
    });

    // Saving, once loaded: the conversation when it changes, the settings, the draft and the
    // model when they do. A failure becomes a note, never a panic.
    let report = {
        let d = state.dispatcher();
        move |saved: Result<(), yew_openrouter::web::StorageError>| {
            if let Err(e) = saved {
                d.dispatch(ChatAction::StorageNote(Some(storage::note(e))));
            }
        }
    };
    use_effect_with((state.loaded, state.revision), {
        let (state, report, on_grow) = (state.clone(), report.clone(), on_grow.clone());
        move |(loaded, _)| {
            if *loaded {
                report(storage::save_entries(&state));
                on_grow.emit(());
            }
        }
    });
    use_effect_with((state.loaded, state.settings.clone()), {
        let (state, report) = (state.clone(), report.clone());
        move |(loaded, _)| {
            if *loaded {
                report(storage::save_settings(&state));
            }
        }
    });
    use_effect_with(
        (state.loaded, state.draft.clone(), state.model.clone()),
        move |(loaded, draft, model)| {
            if *loaded {
                report(storage::save_draft(draft).and_then(|()| storage::save_model(model)));
            }
        },
    );

    // The request: started when a send makes one pending, abandoned (aborted, its text kept) when
    // the page goes away.
    use_effect_with(state.pending.clone(), {
        let (state, live, view, on_grow) = (
            state.clone(),
            live.clone(),
            (*view).clone(),
            on_grow.clone(),
        );
        move |pending| {
            if let Some(pending) = pending {
                let messages = state.outgoing();
                let effort = state.settings.reasoning_effort.clone().filter(|effort| {
                    models
                        .list()
                        .iter()
                        .any(|m| m.id == pending.model && m.supported_efforts.contains(effort))
                });
                let model = models
                    .list()
                    .iter()
                    .find(|m| m.id == pending.model)
                    .cloned()
                    .unwrap_or_else(|| ModelInfo::from_id(pending.model.clone()));
                let budget = reply_budget(
                    figures.as_ref(),
                    &model,
                    estimate_prompt_tokens(&messages),
                    state.settings.max_reply_tokens,
                );
                let stream = service::stream_chat(
                    ChatRequest {
                        config: &config,
                        key: &key,
                        model: &pending.model,
                        messages: &messages,
                        options: RequestOptions::default()
                            .temperature(state.settings.temperature)
                            .reasoning_effort(effort.as_deref())
                            .max_tokens(budget.max_tokens),
                    },
                    show_text(&live, pending.id, view, on_grow),
                    end_reply(
                        &live,
                        pending.id,
                        state.dispatcher(),
                        figures.clone().map(|k| (k, budget.most_cost)),
                    ),
                );
                *live.borrow_mut() = Some(Live {
                    id: pending.id,
                    stream,
                    text: String::new(),
                    reasoning: String::new(),
                });
            }
            move || abandon(&live, &state)
        }
    });

    ChatHandle {
        state,
        live,
        view: (*view).clone(),
        on_grow,
    }
}

impl ChatHandle {
    /// Sends the draft (bringing the conversation's end back into view).
    pub fn send(&self) {
        self.on_grow.emit(());
        self.state.dispatch(ChatAction::Send);
    }

    /// Asks again for the last reply.
    pub fn regenerate(&self) {
        self.on_grow.emit(());
        self.state.dispatch(ChatAction::Regenerate);
    }
}

/// Adds each new piece of the reply and its reasoning to the live reply (which redraws alone,
/// not the page).
fn show_text(
    live: &LiveSlot,
    id: u64,
    view: Rc<LiveView>,
    on_grow: Callback<()>,
) -> impl FnMut(ReplyDelta<'_>) {
    let live = live.clone();
    move |delta: ReplyDelta<'_>| {
        if delta.keep_alive {
            view.keep_alive();
        }
        if delta.is_empty() {
            return;
        }
        let mut slot = live.borrow_mut();
        let Some(l) = slot.as_mut().filter(|l| l.id == id) else {
            return;
        };
        l.text.push_str(delta.text);
        l.reasoning.push_str(delta.reasoning);
        view.push(delta.reasoning, delta.text);
        on_grow.emit(());
    }
}

/// Delivers the reply to the conversation when the request ends (unless it was abandoned). A
/// failure is read with the key's figures as they were when it was sent, and the most the
/// request could cost (`key`), to tell the key's limit from the account's balance.
fn end_reply(
    live: &LiveSlot,
    id: u64,
    dispatcher: UseReducerDispatcher<ChatState>,
    key: Option<(KeyInfo, Option<f64>)>,
) -> impl FnOnce(ReplyState, ReplyEnd) {
    let live = live.clone();
    move |reply, end| {
        let end = match (end, key) {
            (ReplyEnd::Failed(e), Some((key, most_cost))) => {
                ReplyEnd::Failed(e.with_key(&key, most_cost))
            }
            (end, _) => end,
        };
        let ours = live.borrow_mut().take_if(|l| l.id == id).is_some();
        if ours {
            dispatcher.dispatch(ChatAction::Finished(Finish {
                id,
                text: reply.text,
                usage: reply.usage,
                end,
                reasoning: reply.reasoning,
                reasoning_details: reply.reasoning_details,
            }));
        }
    }
}

/// The page goes away mid-reply: abort it, keep its text as a stopped reply, and save now (no
/// effect will run any more).
fn abandon(live: &LiveSlot, state: &UseReducerHandle<ChatState>) {
    let taken = live.borrow_mut().take();
    if let Some(l) = taken {
        l.stream.stop();
        state.dispatch(ChatAction::Finished(Finish {
            id: l.id,
            text: l.text,
            usage: None,
            end: ReplyEnd::Stopped,
            reasoning: l.reasoning,
            // The details come with the reply's end, which an abandoned reply does not reach.
            reasoning_details: Vec::new(),
        }));
        // Nothing more can be done if this fails: the page is going away.
        let _ = storage::save_entries(state);
    }
}
