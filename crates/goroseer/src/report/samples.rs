//! JSON views of what a pprof protobuf file says about itself (`pprof`) and of CPU and
//! other sample-type profiles (`cpu`, `samples`), documented in `docs/json.md`.

use serde::Serialize;

use crate::analysis::aggregate::{aggregate, AggregateBy};
use crate::model::samples::{PprofInfo, SampleKind, SampleProfile, ValueType};
use crate::model::{FrameId, FrameTable, Profile};

/// How many functions a sample type's `functions` lists (the largest flat first, like
/// `pprof -top`); the page asks for all of them with a query.
pub const TOP_FUNCTIONS: usize = 100;

/// `pprof`: the facts of a protobuf profile.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PprofView {
    /// The sample types as written.
    pub sample_types: Vec<ValueType>,
    /// What one period counts, when written.
    pub period_type: Option<ValueType>,
    /// The sampling period, in units of `periodType`.
    pub period: i64,
    /// When the profile was taken, nanoseconds since the epoch (0: not written).
    pub time_nanos: i64,
    /// How long it covers, in nanoseconds (0: not written).
    pub duration_nanos: i64,
    /// The sample type shown by default, when written.
    pub default_sample_type: Option<String>,
    /// Comments, in order.
    pub comments: Vec<String>,
    /// `drop_frames` / `keep_frames` regular expressions, when written.
    pub drop_frames: Option<String>,
    /// See `dropFrames`.
    pub keep_frames: Option<String>,
    /// File names of the mapped binaries.
    pub mappings: Vec<String>,
    /// Number of samples.
    pub samples: usize,
    /// Number of locations.
    pub locations: usize,
    /// Locations with only an address (no symbol): shown as `0x…` frames.
    pub unsymbolized_locations: usize,
    /// What the protobuf form cannot tell, for a person (e.g. a goroutine profile has no
    /// goroutine ids or states), and how it is shown.
    pub notes: Vec<String>,
}

impl PprofView {
    /// The view of `info`, with notes for its profile.
    pub fn new(info: &PprofInfo, profile: &Profile) -> PprofView {
        let mut notes = Vec::new();
        if let Profile::Goroutine(p) = profile {
            notes.push(format!(
                "A {} profile in protobuf (debug=0) has no goroutine ids, states or wait \
                 times: goroutines are grouped by stack and labels.",
                p.name
            ));
        }
        if info.unsymbolized_locations > 0 {
            notes.push(format!(
                "{} of {} locations have no symbol: they are shown by their address.",
                info.unsymbolized_locations, info.locations
            ));
        }
        PprofView {
            sample_types: info.sample_types.clone(),
            period_type: info.period_type.clone(),
            period: info.period,
            time_nanos: info.time_nanos,
            duration_nanos: info.duration_nanos,
            default_sample_type: info.default_sample_type.clone(),
            comments: info.comments.clone(),
            drop_frames: info.drop_frames.clone(),
            keep_frames: info.keep_frames.clone(),
            mappings: info.mappings.clone(),
            samples: info.samples,
            locations: info.locations,
            unsymbolized_locations: info.unsymbolized_locations,
            notes,
        }
    }
}

/// `cpu` (kind `cpu`) or `samples` (any other sample-type profile).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleProfileView {
    /// How long the profile covers, in nanoseconds (0: not written).
    pub duration_nanos: i64,
    /// The sampling period (a CPU profile at 100 Hz: 10000000 nanoseconds).
    pub period: i64,
    /// Unit of `period`, when written.
    pub period_unit: Option<String>,
    /// The `samples` sample type's total per second of the profile's duration: the
    /// sampling rate actually reached (`null` without a duration or such a type).
    pub sample_rate: Option<f64>,
    /// For a CPU profile: CPU time per second of wall time, i.e. how many cores were busy
    /// on average (`null` without a duration).
    pub cores_busy: Option<f64>,
    /// Index in `sampleTypes` of the type shown by default.
    pub default_sample_type: usize,
    /// Per sample type: its total and its top functions.
    pub sample_types: Vec<SampleTypeView>,
    /// Label keys of the samples with their distinct values (for a label filter).
    pub labels: Vec<LabelKeyView>,
}

/// One sample type of a [`SampleProfileView`].
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleTypeView {
    /// `samples`, `cpu`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// `count`, `nanoseconds`, …
    pub unit: String,
    /// Sum over all samples (equals `go tool pprof -raw`'s total).
    pub total: i64,
    /// The functions with the largest flat values, like `pprof -top` (at most 100).
    pub functions: Vec<FunctionView>,
}

/// One row of a top table.
#[derive(Debug, Serialize)]
pub struct FunctionView {
    /// Fully qualified function name.
    pub function: String,
    /// A frame of the function (into the report's `frames`).
    pub frame: FrameId,
    /// Value of samples whose leaf is this function.
    pub flat: i64,
    /// Value of samples whose stack contains this function.
    pub cum: i64,
}

/// One label key and its values.
#[derive(Debug, Serialize)]
pub struct LabelKeyView {
    /// The key.
    pub key: String,
    /// Its distinct values (as text, numbers with their unit), sorted.
    pub values: Vec<String>,
}

impl SampleProfileView {
    /// The view of `profile`.
    pub fn new(profile: &SampleProfile, info: Option<&PprofInfo>, frames: &FrameTable) -> Self {
        let totals = profile.totals();
        let sample_types = profile
            .sample_types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let agg = aggregate(
                    frames,
                    profile
                        .samples
                        .iter()
                        .map(|s| (s.frames.as_slice(), s.values[i])),
                    AggregateBy::Function,
                );
                SampleTypeView {
                    kind: t.kind.clone(),
                    unit: t.unit.clone(),
                    total: totals[i],
                    functions: agg
                        .rows
                        .into_iter()
                        .take(TOP_FUNCTIONS)
                        .map(|r| FunctionView {
                            function: r.name,
                            frame: r.frame,
                            flat: r.flat,
                            cum: r.cum,
                        })
                        .collect(),
                }
            })
            .collect();
        let duration = info.map_or(0, |i| i.duration_nanos);
        let seconds = (duration > 0).then_some(duration as f64 / 1e9);
        let cpu_total = profile
            .sample_types
            .iter()
            .position(|t| t.kind == "cpu" && t.unit == "nanoseconds")
            .map(|i| totals[i]);
        let mut labels: Vec<LabelKeyView> = Vec::new();
        for (key, value) in profile.samples.iter().flat_map(|s| &s.labels) {
            let text = value.text();
            match labels.iter_mut().find(|l| &l.key == key) {
                Some(l) if !l.values.contains(&text) => l.values.push(text),
                Some(_) => {}
                None => labels.push(LabelKeyView {
                    key: key.clone(),
                    values: vec![text],
                }),
            }
        }
        crate::order::sort_by(&mut labels, |a, b| a.key.cmp(&b.key));
        labels
            .iter_mut()
            .for_each(|l| crate::order::sort(&mut l.values));
        SampleProfileView {
            duration_nanos: duration,
            period: info.map_or(0, |i| i.period),
            period_unit: info.and_then(|i| i.period_type.as_ref().map(|t| t.unit.clone())),
            sample_rate: seconds
                .zip(profile.sample_index("samples"))
                .map(|(s, i)| totals[i] as f64 / s),
            cores_busy: match (seconds, cpu_total, profile.kind) {
                (Some(s), Some(cpu), SampleKind::Cpu) => Some(cpu as f64 / 1e9 / s),
                _ => None,
            },
            default_sample_type: profile.default_sample,
            sample_types,
            labels,
        }
    }
}
