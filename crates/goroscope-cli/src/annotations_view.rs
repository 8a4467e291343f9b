//! The symptom annotations of a report, printed first in the terminal output: what the
//! dump means before the tables that show it.

use goroscope::report::Report;
use goroscope::rules::Severity;

/// Prints every profile's annotations, critical first (the report's order).
pub fn print(report: &Report) {
    for (index, profile) in report.profiles.iter().enumerate() {
        if profile.annotations.is_empty() {
            continue;
        }
        if report.profiles.len() > 1 {
            println!("profile {} ({}):", index + 1, profile.kind);
        }
        for a in &profile.annotations {
            let mark = match a.severity {
                Severity::Critical => "CRITICAL",
                Severity::Warning => "WARNING ",
                Severity::Info => "info    ",
            };
            println!("  {mark} [{}] {}", a.rule, a.title);
            for line in wrap(&a.detail, 88) {
                println!("           {line}");
            }
        }
        println!();
    }
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
