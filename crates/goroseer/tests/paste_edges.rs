//! The edges of what people paste, each built from a real dump: a dump cut inside a
//! goroutine header or inside a frame, goroutines printed out of order around a panic,
//! a deadlock cut after its first line, log lines between a call line and its location,
//! and panics a program recovered and logged with their stacks.

mod common;

use common::paste::*;
use common::*;
use goroseer::model::goroutine::GoroutineProfile;

const NESTED: &str = "panics/nested-panics.stderr.txt";

fn fixture(path: &str) -> String {
    read(&corpus().join("..").join(path))
}

/// The clean dump's goroutine ids in print order.
fn ids(p: &GoroutineProfile) -> Vec<u64> {
    p.goroutines.iter().map(|g| g.id).collect()
}

/// `(text before the last goroutine, the last goroutine's lines)` of a dump (thread
/// stacks, `goroutine 0`, are not goroutines).
fn split_last(clean: &str) -> (&str, Vec<&str>) {
    let at = clean
        .match_indices("\ngoroutine ")
        .map(|(i, _)| i + 1)
        .filter(|&i| !clean[i..].starts_with("goroutine 0 "))
        .last()
        .expect("a goroutine");
    let lines = clean[at..].lines().take_while(|l| !l.is_empty()).collect();
    (&clean[..at], lines)
}

/// `messy` reads as the goroutines `want` but the last, which is cut off.
fn last_one_cut(messy: &str, want: &[u64], what: &str) -> goroseer::Analysis {
    let a = analyze_text(messy);
    let p = only_profile(&a);
    assert_eq!(ids(p), want[..want.len() - 1], "{what}");
    assert_eq!(p.partial.len(), 1, "{what}");
    assert_eq!(p.partial[0].id, *want.last().unwrap(), "{what}");
    assert!(p.truncated, "{what}");
    a
}

#[test]
fn a_header_cut_mid_line_is_a_cut_goroutine() {
    for name in [LABELS, STATES, DEADLOCK, SIGQUIT] {
        let clean = dump(name);
        let whole = analyze_text(&clean);
        let want = ids(only_profile(&whole));
        let (before, last) = split_last(&clean);
        let header = last[0];
        let id: u64 = header.split(' ').nth(1).unwrap().parse().unwrap();
        // From `goroutine 54` to the header without its closing colon.
        let first_cut = "goroutine ".len() + id.to_string().len();
        for cut in first_cut..header.len() {
            let messy = format!("{before}{}", &header[..cut]);
            let what = format!("{name} cut after {:?}", &header[..cut]);
            let a = last_one_cut(&messy, &want, &what);
            let p = only_profile(&a);
            // Said once, as the cut; not as a line that belongs to no goroutine.
            let notes: Vec<&str> = a
                .document
                .diagnostics
                .iter()
                .chain(&p.diagnostics)
                .map(|d| d.message.as_str())
                .collect();
            assert!(
                notes.iter().all(|m| m.starts_with("the dump ends")),
                "{what}: {notes:?}"
            );
        }
    }
}

#[test]
fn a_goroutine_cut_mid_frame_is_partial() {
    for name in [LABELS, STATES, DEADLOCK, SIGQUIT] {
        let clean = dump(name);
        let (before, last) = split_last(&clean);
        let want = ids(only_profile(&analyze_text(&clean)));
        let id = *want.last().unwrap();
        // Cut every line of the last goroutine after its header: a call line in the middle,
        // a location line before its `+0x…` offset (the offset a frame printed with one has).
        for (i, line) in last.iter().enumerate().skip(1) {
            let cut = match line.strip_prefix('\t') {
                Some(location) => match location.find(" +0x") {
                    Some(at) if i > 2 || line.contains("created by") => &line[..at + 1],
                    _ => continue,
                },
                None => &line[..line.len() / 2],
            };
            let kept = last[..i].join("\n");
            let messy = format!("{before}{kept}\n{cut}");
            let what = format!("{name} cut at {cut:?} (line {i} of goroutine {id})");
            last_one_cut(&messy, &want, &what);
        }
    }
}

#[test]
fn a_cut_goroutine_keeps_the_frames_read_in_the_report() {
    // A paste cut inside its last goroutine (often the one that crashed): the goroutine is
    // not counted, but the report still shows it with every frame read before the cut.
    for name in [LABELS, STATES, DEADLOCK, SIGQUIT] {
        let clean = dump(name);
        let (before, last) = split_last(&clean);
        let whole = analyze_text(&clean);
        let want = ids(only_profile(&whole));
        let id = *want.last().unwrap();
        let whole_report = whole.report();
        let whole_goroutines = whole_report.profiles[0].goroutines.as_ref().unwrap();
        assert!(whole_goroutines.cut_off.is_empty(), "{name}");
        // The last goroutine's stack in the whole dump, when its group starts with it.
        let full: Vec<String> = whole_goroutines
            .groups
            .iter()
            .find(|g| g.example_id == Some(id))
            .map(|g| g.frames.iter().map(|f| f.function.clone()).collect())
            .unwrap_or_default();
        // Cut in the middle of the second call line after the header: one frame read.
        let Some(i) = last
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, l)| !l.starts_with('\t'))
            .map(|(i, _)| i)
            .nth(1)
        else {
            continue;
        };
        let cut = &last[i][..last[i].len() / 2];
        let messy = format!("{before}{}\n{cut}", last[..i].join("\n"));
        let a = last_one_cut(&messy, &want, name);
        let report = a.report();
        let g = report.profiles[0].goroutines.as_ref().unwrap();
        assert_eq!(g.cut_off.len(), 1, "{name}");
        let cut_off = &g.cut_off[0];
        assert_eq!(cut_off.id, Some(id), "{name}");
        let header_line = clean[..before.len()].lines().count() as u32 + 1;
        assert_eq!(cut_off.line, header_line, "{name}");
        let read: Vec<&str> = cut_off.frames.iter().map(|f| f.function.as_str()).collect();
        assert_eq!(read.len(), 1, "{name}: {read:?}");
        if let Some(first) = full.first() {
            assert_eq!(read[0], first, "{name}");
        }
        assert!(
            last[0].contains(&format!("[{}", cut_off.state.as_deref().unwrap())),
            "{name}: {:?} vs {}",
            cut_off.state,
            last[0]
        );
    }
}

#[test]
fn go_test_json_output_reads_as_go_test_output() {
    // tests/fixtures/gen/testtimeout run with and without `-json` (cmd/test2json's events:
    // each output line in an `Output` field, `run`/`pass`/`fail` events without one).
    let plain = fixture("paste/test-timeout.txt");
    let json = fixture("paste/test-timeout.json.txt");
    assert!(json.lines().all(|l| l.starts_with("{\"Time\":")));
    // Two runs: the same goroutines and stacks, the alarm goroutine's id may differ.
    let without_ids = |a: &goroseer::Analysis| {
        let mut r = reading(a);
        for p in &mut r {
            p["crash"]["crashedGoroutine"]
                .as_object_mut()
                .expect("the alarm goroutine crashed")
                .remove("id");
        }
        r
    };
    let a = analyze_text(&json);
    assert_eq!(without_ids(&a), without_ids(&analyze_text(&plain)));
    assert_eq!(a.document.log_prefix.as_deref(), Some("json-lines"));
    let lines = |a: &goroseer::Analysis| -> Vec<String> {
        a.document
            .diagnostics
            .iter()
            .chain(&only_profile(a).diagnostics)
            .map(|d| d.message.clone())
            .collect()
    };
    // The same lines are not part of the dump (`FAIL …`); no event is reported.
    assert_eq!(
        lines(&a).len(),
        lines(&analyze_text(&plain)).len(),
        "{:?}",
        lines(&a)
    );
}

#[test]
fn the_crashed_goroutine_is_the_one_that_panicked_wherever_it_is_printed() {
    // `go test -timeout` (tests/fixtures/gen/testtimeout): the alarm goroutine panics.
    let clean = fixture("paste/test-timeout.txt");
    let crashed = |text: &str| -> Option<u64> {
        let a = analyze_text(text);
        let p = only_profile(&a);
        p.crashed_goroutine(&a.document.frames)
            .map(|i| p.goroutines[i].id)
    };
    let runner = crashed(&clean).expect("the runner goroutine");
    let blocks: Vec<&str> = clean.split("\n\n").collect();
    let alarm = blocks
        .iter()
        .position(|b| b.contains("testing.(*M).startAlarm"))
        .unwrap();
    assert!(blocks[alarm].starts_with(&format!("goroutine {runner} [running]")));
    // The goroutines printed in another order (a tool that sorts them, a log that
    // interleaved them): the panicking goroutine printed last.
    let mut reordered: Vec<&str> = blocks.clone();
    let moved = reordered.remove(alarm);
    let end = reordered.len() - 1;
    reordered.insert(end, moved);
    assert_eq!(crashed(&reordered.join("\n\n")), Some(runner));
    // Nested panics: the goroutine whose frames hold the panic calls, printed last.
    let clean = dump(NESTED);
    let want = crashed(&clean).expect("the panicking goroutine");
    let blocks: Vec<&str> = clean.trim_end().split("\n\n").collect();
    let first = blocks
        .iter()
        .position(|b| b.starts_with(&format!("goroutine {want} ")))
        .unwrap();
    let mut reordered = blocks.clone();
    let moved = reordered.remove(first);
    reordered.push(moved);
    assert_eq!(crashed(&reordered.join("\n\n")), Some(want));
}

#[test]
fn a_deadlock_cut_after_its_first_line_never_says_none_of_its_0_goroutines() {
    let clean = dump(DEADLOCK);
    let first = clean.lines().next().unwrap();
    for messy in [format!("{first}\n"), format!("{first}\n\ngoroutine 1 [")] {
        let report = serde_json::to_value(analyze_text(&messy).report()).unwrap();
        let findings = report["profiles"][0]["annotations"].as_array().unwrap();
        let deadlock = findings
            .iter()
            .find(|a| a["rule"] == "deadlock")
            .expect("deadlock finding");
        let detail = deadlock["detail"].as_str().unwrap();
        assert!(!detail.contains(" 0 goroutines"), "{detail}");
        assert!(!detail.contains("provide: ."), "{detail}");
    }
}

#[test]
fn log_lines_between_a_call_and_its_location() {
    // Lines of other loggers written between a call line and its `\tfile:line`.
    let logs = [
        "2026/11/25 02:33:10 GET /api/orders 200 (1.2ms)",
        "I1125 02:33:10.123456    4242 server.go:88] served /healthz",
        "{\"level\":\"info\",\"msg\":\"tick\",\"n\":3}",
        "time=2026-11-25T02:33:10Z level=INFO msg=\"cache refreshed\"",
        "main.go:12: flushing (3 items)",
        "[GIN] 2026/11/25 - 02:33:10 | 200 | 1.2ms | GET \"/x\"",
    ];
    for name in [LABELS, STATES, SIGQUIT] {
        let clean = dump(name);
        let lines: Vec<&str> = clean.lines().collect();
        let mut messy = String::new();
        let mut foreign = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            messy.push_str(line);
            messy.push('\n');
            let next_is_location = lines.get(i + 1).is_some_and(|l| l.starts_with('\t'));
            if !line.starts_with('\t') && !line.is_empty() && next_is_location {
                messy.push_str(logs[foreign.len() % logs.len()]);
                messy.push('\n');
                foreign.push(messy.lines().count());
            }
        }
        let a = same_reading(&clean, &messy, name);
        let reported = reported_lines(&a);
        assert_eq!(reported, foreign, "{name}: each foreign line reported");
    }
}

#[test]
fn a_blank_line_between_some_calls_and_their_locations() {
    // A paste that double-spaced some lines (googollee/go-socket.io#604: `sync.throw(…)`,
    // a blank, its indented location): the blanks end no goroutine.
    for name in [LABELS, STATES, SIGQUIT, DEADLOCK, NESTED] {
        let clean = dump(name);
        let lines: Vec<&str> = clean.lines().collect();
        let mut messy = String::new();
        let mut calls = 0;
        for (i, line) in lines.iter().enumerate() {
            messy.push_str(line);
            messy.push('\n');
            let next_is_location = lines.get(i + 1).is_some_and(|l| l.starts_with('\t'));
            if !line.starts_with('\t') && !line.is_empty() && next_is_location {
                calls += 1;
                if calls % 3 == 1 {
                    messy.push('\n');
                }
            }
        }
        let a = same_reading(&clean, &messy, name);
        no_diagnostics(&a, name);
    }
}

#[test]
fn a_paste_that_starts_inside_a_goroutine_keeps_its_frames() {
    // Copied from the middle of a dump (golang/go#13362 pasted from a frame on): the
    // first goroutine's header and first frame are above the paste.
    for name in [LABELS, STATES, SIGQUIT, DEADLOCK] {
        let clean = dump(name);
        let lines: Vec<&str> = clean.lines().collect();
        // The first goroutine with at least three frames: cut after its first frame.
        let header = (0..lines.len())
            .find(|&i| {
                lines[i].starts_with("goroutine ")
                    && !lines[i].starts_with("goroutine 0 ")
                    && lines[i + 1..].iter().take_while(|l| !l.is_empty()).count() >= 6
            })
            .expect("a goroutine with three frames");
        let messy = lines[header + 3..].join("\n") + "\n";
        let whole = serde_json::to_value(analyze_text(&clean).report()).unwrap();
        let a = analyze_text(&messy);
        no_diagnostics(&a, name);
        let report = serde_json::to_value(a.report()).unwrap();
        let g = &report["profiles"][0]["goroutines"];
        let cut: Vec<&serde_json::Value> = g["cutOff"]
            .as_array()
            .expect("cutOff")
            .iter()
            .filter(|c| c["above"] == true)
            .collect();
        assert_eq!(cut.len(), 1, "{name}: {}", g["cutOff"]);
        assert_eq!(cut[0]["line"], 1, "{name}");
        // Its frames are those of the clean dump's goroutine after the first.
        let id: u64 = lines[header]["goroutine ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let clean_a = analyze_text(&clean);
        let p = only_profile(&clean_a);
        let original = p.goroutines.iter().find(|g| g.id == id).unwrap();
        let want: Vec<String> = p
            .stacks
            .get(original.stack)
            .iter()
            .skip(1)
            .filter_map(|e| match e {
                goroseer::model::goroutine::StackEntry::Call { frame, .. } => {
                    Some(clean_a.document.frames.get(*frame).function.clone())
                }
                _ => None,
            })
            .collect();
        let got: Vec<String> = cut[0]["frames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["function"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(got, want, "{name}");
        // The goroutines after it are all read; the cut one is not counted.
        assert_eq!(
            g["total"].as_u64().unwrap() + 1,
            whole["profiles"][0]["goroutines"]["total"]
                .as_u64()
                .unwrap()
                - lines[..header]
                    .iter()
                    .filter(|l| l.starts_with("goroutine ") && !l.starts_with("goroutine 0 "))
                    .count() as u64,
            "{name}"
        );
    }
}

#[test]
fn a_crash_the_sync_package_raised_is_placed_in_its_caller() {
    // tests/fixtures/gen/syncmisuse: `sync: negative WaitGroup counter` raised in
    // sync.(*WaitGroup).Add and `sync: unlock of unlocked mutex` in internal/sync, each
    // called by the program's own function: that is the crash site.
    for (path, raised) in [
        (
            "syncmisuse/waitgroup.stderr.txt",
            "panic: sync: negative WaitGroup counter",
        ),
        (
            "syncmisuse/unlock.stderr.txt",
            "fatal error: sync: unlock of unlocked mutex",
        ),
    ] {
        let text = fixture(path);
        assert!(text.starts_with(raised), "{path}");
        // The crashing goroutine (printed first) is the only one whose stack holds the
        // program's own function above the sync package's frames.
        let call = text
            .lines()
            .find(|l| l.starts_with("main.") && !l.starts_with("main.main"))
            .unwrap();
        let own = &call[..call.rfind('(').unwrap()];
        let report = serde_json::to_value(analyze_text(&text).report()).unwrap();
        let findings = report["profiles"][0]["annotations"].as_array().unwrap();
        let crash = findings
            .iter()
            .find(|a| a["rule"] == "panic")
            .expect("crash finding");
        let site = crash["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["key"] == "site")
            .expect("a site");
        assert_eq!(site["value"]["function"], own, "{path}: {crash}");
    }
}

#[test]
fn panics_recovered_and_logged_with_their_stacks_are_read_whole() {
    // tests/fixtures/gen/recovered: net/http's `http: panic serving`, debug.Stack() in a
    // deferred recover, klog's `Observed a panic:` (printf form, and the structured form
    // whose `stacktrace=<` value indents every line by a tab).
    let text = fixture("recovered/recovered.stderr.txt");
    let headers: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("goroutine "))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(headers.len(), 4);
    let a = analyze_text(&text);
    let profiles = goroutine_profiles(&a);
    let mut read: Vec<usize> = profiles
        .iter()
        .flat_map(|p| p.goroutines.iter().map(|g| g.line as usize))
        .collect();
    read.sort_unstable();
    assert_eq!(read, headers);
    for p in &profiles {
        assert!(p.partial.is_empty());
        assert!(p.crash.panics.is_empty(), "recovered: not a crash");
        for g in &p.goroutines {
            let frames = frame_strings(&a.document.frames, p.stacks.get(g.stack));
            assert!(frames.iter().any(|f| f.starts_with("panic ")), "{frames:?}");
            assert!(g.created_by.is_some(), "{frames:?}");
        }
    }
    // The log lines around the stacks are reported, none of the stacks' own lines.
    let stack_lines = profiles
        .iter()
        .flat_map(|p| p.diagnostics.iter())
        .chain(&a.document.diagnostics)
        .filter(|d| {
            let line = text.lines().nth(d.line - 1).unwrap().trim_start();
            line.starts_with("main.") || line.starts_with("example.com/")
        })
        .count();
    assert_eq!(stack_lines, 0);
}

/// The blocks of a traceback: `(header, call lines)` of each `goroutine N [...]:`.
fn blocks(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if line.starts_with("goroutine ") {
            out.push((line.to_owned(), Vec::new()));
        } else if let Some((_, calls)) = out.last_mut() {
            if !line.is_empty() && !line.starts_with([' ', '\t']) && !line.starts_with("created by")
            {
                calls.push(line.to_owned());
            }
        }
    }
    out
}

#[test]
fn gccgo_tracebacks() {
    // tests/fixtures/gen/gccgo, built with gccgo: bare call lines, no offsets, mangled
    // names; a panic, a runtime error and a fatal error thrown by the runtime.
    for (name, crash) in [
        ("paste/gccgo-panic.txt", "assignment to entry in nil map"),
        ("paste/gccgo-nil.txt", "nil pointer dereference"),
        ("paste/gccgo-throw.txt", "unlock of unlocked mutex"),
    ] {
        let text = fixture(name);
        let printed = blocks(&text);
        let a = analyze_text(&text);
        let p = only_profile(&a);
        no_diagnostics(&a, name);
        assert_eq!(p.goroutines.len(), printed.len(), "{name}");
        for (g, (header, calls)) in p.goroutines.iter().zip(&printed) {
            assert!(header.starts_with(&format!("goroutine {} [", g.id)));
            let frames = frame_strings(&a.document.frames, p.stacks.get(g.stack));
            assert_eq!(frames.len(), calls.len(), "{name}: {header}");
            assert!(frames.iter().all(|f| !f.ends_with(":0")), "{frames:?}");
        }
        // Every goroutine but main's was created by someone.
        let created = p.goroutines.iter().filter(|g| g.created_by.is_some());
        assert_eq!(created.count(), printed.len() - 1, "{name}");
        let crash_text = format!("{:?}", p.crash);
        assert!(crash_text.contains(crash), "{name}: {crash_text}");
        let crashed = p.crashed_goroutine(&a.document.frames).unwrap();
        assert_eq!(crashed, 0, "{name}: the goroutine printed first");
        // gccgo's `_1` and `__` are `/` and `_` in Go's names.
        let functions: Vec<&str> = a
            .document
            .frames
            .frames()
            .iter()
            .map(|f| f.function.as_str())
            .collect();
        assert!(
            functions.contains(&"net/http.Server.Serve"),
            "{functions:?}"
        );
        assert!(
            functions.contains(&"sync.runtime_SemacquireMutex"),
            "{functions:?}"
        );
        assert!(!functions.iter().any(|f| f.contains("_1")), "{functions:?}");
    }
    // As quoted in a mail: `> ` before every line, locations indented by four spaces.
    let text = fixture("paste/gccgo-throw.txt");
    let quoted = lines_mapped(&text, |_, l| match l.strip_prefix('\t') {
        Some(location) => format!(">     {location}"),
        None => format!("> {l}"),
    });
    no_diagnostics(
        &same_reading(&text, &quoted, "quoted gccgo"),
        "quoted gccgo",
    );
    let a = analyze_text(&text);
    let p = only_profile(&a);
    let throw = frame_strings(&a.document.frames, p.stacks.get(p.goroutines[0].stack));
    assert!(throw[0].starts_with("runtime.dopanic_m "), "{throw:?}");
}
