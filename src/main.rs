//! The demo app's entry point: everything lives in the library ([`sign_in_with_openrouter::boot`]).

/// talc instead of Rust's default dlmalloc: smaller in wasm and no slower. Set here, in
/// the demo binary, so the library leaves the choice to the apps that use it.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    sign_in_with_openrouter::boot();
}
