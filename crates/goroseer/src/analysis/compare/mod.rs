//! Comparing dumps taken over time: what grew, what is new, what vanished.
//!
//! ```text
//! inputs (each an Analysis: one file or paste, one or more dumps)
//!   └─ snapshots: every goroutine dump, every heap dump, in input order
//!        ├─ goroutines: groups matched by StackSignature → count series per group
//!        ├─ heap: records matched by allocation site → in-use / alloc series per site
//!        └─ profiles: CPU, heap, block, mutex profiles by function, like `pprof -base`
//! ```
//!
//! Goroutine ids, argument values and PC offsets never matter: groups are matched by
//! their frames (function + file:line, outside the runtime), so a debug=1 profile and a
//! debug=2 dump of the same program compare group by group (see [`signature`]). Times,
//! when known, turn deltas into rates per minute (see [`times`]).
//!
//! The result is data only: series whose frames are ids into a frame table of the
//! comparison (every input has its own table, so frames are gathered by function, file
//! and line). The growth rules read it (`rules::annotate_comparison`) and
//! `report::compare` turns both into the `goroseer diff --json` view.

pub mod functions;
pub mod goroutines;
pub mod heap;
pub mod signature;
pub mod times;

use crate::model::Profile;
use serde::Serialize;

use crate::analysis::group::{GroupBy, Grouping};
use crate::analysis::Analysis;
use crate::model::Document;

pub use functions::ProfileComparison;
pub use goroutines::{GoroutineComparison, GoroutineSnapshot, GroupSeries};
pub use heap::{HeapComparison, HeapSnapshot, SiteSeries};

pub use times::{DumpTimes, TimeSource};

/// One input of a comparison: a parsed file or paste, its groupings, and the name to
/// show for it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// File name as given (the page: the dropped file's name, or `paste 2`).
    pub name: &'a str,
    /// The parsed input.
    pub document: &'a Document,
    /// The grouping of each of its goroutine profiles (as in [`Analysis::groupings`]);
    /// profiles grouped at another level than the comparison's are grouped again.
    pub groupings: &'a [Option<Grouping>],
}

impl<'a> Input<'a> {
    /// The input of an analysis.
    pub fn of(name: &'a str, analysis: &'a Analysis) -> Input<'a> {
        Input {
            name,
            document: &analysis.document,
            groupings: &analysis.groupings,
        }
    }
}

/// The name of dump `profile` of input `input` for a person, distinct from every other
/// dump's: the input's name, with ` (K)` when other inputs have that name (the K-th of
/// them, in input order: loose files dropped from several folders are all
/// `goroutines.txt`) and ` #N` when the input holds several dumps (the N-th). `names` are
/// the inputs' names, `profiles` how many dumps `input` holds. The report's
/// `layout.dumps` and the comparison's and fleet's dump names are these.
pub fn dump_name(names: &[&str], input: usize, profiles: usize, profile: usize) -> String {
    let name = names.get(input).copied().unwrap_or("");
    let mut out = name.to_owned();
    if names.iter().filter(|n| **n == name).nth(1).is_some() {
        let k = names[..input].iter().filter(|n| **n == name).count() + 1;
        out.push_str(&format!(" ({k})"));
    }
    if profiles > 1 {
        out.push_str(&format!(" #{}", profile + 1));
    }
    out
}

impl Input<'_> {
    /// [`dump_name`] of dump `profile` of input `input` of `inputs`.
    pub fn dump_name(inputs: &[Input<'_>], input: usize, profile: usize) -> String {
        let names: Vec<&str> = inputs.iter().map(|i| i.name).collect();
        let profiles = inputs.get(input).map_or(0, |i| i.document.profiles.len());
        dump_name(&names, input, profiles, profile)
    }
}

/// How to compare.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareOptions {
    /// Grouping level goroutines are matched at (`exact` is refused: it groups by
    /// argument values, which differ from dump to dump).
    pub group_by: GroupBy,
    /// When the dumps were taken.
    pub times: DumpTimes,
}

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    /// `exact` grouping was asked for.
    ExactGrouping,
    /// `--at` gave a different number of times than there are inputs.
    TimeCount {
        /// Inputs given.
        inputs: usize,
        /// Times given.
        times: usize,
    },
}

impl std::fmt::Display for CompareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompareError::ExactGrouping => f.write_str(
                "dumps cannot be compared at the `exact` level: it groups by argument values \
                 and PC offsets, which differ between dumps; use lines, functions or top:N",
            ),
            CompareError::TimeCount { inputs, times } => {
                write!(
                    f,
                    "{times} times given for {inputs} inputs: give one per input"
                )
            }
        }
    }
}

impl std::error::Error for CompareError {}

/// A note about the comparison as a whole (an input with nothing to compare, states left
/// out because a debug=1 profile has none, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareNote {
    /// Index of the input it is about, or null for the whole comparison.
    pub input: Option<usize>,
    /// What to know, for a person.
    pub message: String,
}

/// The comparison of several inputs (its view, `goroseer diff --json`, is made by
/// `report::compare`).
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Names of the inputs, in the order given.
    pub inputs: Vec<String>,
    /// Grouping level goroutine groups were matched at.
    pub group_by: GroupBy,
    /// Where the dump times come from: `given`, `interval`, `log-timestamps`,
    /// `file-names`, or null when unknown (no rates then).
    pub time_source: Option<TimeSource>,
    /// Goroutine dumps compared (null when the inputs hold none).
    pub goroutines: Option<GoroutineComparison>,
    /// Heap dumps compared (null when the inputs hold none).
    pub heap: Option<HeapComparison>,
    /// Profiles of one kind (CPU, heap, block, mutex, other protobuf sample profiles)
    /// compared by function, like `go tool pprof -base`; kinds with two profiles at least.
    pub profiles: Vec<ProfileComparison>,
    /// Notes about inputs and choices made.
    pub notes: Vec<CompareNote>,
}

/// Compares every goroutine dump and every heap dump of `inputs`, in order.
pub fn compare(inputs: &[Input<'_>], options: &CompareOptions) -> Result<Comparison, CompareError> {
    if options.group_by == GroupBy::Exact {
        return Err(CompareError::ExactGrouping);
    }
    let names: Vec<&str> = inputs.iter().map(|i| i.name).collect();
    let compared = |p: &Profile| matches!(p, Profile::Goroutine(_) | Profile::Heap(_));
    let any_dump = inputs
        .iter()
        .any(|input| input.document.profiles.iter().any(compared));
    let all_logged = any_dump
        && inputs.iter().all(|input| {
            let doc = input.document;
            doc.profiles
                .iter()
                .enumerate()
                .all(|(i, p)| !compared(p) || doc.profile_times.get(i).copied().flatten().is_some())
        });
    let (input_times, time_source) = options.times.resolve(&names, all_logged)?;
    let mut notes = Vec::new();
    // Times make rates of goroutine and heap dumps; profiles compared by function use none.
    if time_source.is_none() && any_dump {
        notes.push(match options.times {
            DumpTimes::FromNames => {
                let (input, message) = times::why_no_times_in_names(&names);
                CompareNote { input, message }
            }
            _ => CompareNote {
                input: None,
                message: "the dump times are unknown, so no rates per minute: give an \
                          interval or one time per input, or name the files with a time \
                          such as `t15s`"
                    .to_owned(),
            },
        });
    }
    let goroutines = goroutines::compare(inputs, options, &input_times, &mut notes);
    let heap = heap::compare(inputs, options, &input_times);
    let profiles = functions::compare(inputs);
    for (i, input) in inputs.iter().enumerate() {
        let by_function = profiles
            .iter()
            .any(|f| f.snapshots.iter().any(|s| s.input == i));
        if !input.document.profiles.iter().any(compared) && !by_function {
            notes.push(CompareNote {
                input: Some(i),
                message: format!(
                    "{} holds no goroutine dump and no profile of a kind another input \
                     has: nothing of it is compared",
                    input.name
                ),
            });
        }
    }
    Ok(Comparison {
        inputs: names.iter().map(|n| (*n).to_owned()).collect(),
        group_by: options.group_by,
        time_source,
        goroutines,
        heap,
        profiles,
        notes,
    })
}

/// Facts shared by the goroutine and heap series: how a value moved across snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trend {
    /// Last value minus first value.
    pub delta: i64,
    /// Last value divided by first value (null when the first is 0).
    pub ratio: Option<f64>,
    /// Change per minute between the first and last snapshot, when both times are known
    /// and differ.
    pub per_minute: Option<f64>,
    /// The value went up at every step (and there are at least two snapshots).
    pub grew_every_step: bool,
    /// `new` (absent in the first snapshot), `vanished` (absent in the last), `grew`,
    /// `shrank`, or `unchanged` (same first and last value).
    pub change: Change,
}

/// How a series changed from its first to its last snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Absent (0) in the first snapshot, present in the last.
    New,
    /// Present in the first snapshot, absent (0) in the last.
    Vanished,
    /// Larger in the last snapshot.
    Grew,
    /// Smaller (but present) in the last snapshot.
    Shrank,
    /// Same value first and last.
    Unchanged,
}

impl Trend {
    /// The trend of `series` taken at `times` (seconds; `None` when unknown).
    pub fn of(series: &[i64], times: &[Option<f64>]) -> Trend {
        let first = series.first().copied().unwrap_or(0);
        let last = series.last().copied().unwrap_or(0);
        let delta = last.saturating_sub(first);
        let per_minute = match (times.first(), times.last()) {
            (Some(Some(t0)), Some(Some(t1))) if t1 > t0 => {
                Some(round2(delta as f64 * 60.0 / (t1 - t0)))
            }
            _ => None,
        };
        let change = match (first, last) {
            (0, 0) => Change::Unchanged,
            (0, _) => Change::New,
            (_, 0) => Change::Vanished,
            (a, b) if b > a => Change::Grew,
            (a, b) if b < a => Change::Shrank,
            _ => Change::Unchanged,
        };
        Trend {
            delta,
            ratio: (first != 0).then(|| round2(last as f64 / first as f64)),
            per_minute,
            grew_every_step: series.len() >= 2 && series.windows(2).all(|w| w[1] > w[0]),
            change,
        }
    }
}

/// Rounds to 2 decimals so the JSON stays readable and snapshots stable.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_of_a_growing_series_with_times() {
        let t = Trend::of(&[50, 148, 696], &[Some(5.0), Some(15.0), Some(70.0)]);
        assert_eq!(t.delta, 646);
        assert_eq!(t.ratio, Some(13.92));
        assert_eq!(t.per_minute, Some(596.31));
        assert!(t.grew_every_step);
        assert_eq!(t.change, Change::Grew);
    }

    #[test]
    fn trend_of_flat_new_and_vanished_series() {
        let flat = Trend::of(&[4, 4, 4], &[None, None, None]);
        assert_eq!(
            (flat.delta, flat.per_minute, flat.grew_every_step),
            (0, None, false)
        );
        assert_eq!(flat.change, Change::Unchanged);
        let new = Trend::of(&[0, 1], &[Some(0.0), Some(0.0)]);
        assert_eq!(
            (new.change, new.ratio, new.per_minute),
            (Change::New, None, None)
        );
        assert!(new.grew_every_step);
        assert_eq!(Trend::of(&[3, 0], &[]).change, Change::Vanished);
        assert!(!Trend::of(&[1, 5, 5], &[]).grew_every_step);
        assert!(!Trend::of(&[7], &[]).grew_every_step);
    }
}
