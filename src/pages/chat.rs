//! `/chat`: the chat panel. Signed out, it says why it needs a key and offers the sign-in button
//! (which comes back here). Signed in: the key's figures, a model picker, the conversation, and a
//! composer; replies stream in as they are written.
//!
//! The page is laid out as yew's `function_todomvc` example:
//! - [`state`]: the view-model, a pure `Reducible` ([`state::ChatState`]: messages, draft, model,
//!   the request in flight, editing, announcements), tested natively;
//! - `use_chat`: the hook that owns everything else of the chat's life: loading and saving
//!   ([`storage`]), following other tabs, and the request (send, stop, abandon on leave), whose
//!   text goes straight into the live reply, so a delta neither re-renders the page nor copies
//!   the reply or the history; the finished reply enters the view-model once;
//! - components with props: `composer::Composer`, `picker::ModelPicker`,
//!   `settings::Settings`, `key_figures::KeyFigures` and the messages (`messages`).
//!
//! Leaving the page (or the tab) while a reply streams aborts it and keeps what arrived, marked
//! stopped. Signing out (here, on the home page or in another tab) forgets the chat
//! ([`storage`]).

mod composer;
mod key_figures;
pub mod markdown;
mod messages;
mod picker;
mod plain_text;
pub mod reasoning;
mod settings;
pub mod state;
pub mod storage;
mod use_chat;

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::lazy::{split_point, ChunkError, LazyPart};
use crate::widgets::{KeyLinks, SignOutButton};

use composer::Composer;
use key_figures::{use_key_figures, KeyFigures};
use messages::{edit_view, ErrorActions, ErrorView, LiveReply, MessageView};
use picker::{use_models, ModelPicker};
use settings::Settings;
use state::ChatAction;
use use_chat::use_chat;
use yew_openrouter::auth::{use_auth, ApiKey};
use yew_openrouter::chat::budget::{message_tokens, reply_budget, REASONING_MIN_TOKENS};
use yew_openrouter::chat::errors::dollars;
use yew_openrouter::chat::models::ModelInfo;
use yew_openrouter::chat::usage::format_tokens;
use yew_openrouter::components::SignInButton;

use crate::widgets::AuthAlert;

/// The chat page's stylesheet (`chat/chat.css`). It comes with the chat's wasm chunk and is put
/// into `<head>` once the page is mounted (before the browser paints it), so the gallery's first
/// load does not carry it. The Content-Security-Policy allows it by its hash (the release step,
/// `src/bin/release_step`, adds it).
pub const STYLESHEET: &str = include_str!("chat/chat.css");

/// The `id` of the chat's `<style>` element (mounted once per page).
pub const STYLESHEET_ID: &str = "chat-styles";

split_point! {
    /// The chat page, once its chunk is there. In the split build its chunk is fetched by the
    /// first call, or ahead by [`ChatPart::prefetch`].
    fn chat_page() -> Html in chat as CHAT_SPLIT, preload fetch_chat_chunk {
        html! { <ChatPage /> }
    }
}

/// `/chat` as a part of its own ([`crate::lazy`]): the chat's chunk is fetched the first time
/// `/chat` is shown, or as soon as the pointer or the focus reaches the Chat link.
pub struct ChatPart;

impl ChatPart {
    /// Fetches the chat's chunk ahead of a visit (the Chat link's hover and focus). A failure is
    /// left for the visit itself, which shows it and offers a retry.
    pub fn prefetch() {
        wasm_bindgen_futures::spawn_local(async {
            let _ = fetch_chat_chunk().await;
        });
    }
}

impl LazyPart for ChatPart {
    fn load() -> impl std::future::Future<Output = Result<Html, ChunkError>> + 'static {
        chat_page()
    }

    /// The same section, heading and progress the page starts with, so nothing jumps.
    fn loading() -> Html {
        html! {
            <section class="chat-page" aria-busy="true">
                <h1>{ "Chat" }</h1>
                <p>{ "Loading the chat…" }</p>
            </section>
        }
    }

    fn failed(retry: Callback<MouseEvent>) -> Html {
        html! {
            <section class="chat-page">
                <h1>{ "Chat" }</h1>
                <div class="chat-error" role="alert">
                    <p>{ "The chat could not be loaded. Check your connection, then try again." }</p>
                    <div class="chat-error-actions">
                        <button type="button" onclick={retry}>{ "Try again" }</button>
                    </div>
                </div>
            </section>
        }
    }
}

/// The chat page.
#[component]
pub fn ChatPage() -> Html {
    use_effect_with((), |_| {
        yew_openrouter::web::mount_stylesheet(STYLESHEET_ID, STYLESHEET)
    });
    let auth = use_auth();
    match auth.key() {
        Some(key) => html! { <ChatPanel api_key={key} /> },
        None => html! {
            <section class="chat-page chat-signed-out">
                <h1>{ "Chat" }</h1>
                <p>
                    { "The chat talks to OpenRouter with your own OpenRouter key: replies are billed \
                       to your account and go straight from OpenRouter to this page, with no server \
                       of ours in between. Sign in to get a key; you will come back here." }
                </p>
                <AuthAlert />
                <SignInButton return_to="/chat" />
            </section>
        },
    }
}

/// Keeps the conversation scrolled to its end while it grows, unless the user scrolled up.
///
/// Growing text never reads the layout: the scroll happens once per animation frame, when the
/// browser lays the page out anyway. A reply's deltas thus cost no layout of their own.
struct Follow {
    log: NodeRef,
    /// The user has not scrolled away from the end.
    at_end: Cell<bool>,
    /// A frame is already asked for.
    scheduled: Cell<bool>,
    /// The last position this set, to tell its own scroll events from the user's.
    set_to: Cell<i32>,
}

impl Follow {
    fn new(log: NodeRef) -> Self {
        Follow {
            log,
            at_end: Cell::new(true),
            scheduled: Cell::new(false),
            set_to: Cell::new(-1),
        }
    }

    /// A scroll event: the user's, unless it landed where this put it.
    fn scrolled(&self) {
        if let Some(log) = self.log.cast::<Element>() {
            let top = log.scroll_top();
            if top != self.set_to.get() {
                self.at_end
                    .set(log.scroll_height() - top - log.client_height() < 48);
            }
        }
    }

    /// Scrolls to the end at the next frame if the user is there.
    fn schedule(self: &Rc<Self>) {
        if !self.at_end.get() || self.scheduled.replace(true) {
            return;
        }
        let me = self.clone();
        let frame = Closure::once_into_js(move || {
            me.scheduled.set(false);
            if let (true, Some(log)) = (me.at_end.get(), me.log.cast::<Element>()) {
                log.set_scroll_top(log.scroll_height());
                me.set_to.set(log.scroll_top());
            }
        });
        let _ = yew_openrouter::web::window().request_animation_frame(frame.unchecked_ref());
    }
}

/// Props of [`ChatPanel`].
#[derive(Properties, PartialEq)]
struct ChatPanelProps {
    api_key: ApiKey,
}

/// The signed-in panel: the chat's hook and the components it feeds. Past messages are memoized
/// components, so typing or streaming does not re-render them.
#[component]
fn ChatPanel(props: &ChatPanelProps) -> Html {
    let log = use_node_ref();
    let follow = use_memo((), {
        let log = log.clone();
        move |_| Follow::new(log)
    });
    let on_grow = {
        let follow = follow.clone();
        Callback::from(move |()| follow.schedule())
    };
    let models = use_models();
    let finished = use_state(|| (0u64, None::<f64>));
    let figures = use_key_figures(&props.api_key, finished.0, finished.1);
    let chat = use_chat(
        props.api_key.clone(),
        models.clone(),
        figures.info().cloned(),
        on_grow,
    );
    let state = chat.state();
    // The figures follow each finished reply, its cost taken off at once.
    use_effect_with(state.finished, {
        let (finished, cost) = (
            finished.clone(),
            state
                .entries
                .last()
                .and_then(|e| e.usage)
                .and_then(|u| u.cost),
        );
        move |n| finished.set((*n, cost))
    });
    // A key OpenRouter says has expired is forgotten: the page then says so, with a sign-in.
    let auth = use_auth();
    use_effect_with(figures.clone(), move |figures| {
        if let Some(info) = figures.info() {
            if info.is_expired(yew_openrouter::web::now_ms()) {
                auth.forget_expired_key(info.expires_at.as_deref().unwrap_or_default());
            }
        }
    });
    let open_models = use_state(|| 0u64);

    let on_send = {
        let (chat, follow) = (chat.clone(), follow.clone());
        Callback::from(move |()| {
            // Sending brings the end of the conversation back into view.
            follow.at_end.set(true);
            chat.send()
        })
    };
    let on_regenerate = {
        let (chat, follow) = (chat.clone(), follow.clone());
        Callback::from(move |_: MouseEvent| {
            follow.at_end.set(true);
            chat.regenerate()
        })
    };
    let on_stop = {
        let chat = chat.clone();
        Callback::from(move |()| chat.stop())
    };
    let on_new = {
        let chat = chat.clone();
        Callback::from(move |_: MouseEvent| chat.new_conversation())
    };

    let list = models.list();
    let last = state.entries.len().saturating_sub(1);
    let editing = state.editing.as_ref().zip(state.editable());
    let entries = state.entries.iter().enumerate().map(|(i, entry)| {
        if let Some((text, _)) = editing.filter(|(_, at)| *at == i) {
            return edit_view(
                text,
                chat.callback(ChatAction::SetEdit),
                chat.on(ChatAction::ResendEdit),
                chat.on(ChatAction::CancelEdit),
            );
        }
        // OpenRouter sends the cost; the model's prices are only a fallback.
        let pricing = entry
            .usage
            .filter(|u| u.cost.is_none())
            .and_then(|_| list.iter().find(|m| Some(&m.id) == entry.model.as_ref()))
            .and_then(|m| m.pricing);
        html! { <MessageView key={i} entry={entry.clone()} {pricing} last={i == last} /> }
    });
    let empty = state.entries.is_empty() && state.pending.is_none();
    let model = list
        .iter()
        .find(|m| m.id == state.model)
        .cloned()
        .unwrap_or_else(|| ModelInfo::from_id(state.model.clone()));
    let prompt_tokens = message_tokens(&state.settings.system_prompt)
        + state
            .entries
            .iter()
            .map(|e| message_tokens(&e.content))
            .sum::<u64>()
        + message_tokens(&state.draft);
    let budget = reply_budget(
        figures.info(),
        &model,
        prompt_tokens,
        state.settings.max_reply_tokens,
    );
    let budget_words = budget_words(&budget, &model);
    let error_actions = ErrorActions {
        dismiss: chat.on(ChatAction::DismissError),
        retry: chat.on(ChatAction::Retry),
        try_model: chat.callback(ChatAction::TryModel),
        choose_model: {
            let open_models = open_models.clone();
            Callback::from(move |()| open_models.set(*open_models + 1))
        },
    };

    html! {
        <section class="chat-page" aria-labelledby="chat-title">
            <div class="chat-panel">
                <header class="chat-head">
                    <div class="chat-title-row">
                        <h1 id="chat-title">{ "Chat" }</h1>
                        <KeyFigures figures={figures.clone()} />
                        <div class="chat-account">
                            <KeyLinks api_key={props.api_key.clone()} />
                            <SignOutButton />
                        </div>
                    </div>
                    <div class="chat-tools">
                        <ModelPicker models={models.clone()} current={AttrValue::from(state.model.clone())}
                            on_pick={chat.callback(ChatAction::SetModel)} open_requests={*open_models} />
                        <Settings settings={state.settings.clone()}
                            efforts={list.iter().find(|m| m.id == state.model)
                                .map(|m| m.supported_efforts.clone()).unwrap_or_default()}
                            on_effort={chat.callback(ChatAction::SetReasoningEffort)}
                            on_system_prompt={chat.callback(ChatAction::SetSystemPrompt)}
                            on_temperature={chat.callback(ChatAction::SetTemperature)}
                            on_max_reply={chat.callback(ChatAction::SetMaxReplyTokens)} />
                        <button type="button" class="button-secondary" onclick={on_new}
                            disabled={empty}>{ "New conversation" }</button>
                    </div>
                </header>
                <div class="chat-log" ref={log} role="log" aria-live="off" aria-label="Conversation" tabindex="0"
                    onscroll={move |_| follow.scrolled()}>
                    if empty {
                        <p class="chat-empty">
                            { "Ask anything. The whole conversation is sent with each message, and it \
                               stays in this browser until you start a new one or sign out." }
                        </p>
                    }
                    // A list of its own, so that only its keyed messages are diffed by key: past
                    // messages keep their elements when the conversation grows or shrinks.
                    <>{ for entries }</>
                    if let Some(p) = &state.pending {
                        <LiveReply model={p.model.clone()} view={chat.live_view()} />
                    }
                    if state.editing.is_none() && (state.can_regenerate() || state.editable().is_some()) {
                        <div class="msg-actions">
                            if state.editable().is_some() {
                                <button type="button" class="button-secondary"
                                    onclick={chat.on(ChatAction::StartEdit)}>{ "Edit your last message" }</button>
                            }
                            if state.can_regenerate() {
                                <button type="button" class="button-secondary"
                                    onclick={on_regenerate}>{ "Regenerate" }</button>
                            }
                        </div>
                    }
                </div>
                // Finished replies and Stop are announced once, here; the log itself is silent, so
                // a screen reader does not read every token as it streams.
                <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
                    { state.announcement.clone().unwrap_or_default() }
                </div>
                if let Some(note) = &state.error {
                    <ErrorView note={note.clone()} alert=true actions={error_actions} />
                }
                if let Some(note) = &state.note {
                    <p class="chat-note" role="status">{ note }</p>
                }
                <Composer draft={AttrValue::from(state.draft.clone())} streaming={state.pending.is_some()}
                    can_send={state.can_send()} on_input={chat.callback(ChatAction::SetDraft)}
                    {on_send} {on_stop} budget={budget_words.map(AttrValue::from)} />
            </div>
        </section>
    }
}

/// What the key's limit allows, in words under the composer: `"Replies up to about 264 tokens
/// with $0.02 left"`; `None` when nothing limits the reply but the model.
fn budget_words(
    budget: &yew_openrouter::chat::budget::ReplyBudget,
    model: &ModelInfo,
) -> Option<String> {
    let left = budget.remaining?;
    let affordable = budget.affordable?;
    let words = if affordable == 0 {
        format!(
            "This key has {} left of its limit: too little for a reply from this model.",
            dollars(left)
        )
    } else if budget.too_low(model) {
        format!(
            "Replies up to about {} tokens with {} left, less than this model's reasoning needs \
             ({}): pick a model that does not reason, or raise the key's limit.",
            format_tokens(affordable),
            dollars(left),
            format_tokens(REASONING_MIN_TOKENS.into())
        )
    } else {
        let tokens = budget.max_tokens.map_or(affordable, u64::from);
        format!(
            "Replies up to about {} tokens with {} left",
            format_tokens(tokens),
            dollars(left)
        )
    };
    Some(words)
}
