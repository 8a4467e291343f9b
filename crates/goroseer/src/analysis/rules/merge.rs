//! One finding per problem: findings of several rules about the same goroutines become
//! one, with the strongest severity; the others are kept whole in its `merged` list.
//!
//! Two findings are about the same problem when the largest group one points at is
//! among the groups of the other: `channel-blocked`, `dominant-group` and
//! `goroutine-count-high` on the crawler's 99,936 goroutines in `acquire`, or
//! `mutex-contention` and `bottleneck` on the same waiters. A `bottleneck` finding
//! counts only its waiters' groups here (not its holders'), so a holder that waits for
//! something else keeps its own finding. The finding that leads is the `bottleneck`
//! one, else the most severe (the first in rule order among equals).

use rustc_hash::FxHashSet;
use serde::Serialize;

use super::{Annotation, Evidence, Severity};

/// A finding folded into another one, as its rule made it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merged {
    /// Its rule.
    pub rule: &'static str,
    /// Its own severity.
    pub severity: Severity,
    /// Its title.
    pub title: String,
    /// Its detail.
    pub detail: String,
    /// Its evidence.
    pub evidence: Evidence,
    /// Its groups.
    pub groups: Vec<usize>,
}

impl Merged {
    /// The finding as its rule made it, standing alone.
    pub fn to_annotation(&self) -> Annotation {
        Annotation {
            evidence: self.evidence.clone(),
            ..Annotation::new(self.rule, self.severity, &self.title, &self.detail)
        }
        .groups(self.groups.clone())
    }
}

/// The groups a finding is about for merging: a bottleneck's waiters, else its groups.
fn about(a: &Annotation) -> &[usize] {
    match &a.bottleneck {
        Some(b) => &b.waiters.groups,
        None => &a.groups,
    }
}

/// Whether `a` and `b` are about the same goroutines.
fn same_problem(a: &Annotation, b: &Annotation) -> bool {
    let (ga, gb) = (about(a), about(b));
    let first = |g: &[usize]| g.iter().min().copied();
    first(ga).is_some_and(|f| gb.contains(&f)) || first(gb).is_some_and(|f| ga.contains(&f))
}

/// Merges the findings of one goroutine profile that are about the same goroutines.
#[inline(never)]
pub fn merge_same_goroutines(list: &mut Vec<Annotation>) {
    let n = list.len();
    // Union-find over the findings.
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            // Two bottlenecks are two resources, even when their waiters overlap; the
            // runtime's deadlock crash is about every goroutine, not one problem's.
            if (list[i].bottleneck.is_some() && list[j].bottleneck.is_some())
                || [i, j]
                    .iter()
                    .any(|&k| list[k].rule == super::deadlock::RULE.doc.id)
            {
                continue;
            }
            if same_problem(&list[i], &list[j]) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                if ri != rj {
                    parent[rj] = ri;
                }
            }
        }
    }
    let mut sets: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let r = root(&mut parent, i);
        sets[r].push(i);
    }
    if sets.iter().all(|s| s.len() <= 1) {
        return;
    }
    let mut slots: Vec<Option<Annotation>> = list.drain(..).map(Some).collect();
    for set in sets.into_iter().filter(|s| !s.is_empty()) {
        // A set with two bottlenecks joined through a third finding keeps them apart.
        let bottlenecks = set
            .iter()
            .filter(|&&i| slots[i].as_ref().is_some_and(|a| a.bottleneck.is_some()))
            .count();
        if bottlenecks > 1 {
            list.extend(set.iter().filter_map(|&i| slots[i].take()));
            continue;
        }
        let lead = set
            .iter()
            .copied()
            .max_by_key(|&i| {
                let a = slots[i].as_ref();
                (
                    a.is_some_and(|a| a.bottleneck.is_some()),
                    a.map(|a| a.severity),
                    std::cmp::Reverse(i),
                )
            })
            .unwrap_or(set[0]);
        let Some(mut merged) = slots[lead].take() else {
            continue;
        };
        // Its groups as a set: at exact grouping a finding points at up to one group per
        // goroutine, and a `contains` scan per added group made merging quadratic (1.1 s
        // natively and ~2 s in wasm of the 100k-goroutine dump's analysis).
        let mut has: FxHashSet<usize> = merged.groups.iter().copied().collect();
        for &i in &set {
            let Some(other) = slots[i].take() else {
                continue;
            };
            merged.severity = merged.severity.max(other.severity);
            for &g in &other.groups {
                if has.insert(g) {
                    merged.groups.push(g);
                }
            }
            merged.merged.push(Merged {
                rule: other.rule,
                severity: other.severity,
                title: other.title,
                detail: other.detail,
                evidence: other.evidence,
                groups: other.groups,
            });
            merged.merged.extend(other.merged);
        }
        list.push(merged);
    }
}
