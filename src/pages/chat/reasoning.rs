//! A reply's reasoning, shown apart from its answer: a `<details class="reasoning">` whose summary
//! says "Reasoning…" while the reasoning streams and "Reasoning" once the answer has started.
//!
//! It is open while the reasoning streams, so the reader sees the model think, and closes once by
//! itself when the answer starts (`streaming` turns false); the reader can open or close it at any
//! time, and that choice stays until `streaming` changes again. The text is the model's own words,
//! shown as plain text (never Markdown, never HTML), with its line breaks.

use web_sys::Element;
use yew::prelude::*;

/// Props of [`Reasoning`].
#[derive(Properties, PartialEq, Clone)]
pub struct ReasoningProps {
    /// The reasoning text so far.
    pub text: AttrValue,
    /// The reasoning is still streaming (no answer text yet).
    pub streaming: bool,
}

/// A reply's reasoning, collapsible (see the module documentation).
#[component]
pub fn Reasoning(props: &ReasoningProps) -> Html {
    let open = use_state_eq(|| props.streaming);
    // Open while streaming, closed when the answer starts: once per change of `streaming`.
    use_effect_with(props.streaming, {
        let open = open.clone();
        move |streaming| open.set(*streaming)
    });
    // The reader's toggle is kept in the state, so a later render does not undo it.
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            // `open` reflects the element's state as an attribute.
            if let Some(details) = e.target_dyn_into::<Element>() {
                open.set(details.has_attribute("open"));
            }
        })
    };
    let summary = if props.streaming {
        "Reasoning…"
    } else {
        "Reasoning"
    };
    html! {
        <details class="reasoning" data-testid="reasoning" open={*open} {ontoggle}>
            <summary>{ summary }</summary>
            <div class="reasoning-text">{ props.text.clone() }</div>
        </details>
    }
}
