//! The OpenRouter logo as inline SVG (from the skill), drawn in `currentColor`.

use yew::prelude::*;

/// Props of [`OpenRouterLogo`].
#[derive(Properties, PartialEq)]
pub struct OpenRouterLogoProps {
    /// Width and height in pixels.
    #[prop_or(16)]
    pub size: u32,
}

/// The OpenRouter logo, decorative (`aria-hidden`).
#[component]
pub fn OpenRouterLogo(props: &OpenRouterLogoProps) -> Html {
    logo_svg(props.size)
}

/// The logo's markup at `size` pixels: what [`OpenRouterLogo`] renders, and what the sign-in
/// button puts in its slot directly (a component of its own there would be one more component's
/// lifecycle in every app's wasm).
pub(crate) fn logo_svg(size: u32) -> Html {
    let size = size.to_string();
    html! {
        <svg viewBox="0 0 512 512" width={size.clone()} height={size} fill="currentColor"
            stroke="currentColor" aria-hidden="true" focusable="false">
            <path d="M3 248.945C18 248.945 76 236 106 219C136 202 136 202 198 158C276.497 102.293 332 120.945 423 120.945"
                stroke-width="90" />
            <path d="M511 121.5L357.25 210.268L357.25 32.7324L511 121.5Z" />
            <path d="M0 249C15 249 73 261.945 103 278.945C133 295.945 133 295.945 195 339.945C273.497 395.652 329 377 420 377"
                stroke-width="90" />
            <path d="M508 376.445L354.25 287.678L354.25 465.213L508 376.445Z" />
        </svg>
    }
}
