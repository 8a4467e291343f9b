//! JSON views of heap, contention and threadcreate profiles (the `heap`, `contention`
//! and `threadcreate` objects of `goroseer --json`, documented in `docs/json.md`).

use serde::Serialize;

use crate::analysis::memstats::DerivedFigure;
use crate::model::contention::{ContentionProfile, ContentionValues};
use crate::model::heap::{HeapHeader, HeapProfile, HeapValues};
use crate::model::memstats::{MemStatValue, MemStats};
use crate::model::threadcreate::ThreadCreateProfile;
use crate::model::FrameId;
use crate::report::OrderedMap;

/// Addresses as `0x…` strings: readable, and safe from JavaScript's 53-bit numbers.
fn hex_addresses(addresses: &[u64]) -> Vec<String> {
    addresses.iter().map(|a| format!("{a:#x}")).collect()
}

/// `heap`: a heap or allocs profile.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeapView {
    /// The header as written.
    pub header: HeapHeader,
    /// Sampling rate in bytes (1 = every allocation recorded).
    pub sampling_rate: i64,
    /// Whether `unsampled` differs from `raw` (values were sampled).
    pub sampled: bool,
    /// Whether alloc values are meaningful (pprof's header rule).
    pub has_alloc: bool,
    /// The sample type to show first: `alloc_space` for a protobuf allocs profile (its
    /// `default_sample_type`), else `inuse_space`, as pprof opens them.
    pub default_sample: &'static str,
    /// Sums of all records.
    pub totals: HeapTotals,
    /// Records in input order.
    pub records: Vec<HeapRecordView>,
    /// The `# runtime.MemStats` trailer, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memstats: Option<MemStatsView>,
}

/// `heap.totals`.
#[derive(Debug, Serialize)]
pub struct HeapTotals {
    /// Sums of the values as written.
    pub raw: HeapValues,
    /// Sums of the unsampled values: equal to `go tool pprof -raw` totals.
    pub unsampled: HeapValues,
}

/// One heap record.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeapRecordView {
    /// 1-based input line.
    pub line: usize,
    /// Values as written.
    pub raw: HeapValues,
    /// Values unsampled with pprof's formula.
    pub unsampled: HeapValues,
    /// Frame ids (into the report's `frames`), leaf first.
    pub stack: Vec<FrameId>,
    /// Addresses as written, leaf first.
    pub addresses: Vec<String>,
    /// Labels, if the record has any.
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub labels: OrderedMap<String>,
}

/// `heap.memstats`.
#[derive(Debug, Serialize)]
pub struct MemStatsView {
    /// 1-based line of `# runtime.MemStats`.
    pub line: usize,
    /// Every key of the trailer with its decoded value, in written order.
    pub values: OrderedMap<MemStatValue>,
    /// Figures computed from the values, each with its meaning.
    pub derived: Vec<DerivedFigure>,
}

impl MemStatsView {
    /// The view of a trailer.
    pub fn new(stats: &MemStats) -> MemStatsView {
        MemStatsView {
            line: stats.line,
            values: OrderedMap(
                stats
                    .entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect(),
            ),
            derived: stats.derived(),
        }
    }
}

impl HeapView {
    /// The view of a heap profile.
    pub fn new(p: &HeapProfile) -> HeapView {
        HeapView {
            header: p.header.clone(),
            sampling_rate: p.header.sampling_rate(),
            sampled: p.header.is_sampled() && p.header.sampling_rate() > 1,
            has_alloc: p.header.has_alloc(),
            default_sample: p.default_sample.name(),
            totals: HeapTotals {
                raw: p.raw_totals(),
                unsampled: p.unsampled_totals(),
            },
            records: p
                .records
                .iter()
                .map(|r| HeapRecordView {
                    line: r.line,
                    raw: r.raw,
                    unsampled: r.unsampled,
                    stack: r.frames.clone(),
                    addresses: hex_addresses(&r.addresses),
                    labels: OrderedMap(r.labels.clone()),
                })
                .collect(),
            memstats: p.memstats.as_ref().map(MemStatsView::new),
        }
    }
}

/// `contention`: a block, mutex or contentionz profile.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentionView {
    /// CPU ticks per second (`cycles/second=`), used to turn cycles into time.
    pub cycles_per_second: Option<i64>,
    /// `sampling period=` (the mutex profile fraction), when written.
    pub sampling_period: Option<i64>,
    /// Every `key=value` line of the header, as written.
    pub attributes: OrderedMap<String>,
    /// What counts and delays were multiplied by: 1 for Go's block and mutex profiles
    /// (already scaled by the runtime), the sampling period for `contentionz`.
    pub value_multiplier: i64,
    /// Sums over all records.
    pub totals: ContentionTotals,
    /// What `go tool pprof` reports for this text (it multiplies Go mutex profiles by
    /// the sampling period again; for block profiles and fraction 1 it agrees).
    pub pprof_totals: ContentionValues,
    /// Records in input order.
    pub records: Vec<ContentionRecordView>,
}

/// `contention.totals`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentionTotals {
    /// Contention events.
    pub contentions: i64,
    /// Delay in nanoseconds, summed from per-record truncated values like the runtime's
    /// protobuf profile.
    pub delay: i64,
    /// Delay in seconds.
    pub delay_seconds: f64,
}

/// One contention record.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentionRecordView {
    /// 1-based input line.
    pub line: usize,
    /// Cycles as written.
    pub cycles: i64,
    /// Count as written.
    pub count: i64,
    /// Contention events (the count, times the value multiplier).
    pub contentions: i64,
    /// Delay in nanoseconds (truncated).
    pub delay: i64,
    /// Delay in seconds.
    pub delay_seconds: f64,
    /// Frame ids, leaf first.
    pub stack: Vec<FrameId>,
    /// Addresses as written, leaf first.
    pub addresses: Vec<String>,
    /// Labels, if the record has any.
    #[serde(skip_serializing_if = "OrderedMap::is_empty")]
    pub labels: OrderedMap<String>,
}

impl ContentionView {
    /// The view of a contention profile.
    pub fn new(p: &ContentionProfile) -> ContentionView {
        let seconds = |ns: i64| ns as f64 / 1e9;
        let totals = p.totals();
        ContentionView {
            cycles_per_second: p.cycles_per_second,
            sampling_period: p.sampling_period,
            attributes: OrderedMap(p.attributes.clone()),
            value_multiplier: p.value_multiplier(),
            totals: ContentionTotals {
                contentions: totals.contentions,
                delay: totals.delay,
                delay_seconds: seconds(totals.delay),
            },
            pprof_totals: p.pprof_totals(),
            records: p
                .records
                .iter()
                .map(|r| {
                    let v = p.values(r);
                    ContentionRecordView {
                        line: r.line,
                        cycles: r.cycles,
                        count: r.count,
                        contentions: v.contentions,
                        delay: v.delay,
                        delay_seconds: seconds(v.delay),
                        stack: r.frames.clone(),
                        addresses: hex_addresses(&r.addresses),
                        labels: OrderedMap(r.labels.clone()),
                    }
                })
                .collect(),
        }
    }
}

/// `threadcreate`: a threadcreate profile.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadCreateView {
    /// `total N` of the header.
    pub total: i64,
    /// Sum of the record counts.
    pub sum_of_counts: i64,
    /// Records in input order.
    pub records: Vec<ThreadCreateRecordView>,
}

/// One threadcreate record.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadCreateRecordView {
    /// 1-based input line.
    pub line: usize,
    /// Threads created at this stack.
    pub count: i64,
    /// Frame ids, leaf first.
    pub stack: Vec<FrameId>,
    /// Addresses as written (with `0x0` padding), leaf first.
    pub addresses: Vec<String>,
}

impl ThreadCreateView {
    /// The view of a threadcreate profile.
    pub fn new(p: &ThreadCreateProfile) -> ThreadCreateView {
        ThreadCreateView {
            total: p.total,
            sum_of_counts: p.sum_of_counts(),
            records: p
                .records
                .iter()
                .map(|r| ThreadCreateRecordView {
                    line: r.line,
                    count: r.count,
                    stack: r.frames.clone(),
                    addresses: hex_addresses(&r.addresses),
                })
                .collect(),
        }
    }
}
