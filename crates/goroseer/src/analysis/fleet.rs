//! Many processes of one program dumped at about the same moment (one dump per pod or
//! host): which process is unlike the others, and how.
//!
//! ```text
//! inputs ─► compare (groups matched by StackSignature, one count per dump) ─► Fleet
//!             processes: totals and states per dump, ranked by distance from the others
//!             groups: counts per process, typical (median) count
//!             outliers: (process, group) whose count is far from every other process's
//! ```
//!
//! The same inputs could be snapshots of one process over time (`goroseer diff`): which
//! they are is decided by [`layout_of`] from what the inputs say (names, times), and can
//! be given instead.

use serde::Serialize;

use super::compare::{self, times::time_in_name, CompareError, CompareOptions, DumpTimes, Input};
use super::group::GroupBy;
use crate::model::{FrameId, FrameTable};

/// Dumps of many processes at one moment, or of one process over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Different processes of one program (replicas), dumped at about the same time.
    Fleet,
    /// One process, dumped several times.
    Snapshots,
}

impl Layout {
    /// A layout named by a user: `auto` (decide from the inputs: `None`), `fleet` or
    /// `snapshots`.
    pub fn choice(text: &str) -> Result<Option<Layout>, String> {
        match text {
            "auto" => Ok(None),
            "fleet" => Ok(Some(Layout::Fleet)),
            "snapshots" => Ok(Some(Layout::Snapshots)),
            other => Err(format!("layout `{other}` is not auto, fleet or snapshots")),
        }
    }
}

/// Why the inputs were taken as a fleet or as snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutReason {
    /// The caller said so.
    Given,
    /// Fewer than two goroutine dumps.
    TooFew,
    /// Every dump comes from inputs of one name (several dumps in one log or file).
    OneName,
    /// Two names or more carry times (`goroutine.t15s.txt`), not all the same one.
    TimesInNames,
    /// The dumps' log timestamps lie minutes apart.
    LogTimesApart,
    /// The names differ by a number only (`dump-1.txt`, `dump-2.txt`): a sequence.
    NumberedNames,
    /// The names differ by a process name (a pod, a host: letters, not only digits), and
    /// nothing says the dumps were taken at different times.
    ProcessNames,
}

/// Dumps whose log timestamps lie further apart than this are snapshots, not a fleet.
const FLEET_MOMENT_SECONDS: f64 = 120.0;

/// How to read the inputs as a fleet.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetOptions {
    /// Level goroutine groups are matched at across processes (not `exact`).
    pub group_by: GroupBy,
    /// Fleet or snapshots, overriding [`layout_of`]; `None`: decided from the inputs.
    pub layout: Option<Layout>,
    /// A count is an outlier when it exceeds every other process's count by at least
    /// this many goroutines (and is at least twice the largest of them), or falls below
    /// every other's by as many (and is at most half the smallest).
    pub min_excess: u64,
}

impl Default for FleetOptions {
    fn default() -> Self {
        FleetOptions {
            group_by: GroupBy::default(),
            layout: None,
            min_excess: 10,
        }
    }
}

/// One process (one goroutine dump) of the fleet.
#[derive(Debug, Clone, PartialEq)]
pub struct Process {
    /// What tells it from the others: the part of its input's name that differs
    /// (`relay-5d8f7b9c4-x2k9p` of `fleet.zip/relay-5d8f7b9c4-x2k9p/goroutines.txt`),
    /// with `#N` when one input holds several dumps.
    pub name: String,
    /// Index of its input.
    pub input: usize,
    /// Index of the dump among that input's profiles.
    pub profile: usize,
    /// Goroutines in the dump.
    pub total: u64,
    /// Goroutines per wait reason, most common first.
    pub states: Vec<(String, u64)>,
    /// Goroutines by which it differs from the typical process: over every group, how
    /// far its count lies from the median of the other processes' counts, summed.
    pub distance: u64,
}

/// One goroutine group, counted in every process.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetGroup {
    /// Index in [`Fleet::groups`].
    pub id: usize,
    /// Wait reason (null when a debug=1 profile, which prints none, is in the fleet).
    pub state: Option<String>,
    /// Where its goroutines are: the first frame of the program's own code or a
    /// dependency, else the innermost frame (an id into [`Fleet::frames`]).
    pub call_site: Option<FrameId>,
    /// The goroutines of the group in each process, in [`Fleet::processes`] order.
    pub counts: Vec<u64>,
    /// The median of `counts`.
    pub typical: u64,
    /// The largest distance of a count from the median of the others'.
    pub spread: u64,
    /// Whether this is the goroutine that wrote the dump (never an outlier).
    pub dump_writer: bool,
}

/// A process whose count in one group is far from every other process's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outlier {
    /// Index in [`Fleet::processes`].
    pub process: usize,
    /// Index in [`Fleet::groups`].
    pub group: usize,
    /// Its count in the group.
    pub count: u64,
    /// The median count of the other processes.
    pub typical: u64,
    /// The smallest count among the other processes.
    pub others_min: u64,
    /// The largest count among the other processes.
    pub others_max: u64,
}

/// A fleet of processes, compared group by group.
#[derive(Debug, Clone)]
pub struct Fleet {
    /// Fleet or snapshots.
    pub layout: Layout,
    /// Why.
    pub reason: LayoutReason,
    /// Grouping level groups were matched at.
    pub group_by: GroupBy,
    /// The processes, most unlike the others first.
    pub processes: Vec<Process>,
    /// Frames of the groups' call sites.
    pub frames: FrameTable,
    /// Every group, the most spread first; `counts` follow `processes`.
    pub groups: Vec<FleetGroup>,
    /// The outliers, largest difference first.
    pub outliers: Vec<Outlier>,
}

/// Reads the goroutine dumps of `inputs` as a fleet: `None` when they hold no goroutine
/// dump.
pub fn fleet(inputs: &[Input<'_>], options: &FleetOptions) -> Result<Option<Fleet>, CompareError> {
    let comparison = compare::compare(
        inputs,
        &CompareOptions {
            group_by: options.group_by,
            times: DumpTimes::Unknown,
        },
    )?;
    let Some(goroutines) = comparison.goroutines else {
        return Ok(None);
    };
    let dumps: Vec<&str> = goroutines
        .snapshots
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let logged: Vec<Option<f64>> = goroutines
        .snapshots
        .iter()
        .map(|s| {
            let doc = inputs[s.input].document;
            doc.profile_times.get(s.profile).copied().flatten()
        })
        .collect();
    let (layout, reason) = match options.layout {
        Some(layout) => (layout, LayoutReason::Given),
        None => layout_of(&dumps, &logged),
    };
    let display: Vec<&str> = goroutines
        .snapshots
        .iter()
        .map(|s| s.dump.as_str())
        .collect();
    let names = process_names(&dumps, &display);
    let n = names.len();
    let mut processes: Vec<Process> = goroutines
        .snapshots
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (snap, name))| {
            let mut states: Vec<(String, u64)> = goroutines
                .states
                .iter()
                .filter_map(|(state, counts)| Some((state.clone(), counts.get(i).copied()??)))
                .filter(|(_, c)| *c > 0)
                .collect();
            crate::order::sort_by_key(&mut states, |(_, c)| std::cmp::Reverse(*c));
            Process {
                name,
                input: snap.input,
                profile: snap.profile,
                total: snap.total,
                states,
                distance: 0,
            }
        })
        .collect();
    let mut groups = Vec::with_capacity(goroutines.groups.len());
    let mut outliers = Vec::new();
    for series in &goroutines.groups {
        let id = groups.len();
        let counts = series.series.clone();
        let ranked = sorted(counts.clone());
        let mut spread = 0;
        for (p, process) in processes.iter_mut().enumerate() {
            let Others { typical, lo, hi } = others(&ranked, counts[p]);
            let distance = counts[p].abs_diff(typical);
            process.distance += distance;
            spread = spread.max(distance);
            if series.dump_writer || n < 2 {
                continue;
            }
            let above = counts[p] >= hi.saturating_add(options.min_excess)
                && counts[p] >= hi.max(1).saturating_mul(2);
            let below = counts[p].saturating_add(options.min_excess) <= lo
                && counts[p].saturating_mul(2) <= lo;
            if above || below {
                outliers.push(Outlier {
                    process: p,
                    group: id,
                    count: counts[p],
                    typical,
                    others_min: lo,
                    others_max: hi,
                });
            }
        }
        groups.push(FleetGroup {
            id,
            state: series.state.clone(),
            call_site: series.call_site_id(&goroutines.frames),
            typical: median(&ranked),
            counts,
            spread,
            dump_writer: series.dump_writer,
        });
    }
    // Processes most unlike the others first; counts and outliers follow the new order.
    let mut order: Vec<usize> = (0..n).collect();
    crate::order::sort_by_key(&mut order, |&p| std::cmp::Reverse(processes[p].distance));
    let mut position = vec![0; n];
    for (to, &from) in order.iter().enumerate() {
        position[from] = to;
    }
    processes = order.iter().map(|&p| processes[p].clone()).collect();
    for group in &mut groups {
        group.counts = order.iter().map(|&p| group.counts[p]).collect();
    }
    for outlier in &mut outliers {
        outlier.process = position[outlier.process];
    }
    crate::order::sort_by_key(&mut outliers, |o| {
        std::cmp::Reverse(o.count.abs_diff(o.typical))
    });
    // Groups by spread, keeping their ids stable for the outliers that name them.
    let mut by_spread: Vec<usize> = (0..groups.len()).collect();
    crate::order::sort_by_key(&mut by_spread, |&g| {
        std::cmp::Reverse((groups[g].spread, groups[g].counts.iter().sum::<u64>()))
    });
    let mut renumber = vec![0; groups.len()];
    for (to, &from) in by_spread.iter().enumerate() {
        renumber[from] = to;
    }
    let mut groups: Vec<FleetGroup> = by_spread.iter().map(|&g| groups[g].clone()).collect();
    for (i, group) in groups.iter_mut().enumerate() {
        group.id = i;
    }
    for outlier in &mut outliers {
        outlier.group = renumber[outlier.group];
    }
    Ok(Some(Fleet {
        layout,
        reason,
        group_by: options.group_by,
        processes,
        frames: goroutines.frames,
        groups,
        outliers,
    }))
}

/// The other processes' counts, seen from one process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Others {
    /// Their median.
    typical: u64,
    /// The smallest.
    lo: u64,
    /// The largest.
    hi: u64,
}

/// The counts of `ranked` (every process's, sorted) without one process's `value`: with
/// hundreds of processes, every group is sorted once, not once per process. A lone
/// process is its own other.
fn others(ranked: &[u64], value: u64) -> Others {
    let n = ranked.len();
    if n < 2 {
        return Others {
            typical: value,
            lo: value,
            hi: value,
        };
    }
    // Removing any one copy of `value` leaves the same list: take the first.
    let k = ranked.partition_point(|&x| x < value);
    let at = |i: usize| if i < k { ranked[i] } else { ranked[i + 1] };
    Others {
        typical: at((n - 2) / 2),
        lo: at(0),
        hi: at(n - 2),
    }
}

fn sorted(mut values: Vec<u64>) -> Vec<u64> {
    crate::order::sort(&mut values);
    values
}

/// The median of sorted `values` (the lower middle one of an even count).
fn median(values: &[u64]) -> u64 {
    values
        .get(values.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or(0)
}

/// Whether dumps named `names` (one per goroutine dump, the input's name) with log times
/// `logged` are a fleet or snapshots, and why.
pub fn layout_of(names: &[&str], logged: &[Option<f64>]) -> (Layout, LayoutReason) {
    if names.len() < 2 {
        return (Layout::Snapshots, LayoutReason::TooFew);
    }
    if names.iter().all(|n| *n == names[0]) {
        return (Layout::Snapshots, LayoutReason::OneName);
    }
    // Times in the names (`goroutine.t05s.txt`) on two dumps or more, not all the same: taken
    // over time, even when a folder also holds a dump named otherwise (`goroutineleak.txt`)
    // or two of one moment (`t70s`, `t70s.after-leakcheck`).
    let times: Vec<f64> = names.iter().filter_map(|n| time_in_name(n)).collect();
    if times.len() >= 2 && times.iter().any(|&t| t != times[0]) {
        return (Layout::Snapshots, LayoutReason::TimesInNames);
    }
    let known: Vec<f64> = logged.iter().flatten().copied().collect();
    if known.len() >= 2 {
        let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if hi - lo > FLEET_MOMENT_SECONDS {
            return (Layout::Snapshots, LayoutReason::LogTimesApart);
        }
    }
    let parts = distinct_parts(names);
    if parts.iter().all(|p| !p.chars().any(|c| c.is_alphabetic())) {
        return (Layout::Snapshots, LayoutReason::NumberedNames);
    }
    (Layout::Fleet, LayoutReason::ProcessNames)
}

/// A process name per dump: the parts of the names that differ (see
/// [`distinct_parts`]); where two dumps would get one name, what tells their `dumps`
/// names apart is added (` (K)` of the K-th input of one name, ` #N` of the N-th dump of
/// one input: [`compare::dump_name`]). `names` are the dumps' input names, `dumps` their
/// names for a person.
pub fn process_names(names: &[&str], dumps: &[&str]) -> Vec<String> {
    let parts = distinct_parts(names);
    let mut seen: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let counts = {
        let mut c: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        for p in &parts {
            *c.entry(p.as_str()).or_default() += 1;
        }
        c
    };
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let nth = seen.entry(p.as_str()).or_default();
            *nth += 1;
            if counts[p.as_str()] == 1 {
                return p.clone();
            }
            let suffix = match (names.get(i), dumps.get(i)) {
                (Some(name), Some(dump)) => dump.strip_prefix(name).unwrap_or(""),
                _ => "",
            };
            if suffix.is_empty() {
                format!("{p} #{nth}")
            } else {
                format!("{p}{suffix}")
            }
        })
        .collect()
}

/// Each name without the path segments and dotted parts that every name shares at its
/// start and at its end (a final `.gz` aside): `fleet.zip/pod-a/goroutines.txt` and
/// `fleet.zip/pod-b/goroutines.txt.gz` give `pod-a` and `pod-b`. A name that would be
/// left empty (all names equal) stays whole.
fn distinct_parts(names: &[&str]) -> Vec<String> {
    let names: Vec<&str> = names
        .iter()
        .map(|n| n.strip_suffix(".gz").unwrap_or(n))
        .collect();
    // Byte ranges of the parts between separators.
    let spans = |n: &str| -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        let mut start = 0;
        for (i, c) in n.char_indices() {
            if matches!(c, '/' | '\\' | '.') {
                if i > start {
                    spans.push((start, i));
                }
                start = i + 1;
            }
        }
        if n.len() > start {
            spans.push((start, n.len()));
        }
        spans
    };
    let all: Vec<Vec<(usize, usize)>> = names.iter().map(|n| spans(n)).collect();
    let part = |i: usize, k: usize| &names[i][all[i][k].0..all[i][k].1];
    let shortest = all.iter().map(Vec::len).min().unwrap_or(0);
    let lead = (0..shortest)
        .take_while(|&k| (0..names.len()).all(|i| part(i, k) == part(0, k)))
        .count();
    let trail = (0..shortest - lead)
        .take_while(|&k| {
            (0..names.len()).all(|i| part(i, all[i].len() - 1 - k) == part(0, all[0].len() - 1 - k))
        })
        .count();
    (0..names.len())
        .map(|i| {
            let parts = &all[i][lead..all[i].len() - trail];
            match (parts.first(), parts.last()) {
                (Some(first), Some(last)) => names[i][first.0..last.1].to_owned(),
                _ => names[i].to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_names_keep_what_differs() {
        let names = [
            "fleet.zip/pods/relay-x2k9p/goroutines.txt",
            "fleet.zip/pods/relay-7bq4m/goroutines.txt.gz",
        ];
        assert_eq!(
            process_names(&names, &names),
            ["relay-x2k9p", "relay-7bq4m"]
        );
        let names = ["a/pod-1.goroutines.txt", "b/pod-1.goroutines.txt"];
        assert_eq!(process_names(&names, &names), ["a", "b"]);
        let names = ["x/host-a.1.txt", "x/host-b.2.txt"];
        assert_eq!(process_names(&names, &names), ["host-a.1", "host-b.2"]);
        // One input holding two dumps; three loose files of one name.
        let names = ["host-a/dump.txt", "host-b/dump.txt", "host-b/dump.txt"];
        let dumps = [
            "host-a/dump.txt",
            "host-b/dump.txt #1",
            "host-b/dump.txt #2",
        ];
        assert_eq!(
            process_names(&names, &dumps),
            ["host-a", "host-b #1", "host-b #2"]
        );
        let names = ["g.txt", "g.txt", "g.txt"];
        let dumps = ["g.txt (1)", "g.txt (2)", "g.txt (3)"];
        assert_eq!(process_names(&names, &dumps), dumps);
        assert_eq!(
            process_names(&["a.txt", "a.txt"], &[]),
            ["a.txt #1", "a.txt #2"]
        );
    }

    #[test]
    fn layouts_from_names_and_times() {
        let none = [None, None];
        assert_eq!(
            layout_of(&["pod-a.txt", "pod-b.txt"], &none),
            (Layout::Fleet, LayoutReason::ProcessNames)
        );
        assert_eq!(
            layout_of(&["dump.1.txt", "dump.2.txt"], &none),
            (Layout::Snapshots, LayoutReason::NumberedNames)
        );
        assert_eq!(
            layout_of(&["g.t05s.txt", "g.t15s.txt"], &none),
            (Layout::Snapshots, LayoutReason::TimesInNames)
        );
        // A folder of snapshots with one other dump and two of one moment (the corpus's
        // goroutine-leak folder).
        let leak = [
            "goroutine.t05s.debug2.txt",
            "goroutine.t15s.debug2.txt",
            "goroutine.t70s.after-leakcheck.debug2.txt",
            "goroutine.t70s.debug2.txt",
            "goroutineleak.debug2.txt",
        ];
        assert_eq!(
            layout_of(&leak, &[None; 5]),
            (Layout::Snapshots, LayoutReason::TimesInNames)
        );
        assert_eq!(
            layout_of(&["pod-a.t05s.txt", "pod-b.t05s.txt"], &none),
            (Layout::Fleet, LayoutReason::ProcessNames)
        );
        assert_eq!(
            layout_of(&["log.txt", "log.txt"], &none),
            (Layout::Snapshots, LayoutReason::OneName)
        );
        assert_eq!(
            layout_of(&["pod-a.txt", "pod-b.txt"], &[Some(0.0), Some(600.0)]),
            (Layout::Snapshots, LayoutReason::LogTimesApart)
        );
        assert_eq!(
            layout_of(&["pod-a.txt", "pod-b.txt"], &[Some(0.0), Some(3.0)]),
            (Layout::Fleet, LayoutReason::ProcessNames)
        );
        assert_eq!(layout_of(&["a"], &[None]).1, LayoutReason::TooFew);
    }

    #[test]
    fn medians_and_others() {
        assert_eq!(median(&[0, 2, 4, 8, 10]), 4);
        assert_eq!(median(&[0, 2, 4, 8]), 2);
        assert_eq!(median(&[]), 0);
        assert_eq!(
            others(&[1, 5, 150], 150),
            Others {
                typical: 1,
                lo: 1,
                hi: 5
            }
        );
        assert_eq!(
            others(&[7], 7),
            Others {
                typical: 7,
                lo: 7,
                hi: 7
            }
        );
    }

    #[test]
    fn others_match_removing_the_process_and_sorting() {
        // Every count of many small lists, against the plain way.
        let mut seed = 7u64;
        for len in 2..12 {
            for _ in 0..50 {
                let counts: Vec<u64> = (0..len)
                    .map(|_| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        (seed >> 60) % 6
                    })
                    .collect();
                let ranked = sorted(counts.clone());
                for p in 0..len {
                    let mut rest: Vec<u64> = counts
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| i != p)
                        .map(|(_, &c)| c)
                        .collect();
                    rest.sort_unstable();
                    let want = Others {
                        typical: median(&rest),
                        lo: rest[0],
                        hi: rest[rest.len() - 1],
                    };
                    assert_eq!(others(&ranked, counts[p]), want, "{counts:?} without {p}");
                }
            }
        }
    }
}
