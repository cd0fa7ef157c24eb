//! `SignInButton`: "Sign in with OpenRouter" in 5 variants and 4 sizes, light and dark.
//!
//! Without an `onclick` it signs in through the auth store ([`crate::auth::use_auth`]) and shows
//! loading while the store is redirecting or exchanging a code, which needs an
//! [`crate::auth::AuthProvider`] above it. Given its own `onclick` it needs no provider.
//!
//! # Styling
//! With stylist, in two styles the first button registers (in this order, so their generated
//! names, and with them the text of the two `<style>` elements stylist puts into `<head>`, are
//! the same on every page load: see [`register_styles`]):
//! - a global style with the palette as CSS custom properties (`--orb-*`) for
//!   `[data-theme="light"]` and `[data-theme="dark"]`. Custom properties inherit, so each button
//!   takes the theme of its nearest ancestor with a `data-theme` attribute, and a light and a
//!   dark preview can stand side by side. With no `data-theme` anywhere the button is light.
//! - the button's own scoped style: the base, every variant (`data-variant`), every size
//!   (`data-size`) and the states (hover, focus ring, disabled, loading).
//!
//! The numbers are those of the reference's Tailwind classes. The button also carries the fixed
//! class `orb-button`, for an app's own CSS to refer to.

use stylist::manager::StyleManager;
use stylist::{css, GlobalStyle, Style};
use yew::prelude::*;

use super::logo::OpenRouterLogo;
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

    /// The Rust path of the variant (`"ButtonVariant::Cta"`).
    pub fn rust_path(self) -> &'static str {
        match self {
            ButtonVariant::Default => "ButtonVariant::Default",
            ButtonVariant::Minimal => "ButtonVariant::Minimal",
            ButtonVariant::Branded => "ButtonVariant::Branded",
            ButtonVariant::Icon => "ButtonVariant::Icon",
            ButtonVariant::Cta => "ButtonVariant::Cta",
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

    /// The Rust path of the size (`"ButtonSize::Lg"`).
    pub fn rust_path(self) -> &'static str {
        match self {
            ButtonSize::Sm => "ButtonSize::Sm",
            ButtonSize::Default => "ButtonSize::Default",
            ButtonSize::Lg => "ButtonSize::Lg",
            ButtonSize::Xl => "ButtonSize::Xl",
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

/// The fixed class every button carries beside its generated one, for an app's own CSS.
pub const BUTTON_CLASS: &str = "orb-button";

/// Registers the button's two styles with `manager`, the palette first and the button second,
/// and returns the button's. Registering again returns the same style: stylist keeps one
/// `<style>` element per style, however many buttons there are.
///
/// Every button calls it with the manager of the nearest stylist `ManagerProvider` (the default
/// manager without one). The demo's prerenderer calls it too, natively, to write the two
/// `<style>` elements into its pages and allow them by their hashes in its
/// Content-Security-Policy: their text depends only on the order styles are first registered
/// in, which is this one as long as no other stylist style comes first.
pub fn register_styles(manager: &StyleManager) -> (GlobalStyle, Style) {
    let palettes = GlobalStyle::new_with_manager(
        css!(
            r#"
            [data-theme="light"] {
                --orb-surface: #ffffff; --orb-on-surface: #171717; --orb-border: #d4d4d4;
                --orb-surface-hover: #fafafa; --orb-inverse: #171717; --orb-on-inverse: #ffffff;
                --orb-inverse-hover: #262626; --orb-minimal: #404040; --orb-ring: #737373;
            }
            [data-theme="dark"] {
                --orb-surface: #171717; --orb-on-surface: #ffffff; --orb-border: #404040;
                --orb-surface-hover: #262626; --orb-inverse: #ffffff; --orb-on-inverse: #171717;
                --orb-inverse-hover: #f5f5f5; --orb-minimal: #d4d4d4; --orb-ring: #a3a3a3;
            }
            "#
        ),
        manager.clone(),
    )
    .expect("the palette is valid CSS");
    let button = Style::new_with_manager(
        css!(
            r#"
            display: inline-flex; align-items: center; justify-content: center; gap: 8px;
            position: relative; box-sizing: border-box; flex-shrink: 0; margin: 0;
            border: 0; border-radius: 0; background: transparent; color: inherit;
            font: inherit; font-weight: 500; letter-spacing: normal; text-transform: none;
            white-space: nowrap; text-decoration: none; vertical-align: middle;
            cursor: pointer; -webkit-tap-highlight-color: transparent;
            transition: all 150ms cubic-bezier(0.4, 0, 0.2, 1);

            &:focus-visible { outline: 2px solid var(--orb-ring, #737373); outline-offset: 2px; }
            &:disabled { opacity: 0.5; pointer-events: none; cursor: default; }
            &[aria-busy="true"] { cursor: progress; }

            &[data-size="sm"] { height: 32px; padding: 0 12px; font-size: 12px; line-height: 16px; }
            &[data-size="md"] { height: 40px; padding: 0 20px; font-size: 14px; line-height: 20px; }
            &[data-size="lg"] { height: 48px; padding: 0 32px; font-size: 16px; line-height: 24px; }
            &[data-size="xl"] { height: 56px; padding: 0 40px; font-size: 18px; line-height: 28px; }

            &[data-variant="default"], &[data-variant="icon"] {
                border: 1px solid var(--orb-border, #d4d4d4); border-radius: 8px;
                background: var(--orb-surface, #ffffff); color: var(--orb-on-surface, #171717);
                box-shadow: 0 1px 2px 0 rgba(0, 0, 0, 0.05);
            }
            &[data-variant="default"]:hover:not([aria-busy]),
            &[data-variant="icon"]:hover:not([aria-busy]) {
                background: var(--orb-surface-hover, #fafafa);
            }
            &[data-variant="icon"] { padding: 0; }
            &[data-variant="icon"][data-size="sm"] { width: 32px; }
            &[data-variant="icon"][data-size="md"] { width: 40px; }
            &[data-variant="icon"][data-size="lg"] { width: 48px; }
            &[data-variant="icon"][data-size="xl"] { width: 56px; }
            &[data-variant="minimal"] { color: var(--orb-minimal, #404040); text-underline-offset: 4px; }
            &[data-variant="minimal"]:hover:not([aria-busy]) { text-decoration: underline; }
            &[data-variant="branded"], &[data-variant="cta"] {
                border-radius: 8px; background: var(--orb-inverse, #171717);
                color: var(--orb-on-inverse, #ffffff);
                box-shadow: 0 1px 3px 0 rgba(0, 0, 0, 0.1), 0 1px 2px -1px rgba(0, 0, 0, 0.1);
            }
            &[data-variant="branded"]:hover:not([aria-busy]),
            &[data-variant="cta"]:hover:not([aria-busy]) {
                background: var(--orb-inverse-hover, #262626);
            }
            &[data-variant="cta"] {
                border-radius: 12px;
                box-shadow: 0 10px 15px -3px rgba(0, 0, 0, 0.1), 0 4px 6px -4px rgba(0, 0, 0, 0.1);
            }
            &[data-variant="cta"]:hover:not([aria-busy]) { transform: scale(1.02); }
            &[data-variant="cta"]:active:not([aria-busy]) { transform: scale(0.98); }

            & .orb-slot { display: inline-flex; flex: none; width: 16px; height: 16px; }
            &[data-size="sm"] .orb-slot { width: 14px; height: 14px; }
            &[data-size="xl"] .orb-slot { width: 20px; height: 20px; }
            & .orb-slot svg { width: 100%; height: 100%; }
            & .orb-spinner {
                box-sizing: border-box; width: 100%; height: 100%; border-radius: 50%;
                border: 2px solid currentColor; border-right-color: transparent;
                animation: orb-spin 0.75s linear infinite;
            }
            & .orb-overlay {
                position: absolute; inset: 0; display: flex; align-items: center;
                justify-content: center;
            }
            & .orb-ghost { opacity: 0; }
            @keyframes orb-spin { to { transform: rotate(360deg); } }
            @media (prefers-reduced-motion: reduce) {
                transition: none;
                & .orb-spinner { animation-duration: 2s; }
            }
            "#
        ),
        manager.clone(),
    )
    .expect("the button's style is valid CSS");
    (palettes, button)
}

/// The button's generated class, its styles registered with the nearest stylist manager.
#[hook]
fn use_button_style() -> Style {
    let manager = use_context::<StyleManager>().unwrap_or_default();
    let styles = use_memo(manager, register_styles);
    styles.1.clone()
}

/// "Sign in with OpenRouter".
///
/// ```ignore
/// html! { <SignInButton variant={ButtonVariant::Branded} size={ButtonSize::Xl} /> }
/// ```
///
/// The `<button>` carries `data-variant` (`default`, `minimal`, `branded`, `icon`, `cta`) and
/// `data-size` (`sm`, `md`, `lg`, `xl`).
#[component]
pub fn SignInButton(props: &SignInButtonProps) -> Html {
    let style = use_button_style();
    let auth = use_auth_opt();
    let busy = props.onclick.is_none() && auth.as_ref().is_some_and(|a| a.is_busy());
    // Signing in through the store waits until it has read storage, which it does as soon as it
    // is mounted (on a page rendered on a server: hydrated). A click before that does nothing
    // here; a page that wants such clicks kept captures them itself (the demo does).
    let waiting = props.onclick.is_none() && auth.as_ref().is_some_and(|a| !a.is_ready());
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
    let slot =
        |content: Html| html! { <span class="orb-slot" aria-hidden="true">{ content }</span> };
    let spinner = || html! { <span class="orb-spinner"></span> };
    let logo = || html! { <OpenRouterLogo size={props.size.logo_px()} /> };
    let graphic = if loading { spinner() } else { logo() };

    let content = if icon {
        slot(graphic)
    } else if props.show_logo {
        let label = html! { <span class="orb-label">{ props.label.clone() }</span> };
        match props.logo_position {
            LogoPosition::Left => html! { <>{ slot(graphic) }{ label }</> },
            LogoPosition::Right => html! { <>{ label }{ slot(graphic) }</> },
        }
    } else if loading {
        // No logo to replace: the spinner covers the (invisible, still named) label.
        html! {
            <>
                <span class="orb-label orb-ghost">{ props.label.clone() }</span>
                <span class="orb-overlay" aria-hidden="true">{ slot(spinner()) }</span>
            </>
        }
    } else {
        html! { <span class="orb-label">{ props.label.clone() }</span> }
    };

    let aria_label = (icon || blank).then_some(name);
    html! {
        <button
            type="button"
            class={classes!(style, BUTTON_CLASS, props.class.clone())}
            data-variant={props.variant.name()}
            data-size={props.size.attr()}
            disabled={props.disabled}
            aria-label={aria_label}
            aria-busy={loading.then_some("true")}
            aria-disabled={(loading && !props.disabled).then_some("true")}
            {onclick}
        >
            { content }
        </button>
    }
}
