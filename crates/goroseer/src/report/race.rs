//! The JSON view of race detector reports (`"kind": "race"`): each report with its
//! accesses and the racing goroutines' creation stacks, and the reports grouped by the
//! pair of sites that race ([`crate::analysis::race`]). Frames are ids into the report's
//! `frames`, leaf first.

use serde::Serialize;

use crate::analysis::race::{access_place, race_pairs};
use crate::model::race::RaceProfile;
use crate::model::{FrameId, FrameTable};

/// A run's race reports.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RaceView {
    /// The reports, in input order.
    pub reports: Vec<RaceReportView>,
    /// The reports grouped by their pair of access sites, most reports first.
    pub pairs: Vec<RacePairView>,
    /// `N` of `Found N data race(s)`, when the log has that line.
    pub found: Option<u64>,
    /// Tests `go test` failed on a race (`race detected during execution of test`); left
    /// out of the JSON when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub raced_tests: Vec<RacedTestView>,
    /// The limit of the race runtime's goroutine-limit abort, when the log has it; left
    /// out of the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goroutine_limit: Option<u64>,
}

/// A test `go test` failed on a race.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RacedTestView {
    /// 1-based input line of `race detected during execution of test`.
    pub line: u32,
    /// The test's name from its `--- FAIL:` line; `null` when the input has none.
    pub name: Option<String>,
}

/// One `WARNING: DATA RACE` report.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RaceReportView {
    /// 1-based input line of `WARNING: DATA RACE` (of the first line read when cut above).
    pub line: u32,
    /// The input starts inside this report: its header is not in it. Left out of the JSON
    /// when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cut_above: bool,
    /// Frames a report cut above starts with whose section line is above the input (the
    /// end of a creation stack): frame ids, leaf first. Left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cut_frames: Vec<FrameId>,
    /// The address raced on, as printed.
    pub address: Option<String>,
    /// `Location is …` when printed (a global's name, a heap block's size).
    pub location: Option<String>,
    /// The accesses: the current one first, then the previous one.
    pub accesses: Vec<RaceAccessView>,
    /// The goroutines' creation stacks, as printed.
    pub goroutines: Vec<RaceGoroutineView>,
}

/// One access of a report.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RaceAccessView {
    /// 1-based input line of its `Write at …` line.
    pub line: u32,
    /// `read` or `write`; `access` when its line is above the input.
    pub op: &'static str,
    /// An atomic access.
    pub atomic: bool,
    /// The earlier access (`Previous …`).
    pub previous: bool,
    /// The goroutine that made it (the main goroutine is 1); `null` when not printed.
    pub goroutine: Option<u64>,
    /// Its stack: frame ids, leaf first.
    pub frames: Vec<FrameId>,
    /// Its site: the first frame of the program's code (its module or one it uses), else
    /// the first outside the runtime (`null` without frames).
    pub site: Option<FrameId>,
    /// The standard-library frame the access happened in when `site` is its caller
    /// (`os/exec.(*Cmd).Wait`); left out of the JSON when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inside: Option<FrameId>,
}

/// A goroutine of a report.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RaceGoroutineView {
    /// Its id.
    pub id: u64,
    /// `running` or `finished`.
    pub state: String,
    /// Where it was created: frame ids, leaf first.
    pub created_at: Vec<FrameId>,
}

/// Reports racing at the same two sites.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RacePairView {
    /// The first access's site (frame id).
    pub first: Option<FrameId>,
    /// The conflicting access's site (frame id).
    pub second: Option<FrameId>,
    /// The two operations (`write`, `read`, `atomic write`, …), as in the first report.
    pub ops: [String; 2],
    /// The standard-library frames the two accesses happened in (`accesses[].inside`), as
    /// in the first report; left out of the JSON when neither has one.
    #[serde(skip_serializing_if = "no_inside")]
    pub inside: [Option<FrameId>; 2],
    /// Indices into `reports`.
    pub reports: Vec<usize>,
    /// Distinct addresses raced on.
    pub addresses: Vec<String>,
}

fn no_inside(inside: &[Option<FrameId>; 2]) -> bool {
    inside.iter().all(Option::is_none)
}

impl RaceView {
    /// The view of a run's reports.
    pub fn new(p: &RaceProfile, frames: &FrameTable) -> RaceView {
        RaceView {
            reports: p
                .reports
                .iter()
                .map(|r| RaceReportView {
                    line: r.line,
                    cut_above: r.cut_above,
                    cut_frames: r.cut_frames.clone(),
                    address: r.address.clone(),
                    location: r.location.clone(),
                    accesses: r
                        .accesses
                        .iter()
                        .map(|a| {
                            let place = access_place(frames, a);
                            RaceAccessView {
                                line: a.line,
                                op: a.op.name(),
                                atomic: a.atomic,
                                previous: a.previous,
                                goroutine: a.goroutine,
                                frames: a.frames.clone(),
                                site: place.site,
                                inside: place.inside,
                            }
                        })
                        .collect(),
                    goroutines: r
                        .goroutines
                        .iter()
                        .map(|g| RaceGoroutineView {
                            id: g.id,
                            state: g.state.clone(),
                            created_at: g.created_at.clone(),
                        })
                        .collect(),
                })
                .collect(),
            pairs: race_pairs(p, frames)
                .into_iter()
                .map(|pair| RacePairView {
                    first: pair.first,
                    second: pair.second,
                    ops: [pair.ops.0, pair.ops.1],
                    inside: [pair.inside.0, pair.inside.1],
                    reports: pair.reports,
                    addresses: pair.addresses,
                })
                .collect(),
            found: p.found,
            raced_tests: p
                .raced_tests
                .iter()
                .map(|t| RacedTestView {
                    line: t.line,
                    name: t.name.clone(),
                })
                .collect(),
            goroutine_limit: p.goroutine_limit,
        }
    }
}
