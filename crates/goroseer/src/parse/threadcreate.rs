//! Threadcreate debug=1 profiles.
//!
//! ```text
//! threadcreate profile: total 6
//! 5 @ 0x0 0x0 … (padded to 32 PCs with 0x0 since Go 1.27)
//! #    0x0
//! ```

use nom::bytes::complete::tag;
use nom::character::complete::{char, i64 as decimal, space0};
use nom::combinator::rest;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use super::records::{read_records, skip_cut_record, Record, RecordProfile};
use super::Cursor;
use crate::model::threadcreate::{ThreadCreateProfile, ThreadCreateRecord};
use crate::model::{Diagnostic, FrameTable};

/// `threadcreate profile: total N`.
pub fn header(input: &str) -> IResult<&str, i64> {
    preceded(
        (tag("threadcreate profile:"), space0, tag("total"), space0),
        decimal,
    )
    .parse(input)
}

/// `COUNT @ 0x… …`: the count and the address text.
pub fn record(input: &str) -> IResult<&str, (i64, &str)> {
    (decimal, space0, char('@'), rest)
        .map(|(count, _, _, addrs)| (count, addrs))
        .parse(input)
}

/// Parses a threadcreate profile when the cursor is at its header.
pub fn try_parse(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> Option<ThreadCreateProfile> {
    let first = cursor.peek()?;
    if !first.text.trim().starts_with("threadcreate profile:") {
        return None;
    }
    cursor.next();
    let mut profile = ThreadCreateProfile {
        line: first.number,
        ..ThreadCreateProfile::default()
    };
    match header(first.text.trim()) {
        Ok((_, total)) => profile.total = total,
        Err(_) => profile.diagnostics.push(Diagnostic {
            line: first.number,
            message: "malformed header, expected `threadcreate profile: total N`".to_owned(),
        }),
    }
    read_records(cursor, frames, &mut profile);
    if profile.sum_of_counts() != profile.total {
        profile.diagnostics.push(Diagnostic {
            line: profile.line,
            message: format!(
                "header says total {} but the records add up to {} (dump cut short?)",
                profile.total,
                profile.sum_of_counts()
            ),
        });
    }
    Some(profile)
}

/// Parses a threadcreate profile whose header line was not in the input ("cut above"):
/// the cursor is at its first record, or at the `#` frame lines ending a record cut
/// above. Its total is the records' sum.
pub fn parse_headerless(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> ThreadCreateProfile {
    let mut profile = ThreadCreateProfile {
        line: cursor.peek().map_or(1, |l| l.number),
        header_cut: true,
        ..ThreadCreateProfile::default()
    };
    skip_cut_record(cursor, &mut profile.diagnostics);
    read_records(cursor, frames, &mut profile);
    profile.total = profile.sum_of_counts();
    profile
}

impl RecordProfile for ThreadCreateProfile {
    type Values = i64;

    const RECORD_SHAPE: &'static str = "threadcreate record `COUNT @ 0x…`";

    fn record_values(text: &str) -> Option<(i64, &str)> {
        record(text).ok().map(|(_, parsed)| parsed)
    }

    /// Threadcreate records carry no labels.
    fn push_record(&mut self, record: Record<i64>) {
        self.records.push(ThreadCreateRecord {
            line: record.line,
            count: record.values,
            addresses: record.addresses,
            frames: record.frames,
        });
    }

    fn diagnostics(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_record() {
        assert_eq!(header("threadcreate profile: total 7").unwrap().1, 7);
        assert_eq!(record("5 @ 0x0 0x0").unwrap().1, (5, " 0x0 0x0"));
        assert!(record("@ 0x0").is_err());
    }
}
