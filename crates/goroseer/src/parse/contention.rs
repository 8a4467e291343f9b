//! Block and mutex debug=1 profiles, and gperftools' `--- contentionz` form.
//!
//! ```text
//! --- mutex:
//! cycles/second=2596139333
//! sampling period=5
//! 7760856070 55 @ 0x48d54c 0x4bf7ba 0x500db9 0x486821
//! #    0x48d54b    sync.(*RWMutex).Unlock+0x6b    /usr/local/go/src/sync/rwmutex.go:216
//! ```

use nom::character::complete::{char, i64 as decimal, space0, space1};
use nom::combinator::rest;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use super::frame_comment::{parse_addresses, read_record_comments, stray_comment, FrameCache};
use super::profile_bounds::{is_memory_map_start, skip_memory_map, starts_other_dump};
use super::Cursor;
use crate::model::contention::{ContentionKind, ContentionProfile, ContentionRecord};
use crate::model::{Diagnostic, FrameTable};

/// The kind of contention profile `text` (trimmed) opens, if any.
pub fn kind_of_header(text: &str) -> Option<ContentionKind> {
    if text.starts_with("--- contentionz") {
        Some(ContentionKind::Contentionz)
    } else if text.starts_with("--- contention:") {
        Some(ContentionKind::Block)
    } else if text.starts_with("--- mutex:") {
        Some(ContentionKind::Mutex)
    } else {
        None
    }
}

/// `CYCLES COUNT @ 0x… …`: cycles, count and the address text.
pub fn record(input: &str) -> IResult<&str, (i64, i64, &str)> {
    (
        preceded(space0, decimal),
        preceded(space1, decimal),
        space0,
        char('@'),
        rest,
    )
        .map(|(cycles, count, _, _, addrs)| (cycles, count, addrs))
        .parse(input)
}

/// Parses a contention profile when the cursor is at its `---` line.
pub fn try_parse(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> Option<ContentionProfile> {
    let first = cursor.peek()?;
    let kind = kind_of_header(first.text.trim())?;
    cursor.next();
    let mut profile = ContentionProfile {
        line: first.number,
        kind,
        cycles_per_second: None,
        sampling_period: None,
        attributes: Vec::new(),
        records: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut cache = FrameCache::default();
    let mut in_attributes = true;
    while let Some(line) = cursor.peek() {
        let text = line.text.trim();
        if text.is_empty() {
            cursor.next();
            continue;
        }
        if is_memory_map_start(text) {
            skip_memory_map(cursor, &mut profile.diagnostics);
            continue;
        }
        if starts_other_dump(text) {
            break;
        }
        cursor.next();
        if in_attributes && !text.contains('@') {
            if let Some((key, value)) = text.split_once('=') {
                read_attribute(&mut profile, key.trim(), value.trim(), line.number);
                continue;
            }
        }
        if text.starts_with('#') {
            profile.diagnostics.push(stray_comment(line.number));
            continue;
        }
        in_attributes = false;
        let parsed = record(text)
            .map_err(|_| "not a contention record `CYCLES COUNT @ 0x…`".to_owned())
            .and_then(|(_, (cycles, count, addrs))| {
                parse_addresses(addrs).map(|a| (cycles, count, a))
            });
        let mut comments =
            read_record_comments(cursor, frames, &mut cache, &mut profile.diagnostics);
        match parsed {
            Ok((cycles, count, addresses)) => {
                let frames = comments.take_stack(&addresses, frames, &mut cache);
                profile.records.push(ContentionRecord {
                    line: line.number,
                    cycles,
                    count,
                    addresses,
                    frames,
                    labels: comments.labels,
                });
            }
            Err(message) => profile.diagnostics.push(Diagnostic {
                line: line.number,
                message,
            }),
        }
    }
    if profile.cycles_per_second.is_none() {
        profile.diagnostics.push(Diagnostic {
            line: profile.line,
            message: "no cycles/second line: delays are shown in cycles, not nanoseconds"
                .to_owned(),
        });
    }
    Some(profile)
}

fn read_attribute(profile: &mut ContentionProfile, key: &str, value: &str, line: usize) {
    let number = value.parse::<i64>();
    match (key, number) {
        ("cycles/second", Ok(n)) => profile.cycles_per_second = Some(n),
        ("sampling period", Ok(n)) => profile.sampling_period = Some(n),
        ("cycles/second" | "sampling period", Err(_)) => profile.diagnostics.push(Diagnostic {
            line,
            message: format!("{key} is not a whole number"),
        }),
        _ => {}
    }
    profile.attributes.push((key.to_owned(), value.to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_lines() {
        assert_eq!(
            record("7760856070 55 @ 0x48d54c 0x4bf7ba").unwrap().1,
            (7760856070, 55, " 0x48d54c 0x4bf7ba")
        );
        assert_eq!(
            record("  19490304       27 @ 0xbccc97").unwrap().1,
            (19490304, 27, " 0xbccc97")
        );
        assert!(record("7760856070 @ 0x1").is_err());
    }

    #[test]
    fn headers() {
        assert_eq!(kind_of_header("--- mutex:"), Some(ContentionKind::Mutex));
        assert_eq!(
            kind_of_header("--- contention:"),
            Some(ContentionKind::Block)
        );
        assert_eq!(
            kind_of_header("--- contentionz 1 ---"),
            Some(ContentionKind::Contentionz)
        );
        assert_eq!(kind_of_header("--- threadz 1 ---"), None);
    }
}
