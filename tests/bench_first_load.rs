//! Benchmark (not a test: `#[ignore]`, run by tools/bench.sh): this app's first load side by side
//! with the official React demo's production build, as a new visitor gets them. It prints
//! figures; it never fails on a time.
//!
//! - Both builds are served gzip from 127.0.0.1 under `/sign-in-with-openrouter/`, like GitHub
//!   Pages; every load is a fresh browser profile (nothing cached); one warm-up load of each,
//!   then `BENCH_LOADS` (default 9, at least 5) measured loads of each, alternating, so drift on
//!   this shared machine hits both alike.
//! - Two profiles: `local` (no throttling) and `phone` (CDP: 150 ms round trip, 1.6 Mbps down,
//!   750 kbps up, CPU 4× slower). On the phone profile a new connection to the OpenRouter
//!   stand-in also costs its handshakes, which CDP's throttling does not play: it answers its
//!   first request three round trips after it was opened (`support::connection_setup`), as a
//!   new HTTPS connection to openrouter.ai would. The Pages servers are not slowed so: GitHub
//!   Pages serves one HTTP/2 connection per visit, the local server HTTP/1.1 on several, and
//!   the first page's own handshakes cost both builds alike.
//! - For each load: the time from navigation start to the first enabled "Sign in with OpenRouter"
//!   button (a MutationObserver injected before any page script records `performance.now()` the
//!   moment such a button exists and is neither disabled, busy nor `aria-disabled`: a button
//!   that is only painted, not yet wired up, does not count); first contentful paint; the bytes on
//!   the wire (`transferSize` of the document and every resource).
//! - Time to OpenRouter, what a visitor feels, from loads of their own (alternating too): a
//!   script injected before any page script clicks the first enabled "Sign in with OpenRouter"
//!   button the instant it is in the DOM, and the clock stops at the browser's request for
//!   `/auth` (navigation start of the consent page plus its `fetchStart`, against the first
//!   page's navigation start, kept across the navigation in `window.name`). Both builds go to the
//!   local OpenRouter stand-in (`tests/support/stand_in.rs`): this app is built for it
//!   (`OPENROUTER_ORIGIN`, tools/bench.sh), and the React demo, whose bundle names
//!   `https://openrouter.ai/auth` outright, is served from a copy whose bundle names the
//!   stand-in's `/auth` instead (nothing else changes). The stand-in checks that each request is
//!   a valid S256 sign-in.
//! - What must arrive before a click on the button acts, gzip: the HTML and the wasm and JS the
//!   page loads first (this app's first module, `src/starter.rs`; the React demo's whole
//!   bundle), for both builds.
//! - Medians, min and max, and the ratio of the medians (this app / the React demo).
//!
//! `BENCH_DIST` is this app's build (default `target/bench-dist`, built with `OPENROUTER_ORIGIN`
//! = `E2E_OPENROUTER_ORIGIN`, default `http://127.0.0.1:17654`), `BENCH_REFERENCE_DIST` the
//! React demo's (default `../shared/reference/react-demo-dist`).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::browser::{Browser, Throttle, PHONE};
use support::pages_server::PagesServer;
use support::stand_in::{configured_origin, StandIn};

/// Clicks the first enabled sign-in button the instant it exists, and on the stand-in's consent
/// page, works out when the browser asked for it (`window.__toAuthMs`).
const CLICK_PROBE: &str = r#"(function () {
  if (/[?&]code=/.test(location.search)) {
    // Back from the consent page (this app's /callback?code=, the React demo's /?code=): when the
    // key is written to localStorage (window.__keyStoredMs), whoever writes it.
    var setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      setItem.call(this, key, value);
      if (key === "openrouter_api_key" && window.__keyStoredMs === undefined) {
        window.__keyStoredMs = performance.now();
      }
    };
    // And when this app says it is signed in (window.__signedInMs).
    var signedIn = new MutationObserver(function () {
      var status = document.querySelector("[data-testid=auth-status]");
      if (status && status.textContent === "Signed in") {
        window.__signedInMs = performance.now();
        signedIn.disconnect();
      }
    });
    signedIn.observe(document, { childList: true, subtree: true, characterData: true });
    return;
  }
  if (location.pathname === "/auth") {
    var from = parseFloat(String(window.name).replace(/^bench:/, ""));
    var nav = performance.getEntriesByType("navigation")[0];
    if (!isNaN(from) && nav) window.__toAuthMs = performance.timeOrigin + nav.fetchStart - from;
    return;
  }
  window.name = "bench:" + performance.timeOrigin;
  var done = false;
  function check() {
    if (done) return;
    var buttons = document.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var name = (b.textContent || "") + " " + (b.getAttribute("aria-label") || "");
      if (!b.disabled && b.getAttribute("aria-busy") !== "true" && b.getAttribute("aria-disabled") !== "true"
          && name.indexOf("Sign in with OpenRouter") >= 0) {
        done = true;
        observer.disconnect();
        b.click();
        return;
      }
    }
  }
  var observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();"#;

const READY_PROBE: &str = r#"(function () {
  function ready() {
    var buttons = document.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var name = (b.textContent || "") + " " + (b.getAttribute("aria-label") || "");
      if (!b.disabled && b.getAttribute("aria-busy") !== "true" && b.getAttribute("aria-disabled") !== "true"
          && name.indexOf("Sign in with OpenRouter") >= 0) {
        return true;
      }
    }
    return false;
  }
  function check() {
    if (window.__buttonReadyMs === undefined && ready()) {
      window.__buttonReadyMs = performance.now();
    }
    // The app runs (it marks <html data-ready> once its store is ready); the React demo has no
    // such mark, and for it the two times are the same.
    if (window.__appReadyMs === undefined && document.documentElement.hasAttribute("data-ready")) {
      window.__appReadyMs = performance.now();
    }
  }
  var observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();"#;

/// What one load measured, in milliseconds and bytes.
#[derive(Debug, Clone, Copy)]
struct Load {
    ready_ms: f64,
    app_ms: f64,
    fcp_ms: f64,
    bytes: f64,
}

/// A network and CPU profile.
#[derive(Debug, Clone, Copy)]
struct Profile {
    name: &'static str,
    /// None: the machine as it is.
    throttle: Option<Throttle>,
}

impl Profile {
    /// Makes the stand-in answer a new connection's first request as late as this profile's
    /// network would (its handshakes: `support::connection_setup`; none locally).
    fn connect_stand_in(&self, stand_in: &StandIn) {
        stand_in.set_new_connection_delay(
            self.throttle
                .map_or(std::time::Duration::ZERO, |t| t.new_connection_delay()),
        );
    }
}

const PROFILES: [Profile; 2] = [
    Profile {
        name: "local",
        throttle: None,
    },
    Profile {
        name: "phone (150 ms RTT, 1.6 Mbps down, 750 kbps up, CPU 4x slower)",
        throttle: Some(PHONE),
    },
];

async fn one_load(url: &str, profile: Profile) -> Load {
    let browser = fresh_browser(profile, READY_PROBE).await;
    browser.goto(url).await;
    let ready_ms = probed_ms(
        &browser,
        "an enabled sign-in button",
        "return window.__buttonReadyMs ?? null;",
    )
    .await;
    // This app's Yew app runs (its first module made the prerendered buttons work before). The
    // React demo's button is its app's from the start.
    let app_ms = probed_ms(
        &browser,
        "the app to run",
        "return window.__appReadyMs \
         ?? (document.getElementById('app') ? null : window.__buttonReadyMs) ?? null;",
    )
    .await;
    let (fcp_ms, bytes) = browser
        .wait_for("the first contentful paint", async || {
            let v: Value = browser
                .try_exec(
                    "const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                     if (!fcp) return null;
                     const nav = performance.getEntriesByType('navigation')[0];
                     let bytes = nav ? nav.transferSize : 0;
                     for (const r of performance.getEntriesByType('resource')) bytes += r.transferSize;
                     return [fcp.startTime, bytes];",
                    vec![],
                )
                .await
                .ok()?;
            Some((v[0].as_f64()?, v[1].as_f64()?))
        })
        .await;
    browser.close().await;
    Load {
        ready_ms,
        app_ms,
        fcp_ms,
        bytes,
    }
}

/// Waits until `script` (`return window.__…Ms ?? null;`) gives the number a probe recorded.
async fn probed_ms(browser: &Browser, what: &str, script: &str) -> f64 {
    browser
        .wait_for(what, async || {
            browser
                .try_exec::<Option<f64>>(script, vec![])
                .await
                .ok()
                .flatten()
        })
        .await
}

/// `BENCH_LOADS`: how many measured loads of each build (default 9, at least 5).
fn bench_loads() -> usize {
    std::env::var("BENCH_LOADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(9)
        .max(5)
}

/// `BENCH_DIST`, this app's build (default `target/bench-dist`).
fn bench_dist(manifest: &Path) -> PathBuf {
    checked(
        std::env::var_os("BENCH_DIST")
            .map_or_else(|| manifest.join("target/bench-dist"), PathBuf::from),
        "run tools/bench.sh",
    )
}

/// Opens a fresh browser with `profile`, with `probe` run before any script of every page.
async fn fresh_browser(profile: Profile, probe: &str) -> Browser {
    let browser = Browser::open().await;
    browser.run_before_every_page(probe).await;
    if let Some(throttle) = profile.throttle {
        browser.throttle(throttle).await;
    }
    browser
}

/// Time to OpenRouter: navigation start to the browser's request for the stand-in's `/auth`,
/// the first sign-in button clicked the instant it exists.
async fn time_to_openrouter(url: &str, profile: Profile) -> f64 {
    let browser = fresh_browser(profile, CLICK_PROBE).await;
    browser.goto(url).await;
    let ms = probed_ms(
        &browser,
        "the request for /auth",
        "return window.__toAuthMs ?? null;",
    )
    .await;
    browser.close().await;
    ms
}

/// The gzip -6 size of the wasm and JS `index.html` preloads or loads (the first module: what
/// must arrive before a click on the prerendered button acts).
fn first_module_gzip(dist: &Path) -> usize {
    let html = std::fs::read_to_string(dist.join("index.html")).expect("index.html");
    // The files a sign-in click fetches ahead for the return are not needed before it.
    let html = support::pages::without_return_files(&html);
    let mut names: Vec<String> = Vec::new();
    for piece in html.split(['"', '\'', ' ', '>', '(', ')', '=']) {
        // Named under the Pages base path (`/sign-in-with-openrouter/assets/index.js`).
        let name = piece
            .split_once("/sign-in-with-openrouter/")
            .map_or(piece, |(_, name)| name)
            .trim_start_matches("./");
        if (name.ends_with(".wasm") || name.ends_with(".js"))
            && dist.join(name).is_file()
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_string());
        }
    }
    names.iter().map(|name| gzip6(&dist.join(name))).sum()
}

/// The gzip -6 size of a file.
fn gzip6(file: &Path) -> usize {
    let bytes = std::fs::read(file).expect("a file of the build");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gz.write_all(&bytes).expect("gzip");
    gz.finish().expect("gzip").len()
}

/// A copy of the React demo's build (under `target/`) whose bundle asks the stand-in at
/// `origin` for `/auth` and the exchange (`/api/v1/auth/keys`) instead of
/// `https://openrouter.ai`.
fn react_pointed_at(reference: &Path, origin: &str, manifest: &Path) -> PathBuf {
    let copy = manifest.join("target/bench-react-demo");
    let _ = std::fs::remove_dir_all(&copy);
    let mut pointed = 0;
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        std::fs::create_dir_all(copy.join(&rel)).expect("copy the React demo");
        for entry in std::fs::read_dir(reference.join(&rel)).expect("read the React demo") {
            let entry = entry.expect("read the React demo");
            let name = rel.join(entry.file_name());
            if entry.file_type().expect("file type").is_dir() {
                stack.push(name);
                continue;
            }
            let bytes = std::fs::read(reference.join(&name)).expect("read the React demo");
            let bytes = match String::from_utf8(bytes) {
                Ok(text) if name.extension().is_some_and(|e| e == "js") => {
                    let mut text = text;
                    for url in ["/auth?", "/api/v1/auth/keys"] {
                        let theirs = format!("https://openrouter.ai{url}");
                        pointed += text.matches(&theirs).count();
                        text = text.replace(&theirs, &format!("{origin}{url}"));
                    }
                    text.into_bytes()
                }
                Ok(text) => text.into_bytes(),
                Err(e) => e.into_bytes(),
            };
            std::fs::write(copy.join(&name), bytes).expect("write the copy");
        }
    }
    assert_eq!(
        pointed, 2,
        "the React demo's bundle names https://openrouter.ai/auth? and its exchange once each"
    );
    copy
}

/// Median, min and max.
fn stats(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    (median, values[0], values[n - 1])
}

/// `dist` if it holds a build; otherwise the benchmark stops and says how to make one.
fn checked(dist: PathBuf, how: &str) -> PathBuf {
    assert!(
        dist.join("index.html").is_file(),
        "no build in {}: {how}",
        dist.display()
    );
    dist
}

/// A figure of the report: its name, how to read it from a load, its unit.
type Row = (&'static str, fn(&Load) -> f64, &'static str);

/// Prints one figure: medians, min, max and the ratio.
/// The return from OpenRouter: a sign-in started as in [`time_to_openrouter`], approved on the
/// stand-in's consent page; from the navigation to `/callback?code=` to the app saying
/// "Signed in" (the exchange with the stand-in included).
async fn time_to_signed_in(url: &str, profile: Profile) -> f64 {
    let browser = fresh_browser(profile, CLICK_PROBE).await;
    browser.goto(url).await;
    browser.wait_for_element("#authorize").await;
    browser.click("#authorize").await;
    let ms = probed_ms(
        &browser,
        "signed in after the callback",
        "return window.__signedInMs ?? null;",
    )
    .await;
    browser.close().await;
    ms
}

/// The return, as a visitor coming back from OpenRouter feels it: a sign-in started as in
/// [`time_to_openrouter`] (the verifier is pending in the tab), approved on the stand-in's
/// consent page, whose link opens the page with `?code=` (this app's `/callback`, the React
/// demo's `/`); from that navigation's start to the key written to localStorage (the exchange
/// with the stand-in included).
async fn time_to_key_stored(url: &str, profile: Profile) -> f64 {
    let browser = fresh_browser(profile, CLICK_PROBE).await;
    browser.goto(url).await;
    browser.wait_for_element("#authorize").await;
    browser.click("#authorize").await;
    let ms = probed_ms(
        &browser,
        "the key stored after the return",
        "return window.__keyStoredMs ?? null;",
    )
    .await;
    browser.close().await;
    ms
}

fn row(what: &str, ours: Vec<f64>, react: Vec<f64>, unit: &str) {
    let (m, lo, hi) = stats(ours);
    let (rm, rlo, rhi) = stats(react);
    println!(
        "  {what}: this app median {m:.0} {unit} (min {lo:.0}, max {hi:.0}); React demo median \
         {rm:.0} {unit} (min {rlo:.0}, max {rhi:.0}); ratio {:.2}",
        m / rm
    );
}

fn report(profile: &str, ours: &[Load], react: &[Load], to_auth: (Vec<f64>, Vec<f64>)) {
    println!("profile {profile}: {} loads of each", ours.len());
    row(
        "time to OpenRouter (click at once, to the request for /auth)",
        to_auth.0,
        to_auth.1,
        "ms",
    );
    let rows: [Row; 4] = [
        ("time to an enabled sign-in button", |l| l.ready_ms, "ms"),
        (
            "time until the app runs (a click acts at once)",
            |l| l.app_ms,
            "ms",
        ),
        ("first contentful paint", |l| l.fcp_ms, "ms"),
        ("bytes on the wire", |l| l.bytes / 1000.0, "KB"),
    ];
    for (what, get, unit) in rows {
        row(
            what,
            ours.iter().map(get).collect(),
            react.iter().map(get).collect(),
            unit,
        );
    }
}

/// Both builds side by side: this app's and the React demo's copy pointed at the stand-in, each
/// served like GitHub Pages, and the stand-in they sign in with.
struct SideBySide {
    dist: PathBuf,
    reference: PathBuf,
    react_dist: PathBuf,
    origin: String,
    stand_in: StandIn,
    ours: PagesServer,
    react: PagesServer,
}

impl SideBySide {
    async fn start() -> SideBySide {
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dist = bench_dist(&manifest);
        let reference = checked(
            std::env::var_os("BENCH_REFERENCE_DIST").map_or_else(
                || manifest.join("../shared/reference/react-demo-dist"),
                PathBuf::from,
            ),
            "set BENCH_REFERENCE_DIST to the React demo's production build",
        );
        let origin = configured_origin();
        let stand_in = StandIn::start(&origin)
            .await
            .expect("start the OpenRouter stand-in");
        let react_dist = react_pointed_at(&reference, &origin, &manifest);
        let ours = PagesServer::start(&dist).await.expect("serve the build");
        let react = PagesServer::start(&react_dist)
            .await
            .expect("serve the React demo");
        SideBySide {
            dist,
            reference,
            react_dist,
            origin,
            stand_in,
            ours,
            react,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with tools/bench.sh"]
async fn first_load_beside_the_react_demo() {
    let SideBySide {
        dist,
        reference,
        react_dist,
        origin,
        stand_in,
        ours,
        react,
    } = SideBySide::start().await;
    let loads = bench_loads();
    println!(
        "this app: {}; React demo: {} (its /auth pointed at {origin})",
        dist.display(),
        reference.display()
    );
    for (name, build) in [("this app", &dist), ("React demo", &react_dist)] {
        let (html, module) = (gzip6(&build.join("index.html")), first_module_gzip(build));
        println!(
            "  what must arrive before a click acts, gzip -6: {name} {} bytes (HTML {html}, wasm and JS the page loads first {module})",
            html + module
        );
    }
    for profile in PROFILES {
        profile.connect_stand_in(&stand_in);
        one_load(&ours.base_url(), profile).await;
        one_load(&react.base_url(), profile).await;
        time_to_openrouter(&ours.base_url(), profile).await;
        time_to_openrouter(&react.base_url(), profile).await;
        let (mut mine, mut theirs) = (Vec::new(), Vec::new());
        let (mut mine_to_auth, mut theirs_to_auth) = (Vec::new(), Vec::new());
        for _ in 0..loads {
            mine.push(one_load(&ours.base_url(), profile).await);
            theirs.push(one_load(&react.base_url(), profile).await);
            mine_to_auth.push(time_to_openrouter(&ours.base_url(), profile).await);
            theirs_to_auth.push(time_to_openrouter(&react.base_url(), profile).await);
        }
        report(profile.name, &mine, &theirs, (mine_to_auth, theirs_to_auth));
    }
    // Every click reached the consent page as a valid S256 sign-in, from both builds.
    let visits = stand_in.state().authorize_visits.clone();
    let valid = visits
        .iter()
        .filter(|v| v.code_challenge_method.as_deref() == Some("S256") && v.issued_code.is_some())
        .count();
    println!(
        "  requests for /auth: {} ({valid} valid S256 sign-ins)",
        visits.len()
    );
}

/// The return from OpenRouter to the key stored, this app beside the React demo (its copy
/// pointed at the stand-in for `/auth` and the exchange), loads alternating, both profiles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with tools/bench.sh"]
async fn the_return_beside_the_react_demo() {
    let SideBySide {
        stand_in,
        ours,
        react,
        ..
    } = SideBySide::start().await;
    let loads = bench_loads();
    for profile in PROFILES {
        profile.connect_stand_in(&stand_in);
        time_to_key_stored(&ours.base_url(), profile).await;
        time_to_key_stored(&react.base_url(), profile).await;
        let (mut mine, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..loads {
            mine.push(time_to_key_stored(&ours.base_url(), profile).await);
            theirs.push(time_to_key_stored(&react.base_url(), profile).await);
        }
        println!("profile {}", profile.name);
        row("the return: ?code= to the key stored", mine, theirs, "ms");
    }
    // Every return was a valid exchange with the stand-in, from both builds.
    let exchanges = stand_in.state().exchanges.clone();
    let good = exchanges
        .iter()
        .filter(|e| e.verifier_matches && e.status == 200)
        .count();
    println!(
        "  exchanges: {} ({good} with a matching verifier, answered 200)",
        exchanges.len()
    );
}

/// The return from OpenRouter to "Signed in" (this app only: the React demo's copy exchanges with
/// openrouter.ai, out of reach here), this build beside an earlier one (`BENCH_BEFORE_DIST`, a
/// release build of another commit for the same stand-in), loads alternating.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with tools/bench.sh"]
async fn return_from_openrouter_beside_an_earlier_build() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dist = bench_dist(&manifest);
    let Some(before) = std::env::var_os("BENCH_BEFORE_DIST").map(PathBuf::from) else {
        println!("  (BENCH_BEFORE_DIST not set: no earlier build to compare the return with)");
        return;
    };
    let before = checked(
        before,
        "BENCH_BEFORE_DIST: a release build of an earlier commit",
    );
    let loads = bench_loads();
    let stand_in = StandIn::start(&configured_origin())
        .await
        .expect("start the OpenRouter stand-in");
    let now = PagesServer::start(&dist).await.expect("serve the build");
    let then = PagesServer::start(&before)
        .await
        .expect("serve the earlier build");
    println!(
        "this build: {}; earlier: {}",
        dist.display(),
        before.display()
    );
    for profile in PROFILES {
        profile.connect_stand_in(&stand_in);
        time_to_signed_in(&now.base_url(), profile).await;
        time_to_signed_in(&then.base_url(), profile).await;
        let (mut mine, mut earlier) = (Vec::new(), Vec::new());
        for _ in 0..loads {
            mine.push(time_to_signed_in(&now.base_url(), profile).await);
            earlier.push(time_to_signed_in(&then.base_url(), profile).await);
        }
        let ((m, lo, hi), (em, elo, ehi)) = (stats(mine), stats(earlier));
        println!(
            "profile {}: /callback?code= to signed in: this build median {m:.0} ms (min {lo:.0}, \
             max {hi:.0}); earlier build median {em:.0} ms (min {elo:.0}, max {ehi:.0}); ratio {:.2}",
            profile.name,
            m / em
        );
    }
}
