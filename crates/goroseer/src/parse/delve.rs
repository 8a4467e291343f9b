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
use crate::input::dump_start::is_delve_goroutine;
use crate::model::goroutine::{
    Goroutine, GoroutineFlags, GoroutineFormat, GoroutineProfile, StackEntry,
};
use crate::model::{Diagnostic, FrameTable};

/// The state of a goroutine Delve printed no wait reason for and no thread.
pub const NO_STATE: &str = "not waiting (no reason printed)";

/// One goroutine line of the list.
struct Line<'a> {
    id: u64,
    function: &'a str,
    file: &'a str,
    line: u32,
    thread: bool,
    reason: Option<&'a str>,
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
    if let Some(open) = rest
        .strip_suffix(']')
        .and_then(|r| r.rfind(" [").map(|at| (r, at)))
    {
        let (body, at) = open;
        let mut words = body[at + 2..].trim();
        // Delve appends the goroutine's wait-since clock: a number, not part of the reason.
        if let Some((before, clock)) = words.rsplit_once(' ') {
            if !clock.is_empty() && clock.bytes().all(|b| b.is_ascii_digit()) {
                words = before;
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
    })
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
    goroutine_line(first.text)?;
    let mut profile = GoroutineProfile::new(GoroutineFormat::Delve, first.number as u32);
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
                None => NO_STATE,
            };
            let state = intern_state(&mut profile, state);
            let goroutine = Goroutine::new(g.id, 1, state, line.number);
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
        } else if is_list_end(text) {
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

/// `[N goroutines]` (and `[N goroutines]` of a filtered list: `[2 goroutines, …]`).
fn is_list_end(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('[')
        && text.ends_with(']')
        && text[1..]
            .split(' ')
            .nth(1)
            .is_some_and(|w| w.starts_with("goroutine"))
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
