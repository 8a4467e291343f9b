//! Real dumps as people paste them: log prefixes on every line, CRLF, tabs turned into
//! spaces, junk around and between dumps, several dumps in one paste, a dump cut off.
//! Each paste is built from a real corpus dump in the test, and must give the same
//! goroutines as the clean dump.

mod common;

use common::paste::*;
use common::*;
use goroseer::model::goroutine::GoroutineProfile;
use goroseer::model::Profile;
use goroseer::{analyze, Analysis, Options};

const DEBUG1: &str = "goroutine-labels/goroutine.debug1.txt";

#[test]
fn kubernetes_timestamps_are_stripped() {
    for name in [LABELS, SIGQUIT, DEBUG1] {
        let clean = dump(name);
        let messy = lines_mapped(&clean, |i, l| {
            format!(
                "2026-11-25T02:33:{:02}.{:09}Z {l}",
                i % 60,
                i * 7919 % 1_000_000_000
            )
        });
        let a = assert_same(&clean, &messy, name);
        assert_eq!(a.document.log_prefix.as_deref(), Some("kubernetes"));
        no_diagnostics(&a, name);
    }
}

#[test]
fn cri_container_logs_are_stripped() {
    // The node's container log files (`/var/log/pods/…`): timestamp, stream, full/partial tag.
    for name in [LABELS, SIGQUIT, DEBUG1] {
        let clean = dump(name);
        let messy = lines_mapped(&clean, |i, l| {
            let stream = if i % 3 == 0 { "stderr" } else { "stdout" };
            format!(
                "2026-11-25T02:33:{:02}.{:06}Z {stream} F {l}",
                i % 60,
                i * 31
            )
        });
        let a = assert_same(&clean, &messy, name);
        assert_eq!(a.document.log_prefix.as_deref(), Some("kubernetes"));
        no_diagnostics(&a, name);
    }
}

#[test]
fn journald_prefixes_are_stripped() {
    for name in [LABELS, STATES, SIGQUIT] {
        let clean = dump(name);
        let messy = lines_mapped(&clean, |i, l| {
            format!(
                "Nov 25 02:{:02}:{:02} web-1 gateway[4242]: {l}",
                i / 60 % 60,
                i % 60
            )
        });
        let a = assert_same(&clean, &messy, name);
        assert_eq!(a.document.log_prefix.as_deref(), Some("journald"));
        no_diagnostics(&a, name);
    }
}

#[test]
fn docker_json_lines_are_decoded() {
    for name in [LABELS, DEBUG1] {
        let clean = dump(name);
        let messy = lines_mapped(&clean, |i, l| {
            let log = serde_json::to_string(&format!("{l}\n")).unwrap();
            format!(r#"{{"log":{log},"stream":"stderr","time":"2026-11-25T02:33:10.{i:09}Z"}}"#)
        });
        let a = assert_same(&clean, &messy, name);
        assert_eq!(a.document.log_prefix.as_deref(), Some("docker-json"));
        no_diagnostics(&a, name);
    }
}

#[test]
fn plain_timestamps_are_stripped() {
    let clean = dump(LABELS);
    let messy = lines_mapped(&clean, |_, l| format!("2026/11/25 02:33:10 {l}"));
    let a = assert_same(&clean, &messy, "timestamps");
    assert_eq!(a.document.log_prefix.as_deref(), Some("timestamp"));
}

#[test]
fn unlisted_prefixes_are_learned_from_the_dump() {
    // A compose-style `[name app] time ` prefix with names of varying length, and a
    // `host | level | ` prefix.
    for name in [LABELS, STATES, SIGQUIT, DEBUG1] {
        let clean = dump(name);
        let piped = lines_mapped(&clean, |i, l| format!("host-{} | INFO  | {l}", i % 7));
        let a = assert_same(&clean, &piped, name);
        assert_eq!(a.document.log_prefix.as_deref(), Some("learned"));
        no_diagnostics(&a, name);
        let compose = lines_mapped(&clean, |i, l| {
            format!("[web_{} gateway] 12:00:{:02} {l}", i % 13 * 97, i % 60)
        });
        let a = assert_same(&clean, &compose, name);
        assert_eq!(a.document.log_prefix.as_deref(), Some("learned"));
        no_diagnostics(&a, name);
    }
}

#[test]
fn markdown_and_chat_pastes_are_read() {
    // A dump in a Markdown code fence, in an indented code block, quoted with `> `, and
    // saved by an editor with a byte-order mark.
    for name in [LABELS, STATES, SIGQUIT, DEBUG1] {
        let clean = dump(name);
        let fenced = format!("```go\n{clean}```\n");
        let a = assert_same(&clean, &fenced, name);
        let fences: Vec<usize> = a.document.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(
            fences,
            [1, clean.lines().count() + 2],
            "{name}: the fences are reported"
        );
        let indented = lines_mapped(&clean, |_, l| format!("    {l}"));
        no_diagnostics(&assert_same(&clean, &indented, name), name);
        let quoted = lines_mapped(&clean, |_, l| {
            if l.is_empty() {
                ">".to_owned()
            } else {
                format!("> {l}")
            }
        });
        no_diagnostics(&assert_same(&clean, &quoted, name), name);
        let bom = format!("\u{feff}{clean}");
        no_diagnostics(&assert_same(&clean, &bom, name), name);
    }
}

#[test]
fn crlf_and_tabs_turned_into_spaces() {
    for name in [LABELS, STATES, SIGQUIT, DEBUG1] {
        let clean = dump(name);
        let crlf = clean.replace('\n', "\r\n");
        no_diagnostics(&assert_same(&clean, &crlf, name), name);
        let spaces = clean.replace('\t', "        ");
        no_diagnostics(&assert_same(&clean, &spaces, name), name);
        let both = clean.replace('\t', "    ").replace('\n', "\r\n");
        no_diagnostics(&assert_same(&clean, &both, name), name);
    }
}

#[test]
fn junk_before_and_after_a_dump_is_reported_with_its_line() {
    let clean = dump(LABELS);
    let messy = format!(
        "$ curl localhost:6060/debug/pprof/goroutine?debug=2\nhere you go:\n\n{clean}\nthat's all\n"
    );
    let a = assert_same(&clean, &messy, "junk around");
    let lines: Vec<usize> = a.document.diagnostics.iter().map(|d| d.line).collect();
    let last = messy.lines().count();
    assert_eq!(lines, vec![1, 2, last]);
}

#[test]
fn junk_lines_inside_a_dump_are_diagnostics_and_goroutines_survive() {
    let clean = dump(LABELS);
    // An interleaved log line between two goroutines and one inside a goroutine.
    let mut lines: Vec<&str> = clean.lines().collect();
    let inside = lines
        .iter()
        .position(|l| l.starts_with("goroutine 9 "))
        .unwrap()
        + 2;
    lines.insert(inside, "INFO request served in 3ms");
    let between = lines
        .iter()
        .position(|l| l.starts_with("goroutine 20 "))
        .unwrap();
    lines.insert(between, "WARN slow query");
    let messy = lines.join("\n") + "\n";
    let a = assert_same(&clean, &messy, "junk inside");
    let p = only_profile(&a);
    let got: Vec<usize> = p.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(got, vec![inside + 1, between + 1]);
    assert!(a.document.diagnostics.is_empty());
}

#[test]
fn several_dumps_in_one_paste_become_several_profiles() {
    let labels = dump(LABELS);
    let states = dump(STATES);
    let crash = dump(SIGQUIT);
    let debug1 = dump(DEBUG1);
    let paste = format!("{labels}\nsome junk between\n{states}\n{debug1}\n{crash}");
    let a = analyze_text(&paste);
    let profiles = goroutine_profiles(&a);
    assert_eq!(profiles.len(), 4, "{:?}", a.document.diagnostics);
    let singles: Vec<Vec<String>> = [&labels, &states, &debug1, &crash]
        .iter()
        .map(|t| fingerprint(&analyze_text(t)))
        .collect();
    assert!(
        fingerprint(&a) == singles.concat(),
        "profiles differ from the single dumps"
    );
    let junk_line = labels.lines().count() + 2;
    let top: Vec<usize> = a.document.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(top, vec![junk_line]);
}

#[test]
fn the_same_dump_twice_is_two_profiles() {
    let labels = dump(LABELS);
    let a = analyze_text(&format!("{labels}{labels}"));
    let totals: Vec<u64> = goroutine_profiles(&a).iter().map(|p| p.total()).collect();
    assert_eq!(totals, vec![101, 101]);
}

fn cut_profiles(a: &Analysis) -> Vec<&GoroutineProfile> {
    a.document
        .profiles
        .iter()
        .filter_map(|p| match p {
            Profile::Goroutine(g) => Some(g.as_ref()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_dump_cut_mid_goroutine_keeps_the_complete_ones() {
    let clean = dump(LABELS);
    let headers: Vec<usize> = clean
        .match_indices("\ngoroutine ")
        .map(|(i, _)| i + 1)
        .collect();
    // Cut in the middle of a call line, after a call line, and in a location line.
    for (n, delta) in [(40usize, 30usize), (50, 0), (60, 0)] {
        let start = headers[n];
        let body = &clean[start..];
        let cut = match delta {
            0 if n == 50 => start + body.find(")\n").unwrap() + 2,
            0 => start + body.find(".go:").unwrap() + 2,
            d => start + body.find('\n').unwrap() + d,
        };
        let text = &clean[..cut];
        let a = analyze(text, &Options::default());
        let p = cut_profiles(&a)[0];
        // `headers[n]` starts goroutine n + 1 (the first header opens the file).
        assert_eq!(p.total(), n as u64 + 1, "cut {n}/{delta}");
        assert_eq!(p.partial.len(), 1, "cut {n}/{delta}");
        assert!(p.truncated);
        assert!(p.total() + p.partial.len() as u64 <= 101);
        assert!(
            p.diagnostics.iter().any(|d| d.message.contains("cut off")),
            "{:?}",
            p.diagnostics
        );
        assert!(
            a.document.diagnostics.is_empty(),
            "{:?}",
            a.document.diagnostics
        );
    }
}

#[test]
fn the_runtime_64mib_cap_is_detected() {
    let path =
        corpus().join("goroutine-100k-crawler/goroutine.depth30.debug2.truncated-64MiB.txt.gz");
    let text = read(&path);
    assert_eq!(text.len(), 64 << 20);
    let a = goroseer::analyze_owned(text, &Options::default());
    let p = only_profile(&a);
    assert!(p.truncated);
    assert_eq!(p.partial.len(), 1);
    assert_eq!(p.partial[0].id, 13121);
    assert!(p.diagnostics.iter().any(|d| d.message.contains("64 MiB")));
    let report = serde_json::to_value(a.report()).unwrap();
    assert_eq!(report["profiles"][0]["goroutines"]["truncated"], true);
}
