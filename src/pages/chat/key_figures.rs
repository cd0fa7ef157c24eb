//! The key's own figures (`GET /api/v1/key`: label, usage, limit, free tier) in the panel's
//! header. The panel loads them on mount and again after each reply.

use yew::prelude::*;

use yew_openrouter::chat::models::KeyInfo;

/// What the header shows about the key.
#[derive(Clone, PartialEq)]
pub enum Figures {
    /// Not loaded yet.
    Loading,
    /// The latest figures.
    Loaded(KeyInfo),
    /// Could not be loaded (and none were before).
    Failed,
}

impl Figures {
    /// The next figures after a fetch: new ones, or the ones shown if the fetch failed.
    pub fn after(&self, fetched: Option<KeyInfo>) -> Figures {
        match (fetched, self) {
            (Some(info), _) => Figures::Loaded(info),
            (None, Figures::Loaded(_)) => self.clone(),
            (None, _) => Figures::Failed,
        }
    }

    /// One line: `Key sk-or-v1-ab...xyz · $0.02 used · $9.98 of $10.00 left`.
    pub fn view(&self) -> Html {
        let text = match self {
            Figures::Loading => "Loading your key's figures…".to_string(),
            Figures::Loaded(info) => ["Key ", &info.summary()].concat(),
            Figures::Failed => "Your key's figures could not be loaded.".to_string(),
        };
        html! { <p class="key-figures" data-testid="key-figures">{ text }</p> }
    }
}
