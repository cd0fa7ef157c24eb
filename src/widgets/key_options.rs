//! The key a sign-in asks for: a spending limit (none, a few amounts, or one typed in) and a
//! label, chosen before signing in and remembered in localStorage (`openrouter_demo_key_options`);
//! and, once signed in, what OpenRouter says of the key (`GET /api/v1/key`).
//!
//! The choice goes into the auth store ([`yew_openrouter::auth::AuthHandle::set_sign_in_options`]),
//! so every sign-in button on the page asks for it. A limit or label that cannot be used gets a
//! message beside its field, and the store refuses to start a sign-in until it is fixed.

use super::{KeyLinks, SignOutButton};
use serde::{Deserialize, Serialize};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_openrouter::auth::{use_auth, ApiKey};
use yew_openrouter::chat::models::KeyInfo;
use yew_openrouter::chat::service::fetch_key_info;
use yew_openrouter::chat::usage::format_usd;
use yew_openrouter::config::{OptionError, SignInOptions};
use yew_openrouter::web::{self, StorageKind};

use crate::lazy::{split_point, ChunkError, LazyPart};

/// The localStorage key of the visitor's choice.
pub const KEY_OPTIONS_STORAGE_KEY: &str = "openrouter_demo_key_options";

/// The spending limits offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LimitChoice {
    /// No limit asked for.
    #[default]
    #[serde(rename = "none")]
    NoLimit,
    /// $1.
    #[serde(rename = "1")]
    Usd1,
    /// $5.
    #[serde(rename = "5")]
    Usd5,
    /// $10.
    #[serde(rename = "10")]
    Usd10,
    /// $25.
    #[serde(rename = "25")]
    Usd25,
    /// An amount typed in.
    #[serde(rename = "custom")]
    Custom,
}

impl LimitChoice {
    /// Every choice, in the order the list shows them.
    pub const ALL: [LimitChoice; 6] = [
        LimitChoice::NoLimit,
        LimitChoice::Usd1,
        LimitChoice::Usd5,
        LimitChoice::Usd10,
        LimitChoice::Usd25,
        LimitChoice::Custom,
    ];

    /// The `<option>`'s value (the same as stored).
    pub fn value(self) -> &'static str {
        match self {
            LimitChoice::NoLimit => "none",
            LimitChoice::Usd1 => "1",
            LimitChoice::Usd5 => "5",
            LimitChoice::Usd10 => "10",
            LimitChoice::Usd25 => "25",
            LimitChoice::Custom => "custom",
        }
    }

    /// What the list shows.
    pub fn text(self) -> &'static str {
        match self {
            LimitChoice::NoLimit => "No limit",
            LimitChoice::Usd1 => "$1",
            LimitChoice::Usd5 => "$5",
            LimitChoice::Usd10 => "$10",
            LimitChoice::Usd25 => "$25",
            LimitChoice::Custom => "Another amount…",
        }
    }

    /// The amount of a fixed choice, in cents.
    fn cents(self) -> Option<u64> {
        match self {
            LimitChoice::Usd1 => Some(100),
            LimitChoice::Usd5 => Some(500),
            LimitChoice::Usd10 => Some(1_000),
            LimitChoice::Usd25 => Some(2_500),
            LimitChoice::NoLimit | LimitChoice::Custom => None,
        }
    }
}

/// What the visitor chose, as typed (and as remembered).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeyChoice {
    /// The spending limit.
    #[serde(default)]
    pub limit: LimitChoice,
    /// The amount typed for [`LimitChoice::Custom`].
    #[serde(default)]
    pub custom_limit: String,
    /// The key's label as typed (blank: OpenRouter's default).
    #[serde(default)]
    pub key_label: String,
}

/// The `id` of the spending limit's list.
pub const LIMIT_FIELD: &str = "key-limit";
/// The `id` of the amount typed for "Another amount…" (only there while it is chosen).
pub const CUSTOM_LIMIT_FIELD: &str = "key-limit-custom";
/// The `id` of the key label's field.
pub const LABEL_FIELD: &str = "key-label";

/// Which field a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The spending limit.
    Limit,
    /// The key label.
    Label,
}

impl KeyChoice {
    /// The sign-in options this choice asks for, or the first field that cannot be used.
    pub fn options(&self) -> Result<SignInOptions, (Field, OptionError)> {
        let limit_cents = match self.limit {
            LimitChoice::Custom => {
                SignInOptions::parse_limit(&self.custom_limit).map_err(|e| (Field::Limit, e))?
            }
            fixed => fixed.cents(),
        };
        let key_label =
            SignInOptions::parse_key_label(&self.key_label).map_err(|e| (Field::Label, e))?;
        Ok(SignInOptions::default()
            .with_limit_cents(limit_cents)
            .with_key_label(key_label))
    }

    /// This choice with the field whose `id` is given set to `value`, as the visitor changed it;
    /// `None` for another element, or a limit that is not offered.
    pub fn with_field(&self, id: &str, value: String) -> Option<KeyChoice> {
        let mut next = self.clone();
        match id {
            LIMIT_FIELD => {
                next.limit = LimitChoice::ALL.into_iter().find(|c| c.value() == value)?;
            }
            CUSTOM_LIMIT_FIELD => next.custom_limit = value,
            LABEL_FIELD => next.key_label = value,
            _ => return None,
        }
        Some(next)
    }

    /// The visitor's remembered choice (none, or unreadable, is the default).
    pub fn load() -> KeyChoice {
        web::storage_get(StorageKind::Local, KEY_OPTIONS_STORAGE_KEY)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// Remembers the choice (not remembered when storage is refused: it still applies).
    pub fn save(&self) {
        if let Ok(json) = serde_json::to_string(self) {
            let _ = web::storage_set(StorageKind::Local, KEY_OPTIONS_STORAGE_KEY, &json);
        }
    }
}

/// Puts the remembered choice into the auth store once, when the app starts, so that a sign-in
/// from any page asks for it.
#[hook]
pub fn use_saved_key_options() {
    let auth = use_auth();
    use_effect_with((), move |_| {
        auth.set_sign_in_options(KeyChoice::load().options().map_err(|(_, e)| e));
    });
}

/// The spending limit and key label fields (`data-testid="key-options"`).
#[component]
pub fn KeyOptions() -> Html {
    let auth = use_auth();
    let choice = use_state(KeyChoice::default);
    let update = {
        let (choice, auth) = (choice.clone(), auth.clone());
        move |next: KeyChoice| {
            next.save();
            auth.set_sign_in_options(next.options().map_err(|(_, e)| e));
            choice.set(next);
        }
    };
    // The remembered choice is read once mounted: the first render is the same as on the server
    // that prerendered the page. A field the visitor changed on the prerendered page before the
    // app ran is in it too (the first module, `crate::starter`, remembered the change), as
    // hydration resets an input to what the first render says.
    use_effect_with((), {
        let choice = choice.clone();
        move |_| choice.set(KeyChoice::load())
    });
    // Every field changes the choice the same way: by its id.
    let on_field = {
        let choice = choice.clone();
        move |field: web_sys::Element, value: String| {
            if let Some(next) = choice.with_field(&field.id(), value) {
                update(next);
            }
        }
    };
    let on_limit = {
        let on_field = on_field.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            on_field(select.clone().into(), select.value());
        })
    };
    let on_text = Callback::from(move |e: InputEvent| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        on_field(input.clone().into(), input.value());
    });
    let problem = choice.options().err();
    let error_of = |field: Field| {
        problem
            .filter(|(f, _)| *f == field)
            .map(|(_, e)| e.message())
    };
    let (limit_error, label_error) = (error_of(Field::Limit), error_of(Field::Label));
    let custom = choice.limit == LimitChoice::Custom;
    html! {
        <fieldset class="key-options" data-testid="key-options">
            <legend>{ "Your key" }</legend>
            <div class="key-options-fields">
                <label for={LIMIT_FIELD}>{ "Spending limit (USD)" }</label>
                <div class="key-options-field">
                    <select id={LIMIT_FIELD} onchange={on_limit}>
                        { for LimitChoice::ALL.iter().map(|c| html! {
                            <option value={c.value()} selected={*c == choice.limit}>{ c.text() }</option>
                        }) }
                    </select>
                    if custom {
                        <input id={CUSTOM_LIMIT_FIELD} type="text" inputmode="decimal"
                            autocomplete="off" placeholder="e.g. 2.50" aria-label="Spending limit in US dollars"
                            aria-invalid={limit_error.map(|_| "true")}
                            aria-describedby={limit_error.map(|_| "key-limit-error")}
                            value={choice.custom_limit.clone()} oninput={on_text.clone()} />
                    }
                    if let Some(message) = limit_error {
                        <p id="key-limit-error" class="field-error" role="alert">{ message }</p>
                    }
                </div>
                <label for={LABEL_FIELD}>{ "Key label" }</label>
                <div class="key-options-field">
                    <input id={LABEL_FIELD} type="text" autocomplete="off"
                        placeholder="OpenRouter names it after this app"
                        aria-invalid={label_error.map(|_| "true")}
                        aria-describedby={label_error.map(|_| "key-label-error")}
                        value={choice.key_label.clone()} oninput={on_text} />
                    if let Some(message) = label_error {
                        <p id="key-label-error" class="field-error" role="alert">{ message }</p>
                    }
                </div>
            </div>
            <p class="field-hint">
                { "OpenRouter's consent page shows both, and you can still change them there." }
            </p>
        </fieldset>
    }
}

split_point! {
    /// The signed-in key's details, once their chunk is there.
    fn key_details_part() -> Html in account as ACCOUNT_SPLIT {
        html! { <KeyDetails /> }
    }
}

/// The signed-in key's details as a part of its own ([`crate::lazy`]): their fetch and
/// OpenRouter's answer, with the number formatting they need; only a signed-in visitor needs
/// them.
pub struct KeyDetailsPart;

impl LazyPart for KeyDetailsPart {
    fn load() -> impl std::future::Future<Output = Result<Html, ChunkError>> + 'static {
        key_details_part()
    }

    fn loading() -> Html {
        html! {
            <section class="key-details" data-testid="key-details" aria-busy="true">
                <p>{ "Loading your key's details…" }</p>
            </section>
        }
    }

    fn failed(retry: Callback<MouseEvent>) -> Html {
        html! {
            <section class="key-details" data-testid="key-details">
                <p role="alert">
                    { "Your key's details could not be loaded. " }
                    <button type="button" class="button-secondary" onclick={retry}>{ "Try again" }</button>
                </p>
            </section>
        }
    }
}

/// What OpenRouter says of the signed-in key: its label, spending limit, what is left and what
/// was used (`data-testid="key-details"`), links to its pages on OpenRouter, and Sign out. Nothing
/// when signed out. In the release build it is a wasm chunk of its own ([`KeyDetailsPart`]).
#[component]
pub fn KeyDetails() -> Html {
    let auth = use_auth();
    let info = use_state(|| None::<Option<KeyInfo>>);
    use_effect_with(auth.key(), {
        let (info, config) = (info.clone(), auth.config().clone());
        move |key: &Option<ApiKey>| {
            if let Some(key) = key.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    info.set(Some(fetch_key_info(&config, &key).await.ok()));
                });
            }
        }
    });
    let Some(key) = auth.key() else {
        return Html::default();
    };
    let body = match &*info {
        None => html! { <p>{ "Loading your key's details…" }</p> },
        Some(None) => html! { <p>{ "Your key's details could not be loaded." }</p> },
        Some(Some(k)) => {
            let limit = k
                .limit
                .map_or_else(|| "No limit".to_string(), |l| format_usd(l, 2));
            let left = k
                .remaining()
                .map_or_else(|| "No limit".to_string(), |r| format_usd(r, 2));
            html! {
                <dl class="key-details-list">
                    <dt>{ "Label" }</dt><dd data-testid="key-label">{ k.label.clone() }</dd>
                    <dt>{ "Spending limit" }</dt><dd data-testid="key-limit">{ limit }</dd>
                    <dt>{ "Remaining" }</dt><dd data-testid="key-remaining">{ left }</dd>
                    <dt>{ "Used" }</dt><dd data-testid="key-usage">{ format_usd(k.usage, 2) }</dd>
                </dl>
            }
        }
    };
    html! {
        <section class="key-details" data-testid="key-details" aria-label="Your key">
            { body }
            <KeyLinks api_key={key} />
            // Here, in the chunk only signed-in visitors fetch, rather than in the first load.
            <div class="key-sign-out"><SignOutButton /></div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_give_options() {
        let choice = |limit, custom: &str, label: &str| KeyChoice {
            limit,
            custom_limit: custom.into(),
            key_label: label.into(),
        };
        assert_eq!(KeyChoice::default().options(), Ok(SignInOptions::default()));
        assert_eq!(
            choice(LimitChoice::Usd5, "ignored", " laptop ").options(),
            Ok(SignInOptions::default()
                .with_limit_cents(Some(500))
                .with_key_label(Some("laptop".into())))
        );
        assert_eq!(
            choice(LimitChoice::Custom, "$2.50", "").options(),
            Ok(SignInOptions::default().with_limit_cents(Some(250)))
        );
        assert_eq!(
            choice(LimitChoice::Custom, "-3", "").options(),
            Err((Field::Limit, OptionError::LimitNotPositive))
        );
        assert_eq!(
            choice(LimitChoice::Usd1, "", &"x".repeat(65)).options(),
            Err((Field::Label, OptionError::LabelTooLong))
        );
    }

    #[test]
    fn the_choice_is_stored_as_json() {
        let c = KeyChoice {
            limit: LimitChoice::Usd25,
            custom_limit: String::new(),
            key_label: "My laptop".into(),
        };
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"limit":"25","custom_limit":"","key_label":"My laptop"}"#
        );
        assert_eq!(serde_json::from_str::<KeyChoice>(&json).unwrap(), c);
        assert_eq!(
            serde_json::from_str::<KeyChoice>(r#"{"limit":"custom"}"#).unwrap(),
            KeyChoice {
                limit: LimitChoice::Custom,
                ..KeyChoice::default()
            }
        );
    }
}
