//! Prints the text of each `<style>` element stylist puts into `<head>` for the SignInButton, one
//! JSON string per line, in the order the button registers them. tools/post_build.py hashes them
//! into the release build's Content-Security-Policy. Native only (`cargo run --bin csp-styles`).

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use stylist::manager::StyleManager;
        use yew_openrouter::components::register_styles;

        let (palettes, button) = register_styles(&StyleManager::default());
        for css in [palettes.get_style_str(), button.get_style_str()] {
            println!("{}", serde_json::to_string(css).expect("a string"));
        }
    }
}
