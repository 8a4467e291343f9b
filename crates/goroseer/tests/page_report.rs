//! The page's report (`maxGroups`) keeps group id lists short — the `createdBy` sites' and
//! the annotations' — and says how many there are; the group query's `annotation` and
//! `createdBy` filters reach every one of those groups. The complete report (the CLI's)
//! is unchanged: its snapshots prove that, and the last test here checks the new fields
//! stay out of it.

mod common;

use common::{corpus, read};
use goroseer::report::ReportOptions;
use goroseer::{analyze, Analysis, GroupBy, Options};
use goroseer::{GroupQuery, GroupQueryError};

const CRAWLER: &str = "goroutine-100k-crawler/goroutine.debug2.txt.gz";
const LEAK: &str = "goroutine-leak/goroutine.t70s.debug2.txt";
const PAGE: usize = 100;

fn analysis(name: &str, group_by: GroupBy) -> Analysis {
    let options = Options {
        group_by,
        ..Options::default()
    };
    analyze(&read(&corpus().join(name)), &options)
}

fn page_report(a: &Analysis, max: usize) -> serde_json::Value {
    serde_json::to_value(a.report_with(&ReportOptions {
        max_groups: Some(max),
    }))
    .unwrap()
}

fn ids(value: &serde_json::Value) -> Vec<usize> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect()
}

/// Every group id the query matches, asked for a page at a time.
fn matched_ids(a: &Analysis, query: &GroupQuery) -> Vec<usize> {
    let mut got = Vec::new();
    loop {
        let answer = a
            .groups(&GroupQuery {
                offset: got.len(),
                limit: 20_000,
                ..query.clone()
            })
            .unwrap();
        if answer.groups.is_empty() {
            assert_eq!(got.len(), answer.matched);
            return got;
        }
        got.extend(answer.groups.iter().map(|g| g.id));
    }
}

fn sorted(mut ids: Vec<usize>) -> Vec<usize> {
    ids.sort_unstable();
    ids
}

#[test]
fn the_page_report_of_100k_exact_groups_lists_few_ids_and_counts_them_all() {
    let a = analysis(CRAWLER, GroupBy::Exact);
    let grouping = a.groupings[0].as_ref().unwrap();
    assert!(grouping.groups.len() > 90_000);
    let report = page_report(&a, PAGE);
    let profile = &report["profiles"][0];

    let sites = profile["goroutines"]["createdBy"].as_array().unwrap();
    assert_eq!(sites.len(), grouping.created_by.len());
    let mut cut_sites = 0;
    for (site, all) in sites.iter().zip(&grouping.created_by) {
        let listed = ids(&site["groups"]);
        let all: Vec<usize> = all.groups.iter().map(|&g| g as usize).collect();
        assert_eq!(site["groupsTotal"], all.len());
        // The largest groups (lowest ids) of the site, at most PAGE of them.
        assert_eq!(listed[..], all[..all.len().min(PAGE)]);
        cut_sites += usize::from(all.len() > PAGE);
    }
    assert!(cut_sites > 0, "the Dispatch site created ~100k groups");

    let annotations = profile["annotations"].as_array().unwrap();
    let complete = &a.annotations()[0];
    assert_eq!(annotations.len(), complete.len());
    let mut cut_annotations = 0;
    for (annotation, all) in annotations.iter().zip(complete) {
        assert_eq!(annotation["rule"], all.rule);
        assert_eq!(annotation["groupsTotal"], all.groups.len());
        let smallest = sorted(all.groups.clone());
        assert_eq!(
            ids(&annotation["groups"])[..],
            smallest[..smallest.len().min(PAGE)]
        );
        cut_annotations += usize::from(all.groups.len() > PAGE);
    }
    assert!(
        cut_annotations > 0,
        "channel-blocked points at ~100k groups"
    );

    // What was 1.28 MB, nearly all group ids, is now the groups themselves and little else.
    let size = serde_json::to_string(&report).unwrap().len();
    let groups_size = serde_json::to_string(&profile["goroutines"]["groups"])
        .unwrap()
        .len();
    assert!(
        size < 2 * groups_size,
        "page report {size} bytes, its groups {groups_size}"
    );
}

#[test]
fn an_annotation_query_reaches_every_group_the_annotation_points_at() {
    let a = analysis(CRAWLER, GroupBy::Exact);
    let complete = &a.annotations()[0];
    let (index, big) = complete
        .iter()
        .enumerate()
        .max_by_key(|(_, an)| an.groups.len())
        .unwrap();
    assert!(
        big.groups.len() > 90_000,
        "{}: {}",
        big.rule,
        big.groups.len()
    );
    for (i, annotation) in complete.iter().enumerate() {
        let query = GroupQuery {
            annotation: Some(i),
            ..GroupQuery::default()
        };
        assert_eq!(
            matched_ids(&a, &query),
            sorted(annotation.groups.clone()),
            "{}",
            annotation.rule
        );
    }
    // With the other filters: the groups that pass both.
    let search = GroupQuery {
        search: "Crawler".to_owned(),
        ..GroupQuery::default()
    };
    let both = GroupQuery {
        annotation: Some(index),
        ..search.clone()
    };
    let pointed: std::collections::HashSet<usize> = big.groups.iter().copied().collect();
    let expected: Vec<usize> = matched_ids(&a, &search)
        .into_iter()
        .filter(|id| pointed.contains(id))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(matched_ids(&a, &both), expected);
}

#[test]
fn a_created_by_query_reaches_every_group_of_the_site() {
    let a = analysis(CRAWLER, GroupBy::Exact);
    let grouping = a.groupings[0].as_ref().unwrap();
    for (i, site) in grouping.created_by.iter().enumerate() {
        let query = GroupQuery {
            created_by: Some(i),
            ..GroupQuery::default()
        };
        let expected: Vec<usize> = site.groups.iter().map(|&g| g as usize).collect();
        assert_eq!(matched_ids(&a, &query), expected);
        let goroutines: u64 = expected.iter().map(|&g| grouping.groups[g].count).sum();
        assert!(goroutines >= site.count);
    }
}

#[test]
fn unknown_annotations_and_sites_are_errors() {
    let a = analysis(LEAK, GroupBy::Lines);
    let annotations = a.annotations()[0].len();
    let sites = a.groupings[0].as_ref().unwrap().created_by.len();
    let annotation = GroupQuery {
        annotation: Some(annotations),
        ..GroupQuery::default()
    };
    assert_eq!(
        a.groups(&annotation).unwrap_err(),
        GroupQueryError::NoSuchAnnotation(annotations)
    );
    let site = GroupQuery {
        created_by: Some(sites),
        ..GroupQuery::default()
    };
    assert_eq!(
        a.groups(&site).unwrap_err(),
        GroupQueryError::NoSuchCreator(sites)
    );
    let q: GroupQuery = serde_json::from_str(r#"{"annotation":2,"createdBy":1}"#).unwrap();
    assert_eq!((q.annotation, q.created_by), (Some(2), Some(1)));
}

#[test]
fn the_complete_report_has_every_id_and_no_counts_and_regrouping_renews_annotations() {
    let mut a = analysis(LEAK, GroupBy::Exact);
    let full = serde_json::to_value(a.report()).unwrap();
    let profile = &full["profiles"][0];
    for site in profile["goroutines"]["createdBy"].as_array().unwrap() {
        assert!(site.get("groupsTotal").is_none());
    }
    for annotation in profile["annotations"].as_array().unwrap() {
        assert!(annotation.get("groupsTotal").is_none());
    }
    // A report with room for every group lists every id, and counts them.
    let roomy = page_report(&a, usize::MAX);
    for (cut, all) in roomy["profiles"][0]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .zip(profile["annotations"].as_array().unwrap())
    {
        assert_eq!(sorted(ids(&cut["groups"])), sorted(ids(&all["groups"])));
        assert_eq!(cut["groupsTotal"], all["groups"].as_array().unwrap().len());
    }

    // Annotations are kept between reports; after regrouping they point at the new groups.
    a.regroup(GroupBy::Functions);
    assert_eq!(
        a.annotations(),
        analysis(LEAK, GroupBy::Functions).annotations()
    );
}
