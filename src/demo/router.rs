//! The demo's router: four fixed routes on the browser's history, under the base path.
//!
//! Written here rather than taken from yew-router, which cost the demo 30.8 KB of gzip wasm
//! (issue 5: with its serde, route recognizer and history crates) for what is a `match` on the
//! path. The library itself needs no router (see [`crate::auth::OAuthCallback`]); apps with
//! yew-router keep using it.

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::auth::store::{base_path, current_app_path};
use crate::auth::urls;
use crate::web;

/// Every page of the demo. Paths are relative to the base path (`/sign-in-with-openrouter/` on
/// GitHub Pages), read from `<base href>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/`: the gallery.
    Home,
    /// `/callback`: where OpenRouter sends the user back (`callback_url`).
    Callback,
    /// `/chat`: the chat panel.
    Chat,
    /// Anything else.
    NotFound,
}

impl Route {
    /// The route of an app path (without the base path); a trailing slash is ignored.
    pub fn recognize(app_path: &str) -> Route {
        match app_path.trim_end_matches('/') {
            "" => Route::Home,
            "/callback" => Route::Callback,
            "/chat" => Route::Chat,
            _ => Route::NotFound,
        }
    }

    /// The app path of the route (`NotFound` has none of its own: the gallery's).
    pub fn path(self) -> &'static str {
        match self {
            Route::Home | Route::NotFound => "/",
            Route::Callback => "/callback",
            Route::Chat => "/chat",
        }
    }

    /// The page path: the base path and the app path (`/sign-in-with-openrouter/chat`).
    pub fn href(self) -> String {
        urls::page_path(&base_path(), self.path())
    }
}

/// What [`Router`] gives its children: the current route and a way to go elsewhere.
#[derive(Clone, PartialEq)]
pub struct RouterContext {
    /// The route of the address bar.
    pub route: Route,
    /// Pushes a history entry for the route and shows it.
    pub navigate: Callback<Route>,
}

/// Props of [`Router`].
#[derive(Properties, PartialEq)]
pub struct RouterProps {
    /// The app.
    pub children: Html,
}

/// Follows the address bar: the route is read on start and on every `popstate` (Back, Forward,
/// or [`crate::auth::OAuthCallback`] returning from a sign-in).
#[function_component]
pub fn Router(props: &RouterProps) -> Html {
    let route = use_state(|| Route::recognize(&current_app_path()));
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&web::window(), "popstate", move |_| {
                route.set(Route::recognize(&current_app_path()))
            });
            move || drop(listener)
        });
    }
    let navigate = {
        let route = route.clone();
        Callback::from(move |to: Route| {
            web::push_address(&to.href());
            // A new page starts at its top, as after a page load (Back and Forward keep the
            // browser's own scroll restoration).
            web::window().scroll_to_with_x_and_y(0.0, 0.0);
            route.set(to);
        })
    };
    let context = RouterContext {
        route: *route,
        navigate,
    };
    html! {
        <ContextProvider<RouterContext> {context}>{ props.children.clone() }</ContextProvider<RouterContext>>
    }
}

/// The router's context; panics outside a [`Router`], which is a bug in the demo.
#[hook]
pub fn use_router() -> RouterContext {
    use_context::<RouterContext>().expect("use_router() outside <Router>")
}

/// Props of [`Link`].
#[derive(Properties, PartialEq)]
pub struct LinkProps {
    /// Where the link goes.
    pub to: Route,
    /// The `<a>`'s classes. A string, not [`Classes`] (an `IndexSet` and its hashing), and set
    /// as the `className` property: `class={…}` would convert it to `Classes` (DEVELOPERS.md).
    #[prop_or_default]
    pub classes: Option<AttrValue>,
    /// The link's content.
    pub children: Html,
    /// Called when a visit looks likely: the pointer enters the link or it gets the focus
    /// (the Chat link fetches the chat's chunk then).
    #[prop_or_default]
    pub on_intent: Option<Callback<()>>,
}

/// An `<a href>` to a route that navigates without reloading the page. A click with a modifier
/// key or another button than the main one is left to the browser (new tab, new window).
#[function_component]
pub fn Link(props: &LinkProps) -> Html {
    let router = use_router();
    let to = props.to;
    let current = (router.route == to).then_some("page");
    let onclick = Callback::from(move |e: MouseEvent| {
        if e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key()) {
            e.prevent_default();
            router.navigate.emit(to);
        }
    });
    let onpointerenter = props
        .on_intent
        .as_ref()
        .map(|i| i.reform(|_: PointerEvent| ()));
    let onfocus = props
        .on_intent
        .as_ref()
        .map(|i| i.reform(|_: FocusEvent| ()));
    html! {
        <a href={to.href()} ~className={JsValue::from_str(props.classes.as_deref().unwrap_or_default())} {onclick} aria-current={current}
            {onpointerenter} {onfocus}>
            { props.children.clone() }
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_recognized_with_or_without_a_trailing_slash() {
        for (path, route) in [
            ("/", Route::Home),
            ("", Route::Home),
            ("/callback", Route::Callback),
            ("/callback/", Route::Callback),
            ("/chat", Route::Chat),
            ("/chat/", Route::Chat),
            ("/chats", Route::NotFound),
            ("/chat/x", Route::NotFound),
            ("/404", Route::NotFound),
            ("/CHAT", Route::NotFound),
        ] {
            assert_eq!(Route::recognize(path), route, "{path:?}");
        }
    }

    #[test]
    fn every_route_but_not_found_round_trips() {
        for route in [Route::Home, Route::Callback, Route::Chat] {
            assert_eq!(Route::recognize(route.path()), route);
        }
    }
}
