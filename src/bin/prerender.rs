//! Prerenders every route of the built demo with Yew's server renderer, so a visitor sees the
//! page before any wasm has arrived; the app then hydrates it (`sign_in_with_openrouter::start`).
//! Native only; tools/release.sh runs it on the release build:
//!
//! `cargo run --bin prerender -- DIST`
//!
//! For each route it writes the built `index.html` with the route's markup in `<div id="app">`
//! (marked `data-route`, so the app hydrates only the page of its own route) and the
//! SignInButton's `<style>` element in `<head>` (the text the Content-Security-Policy allows by
//! hash): `index.html` (the gallery), `chat.html`, `callback.html` (GitHub Pages serves
//! `foo.html` for `/foo`, so a reload or OpenRouter's return boots on its own page) and
//! `404.html` (any other path). The pages are rendered signed out, before storage is read, as
//! the app's first render in a browser is.
//!
//! It also completes the Content-Security-Policy `tools/post_build.py` wrote: `style-src` gets
//! the sha256 of each `<style>` element of the page it writes (the app's inlined stylesheet and
//! the button's two) and of the chat page's stylesheet, which the chat's chunk puts into `<head>`
//! ([`sign_in_with_openrouter::pages::chat::STYLESHEET`]). The hashes are of the very texts the
//! page carries, so what the browser is given and what the policy allows cannot drift apart.

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main(flavor = "current_thread")]
async fn main() {
    use sign_in_with_openrouter::app::{Route, ServerApp, ServerAppProps};
    use yew_openrouter::components::{button_stylesheet, STYLESHEET_ID};
    use yew_router::Routable;

    let dist = std::env::args()
        .nth(1)
        .expect("usage: prerender DIST (the built app)");
    let dist = std::path::Path::new(&dist);
    let template = std::fs::read_to_string(dist.join("index.html")).expect("DIST/index.html");
    let basename = base_href(&template);
    let styles = format!("<style id={STYLESHEET_ID}>{}</style>", button_stylesheet());
    let mount = ["<div id=app></div>", "<div id=\"app\"></div>"]
        .into_iter()
        .find(|m| template.contains(m))
        .expect("index.html has an empty <div id=\"app\">");
    let head_end = if template.contains("</head>") {
        "</head>"
    } else {
        "<body>"
    };
    for (route, file) in [
        (Route::Home, "index.html"),
        (Route::Chat, "chat.html"),
        (Route::Callback, "callback.html"),
        (Route::NotFound, "404.html"),
    ] {
        let path = format!("{}{}", basename.trim_end_matches('/'), route.to_path());
        let base = basename.clone();
        let body = yew::ServerRenderer::<ServerApp>::with_props(move || ServerAppProps {
            path: path.into(),
            basename: base.into(),
        })
        .render()
        .await;
        let page = template
            .replacen(
                mount,
                &format!(
                    "<div id=\"app\" data-route=\"{}\">{body}</div>",
                    route.to_path()
                ),
                1,
            )
            .replacen(head_end, &format!("{styles}{head_end}"), 1);
        let page = with_style_hashes(&page, &[sign_in_with_openrouter::pages::chat::STYLESHEET]);
        // The chunks each page preloads (tools/post_build.py marks them by split point).
        let needs: Vec<&str> = route.preloads().iter().map(|split| split.name()).collect();
        let page = with_preloads_for(&page, &needs);
        std::fs::write(dist.join(file), page).expect("write the page");
    }
    println!("prerender: index.html, chat.html, callback.html and 404.html under {basename}");
}

/// `page` keeping, of the chunk preloads tools/post_build.py added (`<link … data-for="app chat"
/// fetchpriority="low">`), those a split point in `needs` loads.
#[cfg(not(target_arch = "wasm32"))]
fn with_preloads_for(page: &str, needs: &[&str]) -> String {
    const END: &str = " fetchpriority=\"low\">";
    let mut kept = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(end) = rest.find(END) {
        let start = rest[..end].rfind("<link").unwrap_or(end);
        let tag = &rest[start..end + END.len()];
        let users = tag
            .split_once("data-for=\"")
            .and_then(|(_, after)| after.split_once('"'))
            .map_or("", |(users, _)| users);
        kept.push_str(&rest[..start]);
        if users.split(' ').any(|split| needs.contains(&split)) {
            kept.push_str(tag);
        }
        rest = &rest[end + END.len()..];
    }
    kept.push_str(rest);
    kept
}

/// `page` with the sha256 of each of its `<style>` elements and of each of `mounted_later` (styles
/// the app puts into `<head>` itself) in the `style-src` of its Content-Security-Policy. A page
/// without a policy (a build without tools/post_build.py) is returned as it is.
#[cfg(not(target_arch = "wasm32"))]
fn with_style_hashes(page: &str, mounted_later: &[&str]) -> String {
    use base64::Engine;
    use sha2::Digest;

    const DIRECTIVE: &str = "style-src 'self'";
    let Some(at) = page.find(DIRECTIVE) else {
        return page.to_string();
    };
    let mut styles: Vec<&str> = Vec::new();
    let mut rest = page;
    while let Some(open) = rest.find("<style") {
        let after = &rest[open..];
        let body = &after[after.find('>').expect("a <style> tag ends") + 1..];
        let end = body.find("</style>").expect("a <style> element ends");
        styles.push(&body[..end]);
        rest = &body[end..];
    }
    let hashes: String = styles
        .iter()
        .chain(mounted_later)
        .map(|css| {
            let digest = sha2::Sha256::digest(css.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let end = at + DIRECTIVE.len();
    format!("{}{hashes}{}", &page[..end], &page[end..])
}

/// The path of `<base href>` in the built page (`/sign-in-with-openrouter/`), `/` without one.
#[cfg(not(target_arch = "wasm32"))]
fn base_href(html: &str) -> String {
    let Some(at) = html.find("<base href=") else {
        return "/".into();
    };
    let rest = html[at + "<base href=".len()..].trim_start_matches(['"', '\'']);
    let end = rest.find(['"', '\'', '>', ' ']).unwrap_or(rest.len());
    let href = rest[..end].trim_end_matches('/');
    format!("{href}/")
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::with_preloads_for;

    #[test]
    fn a_page_keeps_the_preloads_of_the_splits_it_needs() {
        let page = concat!(
            r#"<head><link rel="preload" href="/main_bg.wasm">"#,
            r#"<link rel="preload" as="fetch" crossorigin href="/c6.wasm" data-for="app chat" fetchpriority="low">"#,
            r#"<link rel="preload" as="fetch" crossorigin href="/sc.wasm" data-for="callback" fetchpriority="low">"#,
            "</head>"
        );
        let home = with_preloads_for(page, &[]);
        assert_eq!(
            home,
            r#"<head><link rel="preload" href="/main_bg.wasm"></head>"#
        );
        let chat = with_preloads_for(page, &["app", "chat"]);
        assert!(
            chat.contains("/c6.wasm") && !chat.contains("/sc.wasm"),
            "{chat}"
        );
        let callback = with_preloads_for(page, &["app", "callback"]);
        assert!(callback.contains("/c6.wasm") && callback.contains("/sc.wasm"));
        assert!(callback.contains("/main_bg.wasm"), "other preloads stay");
    }
}
