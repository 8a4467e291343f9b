//! Race reports grouped by the pair of code sites that race: one run often prints the
//! same pair several times (each goroutine of a loop against the previous one), and the
//! pair is what a fix is about.
//!
//! An access is placed at its first frame of the program's code, the way a goroutine
//! group is named ([`Frame::is_program_code`]): a map race's stack starts in the runtime's
//! map code, a race on an `*exec.Cmd` in `os/exec.(*Cmd).Wait`, and the program's caller
//! below them is the site to fix. The standard-library function the access happened in is
//! kept ([`AccessPlace::inside`]), and says what kind of race it is ([`RaceKind`]).

use crate::model::race::{RaceAccess, RaceProfile};
use crate::model::{Frame, FrameId, FrameTable, Origin};

/// Where one access happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccessPlace {
    /// Its site: the first frame of the program's code (its own module or one it uses);
    /// else, for a stack of Go's own code only, the first frame outside the runtime; else
    /// the first frame. `None` without frames.
    pub site: Option<FrameId>,
    /// The standard-library frame the access happened in when `site` is below it (its
    /// caller, directly or not): `os/exec.(*Cmd).Wait` called from the test.
    pub inside: Option<FrameId>,
    /// The first frame outside the runtime, what the memory belongs to.
    top: Option<FrameId>,
}

/// Where `access` happened.
pub fn access_place(frames: &FrameTable, access: &RaceAccess) -> AccessPlace {
    let ids = &access.frames;
    let top = ids
        .iter()
        .copied()
        .find(|&f| frames.get(f).origin != Origin::Runtime);
    let site = ids
        .iter()
        .copied()
        .find(|&f| frames.get(f).is_program_code())
        .or(top)
        .or_else(|| ids.first().copied());
    let inside = top.filter(|&t| Some(t) != site && frames.get(t).origin == Origin::Stdlib);
    AccessPlace { site, inside, top }
}

/// What a racing pair is about, read from where its two accesses happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RaceKind {
    /// Memory the program shares between two goroutines.
    Shared,
    /// The testing package's own state of a test (a `*testing.T`'s fields): a test's
    /// `t.Fatal`, `t.Log`, `t.Setenv`… called from a goroutine other than the test's, or
    /// after the test ended.
    TestState,
    /// Both accesses are inside the standard library's methods of one type: one value of
    /// that type (named, e.g. `*exec.Cmd`) used from two goroutines.
    SameObject(String),
}

/// Reports whose accesses happen at the same two sites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RacePair {
    /// The site of the report's first (current) access.
    pub first: Option<FrameId>,
    /// The site of the conflicting (previous) access.
    pub second: Option<FrameId>,
    /// The standard-library frames the two accesses happened in, as in the first report
    /// ([`AccessPlace::inside`]).
    pub inside: (Option<FrameId>, Option<FrameId>),
    /// Operations of the two accesses (`write`, `read`), as in the first report.
    pub ops: (String, String),
    /// What the race is about, as in the first report.
    pub kind: RaceKind,
    /// Indices into [`RaceProfile::reports`], in input order.
    pub reports: Vec<usize>,
    /// The distinct addresses raced on, in input order.
    pub addresses: Vec<String>,
}

fn op_name(access: Option<&RaceAccess>) -> String {
    access.map_or_else(String::new, |a| {
        let atomic = if a.atomic { "atomic " } else { "" };
        format!("{atomic}{}", a.op.name())
    })
}

/// The profile's reports grouped by their pair of access sites (the pair unordered: a
/// write at A against a read at B is the same race as the reverse), most reports first,
/// then in input order. A report with no access read (cut above the input before its
/// accesses) names no pair and is in none.
pub fn race_pairs(profile: &RaceProfile, frames: &FrameTable) -> Vec<RacePair> {
    let mut pairs: Vec<RacePair> = Vec::new();
    for (i, report) in profile.reports.iter().enumerate() {
        if report.accesses.is_empty() {
            continue;
        }
        let first = report.accesses.first();
        let second = report.accesses.get(1);
        let a = first.map(|x| access_place(frames, x)).unwrap_or_default();
        let b = second.map(|x| access_place(frames, x)).unwrap_or_default();
        let key = if a.site <= b.site {
            (a.site, b.site)
        } else {
            (b.site, a.site)
        };
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
                    first: a.site,
                    second: b.site,
                    inside: (a.inside, b.inside),
                    ops: (op_name(first), op_name(second)),
                    kind: kind(frames, &a, &b),
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

/// A test's state when the program's code called into package testing for one access
/// (`t.Fatal` → `testing.(*common).FailNow`); the other may be the testing package's own
/// (`testing.tRunner` ending the test). One object of the standard library when both
/// accesses are inside methods of one of its types.
fn kind(frames: &FrameTable, a: &AccessPlace, b: &AccessPlace) -> RaceKind {
    let in_testing = |p: &AccessPlace| p.inside.is_some_and(|f| frames.get(f).package == "testing");
    if in_testing(a) || in_testing(b) {
        return RaceKind::TestState;
    }
    let top = |p: &AccessPlace| p.top.map(|f| frames.get(f));
    let (ta, tb) = (top(a), top(b));
    match (ta, tb) {
        (Some(x), Some(y)) if x.origin == Origin::Stdlib && y.origin == Origin::Stdlib => {
            match (receiver(x), receiver(y)) {
                (Some(rx), Some(ry)) if rx == ry => RaceKind::SameObject(rx),
                _ => RaceKind::Shared,
            }
        }
        _ => RaceKind::Shared,
    }
}

/// The pointer receiver type of a method, as Go writes the type: `os/exec.(*Cmd).Wait`
/// (and its closures `….Wait.func1`) → `*exec.Cmd`. `None` for a function.
fn receiver(frame: &Frame) -> Option<String> {
    let rest = frame.function.strip_prefix(frame.package.as_str())?;
    let name = rest.strip_prefix(".(*")?.split_once(')')?.0;
    let package = frame.package.rsplit('/').next().unwrap_or(&frame.package);
    Some(format!("*{package}.{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receivers() {
        let mut table = FrameTable::default();
        let mut of = |function: &str| {
            let id = table.intern(function, "", 0);
            receiver(table.get(id))
        };
        assert_eq!(of("os/exec.(*Cmd).Wait").as_deref(), Some("*exec.Cmd"));
        assert_eq!(
            of("os/exec.(*Cmd).awaitGoroutines.func1").as_deref(),
            Some("*exec.Cmd")
        );
        assert_eq!(of("strconv.AppendInt"), None);
    }
}
