//! `dist/goroseer.html`: the served `www/index.html` with everything it loads inlined,
//! so that it works opened from file:// with no network.
//!
//! - each `<link rel="stylesheet" href="…">` becomes a `<style>` element;
//! - every `.js` file under `www/` (site modules and the wasm-bindgen glue) becomes a
//!   base64 data block, linked at run time by `offline/loader.js`;
//! - every other file (the wasm, example dumps…) becomes a data block the page can read
//!   with `goroseerEmbedded.file(path)`; the page hands the wasm bytes to its worker.
//!
//! The CSP stays strict: inline code is allowed only by hash; `blob:` is allowed for
//! scripts and workers because the loader turns embedded modules into blob: URLs (only
//! code already running in the page can create those); nothing may connect anywhere.

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::dist::{read, read_dir};
use crate::Result;

/// The offline file's loader: see the comment at its top.
const LOADER: &str = include_str!("offline/loader.js");

const STYLESHEET_START: &str = r#"<link rel="stylesheet" href=""#;
/// The page's module scripts, removed from the offline file: its loader imports
/// `src/main.js`, which imports `src/page-analyzer.js` (the same module, so one analyzer).
const MODULE_SCRIPT_TAGS: [&str; 2] = [
    r#"<script type="module" src="src/page-analyzer.js" async></script>"#,
    r#"<script type="module" src="src/main.js"></script>"#,
];
/// What any other module script or module preload of the page would start with: a file://
/// page cannot load them, so finding one left is an error (teach this file about it).
const UNHANDLED_MODULE_TAGS: [&str; 2] =
    [r#"<script type="module" src="#, r#"rel="modulepreload""#];
const CSP_START: &str = r#"<meta http-equiv="Content-Security-Policy" content=""#;
/// The web app manifest of the site (installable, offline by its service worker): a file
/// opened from disk needs neither, so it goes.
const MANIFEST_TAG: &str = r#"<link rel="manifest" href="manifest.json">"#;

/// Builds the single file from the (already built) `www` folder.
pub fn single_file(www: &Path) -> Result<String> {
    let base64 = base64::engine::general_purpose::STANDARD;
    let index = String::from_utf8(read(&www.join("index.html"))?)
        .map_err(|_| "www/index.html is not UTF-8".to_owned())?;
    let (html, styles) = inline_stylesheets(www, &index)?;

    let mut blocks = String::new();
    for (path, bytes) in files(www, "")? {
        let kind = if path.ends_with(".js") {
            "application/x-goroseer-module"
        } else if path == "index.html" || path.ends_with(".css") {
            continue;
        } else {
            "application/x-goroseer-file"
        };
        blocks.push_str(&format!(
            "<script type=\"{kind}\" data-path=\"{path}\">{}</script>\n",
            base64.encode(bytes)
        ));
    }
    blocks.push_str(&format!("<script type=\"module\">{LOADER}</script>"));

    let style_hashes: Vec<String> = styles.iter().map(|css| csp_hash(css)).collect();
    let policy = format!(
        "default-src 'none'; script-src {} blob: 'wasm-unsafe-eval'; style-src {}; \
         img-src data:; worker-src blob:; connect-src 'none'; object-src 'none'; \
         base-uri 'none'; form-action 'none'",
        csp_hash(LOADER),
        if style_hashes.is_empty() {
            "'none'".to_owned()
        } else {
            style_hashes.join(" ")
        }
    );
    let mut html = html;
    for tag in MODULE_SCRIPT_TAGS.into_iter().chain([MANIFEST_TAG]) {
        html = replace_once(&html, tag, "")?;
    }
    if let Some(tag) = UNHANDLED_MODULE_TAGS.iter().find(|t| html.contains(*t)) {
        return Err(format!(
            "www/index.html has a `{tag}…` that crates/xtask/src/offline.rs does not handle"
        ));
    }
    let html = replace_once(&html, "</body>", &format!("{blocks}\n</body>"))?;
    replace_csp(&html, &policy)
}

/// Every file under `www/<dir>`, by its path relative to `www`, skipping hidden files.
fn files(www: &Path, dir: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let mut found = Vec::new();
    for entry in read_dir(&www.join(dir))? {
        let name = entry.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = if dir.is_empty() {
            name.into_owned()
        } else {
            format!("{dir}/{name}")
        };
        if entry.is_dir() {
            found.extend(files(www, &path)?);
        } else {
            found.push((path, read(&entry)?));
        }
    }
    Ok(found)
}

/// Replaces each stylesheet link by a `<style>` with the file's text; returns the page
/// and the inlined texts (for their CSP hashes).
fn inline_stylesheets(www: &Path, index: &str) -> Result<(String, Vec<String>)> {
    let mut html = String::new();
    let mut styles = Vec::new();
    let mut rest = index;
    while let Some(start) = rest.find(STYLESHEET_START) {
        let href_start = start + STYLESHEET_START.len();
        let href_end = href_start + rest[href_start..].find('"').ok_or("unterminated link")?;
        let tag_end = href_end + rest[href_end..].find('>').ok_or("unterminated link")? + 1;
        let href = &rest[href_start..href_end];
        let css = String::from_utf8(read(&www.join(href))?)
            .map_err(|_| format!("www/{href} is not UTF-8"))?;
        if css.contains("</style") {
            return Err(format!("www/{href} contains `</style`"));
        }
        html.push_str(&rest[..start]);
        html.push_str(&format!("<style>{css}</style>"));
        styles.push(css);
        rest = &rest[tag_end..];
    }
    html.push_str(rest);
    Ok((html, styles))
}

fn replace_csp(html: &str, policy: &str) -> Result<String> {
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

/// `'sha256-…'` of an inline script or style, for the CSP.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
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
        // printf '' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn the_served_page_has_the_tags_the_offline_file_replaces() {
        let index = std::fs::read_to_string(crate::repo_root().join("www/index.html")).unwrap();
        for tag in MODULE_SCRIPT_TAGS.into_iter().chain([CSP_START, "</body>"]) {
            assert_eq!(index.matches(tag).count(), 1, "{tag}");
        }
        assert!(index.contains(STYLESHEET_START));
        let rest = MODULE_SCRIPT_TAGS
            .iter()
            .fold(index, |page, tag| page.replace(tag, ""));
        for tag in UNHANDLED_MODULE_TAGS {
            assert!(!rest.contains(tag), "{tag}");
        }
    }

    #[test]
    fn stylesheets_are_inlined_in_place() {
        let www = crate::repo_root().join("www");
        let page = "<head><link rel=\"stylesheet\" href=\"src/style.css\"></head>";
        let (html, styles) = inline_stylesheets(&www, page).unwrap();
        assert_eq!(styles.len(), 1);
        assert_eq!(html, format!("<head><style>{}</style></head>", styles[0]));
        assert!(inline_stylesheets(&www, "<link rel=\"stylesheet\" href=\"nope.css\">").is_err());
    }
}
