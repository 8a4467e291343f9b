//! What the race detector printed (`go run -race`, `go test -race`): one report per pair
//! of conflicting accesses, each with the accesses' stacks and the creation stacks of the
//! goroutines involved.
//!
//! ```text
//! ==================
//! WARNING: DATA RACE
//! Write at 0x00c0000180c8 by goroutine 12:
//!   main.main.func2()
//!       /app/main.go:49 +0x33
//!
//! Previous write at 0x00c0000180c8 by main goroutine:
//!   main.main()
//!       /app/main.go:50 +0x2a4
//!
//! Goroutine 12 (running) created at:
//!   main.main()
//!       /app/main.go:49 +0x290
//! ==================
//! Found 1 data race(s)
//! ```

use super::{Diagnostic, FrameId};

/// One memory access of a race report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaceAccess {
    /// 1-based input line of its `Write at …` / `Previous read at …` line.
    pub line: u32,
    /// `read` or `write`.
    pub op: AccessOp,
    /// An atomic access (`Atomic write at …`).
    pub atomic: bool,
    /// The earlier of the two accesses (`Previous …`).
    pub previous: bool,
    /// The goroutine that made it; the main goroutine is goroutine 1. `None` when the
    /// report names none.
    pub goroutine: Option<u64>,
    /// Its stack, leaf first.
    pub frames: Vec<FrameId>,
}

/// Whether an access read or wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessOp {
    /// A read.
    Read,
    /// A write.
    Write,
    /// Not known: the access's `Read at …` / `Write at …` line is above the input (a paste
    /// that starts inside the access's stack); only its frames are here.
    Unknown,
}

impl AccessOp {
    /// `read`, `write`, or `access` when not known.
    pub fn name(self) -> &'static str {
        match self {
            AccessOp::Read => "read",
            AccessOp::Write => "write",
            AccessOp::Unknown => "access",
        }
    }
}

/// A goroutine of a race report, with where it was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaceGoroutine {
    /// Its id.
    pub id: u64,
    /// `running` or `finished`, as printed.
    pub state: String,
    /// Where it was created (`Goroutine N (…) created at:`), leaf first.
    pub created_at: Vec<FrameId>,
}

/// One `WARNING: DATA RACE` report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RaceReport {
    /// 1-based input line of `WARNING: DATA RACE`; of the first line read when the
    /// report is [`cut_above`](Self::cut_above).
    pub line: u32,
    /// The input starts inside this report (a paste that begins mid-report, or a race
    /// line with no `WARNING: DATA RACE` before it): its header, and whatever came before
    /// the first line read, are not in the input.
    pub cut_above: bool,
    /// Frames a report cut above starts with that belong to no section read: the end of a
    /// stack whose section line (`Goroutine N (…) created at:` or an access's) is above
    /// the input, leaf first. Frames followed by a `Previous …` access are the current
    /// access's instead ([`AccessOp::Unknown`]).
    pub cut_frames: Vec<FrameId>,
    /// The address both accesses touched, as printed (`0x00c0000180c8`).
    pub address: Option<String>,
    /// The accesses in printed order: the current one first, then the previous one(s).
    pub accesses: Vec<RaceAccess>,
    /// The goroutines' creation stacks, in printed order.
    pub goroutines: Vec<RaceGoroutine>,
    /// `Location is global 'x' of size 8 at …` / `Location is heap block …`, when printed.
    pub location: Option<String>,
}

/// A test `go test` failed because the race detector reported a race while it ran
/// (`testing.go:NNNN: race detected during execution of test`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RacedTest {
    /// 1-based input line of the `race detected during execution of test` line.
    pub line: u32,
    /// The test's name, from the `--- FAIL: TestX (…)` line next to it; `None` when the
    /// input has none.
    pub name: Option<String>,
}

/// The race reports of one log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RaceProfile {
    /// 1-based input line of the first report (of the first race line read when no
    /// report is whole).
    pub line: usize,
    /// The reports, in input order.
    pub reports: Vec<RaceReport>,
    /// `Found N data race(s)`, when printed (the process ended normally).
    pub found: Option<u64>,
    /// Tests `go test` failed because a race was detected while they ran.
    pub raced_tests: Vec<RacedTest>,
    /// The race runtime aborted the process because too many goroutines were alive at
    /// once: the limit it printed (`race: limit on 8128 simultaneously alive goroutines
    /// is exceeded, dying`; older runtimes: 8192, or ThreadSanitizer's `Thread limit
    /// (8192 threads) exceeded`).
    pub goroutine_limit: Option<u64>,
    /// Lines among the reports that were not understood (the program's own output, test
    /// results), with their line numbers.
    pub diagnostics: Vec<Diagnostic>,
}
