//! Redaction checks shared by `redact.rs` (the corpus) and `peers_redact.rs` (other
//! projects' dumps).

use std::path::Path;

use goroseer::{analyze, Options};
use serde_json::Value;

/// Every frame's origin (own code, third party, standard library, runtime), in the order of
/// the report's frame table, and the main module: what the page colours frames by.
fn origins(text: &str) -> (Value, Vec<String>) {
    let report = serde_json::to_value(analyze(text, &Options::default()).report()).unwrap();
    let origins = report["frames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["function"], f["origin"]))
        .collect();
    (report["mainModule"].clone(), origins)
}

/// Asserts that the dump at `path`, redacted, keeps its main module, every frame's origin
/// and its module-cache paths' `/pkg/mod/`; returns whether it had such paths.
pub fn keeps_origins(path: &Path) -> bool {
    let text = super::read(path);
    let redacted = goroseer::redact(&text);
    let name = path.display();
    assert_eq!(origins(&redacted), origins(&text), "{name}");
    let modules = text.contains("/pkg/mod/");
    if modules {
        assert!(redacted.contains("/pkg/mod/"), "{name}");
    }
    modules
}
