//! Any unknown path.

use yew::prelude::*;

use crate::demo::router::{Link, Route};

/// The not-found page: a plain function, as it has no state (a component costs wasm bytes).
pub fn not_found() -> Html {
    html! {
        <section class="not-found">
            <h1>{ "Page not found" }</h1>
            <p><Link to={Route::Home}>{ "Back to the gallery" }</Link></p>
        </section>
    }
}
