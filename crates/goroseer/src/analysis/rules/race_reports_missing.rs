//! `race-reports-missing`: the input says the race detector found races (`Found N data
//! race(s)`, a test failed with `race detected during execution of test`, the end of a
//! report) but the reports that name the racing code are not in it.

use super::evidence::Key;
use super::{
    agree, count_of, Annotation, Check, Example, RaceInput, Rule, RuleDoc, RuleOptions, Severity,
    Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "race-reports-missing",
        title: "Races found, reports not in the input",
        severities: &[Severity::Critical],
        target: Target::Race,
        what_it_does: "Reads the race detector's summary lines when the reports they sum up \
are not in the input: `Found N data race(s)` (with `exit status 66`, the race detector's exit \
code) with fewer reports than N, a test `go test` failed with `testing.go:NNNN: race detected \
during execution of test`, or only the end of a report (a paste that starts after its \
accesses). It says how many races the detector found, how many reports the input holds and \
which tests failed.",
        why_it_matters: "Each race the detector found is a real bug, but these lines do not \
say where: the code sites are in the `WARNING: DATA RACE` reports printed before them, which \
the paste left out (often only the last lines of a CI log are copied).",
        what_next: "Get the whole output of the run (`go test -race ./... 2>&1 | tee race.log`, \
or the CI job's full log) and read it here: each report names the two racing sites.",
        thresholds: &[],
        example: Example {
            fixture: "race/setenv-from-goroutine.tail.txt",
            excerpt: concat!(
                "==================\n",
                "--- FAIL: TestSetenvFromGoroutine (0.01s)\n",
                "    testing.go:1867: race detected during execution of test"
            ),
            thresholds: &[],
        },
    },
    check: Check::Race(check),
};

fn check(input: &RaceInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let profile = input.profile;
    let shown = profile
        .reports
        .iter()
        .filter(|r| !r.accesses.is_empty())
        .count() as u64;
    let cut = profile.reports.len() as u64 - shown;
    let tests: Vec<&str> = profile
        .raced_tests
        .iter()
        .map(|t| t.name.as_deref().unwrap_or("a test"))
        .collect();
    let found = profile.found.filter(|&n| n > shown);
    if found.is_none() && (shown > 0 || (tests.is_empty() && cut == 0)) {
        return;
    }
    let in_input = match shown {
        0 => "none of the reports is in the input".to_owned(),
        n => format!(
            "only {} {} in the input",
            count_of(n, "report"),
            agree(n, "is", "are")
        ),
    };
    let title = match found {
        Some(n) => format!(
            "The race detector found {}; {in_input}",
            count_of(n, "data race")
        ),
        None if !tests.is_empty() => format!(
            "{} failed on a data race; the race report is not in the input",
            list(&tests)
        ),
        None => "A race report cut above: its accesses are not in the input".to_owned(),
    };
    let mut detail = String::new();
    if let Some(n) = found {
        detail.push_str(&format!(
            "`Found {n} data race(s)` is the race detector's summary at the end of the run \
             (its exit status is then 66); {in_input}. "
        ));
    }
    if !tests.is_empty() {
        detail.push_str(&format!(
            "`go test` failed {} because the race detector reported a race while {} ran \
             (`race detected during execution of test`). ",
            list(&tests),
            if tests.len() == 1 { "it" } else { "they" }
        ));
    }
    if cut > 0 {
        detail.push_str(&format!(
            "The input starts inside {}, after {}: only {} end is here. ",
            if cut == 1 {
                "a race report"
            } else {
                "race reports"
            },
            if cut == 1 {
                "its accesses"
            } else {
                "their accesses"
            },
            if cut == 1 { "its" } else { "their" },
        ));
    }
    detail.push_str(
        "Each race is printed as a `WARNING: DATA RACE` report naming the two racing code \
         sites, before these lines: paste the whole output to see them.",
    );
    let mut annotation = Annotation::new(RULE.doc.id, Severity::Critical, title, detail);
    if let Some(n) = profile.found {
        annotation = annotation.with(Key::RacesFound, n);
    }
    annotation = annotation.with(Key::Reports, shown);
    if !tests.is_empty() {
        annotation = annotation.with(Key::RacedTests, tests.join(", "));
    }
    out.push(annotation);
}

/// `TestA`, `TestA and TestB`, `TestA, TestB and 3 more tests`.
fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more tests", rest.len()),
    }
}
