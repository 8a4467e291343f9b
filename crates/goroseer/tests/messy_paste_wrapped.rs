//! Pastes whose long lines a terminal, mail client or ticket field hard-wrapped at a fixed
//! width: built from real corpus dumps in the test, they must read as the clean dump; a
//! piece that cannot be rejoined is reported with its own input line number.

mod common;

use common::paste::*;
use common::*;

const DUMPS: [&str; 6] = [
    "goroutine-labels/goroutine.debug2.txt",
    "goroutine-labels/goroutine.debug1.txt",
    "goroutine-misc-states/goroutine.debug2.txt",
    "goroutine-leak/goroutineleak.debug2.txt",
    "panics/sigquit-gotraceback-crash.stderr.txt",
    "panics/gotraceback-system.stderr.txt",
];

/// Each line cut into pieces of at most `columns` terminal columns (tab stops every 8),
/// as a terminal wraps what it prints.
fn hard_wrap(text: &str, columns: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        let mut col = 0;
        for c in line.chars() {
            let w = if c == '\t' { 8 - col % 8 } else { 1 };
            if col + w > columns {
                out.push('\n');
                col = 0;
            }
            let w = if c == '\t' { 8 - col % 8 } else { 1 };
            out.push(c);
            col += w;
        }
        out.push('\n');
    }
    out
}

#[test]
fn hard_wrapped_pastes_read_as_the_clean_dump() {
    for name in DUMPS {
        let clean = read(&corpus().join(name));
        for columns in [64, 72, 80, 100] {
            let wrapped = hard_wrap(&clean, columns);
            assert!(
                wrapped.lines().count() > clean.lines().count(),
                "{name} at {columns}: nothing was wrapped"
            );
            let what = format!("{name} wrapped at {columns}");
            no_diagnostics(&assert_same(&clean, &wrapped, &what), &what);
            let crlf = wrapped.replace('\n', "\r\n");
            no_diagnostics(&assert_same(&clean, &crlf, &what), &what);
        }
    }
}

#[test]
fn a_piece_that_cannot_be_rejoined_is_reported_with_its_line() {
    let name = "goroutine-labels/goroutine.debug2.txt";
    let clean = read(&corpus().join(name));
    let wrapped = hard_wrap(&clean, 80);
    let mut lines: Vec<&str> = wrapped.lines().collect();
    // A call line's first piece, its second piece lost (deleted while trimming the paste).
    let first = lines
        .iter()
        .position(|l| l.chars().count() == 80 && !l.starts_with(['\t', 'g', '#']))
        .expect("a wrapped call line");
    lines.remove(first + 1);
    let messy = lines.join("\n") + "\n";
    let a = analyze_text(&messy);
    let p = only_profile(&a);
    let total: u64 = p.total();
    assert_eq!(total, only_profile(&analyze_text(&clean)).total());
    let reported: Vec<usize> = p.diagnostics.iter().map(|d| d.line).collect();
    assert!(
        reported.contains(&(first + 1)),
        "line {} not reported: {:?}",
        first + 1,
        p.diagnostics
    );
    // The rest of the paste was still rejoined: only the damaged frame is reported.
    assert!(reported.len() <= 2, "{:?}", p.diagnostics);
}

#[test]
fn long_lines_not_understood_are_never_merged_into_one() {
    // A debugger's thread list pasted before a dump (golang/go#58798 pasted Delve's):
    // long lines with a Go file:line inside, each as wide as the paste. Joined, two of
    // them would still not be understood; each is reported with its own line.
    let clean = read(&corpus().join("panics/panic.stderr.txt"));
    let foreign: Vec<String> = (1..=4)
        .map(|id| {
            format!(
                "  Thread 335481{id} at 0x4797e3 /opt/hostedtoolcache/go/1.20.1/x64/src/runtime/sys_linux_amd64.s:555 runtime.futex (0x102255ab4)"
            )
        })
        .collect();
    let messy = format!("{}\n{clean}", foreign.join("\n"));
    let a = analyze_text(&messy);
    let reported = reported_lines(&a);
    assert_eq!(reported, vec![1, 2, 3, 4], "{:?}", a.document.diagnostics);
    assert_eq!(
        only_profile(&a).total(),
        only_profile(&analyze_text(&clean)).total()
    );
}
