//! The symptom annotations of a report, printed first in the terminal output: what the
//! dump means before the tables that show it.

use std::fmt::Write;

use goroseer::report::Report;
use goroseer::rules::{Evidence, RuleOptions, Severity, Unit, Value, RULES, THRESHOLDS};

/// Every profile's annotations, critical first (the report's order); empty when no rule
/// fired.
pub fn render(file: &str, report: &Report) -> String {
    let mut out = String::new();
    if report.profiles.iter().all(|p| p.annotations.is_empty()) {
        return out;
    }
    let _ = writeln!(out, "{file}: what it means");
    for line in wrap(&report.summary.text, 96) {
        let _ = writeln!(out, "  {line}");
    }
    for (index, profile) in report.profiles.iter().enumerate() {
        if profile.annotations.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#{index} {}", profile.kind);
        for a in &profile.annotations {
            let mark = match a.severity {
                Severity::Critical => "CRITICAL",
                Severity::Warning => "WARNING ",
                Severity::Info => "info    ",
            };
            let _ = writeln!(out, "  {mark} {}  [{}]", a.title, a.rule);
            for line in wrap(&a.detail, 88) {
                let _ = writeln!(out, "           {line}");
            }
            evidence(&mut out, &a.evidence);
            for m in &a.merged {
                let _ = writeln!(
                    out,
                    "           + {} {}  [{}]",
                    m.severity.name(),
                    m.title,
                    m.rule
                );
            }
        }
    }
    out.push('\n');
    out
}

/// The evidence under an annotation, one fact a line (`label: value`, formatted by its
/// unit as the page formats it); a table's rows one a line below its label.
pub(crate) fn evidence(out: &mut String, evidence: &Evidence) {
    for item in evidence.iter() {
        let Value::Table(table) = &item.value else {
            let text = indent_lines(&item.text(), "             ");
            let _ = writeln!(out, "           · {}: {text}", item.label);
            continue;
        };
        let _ = writeln!(out, "           · {}:", item.label);
        for row in &table.rows {
            let cells: Vec<String> = table
                .columns
                .iter()
                .zip(row)
                .map(|(column, value)| {
                    let (key, text) = (column.0, value.text(column.0.unit()));
                    // A yes/no needs its label; the other units say what they are.
                    if key.unit() == Unit::Flag {
                        format!("{}: {text}", key.label())
                    } else {
                        text
                    }
                })
                .collect();
            let row = indent_lines(&cells.join(" · "), "                 ");
            let _ = writeln!(out, "               {row}");
        }
    }
}

/// `text` with each of its later lines indented by `indent` (a multi-line panic value
/// stays inside its finding's block), tabs at their starts made spaces.
fn indent_lines(text: &str, indent: &str) -> String {
    if !text.contains('\n') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(indent);
            let body = line.trim_start_matches('\t');
            let tabs = line.len() - body.len();
            out.push_str(&"    ".repeat(tabs));
            out.push_str(body);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `goroseer --explain RULE`: a rule's documentation with the thresholds in force, or
/// the list of rules when `id` is not one.
pub fn explain(id: &str, options: &RuleOptions) -> Result<String, String> {
    let Some(rule) = goroseer::rules::find(id) else {
        let ids: Vec<&str> = RULES.iter().map(|r| r.doc.id).collect();
        return Err(format!("unknown rule `{id}`; rules: {}", ids.join(", ")));
    };
    let doc = &rule.doc;
    let mut out = String::new();
    let severities: Vec<&str> = doc.severities.iter().map(|s| s.name()).collect();
    let _ = writeln!(
        out,
        "{} ({})  [{}]",
        doc.id,
        doc.title,
        severities.join(" / ")
    );
    for (heading, text) in [
        ("What it does", doc.what_it_does),
        ("Why it matters", doc.why_it_matters),
        ("What to look at next", doc.what_next),
    ] {
        let _ = writeln!(out, "\n{heading}:");
        for line in wrap(text, 92) {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !doc.thresholds.is_empty() {
        let _ = writeln!(out, "\nThresholds (--threshold NAME=VALUE):");
        for name in doc.thresholds {
            let value = options.get(name).unwrap_or_default();
            let unit = THRESHOLDS
                .iter()
                .find(|t| t.name == *name)
                .map_or("", |t| t.unit);
            let _ = writeln!(out, "  {name} = {value} ({unit})");
        }
    }
    let _ = writeln!(out, "\nMore: docs/rules/{}.md", doc.id);
    Ok(out)
}

/// Splits `text` into lines of at most `width` characters at spaces.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_come_critical_first_on_a_real_dump() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/corpus/goroutine-sync-contention/goroutine.debug2.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let analysis = goroseer::analyze(&text, &goroseer::Options::default());
        let out = render("shop", &analysis.report());
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("shop: what it means"));
        // The incident summary leads.
        let summary = lines.next().unwrap();
        assert!(
            summary.starts_with("  2 bottlenecks hold 642 of 773 goroutines: the mutex"),
            "{summary}"
        );
        let mut lines = lines.skip_while(|l| *l != "#0 goroutine").skip(1);
        let first = lines.next().unwrap();
        assert!(
            first.starts_with("  CRITICAL 500 goroutines wait for the mutex inventory.(*Store)")
                && first.ends_with("[bottleneck]"),
            "{first}"
        );
        // The mutex-contention finding about the same waiters is folded into it.
        assert!(
            out.contains("+ critical 500 goroutines wait to lock a mutex"),
            "{out}"
        );
    }

    #[test]
    fn a_multi_line_panic_value_stays_inside_its_finding() {
        // `go test -timeout` (tests/fixtures/gen/testtimeout-parallel): the panic value
        // holds the `running tests:` list on its later lines.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/paste/test-timeout-parallel.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let analysis = goroseer::analyze(&text, &goroseer::Options::default());
        let out = render("t", &analysis.report());
        let block: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("#0"))
            .skip(1)
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(block.len() > 5, "{out}");
        for line in &block {
            assert!(line.starts_with("  "), "{line:?} in\n{out}");
            assert!(!line.contains('\t'), "{line:?}");
        }
        assert!(
            out.contains(
                "           · panic: test timed out after 2s\n             running tests:\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn evidence_is_printed_one_fact_a_line_by_its_unit() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/corpus/goroutine-sync-contention/goroutine.debug1.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let analysis = goroseer::analyze(&text, &goroseer::Options::default());
        let report = analysis.report();
        let mutex = &report.profiles[0].annotations[0];
        let out = render("shop", &report);
        for item in mutex
            .evidence
            .iter()
            .filter(|i| !matches!(i.value, Value::Table(_)))
        {
            let line = format!("           · {}: {}\n", item.label, item.text());
            assert!(out.contains(&line), "{line:?} in\n{out}");
        }
        assert!(
            out.contains("           · goroutines: 500 goroutines\n"),
            "{out}"
        );
        // debug=1 records print no wait reason: the holder's row says so.
        assert!(out.contains(" · no state · 1 goroutine · group "), "{out}");
    }

    #[test]
    fn nothing_is_printed_when_no_rule_fires() {
        let analysis = goroseer::analyze("", &goroseer::Options::default());
        assert_eq!(render("empty", &analysis.report()), "");
    }

    #[test]
    fn explain_shows_the_thresholds_in_force() {
        let mut options = RuleOptions::default();
        options.set("longWaitMinutes", "3").unwrap();
        let text = explain("long-wait", &options).unwrap();
        assert!(text.starts_with("long-wait (Goroutines blocked for a long time)"));
        assert!(text.contains("longWaitMinutes = 3 (minutes)"), "{text}");
        assert!(explain("no-such-rule", &options)
            .unwrap_err()
            .contains("mutex-contention"));
    }

    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
    }
}
