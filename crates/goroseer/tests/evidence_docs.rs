//! `docs/json.md` lists every evidence key with its unit and label, generated from the
//! vocabulary (`analysis/rules/evidence.rs`): this test fails when the table is stale.
//! `UPDATE_JSON_DOCS=1 cargo test -p goroseer --test evidence_docs` rewrites it.

use goroseer::rules::Key;

const START: &str = "<!-- evidence-keys:start -->\n";
const END: &str = "<!-- evidence-keys:end -->";

/// The table of keys as Markdown.
fn key_table() -> String {
    let mut out = String::from("| key | unit | label |\n| --- | --- | --- |\n");
    for key in Key::ALL {
        let unit = serde_json::to_value(key.unit()).unwrap();
        out.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            key.name(),
            unit.as_str().unwrap(),
            key.label()
        ));
    }
    out
}

#[test]
fn the_documented_evidence_keys_are_the_vocabulary() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/json.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find(START).expect("start marker") + START.len();
    let end = text.find(END).expect("end marker");
    let table = key_table();
    if std::env::var_os("UPDATE_JSON_DOCS").is_some() {
        let updated = format!("{}{table}{}", &text[..start], &text[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        text[start..end] == table,
        "docs/json.md's evidence keys are stale; regenerate with \
         `UPDATE_JSON_DOCS=1 cargo test -p goroseer --test evidence_docs`"
    );
}
