//! The key's own figures (`GET /api/v1/key`: label, usage, what is left of its limit, when the
//! limit resets, when the key expires) where the user chats: loaded once mounted, and after each
//! reply at once with the reply's cost taken off, then read again from OpenRouter.

use yew::prelude::*;

use yew_openrouter::auth::{use_auth, ApiKey};
use yew_openrouter::chat::models::KeyInfo;
use yew_openrouter::chat::service;

/// What is known of the key's figures.
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

    /// The figures once a reply that cost `cost` (USD, as OpenRouter counted it) is paid: its
    /// usage added and what is left of the limit lowered, until OpenRouter's own figures come.
    pub fn spent(&self, cost: f64) -> Figures {
        match self {
            Figures::Loaded(info) if cost.is_finite() && cost > 0.0 => {
                let mut info = info.clone();
                info.usage += cost;
                if let Some(left) = info.limit.and(info.limit_remaining) {
                    info.limit_remaining = Some((left - cost).max(0.0));
                }
                Figures::Loaded(info)
            }
            _ => self.clone(),
        }
    }

    /// The figures, once loaded.
    pub fn info(&self) -> Option<&KeyInfo> {
        match self {
            Figures::Loaded(info) => Some(info),
            _ => None,
        }
    }
}

/// The key's figures: loaded once mounted and again after each finished reply (`finished`
/// counts them), the last reply's `cost` taken off at once.
#[hook]
pub fn use_key_figures(key: &ApiKey, finished: u64, cost: Option<f64>) -> Figures {
    let figures = use_state(|| Figures::Loading);
    let config = use_auth().config().clone();
    use_effect_with((key.clone(), finished), {
        let figures = figures.clone();
        move |(key, finished)| {
            let now = if *finished > 0 {
                figures.spent(cost.unwrap_or_default())
            } else {
                (*figures).clone()
            };
            figures.set(now.clone());
            let key = key.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let fetched = service::fetch_key_info(&config, &key).await.ok();
                figures.set(now.after(fetched));
            });
        }
    });
    (*figures).clone()
}

/// Props of [`KeyFigures`].
#[derive(Properties, PartialEq)]
pub struct KeyFiguresProps {
    /// What is known.
    pub figures: Figures,
}

/// One line: `Key sk-or-v1-ab...xyz · $0.02 used · $0.98 of $1.00 left · resets monthly`.
#[component]
pub fn KeyFigures(props: &KeyFiguresProps) -> Html {
    let text = match &props.figures {
        Figures::Loading => "Loading your key's figures…".to_string(),
        Figures::Loaded(info) => ["Key ", &info.summary()].concat(),
        Figures::Failed => "Your key's figures could not be loaded.".to_string(),
    };
    html! { <p class="key-figures" data-testid="key-figures">{ text }</p> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew_openrouter::chat::models::parse_key_info;

    #[test]
    fn a_reply_s_cost_is_taken_off_at_once() {
        let info =
            parse_key_info(r#"{"data":{"label":"k","usage":0.5,"limit":1,"limit_remaining":0.5}}"#)
                .unwrap();
        let after = Figures::Loaded(info.clone()).spent(0.2);
        let got = after.info().unwrap();
        assert!((got.usage - 0.7).abs() < 1e-9);
        assert!((got.limit_remaining.unwrap() - 0.3).abs() < 1e-9);
        // Never below nothing; no cost, no change; not loaded, nothing to change.
        let spent = Figures::Loaded(info.clone()).spent(5.0);
        assert_eq!(spent.info().unwrap().limit_remaining, Some(0.0));
        assert!(Figures::Loaded(info.clone()).spent(0.0) == Figures::Loaded(info.clone()));
        assert!(Figures::Loading.spent(0.2) == Figures::Loading);
        // A failed read keeps what is shown.
        assert!(after.after(None) == after);
        assert!(Figures::Loading.after(None) == Figures::Failed);
    }
}
