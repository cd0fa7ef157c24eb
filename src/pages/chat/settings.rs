//! The chat's settings: a system prompt, a temperature and, for a model that reasons, a reasoning
//! effort, sent with every request and kept with the conversation across reloads.

use super::state::{ChatSettings, TEMPERATURE_RANGE};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// A temperature as typed: blank is the model's own; otherwise a number from 0 to 2.
pub fn parse_temperature(text: &str) -> Result<Option<f32>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f32>() {
        Ok(t) if TEMPERATURE_RANGE.contains(&t) => Ok(Some(t)),
        _ => Err("The temperature is a number from 0 to 2, or blank for the model's own."),
    }
}

/// A longest reply as typed: blank leaves it to the model (or the key's limit); otherwise a
/// whole number of tokens from 1.
pub fn parse_max_reply(text: &str) -> Result<Option<u32>, &'static str> {
    let text = text.trim().replace([',', '_'], "");
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(
            "The longest reply is a whole number of tokens (e.g. 500), or blank for the \
                  model's own.",
        ),
    }
}

/// A text field for a setting that is parsed from what is typed.
struct ParsedField {
    /// What is typed.
    text: String,
    /// Why it cannot be used, when it cannot.
    error: Option<&'static str>,
    /// Keeps what is typed, and sends a usable value on.
    oninput: Callback<InputEvent>,
}

/// A field for the setting `current`: what is typed stays as typed; a value that parses is sent
/// to `on`; a value set elsewhere (another tab) replaces what is typed, unless they agree.
#[hook]
fn use_parsed_field<T>(
    current: Option<T>,
    parse: fn(&str) -> Result<Option<T>, &'static str>,
    on: Callback<Option<T>>,
) -> ParsedField
where
    T: Copy + PartialEq + ToString + 'static,
{
    let shown = |value: Option<T>| value.map(|v| v.to_string()).unwrap_or_default();
    let typed = use_state(|| shown(current));
    use_effect_with(current, {
        let typed = typed.clone();
        move |current| {
            if parse(&typed).ok() != Some(*current) {
                typed.set(shown(*current));
            }
        }
    });
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(value) = parse(&text) {
                on.emit(value);
            }
            typed.set(text);
        })
    };
    ParsedField {
        error: parse(&typed).err(),
        text: (*typed).clone(),
        oninput,
    }
}

/// Props of [`Settings`].
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// The settings in force.
    pub settings: ChatSettings,
    /// The reasoning efforts the chosen model accepts (none: it does not reason, or is unknown).
    pub efforts: Vec<String>,
    /// A reasoning effort was chosen (`None`: the model's default).
    pub on_effort: Callback<Option<String>>,
    /// The system prompt changed.
    pub on_system_prompt: Callback<String>,
    /// A valid temperature was typed (or cleared).
    pub on_temperature: Callback<Option<f32>>,
    /// A valid longest reply was typed (or cleared).
    pub on_max_reply: Callback<Option<u32>>,
}

/// The settings, folded away under "Settings" until wanted.
#[component]
pub fn Settings(props: &SettingsProps) -> Html {
    let temperature = use_parsed_field(
        props.settings.temperature,
        parse_temperature,
        props.on_temperature.clone(),
    );
    let max_reply = use_parsed_field(
        props.settings.max_reply_tokens,
        parse_max_reply,
        props.on_max_reply.clone(),
    );
    let on_prompt = {
        let on = props.on_system_prompt.clone();
        Callback::from(move |e: InputEvent| {
            on.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_effort = {
        let on = props.on_effort.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            on.emit((!value.is_empty()).then_some(value))
        })
    };
    let effort = props.settings.reasoning_effort.clone().unwrap_or_default();
    let summary = match (
        props.settings.system_prompt.trim().is_empty(),
        props.settings.temperature,
    ) {
        (true, None) => "Settings".to_string(),
        (false, None) => "Settings: system prompt".to_string(),
        (true, Some(t)) => format!("Settings: temperature {t}"),
        (false, Some(t)) => format!("Settings: system prompt, temperature {t}"),
    };
    html! {
        <details class="chat-settings" data-testid="chat-settings">
            <summary>{ summary }</summary>
            <div class="chat-settings-fields">
                <label for="chat-system-prompt">{ "System prompt" }</label>
                <textarea id="chat-system-prompt" rows="3"
                    placeholder="Instructions the model reads first, e.g. \u{201c}Answer in French.\u{201d}"
                    value={props.settings.system_prompt.clone()} oninput={on_prompt} />
                <label for="chat-temperature">{ "Temperature" }</label>
                <div class="chat-settings-field">
                    <input id="chat-temperature" type="text" inputmode="decimal" autocomplete="off"
                        placeholder="Model default (0 to 2)"
                        aria-invalid={temperature.error.map(|_| "true")}
                        aria-describedby={temperature.error.map(|_| "chat-temperature-error")}
                        value={temperature.text.clone()} oninput={temperature.oninput.clone()} />
                    if let Some(message) = temperature.error {
                        <p id="chat-temperature-error" class="field-error" role="alert">{ message }</p>
                    }
                </div>
                <label for="chat-max-reply">{ "Longest reply" }</label>
                <div class="chat-settings-field">
                    <input id="chat-max-reply" type="text" inputmode="numeric" autocomplete="off"
                        placeholder="Model default, or what the key's limit pays for (tokens)"
                        aria-invalid={max_reply.error.map(|_| "true")}
                        aria-describedby={max_reply.error.map(|_| "chat-max-reply-error")}
                        value={max_reply.text.clone()} oninput={max_reply.oninput.clone()} />
                    if let Some(message) = max_reply.error {
                        <p id="chat-max-reply-error" class="field-error" role="alert">{ message }</p>
                    }
                </div>
                if !props.efforts.is_empty() {
                    <label for="chat-effort">{ "Reasoning effort" }</label>
                    <select id="chat-effort" onchange={on_effort}>
                        <option value="" selected={effort.is_empty()}>{ "Model default" }</option>
                        { for props.efforts.iter().map(|e| html! {
                            <option value={e.clone()} selected={*e == effort}>{ e.clone() }</option>
                        }) }
                    </select>
                }
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperatures() {
        assert_eq!(parse_temperature(" "), Ok(None));
        assert_eq!(parse_temperature("0"), Ok(Some(0.0)));
        assert_eq!(parse_temperature("0.7"), Ok(Some(0.7)));
        assert_eq!(parse_temperature("2"), Ok(Some(2.0)));
        for bad in ["-1", "2.5", "hot", "NaN", "inf"] {
            assert!(parse_temperature(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn longest_replies() {
        assert_eq!(parse_max_reply(""), Ok(None));
        assert_eq!(parse_max_reply(" 500 "), Ok(Some(500)));
        assert_eq!(parse_max_reply("1,000"), Ok(Some(1000)));
        for bad in ["0", "-5", "2.5", "lots", "99999999999"] {
            assert!(parse_max_reply(bad).is_err(), "{bad}");
        }
    }
}
