//! The demo's general hooks: [`use_mounted`] for "not in the first render", and
//! [`use_app_effects`], every effect that concerns the whole app, called once at the app's root
//! (the shell inside the providers), not by a component that happens to be on every page.

use yew::prelude::*;
use yew_openrouter::auth::use_auth;

use crate::pages::chat::storage::use_forget_when_signed_out;
use crate::starter::APP_READY_ATTRIBUTE;
use crate::widgets::use_saved_key_options;

/// Whether the component has been mounted: `false` in its first render (the one a server makes
/// and the one that hydrates it), `true` from the effect after it on. What a part renders before
/// it runs in the browser (a loading view, controls not ready yet) keys on it.
#[hook]
pub fn use_mounted() -> bool {
    let mounted = use_state(|| false);
    {
        let mounted = mounted.setter();
        use_effect_with((), move |_| mounted.set(true));
    }
    *mounted
}

/// The app-wide effects: a sign-in from any page asks for the remembered key options; once the
/// store has read storage the page is marked the app's; signed out (here, in another tab, or on
/// arrival), the chat's saved data is forgotten.
#[hook]
pub fn use_app_effects() {
    use_saved_key_options();
    use_mark_app_ready();
    use_forget_when_signed_out();
}

/// Once the store has read storage, marks the page as the app's (`html[data-ready]`): from then
/// on the first module ([`crate::starter`]) leaves every click to the app.
#[hook]
fn use_mark_app_ready() {
    let auth = use_auth();
    use_effect_with(auth.is_ready(), move |ready| {
        let html = yew_openrouter::web::window()
            .document()
            .and_then(|d| d.document_element());
        if let (true, Some(html)) = (*ready, html) {
            let _ = html.set_attribute(APP_READY_ATTRIBUTE, "");
        }
    });
}
