//! Heap/allocs debug=1 text profiles: the header, and what a heap record holds (read by
//! the shared record loop, [`super::records`]).
//!
//! ```text
//! heap profile: 72: 34703040 [477: 34910400] @ heap/1048576
//! 1: 64 [1: 64] @ 0x4201c8 0x4fc349 …
//! #    0x4fc348    …session.New+0x28    /app/catalog/internal/session/session.go:13
//!
//! # runtime.MemStats
//! # Alloc = 66300672
//! ```
//!
//! The grammar follows google/pprof's `heapHeaderRE` / `heapSampleRE`
//! (`profile/legacy_profile.go`), so every header pprof accepts is read here too.

use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, i64 as decimal, space0};
use nom::combinator::{opt, rest};
use nom::sequence::preceded;
use nom::{IResult, Parser};

use super::frame_comment::is_memstats_header;
use super::records::{read_records, skip_cut_record, Record, RecordProfile};
use super::{memstats, Cursor, Line};
use crate::model::heap::{
    unsample, HeapFormat, HeapHeader, HeapProfile, HeapRecord, HeapSample, HeapValues,
};
use crate::model::{Diagnostic, FrameTable};

/// `N: M` with optional spaces around the colon.
fn count_pair(input: &str) -> IResult<&str, (i64, i64)> {
    (
        preceded(space0, decimal),
        space0,
        char(':'),
        space0,
        decimal,
    )
        .map(|(count, _, _, _, size)| (count, size))
        .parse(input)
}

/// `IO: IB [AO: AB]`, the part shared by header and records.
fn values(input: &str) -> IResult<&str, HeapValues> {
    (count_pair, space0, char('['), count_pair, space0, char(']'))
        .map(|((io, ib), _, _, (ao, ab), _, _)| HeapValues {
            inuse_objects: io,
            inuse_space: ib,
            alloc_objects: ao,
            alloc_space: ab,
        })
        .parse(input)
}

/// `heap profile: IO: IB [AO: AB] @ heap/N` (and the other words after `@`).
pub fn header(input: &str) -> IResult<&str, HeapHeader> {
    let (input, (_, values, _, _, _, word)) = (
        tag("heap profile:"),
        values,
        space0,
        char('@'),
        space0,
        take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    )
        .parse(input)?;
    let format = match word {
        "heap" => HeapFormat::Heap,
        "heap_v2" => HeapFormat::HeapV2,
        "heapz_v2" => HeapFormat::HeapzV2,
        "heapprofile" => HeapFormat::HeapProfile,
        "growthz" => HeapFormat::Growthz,
        "fragmentationz" => HeapFormat::Fragmentationz,
        _ => {
            return Err(nom::Err::Error(nom::error::Error::new(
                word,
                nom::error::ErrorKind::Tag,
            )))
        }
    };
    let (input, rate) = opt(preceded(
        char('/'),
        take_while(|c: char| c.is_ascii_digit()),
    ))
    .parse(input)?;
    let rate_field = rate.and_then(|r| r.parse().ok());
    Ok((
        input,
        HeapHeader {
            values,
            format,
            rate_field,
        },
    ))
}

/// `IO: IB [AO: AB] @ 0x… …`: the values and the address text after `@`.
pub fn record(input: &str) -> IResult<&str, (HeapValues, &str)> {
    (values, space0, char('@'), rest)
        .map(|(v, _, _, addrs)| (v, addrs))
        .parse(input)
}

/// Parses a heap profile; the cursor is at its `heap profile:` line (a malformed header
/// is a diagnostic: the records are still read).
pub fn parse(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> HeapProfile {
    let first = cursor.next().expect("caller peeked the header");
    let mut diagnostics = Vec::new();
    let header = match header(first.text.trim()) {
        Ok((rest, h)) => {
            if !rest.trim().is_empty() {
                diagnostics.push(Diagnostic {
                    line: first.number,
                    message: format!("unexpected text after the heap header: `{}`", rest.trim()),
                });
            }
            h
        }
        Err(_) => {
            diagnostics.push(Diagnostic {
                line: first.number,
                message: "malformed heap profile header; sampling rate unknown, values are \
                          shown as written (not unsampled)"
                    .to_owned(),
            });
            HeapHeader {
                values: HeapValues::default(),
                format: HeapFormat::Unknown,
                rate_field: None,
            }
        }
    };
    let mut profile = HeapProfile {
        line: first.number,
        header,
        records: Vec::new(),
        memstats: None,
        diagnostics,
        default_sample: HeapSample::InuseSpace,
        header_cut: false,
    };
    read_records(cursor, frames, &mut profile);
    profile
}

/// Parses a heap or allocs profile whose `heap profile:` line was not in the input ("cut
/// above"): the cursor is at its first record, at the `#` frame lines ending a record cut
/// above, or at its `# runtime.MemStats` trailer (a paste of the trailer alone: a profile
/// with no records). The sampling rate is unknown, so values are kept as written (not
/// unsampled), as `go tool pprof` does for a `heap` header without a rate; the header's
/// totals are the records' sums.
pub fn parse_headerless(cursor: &mut Cursor<'_>, frames: &mut FrameTable) -> HeapProfile {
    let line = cursor.peek().map_or(1, |l| l.number);
    let mut profile = HeapProfile {
        line,
        header: HeapHeader {
            values: HeapValues::default(),
            format: HeapFormat::Unknown,
            rate_field: None,
        },
        records: Vec::new(),
        memstats: None,
        diagnostics: Vec::new(),
        default_sample: HeapSample::InuseSpace,
        header_cut: true,
    };
    skip_cut_record(cursor, &mut profile.diagnostics);
    read_records(cursor, frames, &mut profile);
    profile.header.values = profile.raw_totals();
    // Nothing in use but allocations recorded (an allocs profile, or a heap profile of
    // freed objects): open on what there is.
    let v = &profile.header.values;
    if v.inuse_space == 0 && v.alloc_space > 0 {
        profile.default_sample = HeapSample::AllocSpace;
    }
    profile
}

impl RecordProfile for HeapProfile {
    type Values = HeapValues;

    const RECORD_SHAPE: &'static str = "heap record `IO: IB [AO: AB] @ 0x…`";

    fn record_values(text: &str) -> Option<(HeapValues, &str)> {
        record(text).ok().map(|(_, parsed)| parsed)
    }

    fn push_record(&mut self, record: Record<HeapValues>) {
        check_record(&record.values, record.line, &mut self.diagnostics);
        self.records.push(HeapRecord {
            line: record.line,
            unsampled: unsample(&record.values, &self.header),
            raw: record.values,
            addresses: record.addresses,
            frames: record.frames,
            labels: record.labels,
        });
    }

    fn diagnostics(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }

    /// The `# runtime.MemStats` trailer.
    fn section(&mut self, cursor: &mut Cursor<'_>, line: Line<'_>) -> bool {
        if !is_memstats_header(line.text) {
            return false;
        }
        cursor.next();
        let stats = memstats::read_trailer(cursor, line.number, &mut self.diagnostics);
        if self.memstats.is_some() {
            self.diagnostics.push(Diagnostic {
                line: line.number,
                message: "second MemStats trailer; the first one is kept".to_owned(),
            });
        } else {
            self.memstats = Some(stats);
        }
        true
    }
}

/// pprof rejects a zero count with a non-zero size (it cannot compute an average); the
/// record is kept here, with a diagnostic, and unsamples to zero like pprof's formula.
fn check_record(raw: &HeapValues, line: usize, diagnostics: &mut Vec<Diagnostic>) {
    for (what, count, size) in [
        ("in-use", raw.inuse_objects, raw.inuse_space),
        ("alloc", raw.alloc_objects, raw.alloc_space),
    ] {
        if count == 0 && size != 0 {
            diagnostics.push(Diagnostic {
                line,
                message: format!("{what} count is 0 but {what} bytes is {size}"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_header() {
        let (rest, h) =
            header("heap profile: 72: 34703040 [477: 34910400] @ heap/1048576").unwrap();
        assert_eq!(rest, "");
        assert_eq!(h.format, HeapFormat::Heap);
        assert_eq!(h.sampling_rate(), 524288);
        assert_eq!(h.values.alloc_space, 34910400);
    }

    #[test]
    fn legacy_headers() {
        let (_, h) =
            header("heap profile:    144:  8498176 [   144:  8498176] @ heapz_v2/524288").unwrap();
        assert_eq!((h.format, h.sampling_rate()), (HeapFormat::HeapzV2, 524288));
        let (_, h) =
            header("heap profile:     85: 178257920 [    85: 178257920] @ growthz").unwrap();
        assert_eq!(
            (h.format, h.sampling_rate(), h.is_sampled()),
            (HeapFormat::Growthz, 1, false)
        );
        let (_, h) = header("heap profile: 1: 2 [3: 4] @ heapprofile").unwrap();
        assert_eq!((h.format, h.is_sampled()), (HeapFormat::HeapProfile, false));
        let (_, h) = header("heap profile: 1: 2 [3: 4] @ heap_v2/4096").unwrap();
        assert_eq!((h.format, h.sampling_rate()), (HeapFormat::HeapV2, 4096));
        assert!(header("heap profile: 1: 2 [3: 4] @ cpu/5").is_err());
        assert!(header("heap profile: 1: 2 [3: ").is_err());
    }

    #[test]
    fn records() {
        let (_, (v, a)) = record("-1: -64 [0: 0] @ 0x1 0x2").unwrap();
        assert_eq!((v.inuse_objects, v.inuse_space), (-1, -64));
        assert_eq!(a, " 0x1 0x2");
        let (_, (v, a)) = record("1: 288 [2: 296] @").unwrap();
        assert_eq!((v.alloc_objects, a), (2, ""));
        assert!(record("12: 4096 [12: 40").is_err());
    }
}
