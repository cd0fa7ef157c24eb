//! The site theme: light or dark, the system preference until the visitor picks one, kept in
//! localStorage (`openrouter_demo_theme`) and applied as `data-theme` on `<html>`.
//!
//! index.html applies the stored or system theme before first paint; this module takes over
//! from there. A storage failure (private mode, blocked site data) only means the choice is not
//! remembered: nothing panics.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use yew_openrouter::web::{self, StorageKind};

/// The localStorage key of the visitor's choice (also read by index.html's pre-paint script).
pub const THEME_STORAGE_KEY: &str = "openrouter_demo_theme";

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// A colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on light backgrounds.
    Light,
    /// Light text on dark backgrounds.
    Dark,
}

impl Theme {
    /// The `data-theme` value and the stored value: `"light"` or `"dark"`.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads a stored or attribute value; anything else is `None`.
    pub fn parse(value: &str) -> Option<Theme> {
        match value {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The other theme.
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// The toggle's accessible name when this theme is shown: what a click does.
    pub fn toggle_label(self) -> &'static str {
        match self {
            Theme::Light => "Switch to dark theme",
            Theme::Dark => "Switch to light theme",
        }
    }
}

/// The visitor's stored choice, if any (a storage failure counts as none).
pub fn stored_theme() -> Option<Theme> {
    web::storage_get(StorageKind::Local, THEME_STORAGE_KEY)
        .ok()
        .flatten()
        .and_then(|v| Theme::parse(&v))
}

/// The system preference (`prefers-color-scheme`), light when unknown.
pub fn system_theme() -> Theme {
    let dark = web::window()
        .match_media(DARK_QUERY)
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}

/// The theme on `<html>` now, else the stored one, else the system's.
pub fn current_theme() -> Theme {
    document_element()
        .and_then(|html| html.get_attribute("data-theme"))
        .and_then(|v| Theme::parse(&v))
        .or_else(stored_theme)
        .unwrap_or_else(system_theme)
}

/// Sets `data-theme` on `<html>`.
pub fn apply_theme(theme: Theme) {
    if let Some(html) = document_element() {
        let _ = html.set_attribute("data-theme", theme.name());
    }
}

/// Remembers the choice; returns whether storage accepted it.
pub fn store_theme(theme: Theme) -> bool {
    web::storage_set(StorageKind::Local, THEME_STORAGE_KEY, theme.name()).is_ok()
}

/// What the toggle does, before the app runs (`crate::starter`) and after: switches the page to
/// the other theme and remembers it (not when storage is refused: the page still switches).
/// Returns the theme now shown.
pub fn toggle_theme() -> Theme {
    let next = current_theme().toggled();
    apply_theme(next);
    store_theme(next);
    next
}

fn document_element() -> Option<web_sys::Element> {
    web::window().document()?.document_element()
}

/// The toggle's icon in the dark theme: a sun, as the light theme is what a click brings.
fn sun() -> Html {
    html! {
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
            <circle cx="12" cy="12" r="4" />
            <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
        </svg>
    }
}

/// The toggle's icon in the light theme: a moon.
fn moon() -> Html {
    html! {
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
            stroke-linejoin="round">
            <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
        </svg>
    }
}

/// The header's light/dark switch. Its accessible name says what it does
/// ("Switch to dark theme" / "Switch to light theme"). It follows the system preference while
/// the visitor has not chosen, and other tabs' choices.
#[component]
pub fn ThemeToggle() -> Html {
    // Unknown while rendering (as on the server that prerendered the page: the theme is the
    // browser's), read once mounted. The pre-paint script has already set the page's theme.
    let theme = use_state(|| None::<Theme>);
    {
        let theme = theme.clone();
        use_effect_with((), move |_| {
            theme.set(Some(current_theme()));
            let theme = theme.setter();
            let window = web::window();
            let system = window.match_media(DARK_QUERY).ok().flatten().map(|query| {
                let theme = theme.clone();
                EventListener::new(&query, "change", move |_| {
                    if stored_theme().is_none() {
                        let next = system_theme();
                        apply_theme(next);
                        theme.set(Some(next));
                    }
                })
            });
            let other_tabs = EventListener::new(&window, "storage", move |event| {
                let ours = event
                    .dyn_ref::<web_sys::StorageEvent>()
                    .is_some_and(|e| e.key().as_deref() == Some(THEME_STORAGE_KEY));
                if ours {
                    let next = stored_theme().unwrap_or_else(system_theme);
                    apply_theme(next);
                    theme.set(Some(next));
                }
            });
            move || drop((system, other_tabs))
        });
    }
    let onclick = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| theme.set(Some(toggle_theme())))
    };
    let label = theme.map_or("Switch the theme", Theme::toggle_label);
    html! {
        <button type="button" class="theme-toggle" aria-label={label} title={label} {onclick}>
            { if *theme == Some(Theme::Dark) { sun() } else { moon() } }
        </button>
    }
}
