//! Running the comparison rules (`goroutine-growth`, `heap-growth`): on a comparison of
//! several inputs, and on one input holding several dumps of a kind (a periodic log).

use super::{check_of, Annotation, Check, RuleOptions, CHECKS};
use crate::analysis::compare::{GoroutineComparison, HeapComparison};
use crate::analysis::group::{GroupBy, Grouping};
use crate::model::{Document, Profile};

/// Runs the comparison rules on goroutine groups and heap sites matched across dumps.
/// Returns the annotations critical first; `groups` index `goroutines.groups` or
/// `heap.sites` of the comparison, depending on the rule.
pub fn annotate_comparison(
    goroutines: Option<&GoroutineComparison>,
    heap: Option<&HeapComparison>,
    options: &RuleOptions,
) -> Vec<Annotation> {
    let mut out = Vec::new();
    for &(_, check) in CHECKS {
        match (check, goroutines, heap) {
            (Check::GoroutineComparison(f), Some(g), _) => f(g, options, &mut out),
            (Check::HeapComparison(f), _, Some(h)) => f(h, options, &mut out),
            _ => {}
        }
    }
    crate::order::sort_by_key(&mut out, |a| std::cmp::Reverse(a.severity));
    out
}

/// The growth rules on the dumps of one input, when it holds several of a kind: each
/// annotation is attached to the last dump of its kind, pointing at that dump's groups
/// (goroutines) or records (heap).
pub(super) fn annotate_growth_within(
    document: &Document,
    groupings: &[Option<Grouping>],
    options: &RuleOptions,
    out: &mut [Vec<Annotation>],
) {
    let input = crate::analysis::compare::Input {
        name: "input",
        document,
        groupings,
    };
    for (_, profile, annotation) in growth_across(&[input], options) {
        if let Some(list) = out.get_mut(profile) {
            list.push(annotation);
        }
    }
}

/// The growth rules on every dump of `inputs` taken as dumps of one program, in order
/// (one input holding a periodic log, or several files of one program): each annotation
/// comes with the input and profile of the last dump of its kind, and points at that
/// dump's groups (goroutines) or records (heap). Nothing when no kind has two dumps.
pub fn growth_across(
    inputs: &[crate::analysis::compare::Input<'_>],
    options: &RuleOptions,
) -> Vec<(usize, usize, Annotation)> {
    let count = |goroutine: bool| {
        inputs
            .iter()
            .flat_map(|i| &i.document.profiles)
            .filter(|p| match p {
                Profile::Goroutine(_) => goroutine,
                Profile::Heap(_) => !goroutine,
                _ => false,
            })
            .count()
    };
    let mut placed = Vec::new();
    if count(true) < 2 && count(false) < 2 {
        return placed;
    }
    let groupings = || inputs.iter().flat_map(|i| i.groupings.iter().flatten());
    let group_by = match groupings().next().map(|g| g.by) {
        Some(GroupBy::Exact) | None => GroupBy::Lines,
        Some(by) => by,
    };
    let compare_options = crate::analysis::compare::CompareOptions {
        group_by,
        ..Default::default()
    };
    let Ok(comparison) = crate::analysis::compare::compare(inputs, &compare_options) else {
        return placed;
    };
    let goroutines = comparison
        .goroutines
        .as_ref()
        .filter(|g| g.snapshots.len() >= 2);
    let heap = comparison.heap.as_ref().filter(|h| h.snapshots.len() >= 2);
    for mut annotation in annotate_comparison(goroutines, heap, options) {
        let rule = check_of(annotation.rule);
        let (profile, groups) = match (rule, goroutines, heap) {
            (Some(Check::GoroutineComparison(_)), Some(g), _) => {
                let Some(last) = g.snapshots.last() else {
                    continue;
                };
                let s = g.snapshots.len() - 1;
                // At `exact` the comparison groups by lines, so its member ids are not
                // the report's group ids: point at nothing rather than at the wrong groups.
                let same_level = groupings().all(|g| g.by == group_by);
                let groups = annotation
                    .groups
                    .iter()
                    .filter_map(|&id| g.groups.get(id))
                    .filter(|_| same_level)
                    .flat_map(|series| series.members[s].iter().copied())
                    .collect();
                ((last.input, last.profile), groups)
            }
            (Some(Check::HeapComparison(_)), _, Some(h)) => {
                let Some(last) = h.snapshots.last() else {
                    continue;
                };
                let s = h.snapshots.len() - 1;
                let records = annotation
                    .groups
                    .iter()
                    .filter_map(|&id| h.sites.get(id))
                    .flat_map(|site| site.records[s].iter().copied())
                    .collect();
                ((last.input, last.profile), records)
            }
            _ => continue,
        };
        annotation.groups = groups;
        placed.push((profile.0, profile.1, annotation));
    }
    placed
}
