//! `/callback`: the library's guarded callback, returning to the demo's routes.

use yew::prelude::*;

use crate::auth::OAuthCallback;
use crate::demo::app::Route;

/// The callback page.
#[function_component]
pub fn CallbackPage() -> Html {
    html! { <OAuthCallback<Route> home={Route::Home} /> }
}
