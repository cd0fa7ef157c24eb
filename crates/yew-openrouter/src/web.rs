//! Thin, fallible wrappers over the browser APIs the library needs: storage, the address bar
//! and a stylesheet put into `<head>` once by id (public, for an app to use the same way), and
//! fetch (the library's own). Everything that can throw in a browser (private mode, disabled storage,
//! quota, offline) comes back as a `Result`, never a panic.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, Request, RequestInit, Response, Storage};

/// Why browser storage could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StorageError {
    /// Storage is disabled or unavailable (private mode, blocked cookies, sandboxed frame).
    Unavailable,
    /// A write was refused, usually because the storage quota is full.
    WriteFailed,
}

impl StorageError {
    /// What happened and what to do, in words a person understands.
    pub fn message(self) -> &'static str {
        match self {
            Self::Unavailable => "Your browser does not let this page use storage (private mode or blocked site data), so sign-in cannot be kept. Allow site data for this page and try again.",
            Self::WriteFailed => "Your browser refused to save sign-in data (storage may be full). Free some space or allow site data, then try again.",
        }
    }
}

/// For developers and logs; the page's words are [`StorageError::message`].
impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Unavailable => "web storage is unavailable",
            Self::WriteFailed => "web storage refused a write",
        })
    }
}

impl std::error::Error for StorageError {}

/// Which of the two web storages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKind {
    /// `localStorage`: shared by every tab of the origin, kept across restarts.
    Local,
    /// `sessionStorage`: this tab only.
    Session,
}

/// Puts `css` into `<head>` as `<style id="{id}">`, unless the page already has an element with
/// that id (this sheet, mounted before or written into the page, or the app's own `<link>` to a
/// copy of it): the way the `SignInButton` mounts its stylesheet, for an app's own sheets too.
/// Without a document (not a browser) there is nothing to style. Under a
/// Content-Security-Policy without `'unsafe-inline'`, `style-src` must allow the sheet by the
/// sha256 of exactly `css`.
pub fn mount_stylesheet(id: &str, css: &str) {
    let document = web_sys::window().and_then(|w| w.document());
    if document.is_some_and(|d| d.get_element_by_id(id).is_none()) {
        append_style(id, css);
    }
}

fn append_style(id: &str, css: &str) {
    let head = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        let style = d.create_element("style").ok()?;
        style.set_id(id);
        style.set_text_content(Some(css));
        Some((d.head()?, style))
    });
    if let Some((head, style)) = head {
        let _ = head.append_child(&style);
    }
}

/// The browser window. Panics only outside a browser, where nothing of this crate can run.
pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// Shows `url` (same origin) in the address bar without loading it, in place of the current
/// history entry. `false` if the browser refused.
pub fn replace_address(url: &str) -> bool {
    window()
        .history()
        .and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(url)))
        .is_ok()
}

/// Reads `location.search` and replaces the current history entry with the same path and no
/// query, so a `?code=` is gone from the address bar and from history (Back never replays it).
pub fn take_query_from_address_bar() -> String {
    let location = window().location();
    let query = location.search().unwrap_or_default();
    if !query.is_empty() {
        replace_address(&format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.hash().unwrap_or_default()
        ));
    }
    query
}

/// The storage of the given kind, or why it cannot be used.
pub fn storage(kind: StorageKind) -> Result<Storage, StorageError> {
    let w = window();
    let storage = match kind {
        StorageKind::Local => w.local_storage(),
        StorageKind::Session => w.session_storage(),
    };
    storage.ok().flatten().ok_or(StorageError::Unavailable)
}

/// Reads `key`. A missing entry is `Ok(None)`.
pub fn storage_get(kind: StorageKind, key: &str) -> Result<Option<String>, StorageError> {
    storage(kind)?
        .get_item(key)
        .map_err(|_| StorageError::Unavailable)
}

/// Writes `key`.
pub fn storage_set(kind: StorageKind, key: &str, value: &str) -> Result<(), StorageError> {
    storage(kind)?
        .set_item(key, value)
        .map_err(|_| StorageError::WriteFailed)
}

/// Removes `key`; removing a missing entry is fine.
pub fn storage_remove(kind: StorageKind, key: &str) -> Result<(), StorageError> {
    storage(kind)?
        .remove_item(key)
        .map_err(|_| StorageError::Unavailable)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The request never produced a response: offline, DNS, CORS, CSP, or aborted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkError {
    /// Whether it was cancelled through its `AbortSignal`.
    pub aborted: bool,
}

impl std::fmt::Display for NetworkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.aborted {
            "request aborted"
        } else {
            "request got no response (offline, DNS, CORS or CSP)"
        })
    }
}

impl std::error::Error for NetworkError {}

/// A finished response read as text.
#[derive(Debug, Clone)]
pub(crate) struct TextResponse {
    /// The HTTP status.
    pub status: u16,
    /// The whole body, as text.
    pub body: String,
}

/// Builds a `Request` with the given headers, body and abort signal.
pub(crate) fn build_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<Request, NetworkError> {
    let init = RequestInit::new();
    init.set_method(method);
    let h = Headers::new().map_err(|_| NetworkError { aborted: false })?;
    for (name, value) in headers {
        h.set(name, value)
            .map_err(|_| NetworkError { aborted: false })?;
    }
    init.set_headers(&h);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(signal);
    Request::new_with_str_and_init(url, &init).map_err(|_| NetworkError { aborted: false })
}

/// Sends a request and waits for the response headers.
pub(crate) async fn send(
    request: &Request,
    signal: Option<&AbortSignal>,
) -> Result<Response, NetworkError> {
    let aborted = || NetworkError {
        aborted: signal.is_some_and(|s| s.aborted()),
    };
    let value = JsFuture::from(window().fetch_with_request(request))
        .await
        .map_err(|_| aborted())?;
    value.dyn_into::<Response>().map_err(|_| aborted())
}

/// Sends a request and reads the whole body as text.
pub(crate) async fn fetch_text(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<TextResponse, NetworkError> {
    let request = build_request(method, url, headers, body, None)?;
    let response = send(&request, None).await?;
    let failed = || NetworkError { aborted: false };
    let text = JsFuture::from(response.text().map_err(|_| failed())?)
        .await
        .map_err(|_| failed())?;
    Ok(TextResponse {
        status: response.status(),
        body: text.as_string().unwrap_or_default(),
    })
}

/// The page's origin (`https://me.github.io`).
pub fn page_origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// The app's base path: the path of `<base href>` (`/sign-in-with-openrouter/` on GitHub Pages),
/// as yew-router's `BrowserRouter` reads it, or `/` when the page has no `<base>`. Always ends
/// with `/`.
pub fn base_path() -> String {
    let href = window()
        .document()
        .and_then(|d| d.query_selector("base[href]").ok().flatten())
        .and_then(|base| base.get_attribute("href"))
        .and_then(|href| web_sys::Url::new_with_base(&href, &window().location().href().ok()?).ok())
        .map(|url| url.pathname());
    match href {
        Some(path) if path.ends_with('/') => path,
        Some(path) => crate::auth::urls::directory(&path).to_string(),
        None => "/".to_string(),
    }
}

/// The app's root URL: the page's origin and [`base_path`] (`https://me.github.io/app/`), the
/// default `HTTP-Referer` of chat requests.
pub fn app_root_url() -> String {
    format!("{}{}", page_origin(), base_path())
}

/// The path of the current page inside the app (`/chat`), without the base path.
pub fn current_app_path() -> String {
    let location = window().location();
    let pathname = location.pathname().unwrap_or_else(|_| "/".into());
    crate::auth::urls::app_path(&pathname, &base_path())
}
