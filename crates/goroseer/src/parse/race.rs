//! Race detector reports (ThreadSanitizer's Go output, `runtime/race`): see
//! [`crate::model::race`] for the shape. Frames are indented by two spaces (call) and six
//! (location); the reports of one run are separated by `==================` lines and
//! may have the program's own output (or `go test`'s) between them, which is reported
//! with its line numbers. A goroutine dump after the reports ends them.

use super::frame::{parse_call, parse_location_text};
use super::traceback::clip;
use super::{starts_dump, Cursor};
use crate::model::race::{AccessOp, RaceAccess, RaceGoroutine, RaceProfile, RaceReport, RacedTest};
use crate::model::{Diagnostic, FrameId, FrameTable};

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

/// A line only the race detector (or `go test` about it) prints: one of these read with
/// no `WARNING: DATA RACE` above it is race text whose header is above the input.
#[derive(Debug)]
enum RaceLine<'t> {
    /// `WARNING: DATA RACE`.
    Warning,
    /// `Previous write at 0x… by goroutine N:` and the like.
    Access(RaceAccess, Option<&'t str>),
    /// `Goroutine N (running) created at:`.
    Goroutine(u64, &'t str),
    /// `Location is …`.
    Location,
    /// `[failed to restore the stack]`: an access whose stack the detector lost.
    NoStack,
    /// `Found N data race(s)`.
    Found(u64),
    /// `testing.go:NNNN: race detected during execution of test`.
    RaceDetected,
    /// The race runtime's abort at its goroutine limit: the limit.
    GoroutineLimit(u64),
}

/// The [`RaceLine`] `text` (trimmed) is, if any. Asked of every line outside a dump, so
/// its first byte rules most lines out before any other comparison.
fn race_line(text: &str) -> Option<RaceLine<'_>> {
    if text.as_bytes().last() == Some(&b't')
        && text.ends_with(": race detected during execution of test")
    {
        return Some(RaceLine::RaceDetected);
    }
    if !matches!(
        text.as_bytes().first(),
        Some(b'W' | b'R' | b'r' | b'P' | b'p' | b'A' | b'a' | b'G' | b'L' | b'[' | b'F' | b'=')
    ) {
        return None;
    }
    if text == WARNING {
        return Some(RaceLine::Warning);
    }
    if text == "[failed to restore the stack]" {
        return Some(RaceLine::NoStack);
    }
    if let Some(n) = text
        .strip_prefix("Found ")
        .and_then(|r| r.strip_suffix(" data race(s)"))
        .and_then(|n| n.parse().ok())
    {
        return Some(RaceLine::Found(n));
    }
    if let Some(n) = goroutine_limit(text) {
        return Some(RaceLine::GoroutineLimit(n));
    }
    if text.starts_with("Location is ") {
        return Some(RaceLine::Location);
    }
    if let Some((id, state)) = goroutine_line(text) {
        return Some(RaceLine::Goroutine(id, state));
    }
    access_line(text).map(|(a, address)| RaceLine::Access(a, address))
}

/// The limit of the race runtime's abort when too many goroutines are alive at once:
/// `race: limit on 8128 simultaneously alive goroutines is exceeded, dying` (Go before
/// 1.19; 8192 in older releases) or ThreadSanitizer's own older wording
/// `==1815==ThreadSanitizer: Thread limit (8192 threads) exceeded. Dying.`.
fn goroutine_limit(text: &str) -> Option<u64> {
    if let Some(rest) = text.strip_prefix("race: limit on ") {
        let n = rest.strip_suffix(" simultaneously alive goroutines is exceeded, dying")?;
        return n.parse().ok();
    }
    // `==PID==` first.
    let pid_end = 2 + memchr::memchr(b'=', text.strip_prefix("==")?.as_bytes())?;
    text[pid_end..]
        .strip_prefix("==ThreadSanitizer: Thread limit (")?
        .strip_suffix(" threads) exceeded. Dying.")?
        .parse()
        .ok()
}

/// `--- FAIL: TestX (0.00s)` → `TestX`.
fn failed_test(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("--- FAIL: ")?;
    Some(rest.split_once(" (").map_or(rest, |(name, _)| name))
}

/// Lines a probe for race text cut above looks at: a race stack is rarely longer, and
/// the bound keeps a long run of frame-like lines from being probed again at each line.
const PROBE_LINES: usize = 128;

/// Whether race text whose `WARNING: DATA RACE` line is not in the input starts at the
/// cursor, whose next line is `text` (trimmed): a race line ([`RaceLine`]: an access, a
/// creation stack's line, the summary, a test's verdict, the goroutine-limit abort), or
/// the end of a stack (frames) followed by one, or by the `==================` that
/// closes a report and a race line after it (a test's `--- FAIL:` line may come between).
/// Frames before a bare `WARNING: DATA RACE` are not enough: the detector prints the
/// separator first. Asked of every line outside a dump: only a frame line looks further.
fn starts_cut_report(cursor: &Cursor<'_>, text: &str) -> bool {
    match race_line(text) {
        Some(RaceLine::Warning) => return false,
        Some(_) => return true,
        None if !is_frame_line(text) => return false,
        None => {}
    }
    let mut probe = cursor.clone();
    probe.next();
    for _ in 0..PROBE_LINES {
        let Some(line) = probe.next() else {
            return false;
        };
        let text = line.text.trim();
        if text.is_empty() || is_frame_line(text) {
            continue;
        }
        if let Some(race) = race_line(text) {
            return !matches!(race, RaceLine::Warning);
        }
        return is_separator(text) && race_after_separators(&mut probe);
    }
    false
}

/// A frame's call line or file line.
fn is_frame_line(text: &str) -> bool {
    parse_call(text).is_some() || (ends_like_location(text) && parse_location_text(text).is_some())
}

/// Whether `text` ends the way a race report's file line does, `:LINE` or `:LINE +0xOFF`:
/// read from the end, so other lines are ruled out in a few bytes.
fn ends_like_location(text: &str) -> bool {
    let b = text.as_bytes();
    let mut end = b.len();
    let hex = b.iter().rev().take_while(|c| c.is_ascii_hexdigit()).count();
    if end >= hex + 4 && b[end - hex - 4..end - hex] == *b" +0x" {
        end -= hex + 4;
    }
    let digits = b[..end]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    digits > 0 && end > digits && b[end - digits - 1] == b':'
}

/// Whether the probe's next line that is neither blank, a separator nor a `--- FAIL:`
/// line (`go test` prints it before the test's `race detected` line) is a race line.
fn race_after_separators(probe: &mut Cursor<'_>) -> bool {
    for _ in 0..PROBE_LINES {
        let Some(line) = probe.next() else {
            return false;
        };
        let text = line.text.trim();
        if !text.is_empty() && !is_separator(text) && failed_test(text).is_none() {
            return race_line(text).is_some();
        }
    }
    false
}

/// `+0x1a4`: a frame's PC offset alone on a line.
fn is_wrapped_offset(text: &str) -> bool {
    text.strip_prefix("+0x")
        .is_some_and(|hex| !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Where the frames being read go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    /// The frames a report cut above starts with.
    CutTop,
    Access,
    Goroutine,
    Location,
}

/// The state of reading one log's race text.
struct Reader<'t> {
    profile: RaceProfile,
    /// Lines not understood since the last report began: the profile's when another
    /// report follows, else the lines after the profile.
    held: Vec<Diagnostic>,
    open: Option<RaceReport>,
    section: Section,
    /// A frame's function whose file line has not come yet.
    pending: Option<&'t str>,
    /// A `--- FAIL: TestX` just read, for the `race detected` line among its output.
    failed: Option<String>,
    /// The last raced test has no name yet: the next `--- FAIL:` line names it.
    awaiting_name: bool,
}

/// Parses the race text starting at the cursor: `WARNING: DATA RACE` (or the separator
/// before it), or race text cut above ([`starts_cut_report`]). `None` (nothing
/// consumed) otherwise.
pub fn parse(
    cursor: &mut Cursor<'_>,
    frames: &mut FrameTable,
) -> Option<(RaceProfile, Vec<Diagnostic>)> {
    let first = cursor.peek()?;
    // Asked of every line outside a dump: the ASCII trim is the cheaper one.
    let text = first.text.trim_ascii();
    let headed = text == WARNING || (is_separator(text) && separator_before_report(cursor));
    if !headed && !starts_cut_report(cursor, text) {
        return None;
    }
    let mut reader = Reader {
        profile: RaceProfile {
            line: first.number,
            ..RaceProfile::default()
        },
        held: Vec::new(),
        open: None,
        section: Section::None,
        pending: None,
        failed: None,
        awaiting_name: false,
    };
    let summary = matches!(
        race_line(text),
        Some(RaceLine::Found(_) | RaceLine::RaceDetected | RaceLine::GoroutineLimit(_))
    );
    if !headed && !summary {
        reader.open_cut(first.number);
    }
    let mut started = false;
    while let Some(line) = cursor.peek() {
        let text = line.text.trim();
        if started && text != WARNING && !is_separator(text) && starts_dump(line.text.trim_end()) {
            break;
        }
        started = true;
        cursor.next();
        if !text.is_empty() {
            reader.line(line.number, line.text, text, frames);
        }
    }
    reader.close(frames);
    Some((reader.profile, reader.held))
}

impl<'t> Reader<'t> {
    /// Opens a report whose header is above the input, at input line `number`.
    fn open_cut(&mut self, number: usize) {
        self.open = Some(RaceReport {
            line: number as u32,
            cut_above: true,
            ..RaceReport::default()
        });
        self.section = Section::CutTop;
        self.pending = None;
    }

    /// Reads one non-blank line: `raw` as in the input, `text` trimmed.
    fn line(&mut self, number: usize, raw: &str, text: &'t str, frames: &mut FrameTable) {
        if !raw.starts_with([' ', '\t']) && failed_test(text).is_none() {
            // A test's output is indented under its `--- FAIL` line (`go test`), or its
            // `--- FAIL` line comes right after it (`go test -v`): another line ends both.
            self.failed = None;
            self.awaiting_name = false;
        }
        match race_line(text) {
            Some(RaceLine::Warning) => {
                self.close(frames);
                self.profile.diagnostics.append(&mut self.held);
                self.open = Some(RaceReport {
                    line: number as u32,
                    ..RaceReport::default()
                });
                return;
            }
            Some(RaceLine::Found(n)) => {
                self.profile.found = Some(n);
                return;
            }
            Some(RaceLine::GoroutineLimit(n)) => {
                self.profile.goroutine_limit = Some(n);
                return;
            }
            Some(RaceLine::RaceDetected) => {
                let name = self.failed.take();
                self.awaiting_name = name.is_none();
                self.profile.raced_tests.push(RacedTest {
                    line: number as u32,
                    name,
                });
                return;
            }
            Some(race) => {
                if self.open.is_none() {
                    self.open_cut(number);
                }
                if self.section_line(race, number, text, frames) {
                    return;
                }
            }
            None => {}
        }
        if is_separator(text) {
            self.close(frames);
            return;
        }
        // `go run` reports the race detector's exit code (66).
        if text
            .strip_prefix("exit status ")
            .is_some_and(|code| code.parse::<i32>().is_ok())
        {
            return;
        }
        if let Some(name) = failed_test(text) {
            match self.profile.raced_tests.last_mut() {
                Some(t) if self.awaiting_name => t.name = Some(name.to_owned()),
                _ => self.failed = Some(name.to_owned()),
            }
            self.awaiting_name = false;
        } else if self.frame_line(text, frames) {
            return;
        }
        self.held.push(Diagnostic {
            line: number,
            message: format!("not part of a race report: {}", clip(text)),
        });
    }

    /// Reads a section line of the open report; `false` when it is not one.
    fn section_line(
        &mut self,
        race: RaceLine<'t>,
        number: usize,
        text: &str,
        frames: &mut FrameTable,
    ) -> bool {
        self.flush(frames);
        let section = self.section;
        let Some(report) = self.open.as_mut() else {
            return false;
        };
        match race {
            RaceLine::Access(access, address) => {
                if section == Section::CutTop
                    && access.previous
                    && report.accesses.is_empty()
                    && !report.cut_frames.is_empty()
                {
                    // The current access, its `Read at …` line above the input.
                    report.accesses.push(RaceAccess {
                        line: report.line,
                        op: AccessOp::Unknown,
                        atomic: false,
                        previous: false,
                        goroutine: None,
                        frames: std::mem::take(&mut report.cut_frames),
                    });
                }
                if report.address.is_none() {
                    report.address = address.map(str::to_owned);
                }
                report.accesses.push(RaceAccess {
                    line: number as u32,
                    ..access
                });
                self.section = Section::Access;
            }
            RaceLine::Goroutine(id, state) => {
                report.goroutines.push(RaceGoroutine {
                    id,
                    state: state.to_owned(),
                    created_at: Vec::new(),
                });
                self.section = Section::Goroutine;
            }
            RaceLine::Location => {
                report.location = Some(text.trim_end_matches(':').to_owned());
                self.section = Section::Location;
            }
            RaceLine::NoStack => {}
            _ => return false,
        }
        true
    }

    /// The stack frames go to in the current section.
    fn stack(&mut self) -> Option<&mut Vec<FrameId>> {
        let report = self.open.as_mut()?;
        match self.section {
            Section::CutTop => Some(&mut report.cut_frames),
            Section::Access => report.accesses.last_mut().map(|a| &mut a.frames),
            Section::Goroutine => report.goroutines.last_mut().map(|g| &mut g.created_at),
            Section::Location | Section::None => None,
        }
    }

    /// Reads a frame's call or file line; `false` when `text` is neither or no stack is
    /// being read.
    fn frame_line(&mut self, text: &'t str, frames: &mut FrameTable) -> bool {
        let section = self.section;
        let pending = self.pending;
        let Some(stack) = self.stack() else {
            // The allocation stack of a heap block (`Location is heap block …`): not kept.
            return section == Section::Location
                && (parse_call(text).is_some() || parse_location_text(text).is_some());
        };
        if let Some(loc) = parse_location_text(text) {
            match pending {
                Some(function) => stack.push(frames.intern(function, loc.file, loc.line)),
                // The file line of a frame whose function line is above the input.
                None if section == Section::CutTop && stack.is_empty() => {}
                None => return false,
            }
            self.pending = None;
            return true;
        }
        if pending.is_none() && is_wrapped_offset(text) {
            // A frame's `+0x…` offset a narrow terminal or mail client moved onto its own
            // line: the frame was read from its file line already.
            return !stack.is_empty();
        }
        let Some(call) = parse_call(text) else {
            return false;
        };
        if let Some(function) = pending {
            // A frame printed without its file line (an abbreviated report): kept, its
            // place unknown.
            stack.push(frames.intern(function, "", 0));
        }
        self.pending = Some(call.function);
        true
    }

    /// Keeps a frame whose file line never came, in the stack being read.
    fn flush(&mut self, frames: &mut FrameTable) {
        if let Some(function) = self.pending.take() {
            if let Some(stack) = self.stack() {
                stack.push(frames.intern(function, "", 0));
            }
        }
    }

    /// Ends the open report.
    fn close(&mut self, frames: &mut FrameTable) {
        self.flush(frames);
        self.section = Section::None;
        if let Some(report) = self.open.take() {
            self.profile.reports.push(report);
        }
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
    fn race_lines_read_alone() {
        let kind = |text| format!("{:?}", race_line(text));
        assert!(kind("Found 387 data race(s)").starts_with("Some(Found(387"));
        assert!(
            kind("testing.go:1490: race detected during execution of test")
                .starts_with("Some(RaceDetected")
        );
        assert!(kind("[failed to restore the stack]").starts_with("Some(NoStack"));
        assert!(kind("Goroutine 41 (running) created at:").starts_with("Some(Goroutine(41"));
        assert!(kind("Read at 0x00c4205f0098 by goroutine 30:").starts_with("Some(Access"));
        assert_eq!(kind("Found some data race(s)"), "None");
        assert_eq!(kind("main.main()"), "None");
        assert_eq!(
            goroutine_limit(
                "race: limit on 8128 simultaneously alive goroutines is exceeded, dying"
            ),
            Some(8128)
        );
        assert_eq!(
            goroutine_limit(
                "==1815==ThreadSanitizer: Thread limit (8192 threads) exceeded. Dying."
            ),
            Some(8192)
        );
        assert_eq!(goroutine_limit("race: limit on many goroutines"), None);
        assert_eq!(failed_test("--- FAIL: TestD2 (0.00s)"), Some("TestD2"));
        assert_eq!(
            failed_test("--- FAIL: TestA/sub_case (1.20s)"),
            Some("TestA/sub_case")
        );
        for location in [
            "/usr/local/go/src/os/exec/exec.go:612 +0x310",
            "C:/Dev/oathkeeper/rule/fetcher_default_test.go:399 +0x69e",
            "_testmain.go:47 +0x110",
            "<autogenerated>:1 +0x74",
            "/home/x/coordinator_test.go:121",
        ] {
            assert!(
                ends_like_location(location) && is_frame_line(location),
                "{location}"
            );
        }
        assert!(!ends_like_location("level=info id=49999"));
        assert!(!ends_like_location("FAIL\texample.com/racetest\t0.018s"));
        assert!(
            is_wrapped_offset("+0xa1c") && !is_wrapped_offset("+0x") && !is_wrapped_offset("+0xg")
        );
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
