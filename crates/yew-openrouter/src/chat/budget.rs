//! How long a reply the key can pay for, so a request asks for no more.
//!
//! OpenRouter checks that a key can pay for the whole possible output of a request: its
//! `max_tokens`, or without one the model's own longest output
//! (`top_provider.max_completion_tokens`), at the model's completion price, beside the prompt's
//! cost. A key with a spending limit and little left is then refused even a one-line answer by an
//! expensive model (a 402 "requires more credits, or fewer max_tokens"). [`reply_budget`] sizes
//! `max_tokens` to what the key has left; it sends nothing the user did not choose for a key
//! without a limit. Pure arithmetic, tested natively.

use crate::chat::models::{KeyInfo, ModelInfo};
use crate::chat::types::ChatMessage;

/// The smallest `max_tokens` sent to a model that reasons. OpenRouter gives such a model a
/// reasoning budget of at least 1,024 tokens (`budget_tokens = max(min(max_tokens × ratio,
/// 128000), 1024)`, reasoning-tokens.mdx), and `max_tokens` must stay above it.
pub const REASONING_MIN_TOKENS: u32 = 1_025;

/// Characters per token when estimating a prompt's size before sending it: 3, fewer than the
/// usual 4 of English text, so the prompt's cost is overestimated and the reply's room is not.
pub const CHARS_PER_TOKEN: usize = 3;

/// One message's size in tokens, estimated from its characters ([`CHARS_PER_TOKEN`]) with a few
/// tokens for its framing.
pub fn message_tokens(content: &str) -> u64 {
    (content.chars().count().div_ceil(CHARS_PER_TOKEN) + 4) as u64
}

/// A prompt's size in tokens: its messages' ([`message_tokens`]).
pub fn estimate_prompt_tokens(messages: &[ChatMessage]) -> u64 {
    messages.iter().map(|m| message_tokens(&m.content)).sum()
}

/// The `max_tokens` of a request, and why.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReplyBudget {
    /// What to send as `max_tokens` (`None`: nothing, the model's own longest output).
    pub max_tokens: Option<u32>,
    /// The longest reply what is left of the key's limit buys, when the key has a limit and the
    /// model's prices are known.
    pub affordable: Option<u64>,
    /// What is left of the key's limit, in USD.
    pub remaining: Option<f64>,
    /// The most the request could cost, in USD, when known: the prompt and a reply of
    /// `max_tokens` (or the model's longest output).
    pub most_cost: Option<f64>,
}

impl ReplyBudget {
    /// The key cannot pay even for the shortest reply the model takes (a reasoning model's
    /// [`REASONING_MIN_TOKENS`], or a single token).
    pub fn too_low(&self, model: &ModelInfo) -> bool {
        let least = if model.reasons {
            REASONING_MIN_TOKENS as u64
        } else {
            1
        };
        self.affordable.is_some_and(|a| a < least)
    }
}

/// The `max_tokens` to send for a prompt of `prompt_tokens` to `model` with `key` (its figures,
/// when loaded), given the longest reply the user chose (`chosen`, or `None`): the least of the
/// chosen length, what the key's remaining limit buys at the model's completion price after the
/// prompt's cost, and the model's own longest output; raised to [`REASONING_MIN_TOKENS`] for a
/// model that reasons (a shorter budget would be refused by its provider, while the key's limit
/// then says it cannot pay). A key without a limit sends only the chosen length.
pub fn reply_budget(
    key: Option<&KeyInfo>,
    model: &ModelInfo,
    prompt_tokens: u64,
    chosen: Option<u32>,
) -> ReplyBudget {
    let remaining = key.and_then(KeyInfo::remaining);
    let affordable = remaining.zip(model.pricing).map(|(left, price)| {
        let room = left - prompt_tokens as f64 * price.prompt;
        if price.completion <= 0.0 {
            u64::MAX
        } else if room <= 0.0 {
            0
        } else {
            (room / price.completion).floor() as u64
        }
    });
    let cap = |n: u64| -> u32 {
        let n = model.max_completion_tokens.map_or(n, |m| n.min(m));
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let sized = match (chosen, affordable) {
        (Some(c), Some(a)) => Some(cap((c as u64).min(a))),
        (Some(c), None) => Some(cap(c as u64)),
        (None, Some(a)) if a != u64::MAX => Some(cap(a)),
        (None, _) => None,
    };
    let max_tokens = sized.map(|n| {
        if model.reasons {
            n.max(REASONING_MIN_TOKENS)
        } else {
            n.max(1)
        }
    });
    let most_cost = model.pricing.and_then(|price| {
        let reply = max_tokens.map(u64::from).or(model.max_completion_tokens)?;
        Some(price.cost(prompt_tokens, reply))
    });
    ReplyBudget {
        max_tokens,
        affordable: affordable.filter(|a| *a != u64::MAX),
        remaining,
        most_cost,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::models::{parse_key_info, parse_models};

    fn key(limit: Option<f64>, remaining: Option<f64>) -> KeyInfo {
        parse_key_info(
            &serde_json::json!({"data": {"label": "k", "usage": 0.0, "limit": limit,
                "limit_remaining": remaining}})
            .to_string(),
        )
        .unwrap()
    }

    /// A model whose whole output (32,000 tokens at $75 / M) costs $2.40.
    fn expensive() -> ModelInfo {
        parse_models(
            r#"{"data":[{"id":"anthropic/claude-opus-4.1","pricing":{"prompt":"0.000015","completion":"0.000075"},
                "top_provider":{"max_completion_tokens":32000}}]}"#,
        )
        .unwrap()
        .remove(0)
    }

    fn thinker() -> ModelInfo {
        parse_models(
            r#"{"data":[{"id":"r/thinker","pricing":{"prompt":"0.0000011","completion":"0.0000044"},
                "top_provider":{"max_completion_tokens":100000},"reasoning":{"supported_efforts":["high"]}}]}"#,
        )
        .unwrap()
        .remove(0)
    }

    #[test]
    fn two_cents_left_buy_about_260_tokens_of_an_expensive_model() {
        let b = reply_budget(Some(&key(Some(1.0), Some(0.02))), &expensive(), 10, None);
        // ($0.02 - 10 × $0.000015) / $0.000075 = 264.67
        assert_eq!(b.affordable, Some(264));
        assert_eq!(b.max_tokens, Some(264));
        assert_eq!(b.remaining, Some(0.02));
        let cost = b.most_cost.unwrap();
        assert!(cost <= 0.02 && cost > 0.0199, "{cost}");
    }

    #[test]
    fn the_model_s_longest_output_and_the_user_s_choice_cap_it() {
        let plenty = key(Some(100.0), Some(100.0));
        let b = reply_budget(Some(&plenty), &expensive(), 10, None);
        assert_eq!(b.max_tokens, Some(32_000));
        let b = reply_budget(Some(&plenty), &expensive(), 10, Some(500));
        assert_eq!(b.max_tokens, Some(500));
        let b = reply_budget(
            Some(&key(Some(1.0), Some(0.02))),
            &expensive(),
            10,
            Some(500),
        );
        assert_eq!(b.max_tokens, Some(264), "the key buys less than chosen");
    }

    #[test]
    fn no_limit_sends_nothing_unless_chosen() {
        let unlimited = key(None, None);
        let b = reply_budget(Some(&unlimited), &expensive(), 10, None);
        assert_eq!(
            (b.max_tokens, b.affordable, b.remaining),
            (None, None, None)
        );
        assert_eq!(b.most_cost, Some(10.0 * 0.000015 + 32_000.0 * 0.000075));
        assert_eq!(
            reply_budget(Some(&unlimited), &expensive(), 10, Some(800)).max_tokens,
            Some(800)
        );
        // Figures not loaded yet: the same.
        assert_eq!(reply_budget(None, &expensive(), 10, None).max_tokens, None);
        // Unknown prices: nothing to size by.
        let unknown = ModelInfo::from_id("x/y");
        let b = reply_budget(Some(&key(Some(1.0), Some(0.02))), &unknown, 10, None);
        assert_eq!((b.max_tokens, b.affordable), (None, None));
    }

    #[test]
    fn free_models_are_not_sized_by_money() {
        let free = parse_models(
            r#"{"data":[{"id":"f/free","pricing":{"prompt":"0","completion":"0"},"top_provider":{"max_completion_tokens":4096}}]}"#,
        )
        .unwrap()
        .remove(0);
        let b = reply_budget(Some(&key(Some(1.0), Some(0.0))), &free, 10, None);
        assert_eq!((b.max_tokens, b.affordable), (None, None));
    }

    #[test]
    fn a_spent_key_and_a_reasoning_model_s_floor() {
        let spent = key(Some(1.0), Some(0.0));
        let b = reply_budget(Some(&spent), &expensive(), 10, None);
        assert_eq!(b.affordable, Some(0));
        assert_eq!(b.max_tokens, Some(1));
        assert!(b.too_low(&expensive()));
        // A reasoning model is never asked for less than its reasoning floor.
        let b = reply_budget(Some(&key(Some(1.0), Some(0.001))), &thinker(), 10, None);
        assert_eq!(b.affordable, Some(224));
        assert_eq!(b.max_tokens, Some(REASONING_MIN_TOKENS));
        assert!(b.too_low(&thinker()));
        let b = reply_budget(Some(&key(Some(1.0), Some(1.0))), &thinker(), 10, Some(200));
        assert_eq!(b.max_tokens, Some(REASONING_MIN_TOKENS));
        assert!(!b.too_low(&thinker()));
    }

    #[test]
    fn prompt_estimate() {
        let messages = [
            ChatMessage::system("abc"),
            ChatMessage::user("x".repeat(30)),
        ];
        assert_eq!(estimate_prompt_tokens(&messages), (1 + 4) + (10 + 4));
        assert_eq!(estimate_prompt_tokens(&[]), 0);
    }
}
