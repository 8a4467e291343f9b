//! Profiles read from pprof's protobuf form (`.pb.gz`): what the file says about itself
//! ([`PprofInfo`]), and the profiles that have no text form of their own — CPU profiles and
//! any other sample-type profile — as a [`SampleProfile`].
//!
//! Goroutine, heap, allocs, block, mutex and threadcreate profiles in protobuf become the
//! same model as their debug=1 text (see `parse::pprof`), so every view works on both.

use super::{Diagnostic, FrameId};

/// A sample type or the period type: what a value measures and in which unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValueType {
    /// `samples`, `cpu`, `inuse_space`, `goroutine`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// `count`, `nanoseconds`, `bytes`, …
    pub unit: String,
}

/// The value of a sample label: pprof labels are strings (`pprof.Do`) or numbers with
/// an optional unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelValue {
    /// A string label.
    Str(String),
    /// A numeric label and its unit (`""` when none was written).
    Num {
        /// The number.
        value: i64,
        /// Its unit (`bytes`, `requests`, …), possibly empty.
        unit: String,
    },
}

impl LabelValue {
    /// The value as text: a string as is, a number with its unit (`4096 bytes`).
    pub fn text(&self) -> String {
        match self {
            LabelValue::Str(s) => s.clone(),
            LabelValue::Num { value, unit } if unit.is_empty() => value.to_string(),
            LabelValue::Num { value, unit } => format!("{value} {unit}"),
        }
    }
}

/// One sample of a [`SampleProfile`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// Frames, leaf first (inlined frames expanded, callee first).
    pub frames: Vec<FrameId>,
    /// One value per sample type of the profile.
    pub values: Vec<i64>,
    /// Labels in written order.
    pub labels: Vec<(String, LabelValue)>,
}

/// What kind of sample profile this is, by its sample types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleKind {
    /// `samples/count` and `cpu/nanoseconds` (`pprof.StartCPUProfile`, `go test -cpuprofile`).
    Cpu,
    /// Any other sample types: shown generically.
    Other,
}

/// A CPU profile, or any protobuf profile of a kind goroseer has no model of its own for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleProfile {
    /// CPU or other.
    pub kind: SampleKind,
    /// The sample types, in written order; every sample has one value per type.
    pub sample_types: Vec<ValueType>,
    /// Index of the type shown by default (pprof's `default_sample_type`, else the last).
    pub default_sample: usize,
    /// The samples, in written order.
    pub samples: Vec<Sample>,
    /// What was wrong in the file but could be read around.
    pub diagnostics: Vec<Diagnostic>,
}

impl SampleProfile {
    /// Sum of each sample type over all samples (saturating).
    pub fn totals(&self) -> Vec<i64> {
        let mut totals = vec![0i64; self.sample_types.len()];
        for sample in &self.samples {
            for (total, value) in totals.iter_mut().zip(&sample.values) {
                *total = total.saturating_add(*value);
            }
        }
        totals
    }

    /// Index of the sample type named `name` (pprof's `-sample_index=NAME`).
    pub fn sample_index(&self, name: &str) -> Option<usize> {
        self.sample_types.iter().position(|t| t.kind == name)
    }
}

/// What a protobuf profile says about itself, beside its samples.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PprofInfo {
    /// The sample types as written.
    pub sample_types: Vec<ValueType>,
    /// What one period counts (`cpu/nanoseconds`), when written.
    pub period_type: Option<ValueType>,
    /// The sampling period in units of `period_type` (a CPU profile at 100 Hz: 10 000 000).
    pub period: i64,
    /// When the profile was taken (nanoseconds since the epoch; 0 when not written).
    pub time_nanos: i64,
    /// How long it covers in nanoseconds (0 when not written).
    pub duration_nanos: i64,
    /// The `default_sample_type` name, when written.
    pub default_sample_type: Option<String>,
    /// Comments, in order.
    pub comments: Vec<String>,
    /// `drop_frames` regular expression, when written.
    pub drop_frames: Option<String>,
    /// `keep_frames` regular expression, when written.
    pub keep_frames: Option<String>,
    /// Mapped binaries' file names (the main binary first, as Go writes it).
    pub mappings: Vec<String>,
    /// Number of samples.
    pub samples: usize,
    /// Number of locations.
    pub locations: usize,
    /// Locations with no source line (only an address): shown by their address.
    pub unsymbolized_locations: usize,
}
