//! `<SignedIn>` and `<SignedOut>`: their children, or nothing, by the visitor's sign-in state.

use yew::prelude::*;

use super::store::use_auth;

/// Props of [`SignedIn`] and [`SignedOut`].
#[derive(Properties, PartialEq)]
pub struct GateProps {
    /// What to show.
    #[prop_or_default]
    pub children: Html,
}

/// Shows its children only while a key is stored (needs an
/// [`AuthProvider`](super::AuthProvider) above it).
///
/// ```ignore
/// html! {
///     <>
///         <SignedIn><ChatPanel /></SignedIn>
///         <SignedOut><SignInButton /></SignedOut>
///     </>
/// }
/// ```
#[component]
pub fn SignedIn(props: &GateProps) -> Html {
    if use_auth().is_signed_in() {
        props.children.clone()
    } else {
        Html::default()
    }
}

/// Shows its children only while no key is stored.
#[component]
pub fn SignedOut(props: &GateProps) -> Html {
    if use_auth().is_signed_in() {
        Html::default()
    } else {
        props.children.clone()
    }
}
