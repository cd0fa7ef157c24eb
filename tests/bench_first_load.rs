//! Benchmark (not a test: `#[ignore]`, run by tools/bench.sh): milliseconds from navigation start
//! until the first enabled "Sign in with OpenRouter" button is in the DOM, on a first load of the
//! home page served gzip from 127.0.0.1 like GitHub Pages. Each load gets a fresh browser profile
//! (nothing cached); one warm-up load, then `BENCH_LOADS` (default 15, at least 7) measured loads.
//!
//! Load times on a shared 2-core machine drift by tens of milliseconds from minute to minute, so
//! two builds are only comparable in the same run: with `BENCH_BASELINE_DIST` set to another
//! build, loads of the two alternate and both are reported.
//!
//! The probe is injected before any page script (CDP `Page.addScriptToEvaluateOnNewDocument`):
//! a MutationObserver that records `performance.now()` (which counts from navigation start) the
//! moment such a button exists and is neither disabled nor busy.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use serde_json::json;
use support::browser::Browser;
use support::pages_server::PagesServer;

const READY_PROBE: &str = r#"(function () {
  function ready() {
    var buttons = document.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var name = (b.textContent || "") + " " + (b.getAttribute("aria-label") || "");
      if (!b.disabled && b.getAttribute("aria-busy") !== "true" && name.indexOf("Sign in with OpenRouter") >= 0) {
        return true;
      }
    }
    return false;
  }
  var observer = new MutationObserver(function () {
    if (window.__buttonReadyMs === undefined && ready()) {
      window.__buttonReadyMs = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();"#;

async fn one_load(url: &str) -> f64 {
    let browser = Browser::open().await;
    browser
        .driver()
        .cdp()
        .send_raw(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": READY_PROBE }),
        )
        .await
        .expect("install the probe");
    browser.goto(url).await;
    let ms = browser
        .wait_for("an enabled sign-in button", async || {
            browser
                .try_exec::<Option<f64>>("return window.__buttonReadyMs ?? null;", vec![])
                .await
                .ok()
                .flatten()
        })
        .await;
    browser.close().await;
    ms
}

fn summary(label: &str, mut times: Vec<f64>, warm_up: f64) -> String {
    times.sort_by(f64::total_cmp);
    let n = times.len();
    let median = if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2.0
    };
    format!(
        "time to an enabled \"Sign in with OpenRouter\" button{label} ({n} fresh loads after a warm-up of {warm_up:.0} ms, gzip from 127.0.0.1): \
         median {median:.0} ms, min {:.0} ms, max {:.0} ms",
        times[0],
        times[n - 1]
    )
}

/// `dist` if it holds a build; otherwise the benchmark stops and says how to make one.
fn checked(dist: PathBuf) -> PathBuf {
    assert!(
        dist.join("index.html").is_file(),
        "no build in {}: run tools/bench.sh",
        dist.display()
    );
    dist
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with tools/bench.sh"]
async fn time_to_enabled_sign_in_button() {
    let dist = checked(std::env::var_os("BENCH_DIST").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-dist"),
        PathBuf::from,
    ));
    let baseline = std::env::var_os("BENCH_BASELINE_DIST").map(|d| checked(PathBuf::from(d)));
    let loads: usize = std::env::var("BENCH_LOADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(15)
        .max(7);
    let pages = PagesServer::start(&dist).await.expect("serve the build");
    let url = pages.base_url();
    let base_pages = match &baseline {
        Some(b) => Some(PagesServer::start(b).await.expect("serve the baseline")),
        None => None,
    };
    let base_url = base_pages.as_ref().map(|p| p.base_url());
    let warm_up = one_load(&url).await;
    let base_warm_up = match &base_url {
        Some(u) => one_load(u).await,
        None => 0.0,
    };
    let (mut times, mut base_times) = (Vec::with_capacity(loads), Vec::with_capacity(loads));
    for _ in 0..loads {
        times.push(one_load(&url).await);
        if let Some(u) = &base_url {
            base_times.push(one_load(u).await);
        }
    }
    println!("{}", summary("", times, warm_up));
    if let Some(b) = baseline {
        println!(
            "{}",
            summary(
                &format!(" [baseline {}]", b.display()),
                base_times,
                base_warm_up
            )
        );
    }
}
