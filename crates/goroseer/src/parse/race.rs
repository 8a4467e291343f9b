//! Race detector reports (ThreadSanitizer's Go output, `runtime/race`): see
//! [`crate::model::race`] for the shape. Frames are indented by two spaces (call) and six
//! (location); the reports of one run are separated by `==================` lines and
//! may have the program's own output (or `go test`'s) between them, which is reported
//! with its line numbers. A goroutine dump after the reports ends them.

use super::frame::{parse_call, parse_location_text};
use super::traceback::clip;
use super::{starts_dump, Cursor};
use crate::model::race::{AccessOp, RaceAccess, RaceGoroutine, RaceProfile, RaceReport};
use crate::model::{Diagnostic, FrameTable};

const WARNING: &str = "WARNING: DATA RACE";

/// Whether `text` (trimmed) is the `==================` line around a report.
pub fn is_separator(text: &str) -> bool {
    text.len() >= 10 && text.bytes().all(|b| b == b'=')
}

/// Whether the cursor's next line is a separator that a race report follows: the caller
/// may consume it as part of the report.
pub fn separator_before_report(cursor: &Cursor<'_>) -> bool {
    let mut probe = cursor.clone();
    if !probe.next().is_some_and(|l| is_separator(l.text.trim())) {
        return false;
    }
    probe.next().is_some_and(|l| l.text.trim() == WARNING)
}

/// `text` without `word` at its start, the word's first letter in either case
/// (`Previous write`, `Atomic read`, `previous atomic write`).
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    let (h, w) = (head.as_bytes(), word.as_bytes());
    (h.eq_ignore_ascii_case(w) && h[1..] == w[1..]).then(|| &text[word.len()..])
}

/// `[Previous ][atomic ]read|write at 0xADDR by goroutine N:` (or `by main goroutine:`):
/// the access (no line, no frames yet) and the address.
fn access_line(text: &str) -> Option<(RaceAccess, Option<&str>)> {
    let body = text.strip_suffix(':')?;
    let (previous, rest) = match strip_word(body, "previous ") {
        Some(r) => (true, r),
        None => (false, body),
    };
    let (atomic, rest) = match strip_word(rest, "atomic ") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (op, rest) = if let Some(r) = strip_word(rest, "read") {
        (AccessOp::Read, r)
    } else {
        (AccessOp::Write, strip_word(rest, "write")?)
    };
    let (address, by) = match rest.strip_prefix(" at ") {
        Some(r) => {
            let (addr, by) = r.split_once(' ')?;
            (Some(addr), by)
        }
        None => (None, rest.trim_start()),
    };
    let goroutine = match by.strip_prefix("by ")? {
        "main goroutine" => 1,
        g => g.strip_prefix("goroutine ")?.parse().ok()?,
    };
    let access = RaceAccess {
        line: 0,
        op,
        atomic,
        previous,
        goroutine: Some(goroutine),
        frames: Vec::new(),
    };
    Some((access, address))
}

/// `Goroutine N (running) created at:` → (id, state).
fn goroutine_line(text: &str) -> Option<(u64, &str)> {
    let rest = text
        .strip_prefix("Goroutine ")?
        .strip_suffix(" created at:")?;
    let (id, state) = rest.split_once(' ')?;
    let state = state.strip_prefix('(')?.strip_suffix(')')?;
    Some((id.parse().ok()?, state))
}

/// Where the frames being read go.
enum Section {
    None,
    Access,
    Goroutine,
    Location,
}

/// Parses the race reports starting at the cursor (at `WARNING: DATA RACE` or the
/// separator before it); `None` (nothing consumed) otherwise.
pub fn parse(
    cursor: &mut Cursor<'_>,
    frames: &mut FrameTable,
) -> Option<(RaceProfile, Vec<Diagnostic>)> {
    let first = cursor.peek()?;
    let at_separator = is_separator(first.text.trim()) && separator_before_report(cursor);
    if !(first.text.trim() == WARNING || at_separator) {
        return None;
    }
    let mut profile = RaceProfile {
        line: first.number,
        ..RaceProfile::default()
    };
    let mut held: Vec<Diagnostic> = Vec::new();
    let mut open: Option<RaceReport> = None;
    let mut section = Section::None;
    let mut pending: Option<&str> = None;
    let mut started = false;
    while let Some(line) = cursor.peek() {
        let text = line.text.trim();
        let number = line.number;
        if started && text != WARNING && !is_separator(text) && starts_dump(line.text.trim_end()) {
            break;
        }
        started = true;
        cursor.next();
        if text.is_empty() {
            continue;
        }
        if text == WARNING {
            close(&mut profile, &mut open);
            profile.diagnostics.append(&mut held);
            open = Some(RaceReport {
                line: number as u32,
                ..RaceReport::default()
            });
            section = Section::None;
            pending = None;
            continue;
        }
        if is_separator(text) {
            close(&mut profile, &mut open);
            section = Section::None;
            continue;
        }
        if let Some(n) = text
            .strip_prefix("Found ")
            .and_then(|r| r.strip_suffix(" data race(s)"))
            .and_then(|n| n.parse().ok())
        {
            profile.found = Some(n);
            continue;
        }
        // `go run` reports the race detector's exit code (66).
        if text
            .strip_prefix("exit status ")
            .is_some_and(|code| code.parse::<i32>().is_ok())
        {
            continue;
        }
        if let Some(report) = open.as_mut() {
            if let Some((access, address)) = access_line(text) {
                if report.address.is_none() {
                    report.address = address.map(str::to_owned);
                }
                report.accesses.push(RaceAccess {
                    line: number as u32,
                    ..access
                });
                section = Section::Access;
                pending = None;
                continue;
            }
            if let Some((id, state)) = goroutine_line(text) {
                report.goroutines.push(RaceGoroutine {
                    id,
                    state: state.to_owned(),
                    created_at: Vec::new(),
                });
                section = Section::Goroutine;
                pending = None;
                continue;
            }
            if text.starts_with("Location is ") {
                report.location = Some(text.trim_end_matches(':').to_owned());
                section = Section::Location;
                pending = None;
                continue;
            }
            let stack = match section {
                Section::Access => report.accesses.last_mut().map(|a| &mut a.frames),
                Section::Goroutine => report.goroutines.last_mut().map(|g| &mut g.created_at),
                Section::Location | Section::None => None,
            };
            if let Some(stack) = stack {
                if let (Some(function), Some(loc)) = (pending, parse_location_text(text)) {
                    stack.push(frames.intern(function, loc.file, loc.line));
                    pending = None;
                    continue;
                }
                if let Some(call) = parse_call(text) {
                    if let Some(function) = pending.replace(call.function) {
                        stack.push(frames.intern(function, "", 0));
                    }
                    continue;
                }
                if text == "[failed to restore the stack]" {
                    continue;
                }
            } else if matches!(section, Section::Location)
                && (parse_call(text).is_some() || parse_location_text(text).is_some())
            {
                // The allocation stack of a heap block: not kept.
                continue;
            }
        }
        held.push(Diagnostic {
            line: number,
            message: format!("not part of a race report: {}", clip(text)),
        });
    }
    close(&mut profile, &mut open);
    Some((profile, held))
}

fn close(profile: &mut RaceProfile, open: &mut Option<RaceReport>) {
    if let Some(report) = open.take() {
        profile.reports.push(report);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_lines() {
        let (a, address) =
            access_line("Previous write at 0x00c0000180c8 by main goroutine:").unwrap();
        assert_eq!(
            (a.op, a.atomic, a.previous, address, a.goroutine),
            (
                AccessOp::Write,
                false,
                true,
                Some("0x00c0000180c8"),
                Some(1)
            )
        );
        let (a, _) = access_line("Atomic read at 0x1 by goroutine 12:").unwrap();
        assert_eq!(
            (a.op, a.atomic, a.previous, a.goroutine),
            (AccessOp::Read, true, false, Some(12))
        );
        let (a, _) = access_line("Previous atomic write at 0x1 by goroutine 3:").unwrap();
        assert!(a.atomic && a.previous);
        assert!(access_line("Read at 0x1 by goroutine x:").is_none());
        assert!(access_line("Written at 0x1 by goroutine 1:").is_none());
        assert!(access_line("é Previous write at 0x1 by goroutine 1:").is_none());
    }

    #[test]
    fn goroutine_lines() {
        assert_eq!(
            goroutine_line("Goroutine 10 (finished) created at:"),
            Some((10, "finished"))
        );
        assert_eq!(goroutine_line("Goroutine x (running) created at:"), None);
    }
}
