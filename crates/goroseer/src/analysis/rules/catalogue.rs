//! The rule docs (`docs/rules/<id>.md` and `docs/rules/README.md`), rendered from each
//! rule's [`RuleDoc`] and the [`THRESHOLDS`] list.
//!
//! The files are generated, never edited: `crates/goroseer/tests/rule_docs.rs` renders
//! them (running each rule on its example dump for the "goroseer says" part) and fails
//! when the committed files differ; `UPDATE_RULE_DOCS=1` rewrites them.

use std::fmt::Write;

use super::{Rule, RuleDoc, RuleOptions, Severity, THRESHOLDS};

/// Severities as `info`, `warning / critical`.
fn severities(doc: &RuleDoc) -> String {
    doc.severities
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Thresholds used by a rule with their default values, as Markdown list items.
fn threshold_lines(doc: &RuleDoc, defaults: &RuleOptions) -> String {
    let mut out = String::new();
    for name in doc.thresholds {
        let t = THRESHOLDS.iter().find(|t| t.name == *name);
        let value = defaults.get(name).unwrap_or_default();
        let (unit, text) = t.map_or(("", ""), |t| (t.unit, t.doc.trim()));
        let _ = writeln!(out, "- `{name}` = `{value}` ({unit}): {}", one_line(text));
    }
    out
}

fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// Renders `docs/rules/<id>.md`. `example_output` is the JSON of the annotation the rule
/// gives on its example dump (rendered by the docs test, which runs the analysis).
pub fn render_rule(doc: &RuleDoc, defaults: &RuleOptions, example_output: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<!-- Generated from crates/goroseer/src/analysis/rules/{}.rs by `UPDATE_RULE_DOCS=1 cargo test -p goroseer --test rule_docs`; do not edit. -->", doc.id.replace('-', "_"));
    let _ = writeln!(out, "# {} (`{}`)\n", doc.title, doc.id);
    let _ = writeln!(out, "- Severity: {}", severities(doc));
    let _ = writeln!(out, "- Reads: {}", doc.target.describe());
    if doc.thresholds.is_empty() {
        let _ = writeln!(out, "- Thresholds: none");
    } else {
        let _ = writeln!(
            out,
            "- Thresholds (override with `--threshold NAME=VALUE` or the `rules` options object):"
        );
        for line in threshold_lines(doc, defaults).lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out, "\n## What it does\n\n{}\n", doc.what_it_does.trim());
    let _ = writeln!(out, "## Why it matters\n\n{}\n", doc.why_it_matters.trim());
    let _ = writeln!(out, "## What to look at next\n\n{}\n", doc.what_next.trim());
    let _ = writeln!(out, "## Example\n");
    let _ = write!(
        out,
        "From the real dump `tests/fixtures/{}`",
        doc.example.fixture
    );
    if doc.example.thresholds.is_empty() {
        let _ = writeln!(out, ":\n");
    } else {
        let set = doc
            .example
            .thresholds
            .iter()
            .map(|(n, v)| format!("`{n}={v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(out, ", with {set}:\n");
    }
    let _ = writeln!(out, "```text\n{}\n```\n", doc.example.excerpt.trim_end());
    let _ = writeln!(out, "goroseer reports:\n");
    let _ = writeln!(out, "```json\n{}\n```", example_output.trim_end());
    out
}

/// Renders `docs/rules/README.md`: every rule with its severities, and every threshold
/// with its default.
pub fn render_index(rules: &[&Rule], defaults: &RuleOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<!-- Generated from crates/goroseer/src/analysis/rules/ by `UPDATE_RULE_DOCS=1 cargo test -p goroseer --test rule_docs`; do not edit. -->");
    let _ = writeln!(out, "# Symptom annotations\n");
    let _ = writeln!(
        out,
        "Every profile in goroseer's report carries `annotations`: what the dump means, \
         each with a severity, a plain explanation and the numbers behind it \
         (`{{\"rule\", \"severity\", \"title\", \"detail\", \"evidence\", \"groups\"}}`, \
         sorted critical first). Severities: `{}` is normal or expected and explains what \
         the dump shows; `{}` is worth a look; `{}` means something is broken.\n",
        Severity::Info.name(),
        Severity::Warning.name(),
        Severity::Critical.name()
    );
    let _ = writeln!(
        out,
        "In a terminal, `goroseer --explain RULE` prints a rule's page with the thresholds \
         in force. Each rule lives in its own file under `crates/goroseer/src/analysis/rules/`, and \
         these pages are generated from those files.\n"
    );
    let _ = writeln!(out, "## Rules\n");
    let _ = writeln!(out, "| rule | severity | reads | thresholds |");
    let _ = writeln!(out, "|---|---|---|---|");
    for rule in rules {
        let doc = &rule.doc;
        let reads = match doc.target {
            super::Target::Goroutine => "goroutines",
            super::Target::Heap => "heap",
            super::Target::Contention => "block/mutex",
            super::Target::Cpu => "cpu",
            super::Target::Race => "race",
            super::Target::Comparison => "several dumps",
        };
        let thresholds = doc
            .thresholds
            .iter()
            .map(|n| format!("`{n}`={}", defaults.get(n).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "| [`{}`]({}.md) {} | {} | {} | {} |",
            doc.id,
            doc.id,
            doc.title,
            severities(doc),
            reads,
            thresholds
        );
    }
    let _ = writeln!(out, "\n## Thresholds\n");
    let _ = writeln!(
        out,
        "All thresholds live in one options object. Override them with \
         `goroseer --threshold NAME=VALUE` (repeatable; `long-wait-minutes` and \
         `long_wait_minutes` work too) or, in the page and the wasm API, with \
         `{{\"rules\": {{\"NAME\": VALUE}}}}`.\n"
    );
    let _ = writeln!(out, "| name | default | unit | meaning |");
    let _ = writeln!(out, "|---|---|---|---|");
    for t in THRESHOLDS {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            t.name,
            defaults.get(t.name).unwrap_or_default(),
            t.unit,
            one_line(t.doc.trim())
        );
    }
    out
}
