//! pprof debug=1 goroutine profiles (`runtime/pprof.printCountProfile`):
//!
//! ```text
//! goroutine profile: total 101
//! 30 @ 0x48006a 0x4159ee 0x508ca8 0x486221
//! # labels: {"handler":"/api/users", "tenant":"acme"}
//! #<TAB>0x508ca7<TAB>github.com/acme/gateway/internal/handler.waitForDB+0x27<TAB>/app/…/handler.go:12
//! ```
//!
//! Frame lines pad their columns with runs of tabs, or spaces after a copy-paste; frames the
//! runtime could not symbolize print the address alone. Each record becomes a
//! [`Goroutine`] whose `count` is the record's count.

use nom::bytes::complete::tag;
use nom::character::complete::{alphanumeric1, digit1};
use nom::combinator::{all_consuming, map_res};
use nom::sequence::{preceded, terminated};
use nom::{IResult, Parser};
use rustc_hash::FxHashMap;

use super::frame_comment::{parse_comment, CommentLine};
use super::labels::parse_braced;
use super::traceback::{clip, Parsed};
use super::{starts_dump, Cursor};
use crate::model::goroutine::{
    Goroutine, GoroutineFormat, GoroutineProfile, LabelSet, LabelSetId, StackEntry,
};
use crate::model::{Diagnostic, FrameId, FrameTable};

/// `NAME profile: total N` for the goroutine profiles this parser reads.
fn header(input: &str) -> IResult<&str, (&str, u64)> {
    all_consuming((
        terminated(alphanumeric1, tag(" profile: total ")),
        map_res(digit1, str::parse::<u64>),
    ))
    .parse(input)
}

/// `COUNT @ 0x… 0x…`: the count (addresses are not kept: the `#` lines carry the frames).
fn record(input: &str) -> IResult<&str, u64> {
    terminated(
        map_res(digit1, str::parse::<u64>),
        preceded(tag(" @"), nom::combinator::rest),
    )
    .parse(input)
}

/// The goroutine-profile header at `text`: `(name, total)`.
pub fn parse_header(text: &str) -> Option<(&str, u64)> {
    let (_, (name, total)) = header(text).ok()?;
    matches!(name, "goroutine" | "goroutineleak").then_some((name, total))
}

/// Parses a debug=1 goroutine profile at the cursor; `None` (nothing consumed) otherwise.
pub fn parse(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> Option<Parsed> {
    let first = cursor.peek()?;
    let (name, total) = parse_header(first.text.trim())?;
    cursor.next();
    let mut profile = GoroutineProfile::new(GoroutineFormat::Debug1, first.number as u32);
    profile.name = name.to_owned();
    profile.header_total = Some(total);
    profile.states.push(String::new());
    let mut labels: FxHashMap<String, Option<LabelSetId>> = FxHashMap::default();
    let mut held: Vec<Diagnostic> = Vec::new();
    let mut open: Option<Goroutine> = None;
    let mut stack: Vec<StackEntry> = Vec::new();
    while let Some(line) = cursor.peek() {
        let text = line.text.trim();
        if text.is_empty() {
            cursor.next();
            continue;
        }
        if let Ok((_, count)) = record(text) {
            close(&mut profile, &mut open, &mut stack);
            profile.diagnostics.append(&mut held);
            open = Some(Goroutine::new(0, count, 0, line.number));
        } else if let (Some(g), Ok(comment)) = (open.as_mut(), parse_comment(text)) {
            match comment {
                CommentLine::Labels(set) => {
                    let id = labels.entry(set.to_owned()).or_insert_with(|| {
                        let pairs = parse_braced(set)?;
                        profile.label_sets.push(LabelSet { pairs });
                        Some(profile.label_sets.len() as LabelSetId - 1)
                    });
                    if id.is_none() {
                        let inner = set.strip_prefix('{').unwrap_or(set);
                        profile.diagnostics.push(Diagnostic {
                            line: line.number,
                            message: format!(
                                "labels not understood: {}",
                                clip(inner.strip_suffix('}').unwrap_or(inner))
                            ),
                        });
                    }
                    g.labels = *id;
                }
                CommentLine::Frame {
                    function,
                    file,
                    line: number,
                    ..
                } => stack.push(call(frames.intern(function, file, number))),
                CommentLine::BarePc(pc) => {
                    stack.push(call(frames.intern(&format!("{pc:#x}"), "", 0)));
                }
            }
        } else if starts_dump(text) {
            break;
        } else {
            held.push(Diagnostic {
                line: line.number,
                message: format!("not part of a debug=1 record: {}", clip(text)),
            });
        }
        profile.lines.1 = line.number as u32;
        cursor.next();
    }
    close(&mut profile, &mut open, &mut stack);
    Some(Parsed {
        profile,
        trailing: held,
    })
}

/// A stack entry for a `#` frame line (debug=1 prints no offsets it could keep).
fn call(frame: FrameId) -> StackEntry {
    StackEntry::Call {
        frame,
        offset: None,
        inlined: false,
    }
}

fn close(
    profile: &mut GoroutineProfile,
    open: &mut Option<Goroutine>,
    stack: &mut Vec<StackEntry>,
) {
    if let Some(mut g) = open.take() {
        g.stack = profile.stacks.intern(stack);
        profile.goroutines.push(g);
    }
    stack.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(
            parse_header("goroutine profile: total 101"),
            Some(("goroutine", 101))
        );
        assert_eq!(
            parse_header("goroutineleak profile: total 3"),
            Some(("goroutineleak", 3))
        );
        assert_eq!(parse_header("threadcreate profile: total 6"), None);
        assert_eq!(parse_header("goroutine profile: total x"), None);
    }

    #[test]
    fn records() {
        assert_eq!(record("30 @ 0x48006a 0x4159ee").map(|r| r.1), Ok(30));
        assert!(record("30 0x48006a").is_err());
    }
}
