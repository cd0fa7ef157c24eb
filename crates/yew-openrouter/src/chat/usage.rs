//! Token usage, cost arithmetic and the formatting shown in the chat panel: prices per million
//! tokens (`"$0.15 / M"`, `"Free"`), context lengths (`"128K"`), the usage line under a reply
//! (`"12 in · 34 out · $0.000022"`, with `" · 20 reasoning"` after the output tokens when a
//! reasoning model counted some, `" · 8 cached"` for prompt tokens read from a cache and
//! `" · $0.0012 upstream"` for what the provider charged a request on the user's own key) and
//! amounts in US dollars.
//!
//! OpenRouter gives prices as strings in USD per token (`"0.00000015"`); a negative price (`"-1"`,
//! used by routers such as `openrouter/auto`) means "varies" and is treated as unknown.

use serde::{Deserialize, Deserializer, Serialize};

/// Token counts (and cost, when OpenRouter sent it) of one reply: the `usage` object of the final
/// stream chunk, also kept with the saved conversation. Unknown fields (`is_byok`, …) are
/// ignored; a count that is absent or null is 0.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens in the prompt (the whole conversation sent).
    #[serde(default, deserialize_with = "null_as_default")]
    pub prompt_tokens: u64,
    /// Tokens in the reply.
    #[serde(default, deserialize_with = "null_as_default")]
    pub completion_tokens: u64,
    /// Total tokens as reported (0 when absent; see [`Usage::total`]).
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_tokens: u64,
    /// Cost in USD as reported by OpenRouter, when present (a negative or non-finite figure is
    /// taken as absent).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "non_negative"
    )]
    pub cost: Option<f64>,
    /// Reasoning tokens, part of the completion tokens (`completion_tokens_details.reasoning_tokens`,
    /// kept in the same shape when saved), when reported.
    #[serde(
        default,
        rename = "completion_tokens_details",
        skip_serializing_if = "Option::is_none",
        with = "completion_details"
    )]
    pub reasoning_tokens: Option<u64>,
    /// Prompt tokens read from the provider's cache (`prompt_tokens_details.cached_tokens`), when
    /// reported.
    #[serde(
        default,
        rename = "prompt_tokens_details",
        skip_serializing_if = "Option::is_none",
        with = "prompt_details"
    )]
    pub cached_tokens: Option<u64>,
    /// What the upstream provider charged, in USD (`cost_details.upstream_inference_cost`): the
    /// figure for a request on the user's own provider key (BYOK), when reported.
    #[serde(
        default,
        rename = "cost_details",
        skip_serializing_if = "Option::is_none",
        with = "cost_details"
    )]
    pub upstream_cost: Option<f64>,
}

/// The `(de)serialize_with` functions of a nested object of which one field is read (absent,
/// null or of an unexpected type, it is `None`: the rest of the usage is not lost to it) and
/// written back in the same shape when saved.
macro_rules! one_field {
    ($module:ident, $field:literal, $type:ty) => {
        mod $module {
            use serde::{Deserialize, Deserializer, Serialize, Serializer};

            pub fn serialize<S: Serializer>(value: &Option<$type>, s: S) -> Result<S::Ok, S::Error> {
                value
                    .map(|v| serde_json::json!({ $field: v }))
                    .serialize(s)
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<$type>, D::Error> {
                let details = serde_json::Value::deserialize(d)?;
                Ok(details
                    .get($field)
                    .and_then(|v| <$type>::deserialize(v).ok())
                    .filter(|v| super::usable(*v as f64)))
            }
        }
    };
}

one_field!(completion_details, "reasoning_tokens", u64);
one_field!(prompt_details, "cached_tokens", u64);
one_field!(cost_details, "upstream_inference_cost", f64);

/// A figure worth keeping: finite and not negative.
fn usable(v: f64) -> bool {
    v.is_finite() && v >= 0.0
}

/// A field that may be `null`, read as its type's default then.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// An amount in USD: a finite, non-negative number, else `None`.
fn non_negative<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.filter(|c| c.is_finite() && *c >= 0.0))
}

impl Usage {
    /// The total tokens: the reported total, or prompt + completion when it was absent.
    pub fn total(&self) -> u64 {
        if self.total_tokens == 0 {
            self.prompt_tokens + self.completion_tokens
        } else {
            self.total_tokens
        }
    }

    /// The cost in USD: OpenRouter's own figure when present, else computed from the model's
    /// prices when known, else `None`.
    pub fn cost_usd(&self, pricing: Option<&Pricing>) -> Option<f64> {
        self.cost
            .or_else(|| pricing.map(|p| p.cost(self.prompt_tokens, self.completion_tokens)))
    }

    /// The line under a reply: `"12 in · 34 out · $0.000022"`, with `" · 20 reasoning"` after the
    /// output tokens when there were reasoning tokens, and without the cost when it is unknown.
    pub fn line(&self, pricing: Option<&Pricing>) -> String {
        let mut s = format!(
            "{} in · {} out",
            format_tokens(self.prompt_tokens),
            format_tokens(self.completion_tokens)
        );
        if let Some(n) = self.reasoning_tokens.filter(|n| *n > 0) {
            s.push_str(" · ");
            s.push_str(&format_tokens(n));
            s.push_str(" reasoning");
        }
        if let Some(n) = self.cached_tokens.filter(|n| *n > 0) {
            s.push_str(" · ");
            s.push_str(&format_tokens(n));
            s.push_str(" cached");
        }
        if let Some(cost) = self.cost_usd(pricing) {
            s.push_str(" · ");
            s.push_str(&format_cost(cost));
        }
        if let Some(cost) = self.upstream_cost.filter(|c| *c > 0.0) {
            s.push_str(" · ");
            s.push_str(&format_cost(cost));
            s.push_str(" upstream");
        }
        s
    }
}

/// A model's known prices, in USD per token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pricing {
    /// USD per prompt (input) token.
    pub prompt: f64,
    /// USD per completion (output) token.
    pub completion: f64,
}

impl Pricing {
    /// From OpenRouter's price strings; `None` unless both are known (see [`parse_price`]).
    pub fn from_strings(prompt: &str, completion: &str) -> Option<Pricing> {
        Some(Pricing {
            prompt: parse_price(prompt)?,
            completion: parse_price(completion)?,
        })
    }

    /// Both prices are zero.
    pub fn is_free(&self) -> bool {
        self.prompt == 0.0 && self.completion == 0.0
    }

    /// The cost in USD of a reply with these token counts.
    pub fn cost(&self, prompt_tokens: u64, completion_tokens: u64) -> f64 {
        prompt_tokens as f64 * self.prompt + completion_tokens as f64 * self.completion
    }

    /// USD per million prompt tokens.
    pub fn prompt_per_million(&self) -> f64 {
        per_million(self.prompt)
    }

    /// USD per million completion tokens.
    pub fn completion_per_million(&self) -> f64 {
        per_million(self.completion)
    }

    /// `"Free"`, or `"$0.15 / M in · $0.60 / M out"`.
    pub fn label(&self) -> String {
        if self.is_free() {
            "Free".to_string()
        } else {
            format!(
                "{} in · {} out",
                format_per_million(self.prompt),
                format_per_million(self.completion)
            )
        }
    }
}

/// A price string in USD per token (`"0.00000015"`, `"0"`); `None` when it is not a finite,
/// non-negative number (OpenRouter uses `"-1"` for "varies").
pub fn parse_price(s: &str) -> Option<f64> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|p| p.is_finite() && *p >= 0.0)
}

/// USD per token to USD per million tokens.
pub fn per_million(price_per_token: f64) -> f64 {
    price_per_token * 1_000_000.0
}

/// A price per token shown per million tokens: `"$0.15 / M"`, `"$2.50 / M"`, `"$0 / M"`.
pub fn format_per_million(price_per_token: f64) -> String {
    format!("{} / M", format_usd(per_million(price_per_token), 4))
}

/// A reply's cost: two significant digits, e.g. `"$0.000022"`, `"$0.0013"`, `"$0.50"`, `"$1.23"`.
pub fn format_cost(usd: f64) -> String {
    format_usd(usd, 2)
}

/// An amount in USD with `significant` significant digits, at least two decimals and at most
/// twelve; trailing zeros beyond the second decimal are dropped and thousands are grouped:
/// `0.0000222` → `"$0.000022"` (2), `0.0375` → `"$0.0375"` (4), `25.5` → `"$25.50"`,
/// `1234.5` → `"$1,234.50"`. Zero (and anything not a positive finite number) is `"$0"`; a
/// positive amount below `$0.000000000001` is `"<$0.000000000001"`.
pub fn format_usd(usd: f64, significant: u32) -> String {
    const MAX_DECIMALS: i32 = 12;
    if !(usd.is_finite() && usd > 0.0) {
        return "$0".to_string();
    }
    if usd < 1e-12 {
        return "<$0.000000000001".to_string();
    }
    let magnitude = usd.log10().floor() as i32;
    let decimals = (significant.max(1) as i32 - 1 - magnitude).clamp(2, MAX_DECIMALS) as usize;
    let fixed = format!("{usd:.decimals$}");
    let (int_part, frac) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let mut frac = frac.to_string();
    while frac.len() > 2 && frac.ends_with('0') {
        frac.pop();
    }
    format!("${}.{frac}", group_thousands(int_part))
}

/// A token count with thousands separators: `"1,234"`.
pub fn format_tokens(n: u64) -> String {
    group_thousands(&n.to_string())
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A context length: `"512"`, `"8K"`, `"128K"`, `"1M"`, `"1.05M"` (thousands and millions are
/// decimal, rounded: 131072 → `"131K"`).
pub fn format_context_length(tokens: u64) -> String {
    if tokens < 1_000 {
        tokens.to_string()
    } else if tokens < 999_500 {
        format!("{}K", (tokens + 500) / 1_000)
    } else {
        let hundredths = (tokens + 5_000) / 10_000;
        let (whole, frac) = (hundredths / 100, hundredths % 100);
        match frac {
            0 => format!("{whole}M"),
            f if f.is_multiple_of(10) => format!("{whole}.{}M", f / 10),
            f => format!("{whole}.{f:02}M"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpt4o_mini() -> Pricing {
        Pricing::from_strings("0.00000015", "0.0000006").unwrap()
    }

    #[test]
    fn parse_prices() {
        assert_eq!(parse_price("0.00000015"), Some(0.00000015));
        assert_eq!(parse_price(" 0 "), Some(0.0));
        assert_eq!(parse_price("0.0000006"), Some(6e-7));
        assert_eq!(parse_price("-1"), None);
        assert_eq!(parse_price(""), None);
        assert_eq!(parse_price("abc"), None);
        assert_eq!(parse_price("NaN"), None);
        assert_eq!(parse_price("inf"), None);
        assert_eq!(Pricing::from_strings("0.1", "-1"), None);
        assert_eq!(
            Pricing::from_strings("0", "0"),
            Some(Pricing {
                prompt: 0.0,
                completion: 0.0
            })
        );
    }

    #[test]
    fn cost_arithmetic() {
        let p = gpt4o_mini();
        // 12 × 0.15/M + 34 × 0.60/M = 0.0000018 + 0.0000204 = 0.0000222
        assert!((p.cost(12, 34) - 0.0000222).abs() < 1e-15);
        assert_eq!(p.cost(0, 0), 0.0);
        assert!((p.cost(1_000_000, 1_000_000) - 0.75).abs() < 1e-12);
        assert!((p.prompt_per_million() - 0.15).abs() < 1e-12);
        assert!((p.completion_per_million() - 0.6).abs() < 1e-12);
    }

    #[test]
    fn usage_cost_prefers_openrouter_figure() {
        let p = gpt4o_mini();
        let mut u = Usage {
            prompt_tokens: 12,
            completion_tokens: 34,
            total_tokens: 46,
            cost: Some(0.5),
            reasoning_tokens: None,
            ..Usage::default()
        };
        assert_eq!(u.cost_usd(Some(&p)), Some(0.5));
        assert_eq!(u.cost_usd(None), Some(0.5));
        u.cost = None;
        assert!((u.cost_usd(Some(&p)).unwrap() - 0.0000222).abs() < 1e-15);
        assert_eq!(u.cost_usd(None), None);
    }

    #[test]
    fn usage_line() {
        let p = gpt4o_mini();
        let u = Usage {
            prompt_tokens: 12,
            completion_tokens: 34,
            total_tokens: 46,
            cost: None,
            reasoning_tokens: None,
            ..Usage::default()
        };
        assert_eq!(u.line(Some(&p)), "12 in · 34 out · $0.000022");
        assert_eq!(u.line(None), "12 in · 34 out");
        let u = Usage {
            prompt_tokens: 1234,
            completion_tokens: 5,
            total_tokens: 0,
            cost: Some(0.000021),
            reasoning_tokens: None,
            ..Usage::default()
        };
        assert_eq!(u.line(None), "1,234 in · 5 out · $0.000021");
        let free = Pricing {
            prompt: 0.0,
            completion: 0.0,
        };
        let u = Usage {
            prompt_tokens: 3,
            completion_tokens: 4,
            total_tokens: 7,
            cost: None,
            reasoning_tokens: None,
            ..Usage::default()
        };
        assert_eq!(u.line(Some(&free)), "3 in · 4 out · $0");
    }

    #[test]
    fn usage_total() {
        let u = Usage {
            prompt_tokens: 3,
            completion_tokens: 4,
            total_tokens: 0,
            cost: None,
            reasoning_tokens: None,
            ..Usage::default()
        };
        assert_eq!(u.total(), 7);
        let u = Usage {
            prompt_tokens: 3,
            completion_tokens: 4,
            total_tokens: 9,
            cost: None,
            reasoning_tokens: None,
            ..Usage::default()
        };
        assert_eq!(u.total(), 9);
    }

    /// The usage object in `text`.
    fn read(text: &str) -> Usage {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn usage_reads_openrouter_s_object() {
        let u = read(
            r#"{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46,"cost":0.0000222,"is_byok":false,"prompt_tokens_details":{"cached_tokens":0}}"#,
        );
        assert_eq!(
            u,
            Usage {
                prompt_tokens: 12,
                completion_tokens: 34,
                total_tokens: 46,
                cost: Some(0.0000222),
                reasoning_tokens: None,
                cached_tokens: Some(0),
                upstream_cost: None,
            }
        );
        // ChatUsage's cache and BYOK figures (spec `ChatUsage`), shown and kept as they came.
        let u = read(
            r#"{"prompt_tokens":1200,"completion_tokens":34,"total_tokens":1234,"cost":0.0001,"is_byok":true,"prompt_tokens_details":{"cached_tokens":1024},"cost_details":{"upstream_inference_cost":0.0012}}"#,
        );
        assert_eq!(
            (u.cached_tokens, u.upstream_cost),
            (Some(1024), Some(0.0012))
        );
        assert_eq!(
            u.line(None),
            "1,200 in · 34 out · 1,024 cached · $0.0001 · $0.0012 upstream"
        );
        assert_eq!(read(&serde_json::to_string(&u).unwrap()), u);
        let u = read(
            r#"{"prompt_tokens_details":null,"cost_details":{"upstream_inference_cost":null}}"#,
        );
        assert_eq!((u.cached_tokens, u.upstream_cost), (None, None));
        let u = read(r#"{"prompt_tokens":12,"completion_tokens":null,"cost":null}"#);
        assert_eq!(
            u,
            Usage {
                prompt_tokens: 12,
                completion_tokens: 0,
                total_tokens: 0,
                cost: None,
                reasoning_tokens: None,
                ..Usage::default()
            }
        );
        assert_eq!(read(r#"{"cost":-1}"#).cost, None);
        assert_eq!(read("[1,2,3,0.5]").cost, Some(0.5), "fields by position");
        for mistyped in [
            r#"{"prompt_tokens":"12"}"#,
            r#"{"prompt_tokens":12.5}"#,
            r#"{"completion_tokens":-3}"#,
            r#"{"cost":"0.5"}"#,
            "7",
        ] {
            assert!(
                serde_json::from_str::<Usage>(mistyped).is_err(),
                "{mistyped} is not a usage object"
            );
        }
    }

    #[test]
    fn usage_round_trips_through_json() {
        let u = Usage {
            prompt_tokens: 12,
            completion_tokens: 34,
            total_tokens: 46,
            cost: Some(0.0000222),
            reasoning_tokens: None,
            ..Usage::default()
        };
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(
            json,
            r#"{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46,"cost":0.0000222}"#
        );
        assert_eq!(read(&json), u);
        let u = Usage { cost: None, ..u };
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(
            json,
            r#"{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}"#
        );
        assert_eq!(read(&json), u);
    }

    #[test]
    fn reasoning_tokens_read_shown_and_kept() {
        let u = read(
            r#"{"prompt_tokens":10,"completion_tokens":1500,"total_tokens":1510,"cost":0.0021,"completion_tokens_details":{"reasoning_tokens":1200,"audio_tokens":0}}"#,
        );
        assert_eq!(u.reasoning_tokens, Some(1200));
        assert_eq!(
            u.line(None),
            "10 in · 1,500 out · 1,200 reasoning · $0.0021"
        );
        // Saved in the same shape, and read back.
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(
            json,
            r#"{"prompt_tokens":10,"completion_tokens":1500,"total_tokens":1510,"cost":0.0021,"completion_tokens_details":{"reasoning_tokens":1200}}"#
        );
        assert_eq!(read(&json), u);
        // Zero reasoning tokens are not mentioned.
        let u = read(
            r#"{"prompt_tokens":1,"completion_tokens":2,"completion_tokens_details":{"reasoning_tokens":0}}"#,
        );
        assert_eq!(u.reasoning_tokens, Some(0));
        assert_eq!(u.line(None), "1 in · 2 out");
        // Absent, null or odd details: no count, the rest of the usage is kept.
        for details in [
            "",
            r#","completion_tokens_details":null"#,
            r#","completion_tokens_details":{}"#,
            r#","completion_tokens_details":{"reasoning_tokens":null}"#,
            r#","completion_tokens_details":{"reasoning_tokens":"7"}"#,
            r#","completion_tokens_details":[1]"#,
        ] {
            let u = read(&format!(
                r#"{{"prompt_tokens":1,"completion_tokens":2{details}}}"#
            ));
            assert_eq!(
                (u.completion_tokens, u.reasoning_tokens),
                (2, None),
                "{details}"
            );
        }
    }

    #[test]
    fn cost_formatting() {
        assert_eq!(format_cost(0.0), "$0");
        assert_eq!(format_cost(-1.0), "$0");
        assert_eq!(format_cost(f64::NAN), "$0");
        assert_eq!(format_cost(f64::INFINITY), "$0");
        assert_eq!(format_cost(0.0000222), "$0.000022");
        assert_eq!(format_cost(0.000021), "$0.000021");
        assert_eq!(format_cost(0.00001), "$0.00001");
        assert_eq!(format_cost(0.0000999), "$0.0001");
        assert_eq!(format_cost(0.001), "$0.001");
        assert_eq!(format_cost(0.0013), "$0.0013");
        assert_eq!(format_cost(0.05), "$0.05");
        assert_eq!(format_cost(0.5), "$0.50");
        assert_eq!(format_cost(0.999), "$1.00");
        assert_eq!(format_cost(1.0), "$1.00");
        assert_eq!(format_cost(1.234), "$1.23");
        assert_eq!(format_cost(12.0), "$12.00");
        assert_eq!(format_cost(1234.5), "$1,234.50");
        assert_eq!(format_cost(6e-7), "$0.0000006");
        assert_eq!(format_cost(1.5e-10), "$0.00000000015");
        assert_eq!(format_cost(1e-13), "<$0.000000000001");
    }

    #[test]
    fn price_formatting() {
        assert_eq!(format_per_million(0.00000015), "$0.15 / M");
        assert_eq!(format_per_million(0.0000006), "$0.60 / M");
        assert_eq!(format_per_million(0.0000025), "$2.50 / M");
        assert_eq!(format_per_million(0.00001), "$10.00 / M");
        assert_eq!(format_per_million(0.000075), "$75.00 / M");
        assert_eq!(format_per_million(0.000000075), "$0.075 / M");
        assert_eq!(format_per_million(0.0000000375), "$0.0375 / M");
        assert_eq!(format_per_million(0.000001875), "$1.875 / M");
        assert_eq!(format_per_million(0.00000002), "$0.02 / M");
        assert_eq!(format_per_million(0.0), "$0 / M");
        assert_eq!(gpt4o_mini().label(), "$0.15 / M in · $0.60 / M out");
        assert_eq!(Pricing::from_strings("0", "0").unwrap().label(), "Free");
        assert_eq!(
            Pricing::from_strings("0", "0.000001").unwrap().label(),
            "$0 / M in · $1.00 / M out"
        );
    }

    #[test]
    fn usd_significant_digits() {
        assert_eq!(format_usd(0.0375, 4), "$0.0375");
        assert_eq!(format_usd(0.0376, 2), "$0.038");
        assert_eq!(format_usd(0.0374, 2), "$0.037");
        assert_eq!(format_usd(123.456, 4), "$123.46");
        assert_eq!(format_usd(1.23456, 4), "$1.235");
        assert_eq!(format_usd(1_000_000.0, 2), "$1,000,000.00");
        assert_eq!(format_usd(0.1 + 0.2, 2), "$0.30");
    }

    #[test]
    fn token_counts() {
        assert_eq!(format_tokens(0), "0");
        assert_eq!(format_tokens(999), "999");
        assert_eq!(format_tokens(1000), "1,000");
        assert_eq!(format_tokens(123_456), "123,456");
        assert_eq!(format_tokens(1_234_567), "1,234,567");
    }

    #[test]
    fn context_lengths() {
        assert_eq!(format_context_length(0), "0");
        assert_eq!(format_context_length(512), "512");
        assert_eq!(format_context_length(999), "999");
        assert_eq!(format_context_length(1_000), "1K");
        assert_eq!(format_context_length(4_096), "4K");
        assert_eq!(format_context_length(8_192), "8K");
        assert_eq!(format_context_length(32_768), "33K");
        assert_eq!(format_context_length(128_000), "128K");
        assert_eq!(format_context_length(131_072), "131K");
        assert_eq!(format_context_length(999_499), "999K");
        assert_eq!(format_context_length(999_500), "1M");
        assert_eq!(format_context_length(1_000_000), "1M");
        assert_eq!(format_context_length(1_048_576), "1.05M");
        assert_eq!(format_context_length(1_100_000), "1.1M");
        assert_eq!(format_context_length(2_000_000), "2M");
        assert_eq!(format_context_length(10_000_000), "10M");
    }
}
