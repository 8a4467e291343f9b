//! How the inputs of a workspace read together (`layout` of the report made by
//! [`crate::Workspace::report`]): the kinds of dumps they hold, whether they are snapshots
//! of one program, the processes of a fleet, the dumps of one log or unrelated kinds,
//! which of their dumps can be compared, which views across inputs apply and which one to
//! open first. The page follows it; it decides nothing of this itself.

use serde::Serialize;

use crate::analysis::fleet::{Layout, LayoutReason};
use crate::report::OrderedMap;

/// How the inputs read together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// One input (a file or a paste; it may hold several dumps).
    One,
    /// The dumps of one log read as a stream: snapshots of one process.
    Log,
    /// Several inputs, snapshots of one program over time (two dumps of one kind at least).
    Snapshots,
    /// Several inputs, one goroutine dump per process of one program at about one moment.
    Fleet,
    /// Several inputs with no two dumps of one kind (a goroutine dump, a heap and a block
    /// profile): each is read on its own.
    Mixed,
}

/// A view across the dumps, beside each dump's own views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    /// The first dump's Overview.
    Overview,
    /// The comparison of the dumps over time (`compareInputs`).
    Compare,
    /// The processes of a fleet side by side (`fleet`).
    Fleet,
    /// The dumps of one log in log order (`timeline`).
    Timeline,
}

/// Dumps of one kind that are compared with each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparable {
    /// The kind (`profiles[i].kind`).
    pub kind: &'static str,
    /// Their indices in `profiles`, in order.
    pub profiles: Vec<usize>,
}

/// The report's `layout` (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayoutView {
    /// Inputs of the workspace (files, the files inside archives, a log's dumps).
    pub inputs: usize,
    /// How they read together.
    pub reading: Reading,
    /// Why the goroutine dumps were read as a fleet or as snapshots (the fleet's
    /// `layoutReason`); null without two goroutine dumps in several inputs.
    pub reason: Option<LayoutReason>,
    /// Dumps per kind, in the order the kinds first appear.
    pub kinds: OrderedMap<usize>,
    /// One name per dump of `profiles`: its input's name, with `#N` when the input holds
    /// several dumps.
    pub dumps: Vec<String>,
    /// Kinds with two dumps or more that the comparison reads (every kind but
    /// `threadcreate` and `race`), when there are several inputs.
    pub comparable: Vec<Comparable>,
    /// The views across dumps that apply, in the order to show them.
    pub views: Vec<View>,
    /// The view to open first.
    pub open: View,
    /// Whether the reader may read the goroutine dumps the other way (fleet ↔ snapshots):
    /// the reading is one of the two and was guessed or given, not forced by too few dumps.
    pub switchable: bool,
}

/// Kinds the comparison reads (goroutine and heap dumps by group and site, the others by
/// function); threadcreate and race reports are not compared.
fn compared(kind: &str) -> bool {
    !matches!(kind, "threadcreate" | "race")
}

/// What [`layout`] reads of the workspace.
#[derive(Debug, Clone, Copy)]
pub struct LayoutFacts<'a> {
    /// The names of the inputs.
    pub inputs: &'a [&'a str],
    /// For each profile of the report, its input and its kind.
    pub profiles: &'a [(usize, &'static str)],
    /// The fleet's reading of the goroutine dumps (layout and reason), when there are any.
    pub fleet: Option<(Layout, LayoutReason)>,
    /// Whether the inputs are a streamed log's dumps.
    pub log: bool,
    /// Whether the report carries a timeline with entries.
    pub timeline: bool,
}

/// The layout of a workspace's report.
pub fn layout(facts: &LayoutFacts<'_>) -> LayoutView {
    let several = facts.inputs.len() > 1;
    let mut kinds: Vec<(String, usize)> = Vec::new();
    let mut comparable: Vec<Comparable> = Vec::new();
    for (index, &(_, kind)) in facts.profiles.iter().enumerate() {
        match kinds.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind.to_owned(), 1)),
        }
        if !(several && compared(kind)) {
            continue;
        }
        match comparable.iter_mut().find(|c| c.kind == kind) {
            Some(c) => c.profiles.push(index),
            None => comparable.push(Comparable {
                kind,
                profiles: vec![index],
            }),
        }
    }
    comparable.retain(|c| c.profiles.len() >= 2);
    let fleet = facts.fleet.filter(|_| several);
    let reading = if facts.log {
        Reading::Log
    } else if !several {
        Reading::One
    } else if fleet.is_some_and(|(layout, _)| layout == Layout::Fleet) {
        Reading::Fleet
    } else if comparable.is_empty() {
        Reading::Mixed
    } else {
        Reading::Snapshots
    };
    let mut views = Vec::new();
    if !comparable.is_empty() {
        views.push(View::Compare);
    }
    if reading == Reading::Fleet {
        views.push(View::Fleet);
    }
    if facts.timeline {
        views.push(View::Timeline);
    }
    // Snapshots open on what they say together; a fleet on the Overview, whose banner
    // names the process unlike the others; a log on its comparison when its goroutine
    // dumps compare, else on its timeline when it holds several dumps (one: the dump).
    let compares_goroutines = comparable.iter().any(|c| c.kind == "goroutine");
    let open = match reading {
        Reading::Snapshots => View::Compare,
        Reading::Log if compares_goroutines => View::Compare,
        Reading::Log if facts.timeline && facts.profiles.len() > 1 => View::Timeline,
        _ => View::Overview,
    };
    LayoutView {
        inputs: facts.inputs.len(),
        reading,
        reason: fleet.map(|(_, reason)| reason),
        kinds: OrderedMap(kinds),
        dumps: dump_names(facts.inputs, facts.profiles),
        comparable,
        views,
        open,
        switchable: matches!(reading, Reading::Fleet | Reading::Snapshots)
            && fleet.is_some_and(|(_, reason)| reason != LayoutReason::TooFew),
    }
}

/// One name per profile, distinct from the others' ([`crate::analysis::compare::dump_name`]):
/// its input's name, ` (K)` added when other inputs have that name, ` #N` when the input
/// holds several dumps.
pub fn dump_names(inputs: &[&str], profiles: &[(usize, &'static str)]) -> Vec<String> {
    let mut per_input = vec![0usize; inputs.len()];
    for &(input, _) in profiles {
        if let Some(n) = per_input.get_mut(input) {
            *n += 1;
        }
    }
    let mut seen = vec![0usize; inputs.len()];
    profiles
        .iter()
        .map(|&(input, _)| {
            let Some(k) = seen.get_mut(input) else {
                return inputs.get(input).copied().unwrap_or("").to_owned();
            };
            *k += 1;
            crate::analysis::compare::dump_name(inputs, input, per_input[input], *k - 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(
        inputs: &'a [&'a str],
        profiles: &'a [(usize, &'static str)],
        fleet: Option<(Layout, LayoutReason)>,
    ) -> LayoutFacts<'a> {
        LayoutFacts {
            inputs,
            profiles,
            fleet,
            log: false,
            timeline: false,
        }
    }

    #[test]
    fn kinds_without_two_of_one_are_mixed_and_compare_nothing() {
        let inputs = ["g.txt", "heap.txt", "block.txt"];
        let profiles = [(0, "goroutine"), (1, "heap"), (2, "block")];
        let l = layout(&facts(
            &inputs,
            &profiles,
            Some((Layout::Snapshots, LayoutReason::TooFew)),
        ));
        assert_eq!(l.reading, Reading::Mixed);
        assert!(
            !l.switchable,
            "mixed kinds are neither a fleet nor snapshots"
        );
        assert!(l.comparable.is_empty());
        assert!(l.views.is_empty());
        assert_eq!(l.open, View::Overview);
    }

    #[test]
    fn a_log_opens_on_its_timeline_only_when_it_holds_several_dumps() {
        let inputs = ["pod.log"];
        let log = |profiles| LayoutFacts {
            inputs: &inputs,
            profiles,
            fleet: None,
            log: true,
            timeline: true,
        };
        let one = layout(&log(&[(0, "goroutine")]));
        assert_eq!((one.reading, one.open), (Reading::Log, View::Overview));
        assert_eq!(one.views, [View::Timeline]);
        assert!(!one.switchable, "a log's dumps are one process's");
        let several = layout(&log(&[(0, "goroutine"), (0, "heap")]));
        assert_eq!(several.open, View::Timeline);
    }

    #[test]
    fn a_fleet_offers_its_view_and_snapshots_open_on_compare() {
        let inputs = ["a/g.txt", "b/g.txt"];
        let profiles = [(0, "goroutine"), (1, "goroutine")];
        let fleet = layout(&facts(
            &inputs,
            &profiles,
            Some((Layout::Fleet, LayoutReason::ProcessNames)),
        ));
        assert_eq!(fleet.reading, Reading::Fleet);
        assert!(fleet.views.contains(&View::Fleet));
        assert!(fleet.switchable);
        let snapshots = layout(&facts(
            &inputs,
            &profiles,
            Some((Layout::Snapshots, LayoutReason::NumberedNames)),
        ));
        assert_eq!(snapshots.reading, Reading::Snapshots);
        assert_eq!(snapshots.views, vec![View::Compare]);
        assert_eq!(snapshots.open, View::Compare);
    }

    #[test]
    fn dumps_of_one_input_are_numbered() {
        let names = dump_names(
            &["log.txt", "b.txt"],
            &[(0, "goroutine"), (0, "heap"), (1, "heap")],
        );
        assert_eq!(names, vec!["log.txt #1", "log.txt #2", "b.txt"]);
    }

    #[test]
    fn inputs_of_one_name_are_told_apart() {
        let names = dump_names(
            &[
                "goroutines.txt",
                "heap.txt",
                "goroutines.txt",
                "goroutines.txt",
            ],
            &[
                (0, "goroutine"),
                (1, "heap"),
                (2, "goroutine"),
                (3, "goroutine"),
                (3, "heap"),
            ],
        );
        assert_eq!(
            names,
            vec![
                "goroutines.txt (1)",
                "heap.txt",
                "goroutines.txt (2)",
                "goroutines.txt (3) #1",
                "goroutines.txt (3) #2"
            ]
        );
    }
}
