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

/// File names wasm-bindgen writes for the `goroseer-archive-wasm` crate: the archive
/// reader the worker loads only when an archive is dropped.
pub const ARCHIVE_WASM: &str = "goroseer_archive_wasm_bg.wasm";

/// Builds `www/pkg/` from scratch, installing any missing tool first.
pub fn build() -> Result {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen_cli()?;
    tools::ensure_node_modules()?;
    let pkg = pkg_dir();
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|e| format!("removing {}: {e}", pkg.display()))?;
    }
    // Two cargo runs: built together, the archive module's `archives` feature of the core
    // would be unified into the main module too.
    for (package, wasm) in [
        ("goroseer-wasm", WASM),
        ("goroseer-archive-wasm", ARCHIVE_WASM),
    ] {
        build_module(package, &pkg)?;
        let size = std::fs::metadata(pkg.join(wasm))
            .map(|m| m.len())
            .unwrap_or(0);
        eprintln!("xtask: {} is {} KB", pkg.join(wasm).display(), size / 1024);
    }
    Ok(())
}

/// `package` built, bound (wasm-bindgen) and optimised (wasm-opt) into `pkg`.
fn build_module(package: &str, pkg: &std::path::Path) -> Result {
    run(Command::new("cargo")
        .args(["build", "--profile", "wasm-release", "--package", package])
        .args(["--target", "wasm32-unknown-unknown"])
        .current_dir(repo_root()))?;
    let stem = package.replace('-', "_");
    let built = target_dir().join(format!("wasm32-unknown-unknown/wasm-release/{stem}.wasm"));
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(pkg)
        .arg(&built))?;
    let wasm = pkg.join(format!("{stem}_bg.wasm"));
    // npm's binaryen, pinned in package-lock.json: Debian's older wasm-opt silently
    // produces broken modules from current rustc output.
    run(Command::new(tools::npm_bin("wasm-opt"))
        .arg(&wasm)
        .args(["-O3", "--strip-debug", "--strip-producers", "-o"])
        .arg(&wasm))
}
