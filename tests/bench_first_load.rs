//! Benchmark (not a test: `#[ignore]`, run by tools/bench.sh): this app's first load side by side
//! with the official React demo's production build, as a new visitor gets them. It prints
//! figures; it never fails on a time.
//!
//! - Both builds are served gzip from 127.0.0.1 under `/sign-in-with-openrouter/`, like GitHub
//!   Pages; every load is a fresh browser profile (nothing cached); one warm-up load of each,
//!   then `BENCH_LOADS` (default 9, at least 5) measured loads of each, alternating, so drift on
//!   this shared machine hits both alike.
//! - Two profiles: `local` (no throttling) and `phone` (CDP: 150 ms round trip, 1.6 Mbps down,
//!   750 kbps up, CPU 4× slower).
//! - For each load: the time from navigation start to the first enabled "Sign in with OpenRouter"
//!   button (a MutationObserver injected before any page script records `performance.now()` the
//!   moment such a button exists and is neither disabled, busy nor `aria-disabled`: a button
//!   that is only painted, not yet wired up, does not count); first contentful paint; the bytes on
//!   the wire (`transferSize` of the document and every resource).
//! - Medians, min and max, and the ratio of the medians (this app / the React demo).
//!
//! `BENCH_DIST` is this app's build (default `target/bench-dist`), `BENCH_REFERENCE_DIST` the
//! React demo's (default `../shared/reference/react-demo-dist`).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use serde_json::{json, Value};
use support::browser::Browser;
use support::pages_server::PagesServer;

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
    /// (latency ms, download bytes/s, upload bytes/s), or none.
    network: Option<(f64, f64, f64)>,
    cpu_slowdown: f64,
}

const PROFILES: [Profile; 2] = [
    Profile {
        name: "local",
        network: None,
        cpu_slowdown: 1.0,
    },
    Profile {
        name: "phone (150 ms RTT, 1.6 Mbps down, 750 kbps up, CPU 4x slower)",
        network: Some((150.0, 1_600_000.0 / 8.0, 750_000.0 / 8.0)),
        cpu_slowdown: 4.0,
    },
];

async fn one_load(url: &str, profile: Profile) -> Load {
    let browser = Browser::open().await;
    let cdp = browser.driver().cdp();
    cdp.send_raw(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": READY_PROBE }),
    )
    .await
    .expect("install the probe");
    if let Some((latency, down, up)) = profile.network {
        browser.throttle_network(latency, down, up).await;
    }
    if profile.cpu_slowdown > 1.0 {
        cdp.send_raw(
            "Emulation.setCPUThrottlingRate",
            json!({ "rate": profile.cpu_slowdown }),
        )
        .await
        .expect("throttle the CPU");
    }
    browser.goto(url).await;
    let ready_ms = browser
        .wait_for("an enabled sign-in button", async || {
            browser
                .try_exec::<Option<f64>>("return window.__buttonReadyMs ?? null;", vec![])
                .await
                .ok()
                .flatten()
        })
        .await;
    // This app's own code runs: until then a click on its prerendered button is kept (index.html)
    // and acted on at this moment. The React demo's button is its app's from the start.
    let app_ms = browser
        .wait_for("the app to run", async || {
            browser
                .try_exec::<Option<f64>>(
                    "return window.__appReadyMs ?? (document.getElementById('app') ? null : window.__buttonReadyMs) ?? null;",
                    vec![],
                )
                .await
                .ok()
                .flatten()
        })
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

fn report(profile: &str, ours: &[Load], react: &[Load]) {
    println!("profile {profile}: {} loads of each", ours.len());
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
        let (m, lo, hi) = stats(ours.iter().map(get).collect());
        let (rm, rlo, rhi) = stats(react.iter().map(get).collect());
        println!(
            "  {what}: this app median {m:.0} {unit} (min {lo:.0}, max {hi:.0}); React demo median \
             {rm:.0} {unit} (min {rlo:.0}, max {rhi:.0}); ratio {:.2}",
            m / rm
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with tools/bench.sh"]
async fn first_load_beside_the_react_demo() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dist = checked(
        std::env::var_os("BENCH_DIST")
            .map_or_else(|| manifest.join("target/bench-dist"), PathBuf::from),
        "run tools/bench.sh",
    );
    let reference = checked(
        std::env::var_os("BENCH_REFERENCE_DIST").map_or_else(
            || manifest.join("../shared/reference/react-demo-dist"),
            PathBuf::from,
        ),
        "set BENCH_REFERENCE_DIST to the React demo's production build",
    );
    let loads: usize = std::env::var("BENCH_LOADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(9)
        .max(5);
    let ours = PagesServer::start(&dist).await.expect("serve the build");
    let react = PagesServer::start(&reference)
        .await
        .expect("serve the React demo");
    println!(
        "this app: {}; React demo: {}",
        dist.display(),
        reference.display()
    );
    for profile in PROFILES {
        one_load(&ours.base_url(), profile).await;
        one_load(&react.base_url(), profile).await;
        let (mut mine, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..loads {
            mine.push(one_load(&ours.base_url(), profile).await);
            theirs.push(one_load(&react.base_url(), profile).await);
        }
        report(profile.name, &mine, &theirs);
    }
}
