//! The symptom annotations of a report, printed first in the terminal output: what the
//! dump means before the tables that show it.

use std::fmt::Write;

use goroscope::report::Report;
use goroscope::rules::Severity;

/// Every profile's annotations, critical first (the report's order); empty when no rule
/// fired.
pub fn render(file: &str, report: &Report) -> String {
    let mut out = String::new();
    if report.profiles.iter().all(|p| p.annotations.is_empty()) {
        return out;
    }
    let _ = writeln!(out, "{file}: what it means");
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
        }
    }
    out.push('\n');
    out
}

/// Splits `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
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
    fn wrap_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
    }
}
