//! `SignInButton`: "Sign in with OpenRouter" in 5 variants and 4 sizes, light and dark.
//!
//! Without an `onclick` it signs in through the auth store ([`crate::auth::use_auth`]) and shows
//! loading while the store is redirecting or exchanging a code, which needs an
//! [`crate::auth::AuthProvider`] above it. Given its own `onclick` it needs no provider.
//!
//! # Styling
//! One static stylesheet, [`BUTTON_STYLESHEET`]: the light and dark palettes as CSS custom
//! properties and the button's rules on its fixed class [`BUTTON_CLASS`] (`orb-button`). The
//! first button puts it into `<head>` once (or, with the `stylist` feature, registers it with
//! stylist's manager); [`button_stylesheet`] is the exact text that reaches the page, for a
//! Content-Security-Policy hash. The numbers are those of the reference's Tailwind classes.

use yew::prelude::*;

use super::logo::logo_svg;
use crate::auth::use_auth_opt;

/// The button's look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonVariant {
    /// White with a border (dark: neutral-900 with a neutral-700 border).
    #[default]
    Default,
    /// Text only, underlined on hover.
    Minimal,
    /// Dark (dark theme: white).
    Branded,
    /// The logo alone, square; looks like `Default`.
    Icon,
    /// Like `Branded` with a larger radius and shadow; grows on hover.
    Cta,
}

impl ButtonVariant {
    /// Every variant, in the order the gallery shows them.
    pub const ALL: [ButtonVariant; 5] = [
        ButtonVariant::Default,
        ButtonVariant::Minimal,
        ButtonVariant::Branded,
        ButtonVariant::Icon,
        ButtonVariant::Cta,
    ];

    /// The lower-case name (`"default"`, `"minimal"`, …), also the button's `data-variant`.
    pub fn name(self) -> &'static str {
        match self {
            ButtonVariant::Default => "default",
            ButtonVariant::Minimal => "minimal",
            ButtonVariant::Branded => "branded",
            ButtonVariant::Icon => "icon",
            ButtonVariant::Cta => "cta",
        }
    }
}

/// The button's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonSize {
    /// 32 px high, 12 px padding, 12 px text, 14 px logo.
    Sm,
    /// 40 px high, 20 px padding, 14 px text, 16 px logo.
    #[default]
    Default,
    /// 48 px high, 32 px padding, 16 px text, 16 px logo.
    Lg,
    /// 56 px high, 40 px padding, 18 px text, 20 px logo.
    Xl,
}

impl ButtonSize {
    /// Every size, smallest first.
    pub const ALL: [ButtonSize; 4] = [
        ButtonSize::Sm,
        ButtonSize::Default,
        ButtonSize::Lg,
        ButtonSize::Xl,
    ];

    /// The lower-case name (`"sm"`, `"default"`, `"lg"`, `"xl"`).
    pub fn name(self) -> &'static str {
        match self {
            ButtonSize::Sm => "sm",
            ButtonSize::Default => "default",
            ButtonSize::Lg => "lg",
            ButtonSize::Xl => "xl",
        }
    }

    /// Height in CSS pixels (the icon variant is as wide).
    pub fn height_px(self) -> u32 {
        match self {
            ButtonSize::Sm => 32,
            ButtonSize::Default => 40,
            ButtonSize::Lg => 48,
            ButtonSize::Xl => 56,
        }
    }

    /// Size of the logo and of the loading spinner, in CSS pixels.
    pub fn logo_px(self) -> u32 {
        match self {
            ButtonSize::Sm => 14,
            ButtonSize::Default | ButtonSize::Lg => 16,
            ButtonSize::Xl => 20,
        }
    }

    /// The button's `data-size` (`sm`, `md`, `lg`, `xl`).
    fn attr(self) -> &'static str {
        match self {
            ButtonSize::Sm => "sm",
            ButtonSize::Default => "md",
            ButtonSize::Lg => "lg",
            ButtonSize::Xl => "xl",
        }
    }
}

/// Which side of the label the logo stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogoPosition {
    /// Before the label.
    #[default]
    Left,
    /// After the label.
    Right,
}

impl LogoPosition {
    /// The lower-case name (`"left"`, `"right"`).
    pub fn name(self) -> &'static str {
        match self {
            LogoPosition::Left => "left",
            LogoPosition::Right => "right",
        }
    }
}

/// The label when none is given.
pub const DEFAULT_LABEL: &str = "Sign in with OpenRouter";

/// Props of [`SignInButton`].
#[derive(Properties, PartialEq, Clone)]
pub struct SignInButtonProps {
    /// The look (default: [`ButtonVariant::Default`]).
    #[prop_or_default]
    pub variant: ButtonVariant,
    /// The size (default: [`ButtonSize::Default`], 40 px).
    #[prop_or_default]
    pub size: ButtonSize,
    /// The text (default "Sign in with OpenRouter"). The icon variant uses it as its
    /// `aria-label`. A blank label falls back to the default for the accessible name.
    #[prop_or(AttrValue::Static(DEFAULT_LABEL))]
    pub label: AttrValue,
    /// Whether to show the logo (default `true`). The icon variant always shows it.
    #[prop_or(true)]
    pub show_logo: bool,
    /// Which side the logo is on (default left).
    #[prop_or_default]
    pub logo_position: LogoPosition,
    /// Shows a spinner and ignores clicks; the button keeps its size and name, with
    /// `aria-busy="true"`.
    #[prop_or_default]
    pub loading: bool,
    /// Disables the button (half opacity, no pointer events, no click).
    #[prop_or_default]
    pub disabled: bool,
    /// Replaces the default action (signing in through the auth store).
    #[prop_or_default]
    pub onclick: Option<Callback<MouseEvent>>,
    /// Where the default action returns after signing in: an app path such as `/chat`
    /// (default: the current page).
    #[prop_or_default]
    pub return_to: Option<AttrValue>,
    /// Extra classes on the `<button>`.
    #[prop_or_default]
    pub class: Classes,
}

/// The class every button carries, which its stylesheet ([`BUTTON_STYLESHEET`]) styles; also
/// for an app's own CSS to refer to.
pub const BUTTON_CLASS: &str = "orb-button";

/// The `id` of the `<style>` element the button puts into `<head>`. When the page already has an
/// element with this id (the app's own `<link id="orb-button-styles" rel="stylesheet" …>` to a
/// copy of [`BUTTON_STYLESHEET`], or the same `<style>` written into prerendered HTML), the button
/// mounts nothing.
pub const STYLESHEET_ID: &str = "orb-button-styles";

/// The button's stylesheet, given to `$emit!` as one string literal: `concat` makes it a
/// constant, and with the `stylist` feature `stylist::css` makes it a stylist style. One text,
/// whichever way it reaches the page.
macro_rules! button_css {
    ($($emit:tt)*) => {
        $($emit)*!(r#"[data-theme="light"] { --orb-surface: #ffffff; --orb-on-surface: #171717; --orb-border: #d4d4d4; --orb-surface-hover: #fafafa; --orb-inverse: #171717; --orb-on-inverse: #ffffff; --orb-inverse-hover: #262626; --orb-minimal: #404040; --orb-ring: #737373; }
[data-theme="dark"] { --orb-surface: #171717; --orb-on-surface: #ffffff; --orb-border: #404040; --orb-surface-hover: #262626; --orb-inverse: #ffffff; --orb-on-inverse: #171717; --orb-inverse-hover: #f5f5f5; --orb-minimal: #d4d4d4; --orb-ring: #a3a3a3; }
.orb-button { display: inline-flex; align-items: center; justify-content: center; gap: 8px; position: relative; box-sizing: border-box; flex-shrink: 0; margin: 0; border: 0; border-radius: 0; background: transparent; color: inherit; font: inherit; font-weight: 500; letter-spacing: normal; text-transform: none; white-space: nowrap; text-decoration: none; vertical-align: middle; cursor: pointer; -webkit-tap-highlight-color: transparent; transition: all 150ms cubic-bezier(0.4, 0, 0.2, 1); }
.orb-button:focus-visible { outline: 2px solid var(--orb-ring, #737373); outline-offset: 2px; }
.orb-button:disabled { opacity: 0.5; pointer-events: none; cursor: default; }
.orb-button[aria-busy="true"] { cursor: progress; }
.orb-button[data-size="sm"] { height: 32px; padding: 0 12px; font-size: 12px; line-height: 16px; }
.orb-button[data-size="md"] { height: 40px; padding: 0 20px; font-size: 14px; line-height: 20px; }
.orb-button[data-size="lg"] { height: 48px; padding: 0 32px; font-size: 16px; line-height: 24px; }
.orb-button[data-size="xl"] { height: 56px; padding: 0 40px; font-size: 18px; line-height: 28px; }
.orb-button[data-variant="default"], .orb-button[data-variant="icon"] { border: 1px solid var(--orb-border, #d4d4d4); border-radius: 8px; background: var(--orb-surface, #ffffff); color: var(--orb-on-surface, #171717); box-shadow: 0 1px 2px 0 rgba(0, 0, 0, 0.05); }
.orb-button[data-variant="default"]:hover:not([aria-busy]), .orb-button[data-variant="icon"]:hover:not([aria-busy]) { background: var(--orb-surface-hover, #fafafa); }
.orb-button[data-variant="icon"] { padding: 0; }
.orb-button[data-variant="icon"][data-size="sm"] { width: 32px; }
.orb-button[data-variant="icon"][data-size="md"] { width: 40px; }
.orb-button[data-variant="icon"][data-size="lg"] { width: 48px; }
.orb-button[data-variant="icon"][data-size="xl"] { width: 56px; }
.orb-button[data-variant="minimal"] { color: var(--orb-minimal, #404040); text-underline-offset: 4px; }
.orb-button[data-variant="minimal"]:hover:not([aria-busy]) { text-decoration: underline; }
.orb-button[data-variant="branded"], .orb-button[data-variant="cta"] { border-radius: 8px; background: var(--orb-inverse, #171717); color: var(--orb-on-inverse, #ffffff); box-shadow: 0 1px 3px 0 rgba(0, 0, 0, 0.1), 0 1px 2px -1px rgba(0, 0, 0, 0.1); }
.orb-button[data-variant="branded"]:hover:not([aria-busy]), .orb-button[data-variant="cta"]:hover:not([aria-busy]) { background: var(--orb-inverse-hover, #262626); }
.orb-button[data-variant="cta"] { border-radius: 12px; box-shadow: 0 10px 15px -3px rgba(0, 0, 0, 0.1), 0 4px 6px -4px rgba(0, 0, 0, 0.1); }
.orb-button[data-variant="cta"]:hover:not([aria-busy]) { transform: scale(1.02); }
.orb-button[data-variant="cta"]:active:not([aria-busy]) { transform: scale(0.98); }
.orb-button .orb-slot { display: inline-flex; flex: none; width: 16px; height: 16px; }
.orb-button[data-size="sm"] .orb-slot { width: 14px; height: 14px; }
.orb-button[data-size="xl"] .orb-slot { width: 20px; height: 20px; }
.orb-button .orb-slot svg { width: 100%; height: 100%; }
.orb-button .orb-spinner { box-sizing: border-box; width: 100%; height: 100%; border-radius: 50%; border: 2px solid currentColor; border-right-color: transparent; animation: orb-spin 0.75s linear infinite; }
.orb-button .orb-overlay { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; }
.orb-button .orb-ghost { opacity: 0; }
@keyframes orb-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .orb-button { transition: none; } .orb-button .orb-spinner { animation-duration: 2s; } }
"#)
    };
}

/// The button's stylesheet: the light and dark palettes as CSS custom properties (`--orb-*`)
/// under `[data-theme="light"]` and `[data-theme="dark"]`, and the button's rules on
/// [`BUTTON_CLASS`] (base, every `data-variant`, every `data-size`, hover, focus ring, disabled,
/// loading). Custom properties inherit, so each button takes the theme of its nearest ancestor
/// with a `data-theme` attribute; with none anywhere it is light.
///
/// Without the `stylist` feature this is the exact text of the `<style id="orb-button-styles">`
/// the first button puts into `<head>`; an app can instead serve it as a file of its own (see
/// [`STYLESHEET_ID`]).
pub const BUTTON_STYLESHEET: &str = button_css!(concat);

/// The exact text of the `<style>` element the button puts into `<head>`, for a
/// Content-Security-Policy's `style-src` hash (`'sha256-…'` of these bytes) or for a page
/// rendered on a server: [`BUTTON_STYLESHEET`], or with the `stylist` feature the text stylist
/// writes for it (the same rules, as stylist prints them; it does not depend on the order styles
/// are registered in).
pub fn button_stylesheet() -> String {
    #[cfg(feature = "stylist")]
    {
        stylist_style(&stylist::manager::StyleManager::default())
            .map(|style| style.get_style_str().to_string())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "stylist"))]
    {
        BUTTON_STYLESHEET.to_string()
    }
}

/// The button's stylesheet as a stylist global style, registered with `manager` (stylist keeps
/// one `<style>` element per style, however many buttons there are).
#[cfg(feature = "stylist")]
fn stylist_style(manager: &stylist::manager::StyleManager) -> Option<stylist::GlobalStyle> {
    stylist::GlobalStyle::new_with_manager(button_css!(stylist::css), manager.clone()).ok()
}

/// Puts the button's stylesheet on the page once, registered with the nearest stylist
/// `ManagerProvider`'s manager (the default manager without one).
#[cfg(feature = "stylist")]
#[hook]
fn use_button_stylesheet() {
    let manager = use_context::<stylist::manager::StyleManager>().unwrap_or_default();
    use_memo(manager, stylist_style);
}

/// Puts the button's stylesheet on the page once, as a `<style>` element of its own in `<head>`,
/// unless the page already has one (see [`STYLESHEET_ID`]).
#[cfg(not(feature = "stylist"))]
#[hook]
fn use_button_stylesheet() {
    use_effect_with((), |_| {
        crate::web::mount_stylesheet(STYLESHEET_ID, BUTTON_STYLESHEET)
    });
}

/// "Sign in with OpenRouter".
///
/// ```ignore
/// html! { <SignInButton variant={ButtonVariant::Branded} size={ButtonSize::Xl} /> }
/// ```
///
/// The `<button>` carries `data-variant` (`default`, `minimal`, `branded`, `icon`, `cta`) and
/// `data-size` (`sm`, `md`, `lg`, `xl`). A button that signs in through the store (no `onclick`)
/// also carries `data-sign-in`, whose value is its `return_to` (empty: the current page), and is
/// `aria-disabled="true"` until the store has read storage: in HTML rendered on a server, that
/// is what a script running before the app acts on ([`crate::auth::begin_sign_in`]).
#[component]
pub fn SignInButton(props: &SignInButtonProps) -> Html {
    use_button_stylesheet();
    let auth = use_auth_opt();
    // Without its own `onclick` the button signs in through the store.
    let through_store = props.onclick.is_none();
    let busy = through_store && auth.as_ref().is_some_and(|a| a.is_busy());
    // Signing in through the store waits until it has read storage, which it does as soon as it
    // is mounted (on a page rendered on a server: hydrated). Until then the button says so
    // (`aria-disabled`) and a click does nothing here; a page whose prerendered buttons should
    // work sooner acts on `data-sign-in` itself (the demo's first module does).
    let waiting = through_store && auth.as_ref().is_some_and(|a| !a.is_ready());
    // What a script running before the app needs to sign in as this button would: present when
    // the button signs in through the store, with the path to return to (empty: this page).
    let sign_in = through_store.then(|| props.return_to.clone().unwrap_or_default());
    let loading = props.loading || busy;
    let inert = loading || props.disabled || waiting;
    let onclick = {
        let handler = props.onclick.clone();
        let return_to = props.return_to.clone();
        Callback::from(move |e: MouseEvent| {
            if inert {
                e.prevent_default();
                return;
            }
            match (&handler, &auth, &return_to) {
                (Some(h), _, _) => h.emit(e),
                (None, Some(auth), Some(path)) => auth.sign_in_returning_to(path),
                (None, Some(auth), None) => auth.sign_in(),
                (None, None, _) => web_sys::console::warn_1(
                    &"SignInButton: no onclick and no <AuthProvider> above it, so nothing to do"
                        .into(),
                ),
            }
        })
    };

    let icon = props.variant == ButtonVariant::Icon;
    let blank = props.label.trim().is_empty();
    let name = if blank {
        AttrValue::Static(DEFAULT_LABEL)
    } else {
        props.label.clone()
    };
    // One element tree for every variant, with the parts a variant does not have left out, so
    // the markup is built in one place: the graphic (logo, or the spinner while loading) before
    // or after the label; the icon variant without a label; with no logo, the spinner over the
    // (invisible, still named) label while loading.
    let graphic = (icon || props.show_logo).then(|| {
        html! {
            <span class="orb-slot" aria-hidden="true">
                if loading { <span class="orb-spinner"></span> } else { { logo_svg(props.size.logo_px()) } }
            </span>
        }
    });
    let overlay = (graphic.is_none() && loading).then(|| {
        html! {
            <span class="orb-overlay" aria-hidden="true">
                <span class="orb-slot" aria-hidden="true"><span class="orb-spinner"></span></span>
            </span>
        }
    });
    let label = (!icon).then(|| {
        let class = if overlay.is_some() {
            "orb-label orb-ghost"
        } else {
            "orb-label"
        };
        html! { <span {class}>{ props.label.clone() }</span> }
    });
    let (before, after) = match props.logo_position {
        LogoPosition::Left => (graphic, None),
        LogoPosition::Right => (None, graphic),
    };
    // The fixed class, and the app's own after it (built without `classes!`, whose set the
    // button does not need).
    let class = if props.class.is_empty() {
        AttrValue::Static(BUTTON_CLASS)
    } else {
        AttrValue::from(format!("{BUTTON_CLASS} {}", props.class.to_string()))
    };

    let aria_label = (icon || blank).then_some(name);
    html! {
        <button
            type="button"
            {class}
            data-variant={props.variant.name()}
            data-size={props.size.attr()}
            disabled={props.disabled}
            aria-label={aria_label}
            aria-busy={loading.then_some("true")}
            aria-disabled={(inert && !props.disabled).then_some("true")}
            data-sign-in={sign_in}
            {onclick}
        >
            { before }{ label }{ after }{ overlay }
        </button>
    }
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use sha2::{Digest, Sha256};

    use super::*;

    #[test]
    fn the_readme_gives_the_stylesheets_csp_hash() {
        let hash = STANDARD.encode(Sha256::digest(BUTTON_STYLESHEET.as_bytes()));
        assert!(
            include_str!("../../README.md").contains(&format!("`'sha256-{hash}'`")),
            "README.md must give the stylesheet's hash for a CSP: 'sha256-{hash}'"
        );
    }

    #[test]
    fn the_stylesheet_styles_the_buttons_class_and_both_themes() {
        for part in [
            "[data-theme=\"light\"]",
            "[data-theme=\"dark\"]",
            ".orb-button {",
            "@keyframes orb-spin",
        ] {
            assert!(BUTTON_STYLESHEET.contains(part), "{part}");
        }
        assert!(BUTTON_STYLESHEET.contains(&format!(".{BUTTON_CLASS}[data-variant=\"cta\"]")));
    }
}
