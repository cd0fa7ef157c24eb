//! The "Use it in your Yew app" guide on the home page shows these files verbatim
//! (src/widgets/snippets): compiling them here keeps the guide's code correct.
#![cfg(not(target_arch = "wasm32"))]
#![allow(dead_code)]

/// Steps 2 and 3 together: the app and its home page.
mod app {
    include!("../src/widgets/snippets/app.rs");
    include!("../src/widgets/snippets/button.rs");
}

mod account {
    use yew::prelude::*;
    include!("../src/widgets/snippets/account.rs");
}

#[test]
fn the_readme_shows_the_example_app_byte_for_byte() {
    let readme = include_str!("../README.md");
    let example = include_str!("../examples/sign-in/src/main.rs");
    assert!(
        readme.contains(&format!("```rust\n{example}```")),
        "README.md's \"Use it in your Yew app\" must be examples/sign-in/src/main.rs exactly"
    );
}

#[test]
fn the_librarys_readme_shows_the_example_app_byte_for_byte() {
    // The crate's docs are its README, so this block is also a doctest of the library.
    let readme = include_str!("../crates/yew-openrouter/README.md");
    let example = include_str!("../examples/sign-in/src/main.rs");
    assert!(
        readme.contains(&format!("```rust,no_run\n{example}```")),
        "crates/yew-openrouter/README.md must show examples/sign-in/src/main.rs exactly"
    );
}

#[test]
fn the_guide_ships_the_compiled_files() {
    let page = include_str!("../src/pages/home.rs");
    for file in ["app.rs", "button.rs", "account.rs"] {
        assert!(
            page.contains(&format!("include_str!(\"../widgets/snippets/{file}\")")),
            "the home page shows {file}"
        );
    }
}
