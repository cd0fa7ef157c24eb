//! The first module: what makes the prerendered page work before the Yew app has run. No Yew
//! in it: it runs first ([`crate::boot`]), and in the release build it is all the main wasm
//! module holds, so a click on a prerendered sign-in button acts once this small module is
//! there, not once the whole app is.
//!
//! - A click on a sign-in button that signs in through the store (the library's markup:
//!   `button[data-sign-in]`, whose value is the path to return to) starts the sign-in at once
//!   with the library's own [`begin_sign_in`]: the same verifier, pending record and consent
//!   URL as the app, so the app's guarded `/callback` finishes it. It asks for the key the
//!   visitor chose ([`KeyChoice`]: the fields as changed on this page, else what was
//!   remembered), checked as the app checks it; a choice that cannot be used is said on its
//!   field, in the app's words, and no sign-in starts. A button with its own `onclick` has no
//!   `data-sign-in` and is left alone.
//! - A change to the key's fields is remembered at once (`openrouter_demo_key_options`, the
//!   record the app reads once mounted): hydration resets an input, and the app then shows the
//!   remembered choice.
//! - The theme toggle switches and remembers the theme.
//! - Whenever a sign-in starts (here or, once it runs, in the app), the files the return from
//!   OpenRouter will need are fetched into the browser's cache ([`RETURN_FILES_META`]), once
//!   the consent page has been asked for.
//! - Installed, it ends the sign-in buttons' `aria-disabled` (they work now) and shows the
//!   remembered choice in the prerendered fields.
//!
//! - Back from OpenRouter (`/callback?code=` with a sign-in this tab started), it finishes the
//!   return itself, before the app has loaded, with a small chunk of its own
//!   ([`finishing_return`]): the library's [`finish_sign_in`] (the single-use verifier, its
//!   checks, the exchange, the key stored), then the page the sign-in started from in the
//!   address bar; the app boots there, signed in. Should it fail (the exchange, or an expired or
//!   damaged sign-in), the app shows why on `/callback` ([`take_failed_return`]). Without a
//!   pending sign-in it does nothing, and the app's guarded `/callback` says why the code was not
//!   used; an `?error=` is the app's to say.
//!
//! Once the app runs it marks `<html data-ready>` (`crate::app`), and from then on every
//! listener here does nothing: each click is handled once, by the app.

use std::cell::{Cell, RefCell};

use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, HtmlInputElement, HtmlSelectElement};
use yew_openrouter::auth::persist;
use yew_openrouter::auth::{begin_sign_in, finish_sign_in, urls, AuthError};
use yew_openrouter::web;
use yew_openrouter::web::current_app_path;

use crate::config::auth_config;
use crate::lazy::split_point;
use crate::widgets::key_options::{Field, KeyChoice, CUSTOM_LIMIT_FIELD, LABEL_FIELD, LIMIT_FIELD};
use crate::widgets::theme::toggle_theme;

/// The attribute the app sets on `<html>` once it runs; from then on the page is its own.
pub const APP_READY_ATTRIBUTE: &str = "data-ready";

/// The `<meta name>` with which the release build's pages list the files the callback's page
/// loads beyond the main module (the return's chunk and those it shares), as URLs separated by
/// spaces. The release step writes it (`src/bin/release_step`); other builds have none.
pub const RETURN_FILES_META: &str = "openrouter-return-files";

thread_local! {
    /// The choice as changed on this page, when it was (also remembered in storage, unless
    /// storage is refused).
    static CHOICE: RefCell<Option<KeyChoice>> = const { RefCell::new(None) };
    /// A return from OpenRouter this module could not finish: why, and the page the sign-in
    /// started from, until the app's `/callback` shows it.
    static FAILED_RETURN: RefCell<Option<(AuthError, String)>> = const { RefCell::new(None) };
    /// A click on a sign-in button is on its way to the app's listeners.
    static APP_SIGN_IN_CLICKED: Cell<bool> = const { Cell::new(false) };
}

/// Whether this page is a return from OpenRouter to finish here: the callback route with a
/// `?code=`, and a sign-in pending in this tab. Cheap (nothing parsed): the return's own code is
/// a chunk ([`finishing_return`]) that only such a page loads.
pub fn is_return_to_finish() -> bool {
    let config = auth_config();
    let location = web::window().location();
    let callback = urls::callback_url(
        &web::page_origin(),
        &web::base_path(),
        &config.callback_path,
    );
    let here = format!(
        "{}{}",
        web::page_origin(),
        location.pathname().unwrap_or_default()
    );
    let query = location.search().unwrap_or_default();
    let has_code = urls::query_param(&query, "code").is_some_and(|code| !code.is_empty());
    here.trim_end_matches('/') == callback.trim_end_matches('/')
        && has_code
        && persist::has_pending()
}

/// The return from OpenRouter, running.
pub type Finishing = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

split_point! {
    /// Finishes the return from OpenRouter (see the module's docs): a chunk of its own in the
    /// release build, which the callback's page preloads.
    pub fn finishing_return() -> Finishing in oauth_return as OAUTH_RETURN_SPLIT {
        Box::pin(finish_return())
    }
}

/// The library's [`finish_sign_in`] on this page's query, the code out of the address bar
/// before anything is sent; then the page the sign-in started from, or the failure kept for
/// the app's `/callback`.
async fn finish_return() {
    let query = web::take_query_from_address_bar();
    let finished = finish_sign_in(&auth_config().origin, &query).await;
    match finished.result {
        Ok(_) => {
            web::replace_address(&urls::page_path(&web::base_path(), &finished.return_to));
        }
        Err(error) => {
            FAILED_RETURN.with(|failed| *failed.borrow_mut() = Some((error, finished.return_to)))
        }
    }
}

/// Why this module could not finish the return from OpenRouter, and the page the sign-in
/// started from; `None` once taken, or when it did not fail.
pub fn take_failed_return() -> Option<(AuthError, String)> {
    FAILED_RETURN.with(|failed| failed.borrow_mut().take())
}

/// Makes the prerendered page work: the listeners above, for the life of the page.
pub fn install() {
    let Some(document) = web::window().document() else {
        return;
    };
    // Before the page's own listeners; a click's default is prevented once it starts a sign-in.
    let capture = EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: false,
    };
    EventListener::new_with_options(&document, "click", capture, on_click).forget();
    // After the app's own listeners (on `#app`, below `document`): a sign-in the app started.
    EventListener::new(&document, "click", after_app_click).forget();
    for kind in ["input", "change"] {
        let capture = EventListenerOptions::run_in_capture_phase();
        EventListener::new_with_options(&document, kind, capture, on_field).forget();
    }
    show_choice(&document, &KeyChoice::load());
    if let Ok(buttons) =
        document.query_selector_all("#app button[data-sign-in][aria-disabled]:not([aria-busy])")
    {
        for i in 0..buttons.length() {
            if let Some(button) = buttons.item(i).and_then(|b| b.dyn_into::<Element>().ok()) {
                let _ = button.remove_attribute("aria-disabled");
            }
        }
    }
}

/// Whether the app runs (and handles everything itself).
fn app_runs() -> bool {
    web::window()
        .document()
        .and_then(|d| d.document_element())
        .is_some_and(|html| html.has_attribute(APP_READY_ATTRIBUTE))
}

fn target_element(event: &Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

fn on_click(event: &Event) {
    let Some(target) = target_element(event) else {
        return;
    };
    if let Ok(Some(button)) = target.closest("#app button[data-sign-in]") {
        let busy = button.get_attribute("aria-busy").as_deref() == Some("true");
        if button.has_attribute("disabled") || busy {
            return;
        }
        if app_runs() {
            // The app starts this sign-in; its listeners run next, then `after_app_click`.
            APP_SIGN_IN_CLICKED.with(|clicked| clicked.set(true));
            return;
        }
        event.prevent_default();
        event.stop_propagation();
        if sign_in(&button) {
            fetch_for_the_return();
        }
    } else if let Ok(Some(toggle)) = target.closest("#app .theme-toggle") {
        if app_runs() {
            return;
        }
        event.stop_propagation();
        let next = toggle_theme();
        let _ = toggle.set_attribute("aria-label", next.toggle_label());
        let _ = toggle.set_attribute("title", next.toggle_label());
    }
}

/// A click on a sign-in button, once the app's listeners have handled it: the app has asked for
/// the consent page, and the return's files are fetched now, not before (their requests would
/// hold up the consent page's).
fn after_app_click(_: &Event) {
    if APP_SIGN_IN_CLICKED.with(|clicked| clicked.replace(false)) {
        fetch_for_the_return();
    }
}

/// A sign-in has started: the files the callback's page will load beyond the main module
/// ([`RETURN_FILES_META`]) are fetched now, so that when the visitor comes back from OpenRouter
/// the return finds them in the browser's cache instead of waiting a round trip for them. The
/// fetches are `keepalive`: they go on after this page has left for OpenRouter's consent page.
/// They are asked for after the consent page is: before it, they held its request up (by about
/// 25 ms locally, 2026-12-08).
fn fetch_for_the_return() {
    let window = web::window();
    let files = window
        .document()
        .and_then(|d| {
            d.query_selector(&format!("meta[name={RETURN_FILES_META}]"))
                .ok()
        })
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default();
    if files.is_empty() {
        return;
    }
    let init = web_sys::RequestInit::new();
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
    // A fetch that fails (offline, say) is only a cache not filled: the return fetches again.
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
    for url in files.split_whitespace() {
        let _ = window.fetch_with_str_and_init(url, &init).catch(&ignore);
    }
    ignore.forget();
}

/// The visitor's choice: as changed on this page, else as remembered.
fn current_choice() -> KeyChoice {
    CHOICE
        .with(|choice| choice.borrow().clone())
        .unwrap_or_else(KeyChoice::load)
}

/// Starts the sign-in `button` asks for; whether it started (the browser is leaving for the
/// consent page).
fn sign_in(button: &Element) -> bool {
    let return_to = button
        .get_attribute("data-sign-in")
        .filter(|path| !path.is_empty())
        .unwrap_or_else(current_app_path);
    let choice = current_choice();
    let options = match choice.options() {
        Ok(options) => options,
        Err((field, problem)) => {
            say_on_field(field, problem.message());
            return false;
        }
    };
    match begin_sign_in(&auth_config(), &options, &return_to) {
        Ok(()) => true,
        Err(error) => {
            // Storage refused, or no secure random source: said in words, as the app would.
            let _ = web::window().alert_with_message(&error.message());
            false
        }
    }
}

/// Shows `message` on the field a problem is in, with the browser's own bubble; it goes when the
/// field changes ([`on_field`]), and the app shows the same message beside the field.
fn say_on_field(field: Field, message: &str) {
    let Some(document) = web::window().document() else {
        return;
    };
    let ids: &[&str] = match field {
        Field::Limit => &[CUSTOM_LIMIT_FIELD, LIMIT_FIELD],
        Field::Label => &[LABEL_FIELD],
    };
    let Some(element) = ids.iter().find_map(|id| document.get_element_by_id(id)) else {
        return;
    };
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_custom_validity(message);
        input.report_validity();
    } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        select.set_custom_validity(message);
        select.report_validity();
    }
}

/// A field of the key's options changed: remembered, before the app runs.
fn on_field(event: &Event) {
    let Some(field) = target_element(event) else {
        return;
    };
    let value = if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
        // A message this module showed on the field is over once the visitor changes it.
        input.set_custom_validity("");
        input.value()
    } else if let Some(select) = field.dyn_ref::<HtmlSelectElement>() {
        select.set_custom_validity("");
        select.value()
    } else {
        return;
    };
    if app_runs() {
        return;
    }
    if let Some(next) = current_choice().with_field(&field.id(), value) {
        next.save();
        CHOICE.with(|choice| *choice.borrow_mut() = Some(next));
    }
}

/// Puts the remembered choice into the prerendered fields, which show the default.
fn show_choice(document: &Document, choice: &KeyChoice) {
    if let Some(select) = document
        .get_element_by_id(LIMIT_FIELD)
        .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
    {
        select.set_value(choice.limit.value());
    }
    if let Some(input) = document
        .get_element_by_id(LABEL_FIELD)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    {
        input.set_value(&choice.key_label);
    }
}
