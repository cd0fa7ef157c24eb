//! Step 1: the wasm modules. wasm-split-cli cuts the wasm cargo built into the main module, a
//! chunk per split point (`split_NAME.wasm`) and the chunks their split points share
//! (`chunk_N.wasm`), with their loader (`__wasm_split.js`); wasm-bindgen binds the main module
//! (trunk's glue and main module are replaced, under trunk's names); wasm-opt `-Oz` shrinks every
//! module. The chunks become `NAME-<hash>.wasm` and the loader `split-<hash>.js` (sha256 of the
//! content, the loader's after its chunks are renamed), so a cached loader never meets a newer
//! chunk; the glue imports the loader by its new name.

use std::collections::HashMap;
use std::path::Path;

use regex::Regex;
use sha2::Digest;
use sign_in_with_openrouter::lazy::Split;

use crate::tools::run;

/// The demo's binary (`[[bin]]` in Cargo.toml, `data-bin` in index.html): the wasm cargo built.
const APP_BIN: &str = "sign-in-with-openrouter";

/// The wasm features rustc enables for wasm32 by default, which wasm-opt must accept.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The modules in `dist`, once split, bound, shrunk and named.
pub struct Modules {
    /// Trunk's name of the main module and its glue: `STEM_bg.wasm`, `STEM.js`.
    pub stem: String,
    /// The chunks' loader, `split-<hash>.js`, which the glue imports.
    pub loader: String,
    /// Every chunk's file.
    pub chunks: Vec<String>,
    /// The chunk files each split point asked for loads, in the loader's order.
    pub loads: HashMap<Split, Vec<String>>,
}

/// Step 1 on trunk's build in `dist`, the wasm cargo built under `target_dir`, for the split
/// points whose chunk files are wanted (`splits`).
pub fn build(dist: &Path, target_dir: &Path, splits: &[Split]) -> Result<Modules, String> {
    let stem = main_module_stem(dist)?;
    let built = target_dir
        .join("wasm32-unknown-unknown/release")
        .join(format!("{APP_BIN}.wasm"));
    // Made afresh each time, and left for a look at what the tools wrote.
    let work = target_dir.join("release-step");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("create {}: {e}", work.display()))?;
    let file = |name: &str| work.join(name);

    run(
        "wasm-split-cli",
        [
            "--out-name".as_ref(),
            stem.as_ref(),
            built.as_os_str(),
            work.as_os_str(),
        ],
    )?;
    let mut out_dir = std::ffi::OsString::from("--out-dir=");
    out_dir.push(&work);
    run(
        "wasm-bindgen",
        [
            "--target=web".as_ref(),
            "--no-typescript".as_ref(),
            "--keep-lld-exports".as_ref(),
            out_dir.as_os_str(),
            format!("--out-name={stem}").as_ref(),
            file(&format!("{stem}.wasm")).as_os_str(),
        ],
    )?;
    remove(&file(&format!("{stem}.wasm")))?;
    let main_module = format!("{stem}_bg.wasm");
    let mut chunks: Vec<String> = names_in(&work)?
        .into_iter()
        .filter(|name| name.ends_with(".wasm") && *name != main_module)
        .collect();
    chunks.sort();
    if chunks.is_empty() {
        return Err(
            "wasm-split-cli found no split point (was the wasm built with --cfg wasm_split?)"
                .into(),
        );
    }
    for name in chunks.iter().chain([&main_module]) {
        let module = file(name);
        let mut args = vec!["-Oz", "--converge"];
        args.extend(WASM_FEATURES);
        let mut args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        args.extend([module.as_os_str(), "-o".as_ref(), module.as_os_str()]);
        run("wasm-opt", args)?;
    }

    let mut loader = read(&file("__wasm_split.js"))?;
    let mut loads = HashMap::new();
    for split in splits {
        loads.insert(*split, files_of(&loader, *split)?);
    }
    let mut hashed = HashMap::new();
    for name in &chunks {
        let bytes = std::fs::read(file(name)).map_err(|e| format!("read {name}: {e}"))?;
        let new_name = format!(
            "{}-{}.wasm",
            name.trim_end_matches(".wasm"),
            short_hash(&bytes)
        );
        loader = renamed_in_loader(&loader, name, &new_name)?;
        copy(&file(name), &dist.join(&new_name))?;
        hashed.insert(name.clone(), new_name);
    }
    let loader_name = format!("split-{}.js", short_hash(loader.as_bytes()));
    write(&dist.join(&loader_name), &loader)?;
    let glue = glue_importing(&read(&file(&format!("{stem}.js")))?, &loader_name)?;
    write(&dist.join(format!("{stem}.js")), &glue)?;
    copy(&file(&main_module), &dist.join(&main_module))?;

    for files in loads.values_mut() {
        for name in files.iter_mut() {
            *name = hashed[name.as_str()].clone();
        }
    }
    let mut chunks: Vec<String> = chunks.iter().map(|name| hashed[name].clone()).collect();
    chunks.sort();
    Ok(Modules {
        stem,
        loader: loader_name,
        chunks,
        loads,
    })
}

/// The stem of trunk's main module: `STEM` of the one `STEM_bg.wasm` in `dist`.
fn main_module_stem(dist: &Path) -> Result<String, String> {
    let found: Vec<String> = names_in(dist)?
        .into_iter()
        .filter(|name| name.ends_with("_bg.wasm"))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.trim_end_matches("_bg.wasm").to_string()),
        _ => Err(format!(
            "expected one *_bg.wasm in {}, found {found:?}",
            dist.display()
        )),
    }
}

/// The chunk files `split` loads, as wasm-split-cli's loader names them: the shared chunks whose
/// comment lists it (`/* app, chat */` before `const __chunk_6 = makeLoad(…"./chunk_6.wasm"…`),
/// in the loader's order, then its own `split_NAME.wasm`.
pub fn files_of(loader: &str, split: Split) -> Result<Vec<String>, String> {
    let shared = Regex::new(
        r#"/\*\s*([^*]*?)\s*\*/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+\.wasm)""#,
    )
    .expect("a valid pattern");
    let mut files: Vec<String> = shared
        .captures_iter(loader)
        .filter(|found| found[1].split(',').any(|s| s.trim() == split.name()))
        .map(|found| found[2].to_string())
        .collect();
    let own = format!("{}.wasm", split.chunk_stem());
    if !loader.contains(&format!("\"./{own}\"")) {
        return Err(format!("the split loader has no {own}"));
    }
    files.push(own);
    Ok(files)
}

/// `loader` fetching `new_name` where it fetched the chunk `name`.
fn renamed_in_loader(loader: &str, name: &str, new_name: &str) -> Result<String, String> {
    let quoted = format!("\"./{name}\"");
    if !loader.contains(&quoted) {
        return Err(format!("the split loader does not name {name}"));
    }
    Ok(loader.replace(&quoted, &format!("\"./{new_name}\"")))
}

/// wasm-bindgen's `glue` importing the loader as `loader`. Only the ES imports are renamed: the
/// key of the wasm's imports object keeps the module name the wasm asks for. With several chunks
/// wasm-bindgen imports the loader once per chunk and names it as many times as a key of that
/// object; the keys are the same module, so one is kept.
pub fn glue_importing(glue: &str, loader: &str) -> Result<String, String> {
    let import = Regex::new(r#"(\bfrom\s*)"\./__wasm_split\.js""#).expect("a valid pattern");
    if !import.is_match(glue) {
        return Err("wasm-bindgen's glue should import ./__wasm_split.js".into());
    }
    let glue = import.replace_all(glue, |found: &regex::Captures| {
        format!("{}\"./{loader}\"", &found[1])
    });
    let key =
        Regex::new(r#"\n\s*"\./__wasm_split\.js"\s*:\s*import\d+,"#).expect("a valid pattern");
    let mut kept = String::with_capacity(glue.len());
    let mut rest = 0;
    for (index, found) in key.find_iter(&glue).enumerate() {
        if index > 0 {
            kept.push_str(&glue[rest..found.start()]);
            rest = found.end();
        }
    }
    kept.push_str(&glue[rest..]);
    Ok(kept)
}

/// The first 16 hex digits of the sha256 of `bytes`: a file's name by its content.
fn short_hash(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn names_in(dir: &Path) -> Result<Vec<String>, String> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| format!("read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {} to {}: {e}", from.display(), to.display()))
}

fn remove(path: &Path) -> Result<(), String> {
    std::fs::remove_file(path).map_err(|e| format!("remove {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sign_in_with_openrouter::app::Route;
    use sign_in_with_openrouter::pages::callback::CALLBACK_SPLIT;
    use sign_in_with_openrouter::pages::chat::CHAT_SPLIT;
    use sign_in_with_openrouter::pages::home::GALLERY_SPLIT;
    use sign_in_with_openrouter::starter::OAUTH_RETURN_SPLIT;
    use sign_in_with_openrouter::APP_SPLIT;

    /// A loader as wasm-split-cli 0.2.4 writes it, cut down to a few chunks: its own chunk for
    /// each split point, and shared chunks, each after the comment naming its split points.
    const LOADER: &str = include_str!("fixtures/__wasm_split.js");

    #[test]
    fn a_split_loads_the_shared_chunks_naming_it_then_its_own() {
        assert_eq!(
            files_of(LOADER, APP_SPLIT).unwrap(),
            ["chunk_7.wasm", "chunk_8.wasm", "split_app.wasm"]
        );
        assert_eq!(
            files_of(LOADER, CHAT_SPLIT).unwrap(),
            ["chunk_8.wasm", "chunk_9.wasm", "split_chat.wasm"]
        );
        assert_eq!(
            files_of(LOADER, CALLBACK_SPLIT).unwrap(),
            ["chunk_8.wasm", "split_callback.wasm"]
        );
        assert_eq!(
            files_of(LOADER, OAUTH_RETURN_SPLIT).unwrap(),
            ["split_oauth_return.wasm"]
        );
        assert_eq!(
            files_of(LOADER, GALLERY_SPLIT).unwrap(),
            ["chunk_9.wasm", "split_gallery.wasm"]
        );
    }

    #[test]
    fn a_split_is_named_whole_in_a_comment() {
        let loader = format!(
            "{LOADER}/* apps, chatbot */\nconst __chunk_99 = makeLoad(() => {{\n    \
             const src = fetch(new URL(\"./chunk_99.wasm\", import.meta.url));\n}}\n, []);\n"
        );
        assert!(!files_of(&loader, APP_SPLIT)
            .unwrap()
            .contains(&"chunk_99.wasm".into()));
        assert!(!files_of(&loader, CHAT_SPLIT)
            .unwrap()
            .contains(&"chunk_99.wasm".into()));
        let loader = loader.replace("apps, chatbot", "apps, chat");
        assert!(files_of(&loader, CHAT_SPLIT)
            .unwrap()
            .contains(&"chunk_99.wasm".into()));
    }

    #[test]
    fn a_split_the_loader_does_not_have_stops_the_build() {
        let loader = LOADER.replace("split_oauth_return", "split_other");
        let error = files_of(&loader, OAUTH_RETURN_SPLIT).unwrap_err();
        assert!(error.contains("split_oauth_return.wasm"), "{error}");
    }

    #[test]
    fn every_split_a_page_preloads_is_in_the_loader() {
        for route in [Route::Home, Route::Chat, Route::Callback, Route::NotFound] {
            for split in route.preloads() {
                assert!(files_of(LOADER, *split).is_ok(), "{route:?}: {split:?}");
            }
        }
    }

    #[test]
    fn a_renamed_chunk_is_fetched_by_its_new_name_only() {
        let loader = renamed_in_loader(LOADER, "chunk_8.wasm", "chunk_8-0123.wasm").unwrap();
        assert!(loader.contains(r#"new URL("./chunk_8-0123.wasm", import.meta.url)"#));
        assert!(!loader.contains("\"./chunk_8.wasm\""));
        assert!(loader.contains("\"./chunk_9.wasm\""), "{loader}");
        assert!(renamed_in_loader(LOADER, "chunk_99.wasm", "x.wasm").is_err());
    }

    #[test]
    fn the_glue_imports_the_loader_by_its_name_with_one_key_for_it() {
        let glue = concat!(
            "import * as import1 from \"./__wasm_split.js\"\n",
            "import * as import2 from \"./__wasm_split.js\"\n",
            "function __wbg_get_imports() {\n",
            "    const import0 = {\n",
            "        __proto__: null,\n",
            "        \"./__wasm_split.js\": import1,\n",
            "        \"./__wasm_split.js\": import2,\n",
            "    };\n",
            "}\n",
        );
        let rewritten = glue_importing(glue, "split-ab12.js").unwrap();
        assert_eq!(
            rewritten,
            concat!(
                "import * as import1 from \"./split-ab12.js\"\n",
                "import * as import2 from \"./split-ab12.js\"\n",
                "function __wbg_get_imports() {\n",
                "    const import0 = {\n",
                "        __proto__: null,\n",
                "        \"./__wasm_split.js\": import1,\n",
                "    };\n",
                "}\n",
            )
        );
        assert!(glue_importing("export function f() {}", "split-ab12.js").is_err());
    }

    #[test]
    fn a_name_by_content_changes_with_the_content() {
        assert_eq!(short_hash(b"").len(), 16);
        // sha256("") begins e3b0c44298fc1c14.
        assert_eq!(short_hash(b""), "e3b0c44298fc1c14");
        assert_ne!(short_hash(b"a"), short_hash(b"b"));
    }
}
