//! The release build's step after `trunk build --release`: from trunk's one wasm and page to
//! the site GitHub Pages serves. Native only; tools/release.sh runs it, on the stable toolchain:
//!
//! `cargo run --bin release-step -- DIST`
//!
//! 1. The wasm modules (`wasm`): wasm-split-cli cuts the wasm cargo built into the main module
//!    and a chunk per split point (`split_point!`, src/lazy.rs, compiled as split points because
//!    tools/release-env.sh sets `--cfg wasm_split`; code several of them use becomes more chunks);
//!    wasm-bindgen binds the main module, wasm-opt `-Oz` shrinks every module, and the chunks and
//!    their loader get content-hashed names, so a cached loader never meets a newer chunk. The
//!    loader tells which chunk files each split point loads.
//! 2. esbuild minifies every JS file: wasm-bindgen's glue and the loader (trunk's own minifier
//!    fails on the glue).
//! 3. Trunk's page (`shell`): the integrity of every file that changed, the loader preloaded
//!    beside the glue that imports it, the app's stylesheet (assets/app.css, minified by trunk)
//!    inside the page, so the first paint needs no second round trip.
//! 4. Every route's page (`prerender`, `PAGES`), rendered with Yew's server renderer and
//!    hydrated by the app: in `<head>`, after `<meta charset>`, the Content-Security-Policy
//!    (`csp`: the hashes of the inline scripts and of every `<style>` the page carries and of
//!    the chat's stylesheet, connections only to the app's OpenRouter origin), the referrer
//!    policy (no request goes out before it), on the pages whose code talks to OpenRouter at
//!    once a preconnect to it (`sign_in_with_openrouter::app::Route::connects_at_once`), the
//!    preloads of the main module, its glue and the
//!    loader, and right after the main module's the chunks of the split points the route's page
//!    needs (`sign_in_with_openrouter::app::Route::preloads`), at low priority; then the list
//!    of the files the callback's page preloads, which the first module fetches ahead when a
//!    sign-in starts (`sign_in_with_openrouter::starter::RETURN_FILES_META`).
//!
//! The connect-src origin is the one the app's code connects to, its
//! `sign_in_with_openrouter::config::auth_config()` (from `OPENROUTER_ORIGIN` when it is built,
//! which cargo tracks: a changed variable rebuilds this program), checked to be an origin.
//!
//! Decision: one program, a binary of the demo's own package (`src/bin/release_step/`), rather
//! than a script or a tool crate of its own. The pages it writes are the demo's routes, rendered
//! by the demo's own `ServerApp`, and what each page preloads is the demo's own
//! `Route::preloads` over the constants `split_point!` declares: here those are Rust items it
//! uses, so a split point's name is written once (in its declaration), and no step writes
//! markup for a later one to search for (a page's chunk preloads are decided when it is
//! written). The external tools stay subprocesses, found on PATH (tools/setup.sh installs them;
//! `eval "$(tools/setup.sh --print-path)"`). Its modules: this one (the steps and the pages),
//! `wasm` (step 1), `tools` (running the programs, esbuild), `shell` (steps 3 and 4: the page),
//! `csp` (the policy), `prerender` (the server renderer). Its tests run on fixture files beside
//! it (`fixtures/`: a page shaped as trunk writes it, wasm-split-cli's loader cut down); those
//! that run external tools are covered by the release build and the journeys that load it.
//! Native only: on wasm32 (the workspace's wasm32 clippy) it is an empty `main`.

#[cfg(not(target_arch = "wasm32"))]
mod csp;
#[cfg(not(target_arch = "wasm32"))]
mod prerender;
#[cfg(not(target_arch = "wasm32"))]
mod shell;
#[cfg(not(target_arch = "wasm32"))]
mod tools;
#[cfg(not(target_arch = "wasm32"))]
mod wasm;

#[cfg(not(target_arch = "wasm32"))]
use sign_in_with_openrouter::app::Route;

/// Every route's page, by the file GitHub Pages serves it from: `foo.html` for `/foo` (so a
/// reload or OpenRouter's return boots on its own page), `404.html` for any other path.
#[cfg(not(target_arch = "wasm32"))]
const PAGES: [(Route, &str); 4] = [
    (Route::Home, "index.html"),
    (Route::Chat, "chat.html"),
    (Route::Callback, "callback.html"),
    (Route::NotFound, "404.html"),
];

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dist] = args.as_slice() else {
        eprintln!("usage: release-step DIST (trunk's release build)");
        std::process::exit(2);
    };
    if let Err(error) = run(std::path::Path::new(dist)).await {
        eprintln!("release-step: {error}");
        std::process::exit(1);
    }
}

/// The steps of the module's docs, on trunk's build in `dist`.
#[cfg(not(target_arch = "wasm32"))]
async fn run(dist: &std::path::Path) -> Result<(), String> {
    use sign_in_with_openrouter::lazy::Split;

    let origin = csp::checked_origin(&sign_in_with_openrouter::config::auth_config().origin)?;
    let splits: Vec<Split> = PAGES
        .iter()
        .flat_map(|(route, _)| route.preloads().iter().copied())
        .collect();
    let modules = wasm::build(dist, &tools::target_dir()?, &splits)?;
    let minified = tools::minify_js(dist)?;

    let page = shell::read(&dist.join("index.html"))?;
    let page = shell::with_new_files(&page, dist, &modules.stem, &modules.loader)?;
    let page = shell::with_stylesheet_inside(&page, dist)?;
    let shell = shell::Shell::new(&page, &modules.stem, &origin)?;
    let basename = shell.base_href();
    let returning = chunks_for(Route::Callback, &modules.loads);
    for (route, file) in PAGES {
        let markup = prerender::render(route, &basename).await;
        let chunks = chunks_for(route, &modules.loads);
        let page = shell.page(route, &markup, &chunks, &returning);
        std::fs::write(dist.join(file), page).map_err(|e| format!("write {file}: {e}"))?;
    }
    println!(
        "release-step: split off {}; {minified} JS file(s) minified; CSP with {} inline script \
         hash(es), connect-src {origin}; {} under {basename}",
        modules.chunks.join(", "),
        shell.inline_scripts(),
        PAGES.map(|(_, file)| file).join(", "),
    );
    Ok(())
}

/// The chunk files `route`'s page preloads: those of each split point it needs
/// ([`Route::preloads`]) in the loader's order (`loads`, [`wasm::Modules::loads`]), a file two of
/// them load once.
#[cfg(not(target_arch = "wasm32"))]
fn chunks_for(
    route: Route,
    loads: &std::collections::HashMap<sign_in_with_openrouter::lazy::Split, Vec<String>>,
) -> Vec<&str> {
    let mut chunks: Vec<&str> = Vec::new();
    for split in route.preloads() {
        for chunk in &loads[split] {
            if !chunks.contains(&chunk.as_str()) {
                chunks.push(chunk);
            }
        }
    }
    chunks
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn each_page_preloads_the_chunks_of_its_routes_splits_each_once() {
        let loader = include_str!("fixtures/__wasm_split.js");
        let loads = PAGES
            .iter()
            .flat_map(|(route, _)| route.preloads())
            .map(|split| (*split, wasm::files_of(loader, *split).unwrap()))
            .collect();
        let pages: Vec<(&str, Vec<&str>)> = PAGES
            .iter()
            .map(|(route, file)| (*file, chunks_for(*route, &loads)))
            .collect();
        assert_eq!(
            pages,
            [
                ("index.html", vec![]),
                // The app's, then the chat's: chunk_8, which both load, once.
                (
                    "chat.html",
                    vec![
                        "chunk_7.wasm",
                        "chunk_8.wasm",
                        "split_app.wasm",
                        "chunk_9.wasm",
                        "split_chat.wasm"
                    ]
                ),
                ("callback.html", vec!["split_oauth_return.wasm"]),
                (
                    "404.html",
                    vec!["chunk_7.wasm", "chunk_8.wasm", "split_app.wasm"]
                ),
            ]
        );
    }
}

/// The fixture files the tests start from: a page shaped as trunk's release build writes it, its
/// stylesheet and its glue.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fixture {
    use std::path::{Path, PathBuf};

    /// A fresh copy of the fixture files in a directory of its own, removed when dropped.
    pub struct Dist(PathBuf);

    impl Dist {
        pub fn new(test: &str) -> Dist {
            let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bin/release_step/fixtures");
            let dist =
                std::env::temp_dir().join(format!("release-step-{}-{test}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dist);
            std::fs::create_dir_all(&dist).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), dist.join(entry.file_name())).unwrap();
            }
            Dist(dist)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }

        pub fn index(&self) -> String {
            std::fs::read_to_string(self.0.join("index.html")).unwrap()
        }
    }

    impl Drop for Dist {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// The fixture's main module and glue: `STEM_bg.wasm`, `STEM.js`.
    pub const STEM: &str = "app-1f2e";
}
