//! `dist/goroseer.html`: the built site's `index.html` (`dist/site/`, minified) with
//! everything it loads inlined, so that it works opened from file:// with no network.
//!
//! - each `<link rel="stylesheet" href="…">` becomes a `<style>` element;
//! - every `.js` file of the site (site modules, the wasm-bindgen glue, the xz decoder)
//!   becomes a base64 data block, linked at run time by `offline/loader.js`;
//! - every other file (the xz-packed wasm, example dumps…) becomes a data block the page
//!   can read with `goroseerEmbedded.file(path)`; the page unpacks and compiles the wasm
//!   and hands the module to its worker. The plain wasm, the served page's fallback, is
//!   left out.
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
/// The page's preloads (the analyzer's module and the xz decoder it imports, the packed
/// wasm it compiles), removed too: the offline file embeds them, and a file:// page may
/// fetch nothing.
const PRELOAD_TAGS: [&str; 3] = [
    r#"<link rel="preload" href="pkg/goroseer_wasm_bg.wasm.xz" as="fetch" crossorigin>"#,
    r#"<link rel="modulepreload" href="src/analyzer.js">"#,
    r#"<link rel="modulepreload" href="pkg/xz.js">"#,
];
/// What any other module script or preload of the page would start with: a file:// page
/// cannot load them, so finding one left is an error (teach this file about it).
const UNHANDLED_MODULE_TAGS: [&str; 3] = [
    r#"<script type="module" src="#,
    r#"rel="modulepreload""#,
    r#"rel="preload""#,
];
const CSP_START: &str = r#"<meta http-equiv="Content-Security-Policy" content=""#;
/// The web app manifest of the site (installable, offline by its service worker): a file
/// opened from disk needs neither, so it goes.
const MANIFEST_TAG: &str = r#"<link rel="manifest" href="manifest.json">"#;

/// Builds the single file from the built site folder (`dist/site/`, or `www/` once built).
pub fn single_file(www: &Path) -> Result<String> {
    let base64 = base64::engine::general_purpose::STANDARD;
    let index = String::from_utf8(read(&www.join("index.html"))?)
        .map_err(|_| "www/index.html is not UTF-8".to_owned())?;
    let (html, styles) = inline_stylesheets(www, &index)?;

    let files = files(www, "")?;
    missing_imports(&files)?;
    let mut blocks = String::new();
    for (path, bytes) in files {
        let kind = if path.ends_with(".js") {
            "application/x-goroseer-module"
        } else if path == "index.html" || path.ends_with(".css") {
            continue;
        } else if path == format!("pkg/{}", crate::wasm_build::WASM) {
            // The page unpacks the xz-packed module (a third of the bytes); the plain one
            // is only the served page's fallback.
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
    for tag in MODULE_SCRIPT_TAGS
        .into_iter()
        .chain(PRELOAD_TAGS)
        .chain([MANIFEST_TAG])
    {
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

/// The modules the offline loader starts: the page's, and the workers' (each its own copy).
const ENTRY_MODULES: [&str; 3] = ["src/main.js", "src/worker.js", "src/inflate-worker.js"];

/// An error naming the first module, of those the loader links from [`ENTRY_MODULES`],
/// whose relative import (`from './x.js'`, or `import('./x.js')` of a view loaded when
/// first opened) is not among `files`: the loader would fail on it only when that view
/// is opened.
fn missing_imports(files: &[(String, Vec<u8>)]) -> Result {
    let by_path: std::collections::HashMap<&str, &[u8]> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let mut queue: Vec<String> = ENTRY_MODULES.map(str::to_owned).to_vec();
    let mut seen = std::collections::HashSet::new();
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let Some(bytes) = by_path.get(path.as_str()) else {
            return Err(format!("www/{path} is not there to embed"));
        };
        let source = String::from_utf8_lossy(bytes);
        for specifier in relative_imports(&source) {
            let target = resolve(&path, specifier);
            if !by_path.contains_key(target.as_str()) {
                return Err(format!(
                    "www/{path} imports {specifier}, but www/{target} is not there to embed"
                ));
            }
            queue.push(target);
        }
    }
    Ok(())
}

/// The relative specifiers after `from` or `import` / `import(` in a module's text: what
/// `offline/loader.js` links (the same pattern).
fn relative_imports(source: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for keyword in ["from", "import"] {
        for (at, _) in source.match_indices(keyword) {
            let before = source[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.') {
                continue;
            }
            let rest = source[at + keyword.len()..].trim_start();
            let rest = match (keyword, rest.strip_prefix('(')) {
                ("import", Some(inner)) => inner.trim_start(),
                _ => rest,
            };
            let Some(quote) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else {
                continue;
            };
            let body = &rest[1..];
            let Some(end) = body.find(quote) else {
                continue;
            };
            let specifier = &body[..end];
            if specifier.starts_with("./") || specifier.starts_with("../") {
                found.push(specifier);
            }
        }
    }
    found
}

/// `specifier` imported by the module at `from` (both relative to `www`), as a path
/// relative to `www`.
fn resolve(from: &str, specifier: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in specifier.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
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
        for tag in MODULE_SCRIPT_TAGS
            .into_iter()
            .chain(PRELOAD_TAGS)
            .chain([CSP_START, "</body>"])
        {
            assert_eq!(index.matches(tag).count(), 1, "{tag}");
        }
        assert!(index.contains(STYLESHEET_START));
        let rest = MODULE_SCRIPT_TAGS
            .iter()
            .chain(&PRELOAD_TAGS)
            .fold(index, |page, tag| page.replace(tag, ""));
        for tag in UNHANDLED_MODULE_TAGS {
            assert!(!rest.contains(tag), "{tag}");
        }
    }

    #[test]
    fn every_import_of_the_site_is_embedded() {
        let www = crate::repo_root().join("www");
        let mut site: Vec<_> = files(&www, "")
            .unwrap()
            .into_iter()
            .filter(|(p, _)| !p.starts_with("pkg/"))
            .collect();
        // The wasm-bindgen glue the worker imports, and the xz decoder the analyzer
        // imports, are built by `cargo xtask dist`.
        for glue in [
            "pkg/goroseer_wasm.js",
            "pkg/goroseer_archive_wasm.js",
            "pkg/xz.js",
        ] {
            site.push((glue.to_owned(), Vec::new()));
        }
        assert_eq!(missing_imports(&site), Ok(()));
        // The views loaded when first opened are among the imports checked.
        let viewer = site.iter().find(|(p, _)| p == "src/viewer.js").unwrap();
        let lazy = relative_imports(std::str::from_utf8(&viewer.1).unwrap());
        for view in ["./heap-view.js", "./cpu-view.js", "./charts-view.js"] {
            assert!(lazy.contains(&view), "{view} in {lazy:?}");
        }
        // Without one of them, the build stops and names it.
        let without: Vec<_> = site
            .into_iter()
            .filter(|(p, _)| p != "src/cpu-view.js")
            .collect();
        let error = missing_imports(&without).unwrap_err();
        assert!(error.contains("src/cpu-view.js"), "{error}");
    }

    #[test]
    fn imports_are_read_as_the_loader_links_them() {
        let source = "import { a } from './a.js';\nimport './side.js';\n\
                      const v = () => import('../pkg/v.js');\nimport x from \"y\";\n\
                      reimport('./no.js'); // from './b.js' too";
        assert_eq!(
            relative_imports(source),
            ["./a.js", "./b.js", "./side.js", "../pkg/v.js"]
        );
        assert_eq!(resolve("src/worker.js", "../pkg/v.js"), "pkg/v.js");
        assert_eq!(
            resolve("src/viewer.js", "./heap-view.js"),
            "src/heap-view.js"
        );
        assert_eq!(resolve("index.js", "./src/main.js"), "src/main.js");
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
