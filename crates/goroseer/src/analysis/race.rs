//! Race reports grouped by the pair of code sites that race: one run often prints the
//! same pair several times (each goroutine of a loop against the previous one), and the
//! pair is what a fix is about.

use crate::model::race::{RaceAccess, RaceProfile};
use crate::model::{FrameId, FrameTable, Origin};

/// Reports whose accesses happen at the same two sites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RacePair {
    /// The site of the report's first (current) access.
    pub first: Option<FrameId>,
    /// The site of the conflicting (previous) access.
    pub second: Option<FrameId>,
    /// Operations of the two accesses (`write`, `read`), as in the first report.
    pub ops: (String, String),
    /// Indices into [`RaceProfile::reports`], in input order.
    pub reports: Vec<usize>,
    /// The distinct addresses raced on, in input order.
    pub addresses: Vec<String>,
}

/// Where an access happened in the program's code: its first frame outside the runtime
/// (a map race's stack starts in `runtime.mapassign_faststr`), else its first frame.
pub fn access_site(frames: &FrameTable, access: &RaceAccess) -> Option<FrameId> {
    access
        .frames
        .iter()
        .copied()
        .find(|&f| frames.get(f).origin != Origin::Runtime)
        .or_else(|| access.frames.first().copied())
}

fn op_name(access: Option<&RaceAccess>) -> String {
    access.map_or_else(String::new, |a| {
        let atomic = if a.atomic { "atomic " } else { "" };
        format!("{atomic}{}", a.op.name())
    })
}

/// The profile's reports grouped by their pair of access sites (the pair unordered: a
/// write at A against a read at B is the same race as the reverse), most reports first,
/// then in input order.
pub fn race_pairs(profile: &RaceProfile, frames: &FrameTable) -> Vec<RacePair> {
    let mut pairs: Vec<RacePair> = Vec::new();
    for (i, report) in profile.reports.iter().enumerate() {
        let first = report.accesses.first();
        let second = report.accesses.get(1);
        let a = first.and_then(|x| access_site(frames, x));
        let b = second.and_then(|x| access_site(frames, x));
        let key = if a <= b { (a, b) } else { (b, a) };
        let found = pairs.iter_mut().find(|p| {
            let k = if p.first <= p.second {
                (p.first, p.second)
            } else {
                (p.second, p.first)
            };
            k == key
        });
        let pair = match found {
            Some(p) => p,
            None => {
                pairs.push(RacePair {
                    first: a,
                    second: b,
                    ops: (op_name(first), op_name(second)),
                    reports: Vec::new(),
                    addresses: Vec::new(),
                });
                pairs.last_mut().expect("just pushed")
            }
        };
        pair.reports.push(i);
        if let Some(address) = &report.address {
            if !pair.addresses.contains(address) {
                pair.addresses.push(address.clone());
            }
        }
    }
    crate::order::sort_by_key(&mut pairs, |p| std::cmp::Reverse(p.reports.len()));
    pairs
}
