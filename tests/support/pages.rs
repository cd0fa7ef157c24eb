//! What the tests read in the release build's pages (a file of its own, so that a test binary
//! with no browser, `size_budget`, can use it without the rest of `support`).

use sign_in_with_openrouter::starter::RETURN_FILES_META;

/// `page` without the list of the files the callback's page loads, which the first module
/// fetches only once a sign-in starts ([`RETURN_FILES_META`]).
pub fn without_return_files(page: &str) -> String {
    let start = format!("<meta name=\"{RETURN_FILES_META}\"");
    match page.find(&start) {
        Some(at) => {
            let end = page[at..].find('>').map_or(page.len(), |end| at + end + 1);
            format!("{}{}", &page[..at], &page[end..])
        }
        None => page.to_string(),
    }
}
