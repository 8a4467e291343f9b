//! Goroutine groups matched across dumps: a count series per group, totals per state.

use rustc_hash::FxHashMap;

use super::signature::{compared_entries, is_dump_writer, SignatureTable, StackSignature};
use super::times::InputTimes;
use super::{CompareNote, CompareOptions, Input, Trend};
use crate::analysis::group::{self, Grouping};
use crate::model::goroutine::{GoroutineFormat, GoroutineProfile, StackEntry};
use crate::model::{Frame, FrameId, FrameTable, Origin, Profile};

/// One goroutine dump of the comparison.
#[derive(Debug, Clone)]
pub struct GoroutineSnapshot {
    /// Index of the input it comes from.
    pub input: usize,
    /// Name of that input.
    pub name: String,
    /// The dump's name for a person, distinct from the other dumps' (the report's
    /// `layout.dumps`: ` (K)` when inputs share a name, ` #N` when one holds several).
    pub dump: String,
    /// Index of the dump among that input's `profiles` (its report).
    pub profile: usize,
    /// `debug=1`, `debug=2` or `traceback`.
    pub format: GoroutineFormat,
    /// `goroutine` or `goroutineleak` (a debug=1 `goroutineleak` profile lists leaked
    /// goroutines only).
    pub profile_name: String,
    /// Seconds, when known (see `timeSource`).
    pub time: Option<f64>,
    /// Goroutines in the dump.
    pub total: u64,
}

/// The goroutine part of a comparison.
#[derive(Debug, Clone)]
pub struct GoroutineComparison {
    /// The frames of every compared group, interned across the inputs by function, file
    /// and line (each input has its own frame table): the `frames` and `created_by` of
    /// [`GroupSeries`] are ids into it.
    pub frames: FrameTable,
    /// The dumps, in order: every series below has one value per snapshot.
    pub snapshots: Vec<GoroutineSnapshot>,
    /// Whether wait reasons are part of a group's identity (false when a debug=1 profile,
    /// which prints none, is compared).
    pub states_compared: bool,
    /// Goroutines per snapshot.
    pub totals: Vec<u64>,
    /// How the total moved.
    pub total_trend: Trend,
    /// Goroutines per wait reason per snapshot (`null` for a debug=1 snapshot), the most
    /// common in the last snapshot first.
    pub states: Vec<(String, Vec<Option<u64>>)>,
    /// Groups matched across snapshots, those that changed most first (the goroutine that
    /// wrote each dump last).
    pub groups: Vec<GroupSeries>,
}

/// One group followed across snapshots.
#[derive(Debug, Clone)]
pub struct GroupSeries {
    /// Index in `groups`.
    pub id: usize,
    /// Wait reason (null when states are not compared).
    pub state: Option<String>,
    /// Goroutines in the group, per snapshot (0 where absent).
    pub series: Vec<u64>,
    /// How the series moved.
    pub trend: Trend,
    /// This is the goroutine that wrote the dump: it differs between debug=1 and debug=2
    /// by construction and is never growth.
    pub dump_writer: bool,
    /// The most common `created by` site (null when no dump printed one: debug=1).
    pub created_by: Option<FrameId>,
    /// The frames that identify the group (outside the runtime), innermost first; frame
    /// ids are into [`GoroutineComparison::frames`].
    pub frames: Vec<StackEntry>,
    /// Per snapshot, the `id`s of that dump's own groups (in its report, at the same
    /// grouping level) that make up this group; empty where absent.
    pub members: Vec<Vec<usize>>,
}

impl GroupSeries {
    /// The first frame of the program's own code or a dependency, else the innermost
    /// frame: where the group's goroutines are waiting, for a person. `frames` is the
    /// comparison's [`GoroutineComparison::frames`].
    pub fn call_site<'t>(&self, frames: &'t FrameTable) -> Option<&'t Frame> {
        self.call_site_id(frames).map(|id| frames.get(id))
    }

    /// [`GroupSeries::call_site`] as an id into the comparison's frames.
    pub fn call_site_id(&self, frames: &FrameTable) -> Option<FrameId> {
        let calls = || self.frames.iter().filter_map(StackEntry::frame);
        calls()
            .find(|&f| matches!(frames.get(f).origin, Origin::Own | Origin::ThirdParty))
            .or_else(|| calls().next())
    }
}

struct Snapshot<'a> {
    frames: &'a FrameTable,
    profile: &'a GoroutineProfile,
    grouping: std::borrow::Cow<'a, Grouping>,
}

#[derive(Default)]
struct Accumulated {
    counts: Vec<u64>,
    members: Vec<Vec<usize>>,
    frames: Vec<StackEntry>,
    frames_from_debug1: bool,
    dump_writer: bool,
    /// Creating sites (comparison frame ids) with counts, in first-seen order.
    creators: Vec<(FrameId, u64)>,
}

/// Compares the goroutine dumps of `inputs`; `None` when they hold none.
pub(super) fn compare(
    inputs: &[Input<'_>],
    options: &CompareOptions,
    times: &InputTimes,
    notes: &mut Vec<CompareNote>,
) -> Option<GoroutineComparison> {
    let by = options.group_by;
    let mut snapshots = Vec::new();
    let mut views = Vec::new();
    for (input_index, input) in inputs.iter().enumerate() {
        for (profile_index, profile) in input.document.profiles.iter().enumerate() {
            let Profile::Goroutine(profile) = profile else {
                continue;
            };
            let frames = &input.document.frames;
            let grouping = match input.groupings.get(profile_index) {
                Some(Some(g)) if g.by == by => std::borrow::Cow::Borrowed(g),
                _ => {
                    std::borrow::Cow::Owned(group::group(profile, frames, &input.document.text, by))
                }
            };
            if profile.name == "goroutineleak" && profile.format == GoroutineFormat::Debug1 {
                notes.push(CompareNote {
                    input: Some(input_index),
                    message: format!(
                        "{} is a goroutineleak debug=1 profile: it lists leaked goroutines \
                         only, so every other group looks absent in it",
                        input.name
                    ),
                });
            }
            views.push(GoroutineSnapshot {
                input: input_index,
                name: input.name.to_owned(),
                dump: Input::dump_name(inputs, input_index, profile_index),
                profile: profile_index,
                format: profile.format,
                profile_name: profile.name.clone(),
                time: times.of(
                    input_index,
                    snapshots.len(),
                    input
                        .document
                        .profile_times
                        .get(profile_index)
                        .copied()
                        .flatten(),
                ),
                total: profile.total(),
            });
            snapshots.push(Snapshot {
                frames,
                profile,
                grouping,
            });
        }
    }
    if snapshots.is_empty() {
        return None;
    }
    let states_compared = snapshots
        .iter()
        .all(|s| s.profile.format != GoroutineFormat::Debug1);
    if !states_compared {
        notes.push(CompareNote {
            input: None,
            message: "wait reasons are not compared: a debug=1 profile prints none, so \
                      groups are matched by their frames only"
                .to_owned(),
        });
    }
    let n = snapshots.len();
    let mut compared = FrameTable::default();
    let mut table = SignatureTable::default();
    let mut index: FxHashMap<StackSignature, usize> = FxHashMap::default();
    let mut groups: Vec<Accumulated> = Vec::new();
    for (s, snap) in snapshots.iter().enumerate() {
        let debug1 = snap.profile.format == GoroutineFormat::Debug1;
        for (gi, g) in snap.grouping.groups.iter().enumerate() {
            let state = g
                .states
                .first()
                .map(|&(id, _)| snap.profile.states[id as usize].as_str());
            let sig = table.signature(
                &g.frames,
                snap.frames,
                by,
                state.filter(|_| states_compared),
            );
            let next = groups.len();
            let at = *index.entry(sig).or_insert(next);
            if at == next {
                groups.push(Accumulated {
                    counts: vec![0; n],
                    members: vec![Vec::new(); n],
                    frames_from_debug1: true,
                    ..Accumulated::default()
                });
            }
            let acc = &mut groups[at];
            acc.counts[s] += g.count;
            acc.members[s].push(gi);
            acc.dump_writer |= is_dump_writer(&g.frames, snap.frames);
            if acc.frames.is_empty() || (acc.frames_from_debug1 && !debug1) {
                acc.frames = compared_entries(&g.frames, snap.frames, by)
                    .into_iter()
                    .map(|e| match *e {
                        StackEntry::Call {
                            frame,
                            offset,
                            inlined,
                        } => StackEntry::Call {
                            frame: compared.intern_frame(snap.frames.get(frame)),
                            offset,
                            inlined,
                        },
                        elided @ StackEntry::Elided { .. } => elided,
                    })
                    .collect();
                acc.frames_from_debug1 = debug1;
            }
            for &(site, count) in &g.created_by {
                if let Some(site) = site {
                    let site = compared.intern_frame(snap.frames.get(site));
                    match acc.creators.iter_mut().find(|(s, _)| *s == site) {
                        Some((_, n)) => *n += count,
                        None => acc.creators.push((site, count)),
                    }
                }
            }
        }
    }
    let times: Vec<Option<f64>> = views.iter().map(|v| v.time).collect();
    let signatures: Vec<StackSignature> = {
        let mut sigs: Vec<(usize, StackSignature)> =
            index.into_iter().map(|(sig, at)| (at, sig)).collect();
        crate::order::sort_by_key(&mut sigs, |(at, _)| *at);
        sigs.into_iter().map(|(_, sig)| sig).collect()
    };
    let mut series: Vec<GroupSeries> = groups
        .into_iter()
        .zip(signatures)
        .map(|(acc, sig)| {
            let values: Vec<i64> = acc.counts.iter().map(|&c| c as i64).collect();
            let created_by = acc
                .creators
                .into_iter()
                .max_by(|a, b| {
                    let function = |id: FrameId| compared.get(id).function.as_str();
                    a.1.cmp(&b.1).then_with(|| function(b.0).cmp(function(a.0)))
                })
                .map(|(site, _)| site);
            GroupSeries {
                id: 0,
                state: sig.state,
                trend: Trend::of(&values, &times),
                series: acc.counts,
                dump_writer: acc.dump_writer,
                created_by,
                frames: acc.frames,
                members: acc.members,
            }
        })
        .collect();
    crate::order::sort_by(&mut series, |a, b| {
        let last = |g: &GroupSeries| g.series.last().copied().unwrap_or(0);
        a.dump_writer
            .cmp(&b.dump_writer)
            .then(
                b.trend
                    .delta
                    .unsigned_abs()
                    .cmp(&a.trend.delta.unsigned_abs()),
            )
            .then(b.trend.delta.cmp(&a.trend.delta))
            .then(last(b).cmp(&last(a)))
    });
    for (id, g) in series.iter_mut().enumerate() {
        g.id = id;
    }
    let totals: Vec<u64> = views.iter().map(|v| v.total).collect();
    let total_values: Vec<i64> = totals.iter().map(|&t| t as i64).collect();
    Some(GoroutineComparison {
        frames: compared,
        states: state_series(&snapshots),
        total_trend: Trend::of(&total_values, &times),
        totals,
        snapshots: views,
        states_compared,
        groups: series,
    })
}

/// Goroutines per wait reason per snapshot (`None` for debug=1 snapshots).
fn state_series(snapshots: &[Snapshot<'_>]) -> Vec<(String, Vec<Option<u64>>)> {
    let n = snapshots.len();
    let mut order: Vec<String> = Vec::new();
    let mut rows: FxHashMap<String, Vec<Option<u64>>> = FxHashMap::default();
    for (s, snap) in snapshots.iter().enumerate() {
        if snap.profile.format == GoroutineFormat::Debug1 {
            continue;
        }
        for &(state, count) in &snap.grouping.states {
            let name = &snap.profile.states[state as usize];
            let row = rows.entry(name.clone()).or_insert_with(|| {
                order.push(name.clone());
                vec![None; n]
            });
            row[s] = Some(count);
        }
    }
    // A state absent from a debug=2 snapshot had 0 goroutines there, not "unknown".
    for row in rows.values_mut() {
        for (s, snap) in snapshots.iter().enumerate() {
            if snap.profile.format != GoroutineFormat::Debug1 && row[s].is_none() {
                row[s] = Some(0);
            }
        }
    }
    let last_known = |row: &Vec<Option<u64>>| row.iter().rev().find_map(|v| *v).unwrap_or(0);
    crate::order::sort_by(&mut order, |a, b| {
        last_known(&rows[b])
            .cmp(&last_known(&rows[a]))
            .then(a.cmp(b))
    });
    order
        .into_iter()
        .map(|name| {
            let row = rows.remove(&name).unwrap_or_default();
            (name, row)
        })
        .collect()
}
