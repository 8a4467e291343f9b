//! The JSON view of a comparison: the `goroseer diff --json` shape (`docs/json.md`,
//! section *Compare*), made from the comparison's data (`analysis::compare`) and
//! what the growth rules found in it.

use serde::Serialize;

use crate::analysis::compare::{
    CompareNote, Comparison, GoroutineComparison, GoroutineSnapshot, GroupSeries, HeapComparison,
    HeapSnapshot, SiteSeries, TimeSource, Trend,
};
use crate::analysis::rules::Annotation;
use crate::model::goroutine::StackEntry;
use crate::model::heap::HeapValues;
use crate::model::{FrameTable, Origin};
use crate::report::goroutine::FrameView;
use crate::report::OrderedMap;

pub use crate::analysis::compare::functions::{
    FunctionSeries, ProfileComparison, ProfileSnapshot, SampleTypeComparison,
};

/// The comparison of several inputs, as `goroseer diff --json` prints it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareReport {
    /// Shape version ([`crate::report::REPORT_VERSION`]).
    pub version: u32,
    /// Names of the inputs, in the order given.
    pub inputs: Vec<String>,
    /// Grouping level goroutine groups were matched at.
    pub group_by: String,
    /// Where the dump times come from: `given`, `interval`, `log-timestamps`,
    /// `file-names`, or null when unknown (no rates then).
    pub time_source: Option<TimeSource>,
    /// Goroutine dumps compared (null when the inputs hold none).
    pub goroutines: Option<GoroutineComparisonView>,
    /// Heap dumps compared (null when the inputs hold none).
    pub heap: Option<HeapComparisonView>,
    /// Profiles of one kind (`cpu`, `heap`, `block`, `mutex`, `samples`) compared by
    /// function like `go tool pprof -base FIRST LAST`: kinds with two profiles at least.
    pub profiles: Vec<ProfileComparison>,
    /// What the growth rules found, critical first. `groups` of a `goroutine-growth`
    /// annotation are indices into `goroutines.groups`; of a `heap-growth` annotation,
    /// into `heap.sites`.
    pub annotations: Vec<Annotation>,
    /// Notes about inputs and choices made.
    pub notes: Vec<CompareNote>,
}

impl CompareReport {
    /// The view of `comparison` with the growth rules' `annotations` of it. Takes the
    /// comparison: its names, series and notes move into the view instead of being copied.
    pub fn new(comparison: Comparison, annotations: Vec<Annotation>) -> CompareReport {
        CompareReport {
            version: crate::report::REPORT_VERSION,
            inputs: comparison.inputs,
            group_by: comparison.group_by.to_string(),
            time_source: comparison.time_source,
            goroutines: comparison.goroutines.map(GoroutineComparisonView::new),
            heap: comparison.heap.map(HeapComparisonView::new),
            profiles: comparison.profiles,
            annotations,
            notes: comparison.notes,
        }
    }
}

/// The goroutine part of a comparison.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoroutineComparisonView {
    /// The dumps, in order: every series below has one value per snapshot.
    pub snapshots: Vec<GoroutineSnapshotView>,
    /// Whether wait reasons are part of a group's identity (false when a debug=1 profile,
    /// which prints none, is compared).
    pub states_compared: bool,
    /// Goroutines per snapshot.
    pub totals: Vec<u64>,
    /// How the total moved.
    pub total_trend: Trend,
    /// Goroutines per wait reason per snapshot (`null` for a debug=1 snapshot), the most
    /// common in the last snapshot first.
    pub states: OrderedMap<Vec<Option<u64>>>,
    /// Groups matched across snapshots, those that changed most first (the goroutine that
    /// wrote each dump last).
    pub groups: Vec<GroupSeriesView>,
}

impl GoroutineComparisonView {
    fn new(c: GoroutineComparison) -> GoroutineComparisonView {
        let frames = &c.frames;
        // A group's stack may come from a debug=1 dump, which leaves out the runtime's
        // innermost frames: its name then infers the wait from where the stack stops.
        let runtime_hidden = c
            .snapshots
            .iter()
            .any(|s| s.format == crate::model::goroutine::GoroutineFormat::Debug1);
        GoroutineComparisonView {
            snapshots: c
                .snapshots
                .into_iter()
                .map(GoroutineSnapshotView::new)
                .collect(),
            states_compared: c.states_compared,
            totals: c.totals,
            total_trend: c.total_trend,
            states: OrderedMap(c.states),
            groups: c
                .groups
                .into_iter()
                .map(|g| GroupSeriesView::new(g, frames, runtime_hidden))
                .collect(),
        }
    }
}

/// One goroutine dump of the comparison.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoroutineSnapshotView {
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
    pub format: &'static str,
    /// `goroutine` or `goroutineleak`.
    pub profile_name: String,
    /// Seconds, when known (see `timeSource`).
    pub time: Option<f64>,
    /// Goroutines in the dump.
    pub total: u64,
}

impl GoroutineSnapshotView {
    fn new(s: GoroutineSnapshot) -> GoroutineSnapshotView {
        GoroutineSnapshotView {
            input: s.input,
            name: s.name,
            dump: s.dump,
            profile: s.profile,
            format: s.format.name(),
            profile_name: s.profile_name,
            time: s.time,
            total: s.total,
        }
    }
}

/// One group followed across snapshots.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupSeriesView {
    /// Index in `groups`.
    pub id: usize,
    /// Wait reason (null when states are not compared).
    pub state: Option<String>,
    /// Goroutines in the group, per snapshot (0 where absent).
    pub series: Vec<u64>,
    /// How the series moved.
    #[serde(flatten)]
    pub trend: Trend,
    /// The goroutine that wrote the dump.
    pub dump_writer: bool,
    /// The most common `created by` site (null when no dump printed one: debug=1).
    pub created_by: Option<FrameView>,
    /// The frames that identify the group (outside the runtime), innermost first.
    pub frames: Vec<FrameView>,
    /// Per snapshot, the `id`s of that dump's own groups that make up this group.
    pub members: Vec<Vec<usize>>,
    /// What the group is doing, as a group of the report names it.
    pub name: crate::report::names::GroupName,
}

impl GroupSeriesView {
    /// The frame `GroupSeries::call_site` picks, among the view's frames.
    pub fn call_site(&self) -> Option<&FrameView> {
        self.frames
            .iter()
            .find(|f| !f.elided && matches!(f.origin, Origin::Own | Origin::ThirdParty))
            .or_else(|| self.frames.iter().find(|f| !f.elided))
    }

    fn new(g: GroupSeries, frames: &FrameTable, runtime_hidden: bool) -> GroupSeriesView {
        let stack: Vec<&crate::model::Frame> = g
            .frames
            .iter()
            .filter_map(|e| e.frame().map(|f| frames.get(f)))
            .collect();
        let name = crate::report::names::group_name(
            &stack,
            g.state.as_deref().unwrap_or(""),
            runtime_hidden,
        );
        GroupSeriesView {
            name,
            id: g.id,
            state: g.state,
            series: g.series,
            trend: g.trend,
            dump_writer: g.dump_writer,
            created_by: g.created_by.map(|site| FrameView::of(frames, site, false)),
            frames: views(&g.frames, frames),
            members: g.members,
        }
    }
}

/// The heap part of a comparison.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeapComparisonView {
    /// The dumps, in order: every series below has one value per snapshot.
    pub snapshots: Vec<HeapSnapshotView>,
    /// How the total in-use bytes moved.
    pub inuse_trend: Trend,
    /// Allocation sites, the largest change in in-use bytes first.
    pub sites: Vec<SiteSeriesView>,
}

impl HeapComparisonView {
    fn new(c: HeapComparison) -> HeapComparisonView {
        let frames = &c.frames;
        HeapComparisonView {
            snapshots: c.snapshots.into_iter().map(HeapSnapshotView::new).collect(),
            inuse_trend: c.inuse_trend,
            sites: c
                .sites
                .into_iter()
                .map(|s| SiteSeriesView::new(s, frames))
                .collect(),
        }
    }
}

/// One heap dump of the comparison.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeapSnapshotView {
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

impl HeapSnapshotView {
    fn new(s: HeapSnapshot) -> HeapSnapshotView {
        HeapSnapshotView {
            input: s.input,
            name: s.name,
            dump: s.dump,
            profile: s.profile,
            time: s.time,
            totals: s.totals,
        }
    }
}

/// One allocation site followed across heap dumps (unsampled values).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteSeriesView {
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
    #[serde(flatten)]
    pub trend: Trend,
    /// The frames that identify the site, innermost first.
    pub frames: Vec<FrameView>,
    /// The stack (outside the runtime) of the first record seen at this site.
    pub stack: Vec<FrameView>,
    /// Per snapshot, the indices of that dump's `records` summed into this site.
    pub records: Vec<Vec<usize>>,
}

impl SiteSeriesView {
    fn new(s: SiteSeries, frames: &FrameTable) -> SiteSeriesView {
        SiteSeriesView {
            id: s.id,
            inuse_space: s.inuse_space,
            inuse_objects: s.inuse_objects,
            alloc_space: s.alloc_space,
            alloc_objects: s.alloc_objects,
            trend: s.trend,
            frames: views(&s.frames, frames),
            stack: views(&s.stack, frames),
            records: s.records,
        }
    }
}

fn views(entries: &[StackEntry], frames: &FrameTable) -> Vec<FrameView> {
    entries
        .iter()
        .map(|e| FrameView::entry(frames, e))
        .collect()
}
