//! The group query (`Analysis::groups`) on real dumps, against a straightforward filter
//! over the full report's groups (what the page did in JavaScript before: group-filter.js),
//! and the report option `maxGroups`.

mod common;

use common::{corpus, json, read};
use goroseer::report::goroutine::GroupReport;
use goroseer::report::ReportOptions;
use goroseer::{analyze, Analysis, GroupBy, Options};
use goroseer::{GroupQuery, GroupQueryError};

const LABELS: &str = "goroutine-labels/goroutine.debug2.txt";
const LEAK: &str = "goroutine-leak/goroutine.t70s.debug2.txt";
const CRAWLER: &str = "goroutine-100k-crawler/goroutine.debug2.txt.gz";

fn analysis(name: &str, group_by: GroupBy) -> Analysis {
    let options = Options {
        group_by,
        ..Options::default()
    };
    analyze(&read(&corpus().join(name)), &options)
}

fn truth(name: &str) -> serde_json::Value {
    let dir = std::path::Path::new(name);
    json(&corpus().join(dir.parent().unwrap()).join(format!(
        "groundtruth/{}.json",
        dir.file_name().unwrap().to_str().unwrap()
    )))
}

/// The full report's groups of profile 0.
fn all_groups(a: &Analysis) -> Vec<GroupReport> {
    let mut report = a.report();
    report.profiles.swap_remove(0).goroutines.unwrap().groups
}

/// The page's old filter, written out plainly over the report's groups.
fn reference(groups: &[GroupReport], q: &GroupQuery) -> Vec<usize> {
    let needle = q.search.trim().to_ascii_lowercase();
    let has = |text: &str| text.to_ascii_lowercase().contains(&needle);
    groups
        .iter()
        .filter(|g| {
            let state_ok = q.states.is_empty()
                || g.states
                    .0
                    .iter()
                    .any(|(s, n)| *n > 0 && q.states.contains(s));
            let wait_ok = q.min_wait == 0 || g.wait_minutes.max >= q.min_wait;
            let runtime_ok = !q.hide_runtime || !g.runtime_internal;
            let search_ok = needle.is_empty()
                || g.frames.iter().any(|f| has(&f.function) || has(&f.file))
                || g.created_by
                    .iter()
                    .any(|c| c.site.as_ref().is_some_and(|s| has(&s.function)))
                || g.labels.iter().any(|l| {
                    l.labels
                        .as_ref()
                        .is_some_and(|m| m.0.iter().any(|(k, v)| has(&format!("{k}={v}"))))
                });
            state_ok && wait_ok && runtime_ok && search_ok
        })
        .map(|g| g.id)
        .collect()
}

/// Asks for every matched group (in pages of `page`) and checks the answer against the
/// reference: ids, order, counts, and each group exactly as the full report has it.
fn check(a: &Analysis, groups: &[GroupReport], q: GroupQuery, page: usize) -> Vec<usize> {
    let expected = reference(groups, &q);
    let mut got = Vec::new();
    let mut offset = 0;
    loop {
        let answer = a
            .groups(&GroupQuery {
                offset,
                limit: page,
                ..q.clone()
            })
            .unwrap();
        assert_eq!(answer.total, groups.len());
        assert_eq!(answer.matched, expected.len(), "{q:?}");
        let goroutines: u64 = expected.iter().map(|&id| groups[id].count).sum();
        assert_eq!(answer.matched_goroutines, goroutines, "{q:?}");
        assert_eq!(answer.offset, offset);
        for g in &answer.groups {
            assert_eq!(
                serde_json::to_value(g).unwrap(),
                serde_json::to_value(&groups[g.id]).unwrap()
            );
        }
        let n = answer.groups.len();
        got.extend(answer.groups.into_iter().map(|g| g.id));
        if n < page {
            break;
        }
        offset += page;
    }
    assert_eq!(got, expected, "{q:?}");
    got
}

fn search(text: &str) -> GroupQuery {
    GroupQuery {
        search: text.to_owned(),
        ..GroupQuery::default()
    }
}

#[test]
fn search_finds_labels_functions_and_files_in_any_case() {
    let a = analysis(LABELS, GroupBy::Lines);
    let groups = all_groups(&a);
    // Ground-truth keys look like `{handler: /api/orders, tenant: globex}` → `tenant=globex`.
    let by_labels = truth(LABELS)["by_labels"].clone();
    let (_, globex) = by_labels
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.contains("globex"))
        .unwrap();
    for text in ["tenant=globex", "  TENANT=Globex "] {
        check(&a, &groups, search(text), 100);
        let answer = a.groups(&search(text)).unwrap();
        assert_eq!(answer.matched_goroutines, globex.as_u64().unwrap());
    }
    let by_file = check(&a, &groups, search("MAIN.GO"), 3);
    assert!(!by_file.is_empty() && by_file.len() < groups.len());
    let by_function = check(&a, &groups, search("Handler.WAITFORDB"), 100);
    assert!(!by_function.is_empty());
    assert!(check(&a, &groups, search("no such function anywhere"), 100).is_empty());
    assert_eq!(check(&a, &groups, search(""), 2).len(), groups.len());
}

#[test]
fn hide_runtime_leaves_out_the_dump_writer() {
    let a = analysis(LABELS, GroupBy::Lines);
    let groups = all_groups(&a);
    let q = GroupQuery {
        hide_runtime: true,
        ..GroupQuery::default()
    };
    let shown = check(&a, &groups, q, 100);
    assert!(shown.len() < groups.len());
    let hidden = check(&a, &groups, search("debugdump"), 100);
    assert!(!hidden.is_empty());
    assert!(hidden.iter().all(|id| !shown.contains(id)));
}

#[test]
fn state_and_minimum_wait_filters_match_the_ground_truth() {
    let a = analysis(LEAK, GroupBy::Lines);
    let groups = all_groups(&a);
    let truth = truth(LEAK);
    for (state, count) in truth["by_state"].as_object().unwrap() {
        let q = GroupQuery {
            states: vec![state.clone()],
            ..GroupQuery::default()
        };
        check(&a, &groups, q.clone(), 7);
        // Groups at `lines` hold one state each: their goroutines are exactly that state's.
        assert_eq!(
            a.groups(&q).unwrap().matched_goroutines,
            count.as_u64().unwrap()
        );
    }
    let two = GroupQuery {
        states: vec!["chan send".to_owned(), "select".to_owned()],
        ..GroupQuery::default()
    };
    check(&a, &groups, two, 100);
    for min_wait in [1, 2, 60, 100_000] {
        let q = GroupQuery {
            min_wait,
            ..GroupQuery::default()
        };
        let waited = check(&a, &groups, q, 100);
        let at_least: u64 = truth["by_state_and_minutes"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| k.split('|').nth(1).unwrap().parse::<u32>().unwrap() >= min_wait)
            .map(|(_, n)| n.as_u64().unwrap())
            .sum();
        let shown: u64 = waited.iter().map(|&id| groups[id].count).sum();
        assert!(shown >= at_least, "minWait {min_wait}");
        if at_least == 0 {
            assert!(waited.is_empty());
        }
    }
    let all_together = GroupQuery {
        search: "leak".to_owned(),
        states: vec!["chan receive".to_owned()],
        min_wait: 1,
        hide_runtime: true,
        ..GroupQuery::default()
    };
    check(&a, &groups, all_together, 1);
}

#[test]
fn exact_grouping_of_100k_goroutines_pages_through_every_group() {
    let a = analysis(CRAWLER, GroupBy::Exact);
    let groups = all_groups(&a);
    assert!(groups.len() > 90_000, "{} groups", groups.len());
    let everything = check(&a, &groups, GroupQuery::default(), 30_000);
    assert_eq!(everything.len(), groups.len());

    // Paging boundaries: the last group, one past it, far past it, an empty page.
    let n = groups.len();
    let at = |offset, limit| {
        a.groups(&GroupQuery {
            offset,
            limit,
            ..GroupQuery::default()
        })
        .unwrap()
    };
    let last = at(n - 1, 100);
    assert_eq!(last.groups.len(), 1);
    assert_eq!(last.groups[0].id, n - 1);
    assert!(at(n, 100).groups.is_empty());
    assert!(at(usize::MAX, 100).groups.is_empty());
    let empty = at(0, 0);
    assert!(empty.groups.is_empty());
    assert_eq!((empty.total, empty.matched), (n, n));

    // A state held by a few groups deep in the list, and a search that matches groups
    // beyond any first page.
    let rare = GroupQuery {
        states: vec!["running".to_owned()],
        ..GroupQuery::default()
    };
    check(&a, &groups, rare, 100);
    let visiting = check(&a, &groups, search("crawler"), 25_000);
    assert!(visiting.len() > 1_000 && visiting.iter().any(|&id| id > 50_000));

    // Where a linked group is, whatever the page: the last one, and one filtered out.
    let focus_last = a
        .groups(&GroupQuery {
            focus: Some(n - 1),
            ..GroupQuery::default()
        })
        .unwrap();
    assert_eq!(focus_last.focus_index, Some(n - 1));
    let hidden_writer = groups.iter().find(|g| g.runtime_internal).unwrap().id;
    let hidden = a
        .groups(&GroupQuery {
            focus: Some(hidden_writer),
            hide_runtime: true,
            ..GroupQuery::default()
        })
        .unwrap();
    assert_eq!(hidden.focus_index, None);
}

#[test]
fn debug1_records_have_no_state_to_filter_by() {
    let a = analysis("goroutine-labels/goroutine.debug1.txt", GroupBy::Lines);
    let groups = all_groups(&a);
    let q = GroupQuery {
        states: vec![String::new()],
        ..GroupQuery::default()
    };
    assert!(check(&a, &groups, q, 100).is_empty());
    assert!(!check(&a, &groups, search("tenant=acme"), 100).is_empty());
}

#[test]
fn profiles_without_groups_are_errors() {
    let heap = analysis("heap-memprofilerate1/heap.debug1.txt", GroupBy::Lines);
    assert_eq!(
        heap.groups(&GroupQuery::default()).unwrap_err(),
        GroupQueryError::NotGoroutines(0)
    );
    let q = GroupQuery {
        profile: 4,
        ..GroupQuery::default()
    };
    assert_eq!(
        heap.groups(&q).unwrap_err(),
        GroupQueryError::NoSuchProfile(4)
    );
}

#[test]
fn query_reads_camel_case_json_and_refuses_unknown_fields() {
    let q: GroupQuery = serde_json::from_str(
        r#"{"profile":1,"search":"x","states":["select"],"minWait":3,"hideRuntime":true,"offset":5,"focus":9}"#,
    )
    .unwrap();
    assert_eq!(
        (q.min_wait, q.hide_runtime, q.limit, q.focus),
        (3, true, 100, Some(9))
    );
    assert!(serde_json::from_str::<GroupQuery>(r#"{"minwait":3}"#).is_err());
}

#[test]
fn max_groups_cuts_the_report_and_says_so() {
    let a = analysis(LEAK, GroupBy::Exact);
    let full = serde_json::to_value(a.report()).unwrap();
    let goroutines = &full["profiles"][0]["goroutines"];
    let n = goroutines["groups"].as_array().unwrap().len();
    assert!(n > 10);
    // The complete report (the CLI's) has no trace of the option.
    assert!(goroutines.get("groupsTotal").is_none());
    assert!(goroutines.get("groupsOmitted").is_none());

    let cut = serde_json::to_value(a.report_with(&ReportOptions {
        max_groups: Some(10),
    }))
    .unwrap();
    let g = &cut["profiles"][0]["goroutines"];
    assert_eq!(
        g["groups"].as_array().unwrap()[..],
        goroutines["groups"].as_array().unwrap()[..10]
    );
    assert_eq!(g["groupsTotal"], n);
    assert_eq!(g["groupsOmitted"], n - 10);
    // Everything else is the complete report's (group id lists: see tests/page_report.rs).
    let without_groups = |v: &serde_json::Value| {
        let mut v = v.clone();
        for key in ["groups", "groupsTotal", "groupsOmitted", "createdBy"] {
            v.as_object_mut().unwrap().remove(key);
        }
        v
    };
    assert_eq!(without_groups(g), without_groups(goroutines));
    let titles = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| serde_json::json!([a["rule"], a["title"], a["detail"], a["evidence"]]))
            .collect()
    };
    assert_eq!(
        titles(&cut["profiles"][0]["annotations"]),
        titles(&full["profiles"][0]["annotations"])
    );

    let roomy = serde_json::to_value(a.report_with(&ReportOptions {
        max_groups: Some(n + 5),
    }))
    .unwrap();
    assert_eq!(roomy["profiles"][0]["goroutines"]["groupsOmitted"], 0);
    assert_eq!(
        roomy["profiles"][0]["goroutines"]["groups"],
        goroutines["groups"]
    );
    assert!(serde_json::from_str::<ReportOptions>(r#"{"maxgroups":1}"#).is_err());
}

mod arbitrary_queries {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// One analysis and its full report, shared by every case.
    fn labels() -> &'static (Analysis, Vec<GroupReport>) {
        static CELL: OnceLock<(Analysis, Vec<GroupReport>)> = OnceLock::new();
        CELL.get_or_init(|| {
            let a = analysis(LABELS, GroupBy::Exact);
            let groups = all_groups(&a);
            (a, groups)
        })
    }

    /// Search text made of pieces of the dump's vocabulary, odd case and junk.
    fn needle() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "",
            " ",
            "handler",
            "TENANT=",
            "=acme",
            "main.",
            ".go:",
            "/app/",
            "chan",
            "debugdump",
            "ü",
            "\"",
            "{",
            "elided",
            "user agent=curl",
        ])
        .prop_flat_map(|piece| (Just(piece), "[a-zA-Z.=/ ]{0,3}"))
        .prop_map(|(piece, tail)| format!("{piece}{tail}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Any query answers without panicking, exactly as the plain filter would.
        #[test]
        fn any_query_matches_the_plain_filter(
            search in needle(),
            states in prop::collection::vec(
                prop::sample::select(vec!["chan receive", "running", "select", "sleep", "", "nope"]),
                0..3,
            ),
            min_wait in prop::sample::select(vec![0u32, 1, 5, u32::MAX]),
            hide_runtime in any::<bool>(),
            offset in prop::sample::select(vec![0usize, 1, 7, 85, 86, 87, usize::MAX]),
            limit in prop::sample::select(vec![0usize, 1, 10, 100, usize::MAX]),
            focus in prop::option::of(prop::sample::select(vec![0usize, 3, 85, 86, usize::MAX])),
        ) {
            let (a, groups) = labels();
            let q = GroupQuery {
                profile: 0,
                search,
                states: states.into_iter().map(str::to_owned).collect(),
                min_wait,
                hide_runtime,
                offset,
                limit,
                focus,
                ..GroupQuery::default()
            };
            let expected = reference(groups, &q);
            let answer = a.groups(&q).unwrap();
            prop_assert_eq!(answer.matched, expected.len());
            let page: Vec<usize> = answer.groups.iter().map(|g| g.id).collect();
            let want: Vec<usize> = expected.iter().copied().skip(offset).take(limit).collect();
            prop_assert_eq!(page, want);
            prop_assert_eq!(
                answer.focus_index,
                focus.and_then(|f| expected.iter().position(|&id| id == f))
            );
        }
    }
}
