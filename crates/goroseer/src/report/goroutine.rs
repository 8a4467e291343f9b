//! The goroutine part of the JSON report: totals, histograms, groups (never individual
//! goroutines: those are paged through `Analysis::group_members`).

use serde::Serialize;

use crate::analysis::group::{Group, Grouping};
use crate::model::goroutine::{
    Goroutine, GoroutineFlags, GoroutineFormat, GoroutineProfile, LabelSetId, StackEntry,
};
use crate::model::{FrameId, FrameTable, Origin};
use crate::report::OrderedMap;

/// `goroutines` of a goroutine profile.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoroutineReport {
    /// Goroutines read completely (for debug=1: the sum of record counts).
    pub total: u64,
    /// Goroutines cut off by the end of the input (not in `total`).
    pub partial: u64,
    /// The dump ends in the middle of a goroutine (e.g. the runtime's 64 MiB cap).
    pub truncated: bool,
    /// `total N` of a debug=1 header (null for debug=2 and tracebacks).
    pub header_total: Option<u64>,
    /// Profile name of a debug=1 header (`goroutine`, `goroutineleak`).
    pub profile_name: String,
    /// Goroutines per wait reason (text in `[...]` before any comma, without `(leaked)`,
    /// `(durable)`, `(scan)`), most common first. Empty for debug=1.
    pub states: OrderedMap<u64>,
    /// Goroutines per `N minutes` value (`"0"` = not printed).
    pub wait_minutes: OrderedMap<u64>,
    /// Goroutines marked `(leaked)`.
    pub leaked: u64,
    /// Goroutines `locked to thread`.
    pub locked_to_thread: u64,
    /// Goroutines whose stack was `unavailable` (running on another thread).
    pub stack_unavailable: u64,
    /// Goroutines with `...N frames elided...`.
    pub with_elided_frames: u64,
    /// Goroutines whose stack holds a mark the paste's author wrote where lines were left
    /// out (`...`, `< ... >`, `[snip]`).
    pub with_user_elision: u64,
    /// Goroutines carrying pprof labels.
    pub with_labels: u64,
    /// `[originating from goroutine N]:` sections (GODEBUG=tracebackancestors).
    pub ancestor_sections: u64,
    /// Grouping level used (`exact`, `lines`, `functions`, `top:N`).
    pub group_by: String,
    /// Groups, largest first (only the first `maxGroups` when the report was asked with
    /// that option).
    pub groups: Vec<GroupReport>,
    /// Groups of the grouping, listed or not. Only in reports asked with `maxGroups`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups_total: Option<u64>,
    /// Groups left out of `groups` (`groupsTotal - groups.length`). Only in reports asked
    /// with `maxGroups`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups_omitted: Option<u64>,
    /// Goroutines per `created by` site, most first.
    pub created_by: Vec<CreatorReport>,
    /// Thread (g0) stacks of a crash: not goroutines, not counted in `total`.
    pub thread_stacks: Vec<ThreadStackReport>,
    /// The goroutines of `partial`, each with the frames read before the input ended (the
    /// last goroutine of a paste cut short, often the one that crashed), then a goroutine
    /// the paste starts inside of (`above`): not grouped, not in `total`. Omitted when
    /// none was cut off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cut_off: Vec<CutOffReport>,
    /// What the crash printed (null unless the format is `traceback`).
    pub crash: Option<CrashReport>,
}

/// One group of goroutines.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupReport {
    /// Index of the group (for `Analysis::group_members`).
    pub id: usize,
    /// Goroutines in the group.
    pub count: u64,
    /// The most common wait reason (null for debug=1).
    pub state: Option<String>,
    /// Wait reasons with counts.
    pub states: OrderedMap<u64>,
    /// Smallest and largest `N minutes`.
    pub wait_minutes: MinMax,
    /// Goroutines marked `(leaked)`.
    pub leaked: u64,
    /// Goroutines `locked to thread`.
    pub locked_to_thread: u64,
    /// Label sets with counts, most common first (`labels` null = no labels).
    pub labels: Vec<LabelCount>,
    /// `created by` sites with counts.
    pub created_by: Vec<CreatorCount>,
    /// Id of the first goroutine of the group (null for debug=1 records).
    pub example_id: Option<u64>,
    /// The frames that define the group, innermost first.
    pub frames: Vec<FrameView>,
    /// What the group is doing, in a few words (`db.(*Pool).Get → cond wait`).
    pub name: crate::report::names::GroupName,
    /// A known harmless runtime/standard-library background goroutine (GC workers,
    /// finalizers, `os/signal`, the goroutine writing the dump): the page may hide it.
    /// Decided by the `runtime-internal` rule.
    pub runtime_internal: bool,
}

/// `{min, max}`.
#[derive(Debug, Serialize)]
pub struct MinMax {
    /// Smallest value.
    pub min: u32,
    /// Largest value.
    pub max: u32,
}

/// A label set with a count.
#[derive(Debug, Serialize)]
pub struct LabelCount {
    /// `{key: value}` in printed order, or null for goroutines without labels.
    pub labels: Option<OrderedMap<String>>,
    /// Goroutines with exactly this set.
    pub count: u64,
}

/// A `created by` site with a count, inside a group.
#[derive(Debug, Serialize)]
pub struct CreatorCount {
    /// The creating call site, or null for goroutines without a creator.
    pub site: Option<FrameView>,
    /// Goroutines created there.
    pub count: u64,
}

/// A `created by` site across the profile.
#[derive(Debug, Serialize)]
pub struct CreatorReport {
    /// The creating call site, or null for goroutines without a creator.
    pub site: Option<FrameView>,
    /// Goroutines created there.
    pub count: u64,
    /// Ids of the groups holding them (ascending: the largest groups first); only the
    /// first `maxGroups` in a report asked with that option.
    pub groups: Vec<u32>,
    /// Groups holding them, listed or not. Only in reports asked with `maxGroups`.
    #[serde(rename = "groupsTotal", skip_serializing_if = "Option::is_none")]
    pub groups_total: Option<u64>,
}

/// One frame.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameView {
    /// Fully qualified function (`...N frames elided...` for an elision marker).
    pub function: String,
    /// The name to show in tight spaces ([`crate::report::names::short_name`]); omitted
    /// when it is `function` itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    /// Package import path.
    pub package: String,
    /// Source file (empty when unknown).
    pub file: String,
    /// Source line (0 when unknown).
    pub line: u32,
    /// `runtime`, `stdlib`, `third_party` or `own`.
    pub origin: Origin,
    /// An inlined call (the runtime printed its arguments as `(...)`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inlined: bool,
    /// This entry stands for frames the runtime left out (`elidedFrames` says how many
    /// when it did).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub elided: bool,
    /// Number of frames left out, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elided_frames: Option<u32>,
}

impl FrameView {
    /// The view of an interned frame.
    pub fn of(frames: &FrameTable, id: FrameId, inlined: bool) -> FrameView {
        let f = frames.get(id);
        FrameView {
            function: f.function.clone(),
            short: crate::report::names::short_name(f),
            package: f.package.clone(),
            file: f.file.clone(),
            line: f.line,
            origin: f.origin,
            inlined,
            elided: false,
            elided_frames: None,
        }
    }

    /// `function file:line` (the function alone when the file is unknown), for a person.
    pub fn location(&self) -> String {
        if self.file.is_empty() {
            self.function.clone()
        } else {
            format!("{} {}:{}", self.function, self.file, self.line)
        }
    }

    /// The views of a stack's entries, innermost first.
    pub fn stack(frames: &FrameTable, stack: &[StackEntry]) -> Vec<FrameView> {
        stack.iter().map(|e| FrameView::entry(frames, e)).collect()
    }

    /// The view of one stack entry.
    pub fn entry(frames: &FrameTable, entry: &StackEntry) -> FrameView {
        match *entry {
            StackEntry::Call { frame, inlined, .. } => FrameView::of(frames, frame, inlined),
            StackEntry::Elided { frames: n } => FrameView {
                function: entry.elision_text().unwrap_or_default(),
                short: None,
                package: String::new(),
                file: String::new(),
                line: 0,
                origin: Origin::Runtime,
                inlined: false,
                elided: true,
                elided_frames: n,
            },
        }
    }
}

/// A thread stack of a crash.
#[derive(Debug, Serialize)]
pub struct ThreadStackReport {
    /// The header as printed.
    pub header: String,
    /// `m=N`, when printed.
    pub m: Option<u32>,
    /// Frames, innermost first.
    pub frames: Vec<FrameView>,
}

/// A goroutine cut off by the end of the input, with what was read of it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CutOffReport {
    /// Goroutine id (null for a debug=1 record).
    pub id: Option<u64>,
    /// Its wait reason (null for debug=1).
    pub state: Option<String>,
    /// `N minutes` (0 = not printed).
    pub wait_minutes: u32,
    /// 1-based input line of its header.
    pub line: u32,
    /// The frames read before the input ended, innermost first (possibly none).
    pub frames: Vec<FrameView>,
    /// The goroutine was cut off at the top instead: the paste starts inside it, below
    /// its header (`id` and `state` null; `line` is its first frame's; `frames` are its
    /// outer frames). Omitted when false (added in version 2, additive).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub above: bool,
    /// Where the goroutine was created, when its `created by` was read (a goroutine cut
    /// off at the top keeps its outer frames and so often its creator). Omitted when not
    /// read (additive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<FrameView>,
}

/// Crash facts.
/// A signal line and how many times the crash printed it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalCount {
    /// The line as printed.
    pub signal: String,
    /// How many times.
    pub times: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CrashReport {
    /// Panic values in printed order.
    pub panics: Vec<PanicReport>,
    /// `fatal error:` messages.
    pub fatal_errors: Vec<String>,
    /// Signal lines (`[signal SIGSEGV: …]`, `SIGQUIT: quit`).
    pub signals: Vec<String>,
    /// The distinct signal lines, in first-printed order, each with how many times it was
    /// printed (GOTRACEBACK=crash prints `SIGQUIT: quit` before each thread's stack).
    pub signal_counts: Vec<SignalCount>,
    /// `PC=… m=… sigcode=…` lines.
    pub signal_contexts: Vec<String>,
    /// `runtime: …` messages.
    pub runtime_messages: Vec<String>,
    /// Register-dump lines seen.
    pub register_lines: u32,
    /// Raw stack-memory lines seen (`stack: frame={…}`, `0x…:  0x…  0x…`).
    pub memory_lines: u32,
    /// `-----` separators seen.
    pub separators: u32,
    /// `exit status N`, when printed.
    pub exit_status: Option<i32>,
    /// The goroutine that crashed (printed first), when the traceback says which.
    pub crashed_goroutine: Option<CrashedGoroutine>,
}

/// The goroutine a crash is about (see `GoroutineProfile::crashed_goroutine`).
#[derive(Debug, Serialize)]
pub struct CrashedGoroutine {
    /// Its goroutine id.
    pub id: u64,
    /// The group holding it, an index into `groups`.
    pub group: Option<usize>,
    /// 1-based input line of its header.
    pub line: u32,
    /// Its stack was cut before its end (`group` is then `null`): present only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
    /// It is `go test`'s alarm, which raised `panic: test timed out after D`: the timer
    /// that fired, not the fault (the `panic` finding names the tests still running).
    /// Present only when true.
    #[serde(rename = "testTimer", skip_serializing_if = "std::ops::Not::not")]
    pub test_timer: bool,
}

/// One panic value.
#[derive(Debug, Serialize)]
pub struct PanicReport {
    /// The value (continuation lines joined with `\n`).
    pub message: String,
    /// `[recovered]`.
    pub recovered: bool,
    /// `[recovered, repanicked]`.
    pub repanicked: bool,
}

/// One goroutine, for paged detail views.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoroutineView {
    /// Goroutine id (0 for debug=1 records).
    pub id: u64,
    /// Goroutines this entry stands for (debug=1 record count, else 1).
    pub count: u64,
    /// Wait reason (null for debug=1).
    pub state: Option<String>,
    /// `N minutes`.
    pub wait_minutes: u32,
    /// `(leaked)`.
    pub leaked: bool,
    /// `locked to thread`.
    pub locked_to_thread: bool,
    /// Labels in printed order (null when none).
    pub labels: Option<OrderedMap<String>>,
    /// Creator site and parent goroutine id.
    pub created_by: Option<CreatedByView>,
    /// `m=N` of GOTRACEBACK=system headers.
    pub m: Option<u32>,
    /// 1-based input line of the header.
    pub line: u32,
    /// Frames with their argument text.
    pub frames: Vec<StackFrameView>,
}

/// `created by` of one goroutine.
#[derive(Debug, Serialize)]
pub struct CreatedByView {
    /// The creating call site.
    pub site: FrameView,
    /// Id of the creating goroutine, when printed.
    pub parent: Option<u64>,
}

/// A frame of one goroutine.
#[derive(Debug, Serialize)]
pub struct StackFrameView {
    /// The frame.
    #[serde(flatten)]
    pub frame: FrameView,
    /// Argument text as printed.
    pub args: String,
}

impl GoroutineView {
    /// The view of `g`; `text` is the document's text (arguments are read from it).
    pub fn new(profile: &GoroutineProfile, frames: &FrameTable, text: &str, g: &Goroutine) -> Self {
        let debug1 = profile.format == GoroutineFormat::Debug1;
        let stack = profile.stacks.get(g.stack);
        let frames_view = stack
            .iter()
            .zip(crate::parse::arguments::args_of(profile, text, g))
            .map(|(entry, args)| StackFrameView {
                frame: FrameView::entry(frames, entry),
                args: args.to_owned(),
            })
            .collect();
        GoroutineView {
            id: g.id,
            count: g.count,
            state: (!debug1).then(|| profile.state_of(g).to_owned()),
            wait_minutes: g.wait_minutes,
            leaked: g.flags.has(GoroutineFlags::LEAKED),
            locked_to_thread: g.flags.has(GoroutineFlags::LOCKED_TO_THREAD),
            labels: label_map(profile, g.labels),
            created_by: g.created_by.map(|c| CreatedByView {
                site: FrameView::of(frames, c.frame, false),
                parent: c.parent,
            }),
            m: g.m(),
            line: g.line,
            frames: frames_view,
        }
    }
}

fn label_map(profile: &GoroutineProfile, id: Option<LabelSetId>) -> Option<OrderedMap<String>> {
    id.map(|id| OrderedMap(profile.label_sets[id as usize].pairs.clone()))
}

impl GoroutineReport {
    /// Builds the summary of `profile` grouped as `grouping`, with at most `max_groups`
    /// groups (`None`: all).
    pub fn new(
        profile: &GoroutineProfile,
        frames: &FrameTable,
        grouping: &Grouping,
        max_groups: Option<usize>,
    ) -> Self {
        let debug1 = profile.format == GoroutineFormat::Debug1;
        let listed = max_groups.map_or(grouping.groups.len(), |max| max.min(grouping.groups.len()));
        let count_flag = |flag: u16| -> u64 {
            profile
                .goroutines
                .iter()
                .filter(|g| g.flags.has(flag))
                .map(|g| g.count)
                .sum()
        };
        let states = if debug1 {
            OrderedMap::default()
        } else {
            OrderedMap(
                grouping
                    .states
                    .iter()
                    .map(|&(s, n)| (profile.states[s as usize].clone(), n))
                    .collect(),
            )
        };
        GoroutineReport {
            total: profile.total(),
            partial: profile.partial.len() as u64,
            truncated: profile.truncated,
            header_total: profile.header_total,
            profile_name: profile.name.clone(),
            states,
            wait_minutes: OrderedMap(
                grouping
                    .wait_minutes
                    .iter()
                    .map(|(m, n)| (m.to_string(), *n))
                    .collect(),
            ),
            leaked: count_flag(GoroutineFlags::LEAKED),
            locked_to_thread: count_flag(GoroutineFlags::LOCKED_TO_THREAD),
            stack_unavailable: count_flag(GoroutineFlags::STACK_UNAVAILABLE),
            with_elided_frames: count_flag(GoroutineFlags::ELIDED),
            with_user_elision: count_flag(GoroutineFlags::USER_ELIDED),
            with_labels: profile
                .goroutines
                .iter()
                .filter(|g| g.labels.is_some())
                .map(|g| g.count)
                .sum(),
            ancestor_sections: profile.ancestors.len() as u64,
            group_by: grouping.by.to_string(),
            groups: (0..listed)
                .map(|id| GroupReport::new(profile, frames, grouping, id))
                .collect(),
            groups_total: max_groups.map(|_| grouping.groups.len() as u64),
            groups_omitted: max_groups.map(|_| (grouping.groups.len() - listed) as u64),
            created_by: grouping
                .created_by
                .iter()
                .map(|site| CreatorReport {
                    site: site.frame.map(|f| FrameView::of(frames, f, false)),
                    count: site.count,
                    // Ascending group ids: the first ones are the largest groups.
                    groups: site.groups
                        [..max_groups.map_or(site.groups.len(), |max| max.min(site.groups.len()))]
                        .to_vec(),
                    groups_total: max_groups.map(|_| site.groups.len() as u64),
                })
                .collect(),
            thread_stacks: profile
                .thread_stacks
                .iter()
                .filter(|t| !t.is_cut_above())
                .map(|t| ThreadStackReport {
                    header: t.header.clone(),
                    m: t.m,
                    frames: FrameView::stack(frames, profile.stacks.get(t.stack)),
                })
                .collect(),
            cut_off: profile
                .partial
                .iter()
                .map(|g| CutOffReport {
                    id: (!debug1).then_some(g.id),
                    state: (!debug1).then(|| profile.states[g.state as usize].clone()),
                    wait_minutes: g.wait_minutes,
                    line: g.line,
                    frames: FrameView::stack(frames, profile.stacks.get(g.stack)),
                    above: false,
                    created_by: g.created_by.map(|c| FrameView::of(frames, c.frame, false)),
                })
                .chain(
                    profile
                        .thread_stacks
                        .iter()
                        .filter(|t| t.is_cut_above())
                        .map(|t| CutOffReport {
                            id: None,
                            state: None,
                            wait_minutes: 0,
                            line: t.line,
                            frames: FrameView::stack(frames, profile.stacks.get(t.stack)),
                            above: true,
                            created_by: t.created_by.map(|c| FrameView::of(frames, c.frame, false)),
                        }),
                )
                .collect(),
            crash: (profile.format == GoroutineFormat::Traceback)
                .then(|| crash_report(profile, frames, grouping)),
        }
    }
}

/// Views of the goroutines `offset..offset + limit` of `group`, in input order.
pub fn member_views(
    profile: &GoroutineProfile,
    frames: &FrameTable,
    text: &str,
    group: &Group,
    offset: usize,
    limit: usize,
) -> Vec<GoroutineView> {
    group
        .members
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&i| GoroutineView::new(profile, frames, text, &profile.goroutines[i as usize]))
        .collect()
}

impl GroupReport {
    /// The view of group number `id` of `grouping`.
    pub fn new(
        profile: &GoroutineProfile,
        frames: &FrameTable,
        grouping: &Grouping,
        id: usize,
    ) -> Self {
        group_report(
            profile,
            frames,
            id,
            &grouping.groups[id],
            grouping.runtime_internal.get(id).copied().unwrap_or(false),
        )
    }
}

fn group_report(
    profile: &GoroutineProfile,
    frames: &FrameTable,
    id: usize,
    g: &Group,
    runtime_internal: bool,
) -> GroupReport {
    let debug1 = profile.format == GoroutineFormat::Debug1;
    let first = g.members.first().map(|&i| &profile.goroutines[i as usize]);
    GroupReport {
        runtime_internal,
        id,
        count: g.count,
        state: if debug1 {
            None
        } else {
            g.states
                .first()
                .map(|&(s, _)| profile.states[s as usize].clone())
        },
        states: if debug1 {
            OrderedMap::default()
        } else {
            OrderedMap(
                g.states
                    .iter()
                    .map(|&(s, n)| (profile.states[s as usize].clone(), n))
                    .collect(),
            )
        },
        wait_minutes: MinMax {
            min: g.wait_minutes.0,
            max: g.wait_minutes.1,
        },
        leaked: g.leaked,
        locked_to_thread: g.locked_to_thread,
        labels: g
            .labels
            .iter()
            .map(|&(l, count)| LabelCount {
                labels: label_map(profile, l),
                count,
            })
            .collect(),
        created_by: g
            .created_by
            .iter()
            .map(|&(f, count)| CreatorCount {
                site: f.map(|f| FrameView::of(frames, f, false)),
                count,
            })
            .collect(),
        example_id: first.filter(|_| !debug1).map(|g| g.id),
        name: group_name(profile, frames, g, first),
        frames: g
            .frames
            .iter()
            .map(|e| FrameView::entry(frames, e))
            .collect(),
    }
}

/// The name of group `g` from its first member's whole stack (at `top:N` the group's own
/// frames are cut) and its most common wait reason.
fn group_name(
    profile: &GoroutineProfile,
    frames: &FrameTable,
    g: &Group,
    first: Option<&Goroutine>,
) -> crate::report::names::GroupName {
    let stack: Vec<&crate::model::Frame> = match first {
        Some(member) => profile
            .stacks
            .get(member.stack)
            .iter()
            .filter_map(|e| e.frame().map(|f| frames.get(f)))
            .collect(),
        None => g
            .frames
            .iter()
            .filter_map(|e| e.frame().map(|f| frames.get(f)))
            .collect(),
    };
    let state = g
        .states
        .first()
        .map_or("", |&(s, _)| profile.states[s as usize].as_str());
    // debug=1 leaves out the runtime's innermost frames (`runtime.chanrecv1`, …).
    let runtime_hidden = profile.format == GoroutineFormat::Debug1;
    crate::report::names::group_name(&stack, state, runtime_hidden)
}

/// Each distinct line of `signals` once, in first-printed order, with its count.
fn signal_counts(signals: &[String]) -> Vec<SignalCount> {
    let mut counts: Vec<SignalCount> = Vec::new();
    for s in signals {
        match counts.iter_mut().find(|c| c.signal == *s) {
            Some(c) => c.times += 1,
            None => counts.push(SignalCount {
                signal: s.clone(),
                times: 1,
            }),
        }
    }
    counts
}

fn crash_report(
    profile: &GoroutineProfile,
    frames: &FrameTable,
    grouping: &Grouping,
) -> CrashReport {
    let c = &profile.crash;
    CrashReport {
        crashed_goroutine: profile
            .crashed_goroutine(frames)
            .map(|index| {
                let g = &profile.goroutines[index];
                let timeout = c.panics.iter().any(|p| {
                    p.message
                        .starts_with(crate::analysis::rules::panic_test_timeout::TEST_TIMEOUT)
                });
                CrashedGoroutine {
                    id: g.id,
                    group: grouping
                        .groups
                        .iter()
                        .position(|group| group.members.contains(&(index as u32))),
                    line: g.line,
                    cut: false,
                    test_timer: timeout
                        && crate::analysis::rules::panic_test_timeout::is_alarm(profile, frames, g),
                }
            })
            .or_else(|| {
                let g = &profile.partial[profile.crashed_partial(frames)?];
                Some(CrashedGoroutine {
                    id: g.id,
                    group: None,
                    line: g.line,
                    cut: true,
                    test_timer: false,
                })
            }),
        panics: c
            .panics
            .iter()
            .map(|p| PanicReport {
                message: p.message.clone(),
                recovered: p.recovered,
                repanicked: p.repanicked,
            })
            .collect(),
        fatal_errors: c.fatal_errors.clone(),
        signals: c.signals.clone(),
        signal_counts: signal_counts(&c.signals),
        signal_contexts: c.signal_contexts.clone(),
        runtime_messages: c.runtime_messages.clone(),
        register_lines: c.register_lines,
        memory_lines: c.memory_lines,
        separators: c.separators,
        exit_status: c.exit_status,
    }
}
