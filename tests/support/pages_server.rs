//! Serves a built `dist` directory the way GitHub Pages serves a project site, so the end-to-end
//! tests run against what users get:
//! - everything under [`BASE_PATH`] (`/sign-in-with-openrouter/`); `/sign-in-with-openrouter`
//!   redirects (301) to it, and so does a directory without its trailing slash;
//! - `foo` also finds `foo.html`, a directory serves its `index.html`;
//! - any unknown path gets the site's `404.html` with status 404 (the SPA fallback that makes
//!   a deep link or a reload on `/callback` boot the app);
//! - gzip (level 6) when `Accept-Encoding` allows it, `Vary: Accept-Encoding`, content types as
//!   Pages sends them (`application/wasm` for wasm), `Cache-Control: max-age=600`.
//!
//! It listens on a random free port of 127.0.0.1.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use flate2::write::GzEncoder;
use flate2::Compression;

/// The GitHub Pages project path the app is built for (`trunk build --public-url`).
pub const BASE_PATH: &str = "/sign-in-with-openrouter/";

/// One gzipped file, kept while the file is unchanged.
type GzipCache = HashMap<PathBuf, (SystemTime, Arc<Vec<u8>>)>;

struct Site {
    root: PathBuf,
    gzip_cache: Mutex<GzipCache>,
    requests: Arc<Mutex<Vec<PageRequest>>>,
}

/// One request the server received.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// The path and query asked for.
    pub target: String,
    /// The `Referer` header the browser sent, if any.
    pub referer: Option<String>,
}

/// A running Pages-like server.
#[derive(Clone)]
pub struct PagesServer {
    origin: String,
    root: PathBuf,
    requests: Arc<Mutex<Vec<PageRequest>>>,
}

impl PagesServer {
    /// Serves `root` (a trunk `dist`) on a random port of 127.0.0.1, on the current tokio runtime.
    pub async fn start(root: &Path) -> std::io::Result<PagesServer> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let site = Arc::new(Site {
            root: root.to_path_buf(),
            gzip_cache: Mutex::new(HashMap::new()),
            requests: requests.clone(),
        });
        let app = Router::new().fallback(serve).with_state(site);
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("pages server");
        });
        Ok(PagesServer {
            origin,
            root: root.to_path_buf(),
            requests,
        })
    }

    /// Every request received so far, in order (tests of one process share the server: take
    /// `requests().len()` before a journey and look at what came after).
    pub fn requests(&self) -> Vec<PageRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The app's root URL: `http://127.0.0.1:PORT/sign-in-with-openrouter/`.
    pub fn base_url(&self) -> String {
        format!("{}{BASE_PATH}", self.origin)
    }

    /// The URL of an app path: `url("/chat")` → `http://127.0.0.1:PORT/sign-in-with-openrouter/chat`.
    pub fn url(&self, app_path: &str) -> String {
        format!("{}{}", self.base_url(), app_path.trim_start_matches('/'))
    }

    /// The directory served.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// The content type GitHub Pages sends for a file name.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/javascript")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/manifest+json")
        || content_type.starts_with("application/xml")
        || content_type == "application/wasm"
        || content_type == "image/svg+xml"
        || content_type == "image/x-icon"
}

/// Whether `Accept-Encoding` allows gzip (present and not `q=0`).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    value.split(',').any(|part| {
        let mut bits = part.split(';').map(str::trim);
        let coding = bits.next().unwrap_or("");
        let q_zero = bits.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !q_zero
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What a request path resolves to.
enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

fn resolve(root: &Path, path: &str) -> Resolved {
    let base_no_slash = BASE_PATH.trim_end_matches('/');
    if path == base_no_slash {
        return Resolved::Redirect(BASE_PATH.to_string());
    }
    let Some(rest) = path.strip_prefix(BASE_PATH) else {
        return Resolved::NotFound;
    };
    let Some(rest) = percent_decode(rest) else {
        return Resolved::NotFound;
    };
    let relative = Path::new(&rest);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Resolved::NotFound;
    }
    let candidate = root.join(relative);
    if rest.is_empty() || rest.ends_with('/') {
        let index = candidate.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if candidate.is_file() {
        return Resolved::File(candidate);
    }
    if candidate.is_dir() {
        return Resolved::Redirect(format!("{path}/"));
    }
    let html = candidate.with_file_name(format!(
        "{}.html",
        candidate.file_name().and_then(|n| n.to_str()).unwrap_or("")
    ));
    if html.is_file() {
        return Resolved::File(html);
    }
    Resolved::NotFound
}

fn gzip(site: &Site, path: &Path, bytes: &[u8]) -> Arc<Vec<u8>> {
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let mut cache = site.gzip_cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((when, gz)) = cache.get(path) {
        if *when == modified {
            return gz.clone();
        }
    }
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(6));
    encoder.write_all(bytes).expect("gzip in memory");
    let gz = Arc::new(encoder.finish().expect("gzip in memory"));
    cache.insert(path.to_path_buf(), (modified, gz.clone()));
    gz
}

fn file_response(site: &Site, headers: &HeaderMap, status: StatusCode, path: &Path) -> Response {
    let Ok(bytes) = std::fs::read(path) else {
        return (StatusCode::NOT_FOUND, "Not Found").into_response();
    };
    let ctype = content_type(path);
    let mut response = if compressible(ctype) && accepts_gzip(headers) {
        let gz = gzip(site, path, &bytes);
        let mut r = (status, gz.as_ref().clone()).into_response();
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        (status, bytes).into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if compressible(ctype) {
        h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=600"),
    );
    response
}

async fn serve(State(site): State<Arc<Site>>, request: Request) -> Response {
    let headers = request.headers().clone();
    let path = request.uri().path().to_string();
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    site.requests
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(PageRequest {
            target: format!("{path}{query}"),
            referer: headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        });
    match resolve(&site.root, &path) {
        Resolved::File(file) => file_response(&site, &headers, StatusCode::OK, &file),
        Resolved::Redirect(to) => {
            let location = format!("{to}{query}");
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Resolved::NotFound => {
            let page = site.root.join("404.html");
            if page.is_file() {
                file_response(&site, &headers, StatusCode::NOT_FOUND, &page)
            } else {
                (
                    StatusCode::NOT_FOUND,
                    "404 Not Found (and the site has no 404.html)",
                )
                    .into_response()
            }
        }
    }
}
