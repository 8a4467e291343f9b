//! Release wasm build (profile `wasm-release`, see the root Cargo.toml) → wasm-bindgen
//! (`--target web`) → wasm-opt, into `www/pkg/`.

use std::path::PathBuf;
use std::process::Command;

use crate::process::run;
use crate::{repo_root, target_dir, tools, Result};

/// Where the page loads the module from (`www/src/worker.js` imports `../pkg/…`).
pub fn pkg_dir() -> PathBuf {
    repo_root().join("www/pkg")
}

/// File names wasm-bindgen writes for the `goroseer-wasm` crate.
pub const GLUE_JS: &str = "goroseer_wasm.js";
/// See [`GLUE_JS`].
pub const WASM: &str = "goroseer_wasm_bg.wasm";

/// Builds `www/pkg/` from scratch, installing any missing tool first.
pub fn build() -> Result {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen_cli()?;
    tools::ensure_node_modules()?;
    let root = repo_root();
    run(Command::new("cargo")
        .args([
            "build",
            "--profile",
            "wasm-release",
            "--package",
            "goroseer-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .current_dir(&root))?;
    let built = target_dir().join("wasm32-unknown-unknown/wasm-release/goroseer_wasm.wasm");
    let pkg = pkg_dir();
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|e| format!("removing {}: {e}", pkg.display()))?;
    }
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&pkg)
        .arg(&built))?;
    let wasm = pkg.join(WASM);
    // npm's binaryen, pinned in package-lock.json: Debian's older wasm-opt silently
    // produces broken modules from current rustc output.
    run(Command::new(tools::npm_bin("wasm-opt"))
        .arg(&wasm)
        .args(["-O3", "--strip-debug", "--strip-producers", "-o"])
        .arg(&wasm))?;
    let size = std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(0);
    eprintln!("xtask: {} is {} KB", wasm.display(), size / 1024);
    Ok(())
}
