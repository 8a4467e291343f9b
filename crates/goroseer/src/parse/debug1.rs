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

use super::frame_comment::{parse_comment, parse_hex, CommentLine};
use super::labels::parse_braced;
use super::traceback::{clip, Parsed};
use super::{starts_dump, Cursor};
use crate::model::goroutine::{
    Goroutine, GoroutineFlags, GoroutineFormat, GoroutineProfile, LabelSet, LabelSetId, StackEntry,
    ThreadStack,
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

/// `COUNT @ 0x… 0x…`: the count and the address text (the `#` lines carry the frames;
/// the addresses tell whether the last record was cut).
fn record(input: &str) -> IResult<&str, (&str, u64)> {
    (
        map_res(digit1, str::parse::<u64>),
        preceded(tag(" @"), nom::combinator::rest),
    )
        .map(|(count, addresses)| (addresses, count))
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
    Some(read_body(cursor, frames, profile))
}

/// Parses a debug=1 goroutine profile whose header line was not in the input ("cut
/// above"): the cursor is at its first record line, or inside a record, at a `#` frame
/// line (those frames, up to the first record line, are kept as a goroutine cut above,
/// [`ThreadStack::CUT_ABOVE`]: their count line is not in the input). The total is
/// unknown.
pub fn parse_headerless(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> Option<Parsed> {
    let first = cursor.peek()?;
    let mut profile = GoroutineProfile::new(GoroutineFormat::Debug1, first.number as u32);
    profile.header_cut = true;
    Some(read_body(cursor, frames, profile))
}

/// What is known of the record being read, to tell at the end of the input whether it
/// was cut.
#[derive(Default)]
struct Open<'a> {
    /// The addresses after its `@`, as written.
    addresses: &'a str,
    /// The PC of its last `#` frame line.
    last_pc: Option<u64>,
    /// A blank line followed it: the runtime ends every record so.
    ended: bool,
    /// Its last `#` line was cut by the end of the input.
    cut_line: bool,
}

/// The records after the header (or from the first record of a profile cut above).
fn read_body<'a>(
    cursor: &mut Cursor<'a>,
    frames: &mut FrameTable,
    mut profile: GoroutineProfile,
) -> Parsed {
    profile.states.push(String::new());
    let mut labels: FxHashMap<String, Option<LabelSetId>> = FxHashMap::default();
    let mut held: Vec<Diagnostic> = Vec::new();
    let mut open: Option<Goroutine> = None;
    let mut stack: Vec<StackEntry> = Vec::new();
    let mut last = Open::default();
    // Frames before the first record of a profile cut above: (line of the first).
    let mut above: Option<u32> = None;
    while let Some(line) = cursor.peek() {
        let text = line.text.trim();
        if text.is_empty() {
            last.ended = true;
            cursor.next();
            continue;
        }
        if let Ok((_, (addresses, count))) = record(text) {
            close_above(&mut profile, &mut above, &mut stack);
            close(&mut profile, &mut open, &mut stack);
            profile.diagnostics.append(&mut held);
            open = Some(Goroutine::new(0, count, 0, line.number));
            last = Open {
                addresses,
                ..Open::default()
            };
        } else if let (true, Ok(comment)) = (
            open.is_some() || profile.header_cut && profile.goroutines.is_empty(),
            parse_comment(text),
        ) {
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
                    if let Some(g) = open.as_mut() {
                        g.labels = *id;
                    }
                }
                CommentLine::Frame {
                    pc,
                    function,
                    file,
                    line: number,
                    ..
                } => {
                    stack.push(call(frames.intern(function, file, number)));
                    last.last_pc = Some(pc);
                }
                CommentLine::BarePc(pc) => {
                    stack.push(call(frames.intern(&format!("{pc:#x}"), "", 0)));
                    last.last_pc = Some(pc);
                }
            }
            if open.is_none() {
                above.get_or_insert(line.number as u32);
            }
        } else if starts_dump(text) {
            break;
        } else if let Some(cut) = (open.is_some() && text.starts_with('#'))
            .then(|| cut_frame(text))
            .flatten()
            .filter(|_| only_blank_after(cursor))
        {
            // The input ends inside this `#` line: its function, when printed whole.
            if let Some((pc, function)) = cut {
                stack.push(call(frames.intern(function, "", 0)));
                last.last_pc = Some(pc);
            }
            last.cut_line = true;
        } else {
            held.push(Diagnostic {
                line: line.number,
                message: format!("not part of a debug=1 record: {}", clip(text)),
            });
        }
        profile.lines.1 = line.number as u32;
        cursor.next();
    }
    close_above(&mut profile, &mut above, &mut stack);
    if cursor.peek().is_none() {
        if let Some(g) = open.as_mut() {
            mark_cut(&mut profile, g, stack.len(), &last);
        }
    }
    close(&mut profile, &mut open, &mut stack);
    Parsed {
        profile,
        trailing: held,
    }
}

/// The frames a profile cut above starts with, kept as a goroutine cut above.
fn close_above(
    profile: &mut GoroutineProfile,
    above: &mut Option<u32>,
    stack: &mut Vec<StackEntry>,
) {
    if let Some(line) = above.take() {
        profile.thread_stacks.push(ThreadStack {
            header: ThreadStack::CUT_ABOVE.to_owned(),
            m: None,
            stack: profile.stacks.intern(stack),
            line,
            created_by: None,
        });
        stack.clear();
    }
}

/// The record open when the input ended: cut when its last `#` line was, when it has no
/// frame line, or when (no blank line ending it) its last frame is not one of the last
/// two addresses of its `@` line (the runtime hides only `runtime.goexit` below the
/// frames it prints). Its goroutines stay counted and grouped; the profile is truncated.
fn mark_cut(profile: &mut GoroutineProfile, g: &mut Goroutine, frames: usize, last: &Open<'_>) {
    let addresses: Vec<u64> = last
        .addresses
        .split_ascii_whitespace()
        .filter_map(parse_hex)
        .collect();
    let short = last.last_pc.is_some_and(|pc| {
        addresses
            .iter()
            .position(|&a| a == pc.wrapping_add(1) || a == pc)
            .is_some_and(|i| i + 2 < addresses.len())
    });
    if !(last.cut_line || frames == 0 || (!last.ended && short)) {
        return;
    }
    g.flags.set(GoroutineFlags::PARTIAL);
    profile.truncated = true;
    let of = if addresses.is_empty() {
        String::new()
    } else {
        format!(", of the {} addresses its `@` line lists", addresses.len())
    };
    profile.diagnostics.push(Diagnostic {
        line: g.line as usize,
        message: format!(
            "the input ends inside this record: its {} {} read, their stack cut {}{of}",
            g.count,
            if g.count == 1 {
                "goroutine is"
            } else {
                "goroutines are"
            },
            match frames {
                0 => "before its first frame".to_owned(),
                1 => "after 1 frame".to_owned(),
                n => format!("after {n} frames"),
            },
        ),
    });
}

/// A `#` frame line cut by the end of the input: `Some((pc, function))` when the
/// function was printed whole (its `+0x` offset begun: `#\t0x6afe89\tpkg.F+0x129\t/go/pkg/`),
/// `None` when only the `#`, the address or part of the name is left.
fn cut_frame(text: &str) -> Option<Option<(u64, &str)>> {
    let body = text.strip_prefix('#')?.trim_start();
    let mut words = body.split([' ', '\t']).filter(|w| !w.is_empty());
    let pc = match words.next() {
        None => return Some(None),
        Some(w) if "0x".starts_with(w) => return Some(None),
        Some(w) => parse_hex(w)?,
    };
    let function = words
        .next()
        .and_then(|w| w.rsplit_once("+0x"))
        .map(|(name, _)| name)
        .filter(|name| !name.is_empty());
    Some(function.map(|f| (pc, f)))
}

/// Whether only blank lines follow the cursor's peeked line.
fn only_blank_after(cursor: &Cursor<'_>) -> bool {
    let mut ahead = cursor.clone();
    ahead.next();
    while let Some(line) = ahead.next() {
        if !line.text.trim().is_empty() {
            return false;
        }
    }
    true
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
    fn frame_lines_cut_by_the_end_of_the_input() {
        let line = "#\t0x6afe89\tgithub.com/vbauerster/mpb/v7.(*Progress).serve+0x129\t/go/pkg/";
        assert_eq!(
            cut_frame(line),
            Some(Some((
                0x6afe89,
                "github.com/vbauerster/mpb/v7.(*Progress).serve"
            )))
        );
        // Spaces for tabs, no file at all.
        assert_eq!(
            cut_frame("#       0x470624        time.Sleep+0x124"),
            Some(Some((0x470624, "time.Sleep")))
        );
        // The name itself cut, the address only, the address cut, a bare `#`.
        for line in [
            "#\t0x5ecadf\tnet/textproto.(*Reader).rea",
            "#\t0x5ecadf",
            "#\t0x",
            "#",
        ] {
            assert_eq!(cut_frame(line), Some(None), "{line}");
        }
        assert_eq!(cut_frame("# labels"), None);
    }

    #[test]
    fn records() {
        assert_eq!(
            record("30 @ 0x48006a 0x4159ee").map(|r| r.1),
            Ok((" 0x48006a 0x4159ee", 30))
        );
        assert!(record("30 0x48006a").is_err());
    }
}
