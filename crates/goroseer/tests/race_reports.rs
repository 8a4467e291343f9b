//! Race detector reports generated with `go run -race` / `go test -race`
//! (`tests/fixtures/gen/racy`): every report, access and goroutine the detector printed is
//! read, the reports are grouped by their pair of sites, and each pair gets a finding
//! naming both sites.

mod common;

use common::paste::lines_mapped;
use common::*;
use goroseer::model::race::{AccessOp, RaceProfile};
use goroseer::model::Profile;
use goroseer::Analysis;

fn fixture(name: &str) -> String {
    read(&corpus().join("../race").join(name))
}

fn races(a: &Analysis) -> Vec<&RaceProfile> {
    a.document
        .profiles
        .iter()
        .filter_map(|p| match p {
            Profile::Race(r) => Some(r),
            _ => None,
        })
        .collect()
}

/// What the detector printed, counted from its lines: reports, accesses, goroutines.
fn printed(text: &str) -> (usize, usize, usize) {
    let count = |f: &dyn Fn(&str) -> bool| text.lines().filter(|l| f(l)).count();
    let access = |l: &str| {
        let l = l.strip_prefix("Previous ").unwrap_or(l);
        let l = l.to_ascii_lowercase();
        let l = l.strip_prefix("atomic ").unwrap_or(&l);
        (l.starts_with("read at ") || l.starts_with("write at ")) && l.contains(" by ")
    };
    (
        count(&|l| l == "WARNING: DATA RACE"),
        count(&access),
        count(&|l| l.starts_with("Goroutine ") && l.ends_with(" created at:")),
    )
}

fn read_counts(r: &RaceProfile) -> (usize, usize, usize) {
    (
        r.reports.len(),
        r.reports.iter().map(|r| r.accesses.len()).sum(),
        r.reports.iter().map(|r| r.goroutines.len()).sum(),
    )
}

#[test]
fn every_report_access_and_goroutine_is_read() {
    for name in ["racy.stderr.txt", "racy-test.stdout.txt"] {
        let text = fixture(name);
        let a = analyze_text(&text);
        let r = races(&a);
        assert_eq!(r.len(), 1, "{name}");
        let r = r[0];
        assert_eq!(read_counts(r), printed(&text), "{name}");
        for report in &r.reports {
            assert_eq!(report.accesses.len(), 2, "{name}");
            assert!(report.address.is_some(), "{name}");
            assert!(report.accesses.iter().all(|x| !x.frames.is_empty()));
            assert!(report.goroutines.iter().all(|g| !g.created_at.is_empty()));
            assert!(report.accesses[1].previous && !report.accesses[0].previous);
        }
        // The program's output and `go test`'s lines are reported, nothing else.
        for d in r.diagnostics.iter().chain(&a.document.diagnostics) {
            let line = text.lines().nth(d.line - 1).unwrap();
            assert!(
                !line.starts_with("  ") || line.trim_start().starts_with("testing.go:"),
                "{name}: {d:?}"
            );
            assert!(
                d.line > r.reports.last().unwrap().line as usize,
                "{name}: {d:?}"
            );
        }
    }
}

#[test]
fn the_found_line_and_the_main_goroutine() {
    let text = fixture("racy.stderr.txt");
    let a = analyze_text(&text);
    let r = races(&a)[0];
    let found: u64 = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("Found ")?
                .strip_suffix(" data race(s)")?
                .parse()
                .ok()
        })
        .unwrap();
    assert_eq!(r.found, Some(found));
    assert_eq!(r.reports.len() as u64, found);
    // `by main goroutine` is goroutine 1.
    let mains = text
        .lines()
        .filter(|l| l.ends_with("by main goroutine:"))
        .count();
    let ones = r
        .reports
        .iter()
        .flat_map(|x| &x.accesses)
        .filter(|x| x.goroutine == Some(1))
        .count();
    assert_eq!(ones, mains);
    assert!(mains > 0);
    // Reads and writes as printed.
    let reads = text.lines().filter(|l| l.starts_with("Read at ")).count();
    let read = r
        .reports
        .iter()
        .flat_map(|x| &x.accesses)
        .filter(|x| x.op == AccessOp::Read && !x.previous)
        .count();
    assert_eq!(read, reads);
    // `exit status 66` of `go run` is understood too.
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn each_racing_pair_is_one_finding_naming_both_sites() {
    let text = fixture("racy.stderr.txt");
    let a = analyze_text(&text);
    let report = serde_json::to_value(a.report()).unwrap();
    let profile = &report["profiles"][0];
    assert_eq!(profile["kind"], "race");
    let pairs = profile["race"]["pairs"].as_array().unwrap();
    let findings: Vec<&serde_json::Value> = profile["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "data-race")
        .collect();
    assert_eq!(findings.len(), pairs.len());
    // Pairs cover every report once.
    let mut covered: Vec<u64> = pairs
        .iter()
        .flat_map(|p| p["reports"].as_array().unwrap())
        .map(|i| i.as_u64().unwrap())
        .collect();
    covered.sort_unstable();
    let n = profile["race"]["reports"].as_array().unwrap().len() as u64;
    assert_eq!(covered, (0..n).collect::<Vec<_>>());
    // The map race is printed twice (its runtime write and its bucket write) at one pair of
    // sites in the program: `main.remember`, not the runtime's map code.
    let frames = report["frames"].as_array().unwrap();
    let top = &pairs[0];
    assert!(top["reports"].as_array().unwrap().len() >= 2);
    assert_eq!(
        frames[top["first"].as_u64().unwrap() as usize]["function"],
        "main.remember"
    );
    for (pair, finding) in pairs.iter().zip(&findings) {
        let evidence = finding["evidence"].as_array().unwrap();
        let site = |key: &str| {
            evidence.iter().find(|e| e["key"] == key).unwrap()["value"]["function"].clone()
        };
        let frame = |k: &str| frames[pair[k].as_u64().unwrap() as usize]["function"].clone();
        assert_eq!(site("access"), frame("first"));
        assert_eq!(site("conflictingAccess"), frame("second"));
        assert_eq!(finding["groups"], pair["reports"]);
        assert_eq!(finding["severity"], "critical");
    }
    // The main goroutine's write against the goroutine it started: two different sites.
    assert!(pairs.iter().any(|p| p["first"] != p["second"]));
}

#[test]
fn race_reports_pasted_with_a_log_prefix_or_indented_read_the_same() {
    let text = fixture("racy.stderr.txt");
    let clean = read_counts(races(&analyze_text(&text))[0]);
    let prefixed = lines_mapped(&text, |i, l| {
        format!("2026-11-25T02:33:{:02}.{:06}Z {l}", i % 60, i * 31)
    });
    let indented = lines_mapped(&text, |_, l| {
        if l.is_empty() {
            String::new()
        } else {
            format!("\t{l}")
        }
    });
    for messy in [prefixed, indented] {
        let a = analyze_text(&messy);
        assert_eq!(read_counts(races(&a)[0]), clean);
    }
}

#[test]
fn a_test_log_keeps_its_other_lines_as_diagnostics() {
    let text = fixture("racy-test.stdout.txt");
    let a = analyze_text(&text);
    let r = races(&a)[0];
    // `--- FAIL`, `testing.go: race detected …`, `FAIL` lines: reported with their numbers.
    let after = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("--- FAIL") || l.starts_with("FAIL"))
        .map(|(i, _)| i + 1);
    let reported: Vec<usize> = r
        .diagnostics
        .iter()
        .chain(&a.document.diagnostics)
        .map(|d| d.line)
        .collect();
    for line in after {
        assert!(reported.contains(&line), "line {line}: {reported:?}");
    }
}

/// A paste that broke the first access's line (from a public issue: `by goroutine` and
/// `25:` on two lines): the finding names the access it has no operation for as an access,
/// never as an empty word.
#[test]
fn a_race_pair_with_an_unread_access_says_access() {
    let text = "==================\nWARNING: DATA RACE\nWrite at 0x000002c31d28 by goroutine\n25:\n\
                main.gather()\n\t/app/main.go:12 +0x1\n\
                Previous read at 0x000002c31d28 by goroutine 962:\n  [failed to restore the stack]\n\
                ==================\n";
    let report = serde_json::to_value(analyze_text(text).report()).unwrap();
    let finding = report["profiles"][0]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "data-race")
        .cloned()
        .unwrap();
    let title = finding["title"].as_str().unwrap();
    assert!(!title.contains("  "), "{title}");
    assert!(title.contains(" access "), "{title}");
}
