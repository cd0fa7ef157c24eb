//! The model list (`GET /api/v1/models`) with search, and the key's own figures
//! (`GET /api/v1/key`).
//!
//! A malformed model entry is skipped instead of failing the whole list; missing fields become
//! "unknown".

use serde::Deserialize;

use crate::chat::usage::{format_context_length, format_usd, Pricing};

/// One model of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelInfo {
    /// The id to send as `model`, e.g. `openai/gpt-4o-mini`.
    pub id: String,
    /// The display name (the id when the list gave none).
    pub name: String,
    /// Context length in tokens, when known.
    pub context_length: Option<u64>,
    /// Prices, when both are known (not for routers with variable prices).
    pub pricing: Option<Pricing>,
    /// The reasoning efforts the model accepts (`reasoning.supported_efforts`, e.g. `["high",
    /// "medium", "low"]`); empty for a model that does not reason or does not say.
    pub supported_efforts: Vec<String>,
    /// The longest reply its provider gives (`top_provider.max_completion_tokens`), when known:
    /// what OpenRouter reserves credit for when a request sets no `max_tokens`.
    pub max_completion_tokens: Option<u64>,
    /// The model reasons before it answers (it has a `reasoning` object in the list).
    pub reasons: bool,
}

impl ModelInfo {
    /// A model known only by its id (typed by the user, or the default when the list is missing).
    pub fn from_id(id: impl Into<String>) -> Self {
        let id = id.into();
        Self {
            name: id.clone(),
            id,
            context_length: None,
            pricing: None,
            supported_efforts: Vec::new(),
            max_completion_tokens: None,
            reasons: false,
        }
    }

    /// Both prices are known to be zero.
    pub fn is_free(&self) -> bool {
        self.pricing.is_some_and(|p| p.is_free())
    }

    /// USD per million prompt tokens, when known.
    pub fn prompt_per_million(&self) -> Option<f64> {
        self.pricing.map(|p| p.prompt_per_million())
    }

    /// USD per million completion tokens, when known.
    pub fn completion_per_million(&self) -> Option<f64> {
        self.pricing.map(|p| p.completion_per_million())
    }

    /// `"Free"`, `"$0.15 / M in · $0.60 / M out"`, or `"Price varies"` when unknown.
    pub fn price_label(&self) -> String {
        match &self.pricing {
            Some(p) => p.label(),
            None => "Price varies".to_string(),
        }
    }

    /// `"128K context"`, when the context length is known.
    pub fn context_label(&self) -> Option<String> {
        self.context_length
            .map(|n| format!("{} context", format_context_length(n)))
    }
}

/// The `GET /api/v1/models` answer; its entries are read one by one (see [`parse_models`]).
#[derive(Deserialize)]
struct ModelList {
    data: Vec<serde_json::Value>,
}

/// One entry of the list, as OpenRouter sends it (the fields the picker uses).
#[derive(Deserialize)]
struct ModelEntry {
    id: String,
    #[serde(default)]
    name: Option<String>,
    /// A whole number, sometimes written as a float (`8192.0`).
    #[serde(default)]
    context_length: Option<f64>,
    #[serde(default)]
    pricing: Option<PriceEntry>,
    /// `{mandatory, default_enabled, default_effort, supported_efforts}`, for reasoning models;
    /// read leniently (see [`supported_efforts`]).
    #[serde(default)]
    reasoning: Option<serde_json::Value>,
    /// `{context_length, max_completion_tokens, is_moderated}`; read leniently.
    #[serde(default)]
    top_provider: Option<serde_json::Value>,
}

/// Every reasoning effort OpenRouter's API accepts, strongest first (`reasoning.effort`).
pub const ALL_EFFORTS: [&str; 7] = ["max", "xhigh", "high", "medium", "low", "minimal", "none"];

/// The efforts to offer for a model's `reasoning` object (reasoning-tokens.mdx): its
/// `supported_efforts` strings, in order; every effort when the list is `null` ("all gateway effort
/// values are accepted"); none when the model has no `reasoning`, the list is absent ("the model
/// does not expose effort selection") or not a list. `"none"` is never offered when
/// `mandatory` is true (reasoning cannot be turned off).
fn supported_efforts(reasoning: Option<&serde_json::Value>) -> Vec<String> {
    let Some(reasoning) = reasoning else {
        return Vec::new();
    };
    let mandatory = reasoning.get("mandatory").and_then(|m| m.as_bool()) == Some(true);
    let efforts: Vec<String> = match reasoning.get("supported_efforts") {
        Some(serde_json::Value::Null) => ALL_EFFORTS.iter().map(|e| e.to_string()).collect(),
        Some(serde_json::Value::Array(efforts)) => efforts
            .iter()
            .filter_map(|e| e.as_str())
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    efforts
        .into_iter()
        .filter(|e| !(mandatory && e == "none"))
        .collect()
}

/// `pricing`: USD per token, as strings (`"0.00000015"`; `"-1"` means it varies) or numbers.
#[derive(Deserialize)]
struct PriceEntry {
    #[serde(default)]
    prompt: Option<Price>,
    #[serde(default)]
    completion: Option<Price>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Price {
    Text(String),
    Number(f64),
}

impl Price {
    fn text(&self) -> String {
        match self {
            Price::Text(s) => s.clone(),
            Price::Number(n) => n.to_string(),
        }
    }
}

impl ModelEntry {
    fn into_model(self) -> Option<ModelInfo> {
        let id = self.id.trim();
        if id.is_empty() {
            return None;
        }
        let name = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(id);
        let context_length = self
            .context_length
            .filter(|f| f.is_finite() && *f >= 0.0 && f.fract() == 0.0)
            .map(|f| f as u64);
        let pricing = self
            .pricing
            .and_then(|p| Pricing::from_strings(&p.prompt?.text(), &p.completion?.text()));
        Some(ModelInfo {
            id: id.to_string(),
            name: name.to_string(),
            context_length,
            pricing,
            supported_efforts: supported_efforts(self.reasoning.as_ref()),
            max_completion_tokens: self
                .top_provider
                .as_ref()
                .and_then(|p| p.get("max_completion_tokens")?.as_f64())
                .filter(|n| n.is_finite() && *n >= 1.0)
                .map(|n| n as u64),
            reasons: self.reasoning.is_some(),
        })
    }
}

/// Parses the `GET /api/v1/models` answer `{data:[{id,name,context_length,pricing}]}`, in the
/// list's order. Entries that are not a model with a non-empty string `id` are skipped; `None`
/// when the body is not such an object at all.
pub fn parse_models(body: &str) -> Option<Vec<ModelInfo>> {
    let list: ModelList = serde_json::from_str(body).ok()?;
    Some(
        list.data
            .into_iter()
            .filter_map(|entry| {
                serde_json::from_value::<ModelEntry>(entry)
                    .ok()?
                    .into_model()
            })
            .collect(),
    )
}

/// The models matching a search, in the list's order: every whitespace-separated word of the query
/// must appear, case-insensitively, in the id or the name. An empty query matches all.
pub fn filter<'a>(models: &'a [ModelInfo], query: &str) -> Vec<&'a ModelInfo> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    models
        .iter()
        .filter(|m| {
            if words.is_empty() {
                return true;
            }
            let haystack = format!("{}\n{}", m.id, m.name).to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect()
}

/// The signed-in key's own figures from `GET /api/v1/key` (USD). Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct KeyInfo {
    /// The key's label, e.g. `sk-or-v1-au7...890`, or the one chosen when signing in.
    #[serde(default, deserialize_with = "crate::chat::usage::null_as_default")]
    pub label: String,
    /// Credits used by this key.
    #[serde(default, deserialize_with = "crate::chat::usage::null_as_default")]
    pub usage: f64,
    /// The key's credit limit; `None` means unlimited.
    #[serde(default)]
    pub limit: Option<f64>,
    /// Credits left under the limit, when there is one.
    #[serde(default)]
    pub limit_remaining: Option<f64>,
    /// Whether the user has never paid for credits.
    #[serde(default, deserialize_with = "crate::chat::usage::null_as_default")]
    pub is_free_tier: bool,
    /// When the limit starts again: `daily`, `weekly`, `monthly`; `None` when it never resets.
    #[serde(default, deserialize_with = "crate::chat::errors::lenient")]
    pub limit_reset: Option<String>,
    /// When the key stops working (an ISO 8601 time, e.g. `2027-12-31T23:59:59Z`); `None` when it
    /// does not expire.
    #[serde(default, deserialize_with = "crate::chat::errors::lenient")]
    pub expires_at: Option<String>,
}

/// The `GET /api/v1/key` answer.
#[derive(Deserialize)]
struct KeyAnswer {
    data: KeyInfo,
}

/// Parses the `GET /api/v1/key` answer `{data:{label,usage,limit,limit_remaining,is_free_tier}}`;
/// `None` unless the body has such a `data` object.
pub fn parse_key_info(body: &str) -> Option<KeyInfo> {
    serde_json::from_str::<KeyAnswer>(body).ok().map(|a| a.data)
}

impl KeyInfo {
    /// There is no credit limit on this key.
    pub fn is_unlimited(&self) -> bool {
        self.limit.is_none()
    }

    /// Credits left: `limit_remaining`, else `limit - usage`, never negative; `None` if unlimited.
    pub fn remaining(&self) -> Option<f64> {
        let limit = self.limit?;
        Some(self.limit_remaining.unwrap_or(limit - self.usage).max(0.0))
    }

    /// The limit is used up.
    pub fn is_exhausted(&self) -> bool {
        self.remaining().is_some_and(|r| r <= 0.0)
    }

    /// `"$25.50 used"`.
    pub fn usage_label(&self) -> String {
        format!("{} used", format_usd(self.usage, 2))
    }

    /// `"$74.50 of $100.00 left"`, or `"no limit"`.
    pub fn limit_label(&self) -> String {
        match (self.limit, self.remaining()) {
            (Some(limit), Some(left)) => {
                format!("{} of {} left", format_usd(left, 2), format_usd(limit, 2))
            }
            _ => "no limit".to_string(),
        }
    }

    /// When the key expires, in milliseconds since the Unix epoch, when `expires_at` is given
    /// and readable (RFC 3339, `2027-12-31T23:59:59Z`).
    pub fn expires_at_ms(&self) -> Option<f64> {
        let at = humantime::parse_rfc3339(self.expires_at.as_deref()?.trim()).ok()?;
        Some(at.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis() as f64)
    }

    /// The key has expired by `now_ms`: OpenRouter no longer takes it.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires_at_ms().is_some_and(|at| at <= now_ms)
    }

    /// `"resets monthly"`, when the limit resets.
    pub fn reset_label(&self) -> Option<String> {
        let period = self.limit_reset.as_deref()?.trim();
        (self.limit.is_some() && !period.is_empty()).then(|| format!("resets {period}"))
    }

    /// `"expires 2027-12-31"`, when the key expires.
    pub fn expiry_label(&self) -> Option<String> {
        let at = self.expires_at.as_deref()?.trim();
        let day = at.get(..10).filter(|_| self.expires_at_ms().is_some())?;
        Some(format!("expires {day}"))
    }

    /// One line for the panel's header:
    /// `"sk-or-v1-au7...890 · $25.50 used · $74.50 of $100.00 left · free tier"`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if !self.label.is_empty() {
            parts.push(self.label.clone());
        }
        parts.push(self.usage_label());
        parts.push(self.limit_label());
        parts.extend(self.reset_label());
        parts.extend(self.expiry_label());
        if self.is_free_tier {
            parts.push("free tier".to_string());
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODELS: &str = r#"{
      "data": [
        {"id":"openai/gpt-4o-mini","canonical_slug":"openai/gpt-4o-mini","name":"OpenAI: GPT-4o-mini","created":1721260800,
         "context_length":128000,"architecture":{"modality":"text->text"},
         "pricing":{"prompt":"0.00000015","completion":"0.0000006","request":"0","image":"0.000217"},
         "top_provider":{"context_length":128000,"max_completion_tokens":16384,"is_moderated":true}},
        {"id":"meta-llama/llama-3.3-70b-instruct:free","name":"Meta: Llama 3.3 70B Instruct (free)",
         "context_length":131072,"pricing":{"prompt":"0","completion":"0"}},
        {"id":"openrouter/auto","name":"Auto Router","context_length":null,"pricing":{"prompt":"-1","completion":"-1"}},
        {"name":"no id"},
        {"id":"","name":"empty id"},
        {"id":42},
        "not an object",
        null,
        {"id":"x/no-name-no-pricing"},
        {"id":"y/float-context","name":"  ","context_length":8192.0,"pricing":{"prompt":0.000001,"completion":"0.000002"}},
        {"id":"z/half-pricing","name":"Z","pricing":{"prompt":"0.1"}},
        {"id":"w/bad-context","name":"W","context_length":"big"}
      ],
      "total_count": 11,
      "links": {"next": null}
    }"#;

    fn models() -> Vec<ModelInfo> {
        parse_models(MODELS).unwrap()
    }

    #[test]
    fn parses_and_skips_malformed_entries() {
        let m = models();
        assert_eq!(
            m,
            vec![
                ModelInfo {
                    id: "openai/gpt-4o-mini".into(),
                    name: "OpenAI: GPT-4o-mini".into(),
                    context_length: Some(128_000),
                    pricing: Some(Pricing {
                        prompt: 0.00000015,
                        completion: 0.0000006
                    }),
                    supported_efforts: vec![],
                    max_completion_tokens: Some(16_384),
                    reasons: false,
                },
                ModelInfo {
                    id: "meta-llama/llama-3.3-70b-instruct:free".into(),
                    name: "Meta: Llama 3.3 70B Instruct (free)".into(),
                    context_length: Some(131_072),
                    pricing: Some(Pricing {
                        prompt: 0.0,
                        completion: 0.0
                    }),
                    supported_efforts: vec![],
                    max_completion_tokens: None,
                    reasons: false,
                },
                ModelInfo {
                    id: "openrouter/auto".into(),
                    name: "Auto Router".into(),
                    context_length: None,
                    pricing: None,
                    supported_efforts: vec![],
                    max_completion_tokens: None,
                    reasons: false,
                },
                ModelInfo::from_id("x/no-name-no-pricing"),
                ModelInfo {
                    id: "y/float-context".into(),
                    name: "y/float-context".into(),
                    context_length: Some(8192),
                    pricing: Some(Pricing {
                        prompt: 0.000001,
                        completion: 0.000002
                    }),
                    supported_efforts: vec![],
                    max_completion_tokens: None,
                    reasons: false,
                },
                ModelInfo {
                    id: "z/half-pricing".into(),
                    name: "Z".into(),
                    context_length: None,
                    pricing: None,
                    supported_efforts: vec![],
                    max_completion_tokens: None,
                    reasons: false,
                },
            ]
        );
    }

    #[test]
    fn supported_efforts() {
        let m = parse_models(
            r#"{"data":[
              {"id":"r/thinker","name":"Thinker","reasoning":{"mandatory":false,"default_enabled":true,"default_effort":"medium","supported_efforts":["high","medium","low"]}},
              {"id":"r/none","name":"No efforts","reasoning":{"mandatory":true}},
              {"id":"r/odd","name":"Odd","reasoning":{"supported_efforts":"high"}},
              {"id":"r/mixed","name":"Mixed","reasoning":{"supported_efforts":["xhigh",3," ",null,"minimal"]}},
              {"id":"r/any","name":"Any","reasoning":{"mandatory":false,"supported_efforts":null}},
              {"id":"r/always","name":"Always","reasoning":{"mandatory":true,"supported_efforts":null}},
              {"id":"r/always-listed","name":"Always listed","reasoning":{"mandatory":true,"supported_efforts":["high","none"]}},
              {"id":"r/no-choice","name":"No choice","reasoning":{"mandatory":false,"default_enabled":true}},
              {"id":"r/null","name":"Null","reasoning":null},
              {"id":"plain/model","name":"Plain"}
            ]}"#,
        )
        .unwrap();
        let efforts: Vec<(&str, Vec<&str>)> = m
            .iter()
            .map(|m| {
                (
                    m.id.as_str(),
                    m.supported_efforts.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            efforts,
            vec![
                ("r/thinker", vec!["high", "medium", "low"]),
                ("r/none", vec![]),
                ("r/odd", vec![]),
                ("r/mixed", vec!["xhigh", "minimal"]),
                ("r/any", ALL_EFFORTS.to_vec()),
                (
                    "r/always",
                    vec!["max", "xhigh", "high", "medium", "low", "minimal"]
                ),
                ("r/always-listed", vec!["high"]),
                ("r/no-choice", vec![]),
                ("r/null", vec![]),
                ("plain/model", vec![]),
            ]
        );
        assert!(ModelInfo::from_id("a/b").supported_efforts.is_empty());
    }

    #[test]
    fn not_a_model_list() {
        assert_eq!(parse_models("<html>"), None);
        assert_eq!(
            parse_models(r#"{"error":{"code":500,"message":"x"}}"#),
            None
        );
        assert_eq!(parse_models(r#"{"data":{}}"#), None);
        assert_eq!(parse_models(r#"[]"#), None);
        assert_eq!(parse_models(r#"{"data":[]}"#), Some(vec![]));
    }

    #[test]
    fn free_prices_and_labels() {
        let m = models();
        assert!(!m[0].is_free());
        assert!(m[1].is_free());
        assert!(!m[2].is_free(), "unknown prices are not free");
        assert!((m[0].prompt_per_million().unwrap() - 0.15).abs() < 1e-12);
        assert!((m[0].completion_per_million().unwrap() - 0.6).abs() < 1e-12);
        assert_eq!(m[2].prompt_per_million(), None);
        assert_eq!(m[0].price_label(), "$0.15 / M in · $0.60 / M out");
        assert_eq!(m[1].price_label(), "Free");
        assert_eq!(m[2].price_label(), "Price varies");
        assert_eq!(m[0].context_label().as_deref(), Some("128K context"));
        assert_eq!(m[1].context_label().as_deref(), Some("131K context"));
        assert_eq!(m[2].context_label(), None);
    }

    #[test]
    fn search() {
        let m = models();
        let ids = |q: &str| {
            filter(&m, q)
                .iter()
                .map(|m| m.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("").len(), m.len());
        assert_eq!(ids("   ").len(), m.len());
        assert_eq!(ids("GPT"), vec!["openai/gpt-4o-mini"]);
        assert_eq!(
            ids("llama FREE"),
            vec!["meta-llama/llama-3.3-70b-instruct:free"]
        );
        assert_eq!(ids("auto router"), vec!["openrouter/auto"]);
        // Words can match the id and the name separately.
        assert_eq!(ids("openai mini"), vec!["openai/gpt-4o-mini"]);
        assert_eq!(ids("openai llama"), Vec::<&str>::new());
        assert_eq!(
            ids("o"),
            vec![
                "openai/gpt-4o-mini",
                "openrouter/auto",
                "x/no-name-no-pricing",
                "y/float-context"
            ]
        );
        assert_eq!(ids("nothing-matches"), Vec::<&str>::new());
    }

    #[test]
    fn key_info() {
        let k = parse_key_info(
            r#"{"data":{"label":"sk-or-v1-au7...890","limit":100,"limit_remaining":74.5,"limit_reset":"monthly",
               "usage":25.5,"usage_daily":25.5,"is_free_tier":false,"is_management_key":false,"rate_limit":{"requests":1000}}}"#,
        )
        .unwrap();
        assert_eq!(
            k,
            KeyInfo {
                label: "sk-or-v1-au7...890".into(),
                usage: 25.5,
                limit: Some(100.0),
                limit_remaining: Some(74.5),
                is_free_tier: false,
                limit_reset: Some("monthly".into()),
                expires_at: None,
            }
        );
        assert!(!k.is_unlimited());
        assert!(!k.is_exhausted());
        assert_eq!(k.remaining(), Some(74.5));
        assert_eq!(k.usage_label(), "$25.50 used");
        assert_eq!(k.limit_label(), "$74.50 of $100.00 left");
        assert_eq!(
            k.summary(),
            "sk-or-v1-au7...890 · $25.50 used · $74.50 of $100.00 left · resets monthly"
        );
    }

    #[test]
    fn key_info_expiry() {
        let k = parse_key_info(
            r#"{"data":{"label":"k","usage":0,"limit":1,"limit_remaining":1,"limit_reset":null,"expires_at":"2027-12-31T23:59:59Z"}}"#,
        )
        .unwrap();
        let at = k.expires_at_ms().unwrap();
        assert_eq!(at, 1_830_297_599_000.0);
        assert!(!k.is_expired(at - 1.0));
        assert!(k.is_expired(at));
        assert_eq!(k.reset_label(), None);
        assert_eq!(
            k.summary(),
            "k · $0 used · $1.00 of $1.00 left · expires 2027-12-31"
        );
        for unreadable in [r#""soon""#, "null", "5"] {
            let k = parse_key_info(&format!(r#"{{"data":{{"expires_at":{unreadable}}}}}"#))
                .expect("the rest of the figures is kept");
            assert!(!k.is_expired(f64::MAX), "{unreadable}");
            assert_eq!(k.expiry_label(), None);
        }
    }

    #[test]
    fn key_info_unlimited_free_tier() {
        let k = parse_key_info(r#"{"data":{"label":"sk-or-v1-abc","usage":0.0000222,"limit":null,"limit_remaining":null,"is_free_tier":true}}"#)
            .unwrap();
        assert!(k.is_unlimited());
        assert!(!k.is_exhausted());
        assert_eq!(k.remaining(), None);
        assert_eq!(
            k.summary(),
            "sk-or-v1-abc · $0.000022 used · no limit · free tier"
        );
        let k = parse_key_info(r#"{"data":{"usage":0}}"#).unwrap();
        assert_eq!(k.summary(), "$0 used · no limit");
    }

    #[test]
    fn key_info_remaining_computed_and_exhausted() {
        let k = parse_key_info(r#"{"data":{"label":"k","usage":12.5,"limit":10}}"#).unwrap();
        assert_eq!(k.usage, 12.5);
        assert!(!k.is_free_tier);
        assert_eq!(k.remaining(), Some(0.0));
        assert!(k.is_exhausted());
        assert_eq!(k.limit_label(), "$0 of $10.00 left");
        let k = parse_key_info(r#"{"data":{"usage":2,"limit":10}}"#).unwrap();
        assert_eq!(k.remaining(), Some(8.0));
        assert_eq!(k.limit_label(), "$8.00 of $10.00 left");
    }

    #[test]
    fn not_key_info() {
        assert_eq!(
            parse_key_info(r#"{"error":{"code":401,"message":"No auth credentials found"}}"#),
            None
        );
        assert_eq!(parse_key_info(r#"{"data":null}"#), None);
        assert_eq!(
            parse_key_info(r#"{"data":{"usage":"12.5"}}"#),
            None,
            "a mistyped field"
        );
        assert_eq!(parse_key_info("nope"), None);
    }
}
