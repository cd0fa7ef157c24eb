//! The programs the release step runs, found on PATH: wasm-split-cli, wasm-bindgen, wasm-opt and
//! esbuild (tools/setup.sh installs them, `eval "$(tools/setup.sh --print-path)"` puts them on
//! PATH), and cargo for the target directory.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `program` with `args`, its output shown; fails when it cannot be started or fails.
pub fn run<I, S>(program: &str, args: I) -> Result<(), String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let status = Command::new(program)
        .args(args)
        .status()
        .map_err(|e| not_started(program, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} failed ({status})"))
    }
}

fn not_started(program: &str, error: std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::NotFound {
        format!(
            "{program} not found (tools/setup.sh installs it; eval \"$(tools/setup.sh --print-path)\")"
        )
    } else {
        format!("{program} could not be started: {error}")
    }
}

/// Cargo's target directory, where the release build's wasm is (`cargo metadata`, which knows
/// `CARGO_TARGET_DIR` and the configuration).
pub fn target_dir() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&cargo)
        .args(["metadata", "--format-version=1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .map_err(|e| not_started(&cargo, e))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata's answer: {e}"))?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata names no target_directory".into())
}

/// Minifies every JS file of `dist` in place with esbuild (as ES modules); returns how many.
pub fn minify_js(dist: &Path) -> Result<usize, String> {
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(dist)
        .map_err(|e| format!("read {}: {e}", dist.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "js"))
        .collect();
    scripts.sort();
    for script in &scripts {
        let mut outfile = std::ffi::OsString::from("--outfile=");
        outfile.push(script);
        run(
            "esbuild",
            [
                script.as_os_str(),
                OsStr::new("--minify"),
                OsStr::new("--format=esm"),
                OsStr::new("--log-level=warning"),
                &outfile,
                OsStr::new("--allow-overwrite"),
            ],
        )?;
    }
    Ok(scripts.len())
}
