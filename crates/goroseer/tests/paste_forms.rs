//! Forms that real issue threads paste dumps in: every line indented as a block, a prefix
//! that differs on some lines, crash lines glued to other text, `^M` at line ends, a
//! blank line after every line, newest-first log order. Each paste is built from a real
//! dump in the test and must read as the clean dump does: the same goroutines, frames,
//! states and crash.

mod common;

use common::paste::*;
use common::*;
use goroseer::Analysis;

const DUMPS: [&str; 6] = [LABELS, STATES, SIGQUIT, PANIC, DEADLOCK, NIL];

#[test]
fn every_line_indented_by_tabs_or_spaces() {
    for name in DUMPS {
        let clean = dump(name);
        for indent in ["\t", "\t\t", "  ", "   ", "        "] {
            let what = format!("{name} indented by {indent:?}");
            no_diagnostics(
                &same_reading(&clean, &indented(&clean, indent), &what),
                &what,
            );
        }
    }
}

#[test]
fn a_single_goroutine_indented_by_a_tab() {
    // One goroutine header only: nothing to learn a prefix from but the block itself.
    let clean = dump(PANIC);
    let single = &clean[clean.find("goroutine ").unwrap()..];
    let a = same_reading(single, &indented(single, "\t"), "single goroutine");
    assert_eq!(only_profile(&a).goroutines.len(), 1);
}

#[test]
fn a_prefix_that_differs_on_some_lines() {
    for name in DUMPS {
        let clean = dump(name);
        // Two spaces after the timestamp on every fifth line, one on the others.
        let timestamps = lines_mapped(&clean, |i, l| {
            let gap = if i % 5 == 0 { "  " } else { " " };
            format!("2026/11/25 02:33:{:02}{gap}{l}", i % 60)
        });
        let what = format!("{name} with uneven timestamp gaps");
        no_diagnostics(&same_reading(&clean, &timestamps, &what), &what);
        // One leading space on some lines only.
        let spaced = lines_mapped(&clean, |i, l| {
            if i % 4 == 1 {
                format!(" {l}")
            } else {
                l.to_owned()
            }
        });
        let what = format!("{name} with a space before some lines");
        no_diagnostics(&same_reading(&clean, &spaced, &what), &what);
    }
}

#[test]
fn a_goroutine_header_glued_to_an_access_log_line() {
    for name in [LABELS, STATES] {
        let clean = dump(name);
        let glue = "10.0.0.7 - - [25/Nov/2026:02:33:10] \"GET /api/orders\" 500 [nil pointer dereference] ";
        let messy = lines_mapped(&clean, |i, l| {
            if i > 0 && l.starts_with("goroutine ") {
                format!("{glue}{l}")
            } else {
                l.to_owned()
            }
        });
        let a = same_reading(&clean, &messy, name);
        let glued_lines: Vec<usize> = messy
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with(glue))
            .map(|(i, _)| i + 1)
            .collect();
        assert!(!glued_lines.is_empty());
        let reported: Vec<usize> = only_profile(&a)
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("GET /api/orders"))
            .map(|d| d.line)
            .collect();
        assert_eq!(reported, glued_lines, "{name}: the glued text is reported");
    }
}

#[test]
fn crash_lines_glued_to_other_text() {
    for name in [SIGQUIT, PANIC, DEADLOCK, NIL] {
        let clean = dump(name);
        for glue in ["`", "^\\", "> `"] {
            let what = format!("{name} after {glue:?}");
            same_reading(&clean, &format!("{glue}{clean}"), &what);
        }
    }
    // A progress line that did not end before the signal line.
    let clean = dump(SIGQUIT);
    assert!(clean.starts_with("SIG"));
    let messy = format!("Downloading modules 45% [=====>      ] 12.3 MiB/s{clean}");
    let a = same_reading(&clean, &messy, "progress line");
    assert_eq!(a.document.diagnostics.len(), 1);
    assert_eq!(a.document.diagnostics[0].line, 1);
}

#[test]
fn caret_m_at_line_ends() {
    for name in DUMPS {
        let clean = dump(name);
        let messy = lines_mapped(&clean, |_, l| format!("{l}^M"));
        no_diagnostics(&same_reading(&clean, &messy, name), name);
    }
}

#[test]
fn a_blank_line_after_every_line() {
    for name in DUMPS {
        let clean = dump(name);
        let messy = clean.replace('\n', "\n\n");
        let a = same_reading(&clean, &messy, name);
        no_diagnostics(&a, name);
        // Line numbers stay the input's: clean line L is line 2L - 1 of the paste.
        let lines = |a: &Analysis| -> Vec<u32> {
            let mut l: Vec<u32> = only_profile(a).goroutines.iter().map(|g| g.line).collect();
            l.sort_unstable();
            l
        };
        let clean_lines: Vec<u32> = lines(&analyze_text(&clean))
            .iter()
            .map(|l| 2 * l - 1)
            .collect();
        assert_eq!(lines(&a), clean_lines, "{name}");
    }
}

#[test]
fn newest_line_first() {
    for name in DUMPS {
        let clean = dump(name);
        let messy: String = clean.lines().rev().map(|l| format!("{l}\n")).collect();
        let a = same_reading(&clean, &messy, name);
        no_diagnostics(&a, name);
        // Line numbers stay the input's: clean line L is line N - L + 1 of the paste.
        let n = messy.lines().count() as u32;
        let lines = |a: &Analysis| -> Vec<u32> {
            let mut l: Vec<u32> = only_profile(a).goroutines.iter().map(|g| g.line).collect();
            l.sort_unstable();
            l
        };
        let mut want: Vec<u32> = lines(&analyze_text(&clean))
            .iter()
            .map(|l| n - l + 1)
            .collect();
        want.sort_unstable();
        assert_eq!(lines(&a), want, "{name}");
    }
}

#[test]
fn debug1_frames_without_their_hash() {
    // A page that renders Markdown reads `#` as a heading and drops it.
    for name in [
        "goroutine-labels/goroutine.debug1.txt",
        "goroutine-http-keepalive/goroutine.debug1.txt",
    ] {
        let clean = dump(name);
        let messy = lines_mapped(&clean, |_, l| match l.strip_prefix("#\t0x") {
            Some(rest) => format!("        0x{rest}"),
            None => l.to_owned(),
        });
        assert_ne!(messy, clean);
        no_diagnostics(&same_reading(&clean, &messy, name), name);
    }
}

#[test]
fn a_stack_logged_as_one_logfmt_record_inside_journald_lines() {
    // `msg="goroutine 11 [running]:\n…"`: the whole dump escaped into one logfmt record,
    // shipped by journald with its own prefix, between other records.
    for name in [LABELS, STATES, SIGQUIT] {
        let clean = dump(name);
        let escaped = escaped_field(&clean);
        let journald = "Nov 25 02:33:10 web-1 shop[4242]: ";
        let messy = format!(
            "{journald}time=2026-11-25T02:33:10Z level=INFO msg=\"starting\"\n\
             {journald}time=2026-11-25T02:33:10Z level=ERROR msg=\"{escaped}\"\n\
             {journald}time=2026-11-25T02:33:11Z level=INFO msg=\"shutting down\"\n"
        );
        let a = same_reading(&clean, &messy, name);
        assert_eq!(a.document.log_prefix.as_deref(), Some("journald"));
        // The other records are reported with their input lines; the dump's lines all come
        // from input line 2.
        let lines: Vec<usize> = a.document.diagnostics.iter().map(|d| d.line).collect();
        assert!(lines.contains(&1), "{name}: {lines:?}");
        let p = only_profile(&a);
        assert!(p.goroutines.iter().all(|g| g.line == 2), "{name}");
    }
}

#[test]
fn a_windows_exception_and_its_headerless_frames() {
    // `winthrow` prints the exception, `PC=`, then the crashing goroutine's frames without
    // a `goroutine N [...]:` header, then the other goroutines.
    for name in [NIL, DEADLOCK, PANIC] {
        let clean = dump(name);
        let lines: Vec<&str> = clean.lines().collect();
        let first = lines
            .iter()
            .position(|l| l.starts_with("goroutine ") && !l.starts_with("goroutine 0 "))
            .unwrap();
        let rest = lines[first + 1..].join("\n");
        let messy = format!(
            "Exception 0xc0000005 0x8 0x0 0x0\nPC=0x49dc80\n\
             signal arrived during external code execution\n\n{rest}\n"
        );
        let want = analyze_text(&clean);
        let want_p = only_profile(&want);
        let a = analyze_text(&messy);
        let p = only_profile(&a);
        // The goroutine whose header was left out is the crashing stack, frame for frame.
        let crashed = &want_p.goroutines[0];
        assert_eq!(p.thread_stacks.len(), 1, "{name}");
        assert_eq!(
            frame_strings(&a.document.frames, p.stacks.get(p.thread_stacks[0].stack)),
            frame_strings(&want.document.frames, want_p.stacks.get(crashed.stack)),
            "{name}"
        );
        // The others are read as goroutines; the exception is the crash.
        assert_eq!(p.goroutines.len(), want_p.goroutines.len() - 1, "{name}");
        assert_eq!(p.crash.signals[0], "Exception 0xc0000005 0x8 0x0 0x0");
        assert!(p.diagnostics.is_empty(), "{name}: {:?}", p.diagnostics);
    }
}
