//! The library against OpenRouter's published OpenAPI document (`fixtures/`, see its README):
//!
//! - every request body the library builds validates against the schema of its endpoint
//!   (JSON Schema 2020-12, the document's own `$ref`s resolved inside it), and every key of it is
//!   one the schema declares: the schemas do not say `additionalProperties: false`, so a misspelt
//!   field would otherwise pass;
//! - every example response of the four endpoints (`example`, `examples`, on the media type or on
//!   the response's schema) is read by the library's own parser for that answer, and so are the
//!   examples of the schemas the library reads a part of (a stream chunk, a usage object, a
//!   reasoning item, a model, an error object).
//!
//! Native only (the crate's browser tests are the wasm32 ones), and with the `chat` feature (on by
//! default), whose requests and answers are most of what it checks.
#![cfg(all(not(target_arch = "wasm32"), feature = "chat"))]

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use jsonschema::{Draft, Registry, Validator};
use serde_json::{json, Value};
use yew_openrouter::api_error::{parse_error_body, ApiError, ErrorCode};
use yew_openrouter::auth::exchange;
use yew_openrouter::chat::errors::ChatError;
use yew_openrouter::chat::models::{parse_key_info, parse_models};
use yew_openrouter::chat::sse::SseDecoder;
use yew_openrouter::chat::types::{
    interpret, reasoning_detail_text, request_body, ChatMessage, ReplyState, RequestOptions, Role,
    StreamChoice, StreamDelta, StreamItem, Usage,
};

/// OpenRouter's `openapi/openapi.yaml`, as JSON, cut to the paths the library calls.
const DOCUMENT: &str = include_str!("fixtures/openrouter-openapi-subset.json");
/// The URI the document is registered under, so that `{BASE}#<pointer>` names any schema in it.
const BASE: &str = "urn:openrouter:openapi";

/// The document, and validators for the schemas in it, built once per pointer.
struct Spec {
    doc: Value,
    registry: Registry<'static>,
    validators: RefCell<HashMap<String, Rc<Validator>>>,
}

/// A JSON pointer from its unescaped segments (`/` is `~1`, `~` is `~0`).
fn pointer(segments: &[&str]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

impl Spec {
    fn load() -> Spec {
        let doc: Value = serde_json::from_str(DOCUMENT).expect("the fixture is JSON");
        assert_eq!(doc["openapi"], "3.1.0", "the fixture's OpenAPI version");
        let registry = Registry::new()
            .draft(Draft::Draft202012)
            .add(BASE, doc.clone())
            .expect("the document registers")
            .prepare()
            .expect("the document's references resolve");
        Spec {
            doc,
            registry,
            validators: RefCell::default(),
        }
    }

    /// The node at `at` (a JSON pointer into the document).
    fn node(&self, at: &str) -> &Value {
        self.doc
            .pointer(at)
            .unwrap_or_else(|| panic!("no {at} in the document"))
    }

    /// A validator for the schema at `at`, with the whole document as the resource its `$ref`s
    /// resolve in.
    fn validator(&self, at: &str) -> Rc<Validator> {
        if let Some(v) = self.validators.borrow().get(at) {
            return v.clone();
        }
        let validator = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .with_registry(&self.registry)
            .build(&json!({ "$ref": format!("{BASE}#{at}") }))
            .unwrap_or_else(|e| panic!("the schema at {at} compiles: {e}"));
        let validator = Rc::new(validator);
        self.validators
            .borrow_mut()
            .insert(at.to_string(), validator.clone());
        validator
    }

    /// Every error of `instance` against the schema at `at`, one line each.
    fn errors(&self, at: &str, instance: &Value) -> Vec<String> {
        self.validator(at)
            .iter_errors(instance)
            .map(|e| {
                format!(
                    "{} (at {}, schema {})",
                    e,
                    e.instance_path(),
                    e.schema_path()
                )
            })
            .collect()
    }

    /// Panics, naming `what`, unless `instance` is valid against the schema at `at` and every key
    /// of every object in it is declared by the schema that applies there.
    fn assert_conforms(&self, what: &str, at: &str, instance: &Value) {
        let errors = self.errors(at, instance);
        assert!(
            errors.is_empty(),
            "{what}: not valid against {at}:\n  {}\nbody: {instance}",
            errors.join("\n  ")
        );
        let mut undeclared = Vec::new();
        self.undeclared_keys(at, instance, "$", &mut undeclared);
        assert!(
            undeclared.is_empty(),
            "{what}: keys the schema {at} does not declare:\n  {}\nbody: {instance}",
            undeclared.join("\n  ")
        );
    }

    /// The schema locations that apply to `instance` at `at`: itself, what its `$ref` points to,
    /// its `allOf`, and the `oneOf`/`anyOf` branches `instance` is valid against.
    fn applicable(&self, at: &str, instance: &Value, out: &mut Vec<String>) {
        if out.iter().any(|seen| seen == at) {
            return;
        }
        out.push(at.to_string());
        let node = self.node(at);
        if let Some(target) = node.get("$ref").and_then(Value::as_str) {
            let target = target
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{at}: a $ref outside the document: {target}"));
            self.applicable(target, instance, out);
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            let count = node
                .get(keyword)
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            for i in 0..count {
                let branch = format!("{at}/{keyword}/{i}");
                if keyword == "allOf" || self.validator(&branch).is_valid(instance) {
                    self.applicable(&branch, instance, out);
                }
            }
        }
    }

    /// Collects, as `path.key (where)`, every key of an object in `instance` that no schema
    /// applying there declares in its `properties`, unless one of them leaves the object open
    /// (`additionalProperties` other than `false`, or no `properties` at all). Arrays are walked
    /// through `items`.
    fn undeclared_keys(&self, at: &str, instance: &Value, path: &str, out: &mut Vec<String>) {
        let mut locations = Vec::new();
        self.applicable(at, instance, &mut locations);
        let nodes: Vec<(&String, &Value)> = locations.iter().map(|l| (l, self.node(l))).collect();
        match instance {
            Value::Object(map) => {
                let open = nodes.iter().any(|(_, n)| {
                    n.get("additionalProperties")
                        .is_some_and(|a| a != &Value::Bool(false))
                        || n.get("patternProperties").is_some()
                }) || !nodes.iter().any(|(_, n)| n.get("properties").is_some());
                for (key, value) in map {
                    let homes: Vec<String> = nodes
                        .iter()
                        .filter(|(_, n)| n.get("properties").and_then(|p| p.get(key)).is_some())
                        .map(|(l, _)| format!("{l}{}", pointer(&["properties", key])))
                        .collect();
                    if homes.is_empty() && !open {
                        out.push(format!(
                            "{path}.{key} (declared where it sits: none of {})",
                            locations.join(", ")
                        ));
                    }
                    for home in homes {
                        self.undeclared_keys(&home, value, &format!("{path}.{key}"), out);
                    }
                }
            }
            Value::Array(items) => {
                for (l, n) in &nodes {
                    if n.get("items").is_some_and(Value::is_object) {
                        for (i, item) in items.iter().enumerate() {
                            self.undeclared_keys(
                                &format!("{l}/items"),
                                item,
                                &format!("{path}[{i}]"),
                                out,
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The schema location a `$ref` chain starting at `at` ends at.
    fn deref(&self, at: &str) -> String {
        let mut at = at.to_string();
        while let Some(target) = self.node(&at).get("$ref").and_then(Value::as_str) {
            at = target.strip_prefix('#').expect("a local $ref").to_string();
        }
        at
    }
}

/// The `example` and every `examples` entry of a node: an OpenAPI media type's `examples` is a map
/// of `{summary, value}`, a JSON Schema's an array. Each comes with a name for messages.
fn examples_of(node: &Value, at: &str) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    if let Some(example) = node.get("example") {
        found.push((format!("{at}/example"), example.clone()));
    }
    match node.get("examples") {
        Some(Value::Object(named)) => {
            for (name, entry) in named {
                let value = entry
                    .get("value")
                    .unwrap_or_else(|| panic!("{at}/examples/{name} has no value"));
                found.push((format!("{at}/examples/{name}"), value.clone()));
            }
        }
        Some(Value::Array(list)) => {
            for (i, value) in list.iter().enumerate() {
                found.push((format!("{at}/examples/{i}"), value.clone()));
            }
        }
        Some(other) => panic!("{at}/examples is neither a map nor a list: {other}"),
        None => {}
    }
    found
}

/// The paths the library calls, with their methods.
const PATHS: [(&str, &str); 4] = [
    ("/auth/keys", "post"),
    ("/chat/completions", "post"),
    ("/key", "get"),
    ("/models", "get"),
];

/// The request body schema of a path, as a pointer.
fn request_schema(path: &str, method: &str) -> String {
    pointer(&[
        "paths",
        path,
        method,
        "requestBody",
        "content",
        "application/json",
        "schema",
    ])
}

fn reasoning_details() -> Vec<Value> {
    vec![
        json!({
            "type": "reasoning.text",
            "text": "The user wants a short answer.",
            "signature": "EqQBCkYIBxgCKkDx",
            "format": "anthropic-claude-v1",
            "index": 0
        }),
        json!({
            "type": "reasoning.encrypted",
            "data": "gAAAAABo1pqR",
            "format": "openai-responses-v1",
            "index": 1
        }),
    ]
}

fn conversation() -> Vec<ChatMessage> {
    vec![
        ChatMessage::system("Answer in one sentence."),
        ChatMessage::user("What is the capital of France?"),
        ChatMessage::assistant("Paris.").with_reasoning_details(reasoning_details()),
        ChatMessage::user("And of Italy?"),
    ]
}

fn parsed(body: &str) -> Value {
    serde_json::from_str(body).expect("the library writes JSON")
}

#[test]
fn the_exchange_body_matches_the_auth_keys_request_schema() {
    let spec = Spec::load();
    let at = request_schema("/auth/keys", "post");
    let body = parsed(&exchange::request_body(
        "auth_code_abc123def456",
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    ));
    spec.assert_conforms("POST /auth/keys request body", &at, &body);
    assert_eq!(body["code_challenge_method"], "S256");
}

#[test]
fn chat_bodies_match_the_chat_request_schema() {
    let spec = Spec::load();
    let at = request_schema("/chat/completions", "post");
    assert_eq!(
        spec.deref(&at),
        "/components/schemas/ChatRequest",
        "POST /chat/completions takes a ChatRequest"
    );
    let messages = conversation();
    let options = [
        ("no options", RequestOptions::default()),
        ("temperature", RequestOptions::default().temperature(0.7)),
        (
            "reasoning effort",
            RequestOptions::default().reasoning_effort("high"),
        ),
        ("max_tokens", RequestOptions::default().max_tokens(260)),
        (
            "every option",
            RequestOptions::default()
                .temperature(0.7)
                .reasoning_effort("high")
                .max_tokens(260),
        ),
    ];
    for (name, options) in options {
        let body = parsed(&request_body("openai/gpt-4o-mini", &messages, options));
        spec.assert_conforms(
            &format!("POST /chat/completions request body ({name})"),
            &at,
            &body,
        );
    }
    // The options reach the body under the names the schema gives them (the schema-driven checks
    // above would also take an option the body left out).
    let body = parsed(&request_body(
        "openai/gpt-4o-mini",
        &messages,
        RequestOptions::default()
            .temperature(0.7)
            .reasoning_effort("high")
            .max_tokens(260),
    ));
    assert_eq!(body["max_tokens"], 260);
    assert_eq!(body["reasoning"]["effort"], "high");
    assert!((body["temperature"].as_f64().unwrap() - 0.7).abs() < 1e-6);
    assert_eq!(body["stream"], true);
    assert_eq!(
        body["messages"][2]["reasoning_details"],
        json!(reasoning_details())
    );
}

#[test]
fn every_effort_the_schema_allows_is_one_the_library_sends_unchanged() {
    let spec = Spec::load();
    let at = request_schema("/chat/completions", "post");
    let efforts = spec
        .node("/components/schemas/ChatRequest/properties/reasoning/properties/effort")["enum"]
        .as_array()
        .expect("reasoning.effort is an enum")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect::<Vec<_>>();
    assert!(efforts.iter().any(|e| e == "high"), "{efforts:?}");
    for effort in &efforts {
        let body = parsed(&request_body(
            "m",
            &[ChatMessage::user("Hi")],
            RequestOptions::default().reasoning_effort(effort.as_str()),
        ));
        spec.assert_conforms(&format!("reasoning effort {effort:?}"), &at, &body);
    }
}

#[test]
fn the_checks_reject_a_misspelt_or_mistyped_field() {
    // What the schema forbids fails, so that the checks above are not vacuous.
    let spec = Spec::load();
    let at = request_schema("/chat/completions", "post");
    let bad = parsed(&request_body(
        "m",
        &[ChatMessage::user("Hi")],
        RequestOptions::default().reasoning_effort("very high"),
    ));
    assert!(
        !spec.errors(&at, &bad).is_empty(),
        "an unknown effort is rejected"
    );
    let mut undeclared = Vec::new();
    let mut renamed = parsed(&request_body(
        "m",
        &[ChatMessage::user("Hi")],
        RequestOptions::default(),
    ));
    renamed["max_token"] = json!(260);
    renamed["messages"][0]["reasoning_detail"] = json!([]);
    assert!(
        spec.errors(&at, &renamed).is_empty(),
        "the schema alone lets a misspelt key through (no additionalProperties: false)"
    );
    spec.undeclared_keys(&at, &renamed, "$", &mut undeclared);
    assert_eq!(
        undeclared.len(),
        2,
        "misspelt keys are caught, at the top and in a message: {undeclared:?}"
    );
    let wrong_type = json!({"messages": [{"role": "user", "content": "Hi"}], "temperature": "0.7"});
    assert!(
        !spec.errors(&at, &wrong_type).is_empty(),
        "a string temperature is rejected"
    );
}

/// What the library makes of one example response body, checked against the example itself.
fn read_example(path: &str, status: &str, media: &str, name: &str, example: &Value) {
    let what = format!("{path} {status} {media}: {name}");
    let text = example.to_string();
    let code: u16 = status.parse().unwrap_or_else(|_| panic!("{what}: status"));
    match (path, code, media) {
        ("/auth/keys", 200, "application/json") => {
            let ok = exchange::parse_response(200, &text)
                .unwrap_or_else(|e| panic!("{what}: parse_response failed: {e:?}"));
            assert_eq!(
                Some(ok.key.expose()),
                example["key"].as_str(),
                "{what}: key"
            );
            assert_eq!(
                ok.user_id.as_deref(),
                example["user_id"].as_str(),
                "{what}: user_id"
            );
        }
        ("/key", 200, "application/json") => {
            let info = parse_key_info(&text).unwrap_or_else(|| panic!("{what}: parse_key_info"));
            let data = &example["data"];
            assert_eq!(
                Some(info.label.as_str()),
                data["label"].as_str(),
                "{what}: label"
            );
            assert_eq!(Some(info.usage), data["usage"].as_f64(), "{what}: usage");
            assert_eq!(info.limit, data["limit"].as_f64(), "{what}: limit");
            assert_eq!(
                info.limit_remaining,
                data["limit_remaining"].as_f64(),
                "{what}: limit_remaining"
            );
            assert_eq!(
                Some(info.is_free_tier),
                data["is_free_tier"].as_bool(),
                "{what}: is_free_tier"
            );
        }
        ("/models", 200, "application/json") => check_models(&what, example),
        // An RSS feed of the list, for a request that asks for it: the library asks for JSON and
        // must not take the feed for a list.
        ("/models", 200, "application/rss+xml") => {
            let feed = example
                .as_str()
                .unwrap_or_else(|| panic!("{what}: a string"));
            assert_eq!(parse_models(feed), None, "{what}: not a model list");
        }
        ("/chat/completions", 200, "application/json") => check_chat_result(&what, example),
        // A Server-Sent Event as the spec models it: `{"data": <chunk>}`.
        ("/chat/completions", 200, "text/event-stream") => {
            let chunk = example
                .get("data")
                .unwrap_or_else(|| panic!("{what}: an event has data"));
            check_stream_chunk(&what, chunk);
            // And the same event as bytes on the wire, through the decoder and a reply.
            let mut decoder = SseDecoder::new();
            let mut reply = ReplyState::new();
            let wire = format!(": OPENROUTER PROCESSING\n\ndata: {chunk}\n\ndata: [DONE]\n\n");
            for event in decoder.push(wire.as_bytes()) {
                reply.apply_event(&event.data);
            }
            assert_eq!(reply.malformed, 0, "{what}: every event parses");
            assert!(reply.done, "{what}: [DONE] ends the reply");
            assert_eq!(reply.end_error(), None, "{what}: the reply ends well");
            let content = chunk["choices"][0]["delta"]["content"]
                .as_str()
                .unwrap_or("");
            assert_eq!(reply.text, content, "{what}: the reply's text");
        }
        (_, 400..=599, "application/json") => {
            let error = check_error_body(&what, example);
            if path == "/auth/keys" {
                let expected = match code {
                    // A 400 with words (the spec's example: "Invalid request parameters") keeps
                    // them; one without is the challenge method.
                    400 if error.message.is_none() => {
                        exchange::ExchangeError::ChallengeMethodMismatch
                    }
                    403 => exchange::ExchangeError::InvalidCodeOrVerifier,
                    405 => exchange::ExchangeError::MethodNotAllowed,
                    status => exchange::ExchangeError::Http {
                        status,
                        message: error.message.clone(),
                    },
                };
                assert_eq!(
                    exchange::parse_response(code, &text),
                    Err(expected),
                    "{what}: parse_response"
                );
            }
            if path == "/chat/completions" {
                let chat_error = ChatError::from_status(code, &text, None, 0.0);
                assert_eq!(
                    chat_error.status(),
                    Some(code),
                    "{what}: ChatError's status"
                );
                assert_eq!(
                    chat_error.openrouter_message(),
                    error.message.as_deref(),
                    "{what}: ChatError keeps OpenRouter's message"
                );
            }
        }
        _ => panic!(
            "{what}: an example the contract test has no reader for; say which of the library's \
             parsers reads it (or why none does)"
        ),
    }
}

/// An error body: `parse_error_body` gives its `error` with the message (and a numeric code).
fn check_error_body(what: &str, example: &Value) -> ApiError {
    let error = parse_error_body(&example.to_string())
        .unwrap_or_else(|| panic!("{what}: parse_error_body gave None"));
    let message = error.message.as_deref().unwrap_or_default();
    assert!(!message.trim().is_empty(), "{what}: a message");
    assert_eq!(
        Some(message),
        example["error"]["message"].as_str(),
        "{what}: message"
    );
    check_error_code(what, &error, &example["error"]["code"]);
    error
}

fn check_error_code(what: &str, error: &ApiError, code: &Value) {
    let expected = match code {
        Value::Number(n) => Some(ErrorCode::Number(n.as_i64().expect("an integer code"))),
        Value::String(s) => Some(ErrorCode::Text(s.clone())),
        _ => None,
    };
    assert_eq!(error.code, expected, "{what}: code");
}

fn check_models(what: &str, example: &Value) {
    let models =
        parse_models(&example.to_string()).unwrap_or_else(|| panic!("{what}: parse_models"));
    let entries = example["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: data"));
    assert_eq!(models.len(), entries.len(), "{what}: every model is kept");
    for (model, entry) in models.iter().zip(entries) {
        let what = format!("{what}: model {}", model.id);
        assert_eq!(Some(model.id.as_str()), entry["id"].as_str(), "{what}: id");
        if let Some(name) = entry["name"].as_str() {
            assert_eq!(model.name, name, "{what}: name");
        }
        assert_eq!(
            model.context_length,
            entry["context_length"].as_u64(),
            "{what}: context_length"
        );
        let price = |field: &str| -> Option<f64> { entry["pricing"][field].as_str()?.parse().ok() };
        if let (Some(prompt), Some(completion)) = (price("prompt"), price("completion")) {
            let pricing = model.pricing.unwrap_or_else(|| panic!("{what}: pricing"));
            assert!(
                (pricing.prompt_per_million() - prompt * 1e6).abs() < 1e-9
                    && (pricing.completion_per_million() - completion * 1e6).abs() < 1e-9,
                "{what}: pricing {pricing:?}"
            );
        }
        let efforts: Vec<&str> = entry["reasoning"]["supported_efforts"]
            .as_array()
            .map(|e| e.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            model.supported_efforts, efforts,
            "{what}: supported_efforts"
        );
    }
}

/// A non-streaming answer. The library streams (it always sends `"stream": true`) and has no type
/// for this whole body; what it has for its parts must read them: the message as a
/// [`ChatMessage`], its `reasoning_details` items, and the `usage`.
fn check_chat_result(what: &str, example: &Value) {
    let choices = example["choices"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: choices"));
    assert!(!choices.is_empty(), "{what}: a choice");
    for (i, choice) in choices.iter().enumerate() {
        check_message(&format!("{what}: choices[{i}].message"), &choice["message"]);
    }
    if let Some(usage) = example.get("usage") {
        check_usage(&format!("{what}: usage"), usage);
    }
}

/// An assistant message of an answer: read as a [`ChatMessage`] (so that it could go back in the
/// next request), with its reasoning items.
fn check_message(what: &str, message: &Value) {
    let read: ChatMessage = serde_json::from_value(message.clone())
        .unwrap_or_else(|e| panic!("{what}: not a ChatMessage: {e}"));
    assert_eq!(read.role, Role::Assistant, "{what}: role");
    assert_eq!(
        Some(read.content.as_str()),
        message["content"].as_str(),
        "{what}: content"
    );
    if let Some(items) = message.get("reasoning_details") {
        check_reasoning_items(&format!("{what}.reasoning_details"), items);
        assert_eq!(
            read.reasoning_details.as_ref(),
            items.as_array(),
            "{what}: reasoning_details kept unchanged"
        );
    }
}

/// `reasoning_details` items: the readable ones give their text or summary, the rest nothing.
fn check_reasoning_items(what: &str, items: &Value) {
    let items = items.as_array().unwrap_or_else(|| panic!("{what}: a list"));
    for (i, item) in items.iter().enumerate() {
        check_reasoning_item(&format!("{what}[{i}]"), item);
    }
}

fn check_reasoning_item(what: &str, item: &Value) {
    let expected = match item["type"].as_str() {
        Some("reasoning.text") => item["text"].as_str(),
        Some("reasoning.summary") => item["summary"].as_str(),
        Some("reasoning.encrypted") | Some("reasoning.server_tool_call") => None,
        other => panic!("{what}: an item of type {other:?}"),
    };
    assert_eq!(
        reasoning_detail_text(item),
        expected,
        "{what}: readable text"
    );
}

fn check_usage(what: &str, usage: &Value) {
    let read: Usage = serde_json::from_value(usage.clone())
        .unwrap_or_else(|e| panic!("{what}: not a Usage: {e}"));
    let count = |field: &str| usage[field].as_u64().unwrap_or(0);
    assert_eq!(
        read.prompt_tokens,
        count("prompt_tokens"),
        "{what}: prompt_tokens"
    );
    assert_eq!(
        read.completion_tokens,
        count("completion_tokens"),
        "{what}: completion_tokens"
    );
    assert_eq!(
        read.total_tokens,
        count("total_tokens"),
        "{what}: total_tokens"
    );
    assert_eq!(read.cost, usage["cost"].as_f64(), "{what}: cost");
    assert_eq!(
        read.reasoning_tokens,
        usage["completion_tokens_details"]["reasoning_tokens"].as_u64(),
        "{what}: reasoning_tokens"
    );
}

/// One `chat.completion.chunk`, as the data of one event: `interpret` gives the first choice's
/// text and reasoning, its finish reason and the usage, or the error it carries.
fn check_stream_chunk(what: &str, chunk: &Value) {
    let item = interpret(&chunk.to_string());
    if let Some(error) = chunk.get("error") {
        match item {
            StreamItem::Error(details) => {
                assert_eq!(
                    details.message.as_deref(),
                    error["message"].as_str(),
                    "{what}: message"
                )
            }
            other => panic!("{what}: an error chunk read as {other:?}"),
        }
        return;
    }
    let choice = &chunk["choices"][0];
    let delta = &choice["delta"];
    let text = delta["content"].as_str().unwrap_or("");
    let finish_reason = choice["finish_reason"].as_str();
    let usage = chunk.get("usage");
    match item {
        StreamItem::Chunk {
            text: read_text,
            reasoning_details,
            finish_reason: read_finish,
            usage: read_usage,
            ..
        } => {
            assert_eq!(read_text, text, "{what}: text");
            assert_eq!(
                read_finish.as_deref(),
                finish_reason,
                "{what}: finish_reason"
            );
            assert_eq!(read_usage.is_some(), usage.is_some(), "{what}: usage");
            assert_eq!(
                Some(&reasoning_details),
                delta["reasoning_details"].as_array().or(Some(&vec![])),
                "{what}: reasoning_details"
            );
        }
        StreamItem::Ignored => assert!(
            text.is_empty() && finish_reason.is_none() && usage.is_none(),
            "{what}: a chunk with something in it was ignored"
        ),
        other => panic!("{what}: read as {other:?}"),
    }
    if let Some(usage) = usage {
        check_usage(&format!("{what}: usage"), usage);
    }
}

#[test]
fn every_example_response_of_the_four_paths_is_read_by_the_library() {
    let spec = Spec::load();
    let mut read = 0;
    for (path, method) in PATHS {
        let responses_at = pointer(&["paths", path, method, "responses"]);
        let responses = spec.node(&responses_at).as_object().expect("responses");
        let statuses: Vec<&String> = responses.keys().collect();
        for status in statuses {
            let content = responses[status]
                .get("content")
                .and_then(Value::as_object)
                .unwrap_or_else(|| panic!("{path} {status}: no content"));
            for (media, entry) in content {
                let media_at =
                    pointer(&["paths", path, method, "responses", status, "content", media]);
                let mut examples = examples_of(entry, &media_at);
                // And the examples on the response's schema, through its `$ref`s.
                if entry.get("schema").is_some() {
                    let mut at = format!("{media_at}/schema");
                    loop {
                        examples.extend(examples_of(spec.node(&at), &at));
                        match spec.node(&at).get("$ref").and_then(Value::as_str) {
                            Some(target) => at = target.trim_start_matches('#').to_string(),
                            None => break,
                        }
                    }
                }
                assert!(
                    !examples.is_empty(),
                    "{path} {status} {media}: no example at all"
                );
                for (name, example) in examples {
                    read_example(path, status, media, &name, &example);
                    read += 1;
                }
            }
        }
    }
    assert!(
        read >= 40,
        "only {read} examples found: the walk lost its way"
    );
}

/// The component schemas the library has a reader for (a part of an answer), and the check that
/// reads an example of each.
fn component_reader(name: &str) -> Option<fn(&str, &Value)> {
    Some(match name {
        "ChatStreamChunk" => |what, ex| check_stream_chunk(what, ex),
        "ChatStreamingResponse" => |what, ex| check_stream_chunk(what, &ex["data"]),
        "ChatStreamChoice" => |what, ex| {
            let choice: StreamChoice = serde_json::from_value(ex.clone())
                .unwrap_or_else(|e| panic!("{what}: not a StreamChoice: {e}"));
            assert_eq!(
                choice.delta.content.as_deref(),
                ex["delta"]["content"].as_str(),
                "{what}: delta.content"
            );
            assert_eq!(
                choice.finish_reason.as_deref(),
                ex["finish_reason"].as_str(),
                "{what}: finish_reason"
            );
        },
        "ChatStreamDelta" => |what, ex| {
            let delta: StreamDelta = serde_json::from_value(ex.clone())
                .unwrap_or_else(|e| panic!("{what}: not a StreamDelta: {e}"));
            assert_eq!(
                delta.content.as_deref(),
                ex["content"].as_str(),
                "{what}: content"
            );
            assert_eq!(delta.role.as_deref(), ex["role"].as_str(), "{what}: role");
        },
        "ChatResult" => |what, ex| check_chat_result(what, ex),
        "ChatChoice" => |what, ex| check_message(&format!("{what}: message"), &ex["message"]),
        "ChatAssistantMessage" => |what, ex| check_message(what, ex),
        "ChatUsage" => |what, ex| check_usage(what, ex),
        "ChatReasoningDetails" | "ChatStreamReasoningDetails" => {
            |what, ex| check_reasoning_items(what, ex)
        }
        "ReasoningDetailUnion"
        | "ReasoningDetailText"
        | "ReasoningDetailSummary"
        | "ReasoningDetailEncrypted" => |what, ex| check_reasoning_item(what, ex),
        "ModelsListResponse" => |what, ex| check_models(what, ex),
        "ModelsListResponseData" => |what, ex| check_models(what, &json!({ "data": ex })),
        "Model" => |what, ex| check_models(what, &json!({ "data": [ex] })),
        name if name.ends_with("ResponseErrorData") => |what, ex| {
            let error: ApiError = serde_json::from_value(ex.clone())
                .unwrap_or_else(|e| panic!("{what}: not an ApiError: {e}"));
            assert_eq!(
                error.message.as_deref(),
                ex["message"].as_str(),
                "{what}: message"
            );
            check_error_code(what, &error, &ex["code"]);
        },
        name if name.ends_with("Response") => |what, ex| {
            check_error_body(what, ex);
        },
        _ => return None,
    })
}

#[test]
fn examples_of_the_schemas_the_library_reads_a_part_of() {
    let spec = Spec::load();
    let schemas = spec.doc["components"]["schemas"]
        .as_object()
        .expect("components.schemas");
    let mut read = Vec::new();
    for (name, schema) in schemas {
        let Some(reader) = component_reader(name) else {
            continue;
        };
        let at = pointer(&["components", "schemas", name]);
        for (example_name, example) in examples_of(schema, &at) {
            reader(&example_name, &example);
            read.push(name.as_str());
        }
    }
    for name in [
        "ChatStreamChunk",
        "ChatUsage",
        "ChatAssistantMessage",
        "ReasoningDetailText",
        "ReasoningDetailEncrypted",
        "Model",
        "BadRequestResponseErrorData",
    ] {
        assert!(
            read.contains(&name),
            "no example of {name} was read: {read:?}"
        );
    }
}

#[test]
fn every_example_read_is_valid_against_its_own_schema() {
    // The examples read above are what the spec promises: a check of the fixture, so that a
    // reader is never tuned to an example the schema itself rejects.
    let spec = Spec::load();
    let mut invalid = Vec::new();
    for (path, method) in PATHS {
        let responses = spec.node(&pointer(&["paths", path, method, "responses"]));
        for (status, response) in responses.as_object().expect("responses") {
            for (media, entry) in response["content"].as_object().expect("content") {
                let media_at =
                    pointer(&["paths", path, method, "responses", status, "content", media]);
                let schema_at = format!("{media_at}/schema");
                for (name, example) in examples_of(entry, &media_at) {
                    for e in spec.errors(&schema_at, &example) {
                        invalid.push(format!("{name}: {e}"));
                    }
                }
            }
        }
    }
    for (name, schema) in spec.doc["components"]["schemas"]
        .as_object()
        .expect("schemas")
    {
        if component_reader(name).is_none() {
            continue;
        }
        let at = pointer(&["components", "schemas", name]);
        for (example_name, example) in examples_of(schema, &at) {
            for e in spec.errors(&at, &example) {
                invalid.push(format!("{example_name}: {e}"));
            }
        }
    }
    // The published document's own slips, each checked to be still there: when a new version of
    // the document fixes one (or brings another), this says so.
    let known: Vec<String> = KNOWN_INVALID_EXAMPLES
        .iter()
        .map(|(name, property)| {
            format!(
                "{name}: \"{property}\" is a required property \
                 (at , schema /components/schemas/ModelsListResponse/required)"
            )
        })
        .collect();
    assert_eq!(
        invalid,
        known,
        "examples their own schema rejects:\n  {}",
        invalid.join("\n  ")
    );
}

/// Examples of the document that its own schema rejects, with the required property each lacks:
/// the `/models` list as the media type shows it has no `total_count` or `links` (the example on
/// `ModelsListResponse` itself has both). The library reads neither.
const KNOWN_INVALID_EXAMPLES: [(&str, &str); 2] = [
    (
        "/paths/~1models/get/responses/200/content/application~1json/example",
        "total_count",
    ),
    (
        "/paths/~1models/get/responses/200/content/application~1json/example",
        "links",
    ),
];
