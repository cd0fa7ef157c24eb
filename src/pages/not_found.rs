//! Any unknown path.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;

/// The not-found page.
#[component]
pub fn NotFound() -> Html {
    html! {
        <section class="not-found">
            <h1>{ "Page not found" }</h1>
            <p><Link<Route> to={Route::Home}>{ "Back to the gallery" }</Link<Route>></p>
        </section>
    }
}
