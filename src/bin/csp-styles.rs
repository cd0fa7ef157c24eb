//! Prints the exact text of the `<style>` element the SignInButton puts into `<head>`
//! (`yew_openrouter::components::button_stylesheet`), as one JSON string per line.
//! tools/post_build.py hashes it into the release build's Content-Security-Policy. Native only
//! (`cargo run --bin csp-styles`).

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let css = yew_openrouter::components::button_stylesheet();
        println!("{}", serde_json::to_string(&css).unwrap_or_default());
    }
}
