//! Any unknown path.

use yew::prelude::*;

use crate::demo::router::{Link, Route};

/// The not-found page.
#[function_component]
pub fn NotFound() -> Html {
    html! {
        <section class="not-found">
            <h1>{ "Page not found" }</h1>
            <p><Link to={Route::Home}>{ "Back to the gallery" }</Link></p>
        </section>
    }
}
