//! Benchmark (not a test: `#[ignore]`, run by tools/bench.sh): milliseconds from navigation start
//! until the first enabled "Sign in with OpenRouter" button is in the DOM, on a first load of the
//! home page served gzip from 127.0.0.1 like GitHub Pages. Each load gets a fresh browser profile
//! (nothing cached); one warm-up load, then `BENCH_LOADS` (default 9, at least 7) measured loads.
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with tools/bench.sh"]
async fn time_to_enabled_sign_in_button() {
    let dist = std::env::var_os("BENCH_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no build in {}: run tools/bench.sh",
        dist.display()
    );
    let loads: usize = std::env::var("BENCH_LOADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(9)
        .max(7);
    let pages = PagesServer::start(&dist).await.expect("serve the build");
    let url = pages.base_url();
    let warm_up = one_load(&url).await;
    let mut times = Vec::with_capacity(loads);
    for _ in 0..loads {
        times.push(one_load(&url).await);
    }
    times.sort_by(f64::total_cmp);
    let median = if loads % 2 == 1 {
        times[loads / 2]
    } else {
        (times[loads / 2 - 1] + times[loads / 2]) / 2.0
    };
    println!(
        "time to an enabled \"Sign in with OpenRouter\" button ({loads} fresh loads after a warm-up of {warm_up:.0} ms, gzip from 127.0.0.1): \
         median {median:.0} ms, min {:.0} ms, max {:.0} ms",
        times[0],
        times[loads - 1]
    );
}
