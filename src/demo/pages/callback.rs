//! `/callback`: the library's guarded callback, returning (by `popstate`) to the demo's router.

use yew::prelude::*;

use crate::auth::OAuthCallback;

/// The callback page.
#[function_component]
pub fn CallbackPage() -> Html {
    html! { <OAuthCallback /> }
}
