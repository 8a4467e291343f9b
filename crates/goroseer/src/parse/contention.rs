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

use super::records::{read_records, skip_cut_record, Record, RecordProfile};
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
        header_cut: false,
    };
    read_records(cursor, frames, &mut profile);
    Some(no_rate(profile))
}

/// Parses a block or mutex profile whose `--- contention:` / `--- mutex:` line was not in
/// the input ("cut above"): the cursor is at its first record, or at its `cycles/second=`
/// line, or at the `#` frame lines ending a record cut above. Which of the two it is, the
/// header said; here it is read from the stacks, as for a protobuf profile (which does
/// not say either): a mutex profile charges contention to the unlocking call, so its
/// stacks start in `Unlock`/`unlock` functions.
pub fn parse_headerless(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> ContentionProfile {
    let line = cursor.peek().map_or(1, |l| l.number);
    let mut profile = ContentionProfile {
        line,
        kind: ContentionKind::Block,
        cycles_per_second: None,
        sampling_period: None,
        attributes: Vec::new(),
        records: Vec::new(),
        diagnostics: Vec::new(),
        header_cut: true,
    };
    skip_cut_record(cursor, &mut profile.diagnostics);
    read_records(cursor, frames, &mut profile);
    let unlocks = |r: &ContentionRecord| {
        r.frames.iter().take(3).any(|&f| {
            let function = &frames.get(f).function;
            function
                .rsplit('.')
                .next()
                .unwrap_or(function)
                .contains("nlock")
        })
    };
    let (mut mutex, mut block) = (0i64, 0i64);
    for r in &profile.records {
        let weight = r.cycles.max(1);
        if unlocks(r) {
            mutex = mutex.saturating_add(weight);
        } else {
            block = block.saturating_add(weight);
        }
    }
    if mutex > block {
        profile.kind = ContentionKind::Mutex;
    }
    no_rate(profile)
}

/// The profile, with a diagnostic when it has no `cycles/second` line.
fn no_rate(mut profile: ContentionProfile) -> ContentionProfile {
    if profile.cycles_per_second.is_none() {
        profile.diagnostics.push(Diagnostic {
            line: profile.line,
            message: "no cycles/second line: delays are shown in cycles, not nanoseconds"
                .to_owned(),
        });
    }
    profile
}

impl RecordProfile for ContentionProfile {
    type Values = (i64, i64);

    const RECORD_SHAPE: &'static str = "contention record `CYCLES COUNT @ 0x…`";

    fn record_values(text: &str) -> Option<((i64, i64), &str)> {
        record(text)
            .ok()
            .map(|(_, (cycles, count, addrs))| ((cycles, count), addrs))
    }

    fn push_record(&mut self, record: Record<(i64, i64)>) {
        let (cycles, count) = record.values;
        self.records.push(ContentionRecord {
            line: record.line,
            cycles,
            count,
            addresses: record.addresses,
            frames: record.frames,
            labels: record.labels,
        });
    }

    fn diagnostics(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }

    /// `cycles/second=…`, `sampling period=…` and any other `key=value` line before the
    /// records.
    fn attribute(&mut self, key: &str, value: &str, line: usize) -> bool {
        let number = value.parse::<i64>();
        match (key, number) {
            ("cycles/second", Ok(n)) => self.cycles_per_second = Some(n),
            ("sampling period", Ok(n)) => self.sampling_period = Some(n),
            ("cycles/second" | "sampling period", Err(_)) => self.diagnostics.push(Diagnostic {
                line,
                message: format!("{key} is not a whole number"),
            }),
            _ => {}
        }
        self.attributes.push((key.to_owned(), value.to_owned()));
        true
    }
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
