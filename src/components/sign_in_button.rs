//! `SignInButton`: "Sign in with OpenRouter" in 5 variants and 4 sizes, light and dark.
//!
//! Without an `onclick` it signs in through the auth store ([`crate::auth::use_auth`]) and shows
//! loading while the store is redirecting or exchanging a code, so it needs an
//! [`crate::auth::AuthProvider`] above it.
//!
//! # Styling
//! One stylesheet, [`STYLESHEET`] (`sign_in_button.css`), put into `<head>` by the first button
//! however many there are: the base, every variant (`data-variant`) and every size
//! (`data-size`) under the class `orb-button`, and the palette as CSS custom properties
//! (`--orb-*`) for `[data-theme="light"]` and `[data-theme="dark"]`. Custom properties inherit,
//! so each button takes the theme of its nearest ancestor with a `data-theme` attribute, and a
//! light and a dark preview can stand side by side. With no `data-theme` anywhere the button is
//! light. The numbers are those of the reference's Tailwind classes.
//!
//! A fixed stylesheet rather than stylist: stylist's `css!` builds its rule tree in code at run
//! time, which cost 9.1 KB of gzip wasm (issue 5); a fixed text costs its bytes and can be
//! allowed by hash under a strict Content-Security-Policy.

use std::cell::Cell;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::logo::logo_svg;
use crate::auth::use_auth;

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
    /// Extra classes on the `<button>` (`class="my-button"`; `classes!(…)` converts too).
    #[prop_or_default]
    pub class: Option<AttrValue>,
}

/// The button's stylesheet (`sign_in_button.css`), put into `<head>` once as a `<style>` element
/// by the first button rendered. Under a Content-Security-Policy without `'unsafe-inline'`, add
/// its hash to `style-src`: `'sha256-…'` of exactly this text (the demo's `tools/post_build.py`
/// computes it from the file).
pub const STYLESHEET: &str = include_str!("sign_in_button.css");

/// The class every button carries; the stylesheet's rules all hang off it.
const BUTTON_CLASS: &str = "orb-button";

thread_local! {
    static STYLESHEET_MOUNTED: Cell<bool> = const { Cell::new(false) };
}

/// Puts [`STYLESHEET`] into `<head>` the first time a button renders on this page. Without a
/// document (not a browser) there is nothing to style, and the button renders unstyled.
fn mount_stylesheet() {
    crate::web::mount_stylesheet_once(&STYLESHEET_MOUNTED, STYLESHEET);
}

/// "Sign in with OpenRouter".
///
/// ```ignore
/// html! { <SignInButton variant={ButtonVariant::Branded} size={ButtonSize::Xl} /> }
/// ```
///
/// The `<button>` carries `data-variant` (`default`, `minimal`, `branded`, `icon`, `cta`) and
/// `data-size` (`sm`, `md`, `lg`, `xl`).
#[function_component]
pub fn SignInButton(props: &SignInButtonProps) -> Html {
    // Idempotent and cheap after the first call; done while rendering so the first paint is
    // already styled.
    mount_stylesheet();
    let auth = use_auth();
    let busy = props.onclick.is_none() && auth.is_busy();
    let loading = props.loading || busy;
    let inert = loading || props.disabled;
    let onclick = {
        let handler = props.onclick.clone();
        let return_to = props.return_to.clone();
        Callback::from(move |e: MouseEvent| {
            if inert {
                e.prevent_default();
                return;
            }
            match (&handler, &return_to) {
                (Some(h), _) => h.emit(e),
                (None, Some(path)) => auth.sign_in_returning_to(path),
                (None, None) => auth.sign_in(),
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
    let logo = || logo_svg(props.size.logo_px());
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
            // Set as the `className` property: `class={…}` with a value that is not a literal
            // goes through `Classes`, an IndexSet whose code would cost 0.7 KB gzip here.
            ~className={match &props.class {
                Some(extra) => JsValue::from_str(&[BUTTON_CLASS, " ", extra].concat()),
                None => JsValue::from_str(BUTTON_CLASS),
            }}
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
