//! The key's own figures (`GET /api/v1/key`: label, usage, limit, free tier) in the panel's
//! header, loaded once mounted and again after each reply.

use yew::prelude::*;

use yew_openrouter::auth::{use_auth, ApiKey};
use yew_openrouter::chat::models::KeyInfo;
use yew_openrouter::chat::service;

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
}

/// Props of [`KeyFigures`].
#[derive(Properties, PartialEq)]
pub struct KeyFiguresProps {
    /// The key.
    pub api_key: ApiKey,
    /// Replies finished so far: the figures are loaded again after each.
    pub finished: u64,
}

/// One line: `Key sk-or-v1-ab...xyz · $0.02 used · $9.98 of $10.00 left`.
#[component]
pub fn KeyFigures(props: &KeyFiguresProps) -> Html {
    let figures = use_state(|| Figures::Loading);
    let config = use_auth().config().clone();
    use_effect_with((props.api_key.clone(), props.finished), {
        let figures = figures.clone();
        move |(key, _)| {
            let key = key.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let fetched = service::fetch_key_info(&config, key.expose()).await;
                figures.set(figures.after(fetched));
            });
        }
    });
    let text = match &*figures {
        Figures::Loading => "Loading your key's figures…".to_string(),
        Figures::Loaded(info) => ["Key ", &info.summary()].concat(),
        Figures::Failed => "Your key's figures could not be loaded.".to_string(),
    };
    html! { <p class="key-figures" data-testid="key-figures">{ text }</p> }
}
