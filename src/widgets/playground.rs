//! The playground: pick every prop of the button, see it live in either theme, and copy the exact
//! Yew code for it (only the props that differ from the defaults).

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::code_block::CodeBlock;
use crate::hooks::use_mounted;
use yew_openrouter::components::{
    ButtonSize, ButtonVariant, LogoPosition, SignInButton, DEFAULT_LABEL,
};

/// Which theme the preview shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PreviewTheme {
    /// The page's theme.
    #[default]
    Page,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl PreviewTheme {
    const ALL: [PreviewTheme; 3] = [PreviewTheme::Page, PreviewTheme::Light, PreviewTheme::Dark];

    fn value(self) -> &'static str {
        match self {
            PreviewTheme::Page => "page",
            PreviewTheme::Light => "light",
            PreviewTheme::Dark => "dark",
        }
    }

    fn text(self) -> &'static str {
        match self {
            PreviewTheme::Page => "Same as the page",
            PreviewTheme::Light => "Light",
            PreviewTheme::Dark => "Dark",
        }
    }

    /// The `data-theme` the preview sets, if any.
    fn data_theme(self) -> Option<&'static str> {
        match self {
            PreviewTheme::Page => None,
            PreviewTheme::Light => Some("light"),
            PreviewTheme::Dark => Some("dark"),
        }
    }
}

/// Everything the playground lets a visitor choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    /// `variant`.
    pub variant: ButtonVariant,
    /// `size`.
    pub size: ButtonSize,
    /// `label`.
    pub label: String,
    /// `show_logo`.
    pub show_logo: bool,
    /// `logo_position`.
    pub logo_position: LogoPosition,
    /// `loading`.
    pub loading: bool,
    /// `disabled`.
    pub disabled: bool,
    /// The preview's theme (a `data-theme` wrapper in the code when not the page's).
    pub theme: PreviewTheme,
}

impl Default for Choices {
    fn default() -> Self {
        Choices {
            variant: ButtonVariant::default(),
            size: ButtonSize::default(),
            label: DEFAULT_LABEL.into(),
            show_logo: true,
            logo_position: LogoPosition::default(),
            loading: false,
            disabled: false,
            theme: PreviewTheme::default(),
        }
    }
}

/// The Rust path of a variant in the code the demo shows (`"ButtonVariant::Cta"`).
pub fn variant_path(variant: ButtonVariant) -> &'static str {
    match variant {
        ButtonVariant::Default => "ButtonVariant::Default",
        ButtonVariant::Minimal => "ButtonVariant::Minimal",
        ButtonVariant::Branded => "ButtonVariant::Branded",
        ButtonVariant::Icon => "ButtonVariant::Icon",
        ButtonVariant::Cta => "ButtonVariant::Cta",
    }
}

/// The Rust path of a size in the code the demo shows (`"ButtonSize::Lg"`).
pub fn size_path(size: ButtonSize) -> &'static str {
    match size {
        ButtonSize::Sm => "ButtonSize::Sm",
        ButtonSize::Default => "ButtonSize::Default",
        ButtonSize::Lg => "ButtonSize::Lg",
        ButtonSize::Xl => "ButtonSize::Xl",
    }
}

/// The Yew code for `choices`: a `<SignInButton>` with only the props that are not defaults,
/// on one line when there is at most one, and inside a `<div data-theme="…">` when the preview
/// theme is fixed.
pub fn yew_code(choices: &Choices) -> String {
    let defaults = Choices::default();
    let mut props: Vec<String> = Vec::new();
    if choices.variant != defaults.variant {
        props.push(["variant={", variant_path(choices.variant), "}"].concat());
    }
    if choices.size != defaults.size {
        props.push(["size={", size_path(choices.size), "}"].concat());
    }
    if choices.label != defaults.label {
        // A Rust string literal: the text input cannot hold line breaks, so escaping `\` and `"`
        // is enough.
        let mut prop = String::from("label=\"");
        for c in choices.label.chars() {
            if c == '"' || c == '\\' {
                prop.push('\\');
            }
            prop.push(c);
        }
        prop.push('"');
        props.push(prop);
    }
    if !choices.show_logo {
        props.push("show_logo={false}".into());
    }
    if choices.logo_position != defaults.logo_position {
        props.push("logo_position={LogoPosition::Right}".into());
    }
    if choices.loading {
        props.push("loading={true}".into());
    }
    if choices.disabled {
        props.push("disabled={true}".into());
    }

    let indent = if choices.theme.data_theme().is_some() {
        "    "
    } else {
        ""
    };
    let mut code = String::new();
    if let Some(theme) = choices.theme.data_theme() {
        code.push_str("<div data-theme=\"");
        code.push_str(theme);
        code.push_str("\">\n");
    }
    code.push_str(indent);
    code.push_str("<SignInButton");
    if props.len() <= 1 {
        for prop in &props {
            code.push(' ');
            code.push_str(prop);
        }
        code.push_str(" />");
    } else {
        for prop in &props {
            code.push('\n');
            code.push_str(indent);
            code.push_str("    ");
            code.push_str(prop);
        }
        code.push('\n');
        code.push_str(indent);
        code.push_str("/>");
    }
    if choices.theme.data_theme().is_some() {
        code.push_str("\n</div>");
    }
    code
}

fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

fn input(e: &Event) -> Option<HtmlInputElement> {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
}

/// The playground section's body (`data-testid="playground"`).
#[component]
pub fn Playground() -> Html {
    let choices = use_state(Choices::default);
    // The controls work once this part runs. Prerendered, they are disabled until the gallery's
    // chunk has hydrated them: a choice made before then would be reset by hydration, so the page
    // says they are not ready rather than losing it.
    let ready = use_mounted();
    // Every control updates one field of the choices.
    let update = |apply: fn(&mut Choices, &Event)| {
        let choices = choices.clone();
        Callback::from(move |e: Event| {
            let mut next = (*choices).clone();
            apply(&mut next, &e);
            choices.set(next);
        })
    };
    let on_variant = update(|c, e| {
        let value = select_value(e);
        if let Some(v) = ButtonVariant::ALL.into_iter().find(|v| v.name() == value) {
            c.variant = v;
        }
    });
    let on_size = update(|c, e| {
        let value = select_value(e);
        if let Some(s) = ButtonSize::ALL.into_iter().find(|s| s.name() == value) {
            c.size = s;
        }
    });
    let on_label = {
        let choices = choices.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                let mut next = (*choices).clone();
                next.label = el.value();
                choices.set(next);
            }
        })
    };
    let on_logo = update(|c, e| c.show_logo = input(e).is_some_and(|i| i.checked()));
    let on_position = update(|c, e| {
        c.logo_position = if select_value(e) == "right" {
            LogoPosition::Right
        } else {
            LogoPosition::Left
        }
    });
    let on_loading = update(|c, e| c.loading = input(e).is_some_and(|i| i.checked()));
    let on_disabled = update(|c, e| c.disabled = input(e).is_some_and(|i| i.checked()));
    let on_theme = update(|c, e| {
        let value = select_value(e);
        if let Some(t) = PreviewTheme::ALL.into_iter().find(|t| t.value() == value) {
            c.theme = t;
        }
    });

    let c = &*choices;
    let code = yew_code(c);
    html! {
        <div class="playground" data-testid="playground">
            <form class="playground-controls" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <fieldset class="playground-fields" disabled={!ready}>
                    <label for="pg-variant">{ "Variant" }</label>
                    <select id="pg-variant" onchange={on_variant}>
                        { for ButtonVariant::ALL.iter().map(|v| html! {
                            <option value={v.name()} selected={*v == c.variant}>{ v.name() }</option>
                        }) }
                    </select>
                    <label for="pg-size">{ "Size" }</label>
                    <select id="pg-size" onchange={on_size}>
                        { for ButtonSize::ALL.iter().map(|s| html! {
                            <option value={s.name()} selected={*s == c.size}>{ s.name() }</option>
                        }) }
                    </select>
                    <label for="pg-label">{ "Label" }</label>
                    <input id="pg-label" type="text" maxlength="60" autocomplete="off" value={c.label.clone()} oninput={on_label} />
                    <label for="pg-logo">{ "Show logo" }</label>
                    <input id="pg-logo" type="checkbox" checked={c.show_logo} onchange={on_logo} />
                    <label for="pg-position">{ "Logo position" }</label>
                    <select id="pg-position" onchange={on_position}>
                        <option value="left" selected={c.logo_position == LogoPosition::Left}>{ "left" }</option>
                        <option value="right" selected={c.logo_position == LogoPosition::Right}>{ "right" }</option>
                    </select>
                    <label for="pg-loading">{ "Loading" }</label>
                    <input id="pg-loading" type="checkbox" checked={c.loading} onchange={on_loading} />
                    <label for="pg-disabled">{ "Disabled" }</label>
                    <input id="pg-disabled" type="checkbox" checked={c.disabled} onchange={on_disabled} />
                    <label for="pg-theme">{ "Preview theme" }</label>
                    <select id="pg-theme" onchange={on_theme}>
                        { for PreviewTheme::ALL.iter().map(|t| html! {
                            <option value={t.value()} selected={*t == c.theme}>{ t.text() }</option>
                        }) }
                    </select>
                </fieldset>
            </form>
            <div class="playground-output">
                <div class="playground-preview" data-theme={c.theme.data_theme()} data-testid="playground-preview">
                    <SignInButton
                        variant={c.variant}
                        size={c.size}
                        label={c.label.clone()}
                        show_logo={c.show_logo}
                        logo_position={c.logo_position}
                        loading={c.loading}
                        disabled={c.disabled}
                    />
                </div>
                <CodeBlock code={code} testid="playground-code" />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_the_bare_button() {
        assert_eq!(yew_code(&Choices::default()), "<SignInButton />");
    }

    #[test]
    fn one_prop_stays_on_one_line() {
        let c = Choices {
            variant: ButtonVariant::Cta,
            ..Choices::default()
        };
        assert_eq!(
            yew_code(&c),
            "<SignInButton variant={ButtonVariant::Cta} />"
        );
        let c = Choices {
            loading: true,
            ..Choices::default()
        };
        assert_eq!(yew_code(&c), "<SignInButton loading={true} />");
    }

    #[test]
    fn every_prop_in_order() {
        let c = Choices {
            variant: ButtonVariant::Branded,
            size: ButtonSize::Xl,
            label: "Connect \"OpenRouter\" \\o/".into(),
            show_logo: false,
            logo_position: LogoPosition::Right,
            loading: true,
            disabled: true,
            theme: PreviewTheme::Page,
        };
        assert_eq!(
            yew_code(&c),
            "<SignInButton\n    variant={ButtonVariant::Branded}\n    size={ButtonSize::Xl}\n    \
             label=\"Connect \\\"OpenRouter\\\" \\\\o/\"\n    show_logo={false}\n    \
             logo_position={LogoPosition::Right}\n    loading={true}\n    disabled={true}\n/>"
        );
    }

    #[test]
    fn a_fixed_theme_wraps_the_button() {
        let c = Choices {
            theme: PreviewTheme::Dark,
            ..Choices::default()
        };
        assert_eq!(
            yew_code(&c),
            "<div data-theme=\"dark\">\n    <SignInButton />\n</div>"
        );
        let c = Choices {
            theme: PreviewTheme::Light,
            size: ButtonSize::Sm,
            disabled: true,
            ..Choices::default()
        };
        assert_eq!(
            yew_code(&c),
            "<div data-theme=\"light\">\n    <SignInButton\n        size={ButtonSize::Sm}\n        disabled={true}\n    />\n</div>"
        );
    }

    #[test]
    fn default_values_chosen_explicitly_are_left_out() {
        let c = Choices {
            variant: ButtonVariant::Default,
            size: ButtonSize::Default,
            label: DEFAULT_LABEL.into(),
            ..Choices::default()
        };
        assert_eq!(yew_code(&c), "<SignInButton />");
    }
}
