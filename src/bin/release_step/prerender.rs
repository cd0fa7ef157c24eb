//! Every route as HTML, rendered with Yew's server renderer (`ServerApp`: the demo's shell on a
//! router that stays on one path), so a visitor sees the page before any wasm has arrived; the
//! app then hydrates it (`sign_in_with_openrouter::start`). The pages are rendered signed out,
//! before storage is read, as the app's first render in a browser is.

use sign_in_with_openrouter::app::{Route, ServerApp, ServerAppProps};
use yew_router::Routable;

/// The markup of `route`'s page, under the base path `basename` (`/sign-in-with-openrouter/`).
pub async fn render(route: Route, basename: &str) -> String {
    let path = format!("{}{}", basename.trim_end_matches('/'), route.to_path());
    let basename = basename.to_string();
    yew::ServerRenderer::<ServerApp>::with_props(move || ServerAppProps {
        path: path.into(),
        basename: basename.into(),
    })
    .render()
    .await
}
