//! `cargo xtask dist`: `dist/site/` (what GitHub Pages serves) and `dist/goroseer.html`,
//! one self-contained file that works opened from file:// with no network.

use std::path::{Path, PathBuf};

use crate::{offline, repo_root, wasm_build, Result};

/// `cargo xtask dist` takes no arguments.
pub fn run(args: &[String]) -> Result {
    if let Some(extra) = args.first() {
        return Err(format!("dist: unknown argument {extra}"));
    }
    build()?;
    let dist = repo_root().join("dist");
    println!("goroseer: built {}", dist.join("site").display());
    println!("goroseer: built {}", dist.join("goroseer.html").display());
    Ok(())
}

/// Builds the wasm, then both outputs.
pub fn build() -> Result {
    wasm_build::build()?;
    let root = repo_root();
    let www = root.join("www");
    let dist = root.join("dist");
    let site = dist.join("site");
    if site.exists() {
        std::fs::remove_dir_all(&site).map_err(|e| format!("removing {}: {e}", site.display()))?;
    }
    copy_tree(&www, &site)?;
    let html = offline::single_file(&www)?;
    write(&dist.join("goroseer.html"), html.as_bytes())
}

/// Copies `from` into `to`, skipping hidden files (`.gitignore` from wasm-bindgen).
fn copy_tree(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    for entry in read_dir(from)? {
        let name = entry
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if name.starts_with('.') {
            continue;
        }
        if entry.is_dir() {
            copy_tree(&entry, &to.join(&name))?;
        } else {
            std::fs::copy(&entry, to.join(&name))
                .map_err(|e| format!("copying {}: {e}", entry.display()))?;
        }
    }
    Ok(())
}

pub(crate) fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}
