//! The JSON view of a fleet (`fleet` of `goroseer --json` on an archive or a directory,
//! `goroseer fleet --json`, the page's Fleet view): processes with their totals and
//! states, the heat map of group counts per process, the outliers and one rolled-up
//! finding per unusual process.

use serde::Serialize;

use crate::analysis::fleet::{Fleet, FleetGroup, Layout, LayoutReason, Outlier};
use crate::report::OrderedMap;

/// A fleet of processes compared group by group.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetReport {
    /// `fleet` (processes of one program at one moment) or `snapshots` (one process over
    /// time: read it with `goroseer diff` or the Compare view instead).
    pub layout: Layout,
    /// Why: `given`, `too-few`, `one-name`, `times-in-names`, `log-times-apart`,
    /// `numbered-names`, `process-names`.
    pub layout_reason: LayoutReason,
    /// The grouping level groups were matched at.
    pub group_by: String,
    /// The processes, most unlike the others first.
    pub processes: Vec<ProcessView>,
    /// Every group, the most spread across processes first; `counts` follow `processes`.
    pub groups: Vec<FleetGroupView>,
    /// Counts far from every other process's, the largest difference first.
    pub outliers: Vec<OutlierView>,
    /// One line per process with outliers, for a person (its largest outlier).
    pub findings: Vec<FleetFinding>,
}

/// One process of the fleet (one goroutine dump).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessView {
    /// The part of its file name that tells it from the others (a pod or host name).
    pub name: String,
    /// Index of its input (file) in the workspace.
    pub input: usize,
    /// Index of the dump among that input's dumps.
    pub profile: usize,
    /// Index of the dump in the `profiles` of the report of all inputs (`goroseer --json`
    /// on an archive, the page's report).
    pub report_profile: usize,
    /// Goroutines in the dump.
    pub total: u64,
    /// Goroutines per wait reason, most common first.
    pub states: OrderedMap<u64>,
    /// Goroutines by which it differs from the others: over every group, how far its
    /// count lies from the median of the other processes', summed.
    pub distance: u64,
}

/// One goroutine group counted in every process (a row of the heat map).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetGroupView {
    /// Index in `groups`.
    pub id: usize,
    /// Where its goroutines are: the first frame of the program's own code or a
    /// dependency, else the innermost frame.
    pub function: String,
    /// That frame's `file:line` (null when the dump printed none).
    pub location: Option<String>,
    /// Wait reason (null when a debug=1 profile is in the fleet).
    pub state: Option<String>,
    /// Goroutines of the group in each process, in `processes` order.
    pub counts: Vec<u64>,
    /// The median of `counts`.
    pub typical: u64,
    /// The largest distance, in goroutines, of one process's count from the median of
    /// the others'.
    pub spread: u64,
}

/// A process whose count in a group is far from every other process's.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutlierView {
    /// The process's name.
    pub process: String,
    /// Its index in `processes`.
    pub process_index: usize,
    /// The group's `id` in `groups`.
    pub group: usize,
    /// The group's function (as in `groups`).
    pub function: String,
    /// The group's wait reason.
    pub state: Option<String>,
    /// Goroutines of the group in this process.
    pub count: u64,
    /// The median count of the other processes.
    pub typical: u64,
    /// The smallest count among the other processes.
    pub others_min: u64,
    /// The largest count among the other processes.
    pub others_max: u64,
}

/// The rolled-up finding of one unusual process.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetFinding {
    /// The process's name.
    pub process: String,
    /// Index of its largest outlier in `outliers`.
    pub outlier: usize,
    /// Outliers of this process in all.
    pub outliers: usize,
    /// `pod-3: 2,043 goroutines in relay.(*Fanout).send [chan send]; the other 5
    /// replicas have 0–12`, made from the outlier's values.
    pub message: String,
}

impl FleetReport {
    /// The view of `fleet`; `report_profile` is each process's `profile` until the
    /// caller, who knows how the inputs' dumps are numbered together, sets it.
    pub fn new(fleet: &Fleet) -> FleetReport {
        let groups: Vec<FleetGroupView> =
            fleet.groups.iter().map(|g| group_view(fleet, g)).collect();
        let outliers: Vec<OutlierView> = fleet
            .outliers
            .iter()
            .map(|o| outlier_view(fleet, &groups, o))
            .collect();
        let mut findings: Vec<FleetFinding> = Vec::new();
        for (i, o) in outliers.iter().enumerate() {
            if let Some(f) = findings.iter_mut().find(|f| f.process == o.process) {
                f.outliers += 1;
                continue;
            }
            findings.push(FleetFinding {
                process: o.process.clone(),
                outlier: i,
                outliers: 1,
                message: message(o, fleet.processes.len() - 1),
            });
        }
        FleetReport {
            layout: fleet.layout,
            layout_reason: fleet.reason,
            group_by: fleet.group_by.to_string(),
            processes: fleet
                .processes
                .iter()
                .map(|p| ProcessView {
                    name: p.name.clone(),
                    input: p.input,
                    profile: p.profile,
                    report_profile: p.profile,
                    total: p.total,
                    states: OrderedMap(p.states.clone()),
                    distance: p.distance,
                })
                .collect(),
            groups,
            outliers,
            findings,
        }
    }
}

fn group_view(fleet: &Fleet, group: &FleetGroup) -> FleetGroupView {
    let frame = group.call_site.map(|id| fleet.frames.get(id));
    FleetGroupView {
        id: group.id,
        function: frame.map_or_else(String::new, |f| f.function.clone()),
        location: frame
            .filter(|f| !f.file.is_empty())
            .map(|f| format!("{}:{}", f.file, f.line)),
        state: group.state.clone(),
        counts: group.counts.clone(),
        typical: group.typical,
        spread: group.spread,
    }
}

fn outlier_view(fleet: &Fleet, groups: &[FleetGroupView], o: &Outlier) -> OutlierView {
    let group = &groups[o.group];
    OutlierView {
        process: fleet.processes[o.process].name.clone(),
        process_index: o.process,
        group: o.group,
        function: group.function.clone(),
        state: group.state.clone(),
        count: o.count,
        typical: o.typical,
        others_min: o.others_min,
        others_max: o.others_max,
    }
}

/// The finding's sentence, from the outlier's values.
fn message(o: &OutlierView, others: usize) -> String {
    let state = o
        .state
        .as_deref()
        .map(|s| format!(" [{s}]"))
        .unwrap_or_default();
    let range = if o.others_min == o.others_max {
        digits(o.others_min)
    } else {
        format!("{}–{}", digits(o.others_min), digits(o.others_max))
    };
    let others = if others == 1 {
        "the other replica has".to_owned()
    } else {
        format!("the other {others} replicas have")
    };
    format!(
        "{}: {} goroutine{} in {}{state}; {others} {range}",
        o.process,
        digits(o.count),
        if o.count == 1 { "" } else { "s" },
        o.function,
    )
}

/// `2043` → `2,043`.
fn digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_by_thousands() {
        assert_eq!(digits(0), "0");
        assert_eq!(digits(999), "999");
        assert_eq!(digits(2043), "2,043");
        assert_eq!(digits(1_234_567), "1,234,567");
    }

    #[test]
    fn a_finding_reads_from_its_values() {
        let o = OutlierView {
            process: "pod-3".into(),
            process_index: 0,
            group: 0,
            function: "relay.(*Fanout).send".into(),
            state: Some("chan send".into()),
            count: 2043,
            typical: 4,
            others_min: 0,
            others_max: 12,
        };
        assert_eq!(
            message(&o, 5),
            "pod-3: 2,043 goroutines in relay.(*Fanout).send [chan send]; the other 5 replicas have 0–12"
        );
        let one = OutlierView {
            others_min: 3,
            others_max: 3,
            count: 1,
            ..o
        };
        assert_eq!(
            message(&one, 1),
            "pod-3: 1 goroutine in relay.(*Fanout).send [chan send]; the other replica has 3"
        );
    }
}
