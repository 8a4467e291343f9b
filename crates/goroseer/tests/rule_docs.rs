//! `docs/rules/` is generated from the rules' own `RuleDoc`s and from what each rule
//! reports on its example dump. This test renders it and fails when the committed files
//! differ; run `UPDATE_RULE_DOCS=1 cargo test -p goroseer --test rule_docs` to rewrite them.

mod rules_fixture;

use std::collections::BTreeSet;

use goroseer::rules::{catalogue, RuleOptions, RULES, THRESHOLDS};
use rules_fixture::{annotate, fixture, repo_root};

const REGENERATE: &str = "UPDATE_RULE_DOCS=1 cargo test -p goroseer --test rule_docs";

/// Renders every file of `docs/rules/`: `(file name, contents)`.
fn rendered() -> Vec<(String, String)> {
    let defaults = RuleOptions::default();
    let mut files = vec![(
        "README.md".to_owned(),
        catalogue::render_index(RULES, &defaults),
    )];
    for rule in RULES {
        let doc = &rule.doc;
        let example = doc.example;
        let found = annotate(example.fixture, example.thresholds);
        let annotation = found.iter().find(|a| a.rule == doc.id).unwrap_or_else(|| {
            panic!(
                "{}: the example dump {} does not fire the rule (got {:?})",
                doc.id,
                example.fixture,
                found.iter().map(|a| a.rule).collect::<Vec<_>>()
            )
        });
        // Group indices depend on the grouping level, so the docs leave them out.
        let shown = serde_json::json!({
            "rule": annotation.rule,
            "severity": annotation.severity,
            "title": annotation.title,
            "detail": annotation.detail,
            "evidence": annotation.evidence,
        });
        let json = serde_json::to_string_pretty(&shown).unwrap();
        files.push((
            format!("{}.md", doc.id),
            catalogue::render_rule(doc, &defaults, &json),
        ));
    }
    files
}

#[test]
fn rule_docs_are_up_to_date() {
    let dir = repo_root().join("docs/rules");
    let files = rendered();
    if std::env::var_os("UPDATE_RULE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                std::fs::remove_file(path).unwrap();
            }
        }
        for (name, text) in &files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in &files {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(committed) if committed == *text => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(_) => stale.push(format!("{name} is missing")),
        }
    }
    let expected: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !expected.contains(name.as_str()) {
                stale.push(format!("{name} belongs to no rule"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is stale ({}); regenerate with `{REGENERATE}`",
        stale.join(", ")
    );
}

#[test]
fn every_rule_is_documented_completely_and_uniquely() {
    let mut ids = BTreeSet::new();
    for rule in RULES {
        let doc = &rule.doc;
        assert!(ids.insert(doc.id), "duplicate id {}", doc.id);
        assert!(
            doc.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is not kebab-case",
            doc.id
        );
        for text in [
            doc.title,
            doc.what_it_does,
            doc.why_it_matters,
            doc.what_next,
        ] {
            assert!(!text.trim().is_empty(), "{}: empty doc section", doc.id);
        }
        assert!(!doc.severities.is_empty(), "{}", doc.id);
        for name in doc.thresholds {
            assert!(
                THRESHOLDS.iter().any(|t| t.name == *name),
                "{}: unknown threshold {name}",
                doc.id
            );
        }
    }
    for t in THRESHOLDS {
        assert!(
            RULES.iter().any(|r| r.doc.thresholds.contains(&t.name)),
            "threshold {} is used by no rule",
            t.name
        );
    }
}

/// The excerpt quoted in a rule's doc is a verbatim part of its example dump: runs of
/// lines separated by `...` lines appear in the dump in that order.
#[test]
fn example_excerpts_are_quoted_from_the_dumps() {
    for rule in RULES {
        let example = rule.doc.example;
        assert!(
            !example.excerpt.trim().is_empty(),
            "{}: no excerpt",
            rule.doc.id
        );
        let text = fixture(example.fixture);
        let mut from = 0;
        let mut chunk = String::new();
        let mut chunks = Vec::new();
        for line in example.excerpt.lines() {
            if line.trim() == "..." {
                chunks.push(std::mem::take(&mut chunk));
            } else {
                chunk.push_str(line);
                chunk.push('\n');
            }
        }
        chunks.push(chunk);
        for chunk in chunks.iter().filter(|c| !c.is_empty()) {
            let chunk = chunk.trim_end_matches('\n');
            match text[from..].find(chunk) {
                Some(at) => from += at + chunk.len(),
                None => panic!(
                    "{}: excerpt not found (in order) in {}:\n{chunk}",
                    rule.doc.id, example.fixture
                ),
            }
        }
    }
}
