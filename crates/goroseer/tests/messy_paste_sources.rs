//! Real dumps as log platforms, web pages, chat clients and Windows hand them over: JSON
//! records of GCP, Loki, journald and structured loggers, logfmt, journalctl's ISO times,
//! kubectl/compose/stern prefixes (coloured too), HTML-escaped text, no-break spaces,
//! UTF-16 files. Each paste is built from a real corpus dump in the test and must read as
//! the clean dump does.

mod common;

use common::paste::*;
use common::*;
use goroseer::decode;

const DEBUG1: &str = "goroutine-labels/goroutine.debug1.txt";
const ALL: [&str; 4] = [LABELS, STATES, SIGQUIT, DEBUG1];

/// Each corpus dump through `paste`: the same reading, no diagnostics, and `prefix` as the
/// document's log prefix.
fn check(what: &str, prefix: Option<&str>, paste: impl Fn(usize, &str) -> String) {
    for name in ALL {
        let clean = dump(name);
        let messy = lines_mapped(&clean, &paste);
        let a = assert_same(&clean, &messy, &format!("{what} {name}"));
        assert_eq!(a.document.log_prefix.as_deref(), prefix, "{what} {name}");
        no_diagnostics(&a, &format!("{what} {name}"));
    }
}

fn json(value: serde_json::Value) -> String {
    value.to_string()
}

#[test]
fn gcp_cloud_logging_records() {
    check("textPayload", Some("json-lines"), |i, l| {
        json(serde_json::json!({
            "insertId": format!("{i:x}"), "textPayload": format!("{l}\n"),
            "resource": {"type": "k8s_container"}, "severity": "ERROR",
            "timestamp": "2026-11-25T02:33:10Z"
        }))
    });
    check("jsonPayload", Some("json-lines"), |_, l| {
        json(serde_json::json!({"jsonPayload": {"message": l}, "severity": "ERROR"}))
    });
}

#[test]
fn loki_journal_and_logger_json_records() {
    check("loki", Some("json-lines"), |_, l| {
        json(serde_json::json!({"labels": {"app": "gw"}, "line": l, "timestamp": "1"}))
    });
    check("journalctl -o json", Some("json-lines"), |i, l| {
        json(serde_json::json!({"__REALTIME_TIMESTAMP": i.to_string(), "MESSAGE": l}))
    });
    check("slog json", Some("json-lines"), |_, l| {
        json(serde_json::json!({"time": "2026-11-25T02:33:10Z", "level": "ERROR", "msg": l}))
    });
    // Docker's field, but not first: not docker's own writer.
    check("log field", Some("json-lines"), |_, l| {
        let log = serde_json::to_string(&format!("{l}\n")).unwrap();
        format!(r#"{{"stream":"stderr","log":{log}}}"#)
    });
}

#[test]
fn a_whole_dump_in_one_json_record_then_other_records() {
    // A recovered panic logged as one record: the dump in `msg`, or a message with the
    // dump in a field of its own (zap's `stacktrace`, logrus' `stack`, `error`); the
    // records after it are other log events, not lines of the dump.
    for name in [SIGQUIT, "panics/panic.stderr.txt", LABELS] {
        let clean = dump(name);
        let records = [
            json(serde_json::json!({"level": "error", "msg": clean})),
            json(
                serde_json::json!({"level": "error", "msg": "panic recovered", "stacktrace": clean}),
            ),
            json(serde_json::json!({"msg": "handler failed", "stack": clean, "n": 3})),
            json(serde_json::json!({"msg": "request failed", "error": clean})),
        ];
        for (r, record) in records.iter().enumerate() {
            let next = json(serde_json::json!({"level": "info", "msg": "served /healthz"}));
            let messy = format!("{record}\n{next}\n");
            let what = format!("{name}, record {r}");
            let a = same_reading(&clean, &messy, &what);
            // Nothing cut off; each line not of the dump is reported with its own line.
            assert_eq!(only_profile(&a).partial.len(), 0, "{what}");
            let reported = reported_lines(&a);
            let message_line = if r == 0 { vec![] } else { vec![1] };
            assert_eq!(reported, [message_line, vec![2]].concat(), "{what}");
        }
    }
}

#[test]
fn a_dump_escaped_into_one_line() {
    // A log field copied out of a viewer's JSON view: the dump is one line of escapes.
    for name in [SIGQUIT, "panics/panic.stderr.txt", LABELS, STATES] {
        let clean = dump(name);
        let quoted = serde_json::to_string(&clean).unwrap();
        let messy =
            format!("{{\n  \"level\": \"error\",\n  \"stack\": {quoted},\n  \"n\": 3\n}}\n");
        let a = same_reading(&clean, &messy, name);
        // The record's own lines are reported with their input lines (line 3: the text
        // before and after the string); the dump's are not.
        let mut reported = reported_lines(&a);
        reported.dedup();
        assert_eq!(reported, [1, 2, 3, 4, 5], "{name}");
    }
    // Unquoted (a logger's `%q` with its quotes cut off).
    let clean = dump("panics/panic.stderr.txt");
    let quoted = serde_json::to_string(&clean).unwrap();
    let bare = &quoted[1..quoted.len() - 1];
    let a = same_reading(&clean, &format!("{bare}\n"), "unquoted");
    assert_eq!(reported_lines(&a), Vec::<usize>::new());
}

#[test]
fn logfmt_lines() {
    check("logfmt", Some("logfmt"), |i, l| {
        // Go's strconv.Quote escapes are JSON's for these dumps' characters.
        let quoted = serde_json::to_string(l).unwrap();
        format!(
            "time=2026-11-25T02:33:{:02}Z level=ERROR msg={quoted}",
            i % 60
        )
    });
}

#[test]
fn journalctl_iso_times() {
    check("short-iso", Some("journald"), |i, l| {
        format!(
            "2026-11-25T02:33:{:02}+0000 web-1 gateway[4242]: {l}",
            i % 60
        )
    });
    check("short-iso-precise", Some("journald"), |i, l| {
        format!(
            "2026-11-25T02:33:{:02}.{i:06}+00:00 web-1 gateway[4242]: {l}",
            i % 60
        )
    });
    check("short-precise", Some("journald"), |i, l| {
        format!("Nov 25 02:33:{:02}.{i:06} web-1 gateway[4242]: {l}", i % 60)
    });
}

#[test]
fn kubectl_compose_and_stern_prefixes() {
    const ESC: char = '\u{1b}';
    check("kubectl --prefix", Some("learned"), |i, l| {
        let pod = ["x2klp", "q9z7w", "m4c2n"][i % 3];
        format!("[pod/gateway-7d9f8b6c5-{pod}/app] {l}")
    });
    check("compose", Some("learned"), |_, l| {
        format!("gateway-1  | {l}")
    });
    // Nested panics are tab-indented after the prefix: the prefix is still learned.
    let nested = dump("panics/nested-panics.stderr.txt");
    for paste in [
        lines_mapped(&nested, |_, l| format!("[pod/orders-5c6d7-k2x9q/app] {l}")),
        lines_mapped(&nested, |_, l| format!("{ESC}[36morders-1  |{ESC}[0m {l}")),
    ] {
        let a = assert_same(&nested, &paste, "nested panics");
        assert_eq!(a.document.log_prefix.as_deref(), Some("learned"));
        no_diagnostics(&a, "nested panics");
    }
    check("compose coloured", Some("learned"), |_, l| {
        format!("{ESC}[36mgateway-1  |{ESC}[0m {l}")
    });
    check("stern", Some("learned"), |_, l| {
        format!("{ESC}[32mgateway-7d9f8b6c5-x2klp{ESC}[0m {ESC}[34mapp{ESC}[0m {l}")
    });
}

#[test]
fn terminal_and_ci_escape_sequences() {
    const ESC: char = '\u{1b}';
    // GitLab's and Buildkite's runners start each line with an erase-line sequence.
    check("gitlab erase-line", None, |_, l| format!("{ESC}[0K{l}"));
    // A coloured tool's output: every line coloured, the frames' function names bold.
    check("coloured", None, |i, l| {
        let colour = 31 + i % 6;
        if l.starts_with('\t') || l.is_empty() {
            format!("{ESC}[{colour}m{l}{ESC}[0m")
        } else {
            format!("{ESC}[1;{colour}m{l}{ESC}[0m{ESC}(B")
        }
    });
}

#[test]
fn html_escaped_pastes() {
    for name in ALL {
        let clean = dump(name);
        let escaped = clean
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;");
        no_diagnostics(&assert_same(&clean, &escaped, name), name);
        let quot = clean
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        no_diagnostics(&assert_same(&clean, &quot, name), name);
    }
}

#[test]
fn no_break_and_zero_width_spaces() {
    for name in ALL {
        let clean = dump(name);
        let nbsp_tabs = clean.replace('\t', "\u{a0}\u{a0}\u{a0}\u{a0}");
        no_diagnostics(&assert_same(&clean, &nbsp_tabs, name), name);
        let nbsp_spaces = clean.replace(' ', "\u{a0}");
        no_diagnostics(&assert_same(&clean, &nbsp_spaces, name), name);
        let zero_width = lines_mapped(&clean, |_, l| format!("\u{200b}{l}"));
        no_diagnostics(&assert_same(&clean, &zero_width, name), name);
    }
}

#[test]
fn utf16_files_are_decoded() {
    for name in ALL {
        let clean = dump(name);
        let crlf = clean.replace('\n', "\r\n");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(crlf.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        no_diagnostics(&assert_same(&clean, &decode(le), name), name);
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(clean.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        no_diagnostics(&assert_same(&clean, &decode(be), name), name);
    }
}

#[test]
fn a_whole_dump_logged_as_one_record() {
    // GKE's Cloud Logging groups a Go panic into one entry; slog logs a captured stack in
    // one `msg`. The record's lines are the dump's; diagnostics name the record's line.
    for name in [SIGQUIT, LABELS] {
        let clean = dump(name);
        let record =
            |text: &str| json(serde_json::json!({"textPayload": text, "severity": "ERROR"}));
        let messy = [
            record("starting gateway\n"),
            record(&clean),
            record("restarting\n"),
        ]
        .join("\n")
            + "\n";
        let a = assert_same(&clean, &messy, name);
        assert_eq!(a.document.log_prefix.as_deref(), Some("json-lines"));
        let lines: Vec<usize> = a.document.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [1, 3], "{name}");
        let p = only_profile(&a);
        assert!(p.diagnostics.is_empty(), "{name}: {:?}", p.diagnostics);
        assert!(p.goroutines.iter().all(|g| g.line == 2), "{name}");
        let quoted = serde_json::to_string(&clean).unwrap();
        let logfmt = format!("level=INFO msg=start\nlevel=ERROR msg={quoted}\nlevel=INFO msg=x\n");
        let a = assert_same(&clean, &logfmt, name);
        assert_eq!(a.document.log_prefix.as_deref(), Some("logfmt"));
    }
}

#[test]
fn indentation_lost_on_a_rendered_page() {
    // Copied from a ticket or chat message shown without a code block: every leading tab
    // and space is gone, location lines included.
    for name in [LABELS, STATES, SIGQUIT] {
        let clean = dump(name);
        let flat = lines_mapped(&clean, |_, l| l.trim_start().to_owned());
        no_diagnostics(&assert_same(&clean, &flat, name), name);
    }
}

#[test]
fn typographic_quotes_and_ellipses() {
    // A word processor or chat client "improved" every quote and `...`.
    for name in ALL {
        let clean = dump(name);
        let mut open = true;
        let smart: String = clean
            .chars()
            .map(|c| match c {
                '"' => {
                    open = !open;
                    if open {
                        '\u{201d}'
                    } else {
                        '\u{201c}'
                    }
                }
                c => c,
            })
            .collect();
        let smart = smart.replace("...", "\u{2026}");
        no_diagnostics(&assert_same(&clean, &smart, name), name);
    }
}
