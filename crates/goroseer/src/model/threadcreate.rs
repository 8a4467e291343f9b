//! Threadcreate debug=1 profiles: `threadcreate profile: total N`, then `COUNT @ 0x…`
//! records. Go 1.27 pads every record to 32 PCs with `0x0`; threads created before
//! profiling started have only zero PCs.

use super::{Diagnostic, FrameId};

/// One `COUNT @ 0x… …` record plus its `#` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadCreateRecord {
    /// 1-based input line of the record.
    pub line: usize,
    /// Threads created at this stack.
    pub count: i64,
    /// Return addresses as written after `@`, leaf first, `0x0` padding included.
    pub addresses: Vec<u64>,
    /// Symbolized frames from the `#` lines, leaf first (no frame for `0x0` padding).
    pub frames: Vec<FrameId>,
}

/// A threadcreate debug=1 profile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThreadCreateProfile {
    /// 1-based input line of the header.
    pub line: usize,
    /// `total N` from the header.
    pub total: i64,
    /// Records in input order.
    pub records: Vec<ThreadCreateRecord>,
    /// Lines of this profile that were not understood.
    pub diagnostics: Vec<Diagnostic>,
    /// The profile's header line was not in the input: it was read from its first record
    ///, "cut above" the paste.
    pub header_cut: bool,
}

impl ThreadCreateProfile {
    /// Sum of the record counts (equals `total` in a complete dump).
    pub fn sum_of_counts(&self) -> i64 {
        self.records
            .iter()
            .fold(0i64, |acc, r| acc.saturating_add(r.count))
    }
}
