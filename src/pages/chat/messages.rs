//! The conversation: past messages ([`MessageView`], re-rendered only when their `Rc` changes),
//! the reply being streamed ([`LiveReply`], which redraws alone as [`super::use_chat`] pushes its
//! pieces in),
//! and errors in words with what to do ([`error_view`]).
//!
//! Model output is untrusted. Replies are Markdown ([`super::markdown`]), built into Yew nodes:
//! raw HTML in a reply is shown as text, only `http`, `https` and `mailto` links become links,
//! images are never loaded. The user's own messages are text.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

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
                { error_view(note, props.last, None) }
            }
        </article>
    }
}

/// What the reply being streamed shows: its Markdown so far, and how to redraw it. The chat's hook
/// pushes each piece in; only the [`LiveReply`] redraws, and its finished blocks are memoized,
/// so a piece costs about the same at the end of a long reply as at the start.
#[derive(Default)]
pub struct LiveView {
    markdown: RefCell<MarkdownStream>,
    reasoning: RefCell<String>,
    redraw: RefCell<Option<UseForceUpdateHandle>>,
}

impl LiveView {
    /// Adds a piece of the reasoning and of the reply, and redraws it.
    pub fn push(&self, reasoning: &str, piece: &str) {
        self.reasoning.borrow_mut().push_str(reasoning);
        self.markdown.borrow_mut().push(piece);
        if let Some(redraw) = self.redraw.borrow().as_ref() {
            redraw.force_update();
        }
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

/// The reply being streamed, as Markdown.
#[component]
pub fn LiveReply(props: &LiveReplyProps) -> Html {
    let redraw = use_force_update();
    // Subscribed once mounted (and for each new reply), never while rendering.
    let view = props.view.clone();
    use_effect_with(Rc::as_ptr(&props.view) as usize, move |_| {
        *view.redraw.borrow_mut() = Some(redraw);
        move || drop(view.redraw.borrow_mut().take())
    });
    let reasoning = props.view.reasoning.borrow().clone();
    // The reasoning streams until the answer's first word.
    let answering = !props.view.markdown.borrow().text().is_empty();
    html! {
        <article class="msg msg-reply msg-live" data-testid="live-reply" aria-busy="true">
            <p class="msg-who">{ &props.model }</p>
            if !reasoning.is_empty() {
                <Reasoning text={AttrValue::from(reasoning)} streaming={!answering} />
            }
            <div class="msg-text" data-testid="reply-text">
                { render_stream(&props.view.markdown.borrow()) }
            </div>
            <p class="msg-meta">{ "Streaming…" }</p>
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

/// An error in words, with what to do: sign in again (the key is kept until then), add credits;
/// `alert` announces it, `dismiss` offers to hide it.
pub fn error_view(note: &ErrorNote, alert: bool, dismiss: Option<Callback<MouseEvent>>) -> Html {
    // Only OpenRouter's https page (the note may come back from storage).
    let credits = note
        .credits_url
        .clone()
        .filter(|u| u.starts_with("https://"));
    html! {
        <div class="chat-error" role={alert.then_some("alert")} data-testid="chat-error">
            <p><strong>{ note.title.clone() }</strong>{ ". " }{ note.message.clone() }</p>
            if note.sign_in || credits.is_some() || dismiss.is_some() {
                <div class="chat-error-actions">
                    if note.sign_in {
                        <SignInButton size={ButtonSize::Sm} label="Sign in again" return_to="/chat" />
                    }
                    if let Some(url) = credits {
                        <a href={url} target="_blank" rel="noopener noreferrer">{ "Add credits" }</a>
                    }
                    if let Some(dismiss) = dismiss {
                        <button type="button" class="chat-dismiss" onclick={dismiss}>{ "Dismiss" }</button>
                    }
                </div>
            }
        </div>
    }
}
