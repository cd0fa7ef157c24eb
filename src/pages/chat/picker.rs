//! The model picker: a button showing the chosen model that opens a searchable list from
//! `GET /api/v1/models`, with each model's context length, price per million tokens and a "Free"
//! mark. Any model id can also be typed, which is the way to choose when the list cannot load.

use std::rc::Rc;

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use yew_openrouter::auth::use_auth;
use yew_openrouter::chat::models::{filter, ModelInfo};
use yew_openrouter::chat::service;

/// At most this many matches are listed (refining the search shows the others).
const SHOWN: usize = 60;

/// The model list, as far as it got.
#[derive(Clone, PartialEq)]
pub enum Models {
    /// Being fetched.
    Loading,
    /// Fetched.
    Loaded(Rc<Vec<ModelInfo>>),
    /// Could not be fetched.
    Failed,
}

impl Models {
    /// The models known (none unless loaded).
    pub fn list(&self) -> &[ModelInfo] {
        match self {
            Models::Loaded(list) => list,
            _ => &[],
        }
    }
}

/// The model list, fetched once mounted.
#[hook]
pub fn use_models() -> Models {
    let models = use_state(|| Models::Loading);
    let config = use_auth().config().clone();
    use_effect_with((), {
        let models = models.clone();
        move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                models.set(match service::fetch_models(&config).await {
                    Ok(list) => Models::Loaded(Rc::new(list)),
                    Err(_) => Models::Failed,
                });
            });
        }
    });
    (*models).clone()
}

/// A model id as typed: non-empty, no spaces.
fn typed_id(query: &str) -> Option<&str> {
    let q = query.trim();
    (!q.is_empty() && !q.contains(char::is_whitespace)).then_some(q)
}

/// Props of [`ModelPicker`].
#[derive(Properties, PartialEq)]
pub struct PickerProps {
    /// The list.
    pub models: Models,
    /// The chosen model id.
    pub current: AttrValue,
    /// A model was chosen (an id from the list, or one typed).
    pub on_pick: Callback<String>,
    /// Bumped to open the list from elsewhere (an error that says the model is gone).
    #[prop_or_default]
    pub open_requests: u64,
}

/// The picker; whether its list is open and the search text are its own.
#[component]
pub fn ModelPicker(props: &PickerProps) -> Html {
    let open = &use_state(|| false);
    let query = &use_state(String::new);
    let search = use_node_ref();
    use_effect_with(props.open_requests, {
        let open = open.clone();
        move |asked| {
            if *asked > 0 {
                open.set(true);
            }
        }
    });
    use_effect_with(**open, {
        let search = search.clone();
        move |open| {
            if let (true, Some(input)) = (*open, search.cast::<web_sys::HtmlElement>()) {
                let _ = input.focus();
            }
        }
    });
    let current_id: &str = &props.current;
    let list = props.models.list();
    let current = list.iter().find(|m| m.id == current_id);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let button = html! {
        <button type="button" class="model-button" aria-expanded={if **open { "true" } else { "false" }}
            aria-controls="model-panel" onclick={toggle} data-testid="model-button">
            <span class="model-button-label">{ "Model" }</span>
            <span class="model-button-name">{ current.map_or(current_id, |m| &m.name) }</span>
            if let Some(m) = current {
                <span class="model-button-price">{ m.price_label() }</span>
            }
        </button>
    };
    if !**open {
        return html! { <div class="model-picker">{ button }</div> };
    }
    let pick = {
        let (open, query, on_pick) = (open.clone(), query.clone(), props.on_pick.clone());
        Callback::from(move |id: String| {
            on_pick.emit(id);
            open.set(false);
            query.set(String::new());
        })
    };
    let matches = filter(list, query);
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onkeydown = {
        let (open, pick, query) = (open.clone(), pick.clone(), query.clone());
        let only = (matches.len() == 1).then(|| matches[0].id.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => open.set(false),
            "Enter" => {
                e.prevent_default();
                if let Some(id) = only
                    .clone()
                    .or_else(|| typed_id(&query).map(str::to_string))
                {
                    pick.emit(id);
                }
            }
            _ => {}
        })
    };
    let note = match props.models {
        Models::Loading => "Loading the model list…",
        Models::Failed => {
            "The model list could not be loaded. The current model still works, or type a \
             model id above (for example openai/gpt-4o-mini) and press Enter."
        }
        Models::Loaded(_) if matches.is_empty() => "No model in the list matches.",
        Models::Loaded(_) => "",
    };
    // Offer a typed id when it looks like one (`author/slug`) or nothing else can be picked.
    let custom = typed_id(query)
        .filter(|id| id.contains('/') || matches.is_empty())
        .filter(|id| !list.iter().any(|m| m.id == *id))
        .map(|id| {
            let (pick, id) = (pick.clone(), id.to_string());
            let label = ["Use the model id \u{201c}", &id, "\u{201d}"].concat();
            html! {
                <button type="button" class="model-custom"
                    onclick={Callback::from(move |_: MouseEvent| pick.emit(id.clone()))}>{ label }</button>
            }
        });
    let more = matches.len().saturating_sub(SHOWN);
    html! {
        <div class="model-picker">
            { button }
            <div id="model-panel" class="model-panel">
                <input ref={search} type="search" class="model-search"
                    aria-label="Search models" placeholder="Search models, or type a model id"
                    autocomplete="off" value={(**query).clone()} {oninput} {onkeydown} />
                if !note.is_empty() {
                    <p class="model-note" role="status">{ note }</p>
                }
                { custom.unwrap_or_default() }
                <ul class="model-list">
                    { for matches.iter().take(SHOWN).map(|m| option(m, m.id == current_id, &pick)) }
                </ul>
                if more > 0 {
                    <p class="model-note">{ more }{ " more: refine the search to see them." }</p>
                }
            </div>
        </div>
    }
}

/// One model of the list: name (and a "Free" mark), id, context length, prices per million.
fn option(m: &ModelInfo, chosen: bool, pick: &Callback<String>) -> Html {
    let onclick = {
        let (pick, id) = (pick.clone(), m.id.clone());
        Callback::from(move |_: MouseEvent| pick.emit(id.clone()))
    };
    let mut meta = m.context_label().unwrap_or_default();
    if !m.is_free() {
        if !meta.is_empty() {
            meta.push_str(" · ");
        }
        meta.push_str(&m.price_label());
    }
    html! {
        <li key={m.id.clone()}>
            <button type="button" class="model-option" aria-current={chosen.then_some("true")} {onclick}>
                <span class="model-option-name">
                    { &m.name }
                    if m.is_free() { <span class="badge-free">{ "Free" }</span> }
                </span>
                <span class="model-option-id">{ &m.id }</span>
                <span class="model-option-meta">{ meta }</span>
            </button>
        </li>
    }
}
