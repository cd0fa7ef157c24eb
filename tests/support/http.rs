//! A minimal HTTP/1.1 client over a raw TCP stream, enough to check the stand-in and the Pages
//! server without a browser: one request per connection (`Connection: close`), chunked bodies
//! decoded, nothing decompressed, nothing normalised (so `..` in a path reaches the server as is).

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long one request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// An answer.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lowercased) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked but not decompressed.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON (`Value::Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// `host:port` of an `http://host:port` origin.
pub fn authority(origin: &str) -> &str {
    origin
        .trim_end_matches('/')
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("an http:// origin, not {origin}"))
}

/// Connects to `origin` and writes the request; the caller reads the answer as it arrives.
pub async fn send(
    origin: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> TcpStream {
    let host = authority(origin);
    let mut stream = TcpStream::connect(host)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {origin}: {e}"));
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream
        .write_all(head.as_bytes())
        .await
        .expect("write request");
    if let Some(body) = body {
        stream.write_all(body).await.expect("write body");
    }
    stream
}

/// Sends one request and reads the whole answer.
pub async fn request(
    origin: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> HttpResponse {
    let mut stream = send(origin, method, path, headers, body).await;
    tokio::time::timeout(REQUEST_TIMEOUT, read_response(&mut stream))
        .await
        .unwrap_or_else(|_| panic!("{method} {origin}{path} took longer than {REQUEST_TIMEOUT:?}"))
        .unwrap_or_else(|e| panic!("{method} {origin}{path}: {e}"))
}

/// Reads one answer: until its `Content-Length` is complete, its last chunk arrived, or the
/// server closed the connection (some servers, chromedriver among them, ignore
/// `Connection: close`).
pub async fn read_response(stream: &mut TcpStream) -> std::io::Result<HttpResponse> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buf).await?;
        raw.extend_from_slice(&buf[..n]);
        if n == 0 || is_complete(&raw) {
            break;
        }
    }
    parse(&raw).ok_or_else(|| {
        std::io::Error::other(format!(
            "not an HTTP answer: {:?}",
            String::from_utf8_lossy(&raw)
        ))
    })
}

/// Whether `raw` holds a whole answer (by `Content-Length` or a chunked body's last chunk).
pub fn is_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let Ok(head) = std::str::from_utf8(&raw[..split]) else {
        return false;
    };
    let body = &raw[split + 4..];
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        return body.len() >= len;
    }
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        return body.ends_with(b"0\r\n\r\n");
    }
    false
}

/// Parses a complete HTTP/1.1 answer.
pub fn parse(raw: &[u8]) -> Option<HttpResponse> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    Some(HttpResponse {
        status,
        headers,
        body,
    })
}

/// Decodes a chunked body (a body cut before its last chunk gives what arrived).
pub fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return Some(out);
        };
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        if rest.len() < size + 2 {
            return Some(out);
        }
        rest = &rest[size + 2..];
    }
}
