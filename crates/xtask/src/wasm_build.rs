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
/// [`WASM`] xz-compressed: what the page downloads (www/src/analyzer.js). gzip, which is
/// all a static host such as GitHub Pages applies, leaves the module at ~400 KB; xz at
/// ~300 KB, and its decoder ([`XZ_JS`]) is ~10 KB.
pub const WASM_XZ: &str = "goroseer_wasm_bg.wasm.xz";
/// The xz decoder the page imports: the npm package xz-decompress bundled into one ES
/// module (entry `crates/xtask/node/xz-entry.js`).
pub const XZ_JS: &str = "xz.js";

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
    let xz = xz_compress(&crate::dist::read(&pkg.join(WASM))?)?;
    eprintln!(
        "xtask: {} is {} KB",
        pkg.join(WASM_XZ).display(),
        xz.len() / 1024
    );
    std::fs::write(pkg.join(WASM_XZ), xz)
        .map_err(|e| format!("writing {}: {e}", pkg.join(WASM_XZ).display()))?;
    run(Command::new(tools::npm_bin("esbuild"))
        .arg(repo_root().join("crates/xtask/node/xz-entry.js"))
        .args(["--bundle", "--format=esm", "--platform=browser", "--minify"])
        .arg(format!("--outfile={}", pkg.join(XZ_JS).display()))
        .current_dir(repo_root()))
}

/// `bytes` as an .xz file (preset 9, CRC64 check: what `xz -9` writes), which the page's
/// decoder (xz-embedded) reads.
pub fn xz_compress(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let fail = |e: std::io::Error| format!("xz: {e}");
    let mut writer = lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(9))
        .map_err(fail)?;
    writer.write_all(bytes).map_err(fail)?;
    writer.finish().map_err(fail)
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

#[cfg(test)]
mod tests {
    use std::io::Read;

    /// What the page's decoder gets back is the module, byte for byte (a text stands in
    /// for the module: the build's output is not there when unit tests run).
    #[test]
    fn xz_packing_round_trips() {
        let module: Vec<u8> = (0..50_000u32)
            .flat_map(|i| {
                format!("goroutine {i} [chan receive, {} minutes]:\n", i % 97).into_bytes()
            })
            .collect();
        let packed = super::xz_compress(&module).unwrap();
        assert!(packed.starts_with(b"\xfd7zXZ\0"), "an .xz file");
        assert!(
            packed.len() < module.len() / 10,
            "{} of {}",
            packed.len(),
            module.len()
        );
        let mut unpacked = Vec::new();
        lzma_rust2::XzReader::new(&packed[..], false)
            .read_to_end(&mut unpacked)
            .unwrap();
        assert!(unpacked == module);
    }
}
