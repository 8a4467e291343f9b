//! Heap and allocs debug=1 profiles: header, records with raw and unsampled values,
//! and the `# runtime.MemStats` trailer.
//!
//! The values of a record are written by the runtime as sampled counts; pprof turns them
//! into estimates of the real totals ("unsampling"). Both are kept: `raw` is what the dump
//! says, `unsampled` is exactly what `go tool pprof -raw` reports for the same file.

use serde::Serialize;

use super::{Diagnostic, FrameId};
use crate::model::memstats::MemStats;

/// The four numbers of a heap record, or a sum of them. Field names are pprof's sample
/// type names, so they serialize as `inuse_space` etc.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HeapValues {
    /// Objects allocated and not yet freed.
    pub inuse_objects: i64,
    /// Bytes allocated and not yet freed.
    pub inuse_space: i64,
    /// Objects allocated since the program started.
    pub alloc_objects: i64,
    /// Bytes allocated since the program started.
    pub alloc_space: i64,
}

impl HeapValues {
    /// The value of one sample type.
    pub fn get(&self, sample: HeapSample) -> i64 {
        match sample {
            HeapSample::InuseSpace => self.inuse_space,
            HeapSample::InuseObjects => self.inuse_objects,
            HeapSample::AllocSpace => self.alloc_space,
            HeapSample::AllocObjects => self.alloc_objects,
        }
    }

    /// Adds `other` field by field (saturating: a crafted dump must not overflow).
    pub fn add(&mut self, other: &HeapValues) {
        self.inuse_objects = self.inuse_objects.saturating_add(other.inuse_objects);
        self.inuse_space = self.inuse_space.saturating_add(other.inuse_space);
        self.alloc_objects = self.alloc_objects.saturating_add(other.alloc_objects);
        self.alloc_space = self.alloc_space.saturating_add(other.alloc_space);
    }

    /// True when all four values are zero (a bucket with nothing left to report; the
    /// runtime prints them, e.g. `0: 0 [0: 0]`).
    pub fn is_zero(&self) -> bool {
        *self == HeapValues::default()
    }
}

/// One of the four heap sample types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeapSample {
    /// Bytes in use (pprof's default for heap profiles).
    InuseSpace,
    /// Objects in use.
    InuseObjects,
    /// Bytes allocated in total.
    AllocSpace,
    /// Objects allocated in total.
    AllocObjects,
}

impl HeapSample {
    /// All four, in the order pprof lists them for `-sample_index`.
    pub const ALL: [HeapSample; 4] = [
        HeapSample::InuseSpace,
        HeapSample::InuseObjects,
        HeapSample::AllocSpace,
        HeapSample::AllocObjects,
    ];

    /// pprof's name, e.g. `inuse_space`.
    pub fn name(self) -> &'static str {
        match self {
            HeapSample::InuseSpace => "inuse_space",
            HeapSample::InuseObjects => "inuse_objects",
            HeapSample::AllocSpace => "alloc_space",
            HeapSample::AllocObjects => "alloc_objects",
        }
    }

    /// Parses pprof's name.
    pub fn from_name(name: &str) -> Option<HeapSample> {
        HeapSample::ALL.into_iter().find(|s| s.name() == name)
    }

    /// `bytes` or `count`.
    pub fn unit(self) -> &'static str {
        match self {
            HeapSample::InuseSpace | HeapSample::AllocSpace => "bytes",
            HeapSample::InuseObjects | HeapSample::AllocObjects => "count",
        }
    }
}

/// The word after `@` in the header, which decides how values were sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeapFormat {
    /// `@ heap/N`: Go's runtime; N is twice the `MemProfileRate`.
    Heap,
    /// `@ heap_v2/N`: N is the sampling rate itself.
    HeapV2,
    /// `@ heapz_v2/N` (gperftools/Google heapz): N is the sampling rate itself.
    HeapzV2,
    /// `@ heapprofile`: every allocation recorded, no sampling.
    HeapProfile,
    /// `@ growthz`: heap growth stacks, no sampling.
    Growthz,
    /// `@ fragmentationz`: no sampling.
    Fragmentationz,
    /// The header could not be read: sampling unknown, values are left as written.
    Unknown,
    /// Read from a pprof protobuf profile: the runtime already unsampled the values when
    /// it wrote them, so they are never scaled again.
    Pprof,
}

impl HeapFormat {
    /// The word as written in the header.
    pub fn word(self) -> &'static str {
        match self {
            HeapFormat::Heap => "heap",
            HeapFormat::HeapV2 => "heap_v2",
            HeapFormat::HeapzV2 => "heapz_v2",
            HeapFormat::HeapProfile => "heapprofile",
            HeapFormat::Growthz => "growthz",
            HeapFormat::Fragmentationz => "fragmentationz",
            HeapFormat::Unknown => "unknown",
            HeapFormat::Pprof => "pprof",
        }
    }
}

/// `heap profile: IO: IB [AO: AB] @ heap/N`: the runtime's own (raw) totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeapHeader {
    /// The four totals as written (raw, not unsampled).
    #[serde(flatten)]
    pub values: HeapValues,
    /// How values were sampled.
    pub format: HeapFormat,
    /// The number after the slash (`heap/1048576` → 1048576), when present.
    pub rate_field: Option<i64>,
}

impl HeapHeader {
    /// The sampling rate in bytes, as pprof reads it: `heap/N` → N/2 (the runtime writes
    /// twice `MemProfileRate`), `heap_v2/N` and `heapz_v2/N` → N, otherwise 1.
    pub fn sampling_rate(&self) -> i64 {
        let n = self.rate_field.unwrap_or(0);
        match self.format {
            HeapFormat::Heap => n / 2,
            HeapFormat::HeapV2 | HeapFormat::HeapzV2 => n,
            HeapFormat::HeapProfile
            | HeapFormat::Growthz
            | HeapFormat::Fragmentationz
            | HeapFormat::Unknown
            | HeapFormat::Pprof => 1,
        }
    }

    /// Whether values were sampled with a Poisson process and must be unsampled
    /// (pprof's "v2" sampling: `heap`, `heap_v2`, `heapz_v2`).
    pub fn is_sampled(&self) -> bool {
        matches!(
            self.format,
            HeapFormat::Heap | HeapFormat::HeapV2 | HeapFormat::HeapzV2
        )
    }

    /// Whether the profile has separate alloc values, decided like pprof does from the
    /// header: alloc differs from in-use and is not zero. The runtime adds 1 to the alloc
    /// bytes when they equal the in-use bytes so that Go heap profiles always qualify.
    pub fn has_alloc(&self) -> bool {
        let v = &self.values;
        (v.alloc_objects != v.inuse_objects && v.alloc_objects != 0)
            || (v.alloc_space != v.inuse_space && v.alloc_space != 0)
    }
}

/// One `IO: IB [AO: AB] @ 0x… …` record plus its `#` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct HeapRecord {
    /// 1-based input line of the record.
    pub line: usize,
    /// Values as written (sampled counts).
    pub raw: HeapValues,
    /// Values unsampled with pprof's formula (equal to `raw` when not sampled).
    pub unsampled: HeapValues,
    /// Return addresses as written after `@`, leaf first.
    pub addresses: Vec<u64>,
    /// Symbolized frames from the `#` lines, leaf first. When the record has no `#`
    /// lines, one frame per address named by its hex value (what pprof shows without a
    /// binary).
    pub frames: Vec<FrameId>,
    /// `# labels: {…}` of the record, in written order.
    pub labels: Vec<(String, String)>,
}

/// A heap or allocs debug=1 profile (the two look the same: Go writes one format).
#[derive(Debug, Clone, PartialEq)]
pub struct HeapProfile {
    /// 1-based input line of the header.
    pub line: usize,
    /// The header as written.
    pub header: HeapHeader,
    /// Records in input order.
    pub records: Vec<HeapRecord>,
    /// The `# runtime.MemStats` trailer, when present.
    pub memstats: Option<MemStats>,
    /// Lines of this profile that were not understood.
    pub diagnostics: Vec<Diagnostic>,
    /// The sample type shown first: a protobuf's `default_sample_type` (`alloc_space` for
    /// an allocs profile), else `inuse_space`, as pprof picks (a debug=1 allocs profile
    /// looks like a heap profile, so pprof opens it on `inuse_space` too).
    pub default_sample: HeapSample,
    /// The profile's header line was not in the input: it was read from its first record
    /// (or MemStats trailer), "cut above" the paste.
    pub header_cut: bool,
}

impl HeapProfile {
    /// Sum of the raw values of all records.
    pub fn raw_totals(&self) -> HeapValues {
        let mut t = HeapValues::default();
        for r in &self.records {
            t.add(&r.raw);
        }
        t
    }

    /// Sum of the unsampled values of all records: what `go tool pprof -raw` totals.
    pub fn unsampled_totals(&self) -> HeapValues {
        let mut t = HeapValues::default();
        for r in &self.records {
            t.add(&r.unsampled);
        }
        t
    }
}

/// Unsamples one (count, size) pair exactly like pprof's `scaleHeapSample`
/// (google/pprof `profile/legacy_profile.go`): the probability that an allocation of
/// average size `avg` is sampled at rate `rate` is `1 − e^(−avg/rate)`, so both numbers
/// are divided by it and truncated toward zero. A zero count or size gives (0, 0); a rate
/// of 1 or less means every allocation was recorded.
pub fn unsample_pair(count: i64, size: i64, rate: i64) -> (i64, i64) {
    if count == 0 || size == 0 {
        return (0, 0);
    }
    if rate <= 1 {
        return (count, size);
    }
    let avg = size as f64 / count as f64;
    let scale = 1.0 / (1.0 - (-avg / rate as f64).exp());
    // `as` saturates on overflow and maps NaN to 0, matching the "never panic" rule;
    // for every real input it truncates toward zero like Go's int64(float64).
    ((count as f64 * scale) as i64, (size as f64 * scale) as i64)
}

/// Unsamples a record's values for a profile with this header.
pub fn unsample(raw: &HeapValues, header: &HeapHeader) -> HeapValues {
    if !header.is_sampled() {
        return *raw;
    }
    let rate = header.sampling_rate();
    let (inuse_objects, inuse_space) = unsample_pair(raw.inuse_objects, raw.inuse_space, rate);
    let (alloc_objects, alloc_space) = unsample_pair(raw.alloc_objects, raw.alloc_space, rate);
    HeapValues {
        inuse_objects,
        inuse_space,
        alloc_objects,
        alloc_space,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsample_matches_pprof_golden_for_gobench_first_record() {
        // google/pprof profile/testdata/gobench.heap.string: `1: 524288 [3: 1572864]`
        // at heap/1048576 becomes alloc 4 2488234, inuse 1 829411.
        assert_eq!(unsample_pair(3, 1572864, 524288), (4, 2488234));
        assert_eq!(unsample_pair(1, 524288, 524288), (1, 829411));
    }

    #[test]
    fn unsample_leaves_rate_one_and_zero_pairs_alone() {
        assert_eq!(unsample_pair(7, 700, 1), (7, 700));
        assert_eq!(unsample_pair(0, 0, 524288), (0, 0));
        assert_eq!(unsample_pair(3, 0, 524288), (0, 0));
    }

    #[test]
    fn has_alloc_follows_pprof_header_rule() {
        let header = |io, ib, ao, ab| HeapHeader {
            values: HeapValues {
                inuse_objects: io,
                inuse_space: ib,
                alloc_objects: ao,
                alloc_space: ab,
            },
            format: HeapFormat::HeapzV2,
            rate_field: Some(524288),
        };
        assert!(!header(144, 8498176, 144, 8498176).has_alloc());
        assert!(!header(5, 50, 0, 0).has_alloc());
        assert!(header(5, 50, 5, 51).has_alloc());
    }
}
