//! `cargo xtask dist`: `dist/site/` (what GitHub Pages serves) and `dist/goroscope.html`,
//! one self-contained file that works opened from file:// with no network.

use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::{repo_root, wasm_build, Result};

/// The offline file's loader: see the comment at its top.
const LOADER: &str = include_str!("offline/loader.js");

/// The served page's tags that the offline file replaces with inlined content.
const STYLESHEET_TAG: &str = r#"<link rel="stylesheet" href="src/style.css">"#;
const MAIN_SCRIPT_TAG: &str = r#"<script type="module" src="src/main.js"></script>"#;
const CSP_START: &str = r#"<meta http-equiv="Content-Security-Policy" content=""#;

/// `cargo xtask dist` takes no arguments.
pub fn run(args: &[String]) -> Result {
    if let Some(extra) = args.first() {
        return Err(format!("dist: unknown argument {extra}"));
    }
    build()?;
    let dist = repo_root().join("dist");
    println!("goroscope: built {}", dist.join("site").display());
    println!("goroscope: built {}", dist.join("goroscope.html").display());
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
    let html = offline_html(&www)?;
    write(&dist.join("goroscope.html"), html.as_bytes())
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

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// Every JavaScript module of the site, by its path relative to `www/`.
fn modules(www: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut found = Vec::new();
    for dir in ["src", "pkg"] {
        for file in read_dir(&www.join(dir))? {
            if file.extension().is_some_and(|e| e == "js") {
                let name = file.file_name().unwrap_or_default().to_string_lossy();
                found.push((format!("{dir}/{name}"), read(&file)?));
            }
        }
    }
    Ok(found)
}

/// `'sha256-…'` of an inline script or style, for the CSP.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The served `index.html` with its stylesheet, modules and wasm inlined.
///
/// The CSP stays strict: inline code is allowed only by hash; `blob:` is allowed for
/// scripts and workers because the loader turns embedded modules into blob: URLs (only
/// code already running in the page can create those); nothing may connect anywhere.
fn offline_html(www: &Path) -> Result<String> {
    let base64 = base64::engine::general_purpose::STANDARD;
    let index = String::from_utf8(read(&www.join("index.html"))?)
        .map_err(|_| "www/index.html is not UTF-8".to_owned())?;
    let css = String::from_utf8(read(&www.join("src/style.css"))?)
        .map_err(|_| "www/src/style.css is not UTF-8".to_owned())?;
    if css.contains("</style") {
        return Err("www/src/style.css contains `</style`".to_owned());
    }
    let wasm = read(&www.join("pkg").join(wasm_build::WASM))?;

    let mut blocks = String::new();
    for (path, source) in modules(www)? {
        blocks.push_str(&format!(
            "<script type=\"application/x-goroscope-module\" data-path=\"{path}\">{}</script>\n",
            base64.encode(source)
        ));
    }
    blocks.push_str(&format!(
        "<script type=\"application/wasm-base64\" id=\"goroscope-wasm\">{}</script>\n",
        base64.encode(&wasm)
    ));
    blocks.push_str(&format!("<script type=\"module\">{LOADER}</script>"));

    let policy = format!(
        "default-src 'none'; script-src {} blob: 'wasm-unsafe-eval'; style-src {}; \
         img-src data:; worker-src blob:; connect-src 'none'; object-src 'none'; \
         base-uri 'none'; form-action 'none'",
        csp_hash(LOADER),
        csp_hash(&css)
    );
    let html = replace_once(&index, STYLESHEET_TAG, &format!("<style>{css}</style>"))?;
    let html = replace_once(&html, MAIN_SCRIPT_TAG, "")?;
    let html = replace_once(&html, "</body>", &format!("{blocks}\n</body>"))?;
    let csp_start = html
        .find(CSP_START)
        .ok_or("www/index.html has no CSP meta tag")?;
    let content_start = csp_start + CSP_START.len();
    let content_end = content_start
        + html[content_start..]
            .find('"')
            .ok_or("unterminated CSP meta tag")?;
    Ok(format!(
        "{}{policy}{}",
        &html[..content_start],
        &html[content_end..]
    ))
}

fn replace_once(text: &str, tag: &str, with: &str) -> Result<String> {
    match text.matches(tag).count() {
        1 => Ok(text.replacen(tag, with, 1)),
        n => Err(format!(
            "www/index.html: expected `{tag}` exactly once, found {n} times"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hash_matches_the_browsers_format() {
        // echo -n "" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn the_served_page_has_the_tags_the_offline_file_replaces() {
        let index = std::fs::read_to_string(repo_root().join("www/index.html")).unwrap();
        for tag in [STYLESHEET_TAG, MAIN_SCRIPT_TAG, CSP_START, "</body>"] {
            assert_eq!(index.matches(tag).count(), 1, "{tag}");
        }
    }
}
