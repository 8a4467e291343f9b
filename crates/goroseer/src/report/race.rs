//! The JSON view of race detector reports (`"kind": "race"`): each report with its
//! accesses and the racing goroutines' creation stacks, and the reports grouped by the
//! pair of sites that race ([`crate::analysis::race`]). Frames are ids into the report's
//! `frames`, leaf first.

use serde::Serialize;

use crate::analysis::race::race_pairs;
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
}

/// One `WARNING: DATA RACE` report.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RaceReportView {
    /// 1-based input line of `WARNING: DATA RACE`.
    pub line: u32,
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
    /// `read` or `write`.
    pub op: &'static str,
    /// An atomic access.
    pub atomic: bool,
    /// The earlier access (`Previous …`).
    pub previous: bool,
    /// The goroutine that made it (the main goroutine is 1); `null` when not printed.
    pub goroutine: Option<u64>,
    /// Its stack: frame ids, leaf first.
    pub frames: Vec<FrameId>,
    /// Its site: the first frame outside the runtime (`null` without frames).
    pub site: Option<FrameId>,
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
    /// Indices into `reports`.
    pub reports: Vec<usize>,
    /// Distinct addresses raced on.
    pub addresses: Vec<String>,
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
                    address: r.address.clone(),
                    location: r.location.clone(),
                    accesses: r
                        .accesses
                        .iter()
                        .map(|a| RaceAccessView {
                            line: a.line,
                            op: a.op.name(),
                            atomic: a.atomic,
                            previous: a.previous,
                            goroutine: a.goroutine,
                            frames: a.frames.clone(),
                            site: crate::analysis::race::access_site(frames, a),
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
                    reports: pair.reports,
                    addresses: pair.addresses,
                })
                .collect(),
            found: p.found,
        }
    }
}
