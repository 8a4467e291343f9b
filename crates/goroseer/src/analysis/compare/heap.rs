//! Heap dumps compared by allocation site: in-use and allocated series per site.
//!
//! A record's allocation site is its innermost frame outside the runtime (`mallocgc`,
//! `makeslice`, `growslice`… are how memory is allocated, not who asked for it). Sites
//! are matched across dumps by function + file:line (`lines`), by function
//! (`functions`), or by their first N frames (`top:N`). Values are pprof's unsampled
//! estimates (`go tool pprof -raw`), so dumps taken at different sampling rates compare.

use rustc_hash::FxHashMap;

use super::signature::{compared_entries, SignatureTable};
use super::times::InputTimes;
use super::{CompareOptions, Input, Trend};
use crate::analysis::group::GroupBy;
use crate::model::goroutine::StackEntry;
use crate::model::heap::HeapValues;
use crate::model::{Frame, FrameTable, Profile};

/// One heap dump of the comparison.
#[derive(Debug, Clone)]
pub struct HeapSnapshot {
    /// Index of the input it comes from.
    pub input: usize,
    /// Name of that input.
    pub name: String,
    /// The dump's name for a person, distinct from the other dumps' (the report's
    /// `layout.dumps`: ` (K)` when inputs share a name, ` #N` when one holds several).
    pub dump: String,
    /// Index of the dump among that input's `profiles`.
    pub profile: usize,
    /// Seconds, when known (see `timeSource`).
    pub time: Option<f64>,
    /// Sum of the unsampled values of every record.
    pub totals: HeapValues,
}

/// The heap part of a comparison.
#[derive(Debug, Clone)]
pub struct HeapComparison {
    /// The frames of every compared site, interned across the inputs by function, file
    /// and line: the `frames` and `stack` of [`SiteSeries`] are ids into it.
    pub frames: FrameTable,
    /// The dumps, in order: every series below has one value per snapshot.
    pub snapshots: Vec<HeapSnapshot>,
    /// How the total in-use bytes moved.
    pub inuse_trend: Trend,
    /// Allocation sites, the largest change in in-use bytes first.
    pub sites: Vec<SiteSeries>,
}

/// One allocation site followed across heap dumps (unsampled values).
#[derive(Debug, Clone)]
pub struct SiteSeries {
    /// Index in `sites`.
    pub id: usize,
    /// Bytes in use per snapshot.
    pub inuse_space: Vec<i64>,
    /// Objects in use per snapshot.
    pub inuse_objects: Vec<i64>,
    /// Bytes allocated since the program started, per snapshot.
    pub alloc_space: Vec<i64>,
    /// Objects allocated since the program started, per snapshot.
    pub alloc_objects: Vec<i64>,
    /// How the bytes in use moved.
    pub trend: Trend,
    /// The frames that identify the site (one for `lines` and `functions`, N for
    /// `top:N`), innermost first; ids into [`HeapComparison::frames`].
    pub frames: Vec<StackEntry>,
    /// The stack (outside the runtime) of the first record seen at this site.
    pub stack: Vec<StackEntry>,
    /// Per snapshot, the indices of that dump's `records` summed into this site.
    pub records: Vec<Vec<usize>>,
}

impl SiteSeries {
    /// The site's innermost frame; `frames` is the comparison's [`HeapComparison::frames`].
    pub fn leaf<'t>(&self, frames: &'t FrameTable) -> Option<&'t Frame> {
        self.frames
            .iter()
            .find_map(|e| e.frame().map(|f| frames.get(f)))
    }
}

#[derive(Default)]
struct Accumulated {
    values: Vec<HeapValues>,
    records: Vec<Vec<usize>>,
    frames: Vec<StackEntry>,
    stack: Vec<StackEntry>,
}

/// Compares the heap dumps of `inputs`; `None` when they hold none.
pub(super) fn compare(
    inputs: &[Input<'_>],
    options: &CompareOptions,
    times: &InputTimes,
) -> Option<HeapComparison> {
    let mut snapshots = Vec::new();
    let mut dumps = Vec::new();
    for (input_index, input) in inputs.iter().enumerate() {
        let document = input.document;
        for (profile_index, profile) in document.profiles.iter().enumerate() {
            if let Profile::Heap(heap) = profile {
                snapshots.push(HeapSnapshot {
                    input: input_index,
                    name: input.name.to_owned(),
                    dump: Input::dump_name(inputs, input_index, profile_index),
                    profile: profile_index,
                    time: times.of(
                        input_index,
                        dumps.len(),
                        document.profile_times.get(profile_index).copied().flatten(),
                    ),
                    totals: heap.unsampled_totals(),
                });
                dumps.push((&document.frames, heap));
            }
        }
    }
    if dumps.is_empty() {
        return None;
    }
    let n = dumps.len();
    let (depth, with_lines) = match options.group_by {
        GroupBy::Top(depth) => (depth, true),
        GroupBy::Functions => (1, false),
        GroupBy::Lines | GroupBy::Exact => (1, true),
    };
    let mut compared = FrameTable::default();
    let mut table = SignatureTable::default();
    let mut index: FxHashMap<Vec<u32>, usize> = FxHashMap::default();
    let mut sites: Vec<Accumulated> = Vec::new();
    for (s, (frames, heap)) in dumps.iter().enumerate() {
        for (r, record) in heap.records.iter().enumerate() {
            let entries: Vec<StackEntry> = record
                .frames
                .iter()
                .map(|&frame| StackEntry::Call {
                    frame,
                    offset: None,
                    inlined: false,
                })
                .collect();
            let stack = compared_entries(&entries, frames, GroupBy::Lines);
            let site = &stack[..depth.min(stack.len())];
            let key = table.keys_of(site, frames, with_lines);
            let next = sites.len();
            let at = *index.entry(key).or_insert(next);
            if at == next {
                sites.push(Accumulated {
                    values: vec![HeapValues::default(); n],
                    records: vec![Vec::new(); n],
                    frames: intern(site, frames, &mut compared),
                    stack: intern(&stack, frames, &mut compared),
                });
            }
            sites[at].values[s].add(&record.unsampled);
            sites[at].records[s].push(r);
        }
    }
    let times: Vec<Option<f64>> = snapshots.iter().map(|s| s.time).collect();
    let mut series: Vec<SiteSeries> = sites
        .into_iter()
        .map(|acc| {
            let pick = |f: fn(&HeapValues) -> i64| acc.values.iter().map(f).collect::<Vec<_>>();
            let inuse_space = pick(|v| v.inuse_space);
            SiteSeries {
                id: 0,
                trend: Trend::of(&inuse_space, &times),
                inuse_space,
                inuse_objects: pick(|v| v.inuse_objects),
                alloc_space: pick(|v| v.alloc_space),
                alloc_objects: pick(|v| v.alloc_objects),
                frames: acc.frames,
                stack: acc.stack,
                records: acc.records,
            }
        })
        .collect();
    let alloc_delta = |s: &SiteSeries| {
        s.alloc_space.last().copied().unwrap_or(0) - s.alloc_space.first().copied().unwrap_or(0)
    };
    crate::order::sort_by(&mut series, |a, b| {
        b.trend
            .delta
            .unsigned_abs()
            .cmp(&a.trend.delta.unsigned_abs())
            .then(b.trend.delta.cmp(&a.trend.delta))
            .then(alloc_delta(b).cmp(&alloc_delta(a)))
    });
    for (id, site) in series.iter_mut().enumerate() {
        site.id = id;
    }
    let inuse: Vec<i64> = snapshots.iter().map(|s| s.totals.inuse_space).collect();
    Some(HeapComparison {
        frames: compared,
        inuse_trend: Trend::of(&inuse, &times),
        snapshots,
        sites: series,
    })
}

/// `entries` of a document with frame table `frames`, their frames interned in `into`.
fn intern(entries: &[&StackEntry], frames: &FrameTable, into: &mut FrameTable) -> Vec<StackEntry> {
    entries
        .iter()
        .map(|e| match **e {
            StackEntry::Call {
                frame,
                offset,
                inlined,
            } => StackEntry::Call {
                frame: into.intern_frame(frames.get(frame)),
                offset,
                inlined,
            },
            elided @ StackEntry::Elided { .. } => elided,
        })
        .collect()
}
