//! The Delve debugger's goroutine list, as pasted from a `dlv` session:
//!
//! ```text
//! * Goroutine 1 - User: ./main.go:10 main.main (0x46f365) (thread 7933)
//!   Goroutine 5 - User: /usr/lib/go/src/runtime/time.go:193 time.Sleep (0x463d12) [sleep]
//!     0  0x0000000000437695 in runtime.gopark        (`goroutines -t`: its stack,
//!         at /usr/lib/go/src/runtime/proc.go:337      each line after a tab)
//! [5 goroutines]
//! ```
//!
//! Each line names a goroutine, one location (`User:` its innermost frame of non-runtime
//! code, `Runtime:` the innermost, `Go:` the `go` statement, `Start:` its function), the
//! thread running it and its wait reason (with Delve's raw wait-since clock, dropped). With
//! `-t` the frames follow (10 by default, `(truncated)` after). Without them the location
//! is the goroutine's one frame. Delve prints no state for a goroutine that is neither
//! waiting nor in a system call: such goroutines are `running` when on a thread, else
//! [`NO_STATE`].

use super::Cursor;
use crate::input::dump_start::{is_delve_goroutine, is_delve_prompt};
use crate::model::goroutine::{
    Goroutine, GoroutineFlags, GoroutineFormat, GoroutineProfile, StackEntry,
};
use crate::model::{Diagnostic, FrameTable};

/// The state of a goroutine Delve printed no wait reason for and no thread.
pub const NO_STATE: &str = "not waiting (no reason printed)";

/// The state of a goroutine Delve printed no wait reason for whose location is
/// `runtime.gopark`: parked, the reason not printed (older Delve, or a reason it does not
/// name).
pub const WAITING_NO_REASON: &str = "waiting (reason not printed)";

/// One goroutine line of the list.
struct Line<'a> {
    id: u64,
    function: &'a str,
    file: &'a str,
    line: u32,
    thread: bool,
    reason: Option<&'a str>,
    /// How long it has waited, in minutes, when Delve printed it after the reason
    /// (`[select 457422h31m34.9s]`, Delve ≥ 1.8).
    wait_minutes: u32,
}

/// `Goroutine N - KIND: FILE:LINE FUNC (0xPC)[ (thread T)][ [REASON[ N]]]`.
fn goroutine_line(text: &str) -> Option<Line<'_>> {
    let text = text.trim();
    let text = text.strip_prefix("* ").unwrap_or(text);
    let rest = text.strip_prefix("Goroutine ")?;
    let (id, rest) = rest.split_once(" - ")?;
    let id = id.parse().ok()?;
    let (_, mut rest) = rest.split_once(": ")?;
    let mut reason = None;
    let mut wait_minutes = 0;
    if let Some(open) = rest
        .strip_suffix(']')
        .and_then(|r| r.rfind(" [").map(|at| (r, at)))
    {
        let (body, at) = open;
        let mut words = body[at + 2..].trim();
        // Delve appends the goroutine's wait-since clock (a number) or how long it has
        // waited (a Go duration): not part of the reason.
        if let Some((before, clock)) = words.rsplit_once(' ') {
            if !clock.is_empty() && clock.bytes().all(|b| b.is_ascii_digit()) {
                words = before;
            } else if let Some(minutes) = duration_minutes(clock) {
                words = before;
                wait_minutes = minutes;
            }
        }
        reason = Some(words);
        rest = &body[..at];
    }
    let mut thread = false;
    if let Some(at) = rest.rfind(" (thread ") {
        thread = rest.ends_with(')');
        rest = &rest[..at];
    }
    let rest = match rest.rfind(" (0x") {
        Some(at) if rest.ends_with(')') => &rest[..at],
        _ => rest,
    };
    let (location, function) = rest.rsplit_once(' ')?;
    let (file, line) = location.rsplit_once(':')?;
    Some(Line {
        id,
        function,
        file,
        line: line.parse().ok()?,
        thread,
        reason,
        wait_minutes,
    })
}

/// The whole minutes of a Go duration as `time.Duration.String` prints it (`1h2m3.5s`,
/// `34.96s`, `250ms`); `None` for other text.
fn duration_minutes(text: &str) -> Option<u32> {
    let mut rest = text;
    let mut minutes: u64 = 0;
    let mut units = 0;
    while !rest.is_empty() {
        let digits = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if digits == 0 {
            return None;
        }
        let value: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit = ["h", "ms", "µs", "us", "ns", "m", "s"]
            .into_iter()
            .find(|u| rest.starts_with(u))?;
        rest = &rest[unit.len()..];
        minutes += match unit {
            "h" => value as u64 * 60,
            "m" => value as u64,
            _ => 0,
        };
        units += 1;
    }
    (units > 0).then(|| minutes.min(u32::MAX as u64) as u32)
}

/// A `-t` frame line: `N  0xPC in FUNC`: the function.
fn frame_call(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = text[digits..].trim_start().strip_prefix("0x")?;
    let (_, function) = rest.split_once(" in ")?;
    Some(function.trim())
}

/// A `-t` location line: `at FILE:LINE`.
fn frame_location(text: &str) -> Option<(&str, u32)> {
    let rest = text.trim().strip_prefix("at ")?;
    let (file, line) = rest.rsplit_once(':')?;
    Some((file, line.parse().ok()?))
}

/// Reads the goroutine list starting at the cursor; `None` (nothing consumed) when it does
/// not start there. It ends at its `[N goroutines]` line (read) or at the first line that is
/// none of its own (left for the caller: a `(dlv)` prompt, other output).
pub fn parse(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> Option<GoroutineProfile> {
    let first = cursor.peek()?;
    // The `(dlv) goroutines` command the list answers, and the count some Delve versions
    // print before the list (`[37 goroutines]`): part of it.
    let mut ahead = cursor.clone();
    let mut before = 0;
    let mut total = None;
    if is_delve_prompt(first.text) {
        ahead.next();
        before += 1;
        if let Some(n) = ahead.peek().and_then(|l| list_end(l.text)) {
            ahead.next();
            before += 1;
            total = Some(n);
        }
    }
    goroutine_line(ahead.peek()?.text)?;
    let mut profile = GoroutineProfile::new(GoroutineFormat::Delve, first.number as u32);
    profile.header_total = total;
    for _ in 0..before {
        cursor.next();
    }
    let mut open: Option<(Goroutine, Line<'_>, Vec<StackEntry>)> = None;
    let mut call: Option<&str> = None;
    while let Some(line) = cursor.peek() {
        let text = line.text.trim_end();
        if text.trim().is_empty() {
            cursor.next();
            continue;
        }
        if let Some(g) = goroutine_line(text) {
            close(&mut profile, frames, open.take());
            let state = match g.reason {
                Some(reason) => reason,
                None if g.thread => "running",
                None if g.function == "runtime.gopark" => WAITING_NO_REASON,
                None => NO_STATE,
            };
            let state = intern_state(&mut profile, state);
            let mut goroutine = Goroutine::new(g.id, 1, state, line.number);
            goroutine.wait_minutes = g.wait_minutes;
            open = Some((goroutine, g, Vec::new()));
            call = None;
        } else if let (Some(function), Some(_)) = (frame_call(text), open.as_ref()) {
            call = Some(function);
        } else if let (Some((file, at)), Some(function), Some((_, _, stack))) =
            (frame_location(text), call.take(), open.as_mut())
        {
            let frame = frames.intern(function, file, at);
            stack.push(StackEntry::Call {
                frame,
                offset: None,
                inlined: false,
            });
        } else if text.trim() == "(truncated)" && open.is_some() {
            if let Some((g, _, stack)) = open.as_mut() {
                stack.push(StackEntry::Elided { frames: None });
                g.flags.set(GoroutineFlags::ELIDED);
            }
        } else if let Some(total) = list_end(text) {
            // `[37 goroutines]`: how many there are, listed or not.
            profile.header_total = Some(total);
            profile.lines.1 = line.number as u32;
            cursor.next();
            break;
        } else if is_delve_goroutine(text.trim()) {
            // A goroutine line whose location could not be read.
            profile.diagnostics.push(Diagnostic {
                line: line.number,
                message: format!("Delve goroutine line not understood: {}", text.trim()),
            });
        } else {
            break;
        }
        profile.lines.1 = line.number as u32;
        cursor.next();
    }
    close(&mut profile, frames, open);
    Some(profile)
}

/// `[N goroutines]` (and `[N goroutines]` of a filtered list: `[2 goroutines, …]`): N.
fn list_end(text: &str) -> Option<u64> {
    let text = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let mut words = text.split(' ');
    let total = words.next()?.parse().ok()?;
    words
        .next()
        .is_some_and(|w| w.starts_with("goroutine"))
        .then_some(total)
}

fn intern_state(profile: &mut GoroutineProfile, state: &str) -> u32 {
    match profile.states.iter().position(|s| s == state) {
        Some(at) => at as u32,
        None => {
            profile.states.push(state.to_owned());
            profile.states.len() as u32 - 1
        }
    }
}

/// Adds the open goroutine: its `-t` frames, else its listed location as its one frame.
fn close(
    profile: &mut GoroutineProfile,
    frames: &mut FrameTable,
    open: Option<(Goroutine, Line<'_>, Vec<StackEntry>)>,
) {
    let Some((mut goroutine, line, mut stack)) = open else {
        return;
    };
    if !stack.iter().any(|e| matches!(e, StackEntry::Call { .. })) {
        stack = vec![StackEntry::Call {
            frame: frames.intern(line.function, line.file, line.line),
            offset: None,
            inlined: false,
        }];
    }
    goroutine.stack = profile.stacks.intern(&stack);
    profile.goroutines.push(goroutine);
}
