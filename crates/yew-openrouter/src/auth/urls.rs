//! URL building for the sign-in redirect. Pure: no DOM.

use crate::config::SignInOptions;

/// Percent-encodes a query-string value: everything but RFC 3986 unreserved characters.
pub fn encode_query_value(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// The consent page URL:
/// `{origin}/auth?callback_url=…&code_challenge=…&code_challenge_method=S256`, with `limit` and
/// `key_label` when the options ask for them.
pub fn authorize_url(
    origin: &str,
    callback_url: &str,
    code_challenge: &str,
    options: &SignInOptions,
) -> String {
    let mut url = format!(
        "{}/auth?callback_url={}&code_challenge={}&code_challenge_method=S256",
        origin.trim_end_matches('/'),
        encode_query_value(callback_url),
        encode_query_value(code_challenge)
    );
    if let Some(limit) = options.limit_usd() {
        url.push_str("&limit=");
        url.push_str(&encode_query_value(&limit));
    }
    if let Some(label) = &options.key_label {
        url.push_str("&key_label=");
        url.push_str(&encode_query_value(label));
    }
    url
}

/// The callback URL for a page of `page_origin` (`https://me.github.io`) whose app lives under
/// `base_path` (`/sign-in-with-openrouter/`): `callback_path` under the base path when it is
/// relative (`callback` → `https://me.github.io/sign-in-with-openrouter/callback`), from the
/// site's root when it starts with `/`. A query or fragment in `callback_path` is dropped
/// (OpenRouter appends `?code=`; RFC 6749 forbids fragments there).
pub fn callback_url(page_origin: &str, base_path: &str, callback_path: &str) -> String {
    let end = callback_path
        .find(['?', '#'])
        .unwrap_or(callback_path.len());
    let path = &callback_path[..end];
    let origin = page_origin.trim_end_matches('/');
    if path.starts_with('/') {
        format!("{origin}{path}")
    } else {
        format!("{origin}{}", page_path(base_path, path))
    }
}

/// The path of `pathname` inside the app, given the base path (`/sign-in-with-openrouter/`):
/// `/sign-in-with-openrouter/chat` → `/chat`. Paths outside the base give `/`.
pub fn app_path(pathname: &str, base_path: &str) -> String {
    let base = base_path.trim_end_matches('/');
    match pathname.strip_prefix(base) {
        Some("") => "/".to_string(),
        Some(rest) if rest.starts_with('/') => rest.to_string(),
        _ => "/".to_string(),
    }
}

/// The directory of a path: everything up to its last `/` (`/app/index.html` → `/app/`,
/// `/chat` → `/`).
pub fn directory(path: &str) -> &str {
    last_slash(path).map_or("/", |i| &path[..=i])
}

/// The byte index of the last `/` in `s`. A byte search: `/` is ASCII, so it never occurs
/// inside a multi-byte character, and it is smaller wasm than `str::rfind`'s char searcher.
fn last_slash(s: &str) -> Option<usize> {
    s.bytes().rposition(|b| b == b'/')
}

/// The inverse of [`app_path`]: the page path of an app path under the base path
/// (`/chat` under `/sign-in-with-openrouter/` → `/sign-in-with-openrouter/chat`).
pub fn page_path(base_path: &str, app_path: &str) -> String {
    let base = base_path.trim_end_matches('/');
    format!("{base}/{}", app_path.trim_start_matches('/'))
}

/// Whether a stored return path is safe to navigate to: an app-relative path, never another origin.
pub fn is_safe_return_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') && !path.contains(':')
}

/// Reads one parameter from a query string (`?a=1&b=2`, leading `?` optional), decoding
/// `%XX` and `+`. Returns `None` when absent; an invalid escape is kept as written.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k) == name).then(|| percent_decode(v))
        })
        .next()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    // A value that is not UTF-8 once decoded is no code or error OpenRouter sends: it reads as
    // empty (the strict decoder is smaller than the lossy one).
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_characters() {
        assert_eq!(
            encode_query_value("https://a.b/c d?x=1&y=é"),
            "https%3A%2F%2Fa.b%2Fc%20d%3Fx%3D1%26y%3D%C3%A9"
        );
        assert_eq!(encode_query_value("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn authorize_url_has_the_three_parameters() {
        assert_eq!(
            authorize_url(
                "https://openrouter.ai/",
                "https://me.github.io/sign-in-with-openrouter/callback",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                &SignInOptions::default(),
            ),
            "https://openrouter.ai/auth?callback_url=https%3A%2F%2Fme.github.io%2Fsign-in-with-openrouter%2Fcallback\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
        );
    }

    #[test]
    fn authorize_url_carries_the_limit_and_the_label() {
        let url = |limit_cents, label: Option<&str>| {
            authorize_url(
                "https://openrouter.ai",
                "http://localhost:8080/callback",
                "c",
                &SignInOptions {
                    limit_cents,
                    key_label: label.map(Into::into),
                },
            )
        };
        let base =
            "https://openrouter.ai/auth?callback_url=http%3A%2F%2Flocalhost%3A8080%2Fcallback\
                    &code_challenge=c&code_challenge_method=S256";
        assert_eq!(url(Some(500), None), format!("{base}&limit=5"));
        assert_eq!(url(Some(250), None), format!("{base}&limit=2.50"));
        assert_eq!(
            url(Some(1), Some("My app & me")),
            format!("{base}&limit=0.01&key_label=My%20app%20%26%20me")
        );
        assert_eq!(url(None, Some("x")), format!("{base}&key_label=x"));
    }

    #[test]
    fn callback_url_under_the_base_path_or_from_the_root() {
        let pages = "https://me.github.io";
        let base = "/sign-in-with-openrouter/";
        assert_eq!(
            callback_url(pages, base, "callback"),
            "https://me.github.io/sign-in-with-openrouter/callback"
        );
        assert_eq!(
            callback_url(pages, base, "auth/done?x=1#y"),
            "https://me.github.io/sign-in-with-openrouter/auth/done"
        );
        assert_eq!(
            callback_url(pages, base, "/elsewhere/callback"),
            "https://me.github.io/elsewhere/callback"
        );
        assert_eq!(
            callback_url("http://127.0.0.1:8080/", "/", "callback"),
            "http://127.0.0.1:8080/callback"
        );
    }

    #[test]
    fn directory_keeps_up_to_the_last_slash() {
        assert_eq!(
            directory("/sign-in-with-openrouter/"),
            "/sign-in-with-openrouter/"
        );
        assert_eq!(directory("/app/index.html"), "/app/");
        assert_eq!(directory("/chat"), "/");
        assert_eq!(directory("/"), "/");
        assert_eq!(directory(""), "/");
    }

    #[test]
    fn page_path_adds_the_base_and_inverts_app_path() {
        let base = "/sign-in-with-openrouter/";
        assert_eq!(page_path(base, "/chat"), "/sign-in-with-openrouter/chat");
        assert_eq!(page_path(base, "/"), "/sign-in-with-openrouter/");
        assert_eq!(page_path("/", "/chat"), "/chat");
        assert_eq!(page_path("/", "/"), "/");
        for base in ["/", "/app/", "/a/b/"] {
            for path in ["/", "/chat", "/callback"] {
                assert_eq!(
                    app_path(&page_path(base, path), base),
                    path,
                    "{base} {path}"
                );
            }
        }
    }

    #[test]
    fn app_path_strips_the_base() {
        let base = "/sign-in-with-openrouter/";
        assert_eq!(app_path("/sign-in-with-openrouter/chat", base), "/chat");
        assert_eq!(app_path("/sign-in-with-openrouter/", base), "/");
        assert_eq!(app_path("/sign-in-with-openrouter", base), "/");
        assert_eq!(app_path("/elsewhere", base), "/");
        assert_eq!(app_path("/chat", "/"), "/chat");
    }

    #[test]
    fn return_paths_stay_in_the_app() {
        assert!(is_safe_return_path("/chat"));
        assert!(is_safe_return_path("/"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "chat",
            "/\\evil",
            "javascript:alert(1)",
            "",
        ] {
            assert!(!is_safe_return_path(bad), "{bad}");
        }
    }

    #[test]
    fn reads_query_parameters() {
        assert_eq!(query_param("?code=abc&x=1", "code").as_deref(), Some("abc"));
        assert_eq!(
            query_param("x=1&code=a%2Fb+c", "code").as_deref(),
            Some("a/b c")
        );
        assert_eq!(query_param("?error=access_denied", "code"), None);
        assert_eq!(query_param("", "code"), None);
        assert_eq!(query_param("?code=%zz", "code").as_deref(), Some("%zz"));
        assert_eq!(query_param("?code", "code").as_deref(), Some(""));
    }
}
