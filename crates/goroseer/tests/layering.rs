//! The core's stages depend only on earlier ones: a module of `src/STAGE/` may name
//! `crate::OTHER` only when OTHER comes before STAGE in [`STAGES`]. `model` is the
//! vocabulary every later stage speaks (what a dump says); `parse` fills it from the text
//! `input` cleaned. The crate root (`lib.rs`, the orchestrator and public API) may use
//! every stage; `order.rs` is a leaf any stage may use.
//!
//! Read from the source: every `crate::NAME` outside comments and outside the `#[cfg(test)]`
//! module at the end of a file (tests may build their fixtures with the whole pipeline).

use std::path::{Path, PathBuf};

/// Earliest first.
const STAGES: [&str; 6] = ["input", "model", "parse", "analysis", "query", "report"];

/// Leaf modules at the crate root that any stage may use.
const SHARED: [&str; 1] = ["order"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::NAME` a piece of Rust source names, with its 1-based line.
fn crate_paths(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `goroseer_crate::`, not ours
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                // `crate::{a, b}`: each name in the braces.
                if let Some(list) = rest.strip_prefix('{') {
                    let list = list.split('}').next().unwrap_or("");
                    for item in list.split(',') {
                        let item = item.trim().split("::").next().unwrap_or("").trim();
                        if !item.is_empty() {
                            found.push((i + 1, item.to_owned()));
                        }
                    }
                }
            } else {
                found.push((i + 1, name));
            }
        }
    }
    found
}

/// The stage a file of `src/` belongs to (`None` at the crate root).
fn stage_of(src: &Path, file: &Path) -> Option<usize> {
    let first = file.strip_prefix(src).ok()?.components().next()?;
    let name = first.as_os_str().to_str()?;
    STAGES.iter().position(|s| *s == name)
}

/// Why `name`, used from stage `from`, breaks the layering; `None` when it does not.
fn violation(from: usize, name: &str) -> Option<String> {
    if SHARED.contains(&name) {
        return None;
    }
    match STAGES.iter().position(|s| *s == name) {
        Some(to) if to <= from => None,
        Some(_) => Some(format!("`{name}` is a later stage than `{}`", STAGES[from])),
        None => Some(format!(
            "`{name}` is the crate root (the orchestrator), above every stage"
        )),
    }
}

fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Some(from) = stage_of(src, &file) else {
            continue;
        };
        let source = std::fs::read_to_string(&file).unwrap();
        for (line, name) in crate_paths(&source) {
            if let Some(why) = violation(from, &name) {
                let shown = file.strip_prefix(src).unwrap().display();
                out.push(format!("src/{shown}:{line}: crate::{name}: {why}"));
            }
        }
    }
    out
}

#[test]
fn stages_import_only_from_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "upward imports:\n{}", found.join("\n"));
}

#[test]
fn every_stage_folder_exists() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for stage in STAGES {
        assert!(
            src.join(stage).join("mod.rs").is_file(),
            "src/{stage}/mod.rs"
        );
    }
}

#[test]
fn the_checker_sees_upward_imports() {
    let source = "use crate::model::Frame;\nuse crate::{report::Report, parse};\n\
                  fn f() { crate::analysis::group::group(); }\n// crate::report in a comment\n\
                  #[cfg(test)]\nmod tests { use crate::report::Report; }\n";
    let names: Vec<_> = crate_paths(source);
    assert_eq!(
        names,
        [
            (1, "model".to_owned()),
            (2, "report".to_owned()),
            (2, "parse".to_owned()),
            (3, "analysis".to_owned())
        ]
    );
    let parse = STAGES.iter().position(|s| *s == "parse").unwrap();
    let flagged: Vec<_> = names
        .iter()
        .filter_map(|(_, name)| violation(parse, name))
        .collect();
    assert_eq!(flagged.len(), 2, "{flagged:?}"); // report and analysis, not model or parse
    assert!(violation(parse, "order").is_none());
    assert!(violation(parse, "analyze").is_some());
}
