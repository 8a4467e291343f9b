//! The `# runtime.MemStats` trailer of a heap debug=1 profile, read as an open
//! key → value map (its derived figures are in `analysis::memstats`).
//!
//! The trailer is written by `writeHeapInternal` in Go's `runtime/pprof/pprof.go`; its
//! keys changed over Go versions (`EnableGC`, `MaxRSS` …), so every key is kept, known
//! or not, and only the derived figures name specific keys.

use serde::Serialize;

/// One value of the trailer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MemStatValue {
    /// A whole number (`# HeapAlloc = 66300672`). Negative numbers are kept signed.
    Int(i64),
    /// A whole number too large for i64 (only ever seen for uint64 fields).
    UInt(u64),
    /// A decimal (`# GCCPUFraction = 0.032`).
    Float(f64),
    /// `true` or `false` (`# DebugGC = false`).
    Bool(bool),
    /// `# Stack = inuse / sys`: bytes in use and bytes obtained from the OS.
    Pair {
        /// The first number.
        inuse: u64,
        /// The second number.
        sys: u64,
    },
    /// `# PauseNs = [ … ]`: a circular buffer of recent values.
    Array(Vec<u64>),
    /// Anything else, as written.
    Text(String),
}

impl MemStatValue {
    /// The value as a number when it is one (the first number of a pair).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            MemStatValue::Int(v) => Some(*v as f64),
            MemStatValue::UInt(v) => Some(*v as f64),
            MemStatValue::Float(v) => Some(*v),
            MemStatValue::Pair { inuse, .. } => Some(*inuse as f64),
            MemStatValue::Bool(_) | MemStatValue::Array(_) | MemStatValue::Text(_) => None,
        }
    }

    /// The value as an unsigned integer when it is a non-negative whole number.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            MemStatValue::Int(v) => u64::try_from(*v).ok(),
            MemStatValue::UInt(v) => Some(*v),
            _ => None,
        }
    }
}

/// One `# Key = value` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemStatEntry {
    /// 1-based input line.
    pub line: usize,
    /// The key as written (`HeapAlloc`).
    pub key: String,
    /// The decoded value.
    pub value: MemStatValue,
}

/// The whole trailer, in written order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MemStats {
    /// 1-based input line of `# runtime.MemStats`.
    pub line: usize,
    /// Every entry read.
    pub entries: Vec<MemStatEntry>,
}

impl MemStats {
    /// The value of `key`, if the trailer has it.
    pub fn get(&self, key: &str) -> Option<&MemStatValue> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    pub(crate) fn num(&self, key: &str) -> Option<f64> {
        self.get(key).and_then(MemStatValue::as_f64)
    }

    pub(crate) fn pair(&self, key: &str) -> Option<(f64, f64)> {
        match self.get(key) {
            Some(MemStatValue::Pair { inuse, sys }) => Some((*inuse as f64, *sys as f64)),
            _ => None,
        }
    }
}
