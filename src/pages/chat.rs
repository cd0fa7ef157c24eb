//! `/chat`: the chat panel. Signed out, it says why it needs a key and offers the sign-in button
//! (which comes back here). Signed in: the key's figures, a model picker, the conversation, and a
//! composer; replies stream in as they are written.
//!
//! The conversation is a pure reducer ([`ChatState`]). The reply being streamed is not part of it:
//! its text goes from the request's callback straight into its own element (`live_reply`) as text
//! nodes, so a delta neither re-renders the page nor copies the reply or the history. When the reply
//! ends, it enters the conversation once ([`ChatAction::Finished`]).
//!
//! Leaving the page (or the tab) while a reply streams aborts it and keeps what arrived, marked
//! stopped.

mod composer;
mod key_figures;
pub mod markdown;
mod messages;
mod picker;
pub mod reasoning;
mod settings;
mod storage;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::lazy::{split_point, ChunkError, LazyPart};

use composer::Composer;
use key_figures::Figures;
use messages::{edit_view, error_view, LiveReply, LiveView, MessageView};
use picker::{Models, Picker};
use settings::Settings;
use yew_openrouter::auth::{use_auth, ApiKey};
use yew_openrouter::chat::service::{self, ChatRequest, ChatStream};
use yew_openrouter::chat::state::{ChatAction, ChatState, Finish};
use yew_openrouter::chat::types::{ReplyDelta, ReplyEnd};
use yew_openrouter::components::SignInButton;

use crate::widgets::AuthAlert;

/// The chat page's stylesheet (`chat/chat.css`). It comes with the chat's wasm chunk and is put
/// into `<head>` when the page first renders, so the gallery's first load does not carry it
/// (issue 5). The Content-Security-Policy allows it by its hash (`tools/post_build.py`).
pub const STYLESHEET: &str = include_str!("chat/chat.css");

thread_local! {
    static STYLESHEET_MOUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

split_point! {
    /// The chat page, once its chunk is there. In the split build its chunk is fetched by the
    /// first call, or ahead by [`ChatPart::prefetch`].
    fn chat_page() -> Html in chat, preload fetch_chat_chunk { html! { <ChatPage /> } }
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
    yew_openrouter::web::mount_stylesheet_once(&STYLESHEET_MOUNTED, STYLESHEET);
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

/// The reply being streamed, shared by the page and the request's callbacks. Whoever ends the
/// reply takes it out of its slot, so it ends once.
struct Live {
    id: u64,
    stream: ChatStream,
    /// The text so far (kept to save it if the page goes away mid-reply).
    text: String,
}

type LiveSlot = Rc<RefCell<Option<Live>>>;

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

/// The signed-in panel. It holds every piece of state of the page (one component keeps the
/// bundle small); past messages are memoized components, so typing or streaming does not
/// re-render them.
#[component]
fn ChatPanel(props: &ChatPanelProps) -> Html {
    let state = use_reducer(storage::load);
    let models = use_state(|| Models::Loading);
    let figures = use_state(|| Figures::Loading);
    let picker_open = use_state(|| false);
    let query = use_state(String::new);
    let live: LiveSlot = use_mut_ref(|| None);
    let (log, textarea, search) = (use_node_ref(), use_node_ref(), use_node_ref());
    // What the reply being streamed shows: a new one for each request.
    let view = use_memo(state.pending.as_ref().map(|p| p.id), |_| {
        Rc::new(LiveView::default())
    });
    let follow = use_memo((), {
        let log = log.clone();
        move |_| Follow::new(log)
    });
    let config = use_auth().config().clone();

    // On mount: the model list, and abandoning a reply when the tab goes away (reload, close).
    use_effect_with((), {
        let (models, state, live) = (models.clone(), state.clone(), live.clone());
        let config = config.clone();
        move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                models.set(match service::fetch_models(&config).await {
                    Some(list) => Models::Loaded(Rc::new(list)),
                    None => Models::Failed,
                });
            });
            let listener =
                EventListener::new(&yew_openrouter::web::window(), "pagehide", move |_| {
                    abandon(&live, &state)
                });
            move || drop(listener)
        }
    });
    // The key's figures, again after each reply.
    use_effect_with((props.api_key.clone(), state.finished), {
        let (figures, config) = (figures.clone(), config.clone());
        move |(key, _)| {
            let key = key.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let fetched = service::fetch_key_info(&config, key.expose()).await;
                figures.set(figures.after(fetched));
            });
        }
    });
    use_effect_with(*picker_open, {
        let search = search.clone();
        move |open| {
            if let (true, Some(input)) = (*open, search.cast::<web_sys::HtmlElement>()) {
                let _ = input.focus();
            }
        }
    });

    // Saving: the conversation when it changes, the draft and the model when they do. A failure
    // becomes a note, never a panic.
    let report = {
        let dispatcher = state.dispatcher();
        move |saved: Result<(), yew_openrouter::web::StorageError>| {
            if let Err(e) = saved {
                dispatcher.dispatch(ChatAction::StorageNote(Some(storage::note(e))));
            }
        }
    };
    use_effect_with(state.revision, {
        let (state, report, follow) = (state.clone(), report.clone(), follow.clone());
        move |_| {
            report(storage::save_entries(&state));
            follow.schedule();
        }
    });
    use_effect_with(state.settings.clone(), {
        let (state, report) = (state.clone(), report.clone());
        move |_| report(storage::save_settings(&state))
    });
    use_effect_with(
        (state.draft.clone(), state.model.clone()),
        move |(draft, model)| {
            report(storage::save_draft(draft).and_then(|()| storage::save_model(model)))
        },
    );

    // The request: started when a send makes one pending, abandoned (aborted, its text kept) when
    // the panel goes away.
    use_effect_with(state.pending.clone(), {
        let (state, live, key) = (state.clone(), live.clone(), props.api_key.clone());
        let (view, follow) = ((*view).clone(), follow.clone());
        move |pending| {
            if let Some(pending) = pending {
                let messages = state.outgoing();
                let stream = service::stream_chat(
                    ChatRequest {
                        config: &config,
                        key: key.expose(),
                        model: &pending.model,
                        messages: &messages,
                        temperature: state.settings.temperature,
                        reasoning_effort: None,
                    },
                    show_text(&live, pending.id, view, follow),
                    end_reply(&live, pending.id, state.dispatcher()),
                );
                *live.borrow_mut() = Some(Live {
                    id: pending.id,
                    stream,
                    text: String::new(),
                });
            }
            move || abandon(&live, &state)
        }
    });

    let d = state.dispatcher();
    let dispatch = move |action: fn(String) -> ChatAction| {
        let d = d.clone();
        Callback::from(move |s: String| d.dispatch(action(s)))
    };
    let on_stop = {
        let live = live.clone();
        Callback::from(move |()| {
            if let Some(l) = live.borrow().as_ref() {
                // The request's end callback delivers the text with `Stopped`.
                l.stream.stop();
            }
        })
    };
    let on_new = {
        let (live, d) = (live.clone(), state.dispatcher());
        Callback::from(move |_: MouseEvent| {
            let abandoned = live.borrow_mut().take();
            if let Some(l) = abandoned {
                l.stream.stop();
            }
            d.dispatch(ChatAction::NewConversation);
        })
    };
    let on_send = {
        let (d, follow) = (state.dispatcher(), follow.clone());
        Callback::from(move |()| {
            // Sending brings the end of the conversation back into view.
            follow.at_end.set(true);
            d.dispatch(ChatAction::Send)
        })
    };
    let on_dismiss = {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(ChatAction::DismissError))
    };

    let on_regenerate = {
        let (d, follow) = (state.dispatcher(), follow.clone());
        Callback::from(move |_: MouseEvent| {
            follow.at_end.set(true);
            d.dispatch(ChatAction::Regenerate)
        })
    };
    let act = |action: ChatAction| {
        let d = state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(action.clone()))
    };

    let list = models.list();
    let last = state.entries.len().saturating_sub(1);
    let editing = state.editing.as_ref().zip(state.editable());
    let entries = state.entries.iter().enumerate().map(|(i, entry)| {
        if let Some((text, _)) = editing.filter(|(_, at)| *at == i) {
            return edit_view(
                text,
                dispatch(ChatAction::SetEdit),
                act(ChatAction::ResendEdit),
                act(ChatAction::CancelEdit),
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
    let picker = Picker {
        models: &models,
        current: &state.model,
        open: &picker_open,
        query: &query,
        search: &search,
        on_pick: dispatch(ChatAction::SetModel),
    };
    let composer = Composer {
        draft: &state.draft,
        streaming: state.pending.is_some(),
        can_send: state.can_send(),
        textarea: &textarea,
        on_input: dispatch(ChatAction::SetDraft),
        on_send,
        on_stop,
    };

    html! {
        <section class="chat-page" aria-labelledby="chat-title">
            <div class="chat-panel">
                <header class="chat-head">
                    <div class="chat-title-row">
                        <h1 id="chat-title">{ "Chat" }</h1>
                        { figures.view() }
                    </div>
                    <div class="chat-tools">
                        { picker.view() }
                        <Settings settings={state.settings.clone()}
                            on_system_prompt={dispatch(ChatAction::SetSystemPrompt)}
                            on_temperature={{
                                let d = state.dispatcher();
                                Callback::from(move |t| d.dispatch(ChatAction::SetTemperature(t)))
                            }} />
                        <button type="button" class="button-secondary" onclick={on_new}
                            disabled={empty}>{ "New conversation" }</button>
                    </div>
                </header>
                <div class="chat-log" ref={log} role="log" aria-live="off" aria-label="Conversation" tabindex="0"
                    onscroll={move |_| follow.scrolled()}>
                    if empty {
                        <p class="chat-empty">
                            { "Ask anything. The whole conversation is sent with each message, and it \
                               stays in this browser until you start a new one." }
                        </p>
                    }
                    // A list of its own, so that only its keyed messages are diffed by key: past
                    // messages keep their elements when the conversation grows or shrinks.
                    <>{ for entries }</>
                    if let Some(p) = &state.pending {
                        <LiveReply model={p.model.clone()} view={(*view).clone()} />
                    }
                    if state.editing.is_none() && (state.can_regenerate() || state.editable().is_some()) {
                        <div class="msg-actions">
                            if state.editable().is_some() {
                                <button type="button" class="button-secondary"
                                    onclick={act(ChatAction::StartEdit)}>{ "Edit your last message" }</button>
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
                    { error_view(note, true, Some(on_dismiss)) }
                }
                if let Some(note) = &state.note {
                    <p class="chat-note" role="status">{ note }</p>
                }
                { composer.view() }
            </div>
        </section>
    }
}

/// Adds each new piece of the reply to its Markdown (which re-parses only its open last block)
/// and redraws the live reply alone, not the page; keeps the conversation's end in view.
fn show_text(
    live: &LiveSlot,
    id: u64,
    view: Rc<LiveView>,
    follow: Rc<Follow>,
) -> impl FnMut(ReplyDelta<'_>) {
    let live = live.clone();
    move |ReplyDelta { text: piece, .. }| {
        if piece.is_empty() {
            return;
        }
        let mut slot = live.borrow_mut();
        let Some(l) = slot.as_mut().filter(|l| l.id == id) else {
            return;
        };
        l.text.push_str(piece);
        view.push(piece);
        follow.schedule();
    }
}

/// Delivers the reply to the conversation when the request ends (unless it was abandoned).
fn end_reply(
    live: &LiveSlot,
    id: u64,
    dispatcher: UseReducerDispatcher<ChatState>,
) -> impl FnOnce(yew_openrouter::chat::types::ReplyState, ReplyEnd) {
    let live = live.clone();
    move |reply, end| {
        let ours = live.borrow_mut().take_if(|l| l.id == id).is_some();
        if ours {
            dispatcher.dispatch(ChatAction::Finished(Finish {
                id,
                text: reply.text,
                usage: reply.usage,
                end,
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
        }));
        // Nothing more can be done if this fails: the page is going away.
        let _ = storage::save_entries(state);
    }
}
