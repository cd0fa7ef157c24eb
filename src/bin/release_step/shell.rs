//! Steps 3 and 4: trunk's page (`index.html`, minified by trunk) made the build's pages. First
//! what every page shares: the integrity of the files step 1 and esbuild rewrote, the loader
//! preloaded beside the glue, the app's stylesheet inside the page. Then [`Shell`], the page with
//! a place for what differs from route to route, writes each route's page: its markup, its
//! chunk preloads and its Content-Security-Policy.

use std::path::Path;

use base64::Engine;
use regex::Regex;
use sha2::Digest;
use sign_in_with_openrouter::app::Route;
use sign_in_with_openrouter::starter::RETURN_FILES_META;
use yew_openrouter::components::{button_stylesheet, STYLESHEET_ID};
use yew_router::Routable;

use crate::csp::{sha256_source, Policy};

/// The stylesheets the app puts into `<head>` itself, after the page is served: the chat
/// page's, which its chunk carries. The policy allows them by hash.
const MOUNTED_LATER: [&str; 1] = [sign_in_with_openrouter::pages::chat::STYLESHEET];

fn pattern(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

/// The text of the page at `path`.
pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))
}

/// `page` with the integrity of its links to the main module and the glue (`STEM_bg.wasm`,
/// `STEM.js` in `dist`) made theirs again, and the loader (`loader` in `dist`) preloaded beside
/// the glue that imports it, so the browser does not wait for the glue before asking for it.
pub fn with_new_files(page: &str, dist: &Path, stem: &str, loader: &str) -> Result<String, String> {
    let glue = format!("{stem}.js");
    let main_module = format!("{stem}_bg.wasm");
    let page = with_integrity_of(page, &main_module, &dist.join(&main_module))?;
    let page = with_integrity_of(&page, &glue, &dist.join(&glue))?;
    let glue_link = pattern(&format!(r"<link\b[^>]*{}[^>]*>", regex::escape(&glue)))
        .find(&page)
        .ok_or("index.html has no <link> to the JS glue to preload the loader beside")?
        .as_str()
        .to_string();
    let loader_link = tag_with_integrity(&glue_link.replace(&glue, loader), &dist.join(loader))?;
    Ok(page.replacen(&glue_link, &format!("{glue_link}{loader_link}"), 1))
}

/// `page` with the integrity of each `<link>` to `name` that has one made that of `file`.
pub fn with_integrity_of(page: &str, name: &str, file: &Path) -> Result<String, String> {
    let mut updated = 0;
    let mut failed = None;
    let page = pattern(r"<link\b[^>]*>").replace_all(page, |link: &regex::Captures| {
        let tag = &link[0];
        if !tag.contains(name) || !tag.contains("integrity") {
            return tag.to_string();
        }
        updated += 1;
        tag_with_integrity(tag, file).unwrap_or_else(|error| {
            failed = Some(error);
            tag.to_string()
        })
    });
    if let Some(error) = failed {
        return Err(error);
    }
    if updated == 0 && page.contains("integrity") {
        return Err(format!("could not update the integrity of {name}"));
    }
    Ok(page.into_owned())
}

/// `tag` with its `sha384-…` integrity made that of `file`.
fn tag_with_integrity(tag: &str, file: &Path) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("read {}: {e}", file.display()))?;
    let integrity = format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&bytes))
    );
    Ok(pattern(r"sha384-[A-Za-z0-9+/=]+")
        .replace_all(tag, regex::NoExpand(&integrity))
        .into_owned())
}

/// `page` with the app's stylesheet (trunk's `app-<hash>.css` in `dist`) inside it as a
/// `<style>`, so the first paint needs no second round trip; the file is removed.
pub fn with_stylesheet_inside(page: &str, dist: &Path) -> Result<String, String> {
    let link = pattern(r#"<link\b[^>]*\bhref="?[^" >]*/(app-[0-9a-f]+\.css)"?[^>]*>"#)
        .captures(page)
        .ok_or("index.html has no <link> to the app's stylesheet to put inside it")?;
    let file = dist.join(&link[1]);
    let sheet = read(&file)?;
    let page = page.replacen(&link[0], &format!("<style>{sheet}</style>"), 1);
    std::fs::remove_file(&file).map_err(|e| format!("remove {}: {e}", file.display()))?;
    Ok(page)
}

/// Trunk's page, taken apart where the pages of the routes differ. A page is: trunk's page up to
/// `<meta charset>`; the policy; the referrer policy (no request goes out before it); on a route
/// that talks to OpenRouter as soon as its code runs, the connection to it opened at once
/// (`Route::connects_at_once`); the
/// page's preloads, moved here from the end of `<head>` so that they are fetched before anything
/// else asks for the network, with the route's chunks right after the main module's; then the
/// rest of trunk's page, with the button's stylesheet at the end of `<head>` and the route's
/// markup in `<div id="app">`.
pub struct Shell {
    /// Up to and including `<meta charset>`.
    start: String,
    policy: Policy,
    /// `<meta name=referrer>`.
    referrer: String,
    /// The page's preloads and module preloads, in the page's order.
    preloads: Vec<String>,
    /// Which of `preloads` is the main module's.
    main_module: usize,
    /// How the main module's address begins (`/sign-in-with-openrouter/`), and so a chunk's.
    prefix: String,
    /// The rest of trunk's page, without what was moved.
    rest: String,
    /// The empty `<div id="app">`, as trunk wrote it.
    mount: &'static str,
    /// Where `<head>` ends.
    head_end: &'static str,
    /// The base path (`<base href>`), `/` without one.
    base_href: String,
}

impl Shell {
    /// Trunk's `page` (after the edits above), whose main module is `STEM_bg.wasm`, for an app
    /// connecting to `origin`.
    pub fn new(page: &str, stem: &str, origin: &str) -> Result<Shell, String> {
        let charset = pattern(r"<meta charset=[^>]*>")
            .find(page)
            .ok_or("index.html has no <meta charset> to put the CSP after")?;
        let start = page[..charset.end()].to_string();
        let mut rest = page[charset.end()..].to_string();
        let referrer = pattern(r#"<meta\b[^>]*\bname="?referrer\b[^>]*>"#)
            .find(&rest)
            .ok_or("index.html has no <meta name=\"referrer\">")?
            .as_str()
            .to_string();
        rest = rest.replacen(&referrer, "", 1);
        let preloads: Vec<String> =
            pattern(r#"<link\b[^>]*\brel="?(?:modulepreload|preload)\b[^>]*>"#)
                .find_iter(&rest)
                .map(|found| found.as_str().to_string())
                .collect();
        for tag in &preloads {
            rest = rest.replacen(tag, "", 1);
        }
        let main_module_file = format!("{stem}_bg.wasm");
        let main_module = preloads
            .iter()
            .position(|tag| tag.contains(&main_module_file))
            .ok_or("index.html has no preload of the main module to put the chunks' after")?;
        let prefix = pattern(&format!(
            r#"href="?([^" >]*){}"#,
            regex::escape(&main_module_file)
        ))
        .captures(&preloads[main_module])
        .map_or(String::new(), |found| found[1].to_string());
        let scripts = inline_scripts(page)
            .into_iter()
            .map(sha256_source)
            .collect();
        let mount = ["<div id=app></div>", "<div id=\"app\"></div>"]
            .into_iter()
            .find(|mount| rest.contains(mount))
            .ok_or("index.html has no empty <div id=\"app\">")?;
        let head_end = if rest.contains("</head>") {
            "</head>"
        } else {
            "<body>"
        };
        Ok(Shell {
            base_href: base_href(page),
            start,
            policy: Policy {
                scripts,
                origin: origin.to_string(),
            },
            referrer,
            preloads,
            main_module,
            prefix,
            rest,
            mount,
            head_end,
        })
    }

    /// The base path (`/sign-in-with-openrouter/`), `/` without `<base href>`.
    pub fn base_href(&self) -> String {
        self.base_href.clone()
    }

    /// How many inline scripts the policy allows by hash.
    pub fn inline_scripts(&self) -> usize {
        self.policy.scripts.len()
    }

    /// The page of `route`: its `markup` (marked with the route, so the app hydrates only the
    /// page of its own route), and preloads of the chunk files `chunks` at low priority. The
    /// loader's `fetch` takes a preloaded response (same address, same CORS mode, no integrity),
    /// so a chunk's preload has no integrity. `returning` are the chunk files the callback's
    /// page loads, which the first module fetches ahead when a sign-in starts
    /// ([`RETURN_FILES_META`]).
    pub fn page(&self, route: Route, markup: &str, chunks: &[&str], returning: &[&str]) -> String {
        let mut after = self.referrer.clone();
        if route.connects_at_once() {
            // Anonymous, as the app's requests to OpenRouter are: a socket serves only its mode.
            after.push_str(&format!(
                "<link rel=\"preconnect\" href=\"{}\" crossorigin>",
                self.policy.origin
            ));
        }
        for (index, tag) in self.preloads.iter().enumerate() {
            after.push_str(tag);
            if index == self.main_module {
                for chunk in chunks {
                    after.push_str(&format!(
                        "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"{}{chunk}\" \
                         fetchpriority=\"low\">",
                        self.prefix
                    ));
                }
            }
        }
        let returning: Vec<String> = returning
            .iter()
            .map(|file| format!("{}{file}", self.prefix))
            .collect();
        after.push_str(&format!(
            "<meta name=\"{RETURN_FILES_META}\" content=\"{}\">",
            returning.join(" ")
        ));
        let app = format!(
            "<div id=\"app\" data-route=\"{}\">{markup}</div>",
            route.to_path()
        );
        let styles = format!("<style id={STYLESHEET_ID}>{}</style>", button_stylesheet());
        let head_end = self.head_end;
        after.push_str(&self.rest.replacen(self.mount, &app, 1).replacen(
            head_end,
            &format!("{styles}{head_end}"),
            1,
        ));
        let carried = [style_elements(&self.start), style_elements(&after)].concat();
        let policy = self.policy.meta(carried.into_iter().chain(MOUNTED_LATER));
        format!("{}{policy}{after}", self.start)
    }
}

/// The text of each inline `<script>` of `page` (one without `src`).
fn inline_scripts(page: &str) -> Vec<&str> {
    let src = pattern(r"\bsrc=");
    pattern(r"(?s)<script\b([^>]*)>(.*?)</script>")
        .captures_iter(page)
        .filter(|script| !src.is_match(&script[1]))
        .map(|script| script.get(2).map_or("", |body| body.as_str()))
        .collect()
}

/// The text of each `<style>` element of `html`.
fn style_elements(html: &str) -> Vec<&str> {
    pattern(r"(?s)<style\b[^>]*>(.*?)</style>")
        .captures_iter(html)
        .map(|style| style.get(1).map_or("", |css| css.as_str()))
        .collect()
}

/// The path of `<base href>` in `page` (`/sign-in-with-openrouter/`), `/` without one.
fn base_href(page: &str) -> String {
    let Some(at) = page.find("<base href=") else {
        return "/".into();
    };
    let rest = page[at + "<base href=".len()..].trim_start_matches(['"', '\'']);
    let end = rest.find(['"', '\'', '>', ' ']).unwrap_or(rest.len());
    format!("{}/", rest[..end].trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{Dist, STEM};

    const ORIGIN: &str = "http://127.0.0.1:17654";
    const LOADER: &str = "split-5e5e.js";

    /// The fixture's page as every page shares it, and its shell.
    fn shell(dist: &Dist) -> Shell {
        let page = with_new_files(&dist.index(), dist.path(), STEM, LOADER).unwrap();
        let page = with_stylesheet_inside(&page, dist.path()).unwrap();
        Shell::new(&page, STEM, ORIGIN).unwrap()
    }

    /// The policy of `page`, by directive.
    fn csp(page: &str) -> Vec<(String, Vec<String>)> {
        let found: Vec<_> =
            pattern(r#"<meta http-equiv="Content-Security-Policy" content="([^"]*)">"#)
                .captures_iter(page)
                .map(|found| found[1].to_string())
                .collect();
        assert_eq!(found.len(), 1, "one CSP");
        found[0]
            .split("; ")
            .map(|directive| {
                let mut words = directive.split(' ').map(String::from);
                (words.next().unwrap(), words.collect())
            })
            .collect()
    }

    fn directive(page: &str, name: &str) -> Vec<String> {
        csp(page)
            .into_iter()
            .find(|(directive, _)| directive == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .1
    }

    fn sri(file: &Path) -> String {
        let digest = sha2::Sha384::digest(std::fs::read(file).unwrap());
        format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    }

    fn link_to<'a>(page: &'a str, name: &str) -> &'a str {
        pattern(&format!(r"<link\b[^>]*{}[^>]*>", regex::escape(name)))
            .find(page)
            .unwrap_or_else(|| panic!("no link to {name}"))
            .as_str()
    }

    #[test]
    fn the_stylesheet_goes_into_the_page_and_its_file_away() {
        let dist = Dist::new("stylesheet");
        let page = with_stylesheet_inside(&dist.index(), dist.path()).unwrap();
        assert!(page.contains("<style>body{margin:0}.hero{color:red}</style>"));
        assert!(!page.contains("app-0123456789abcdef.css"));
        assert!(!dist.path().join("app-0123456789abcdef.css").exists());
    }

    #[test]
    fn an_integrity_follows_its_file() {
        let dist = Dist::new("integrity");
        let glue = dist.path().join("app-1f2e.js");
        let page = with_integrity_of(&dist.index(), "app-1f2e.js", &glue).unwrap();
        assert!(link_to(&page, "app-1f2e.js").contains(&sri(&glue)));
        assert!(page.contains("sha384-DDDD"), "the wasm's is left alone");
        let error = with_integrity_of(&dist.index(), "nowhere.js", &glue).unwrap_err();
        assert!(error.contains("nowhere.js"), "{error}");
    }

    #[test]
    fn the_loader_is_preloaded_beside_the_glue_and_every_new_file_has_its_integrity() {
        let dist = Dist::new("new-files");
        let page = with_new_files(&dist.index(), dist.path(), STEM, LOADER).unwrap();
        let glue = link_to(&page, "app-1f2e.js");
        let loader = link_to(&page, LOADER);
        assert!(page.contains(&format!("{glue}{loader}")), "{page}");
        assert!(loader.contains("rel=modulepreload"), "{loader}");
        assert!(loader.contains(&sri(&dist.path().join(LOADER))), "{loader}");
        assert!(glue.contains(&sri(&dist.path().join("app-1f2e.js"))));
        let wasm = dist.path().join("app-1f2e_bg.wasm");
        assert!(link_to(&page, "app-1f2e_bg.wasm").contains(&sri(&wasm)));
    }

    #[test]
    fn the_csp_allows_the_inline_scripts_by_hash_and_nothing_inline_else() {
        let dist = Dist::new("csp");
        let page = shell(&dist).page(Route::Home, "<p>Home</p>", &[], &[]);
        let inline = inline_scripts(&page);
        assert_eq!(inline.len(), 2);
        let mut scripts = vec!["'self'".to_string(), "'wasm-unsafe-eval'".to_string()];
        scripts.extend(inline.iter().map(|script| sha256_source(script)));
        assert_eq!(directive(&page, "script-src"), scripts);
        assert!(!page.contains("'unsafe-inline'"));
        assert_eq!(directive(&page, "connect-src"), ["'self'", ORIGIN]);
        assert_eq!(directive(&page, "default-src"), ["'none'"]);
        assert_eq!(directive(&page, "form-action"), ["'none'"]);
        assert_eq!(directive(&page, "base-uri"), ["'self'"]);
        assert_eq!(directive(&page, "object-src"), ["'none'"]);
    }

    #[test]
    fn the_csp_allows_every_style_the_page_carries_and_the_chats_by_hash() {
        let dist = Dist::new("styles");
        let page = shell(&dist).page(Route::Chat, "<p>Chat</p>", &[], &[]);
        let carried = style_elements(&page);
        assert_eq!(
            carried,
            ["body{margin:0}.hero{color:red}", &button_stylesheet()],
            "the app's stylesheet and the button's"
        );
        let mut styles = vec!["'self'".to_string()];
        styles.extend(carried.iter().map(|css| sha256_source(css)));
        styles.push(sha256_source(
            sign_in_with_openrouter::pages::chat::STYLESHEET,
        ));
        assert_eq!(directive(&page, "style-src"), styles);
    }

    #[test]
    fn the_csp_then_the_referrer_policy_then_the_preloads_come_before_any_request() {
        let dist = Dist::new("order");
        let page = shell(&dist).page(
            Route::Chat,
            "<p>Chat</p>",
            &["chunk_8-aa.wasm"],
            &["split_oauth_return-cc.wasm"],
        );
        let head = &page[..page.find("<body>").unwrap()];
        let tags: Vec<&str> = pattern(r"<(?:meta|link|script|style|base|title)\b[^>]*>")
            .find_iter(head)
            .map(|tag| tag.as_str())
            .collect();
        assert!(tags[0].starts_with("<meta charset"), "{}", tags[0]);
        assert!(tags[1].contains("Content-Security-Policy"), "{}", tags[1]);
        assert!(tags[2].contains("name=referrer"), "{}", tags[2]);
        assert_eq!(
            page.matches("name=referrer").count(),
            1,
            "moved, not copied"
        );
        // The chat's page talks to OpenRouter at once: its connection comes first.
        assert_eq!(
            tags[3],
            format!("<link rel=\"preconnect\" href=\"{ORIGIN}\" crossorigin>")
        );
        // Then the preloads, in the page's order, the chunk's after the main module's.
        assert!(tags[4].contains("app-1f2e.js"), "{}", tags[4]);
        assert!(tags[5].contains(LOADER), "{}", tags[5]);
        assert!(tags[6].contains("app-1f2e_bg.wasm"), "{}", tags[6]);
        assert!(tags[7].contains("chunk_8-aa.wasm"), "{}", tags[7]);
        // Then the files the first module fetches ahead when a sign-in starts.
        assert_eq!(
            tags[8],
            format!(
                "<meta name=\"{RETURN_FILES_META}\" \
                 content=\"/sign-in-with-openrouter/split_oauth_return-cc.wasm\">"
            ),
        );
        assert!(tags[9].starts_with("<meta content="), "{}", tags[9]);
        assert_eq!(
            pattern(r"rel=(?:module)?preload\b")
                .find_iter(&page)
                .count(),
            3,
            "moved, not copied"
        );
    }

    #[test]
    fn a_page_preloads_exactly_the_chunks_it_is_given_at_low_priority() {
        let dist = Dist::new("chunks");
        let shell = shell(&dist);
        let low = pattern(r#"<link\b[^>]*fetchpriority="low">"#);
        let home = shell.page(Route::Home, "", &[], &[]);
        assert_eq!(low.find_iter(&home).count(), 0);
        let chat = shell.page(
            Route::Chat,
            "",
            &["chunk_8-aa.wasm", "split_chat-bb.wasm"],
            &[],
        );
        let tags: Vec<&str> = low.find_iter(&chat).map(|tag| tag.as_str()).collect();
        assert_eq!(
            tags,
            [
                r#"<link rel="preload" as="fetch" crossorigin href="/sign-in-with-openrouter/chunk_8-aa.wasm" fetchpriority="low">"#,
                r#"<link rel="preload" as="fetch" crossorigin href="/sign-in-with-openrouter/split_chat-bb.wasm" fetchpriority="low">"#,
            ],
            "the loader's fetch has no integrity, so a preload must not"
        );
    }

    #[test]
    fn only_the_pages_that_talk_to_openrouter_at_once_open_its_connection_early() {
        let dist = Dist::new("preconnect");
        let shell = shell(&dist);
        let preconnect = pattern(r"<link\b[^>]*\brel=.?preconnect\b[^>]*>");
        for (route, expected) in [
            (Route::Home, 0),
            (Route::Chat, 1),
            (Route::Callback, 1),
            (Route::NotFound, 0),
        ] {
            let page = shell.page(route, "", &[], &[]);
            assert_eq!(preconnect.find_iter(&page).count(), expected, "{route:?}");
        }
    }

    #[test]
    fn a_page_carries_its_routes_markup_marked_with_the_route() {
        let dist = Dist::new("markup");
        let shell = shell(&dist);
        assert_eq!(shell.base_href(), "/sign-in-with-openrouter/");
        let page = shell.page(Route::Callback, "<p>Signing in</p>", &[], &[]);
        assert!(
            page.contains(
                "<body><div id=\"app\" data-route=\"/callback\"><p>Signing in</p></div><noscript>"
            ),
            "{page}"
        );
        assert!(page.contains(&format!(
            "<style id={STYLESHEET_ID}>{}</style></head>",
            button_stylesheet()
        )));
    }

    #[test]
    fn the_base_path_is_base_hrefs() {
        assert_eq!(base_href("<base href=/a/b>"), "/a/b/");
        assert_eq!(base_href("<base href=\"/a/\">"), "/a/");
        assert_eq!(base_href("<title>x</title>"), "/");
    }
}
