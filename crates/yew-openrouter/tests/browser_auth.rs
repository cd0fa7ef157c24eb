//! Browser tests (wasm-bindgen-test in headless Chromium) for what needs a real DOM: storage,
//! the auth store's reaction to `storage` events from other tabs, and the callback guard.
//! `window.fetch` is replaced by a counting stub, so no test touches the network.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use std::time::Duration;

use browser_common::{attach_div, local, session, wait_for, window};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew_openrouter::auth::persist::{self, StoredKey, API_KEY_STORAGE_KEY, VERIFIER_STORAGE_KEY};
use yew_openrouter::auth::{use_auth, ApiKey, AuthProvider, CallbackGuard, OAuthCallback};
use yew_router::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "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";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn reset() {
    local().clear().unwrap();
    session().clear().unwrap();
    let _ = window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some("/"));
}

fn text_of(root: &web_sys::Element) -> String {
    root.text_content().unwrap_or_default()
}

/// Puts `url` (a `/callback?…` path) in the address bar and mounts the callback harness there.
fn open_callback(url: &str) -> (web_sys::Element, yew::AppHandle<CallbackHarness>) {
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .unwrap();
    let root = attach_div();
    let app = yew::Renderer::<CallbackHarness>::with_root(root.clone()).render();
    (root, app)
}

/// Mounts `children` inside an `AuthProvider` in a fresh element.
fn mount_in_provider(children: Html) -> (web_sys::Element, yew::AppHandle<AuthProvider>) {
    let root = attach_div();
    let app = yew::Renderer::<AuthProvider>::with_root_and_props(
        root.clone(),
        yew::props!(yew_openrouter::auth::AuthProviderProps { children }),
    )
    .render();
    (root, app)
}

#[component]
fn Probe() -> Html {
    let auth = use_auth();
    let key = auth
        .key()
        .map(|k| k.masked())
        .unwrap_or_else(|| "none".into());
    let error = auth.error().map(|e| e.message()).unwrap_or_default();
    html! { <p>{ format!("key={key}; error={error}") }</p> }
}

#[derive(Clone, Copy, PartialEq, Eq, Routable, Debug)]
enum TestRoute {
    #[at("/")]
    Home,
    #[at("/chat")]
    Chat,
    #[at("/callback")]
    Callback,
    /// A callback loaded on demand: the guard with the app's own part in its slot.
    #[at("/guarded")]
    Guarded,
}

#[component]
fn CallbackHarness() -> Html {
    html! {
        <AuthProvider>
            <BrowserRouter>
                <Probe />
                <Switch<TestRoute> render={|r| match r {
                    TestRoute::Callback => html! { <OAuthCallback /> },
                    TestRoute::Guarded => html! {
                        <CallbackGuard loading={html! { <p>{ "checking" }</p> }}>
                            <p>{ "the app's part" }</p>
                        </CallbackGuard>
                    },
                    TestRoute::Chat => html! { <p>{ "chat page" }</p> },
                    TestRoute::Home => html! { <p>{ "home page" }</p> },
                }} />
            </BrowserRouter>
        </AuthProvider>
    }
}

/// The `storage` event another tab's write of `new_value` under `key` fires here (`key` `None`: a
/// `clear()`).
fn dispatch_storage_event(key: Option<&str>, new_value: Option<&str>) {
    let init = web_sys::StorageEventInit::new();
    init.set_key(key);
    init.set_new_value(new_value);
    init.set_storage_area(Some(&local()));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    window().dispatch_event(&event).unwrap();
}

/// Replaces `window.fetch` with a stub answering `status` and `body`; returns a call counter
/// reader and a restorer.
fn stub_fetch(status: u16, body: &'static str) -> (impl Fn() -> u32, impl FnOnce()) {
    let w = window();
    let original = js_sys::Reflect::get(&w, &"fetch".into()).unwrap();
    let calls = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let counter = calls.clone();
    let stub =
        Closure::<dyn FnMut(JsValue, JsValue) -> js_sys::Promise>::new(move |_req, _init| {
            counter.set(counter.get() + 1);
            let init = web_sys::ResponseInit::new();
            init.set_status(status);
            let response = web_sys::Response::new_with_opt_str_and_init(Some(body), &init).unwrap();
            js_sys::Promise::resolve(&JsValue::from(response))
        });
    js_sys::Reflect::set(&w, &"fetch".into(), stub.as_ref()).unwrap();
    let restore = move || {
        js_sys::Reflect::set(&window(), &"fetch".into(), &original).unwrap();
        drop(stub);
    };
    (move || calls.get(), restore)
}

#[wasm_bindgen_test]
fn key_storage_round_trip() {
    reset();
    assert_eq!(persist::load_key().unwrap(), StoredKey::Absent);
    persist::save_key(&ApiKey::new(KEY).unwrap()).unwrap();
    assert_eq!(
        local().get_item(API_KEY_STORAGE_KEY).unwrap().as_deref(),
        Some(KEY)
    );
    assert_eq!(persist::load_key().unwrap().key().unwrap().expose(), KEY);
    persist::clear_key().unwrap();
    assert_eq!(persist::load_key().unwrap(), StoredKey::Absent);
}

#[wasm_bindgen_test]
fn a_stored_value_that_is_no_key_is_removed_and_reported() {
    reset();
    local()
        .set_item(API_KEY_STORAGE_KEY, "sk-or-v1-abc\ndef")
        .unwrap();
    assert_eq!(persist::load_key().unwrap(), StoredKey::Unusable);
    assert_eq!(local().get_item(API_KEY_STORAGE_KEY).unwrap(), None);
    assert_eq!(persist::load_key().unwrap(), StoredKey::Absent);
}

#[wasm_bindgen_test]
fn pending_sign_in_is_taken_once() {
    reset();
    persist::save_pending(VERIFIER, "/chat", js_sys::Date::now()).unwrap();
    assert!(persist::has_pending());
    let first = persist::take_pending(js_sys::Date::now()).unwrap();
    assert!(
        matches!(first, persist::PendingCheck::Ready(ref p) if p.verifier == VERIFIER && p.return_to == "/chat")
    );
    assert!(!persist::has_pending());
    assert_eq!(
        persist::take_pending(js_sys::Date::now()).unwrap(),
        persist::PendingCheck::NonePending
    );
}

#[wasm_bindgen_test]
async fn store_follows_storage_events_from_other_tabs() {
    reset();
    let (root, app) = mount_in_provider(html! { <Probe /> });
    wait_for("signed out at start", || {
        text_of(&root).contains("key=none")
    })
    .await;

    // Another tab signs in: the key entry changes and the event names it.
    local().set_item(API_KEY_STORAGE_KEY, KEY).unwrap();
    dispatch_storage_event(Some(API_KEY_STORAGE_KEY), Some(KEY));
    wait_for("signed in after the storage event", || {
        text_of(&root).contains("key=sk-or-v1-0e…1c96")
    })
    .await;

    // An event for another entry is ignored, even when the key entry changed meanwhile.
    local().remove_item(API_KEY_STORAGE_KEY).unwrap();
    dispatch_storage_event(Some("some_other_entry"), Some("x"));
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert!(
        text_of(&root).contains("key=sk-or-v1-0e…1c96"),
        "{}",
        text_of(&root)
    );

    // Another tab calls localStorage.clear(): the event's key is null.
    dispatch_storage_event(None, None);
    wait_for("signed out after clear()", || {
        text_of(&root).contains("key=none")
    })
    .await;
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_broken_key_another_tab_wrote_is_said_even_when_a_third_tab_removed_it_first() {
    reset();
    local().set_item(API_KEY_STORAGE_KEY, KEY).unwrap();
    let (root, app) = mount_in_provider(html! { <Probe /> });
    wait_for("signed in at start", || {
        text_of(&root).contains("key=sk-or-v1-0e…1c96")
    })
    .await;
    // Another tab wrote a broken value, and a third tab that saw it too has already removed it:
    // storage holds nothing by the time this tab handles its event.
    dispatch_storage_event(Some(API_KEY_STORAGE_KEY), Some("sk-or-v1-broken\r\nkey"));
    wait_for("signed out, saying why", || {
        let text = text_of(&root);
        text.contains("key=none") && text.contains("The saved key could not be used")
    })
    .await;
    // A broken value still in storage is removed; a key written since is left alone.
    local()
        .set_item(API_KEY_STORAGE_KEY, "sk-or-v1-broken key")
        .unwrap();
    dispatch_storage_event(Some(API_KEY_STORAGE_KEY), Some("sk-or-v1-broken key"));
    wait_for("the broken value removed", || {
        local().get_item(API_KEY_STORAGE_KEY).unwrap().is_none()
    })
    .await;
    local().set_item(API_KEY_STORAGE_KEY, KEY).unwrap();
    dispatch_storage_event(Some(API_KEY_STORAGE_KEY), Some("sk-or-v1-broken key"));
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        local().get_item(API_KEY_STORAGE_KEY).unwrap().as_deref(),
        Some(KEY)
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn foreign_code_never_reaches_the_api() {
    reset();
    let (calls, restore) = stub_fetch(200, r#"{"key":"sk-or-v1-should-never-be-stored"}"#);
    let (root, app) = open_callback("/callback?code=foreign");
    wait_for("the no-pending message", || {
        text_of(&root).contains("No sign-in was in progress in this tab")
    })
    .await;
    assert_eq!(calls(), 0, "the exchange endpoint must not be called");
    assert_eq!(local().get_item(API_KEY_STORAGE_KEY).unwrap(), None);
    assert_eq!(
        window().location().search().unwrap(),
        "",
        "the code is removed from the address bar"
    );
    app.destroy();
    restore();
}

#[wasm_bindgen_test]
async fn pending_code_is_exchanged_stored_and_user_returns() {
    reset();
    let (calls, restore) = stub_fetch(
        200,
        r#"{"key":"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","user_id":"u"}"#,
    );
    persist::save_pending(VERIFIER, "/chat", js_sys::Date::now()).unwrap();
    let (root, app) = open_callback("/callback?code=good");
    wait_for("back on the chat page", || {
        text_of(&root).contains("chat page")
    })
    .await;
    assert_eq!(calls(), 1);
    assert_eq!(
        local().get_item(API_KEY_STORAGE_KEY).unwrap().as_deref(),
        Some(KEY)
    );
    assert_eq!(
        session().get_item(VERIFIER_STORAGE_KEY).unwrap(),
        None,
        "the verifier is used once"
    );
    assert_eq!(window().location().pathname().unwrap(), "/chat");
    assert_eq!(window().location().search().unwrap(), "");
    app.destroy();
    restore();
}

#[wasm_bindgen_test]
async fn failed_exchange_stores_nothing_and_keeps_the_old_key() {
    reset();
    let old = "sk-or-v1-old-key-that-must-survive-a-failed-exchange";
    local().set_item(API_KEY_STORAGE_KEY, old).unwrap();
    let (calls, restore) = stub_fetch(
        403,
        r#"{"error":{"code":403,"message":"Invalid code or code_verifier"}}"#,
    );
    persist::save_pending(VERIFIER, "/", js_sys::Date::now()).unwrap();
    let (root, app) = open_callback("/callback?code=bad");
    wait_for("the 403 message", || {
        text_of(&root).contains("did not accept this sign-in code (403)")
    })
    .await;
    assert!(text_of(&root).contains("Try again"));
    assert_eq!(calls(), 1);
    assert_eq!(
        local().get_item(API_KEY_STORAGE_KEY).unwrap().as_deref(),
        Some(old)
    );
    assert_eq!(session().get_item(VERIFIER_STORAGE_KEY).unwrap(), None);
    app.destroy();
    restore();
}

#[wasm_bindgen_test]
async fn non_json_answer_is_reported_not_stored() {
    reset();
    let (_calls, restore) = stub_fetch(200, "<html>proxy page</html>");
    persist::save_pending(VERIFIER, "/", js_sys::Date::now()).unwrap();
    let (root, app) = open_callback("/callback?code=x");
    wait_for("the malformed-answer message", || {
        text_of(&root).contains("did not contain an API key")
    })
    .await;
    assert_eq!(local().get_item(API_KEY_STORAGE_KEY).unwrap(), None);
    app.destroy();
    restore();
}

#[wasm_bindgen_test]
async fn provider_error_is_shown() {
    reset();
    let (calls, restore) = stub_fetch(200, "{}");
    persist::save_pending(VERIFIER, "/", js_sys::Date::now()).unwrap();
    let (root, app) = open_callback("/callback?error=access_denied");
    wait_for("the provider error", || {
        text_of(&root).contains("access_denied")
    })
    .await;
    assert_eq!(calls(), 0);
    app.destroy();
    restore();
}

#[wasm_bindgen_test]
async fn expired_verifier_is_not_used() {
    reset();
    let (calls, restore) = stub_fetch(200, "{}");
    persist::save_pending(VERIFIER, "/", js_sys::Date::now() - 16.0 * 60.0 * 1000.0).unwrap();
    let (root, app) = open_callback("/callback?code=late");
    wait_for("the expiry message", || {
        text_of(&root).contains("has expired")
    })
    .await;
    assert_eq!(calls(), 0);
    app.destroy();
    restore();
}

/// Makes `window.<name>` throw like a browser with storage disabled; returns a restorer.
fn break_storage(name: &'static str) -> impl FnOnce() {
    let w = window();
    let object = js_sys::Object::from(JsValue::from(w.clone()));
    let descriptor = js_sys::Object::new();
    let getter = Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(|| {
        Err(js_sys::Error::new("SecurityError: storage is disabled").into())
    });
    js_sys::Reflect::set(&descriptor, &"get".into(), getter.as_ref()).unwrap();
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE).unwrap();
    // On the global object the storages are own properties: keep the original to put it back.
    let original = js_sys::Object::get_own_property_descriptor(&object, &name.into());
    js_sys::Object::define_property(&object, &name.into(), &descriptor);
    move || {
        if original.is_undefined() {
            js_sys::Reflect::delete_property(&object, &name.into()).unwrap();
        } else {
            js_sys::Object::define_property(&object, &name.into(), &original.into());
        }
        drop(getter);
    }
}

#[component]
fn SignInProbe() -> Html {
    let auth = use_auth();
    let onclick = {
        let auth = auth.clone();
        Callback::from(move |_: MouseEvent| auth.sign_in())
    };
    let error = auth.error().map(|e| e.message()).unwrap_or_default();
    html! { <>
        <button id="start" {onclick}>{ "start" }</button>
        <p id="error">{ error }</p>
    </> }
}

#[wasm_bindgen_test]
async fn disabled_session_storage_gives_a_message_not_a_panic() {
    reset();
    let restore = break_storage("sessionStorage");
    let (root, app) = mount_in_provider(html! { <SignInProbe /> });
    wait_for("the probe", || {
        root.query_selector("#start").unwrap().is_some()
    })
    .await;
    let before = window().location().href().unwrap();
    root.query_selector("#start")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    wait_for("the storage message", || {
        text_of(&root).contains("does not let this page use storage")
    })
    .await;
    assert_eq!(
        window().location().href().unwrap(),
        before,
        "no redirect without a stored verifier"
    );
    app.destroy();
    restore();
}

#[wasm_bindgen_test]
async fn disabled_local_storage_at_start_gives_a_message_not_a_panic() {
    reset();
    let restore = break_storage("localStorage");
    let (root, app) = mount_in_provider(html! { <Probe /> });
    wait_for("the storage message", || {
        text_of(&root).contains("does not let this page use storage")
    })
    .await;
    assert!(text_of(&root).contains("key=none"));
    app.destroy();
    restore();
}

#[wasm_bindgen_test]
fn the_wasm_build_computes_the_rfc7636_challenge() {
    // The wasm build uses sha2's compact backend (.cargo/config.toml); RFC 7636 Appendix B.
    assert_eq!(
        yew_openrouter::auth::pkce::s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[wasm_bindgen_test]
async fn signed_in_and_signed_out_show_their_children_by_state() {
    use yew_openrouter::auth::{SignedIn, SignedOut};
    reset();
    let (root, app) = mount_in_provider(html! {
        <>
            <SignedIn><p class="in">{ "the chat" }</p></SignedIn>
            <SignedOut><p class="out">{ "the button" }</p></SignedOut>
        </>
    });
    let shown = || {
        (
            root.query_selector(".in").unwrap().is_some(),
            root.query_selector(".out").unwrap().is_some(),
        )
    };
    wait_for("signed out", || shown() == (false, true)).await;
    local().set_item(API_KEY_STORAGE_KEY, KEY).unwrap();
    dispatch_storage_event(Some(API_KEY_STORAGE_KEY), Some(KEY));
    wait_for("signed in", || shown() == (true, false)).await;
    app.destroy();
}

#[component]
fn OptionalProbe() -> Html {
    match yew_openrouter::auth::use_auth_opt() {
        Some(auth) => html! { <p>{ format!("provider; signed in: {}", auth.is_signed_in()) }</p> },
        None => html! { <p>{ "no provider" }</p> },
    }
}

#[wasm_bindgen_test]
async fn the_optional_hook_and_the_button_work_without_a_provider() {
    use yew_openrouter::components::SignInButton;
    reset();
    let clicks = std::rc::Rc::new(std::cell::Cell::new(0));
    let onclick = {
        let clicks = clicks.clone();
        Callback::from(move |_: MouseEvent| clicks.set(clicks.get() + 1))
    };

    #[derive(Properties, PartialEq)]
    struct Props {
        onclick: Callback<MouseEvent>,
    }
    #[component]
    fn NoProvider(props: &Props) -> Html {
        html! {
            <>
                <OptionalProbe />
                <SignInButton onclick={props.onclick.clone()} />
                <SignInButton class="inert" />
            </>
        }
    }
    let root = attach_div();
    let app =
        yew::Renderer::<NoProvider>::with_root_and_props(root.clone(), Props { onclick }).render();
    wait_for("the page", || text_of(&root).contains("no provider")).await;
    let buttons = root.query_selector_all("button").unwrap();
    assert_eq!(buttons.length(), 2);
    let first: web_sys::HtmlElement = buttons.item(0).unwrap().unchecked_into();
    first.click();
    assert_eq!(clicks.get(), 1, "its own onclick runs without a provider");
    // Without a provider or an onclick a click does nothing (a console warning), no panic.
    let second: web_sys::HtmlElement = buttons.item(1).unwrap().unchecked_into();
    second.click();
    assert_eq!(window().location().pathname().unwrap(), "/");
    assert_eq!(session().get_item(VERIFIER_STORAGE_KEY).unwrap(), None);
    app.destroy();

    let (root, app) = mount_in_provider(html! { <OptionalProbe /> });
    wait_for("the provider", || {
        text_of(&root).contains("provider; signed in: false")
    })
    .await;
    app.destroy();
}

#[wasm_bindgen_test]
fn the_base_path_is_the_base_elements_or_the_root() {
    use yew_openrouter::web::{base_path, current_app_path};
    reset();
    // Deep inside an app without <base href>: the callback route is the root's, not the page's
    // directory's.
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some("/deep/inside/page"))
        .unwrap();
    assert_eq!(base_path(), "/");
    assert_eq!(current_app_path(), "/deep/inside/page");
    let document = window().document().unwrap();
    let base = document.create_element("base").unwrap();
    base.set_attribute("href", "/app/").unwrap();
    document.head().unwrap().append_child(&base).unwrap();
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some("/app/chat"))
        .unwrap();
    assert_eq!(base_path(), "/app/");
    assert_eq!(current_app_path(), "/chat");
    base.remove();
    reset();
}

#[wasm_bindgen_test]
async fn the_guard_keeps_a_stray_code_from_the_app_part_and_says_why() {
    reset();
    let (root, app) = open_callback("/guarded?code=stray");
    wait_for("the refusal", || {
        text_of(&root).contains("No sign-in in progress")
    })
    .await;
    assert!(
        !text_of(&root).contains("the app's part"),
        "{}",
        text_of(&root)
    );
    assert!(text_of(&root).contains("No sign-in was in progress in this tab"));
    assert_eq!(
        window().location().search().unwrap(),
        "",
        "the code is gone"
    );
    let button = root.query_selector("button[data-sign-in]").unwrap();
    assert!(button.is_some(), "a sign-in button is offered");
    app.destroy();

    // Expired: refused with its own words, and nothing is taken from storage.
    reset();
    persist::save_pending(VERIFIER, "/chat", js_sys::Date::now() - 16.0 * 60_000.0).unwrap();
    let (root, app) = open_callback("/guarded?code=late");
    wait_for("the expiry", || text_of(&root).contains("has expired")).await;
    assert!(text_of(&root).contains("Sign-in not completed"));
    assert!(!text_of(&root).contains("the app's part"));
    assert_eq!(
        session().get_item(VERIFIER_STORAGE_KEY).unwrap().as_deref(),
        Some(VERIFIER)
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn the_guard_renders_the_app_part_for_a_pending_sign_in_and_leaves_it_pending() {
    reset();
    persist::save_pending(VERIFIER, "/chat", js_sys::Date::now()).unwrap();
    let (root, app) = open_callback("/guarded?code=good");
    wait_for("the app's part", || {
        text_of(&root).contains("the app's part")
    })
    .await;
    assert!(!text_of(&root).contains("checking"));
    assert_eq!(
        session().get_item(VERIFIER_STORAGE_KEY).unwrap().as_deref(),
        Some(VERIFIER),
        "the part takes the pending sign-in itself"
    );
    assert_eq!(
        window().location().search().unwrap(),
        "?code=good",
        "the code stays for the part"
    );
    app.destroy();
}
