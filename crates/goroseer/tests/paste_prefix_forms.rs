//! Log prefixes, escapes and wraps in the forms real issue threads paste them: a first
//! line whose prefix the selection cut, docker's raw log stream with its frame headers, a
//! `systemctl status` block above journald lines, a CI runner's elapsed-time tags and a
//! log console's table on a short crash, an escaped stack hard-wrapped inside its string,
//! journald lines wrapped at the terminal's width, an inline-code span around the paste,
//! docker compose's exit line. Each paste is built from a real corpus dump in the test and
//! must read as the clean dump does, line numbers included.

mod common;

use common::paste::*;
use common::*;
use goroseer::Analysis;

const OVERFLOW: &str = "panics/stack-overflow.stderr.txt";
const CRASHES: [&str; 4] = [PANIC, DEADLOCK, NIL, SIGQUIT];

/// `stack-overflow`'s crash from its `fatal error:` line to its `runtime stack:`
/// section's end: a fatal error with only a runtime stack, no goroutine header (a crash
/// the runtime stopped early, its `runtime:` lines before not in the paste).
fn runtime_stack_only() -> String {
    let clean = dump(OVERFLOW);
    let start = clean.find("fatal error: ").expect("a fatal error");
    let end = clean
        .find("\ngoroutine ")
        .expect("a goroutine after the runtime stack");
    clean[start..end + 1].to_owned()
}

fn all_lines_understood(a: &Analysis, what: &str) {
    assert_eq!(reported_lines(a), Vec::<usize>::new(), "{what}");
}

#[test]
fn a_first_line_whose_prefix_the_selection_cut() {
    for name in CRASHES {
        let clean = dump(name);
        let kubernetes = |i: usize| format!("2026-11-25T02:33:10.{:07}Z ", 6_367_390 + i * 7);
        let journald = |i: usize| format!("Nov 25 02:33:{:02} web-1 gateway[4242]: ", i % 60);
        let compose = |i: usize| format!("[web_{} gateway] 12:00:{:02} ", i % 13 * 97, i % 60);
        type Prefix<'a> = &'a dyn Fn(usize) -> String;
        let prefixes: [(Prefix, usize, &str); 3] = [
            (&kubernetes, 18, "kubernetes"),
            (&journald, 30, "journald"),
            (&compose, 16, "learned"),
        ];
        for (prefix, cut, kind) in prefixes {
            let messy = lines_mapped(&clean, |i, l| {
                let p = prefix(i);
                // The selection started inside the first line's prefix.
                let p = if i == 0 { &p[cut..] } else { &p[..] };
                format!("{p}{l}")
            });
            let what = format!("{name} under a {kind} prefix cut on the first line");
            let a = assert_same(&clean, &messy, &what);
            assert_eq!(a.document.log_prefix.as_deref(), Some(kind), "{what}");
            all_lines_understood(&a, &what);
        }
    }
}

#[test]
fn docker_raw_log_stream_with_its_frame_headers() {
    // `docker logs` read from the API without demultiplexing: each record starts with an
    // 8-byte header (stream, three zero bytes, big-endian length) before its timestamp.
    for name in [LABELS, STATES, NIL, SIGQUIT] {
        let clean = dump(name);
        let record = |i: usize, l: &str| format!("2025-11-05T15:24:00.{:09}Z {l}", 116_124_632 + i);
        let length_char = |len: usize| match u8::try_from(len % 256).unwrap() {
            b if b < 0x80 => char::from(b),
            // Not UTF-8 on its own: a copy shows U+FFFD.
            _ => '\u{fffd}',
        };
        // The whole header, control bytes and all (lines of 256 bytes or more have two
        // non-zero length bytes).
        let whole = lines_mapped(&clean, |i, l| {
            let r = record(i, l);
            let len = r.len() + 1;
            let high = char::from(u8::try_from(len >> 8 & 0x7f).unwrap());
            format!("\u{2}\0\0\0\0\0{high}{}{r}", length_char(len))
        });
        // Only the length byte left, as a page shows the header.
        let shown = lines_mapped(&clean, |i, l| {
            let r = record(i, l);
            let len = r.len() + 1;
            format!("{}{r}", length_char(len))
        });
        for (form, messy) in [("whole", whole), ("shown", shown)] {
            let what = format!("{name}, {form} frame headers");
            let a = assert_same(&clean, &messy, &what);
            assert_eq!(
                a.document.log_prefix.as_deref(),
                Some("kubernetes"),
                "{what}"
            );
            all_lines_understood(&a, &what);
        }
    }
}

/// `systemctl status UNIT`'s block before the unit's last journal lines.
const SYSTEMCTL: &str = "$ sudo systemctl status gateway.service
\u{25cf} gateway.service - Gateway
     Loaded: loaded (/etc/systemd/system/gateway.service; enabled; vendor preset: enabled)
     Active: failed (Result: exit-code) since Wed 2026-11-25 02:33:10 UTC; 5min ago
    Process: 4242 ExecStart=/usr/local/bin/gateway (code=exited, status=2)
   Main PID: 4242 (code=exited, status=2)
     CGroup: /system.slice/gateway.service
             \u{2514}\u{2500}4242 /usr/local/bin/gateway

";

#[test]
fn journald_lines_below_a_systemctl_status_block() {
    for name in [NIL, PANIC, STATES] {
        let full = dump(name);
        // The status shows the last lines of the journal only: the end of the dump.
        let lines: Vec<&str> = full.lines().collect();
        let tail = lines[lines.len().saturating_sub(8)..].join("\n") + "\n";
        let clean = format!("{SYSTEMCTL}{tail}");
        let messy = format!(
            "{SYSTEMCTL}{}",
            lines_mapped(&tail, |i, l| format!(
                "Nov 25 02:33:{:02} web-1 gateway[4242]: {l}",
                i % 60
            ))
        );
        let what = format!("{name}'s end below systemctl status");
        let a = assert_same(&clean, &messy, &what);
        assert_eq!(a.document.log_prefix.as_deref(), Some("journald"), "{what}");
        assert_eq!(
            reported_lines(&a),
            reported_lines(&analyze_text(&clean)),
            "{what}"
        );
        assert!(!goroutine_profiles(&a).is_empty(), "{what}");
    }
}

#[test]
fn elapsed_time_tags_on_a_crash_with_only_a_runtime_stack() {
    // AppVeyor and other CI runners tag each line with the time since the job started;
    // a blank line becomes the tag and a space.
    let clean = runtime_stack_only();
    let messy = lines_mapped(&clean, |i, l| format!("[00:11:{:02}] {l}", 10 + i % 3));
    let a = assert_same(&clean, &messy, "elapsed-time tags");
    assert_eq!(a.document.log_prefix.as_deref(), Some("learned"));
    all_lines_understood(&a, "elapsed-time tags");
    let p = only_profile(&a);
    assert_eq!(p.crash.fatal_errors, ["stack overflow"]);
    assert_eq!(p.thread_stacks.len(), 1);
}

#[test]
fn a_log_console_table_copied_with_its_columns() {
    // CloudWatch's console: each event a row `  | time | message`, the first row's
    // message selected without its columns, `--` where the console separates results.
    let clean = runtime_stack_only();
    let messy = lines_mapped(&clean, |i, l| {
        if i == 0 {
            format!("--\n{l}")
        } else {
            format!("  | 2026-11-25T02:33:10.{:03}+09:00 | {l}", 12 + i % 4)
        }
    });
    // One more line, before the dump: the clean text gets it too.
    let clean_numbered = format!("--\n{clean}");
    let a = assert_same(&clean_numbered, &messy, "console table");
    assert_eq!(a.document.log_prefix.as_deref(), Some("learned"));
    assert_eq!(reported_lines(&a), [1]);
}

/// The dump escaped into one logfmt record's `msg="…"` inside a journald line, between
/// two other records, the record's physical line hard-wrapped every `width` characters.
/// Returns the paste and, for each goroutine, the input line its header starts on.
fn escaped_and_wrapped(clean: &str, width: usize) -> (String, Vec<(u64, usize)>) {
    let escaped = escaped_field(clean);
    let journald = "Nov 25 02:33:10 web-1 shop[4242]: ";
    let record = format!("{journald}time=2026-11-25T02:33:10Z level=ERROR msg=\"{escaped}\"");
    let chars: Vec<char> = record.chars().collect();
    let pieces: Vec<String> = chars.chunks(width).map(|c| c.iter().collect()).collect();
    let mut headers = Vec::new();
    let mut from = 0;
    while let Some(at) = record[from..].find("\\ngoroutine ") {
        let start = from + at + 2;
        let id: u64 = record[start + "goroutine ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let column = record[..start].chars().count();
        // Line 1 is the record before; the wrapped record starts on line 2. (Goroutine 0
        // heads a thread's stack.)
        if id != 0 {
            headers.push((id, 2 + column / width));
        }
        from = start;
    }
    if let Some(rest) = clean.strip_prefix("goroutine ") {
        let id: u64 = rest.split(' ').next().unwrap().parse().unwrap();
        headers.insert(0, (id, 2 + record.find("goroutine").unwrap() / width));
    }
    let paste = format!(
        "{journald}time=2026-11-25T02:33:09Z level=INFO msg=\"starting\"\n{}\n\
         {journald}time=2026-11-25T02:33:11Z level=INFO msg=\"shutting down\"\n",
        pieces.join("\n")
    );
    (paste, headers)
}

#[test]
fn an_escaped_stack_hard_wrapped_inside_its_string() {
    for name in [LABELS, STATES, SIGQUIT] {
        let clean = dump(name);
        for width in [241, 500, 1000] {
            let (messy, headers) = escaped_and_wrapped(&clean, width);
            let what = format!("{name} escaped, wrapped at {width}");
            let a = same_reading(&clean, &messy, &what);
            let p = only_profile(&a);
            let mut lines: Vec<(u64, usize)> = p
                .goroutines
                .iter()
                .map(|g| (g.id, g.line as usize))
                .collect();
            lines.sort_unstable();
            let mut want = headers.clone();
            want.sort_unstable();
            assert_eq!(lines, want, "{what}: goroutines' input lines");
        }
    }
}

#[test]
fn journald_lines_wrapped_at_the_terminals_width() {
    // journalctl in a terminal: a line longer than the terminal's width goes on at the
    // start of the next row, without the prefix; the location lines lost their tab.
    for name in [LABELS, NIL, DEADLOCK] {
        let clean = dump(name);
        let width = 100;
        let mut messy = String::new();
        for (i, l) in clean.lines().enumerate() {
            let line = format!(
                "Nov 25 02:33:{:02} web-1 gateway[{}]: {}",
                i % 60,
                4242 + i % 3 * 10_000,
                l.trim_start_matches('\t')
            );
            let chars: Vec<char> = line.chars().collect();
            for row in chars.chunks(width) {
                messy.extend(row);
                messy.push('\n');
            }
        }
        let what = format!("{name} in journald lines wrapped at {width}");
        // (Rows added by the wrap move the crashed goroutine's line.)
        let a = same_reading(&clean, &messy, &what);
        assert_eq!(a.document.log_prefix.as_deref(), Some("journald"), "{what}");
        all_lines_understood(&a, &what);
    }
}

#[test]
fn an_inline_code_span_around_the_paste() {
    // `` `…` `` around the whole dump: the closing backtick glued to the last line or on
    // a line of its own.
    for name in CRASHES {
        let clean = dump(name);
        let body = clean.trim_end();
        for messy in [format!("`{body}`\n"), format!("`{body}\n`\n")] {
            let what = format!("{name} in an inline-code span");
            let a = same_reading(&clean, &messy, &what);
            // Only the opening backtick is glue to report.
            assert_eq!(reported_lines(&a), [1], "{what}");
        }
    }
    // The span closed right after a goroutine header: the header is read.
    let clean = dump(PANIC);
    let header = clean.find("goroutine ").unwrap();
    let end = header + clean[header..].find('\n').unwrap();
    let messy = format!("`{}`\n", &clean[..end]);
    let a = analyze_text(&messy);
    let p = only_profile(&a);
    assert_eq!(p.goroutines.len() + p.partial.len(), 1);
}

#[test]
fn docker_compose_exit_line_after_a_complete_dump() {
    for name in [NIL, PANIC, DEADLOCK] {
        let clean = dump(name);
        let messy =
            lines_mapped(&clean, |_, l| format!("app-1  | {l}")) + "app-1 exited with code 2\n";
        let what = format!("{name} under docker compose");
        let a = analyze_text(&messy);
        assert_eq!(a.document.log_prefix.as_deref(), Some("learned"), "{what}");
        all_lines_understood(&a, &what);
        let p = only_profile(&a);
        let want = analyze_text(&clean);
        let want = only_profile(&want);
        assert!(!p.truncated, "{what}");
        assert!(p.partial.is_empty(), "{what}");
        assert_eq!(p.goroutines.len(), want.goroutines.len(), "{what}");
    }
}
