//! The demo app's entry point: everything lives in the library.

fn main() {
    sign_in_with_openrouter::demo::start();
}
