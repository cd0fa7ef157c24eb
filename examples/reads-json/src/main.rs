//! An example app, unchanged, that also reads and writes JSON with serde_json before it starts,
//! as an app that calls an API does (a typed answer read, a typed request written): its own
//! settings from the address's fragment (`#{"title":"…","visits":1}`), written back with one
//! more visit.

use serde::{Deserialize, Serialize};

/// The app: examples/sign-in with the `sign-in` feature, else its twin without the library.
#[cfg(feature = "sign-in")]
mod app {
    include!("../../sign-in/src/main.rs");

    pub fn run() {
        main();
    }
}

#[cfg(not(feature = "sign-in"))]
mod app {
    include!("../../no-sign-in/src/main.rs");

    pub fn run() {
        main();
    }
}

#[derive(Deserialize, Serialize)]
struct Settings {
    title: String,
    visits: u64,
}

fn main() {
    let window = web_sys::window().expect("a browser window");
    let location = window.location();
    let fragment = location.hash().unwrap_or_default();
    if let Ok(mut settings) = serde_json::from_str::<Settings>(fragment.trim_start_matches('#')) {
        settings.visits += 1;
        if let Ok(json) = serde_json::to_string(&settings) {
            let _ = location.set_hash(&json);
        }
    }
    app::run();
}
