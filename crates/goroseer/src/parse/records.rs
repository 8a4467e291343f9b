//! The one record loop of every debug=1 record profile: heap and allocs
//! ([`super::heap`]), block and mutex ([`super::contention`]), threadcreate
//! ([`super::threadcreate`]). Each kind parses its own header line, then hands the cursor
//! here with a [`RecordProfile`] that says only what differs: the values a record line
//! holds before its `@`, and the lines it has besides records.
//!
//! ```text
//! heap profile: 72: 34703040 [477: 34910400] @ heap/1048576      header (the kind's)
//! 1: 64 [1: 64] @ 0x4201c8 0x4fc349                               record: VALUES @ 0x… 0x…
//! # labels: {"job":"reindex"}                                     its `#` lines
//! #    0x4fc348    …session.New+0x28    /app/…/session.go:13       (frame_comment)
//! ```
//!
//! Lines are read until another dump starts ([`super::starts_dump`]). Blank lines are
//! skipped, a legacy memory map is skipped with its mapping lines checked, and every
//! line that is none of these becomes a diagnostic with its line number; a record line
//! not understood is reported with the frame lines that follow it, and skipped.

use super::frame_comment::{
    parse_addresses, parse_comment, read_record_comments, stray_comment, CommentLine, FrameCache,
};
use super::profile_bounds::{is_memory_map_start, skip_memory_map};
use super::{contention, debug1, heap, threadcreate, traceback};
use super::{starts_dump, Cursor, Line};
use crate::input::dump_start::{body_line, BodyLine};
use crate::model::{Diagnostic, FrameId, FrameTable, Profile};

/// One record as the loop read it, for the profile kind to keep.
#[derive(Debug)]
pub struct Record<V> {
    /// 1-based input line of the record line.
    pub line: usize,
    /// What the record line said before its `@`.
    pub values: V,
    /// The addresses after `@`.
    pub addresses: Vec<u64>,
    /// The stack, leaf first (hex-named frames when the profile has no `#` lines).
    pub frames: Vec<FrameId>,
    /// Labels of a `# labels:` line.
    pub labels: Vec<(String, String)>,
}

/// What one kind of debug=1 record profile supplies to [`read_records`].
pub trait RecordProfile {
    /// What a record line holds before its `@`.
    type Values;

    /// The record line's shape, for the diagnostic of a line that is not one
    /// (`"heap record `IO: IB [AO: AB] @ 0x…`"`).
    const RECORD_SHAPE: &'static str;

    /// A record line's values and the address text after its `@`; `None` when `text`
    /// (trimmed) is not a record line of this kind.
    fn record_values(text: &str) -> Option<(Self::Values, &str)>;

    /// Keeps a record.
    fn push_record(&mut self, record: Record<Self::Values>);

    /// The profile's diagnostics.
    fn diagnostics(&mut self) -> &mut Vec<Diagnostic>;

    /// A `key = value` line before the first record (contention profiles' attributes);
    /// `true` when the kind read it.
    fn attribute(&mut self, _key: &str, _value: &str, _line: usize) -> bool {
        false
    }

    /// A section of the profile that is not records (the MemStats trailer of a heap
    /// profile), starting at `line`, the cursor's next line: `true` when the kind read it
    /// (and consumed its lines).
    fn section(&mut self, _cursor: &mut Cursor<'_>, _line: Line<'_>) -> bool {
        false
    }
}

/// Reads the records after a profile's header (already consumed) into `profile`, up to
/// the start of another dump or the end of the input.
pub fn read_records<'a, P: RecordProfile>(
    cursor: &mut Cursor<'a>,
    frames: &mut FrameTable,
    profile: &mut P,
) {
    let mut cache = FrameCache::default();
    let mut in_attributes = true;
    while let Some(line) = cursor.peek() {
        let text = line.text.trim();
        if text.is_empty() {
            cursor.next();
            continue;
        }
        if profile.section(cursor, line) {
            continue;
        }
        if is_memory_map_start(text) {
            skip_memory_map(cursor, profile.diagnostics());
            continue;
        }
        // Any other line a profile does not understand stays inside it as a diagnostic,
        // so one stray line does not cut a profile in two.
        if starts_dump(text) {
            break;
        }
        cursor.next();
        if in_attributes && !text.contains('@') {
            if let Some((key, value)) = text.split_once('=') {
                if profile.attribute(key.trim(), value.trim(), line.number) {
                    continue;
                }
            }
        }
        if text.starts_with('#') {
            profile.diagnostics().push(stray_comment(line.number));
            continue;
        }
        in_attributes = false;
        let parsed = P::record_values(text)
            .ok_or_else(|| format!("not a {}", P::RECORD_SHAPE))
            .and_then(|(values, addrs)| parse_addresses(addrs).map(|a| (values, a)));
        let mut comments = read_record_comments(cursor, frames, &mut cache, profile.diagnostics());
        match parsed {
            Ok((values, addresses)) => {
                let frames = comments.take_stack(&addresses, frames, &mut cache);
                profile.push_record(Record {
                    line: line.number,
                    values,
                    addresses,
                    frames,
                    labels: comments.labels,
                });
            }
            Err(message) => profile.diagnostics().push(Diagnostic {
                line: line.number,
                message: if comments.frames.is_empty() {
                    message
                } else {
                    format!(
                        "{message}; its {} frame line(s) are skipped with it",
                        comments.frames.len()
                    )
                },
            }),
        }
    }
}

/// Reads a debug=1 profile whose header line(s) were not in the input, when the cursor
/// is at one of its body lines ([`body_line`]): a record, the `#` frame lines ending a
/// record cut above, or a heap profile's `# runtime.MemStats` trailer. The record line's
/// shape tells the kind (`COUNT @` goroutine, or threadcreate when its addresses are
/// padded with `0x0` or its frames create a thread; `IO: IB [AO: AB] @` heap;
/// `CYCLES COUNT @` or a `cycles/second=` line: block or mutex); frame lines take the kind of the record line after
/// them, and are a goroutine profile's when none follows. The profile is marked
/// `header_cut`. `None` (nothing consumed) when the line is no such body line.
pub fn parse_headerless(
    cursor: &mut Cursor<'_>,
    frames: &mut FrameTable,
) -> Option<(Profile, Vec<Diagnostic>)> {
    let first = cursor.peek()?;
    let kind = match body_line(first.text)? {
        BodyLine::Frame => kind_after_frames(cursor),
        kind => kind,
    };
    Some(match kind {
        BodyLine::CountRecord if creates_threads(cursor) => (
            Profile::ThreadCreate(threadcreate::parse_headerless(cursor, frames)),
            Vec::new(),
        ),
        BodyLine::CountRecord | BodyLine::Frame => {
            let traceback::Parsed { profile, trailing } = debug1::parse_headerless(cursor, frames)?;
            (Profile::Goroutine(Box::new(profile)), trailing)
        }
        BodyLine::HeapRecord | BodyLine::MemStats => (
            Profile::Heap(heap::parse_headerless(cursor, frames)),
            Vec::new(),
        ),
        BodyLine::ContentionRecord | BodyLine::ContentionRate => (
            Profile::Contention(contention::parse_headerless(cursor, frames)),
            Vec::new(),
        ),
    })
}

/// The body line after the `#` frame lines (and blank lines) at the cursor: the kind of
/// the record those frames end. [`BodyLine::Frame`] when no record line follows.
fn kind_after_frames(cursor: &Cursor<'_>) -> BodyLine {
    let mut ahead = cursor.clone();
    while let Some(line) = ahead.next() {
        if line.text.trim().is_empty() {
            continue;
        }
        match body_line(line.text) {
            Some(BodyLine::Frame) => continue,
            Some(kind) => return kind,
            None => break,
        }
    }
    BodyLine::Frame
}

/// Whether the first `COUNT @` record at or after the cursor is a threadcreate record:
/// its addresses padded with `0x0` (Go ≥ 1.27), or its frames in `runtime.newm` /
/// `runtime.allocm` (a goroutine's stack never shows them).
fn creates_threads(cursor: &Cursor<'_>) -> bool {
    let mut ahead = cursor.clone();
    let mut in_record = false;
    while let Some(line) = ahead.next() {
        let text = line.text.trim();
        if text.is_empty() {
            if in_record {
                return false;
            }
            continue;
        }
        match body_line(text) {
            Some(BodyLine::CountRecord) if in_record => return false,
            Some(BodyLine::CountRecord) => {
                in_record = true;
                let addresses = text.split_once('@').map_or("", |(_, a)| a);
                if addresses.split_ascii_whitespace().any(|a| a == "0x0") {
                    return true;
                }
            }
            Some(BodyLine::Frame) if in_record => {
                if let Ok(CommentLine::Frame { function, .. }) = parse_comment(text) {
                    if matches!(function, "runtime.newm" | "runtime.allocm") {
                        return true;
                    }
                }
            }
            Some(BodyLine::Frame) => {}
            _ => return false,
        }
    }
    false
}

/// Skips the `#` frame lines a profile cut above starts with (the end of a record whose
/// values line is not in the input: its values are unknown, so it is not kept), with
/// one diagnostic saying so.
pub fn skip_cut_record(cursor: &mut Cursor<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut skipped: Option<(usize, usize)> = None;
    while let Some(line) = cursor.peek() {
        if body_line(line.text) != Some(BodyLine::Frame) {
            break;
        }
        cursor.next();
        skipped.get_or_insert((line.number, 0)).1 += 1;
    }
    if let Some((line, n)) = skipped {
        diagnostics.push(Diagnostic {
            line,
            message: format!(
                "{n} frame line(s) of a record cut above: its values line is not in the \
                 input, so the record is not counted"
            ),
        });
    }
}
