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
#[function_component]
pub fn OpenRouterLogo(props: &OpenRouterLogoProps) -> Html {
    logo_svg(props.size)
}

/// The logo, `size` pixels square: what [`OpenRouterLogo`] renders. The button calls it
/// directly, which spares a component per logo (issue 5). Written as SVG markup rather than
/// built by `html!`: fixed markup costs less wasm as text (DEVELOPERS.md); only the size, a
/// number, is put into it.
pub(crate) fn logo_svg(size: u32) -> Html {
    let size = size.to_string();
    Html::from_html_unchecked(AttrValue::from(
        [
            r#"<svg viewBox="0 0 512 512" width=""#,
            &size,
            r#"" height=""#,
            &size,
            r#"" fill="currentColor" stroke="currentColor" aria-hidden="true" focusable="false">"#,
            r#"<path d="M3 248.945C18 248.945 76 236 106 219C136 202 136 202 198 158C276.497 "#,
            r#"102.293 332 120.945 423 120.945" stroke-width="90"/>"#,
            r#"<path d="M511 121.5L357.25 210.268L357.25 32.7324L511 121.5Z"/>"#,
            r#"<path d="M0 249C15 249 73 261.945 103 278.945C133 295.945 133 295.945 195 339.945"#,
            r#"C273.497 395.652 329 377 420 377" stroke-width="90"/>"#,
            r#"<path d="M508 376.445L354.25 287.678L354.25 465.213L508 376.445Z"/></svg>"#,
        ]
        .concat(),
    ))
}
