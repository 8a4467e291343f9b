//! Block and mutex debug=1 profiles (`--- contention:` / `--- mutex:`), plus the older
//! `--- contentionz` form of gperftools that google/pprof still reads.
//!
//! Values are kept as written (cycles and counts) and converted on demand: a delay in
//! nanoseconds is `cycles / (cycles_per_second / 1e9)`, truncated, like the runtime does
//! when it writes the same profile as protobuf.

use serde::Serialize;

use super::{Diagnostic, FrameId};

/// Which contention profile this is, from its first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentionKind {
    /// `--- contention:`: Go's block profile (time goroutines spent blocked).
    Block,
    /// `--- mutex:`: Go's mutex profile (contention charged to the Unlock site).
    Mutex,
    /// `--- contentionz …`: the legacy C++ form; its values are sampled and must be
    /// multiplied by the sampling period.
    Contentionz,
}

impl ContentionKind {
    /// The report's `kind`: `block`, `mutex` or `contentionz`.
    pub fn name(self) -> &'static str {
        match self {
            ContentionKind::Block => "block",
            ContentionKind::Mutex => "mutex",
            ContentionKind::Contentionz => "contentionz",
        }
    }
}

/// One `CYCLES COUNT @ 0x… …` record plus its `#` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentionRecord {
    /// 1-based input line of the record.
    pub line: usize,
    /// Total cycles spent waiting, as written.
    pub cycles: i64,
    /// Number of contention events, as written.
    pub count: i64,
    /// Return addresses as written after `@`, leaf first.
    pub addresses: Vec<u64>,
    /// Symbolized frames from the `#` lines, leaf first (hex-named frames when the record
    /// has none).
    pub frames: Vec<FrameId>,
    /// `# labels: {…}` of the record, if any.
    pub labels: Vec<(String, String)>,
}

/// A block, mutex or contentionz profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentionProfile {
    /// 1-based input line of the `---` header.
    pub line: usize,
    /// Block, mutex or legacy.
    pub kind: ContentionKind,
    /// `cycles/second=N`: the CPU tick rate used to turn cycles into time.
    pub cycles_per_second: Option<i64>,
    /// `sampling period=N` (the mutex profile fraction), when written.
    pub sampling_period: Option<i64>,
    /// Every `key=value` attribute line, in order (including the two above).
    pub attributes: Vec<(String, String)>,
    /// Records in input order.
    pub records: Vec<ContentionRecord>,
    /// Lines of this profile that were not understood.
    pub diagnostics: Vec<Diagnostic>,
    /// The profile's header line was not in the input: it was read from its first record
    ///, "cut above" the paste.
    pub header_cut: bool,
}

/// Contentions and delay of one record or a sum of records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ContentionValues {
    /// Number of contention events.
    pub contentions: i64,
    /// Total delay in nanoseconds.
    pub delay: i64,
}

impl ContentionValues {
    /// Adds `other` field by field (saturating).
    pub fn add(&mut self, other: &ContentionValues) {
        self.contentions = self.contentions.saturating_add(other.contentions);
        self.delay = self.delay.saturating_add(other.delay);
    }
}

impl ContentionProfile {
    /// The multiplier this profile's values need: the sampling period for the legacy
    /// `contentionz` form (its values are samples), and 1 for Go's block and mutex
    /// profiles, whose runtime (Go ≥ 1.20) already multiplied each mutex sample by the
    /// profile fraction before writing it.
    pub fn value_multiplier(&self) -> i64 {
        match self.kind {
            ContentionKind::Contentionz => self.sampling_period.filter(|p| *p > 0).unwrap_or(1),
            ContentionKind::Block | ContentionKind::Mutex => 1,
        }
    }

    /// A record's contentions and delay in nanoseconds, as the runtime writes them in its
    /// protobuf profile (Go forms) or as pprof unsamples them (`contentionz`).
    pub fn values(&self, record: &ContentionRecord) -> ContentionValues {
        contention_values(
            record,
            self.value_multiplier(),
            self.cycles_per_second.unwrap_or(0),
        )
    }

    /// What `go tool pprof` reports for a record of this text: it multiplies by the
    /// sampling period in every form, which for Go's mutex profile counts the fraction
    /// twice (5× too much at `SetMutexProfileFraction(5)`).
    pub fn pprof_values(&self, record: &ContentionRecord) -> ContentionValues {
        let period = self.sampling_period.filter(|p| *p > 0).unwrap_or(1);
        contention_values(record, period, self.cycles_per_second.unwrap_or(0))
    }

    /// Sum of [`ContentionProfile::values`] over all records.
    pub fn totals(&self) -> ContentionValues {
        let mut t = ContentionValues::default();
        for r in &self.records {
            t.add(&self.values(r));
        }
        t
    }

    /// Sum of [`ContentionProfile::pprof_values`] over all records.
    pub fn pprof_totals(&self) -> ContentionValues {
        let mut t = ContentionValues::default();
        for r in &self.records {
            t.add(&self.pprof_values(r));
        }
        t
    }
}

/// pprof's `parseContentionSample` arithmetic: delay = cycles × period / (Hz / 1e9),
/// truncated; without a tick rate the cycles are taken as nanoseconds.
fn contention_values(record: &ContentionRecord, period: i64, hz: i64) -> ContentionValues {
    let delay = if hz > 0 {
        let ghz = hz as f64 / 1e9;
        (record.cycles as f64 * period as f64 / ghz) as i64
    } else {
        record.cycles
    };
    ContentionValues {
        contentions: record.count.saturating_mul(period),
        delay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cycles: i64, count: i64) -> ContentionRecord {
        ContentionRecord {
            line: 1,
            cycles,
            count,
            addresses: vec![],
            frames: vec![],
            labels: vec![],
        }
    }

    fn profile(kind: ContentionKind, hz: i64, period: Option<i64>) -> ContentionProfile {
        ContentionProfile {
            line: 1,
            kind,
            cycles_per_second: Some(hz),
            sampling_period: period,
            attributes: vec![],
            records: vec![],
            diagnostics: vec![],
            header_cut: false,
        }
    }

    #[test]
    fn go_mutex_values_are_not_multiplied_again() {
        // From the corpus: mutex.fraction5.debug1.txt, Refresh record.
        let p = profile(ContentionKind::Mutex, 2596139333, Some(5));
        let r = record(7760856070, 55);
        assert_eq!(
            p.values(&r),
            ContentionValues {
                contentions: 55,
                delay: 2989383493
            }
        );
        assert_eq!(p.pprof_values(&r).contentions, 275);
    }

    #[test]
    fn contentionz_values_are_multiplied_like_pprof() {
        // google/pprof testdata cppbench.contention, first sample: 2700 608881724.
        let p = profile(ContentionKind::Contentionz, 3201000000, Some(100));
        let v = p.values(&record(19490304, 27));
        assert_eq!((v.contentions, v.delay), (2700, 608881724));
    }
}
