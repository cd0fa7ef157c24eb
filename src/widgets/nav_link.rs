//! `NavLink`: yew-router's `Link` with what the demo's navigation adds to it: `aria-current` on
//! the link of the page shown, a callback when a visit looks likely (the Chat link fetches the
//! chat's chunk then), and a new page that starts at its top.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;

/// Props of [`NavLink`].
#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    /// Where the link goes.
    pub to: Route,
    /// The `<a>`'s classes.
    #[prop_or_default]
    pub classes: Classes,
    /// The link's content.
    pub children: Html,
    /// Called when a visit looks likely: the pointer enters the link or it gets the focus.
    #[prop_or_default]
    pub on_intent: Option<Callback<()>>,
}

/// A [`Link`] to a route of the demo. A click with a modifier key is left to the browser (new
/// tab, new window), as `Link` does; a plain click navigates without a reload and scrolls to
/// the top of the new page (Back and Forward keep the browser's own scroll restoration).
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let current = use_route::<Route>() == Some(props.to);
    let anchor = use_node_ref();
    // `Link` has no attribute of its own for it: set on its `<a>` after each render.
    use_effect_with(current, {
        let anchor = anchor.clone();
        move |current| {
            if let Some(a) = anchor.cast::<web_sys::Element>() {
                let _ = match current {
                    true => a.set_attribute("aria-current", "page"),
                    false => a.remove_attribute("aria-current"),
                };
            }
        }
    });
    let onpointerenter = props
        .on_intent
        .as_ref()
        .map(|i| i.reform(|_: PointerEvent| ()));
    let onfocusin = props
        .on_intent
        .as_ref()
        .map(|i| i.reform(|_: FocusEvent| ()));
    // Runs after `Link`'s own handler: a click it turned into a navigation is prevented.
    let onclick = Callback::from(|e: MouseEvent| {
        if e.default_prevented() {
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
    });
    html! {
        <span class="nav-link" {onpointerenter} {onfocusin} {onclick}>
            <Link<Route> to={props.to} classes={props.classes.clone()} anchor_ref={anchor}>
                { props.children.clone() }
            </Link<Route>>
        </span>
    }
}
