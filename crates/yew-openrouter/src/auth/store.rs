//! The auth store: one source of truth for the key, the sign-in status and the last error,
//! provided to the whole app by [`AuthProvider`] and read with [`use_auth`].
//!
//! State changes go through the pure reducer ([`AuthState::apply`]); side effects (storage,
//! redirect, the exchange) live in [`AuthHandle`]'s methods. Other tabs are followed through the
//! `storage` event: signing in or out anywhere updates every open tab without a reload.
//!
//! Everything here runs in the browser: the key lives in the visitor's `localStorage` and goes
//! from the browser to OpenRouter only. There is no server part (see the crate's docs).

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::begin::{begin_sign_in, finish_sign_in};
use super::error::AuthError;
use super::key::ApiKey;
use super::persist::{self, StoredKey};
use crate::config::{AuthConfig, OptionError, SignInOptions};
use crate::web::{self, StorageError};

/// What the store is doing right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthStatus {
    /// Nothing in flight.
    #[default]
    Idle,
    /// Leaving for OpenRouter's consent page.
    Redirecting,
    /// Exchanging a code for a key.
    Exchanging,
}

/// The store's state.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthState {
    /// The key, when signed in.
    pub key: Option<ApiKey>,
    /// What is in flight.
    pub status: AuthStatus,
    /// The last error, until dismissed or a sign-in succeeds.
    pub error: Option<AuthError>,
    /// What the next sign-in asks OpenRouter for, or why the options the app set cannot be used
    /// (then sign-in does not start).
    pub options: Result<SignInOptions, OptionError>,
    /// The store has read the browser's storage. Until then (the first render, which a page
    /// rendered on a server hydrates) it knows nothing of a key, and sign-in buttons are not
    /// ready.
    pub loaded: bool,
}

impl Default for AuthState {
    fn default() -> Self {
        AuthState {
            key: None,
            status: AuthStatus::Idle,
            error: None,
            options: Ok(SignInOptions::default()),
            loaded: false,
        }
    }
}

/// Everything that can happen to the store.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AuthAction {
    /// The app set the options of the next sign-in.
    SetOptions(Result<SignInOptions, OptionError>),
    /// Storage was read at start-up: what it holds, or why storage cannot be used.
    Loaded(Result<StoredKey, StorageError>),
    /// The stored key changed (another tab signed in or out, or storage was edited).
    KeyChanged(StoredKey),
    /// Leaving for the consent page.
    Redirecting,
    /// An exchange started.
    Exchanging,
    /// The exchange succeeded and the key is stored.
    SignedIn(ApiKey),
    /// Something failed; an existing key stays.
    Failed(AuthError),
    /// The user signed out.
    SignedOut,
    /// The key was forgotten for this reason: signed out, with the reason shown.
    SignedOutBecause(AuthError),
    /// The user dismissed the error.
    DismissError,
}

impl AuthState {
    /// The pure transition function.
    pub(crate) fn apply(&self, action: AuthAction) -> AuthState {
        let mut next = self.clone();
        match action {
            AuthAction::SetOptions(options) => {
                if options.is_ok() && matches!(next.error, Some(AuthError::InvalidOptions(_))) {
                    next.error = None;
                }
                next.options = options;
            }
            AuthAction::Loaded(found) => {
                next.loaded = true;
                match found {
                    Ok(stored) => next = next.apply(AuthAction::KeyChanged(stored)),
                    Err(e) => next.error = Some(AuthError::Storage(e)),
                }
            }
            AuthAction::KeyChanged(StoredKey::Usable(key)) => {
                next.error = None;
                next.key = Some(key);
            }
            AuthAction::KeyChanged(StoredKey::Absent) => next.key = None,
            AuthAction::KeyChanged(StoredKey::Unusable) => {
                next.key = None;
                next.error = Some(AuthError::UnusableStoredKey);
            }
            AuthAction::Redirecting => {
                next.status = AuthStatus::Redirecting;
                next.error = None;
            }
            AuthAction::Exchanging => {
                next.status = AuthStatus::Exchanging;
                next.error = None;
            }
            AuthAction::SignedIn(key) => {
                next.key = Some(key);
                next.status = AuthStatus::Idle;
                next.error = None;
            }
            AuthAction::Failed(error) => {
                next.status = AuthStatus::Idle;
                next.error = Some(error);
            }
            AuthAction::SignedOut => {
                next.key = None;
                next.status = AuthStatus::Idle;
                next.error = None;
            }
            AuthAction::SignedOutBecause(error) => {
                next.key = None;
                next.status = AuthStatus::Idle;
                next.error = Some(error);
            }
            AuthAction::DismissError => next.error = None,
        }
        next
    }

    /// Whether a key is present.
    pub fn is_signed_in(&self) -> bool {
        self.key.is_some()
    }

    /// Whether a redirect or an exchange is in flight (buttons show loading).
    pub fn is_busy(&self) -> bool {
        self.status != AuthStatus::Idle
    }

    /// Whether sign-in can start: storage has been read (see [`AuthState::loaded`]).
    pub fn is_ready(&self) -> bool {
        self.loaded
    }
}

/// The store as Yew's reducer holds it: the state, changed only by the crate's own actions.
#[derive(PartialEq, Default)]
struct Store(AuthState);

impl std::ops::Deref for Store {
    type Target = AuthState;

    fn deref(&self) -> &AuthState {
        &self.0
    }
}

impl Reducible for Store {
    type Action = AuthAction;

    fn reduce(self: Rc<Self>, action: AuthAction) -> Rc<Self> {
        let next = self.0.apply(action);
        if next == self.0 {
            self
        } else {
            Rc::new(Store(next))
        }
    }
}

/// Props of [`AuthProvider`].
#[derive(Properties, PartialEq)]
pub struct AuthProviderProps {
    /// Where OpenRouter is, the callback route and the app's attribution (default:
    /// `https://openrouter.ai`, `callback` under the base path, no title).
    #[prop_or_default]
    pub config: AuthConfig,
    /// The app.
    #[prop_or_default]
    pub children: Html,
}

/// Provides the auth store to its children and keeps it in sync with other tabs.
///
/// ```ignore
/// html! {
///     <AuthProvider config={AuthConfig::default().with_app_title("My app")}>
///         <App />
///     </AuthProvider>
/// }
/// ```
#[component]
pub fn AuthProvider(props: &AuthProviderProps) -> Html {
    // Storage is read once mounted, not while rendering: the first render is the same as on a
    // server (signed out, not ready), so a prerendered page hydrates. A browser paints nothing in
    // between, as the effect runs in the same task.
    let state = use_reducer(Store::default);
    // Compared by value (`Rc`'s `PartialEq`), so a new `Rc` per render changes nothing for the
    // components that read the context.
    let config = Rc::new(props.config.clone());
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            dispatcher.dispatch(AuthAction::Loaded(persist::load_key()));
            let listener = EventListener::new(&web::window(), "storage", move |event| {
                if let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() {
                    if is_local_key_event(event) {
                        // A write names its value; a `clear()` (no key) leaves nothing.
                        let stored = match event.key() {
                            Some(_) => persist::key_written_by_another_tab(event.new_value()),
                            None => persist::load_key().unwrap_or(StoredKey::Absent),
                        };
                        dispatcher.dispatch(AuthAction::KeyChanged(stored));
                    }
                }
            });
            move || drop(listener)
        });
    }
    let context = AuthHandle { state, config };
    html! {
        <ContextProvider<AuthHandle> {context}>
            { props.children.clone() }
        </ContextProvider<AuthHandle>>
    }
}

fn is_local_key_event(event: &web_sys::StorageEvent) -> bool {
    let from_local = match (event.storage_area(), web::storage(web::StorageKind::Local)) {
        (Some(area), Ok(local)) => area == local,
        // clear() from some browsers arrives without an area; re-reading is harmless.
        (None, _) => true,
        _ => false,
    };
    from_local && persist::storage_event_affects_key(event.key().as_deref())
}

/// The store as components use it: the state plus the actions. It is also the context value
/// [`AuthProvider`] provides, compared by the state's identity and the configuration's value.
#[derive(Clone, PartialEq)]
pub struct AuthHandle {
    state: UseReducerHandle<Store>,
    config: Rc<AuthConfig>,
}

/// What a finished callback reports to the page that handled it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackOutcome {
    /// The app path the user started from (`/` when unknown).
    pub return_to: String,
    /// Whether the user is now signed in.
    pub signed_in: bool,
}

/// The auth store. Panics when no [`AuthProvider`] is above the component (a wiring mistake);
/// [`use_auth_opt`] does not.
#[hook]
pub fn use_auth() -> AuthHandle {
    use_auth_opt().expect("use_auth() needs an <AuthProvider> above it")
}

/// The auth store, or `None` when no [`AuthProvider`] is above the component: what other
/// libraries call `try_use_auth` (Yew requires a hook's name to start with `use_`), the way
/// `use_context` and yew-router's `use_navigator` return an `Option`.
#[hook]
pub fn use_auth_opt() -> Option<AuthHandle> {
    use_context::<AuthHandle>()
}

impl AuthHandle {
    /// The current state.
    pub fn state(&self) -> &AuthState {
        &self.state
    }

    /// The app's configuration, as given to [`AuthProvider`].
    pub fn config(&self) -> &AuthConfig {
        &self.config
    }

    /// Sets what the next sign-in asks OpenRouter for (a spending limit, a key label), or, with
    /// an error, stops sign-in from starting until the options are fixed (the error is shown by
    /// whoever shows [`AuthHandle::error`] when a sign-in is tried).
    pub fn set_sign_in_options(&self, options: Result<SignInOptions, OptionError>) {
        self.state.dispatch(AuthAction::SetOptions(options));
    }

    /// The key, when signed in.
    pub fn key(&self) -> Option<ApiKey> {
        self.state.key.clone()
    }

    /// Whether a key is present.
    pub fn is_signed_in(&self) -> bool {
        self.state.is_signed_in()
    }

    /// Whether a redirect or an exchange is in flight.
    pub fn is_busy(&self) -> bool {
        self.state.is_busy()
    }

    /// Whether the store has read storage, so that signing in can start.
    pub fn is_ready(&self) -> bool {
        self.state.is_ready()
    }

    /// The last error.
    pub fn error(&self) -> Option<&AuthError> {
        self.state.error.as_ref()
    }

    /// Starts a sign-in and returns to the current page afterwards.
    pub fn sign_in(&self) {
        self.sign_in_returning_to(&web::current_app_path());
    }

    /// Starts a sign-in that lands on `return_to` (an app path such as `/chat`) afterwards:
    /// makes a verifier, keeps it in this tab's sessionStorage and goes to the consent page.
    pub fn sign_in_returning_to(&self, return_to: &str) {
        let started = match &self.state.options {
            Ok(options) => begin_sign_in(&self.config, options, return_to),
            Err(e) => Err(AuthError::InvalidOptions(*e)),
        };
        self.state.dispatch(match started {
            Ok(()) => AuthAction::Redirecting,
            Err(e) => AuthAction::Failed(e),
        });
    }

    /// Signs out in this tab and, through storage, in every other.
    pub fn sign_out(&self) {
        match persist::clear_key() {
            Ok(()) => self.state.dispatch(AuthAction::SignedOut),
            Err(e) => self
                .state
                .dispatch(AuthAction::Failed(AuthError::Storage(e))),
        }
    }

    /// Forgets a key OpenRouter says has expired (`expires_at`, shown in the words): signed out
    /// here and, through storage, in every other tab, with [`AuthError::KeyExpired`] to show.
    pub fn forget_expired_key(&self, expires_at: &str) {
        match persist::clear_key() {
            Ok(()) => self
                .state
                .dispatch(AuthAction::SignedOutBecause(AuthError::KeyExpired(
                    expires_at.to_string(),
                ))),
            Err(e) => self
                .state
                .dispatch(AuthAction::Failed(AuthError::Storage(e))),
        }
    }

    /// Clears the last error.
    pub fn dismiss_error(&self) {
        self.state.dispatch(AuthAction::DismissError);
    }

    /// Completes a sign-in from the callback's query string (`?code=…` or `?error=…`), with
    /// [`finish_sign_in`]: the code is exchanged only when this tab has a valid, fresh verifier
    /// pending, which is removed first, so it serves once whatever happens. Nothing is stored
    /// unless the exchange succeeds; an existing key is left untouched by a failure. `done` runs
    /// at the end.
    pub fn complete_sign_in(&self, query: &str, done: impl FnOnce(CallbackOutcome) + 'static) {
        let state = self.state.clone();
        state.dispatch(AuthAction::Exchanging);
        let (origin, query) = (self.config.origin.clone(), query.to_string());
        wasm_bindgen_futures::spawn_local(async move {
            let finished = finish_sign_in(&origin, &query).await;
            let signed_in = finished.result.is_ok();
            state.dispatch(match finished.result {
                Ok(key) => AuthAction::SignedIn(key),
                Err(error) => AuthAction::Failed(error),
            });
            done(CallbackOutcome {
                return_to: finished.return_to,
                signed_in,
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> ApiKey {
        ApiKey::new(k).unwrap()
    }

    #[test]
    fn sign_in_flow() {
        let s = AuthState::default();
        let s = s.apply(AuthAction::Redirecting);
        assert!(s.is_busy() && !s.is_signed_in());
        let s = s.apply(AuthAction::Exchanging);
        assert_eq!(s.status, AuthStatus::Exchanging);
        let s = s.apply(AuthAction::SignedIn(key("sk-or-v1-a")));
        assert_eq!(
            s,
            AuthState {
                key: Some(key("sk-or-v1-a")),
                status: AuthStatus::Idle,
                error: None,
                options: Ok(SignInOptions::default()),
                loaded: false,
            }
        );
    }

    #[test]
    fn failure_keeps_an_existing_key() {
        let s = AuthState {
            key: Some(key("sk-or-v1-old")),
            ..Default::default()
        }
        .apply(AuthAction::Exchanging)
        .apply(AuthAction::Failed(AuthError::NoPendingSignIn));
        assert_eq!(s.key, Some(key("sk-or-v1-old")));
        assert_eq!(s.status, AuthStatus::Idle);
        assert_eq!(s.error, Some(AuthError::NoPendingSignIn));
    }

    #[test]
    fn other_tabs_sign_in_and_out() {
        let s = AuthState {
            error: Some(AuthError::MissingCode),
            ..Default::default()
        };
        let s = s.apply(AuthAction::KeyChanged(StoredKey::Usable(key("sk-or-v1-b"))));
        assert_eq!(s.key, Some(key("sk-or-v1-b")));
        assert_eq!(
            s.error, None,
            "a key arriving from another tab clears a stale error"
        );
        let s = s.apply(AuthAction::KeyChanged(StoredKey::Absent));
        assert!(!s.is_signed_in());
    }

    #[test]
    fn a_stored_value_that_is_no_key_signs_out_with_words() {
        let s = AuthState::default().apply(AuthAction::Loaded(Ok(StoredKey::Unusable)));
        assert!(s.is_ready() && !s.is_signed_in());
        assert_eq!(s.error, Some(AuthError::UnusableStoredKey));
        assert_eq!(
            s.error.as_ref().map(AuthError::message).as_deref(),
            Some("The saved key could not be used; sign in again.")
        );
        let s = AuthState {
            key: Some(key("sk-or-v1-a")),
            loaded: true,
            ..Default::default()
        }
        .apply(AuthAction::KeyChanged(StoredKey::Unusable));
        assert_eq!(s.key, None, "another tab wrote a broken key");
        assert_eq!(s.error, Some(AuthError::UnusableStoredKey));
    }

    #[test]
    fn options_are_kept_and_bad_ones_are_reported_until_fixed() {
        let options = SignInOptions {
            limit_cents: Some(500),
            key_label: Some("laptop".into()),
        };
        let s = AuthState::default().apply(AuthAction::SetOptions(Ok(options.clone())));
        assert_eq!(s.options, Ok(options));
        let s = s
            .apply(AuthAction::SetOptions(Err(OptionError::LimitNotPositive)))
            .apply(AuthAction::Failed(AuthError::InvalidOptions(
                OptionError::LimitNotPositive,
            )));
        assert!(s.error.as_ref().unwrap().message().contains("more than $0"));
        let s = s.apply(AuthAction::SetOptions(Ok(SignInOptions::default())));
        assert_eq!(s.error, None, "fixing the options clears their error");
        let s = AuthState {
            error: Some(AuthError::MissingCode),
            ..AuthState::default()
        }
        .apply(AuthAction::SetOptions(Ok(SignInOptions::default())));
        assert_eq!(s.error, Some(AuthError::MissingCode), "other errors stay");
    }

    #[test]
    fn loading_storage_makes_the_store_ready() {
        let s = AuthState::default();
        assert!(!s.is_ready() && !s.is_signed_in());
        let s = s.apply(AuthAction::Loaded(Ok(StoredKey::Usable(key("sk-or-v1-a")))));
        assert!(s.is_ready() && s.is_signed_in());
        let s = AuthState::default().apply(AuthAction::Loaded(Err(StorageError::Unavailable)));
        assert!(s.is_ready());
        assert_eq!(s.error, Some(AuthError::Storage(StorageError::Unavailable)));
    }

    #[test]
    fn sign_out_and_dismiss() {
        let s = AuthState {
            key: Some(key("sk-or-v1-a")),
            status: AuthStatus::Idle,
            error: Some(AuthError::MissingCode),
            options: Ok(SignInOptions::default()),
            loaded: true,
        };
        assert_eq!(s.apply(AuthAction::DismissError).error, None);
        assert_eq!(
            s.apply(AuthAction::SignedOut),
            AuthState {
                loaded: true,
                ..AuthState::default()
            }
        );
        let expired = AuthError::KeyExpired("2026-01-31T00:00:00Z".into());
        let out = s.apply(AuthAction::SignedOutBecause(expired.clone()));
        assert_eq!((out.key, out.error), (None, Some(expired.clone())));
        assert!(expired.message().starts_with(
            "Your OpenRouter key expired (2026-01-31T00:00:00Z), so you were signed out."
        ));
    }

    #[test]
    fn debug_of_state_hides_the_key() {
        let s = AuthState {
            key: Some(key("sk-or-v1-0123456789abcdef0123456789abcdef")),
            ..Default::default()
        };
        assert!(!format!("{s:?}").contains("0123456789abcdef0123"));
    }

    #[test]
    fn messages_are_plain_sentences() {
        for e in [
            AuthError::NoPendingSignIn,
            AuthError::SignInExpired,
            AuthError::InvalidVerifier,
            AuthError::MissingCode,
            AuthError::Provider("access_denied".into()),
            AuthError::Storage(StorageError::Unavailable),
            AuthError::Storage(StorageError::WriteFailed),
            AuthError::NoRandomSource,
        ] {
            assert!(e.message().ends_with('.'), "{e:?}");
        }
        assert!(AuthError::NoPendingSignIn
            .message()
            .contains("No sign-in was in progress in this tab"));
    }
}
