//! The conversation: past messages ([`MessageView`], re-rendered only when their `Rc` changes),
//! the reply being streamed ([`LiveReply`], which redraws alone as [`super::use_chat`] pushes its
//! pieces in, and says while only keep-alives arrive that OpenRouter is still working), and
//! errors in words with what to do ([`ErrorView`]).
//!
//! Model output is untrusted. Replies are Markdown ([`super::markdown`]), built into Yew nodes:
//! raw HTML in a reply is shown as text, only `http`, `https` and `mailto` links become links,
//! images are never loaded. The user's own messages are text.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;
use yew_openrouter::auth::use_auth_opt;

use super::markdown::{render_stream, Markdown, MarkdownStream};
use super::reasoning::Reasoning;
use super::state::{Entry, ErrorNote};

use yew_openrouter::chat::types::Role;
use yew_openrouter::chat::usage::Pricing;
use yew_openrouter::components::{ButtonSize, SignInButton};

/// Props of [`MessageView`].
#[derive(Properties)]
pub struct MessageProps {
    /// The message.
    pub entry: Rc<Entry>,
    /// The model's prices, to show a cost when OpenRouter sent none.
    pub pricing: Option<Pricing>,
    /// The last message: its error is announced.
    pub last: bool,
}

impl PartialEq for MessageProps {
    fn eq(&self, other: &Self) -> bool {
        // Past messages never change in place: the same Rc is the same message.
        Rc::ptr_eq(&self.entry, &other.entry)
            && self.pricing == other.pricing
            && self.last == other.last
    }
}

/// One past message.
#[component]
pub fn MessageView(props: &MessageProps) -> Html {
    let e = &props.entry;
    if e.role != Role::Assistant {
        return html! {
            <article class="msg msg-user" data-testid="user-message">
                <p class="msg-who">{ "You" }</p>
                <div class="msg-text">{ e.content.clone() }</div>
            </article>
        };
    }
    let usage = e.usage.map(|u| u.line(props.pricing.as_ref()));
    html! {
        <article class="msg msg-reply" data-testid="reply">
            <p class="msg-who">{ e.model.clone().unwrap_or_default() }</p>
            if !e.reasoning.is_empty() {
                <Reasoning text={AttrValue::from(e.reasoning.clone())} streaming={false} />
            }
            <div class="msg-text" data-testid="reply-text">
                <Markdown text={AttrValue::from(e.content.clone())} />
            </div>
            if usage.is_some() || e.stopped {
                <p class="msg-meta">
                    if e.stopped { <span class="msg-stopped" data-testid="stopped">{ "Stopped" }</span> }
                    if let Some(usage) = usage { <span data-testid="usage">{ usage }</span> }
                </p>
            }
            if let Some(note) = &e.error {
                <ErrorView note={note.clone()} alert={props.last} />
            }
        </article>
    }
}

/// What the reply being streamed shows: its Markdown so far, and how to redraw it. The chat's hook
/// pushes each piece in; only the [`LiveReply`] redraws, and its finished blocks are memoized,
/// so a piece costs about the same at the end of a long reply as at the start.
pub struct LiveView {
    markdown: RefCell<MarkdownStream>,
    reasoning: RefCell<String>,
    redraw: RefCell<Option<UseForceUpdateHandle>>,
    /// When the request was sent (`performance.now()`, milliseconds).
    started_ms: f64,
    /// A keep-alive comment arrived: OpenRouter is working on the reply.
    kept_alive: Cell<bool>,
}

impl Default for LiveView {
    fn default() -> Self {
        LiveView {
            markdown: RefCell::default(),
            reasoning: RefCell::default(),
            redraw: RefCell::default(),
            started_ms: yew_openrouter::web::now_ms(),
            kept_alive: Cell::new(false),
        }
    }
}

impl LiveView {
    /// Adds a piece of the reasoning and of the reply, and redraws it.
    pub fn push(&self, reasoning: &str, piece: &str) {
        self.reasoning.borrow_mut().push_str(reasoning);
        self.markdown.borrow_mut().push(piece);
        self.redraw();
    }

    /// A keep-alive arrived: the reply says OpenRouter is still working.
    pub fn keep_alive(&self) {
        if !self.kept_alive.replace(true) {
            self.redraw();
        }
    }

    fn redraw(&self) {
        if let Some(redraw) = self.redraw.borrow().as_ref() {
            redraw.force_update();
        }
    }

    /// Nothing of the reply yet, but OpenRouter said it is working on it.
    fn still_working(&self) -> bool {
        self.kept_alive.get()
            && self.reasoning.borrow().is_empty()
            && self.markdown.borrow().text().is_empty()
    }
}

/// A wait in words, to follow "Still working…": `"8 s"`, `"1 min 20 s"`, `"3 min"`.
pub fn elapsed_words(secs: u64) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// Props of [`LiveReply`].
#[derive(Properties)]
pub struct LiveReplyProps {
    /// The model asked.
    pub model: String,
    /// What it shows.
    pub view: Rc<LiveView>,
}

impl PartialEq for LiveReplyProps {
    fn eq(&self, other: &Self) -> bool {
        self.model == other.model && Rc::ptr_eq(&self.view, &other.view)
    }
}

/// The reply being streamed, as Markdown. While only keep-alives arrive it says OpenRouter is
/// still working and for how long, counted every second.
#[component]
pub fn LiveReply(props: &LiveReplyProps) -> Html {
    let redraw = use_force_update();
    // Subscribed once mounted (and for each new reply), never while rendering.
    let view = props.view.clone();
    use_effect_with(Rc::as_ptr(&props.view) as usize, move |_| {
        *view.redraw.borrow_mut() = Some(redraw.clone());
        let ticking = view.clone();
        let clock = Interval::new(1_000, move || {
            if ticking.still_working() {
                redraw.force_update();
            }
        });
        move || {
            drop(clock);
            drop(view.redraw.borrow_mut().take());
        }
    });
    let reasoning = props.view.reasoning.borrow().clone();
    // The reasoning streams until the answer's first word.
    let answering = !props.view.markdown.borrow().text().is_empty();
    let status = if props.view.still_working() {
        let secs = ((yew_openrouter::web::now_ms() - props.view.started_ms) / 1000.0).max(0.0);
        format!(
            "OpenRouter is still working on the reply… {}",
            elapsed_words(secs as u64)
        )
    } else {
        "Streaming…".to_string()
    };
    html! {
        <article class="msg msg-reply msg-live" data-testid="live-reply" aria-busy="true">
            <p class="msg-who">{ &props.model }</p>
            if !reasoning.is_empty() {
                <Reasoning text={AttrValue::from(reasoning)} streaming={!answering} />
            }
            <div class="msg-text" data-testid="reply-text">
                { render_stream(&props.view.markdown.borrow()) }
            </div>
            <p class="msg-meta" data-testid="live-status">{ status }</p>
        </article>
    }
}

/// The last message the user sent, being edited: its text, "Send edited" and "Cancel".
pub fn edit_view(
    text: &str,
    on_input: Callback<String>,
    on_resend: Callback<MouseEvent>,
    on_cancel: Callback<MouseEvent>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        on_input.emit(
            e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value(),
        )
    });
    html! {
        <article class="msg msg-user msg-editing" data-testid="editing">
            <label class="msg-who" for="edit-message">{ "Edit your message" }</label>
            <textarea id="edit-message" class="composer-input" rows="3" value={text.to_string()} {oninput} />
            <div class="msg-actions">
                <button type="button" class="button-primary" disabled={text.trim().is_empty()}
                    onclick={on_resend}>{ "Send edited" }</button>
                <button type="button" class="button-secondary" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </article>
    }
}

/// What can be done about the error above the composer (an error kept under a past reply offers
/// only its links).
#[derive(Clone, PartialEq)]
pub struct ErrorActions {
    /// Hide it.
    pub dismiss: Callback<MouseEvent>,
    /// Ask again now.
    pub retry: Callback<()>,
    /// Ask a model OpenRouter offered instead.
    pub try_model: Callback<String>,
    /// Open the model list.
    pub choose_model: Callback<()>,
}

/// Props of [`ErrorView`].
#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    /// The error.
    pub note: ErrorNote,
    /// Announce it.
    #[prop_or_default]
    pub alert: bool,
    /// What can be done, for the error above the composer.
    #[prop_or_default]
    pub actions: Option<ErrorActions>,
}

/// An error in words, with what to do: sign in again (the key is kept until then), add credits,
/// manage the key, retry when OpenRouter says (a countdown beside "Retry now"), a model offered
/// instead, the model list.
#[component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    let note = &props.note;
    let wait = use_state(|| note.retry_after_secs);
    // The countdown restarts for each error and ticks once a second to nothing.
    use_effect_with(note.clone(), {
        let wait = wait.clone();
        move |note| {
            wait.set(note.retry_after_secs);
            let left = Rc::new(Cell::new(note.retry_after_secs.unwrap_or(0)));
            let clock = note.retry_after_secs.map(|_| {
                Interval::new(1_000, move || {
                    let next = left.get().saturating_sub(1);
                    left.set(next);
                    wait.set(Some(next));
                })
            });
            move || drop(clock)
        }
    });
    // Only OpenRouter's https page (the note may come back from storage).
    let credits = note
        .credits_url
        .clone()
        .filter(|u| u.starts_with("https://"));
    let manage = use_auth_opt()
        .filter(|_| note.manage_key)
        .and_then(|auth| Some(auth.config().key_settings_url(&auth.key()?)));
    let actions = props.actions.clone();
    let countdown = note.retry_after_secs.and(*wait).map(|left| match left {
        0 => "You can retry now.".to_string(),
        s => format!(
            "OpenRouter asks to wait: you can retry in {}.",
            elapsed_words(s)
        ),
    });
    let any = note.sign_in || credits.is_some() || manage.is_some() || actions.is_some();
    html! {
        <div class="chat-error" role={props.alert.then_some("alert")} data-testid="chat-error">
            <p><strong>{ note.title.clone() }</strong>{ ". " }{ note.message.clone() }</p>
            if let (Some(countdown), Some(_)) = (&countdown, &actions) {
                <p class="chat-error-wait" data-testid="retry-countdown">{ countdown.clone() }</p>
            }
            if any {
                <div class="chat-error-actions">
                    if note.sign_in {
                        <SignInButton size={ButtonSize::Sm} label="Sign in again" return_to="/chat" />
                    }
                    if let Some(url) = manage {
                        <a href={url} target="_blank" rel="noopener noreferrer"
                            data-testid="error-manage-key">{ "Manage this key" }</a>
                    }
                    if let Some(url) = credits {
                        <a href={url} target="_blank" rel="noopener noreferrer">{ "Add credits" }</a>
                    }
                    if let Some(actions) = &actions {
                        if note.retry_after_secs.is_some() {
                            <button type="button" class="button-secondary" data-testid="retry-now"
                                onclick={actions.retry.reform(|_: MouseEvent| ())}>{ "Retry now" }</button>
                        }
                        { for note.fallback_models.iter().map(|model| {
                            let (pick, model) = (actions.try_model.clone(), model.clone());
                            let label = format!("Try {model}");
                            html! {
                                <button type="button" class="button-secondary" data-testid="try-model"
                                    onclick={Callback::from(move |_: MouseEvent| pick.emit(model.clone()))}>
                                    { label }
                                </button>
                            }
                        }) }
                        if note.model_list {
                            <button type="button" class="button-secondary" data-testid="choose-model"
                                onclick={actions.choose_model.reform(|_: MouseEvent| ())}>
                                { "Choose another model" }
                            </button>
                        }
                        <button type="button" class="chat-dismiss" onclick={actions.dismiss.clone()}>{ "Dismiss" }</button>
                    }
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_in_words() {
        assert_eq!(elapsed_words(0), "0 s");
        assert_eq!(elapsed_words(8), "8 s");
        assert_eq!(elapsed_words(60), "1 min");
        assert_eq!(elapsed_words(80), "1 min 20 s");
        assert_eq!(elapsed_words(185), "3 min 5 s");
    }
}
