//! Headless Chromium driven through chromedriver (thirtyfour), with helpers that wait for a
//! condition (bounded, with a clear message and a screenshot on timeout) instead of sleeping.
//!
//! Each [`Browser`] has its own chromedriver on a free port and its own fresh profile
//! (`--user-data-dir`), so tests never share storage. On drop the session is quit, chromedriver
//! is killed and the profile removed, also when the test panicked.
//!
//! Every page the browser opens (in every window opened through [`Browser::open_window`]) reports
//! Content-Security-Policy violations to the console, where [`Browser::csp_violations`] finds them.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use thirtyfour::prelude::*;
use thirtyfour::{BrowserLogEntry, LoggingPrefsLogLevel};
use tokio::io::AsyncWriteExt;
use tokio::process::{Child, Command};

/// Replaces the text of `input` by typing, as a person would (select all, delete, type).
pub async fn replace_text(input: &WebElement, text: &str) {
    input
        .send_keys(Key::Control + "a")
        .await
        .expect("select all");
    input.send_keys(Key::Backspace).await.expect("clear");
    if !text.is_empty() {
        input.send_keys(text).await.expect("type");
    }
}

/// Where screenshots and chromedriver logs go (git-ignored).
pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("artifacts")
}

/// How long a wait lasts before it fails: `E2E_TIMEOUT_SECS`, default 20 s.
pub fn default_timeout() -> Duration {
    let secs = std::env::var("E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

/// How often a wait checks its condition.
pub const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// The chromedriver binary: `CHROMEDRIVER`, default `/usr/bin/chromedriver`.
pub fn chromedriver_path() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

/// The browser binary: `CHROMIUM`, default `/usr/bin/chromium`.
pub fn chromium_path() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// The console marker of the violation reporter below.
pub const CSP_MARKER: &str = "E2E-CSP-VIOLATION";

/// Installed in every document before its own scripts: reports CSP violations to the console.
const CSP_REPORTER: &str = r#"document.addEventListener('securitypolicyviolation', function (e) {
  console.error('E2E-CSP-VIOLATION ' + JSON.stringify({
    directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample, page: location.href }));
}, true);"#;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A chromedriver process on a free port of 127.0.0.1, killed on drop.
pub struct Chromedriver {
    child: Child,
    port: u16,
    url: String,
    log: PathBuf,
}

impl Chromedriver {
    /// Starts chromedriver and waits until `/status` says it is ready.
    pub async fn start() -> Chromedriver {
        let binary = chromedriver_path();
        assert!(
            Path::new(&binary).exists(),
            "chromedriver not found at {binary}: run `tools/setup.sh --browser` or set CHROMEDRIVER"
        );
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port().await;
            let log = artifacts_dir().join(format!("{}.chromedriver.log", unique("cd")));
            let _ = std::fs::create_dir_all(artifacts_dir());
            let mut child = Command::new(&binary)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .kill_on_drop(true)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
            let url = format!("http://127.0.0.1:{port}");
            let deadline = Instant::now() + Duration::from_secs(15);
            while Instant::now() < deadline {
                if let Ok(Some(status)) = child.try_wait() {
                    last_error =
                        format!("chromedriver exited with {status} (log: {})", log.display());
                    break;
                }
                match http_get(port, "/status").await {
                    Ok(body)
                        if body.contains("\"ready\":true") || body.contains("\"ready\": true") =>
                    {
                        return Chromedriver {
                            child,
                            port,
                            url,
                            log,
                        };
                    }
                    Ok(body) => last_error = format!("chromedriver not ready: {body}"),
                    Err(e) => last_error = format!("chromedriver /status: {e}"),
                }
                tokio::time::sleep(POLL_INTERVAL).await;
            }
            let _ = child.start_kill();
        }
        panic!("chromedriver did not become ready: {last_error}");
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Ends a session without an async runtime (used from `Drop`, also while a test panics):
    /// `DELETE /session/{id}`, which closes its Chromium.
    fn delete_session_blocking(&self, session_id: &str) {
        use std::io::{Read, Write};
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], self.port));
        let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2))
        else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(15)));
        let request = format!(
            "DELETE /session/{session_id} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n\r\n",
            self.port
        );
        if stream.write_all(request.as_bytes()).is_err() {
            return;
        }
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buf) {
            raw.extend_from_slice(&buf[..n]);
            if n == 0 || super::http::is_complete(&raw) {
                break;
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // thirtyfour's own fallback teardown can hang for its whole request timeout (120 s) when
        // dropped during a panic; end the session directly instead.
        if let Some(driver) = self.driver.take() {
            let session_id = driver.session_id().to_string();
            let _ = driver.leak();
            self.chromedriver.delete_session_blocking(&session_id);
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        // Keep chromedriver's log only when the test failed.
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

async fn free_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    listener.local_addr().expect("local addr").port()
}

/// `GET` on 127.0.0.1:`port`, returning the body.
async fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let origin = format!("http://127.0.0.1:{port}");
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let answer = tokio::time::timeout(
        Duration::from_secs(5),
        super::http::read_response(&mut stream),
    )
    .await
    .map_err(|_| std::io::Error::other(format!("{origin}{path}: timeout")))??;
    Ok(answer.text())
}

/// A fresh Chromium profile directory, removed on drop.
struct ProfileDir(PathBuf);

impl Drop for ProfileDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// How to open a browser.
#[derive(Debug, Clone)]
pub struct BrowserOptions {
    /// Window width in CSS pixels.
    pub width: u32,
    /// Window height in CSS pixels.
    pub height: u32,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
            width: 1280,
            height: 900,
        }
    }
}

/// One headless Chromium session with its own chromedriver and profile.
pub struct Browser {
    // Field order is drop order: the session ends (see `Drop`) before chromedriver dies, then the
    // profile goes. `None` once closed.
    driver: Option<WebDriver>,
    name: String,
    log: Mutex<Vec<BrowserLogEntry>>,
    timeout: Duration,
    chromedriver: Chromedriver,
    _profile: ProfileDir,
}

/// A network and CPU profile for [`Browser::throttle`].
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    /// Round trip in ms, download and upload in bytes per second.
    pub network: (f64, f64, f64),
    /// How many times slower the CPU runs.
    pub cpu_slowdown: f64,
}

/// The phone profile of the benchmarks and the journeys on a phone's network: 150 ms round trip,
/// 1.6 Mbps down, 750 kbps up, the CPU 4x slower.
pub const PHONE: Throttle = Throttle {
    network: (150.0, 1_600_000.0 / 8.0, 750_000.0 / 8.0),
    cpu_slowdown: 4.0,
};

impl Throttle {
    /// How long after it was opened a new HTTPS connection on this network answers its first
    /// request: TCP's handshake, TLS 1.3's, then the request's own round trip
    /// ([`super::connection_setup`]).
    pub fn new_connection_delay(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(3.0 * self.network.0 / 1000.0)
    }
}

impl Browser {
    /// Opens a browser with the default window size (1280×900).
    pub async fn open() -> Browser {
        Browser::open_with(BrowserOptions::default()).await
    }

    /// Opens a browser with the given options. Screenshots and failure reports are named after
    /// the current thread (the test's name under `cargo test`).
    pub async fn open_with(options: BrowserOptions) -> Browser {
        let binary = chromium_path();
        assert!(
            Path::new(&binary).exists(),
            "Chromium not found at {binary}: run `tools/setup.sh --browser` or set CHROMIUM"
        );
        let name = sanitize(std::thread::current().name().unwrap_or("e2e"));
        let chromedriver = Chromedriver::start().await;
        let profile = ProfileDir(std::env::temp_dir().join(unique("e2e-chromium-profile")));
        std::fs::create_dir_all(&profile.0).expect("profile dir");

        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&binary).expect("binary");
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            // Background windows must keep running timers and rendering (the sync tests).
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
        ] {
            caps.add_arg(arg).expect("arg");
        }
        caps.add_arg(&format!(
            "--window-size={},{}",
            options.width, options.height
        ))
        .expect("arg");
        caps.add_arg(&format!("--user-data-dir={}", profile.0.display()))
            .expect("arg");
        caps.set_browser_log_level(LoggingPrefsLogLevel::All)
            .expect("logging prefs");

        let driver = WebDriver::new(chromedriver.url(), caps)
            .await
            .unwrap_or_else(|e| panic!("cannot open a Chromium session ({binary}): {e}"));
        let browser = Browser {
            driver: Some(driver),
            name,
            log: Mutex::new(Vec::new()),
            timeout: default_timeout(),
            chromedriver,
            _profile: profile,
        };
        browser
            .driver()
            .set_window_rect(0, 0, options.width, options.height)
            .await
            .expect("window size");
        browser.run_before_every_page(CSP_REPORTER).await;
        browser
    }

    /// Runs the script `source` in every page the current window loads from now on, before the
    /// page's own scripts (the DevTools protocol's `Page.addScriptToEvaluateOnNewDocument`; a
    /// window opened later needs it again).
    pub async fn run_before_every_page(&self, source: &str) {
        self.driver()
            .cdp()
            .send_raw(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": source }),
            )
            .await
            .expect("cdp Page.addScriptToEvaluateOnNewDocument");
    }

    /// The thirtyfour session, for anything the helpers do not cover.
    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("the browser is open")
    }

    /// Quits the session now (dropping does it too, blocking).
    pub async fn close(mut self) {
        if let Some(driver) = self.driver.take() {
            let _ = driver.quit().await;
        }
    }

    /// Loads `url` (waits for the load event, not for the app to render).
    pub async fn goto(&self, url: &str) {
        if let Err(e) = self.driver().goto(url).await {
            self.fail(&format!("could not load {url}: {e}")).await;
        }
    }

    /// Reloads the page.
    pub async fn reload(&self) {
        if let Err(e) = self.driver().refresh().await {
            self.fail(&format!("could not reload: {e}")).await;
        }
    }

    /// The address bar.
    pub async fn current_url(&self) -> String {
        match self.driver().current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => self.fail(&format!("could not read the URL: {e}")).await,
        }
    }

    /// Runs `script` (a function body; `arguments[i]` are `args`) and converts its result.
    pub async fn exec<T: DeserializeOwned>(&self, script: &str, args: Vec<Value>) -> T {
        match self.try_exec(script, args).await {
            Ok(v) => v,
            Err(e) => self.fail(&format!("script failed: {e}\n{script}")).await,
        }
    }

    /// Like [`Browser::exec`], returning the error instead of failing the test.
    pub async fn try_exec<T: DeserializeOwned>(
        &self,
        script: &str,
        args: Vec<Value>,
    ) -> Result<T, String> {
        let ret = self
            .driver()
            .execute(script, args)
            .await
            .map_err(|e| e.to_string())?;
        serde_json::from_value(ret.json().clone()).map_err(|e| format!("{e}: {}", ret.json()))
    }

    /// Makes every request whose URL matches one of `patterns` (`*` wildcards) fail as a
    /// network error, through the DevTools protocol; an empty list lifts the block.
    pub async fn block_urls(&self, patterns: &[&str]) {
        self.network("Network.setBlockedURLs", json!({ "urls": patterns }))
            .await;
    }

    /// Sends a command of the DevTools protocol's Network domain, enabling the domain first.
    async fn network(&self, method: &str, params: Value) {
        let cdp = self.driver().cdp();
        cdp.send_raw("Network.enable", json!({}))
            .await
            .expect("cdp Network.enable");
        cdp.send_raw(method, params)
            .await
            .unwrap_or_else(|e| panic!("cdp {method}: {e}"));
    }

    /// `localStorage.getItem(key)` on the current page's origin.
    pub async fn local_storage(&self, key: &str) -> Option<String> {
        self.exec(
            "return window.localStorage.getItem(arguments[0]);",
            vec![json!(key)],
        )
        .await
    }

    /// `localStorage.setItem(key, value)`.
    pub async fn set_local_storage(&self, key: &str, value: &str) {
        self.exec::<Value>(
            "window.localStorage.setItem(arguments[0], arguments[1]); return null;",
            vec![json!(key), json!(value)],
        )
        .await;
    }

    /// `sessionStorage.getItem(key)` on the current page's origin.
    pub async fn session_storage(&self, key: &str) -> Option<String> {
        self.exec(
            "return window.sessionStorage.getItem(arguments[0]);",
            vec![json!(key)],
        )
        .await
    }

    /// Waits until `check` returns `Some`, polling every [`POLL_INTERVAL`], for at most the
    /// default timeout; then fails the test with `what`, the URL, the page text and a screenshot.
    pub async fn wait_for<T>(&self, what: &str, check: impl AsyncFnMut() -> Option<T>) -> T {
        self.wait_for_within(what, self.timeout, check).await
    }

    /// [`Browser::wait_for`] with an explicit timeout.
    pub async fn wait_for_within<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl AsyncFnMut() -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(v) = check().await {
                return v;
            }
            if Instant::now() >= deadline {
                self.fail(&format!("timed out after {timeout:?} waiting for {what}"))
                    .await;
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// The first element matching `css` whose visible text contains `text` (whitespace
    /// collapsed), if any right now.
    pub async fn find_with_text(&self, css: &str, text: &str) -> Option<WebElement> {
        let script = r#"
            const norm = s => (s || '').replace(/\s+/g, ' ').trim();
            const want = norm(arguments[1]);
            return Array.from(document.querySelectorAll(arguments[0]))
                .find(e => norm(e.innerText).includes(want)) || null;"#;
        let ret = self
            .driver()
            .execute(script, vec![json!(css), json!(text)])
            .await
            .ok()?;
        ret.element().ok()
    }

    /// Waits for an element matching `css` whose visible text contains `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> WebElement {
        self.wait_for(&format!("`{css}` containing {text:?}"), async || {
            self.find_with_text(css, text).await
        })
        .await
    }

    /// The visible text of the first element matching `css`, whitespace collapsed.
    pub async fn text_of(&self, css: &str) -> Option<String> {
        let script = r#"
            const e = document.querySelector(arguments[0]);
            return e ? (e.innerText || '').replace(/\s+/g, ' ').trim() : null;"#;
        self.try_exec::<Option<String>>(script, vec![json!(css)])
            .await
            .ok()
            .flatten()
    }

    /// Waits until the first element matching `css` has exactly `text` (whitespace collapsed).
    pub async fn wait_for_exact_text(&self, css: &str, text: &str) {
        self.wait_for(&format!("`{css}` to read exactly {text:?}"), async || {
            (self.text_of(css).await.as_deref() == Some(text)).then_some(())
        })
        .await
    }

    /// Waits until an element matching `css` exists.
    pub async fn wait_for_element(&self, css: &str) -> WebElement {
        self.wait_for(&format!("an element `{css}`"), async || {
            self.driver().find(By::Css(css)).await.ok()
        })
        .await
    }

    /// Waits until no element matching `css` exists.
    pub async fn wait_for_no_element(&self, css: &str) {
        self.wait_for(&format!("no element `{css}`"), async || {
            match self.driver().find_all(By::Css(css)).await {
                Ok(found) if found.is_empty() => Some(()),
                _ => None,
            }
        })
        .await
    }

    /// Waits for a visible, enabled, not busy `<button>` whose text is exactly `label`.
    pub async fn wait_for_button(&self, label: &str) -> WebElement {
        self.wait_for_button_in("body", label).await
    }

    /// [`Browser::wait_for_button`] inside the first element matching `scope`.
    pub async fn wait_for_button_in(&self, scope: &str, label: &str) -> WebElement {
        let script = r#"
            const norm = s => (s || '').replace(/\s+/g, ' ').trim();
            const scope = document.querySelector(arguments[0]);
            if (!scope) return null;
            return Array.from(scope.querySelectorAll('button'))
                .find(b => norm(b.innerText) === arguments[1] && !b.disabled
                           && b.getAttribute('aria-busy') !== 'true'
                           && b.getClientRects().length > 0) || null;"#;
        self.wait_for(&format!("a button {label:?} in `{scope}`"), async || {
            let ret = self
                .driver()
                .execute(script, vec![json!(scope), json!(label)])
                .await
                .ok()?;
            ret.element().ok()
        })
        .await
    }

    /// Waits for the button `label` and clicks it (retrying if the app re-renders it meanwhile).
    pub async fn click_button(&self, label: &str) {
        self.click_button_in("body", label).await
    }

    /// [`Browser::click_button`] inside the first element matching `scope`.
    pub async fn click_button_in(&self, scope: &str, label: &str) {
        self.wait_for(
            &format!("a clickable button {label:?} in `{scope}`"),
            async || {
                let button = self.wait_for_button_in(scope, label).await;
                button.click().await.ok()
            },
        )
        .await
    }

    /// Waits for an element matching `css` and clicks it.
    pub async fn click(&self, css: &str) {
        self.wait_for(&format!("a clickable `{css}`"), async || {
            let element = self.driver().find(By::Css(css)).await.ok()?;
            element.click().await.ok()
        })
        .await
    }

    /// Waits until the URL satisfies `accept`, and returns it.
    pub async fn wait_for_url(&self, what: &str, accept: impl Fn(&str) -> bool) -> String {
        self.wait_for(&format!("the URL to be {what}"), async || {
            let url = self.driver().current_url().await.ok()?.to_string();
            accept(&url).then_some(url)
        })
        .await
    }

    /// Waits until the URL is exactly `url`.
    pub async fn wait_for_url_eq(&self, url: &str) -> String {
        self.wait_for_url(url, |u| u == url).await
    }

    /// Opens a new window, switches to it and installs the CSP reporter there. Returns its handle.
    pub async fn open_window(&self) -> WindowHandle {
        let handle = self.driver().new_window().await.expect("a new window");
        self.switch_to(&handle).await;
        self.run_before_every_page(CSP_REPORTER).await;
        handle
    }

    /// The current window's handle.
    pub async fn window(&self) -> WindowHandle {
        self.driver().window().await.expect("the current window")
    }

    /// Makes `handle` the window the next commands act on.
    pub async fn switch_to(&self, handle: &WindowHandle) {
        self.driver()
            .switch_to_window(handle.clone())
            .await
            .expect("switch window");
    }

    /// Every console entry so far (drained from chromedriver and kept here).
    pub async fn console_log(&self) -> Vec<BrowserLogEntry> {
        let fresh = self.driver().browser_log().await.unwrap_or_default();
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        log.extend(fresh);
        log.clone()
    }

    /// Console entries that are errors (an uncaught exception, a wasm trap, a resource that
    /// failed), but for the 404 status of a not-found page itself.
    pub async fn console_errors(&self) -> Vec<String> {
        self.console_log()
            .await
            .into_iter()
            .filter(|e| format!("{:?}", e.level).to_uppercase().contains("SEVERE"))
            .map(|e| e.message)
            .filter(|m| !m.contains("status of 404"))
            .collect()
    }

    /// Throttles the network from now on (CDP): `latency_ms` round trip, `download` and
    /// `upload` in bytes per second (`-1`: not throttled).
    pub async fn throttle_network(&self, latency_ms: f64, download: f64, upload: f64) {
        self.network(
            "Network.emulateNetworkConditions",
            json!({ "offline": false, "latency": latency_ms,
                    "downloadThroughput": download, "uploadThroughput": upload }),
        )
        .await;
    }

    /// Throttles the network and the CPU from now on, as `throttle` says (CDP).
    pub async fn throttle(&self, throttle: Throttle) {
        let (latency_ms, download, upload) = throttle.network;
        self.throttle_network(latency_ms, download, upload).await;
        self.driver()
            .cdp()
            .send_raw(
                "Emulation.setCPUThrottlingRate",
                json!({ "rate": throttle.cpu_slowdown }),
            )
            .await
            .expect("throttle the CPU");
    }

    /// Stops using the HTTP cache from now on (CDP), so every file the page needs is requested
    /// again, as on a visitor's first visit.
    pub async fn disable_cache(&self) {
        self.network("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
            .await;
    }

    /// Console entries that report a CSP violation (from the injected reporter or Chromium's
    /// own "violates the following Content Security Policy directive" message).
    pub async fn csp_violations(&self) -> Vec<String> {
        self.console_log()
            .await
            .into_iter()
            .map(|e| e.message)
            .filter(|m| {
                m.contains(CSP_MARKER)
                    || m.contains("violates the following Content Security Policy")
            })
            .collect()
    }

    /// Saves a screenshot of the current window as `tests/artifacts/<test>-<label>.png`.
    pub async fn screenshot(&self, label: &str) -> PathBuf {
        let dir = artifacts_dir();
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{}-{}.png", self.name, sanitize(label)));
        let _ = self.driver().screenshot(&path).await;
        path
    }

    /// Fails the test with `message` and what the page showed: URL, text, console, screenshot.
    pub async fn fail(&self, message: &str) -> ! {
        let url = self
            .driver()
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_else(|e| format!("(unknown: {e})"));
        let text: String = self
            .try_exec::<Option<String>>(
                "return document.body ? document.body.innerText : null;",
                vec![],
            )
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
            .chars()
            .take(1500)
            .collect();
        let console: Vec<String> = self
            .console_log()
            .await
            .iter()
            .rev()
            .take(15)
            .rev()
            .map(|e| format!("  [{}] {}", e.level, e.message))
            .collect();
        let shot = self.screenshot("failure").await;
        panic!(
            "{message}\n  URL: {url}\n  page text: {text:?}\n  console (last 15):\n{}\n  screenshot: {}",
            console.join("\n"),
            shot.display()
        );
    }
}
