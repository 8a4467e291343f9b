//! Paged goroutine details (`Analysis::group_members`): what the page asks for when a group
//! is opened. Every goroutine is reachable through its group, pages do not overlap, and each
//! view carries the arguments, labels and creator printed in the dump.

mod common;

use std::collections::BTreeSet;

use common::*;
use goroseer::{analyze_owned, GroupBy, Options};

#[test]
fn every_goroutine_is_paged_once_with_its_printed_details() {
    let text = read(&corpus().join("goroutine-labels/goroutine.debug2.txt"));
    let a = analyze_owned(text.clone(), &Options::default());
    let grouping = a.groupings[0].as_ref().unwrap();
    let mut seen = BTreeSet::new();
    for (gi, group) in grouping.groups.iter().enumerate() {
        let mut paged = Vec::new();
        for page in 0.. {
            let views = a.group_members(0, gi, page * 7, 7);
            if views.is_empty() {
                break;
            }
            paged.extend(views);
        }
        assert_eq!(paged.len() as u64, group.count);
        for v in paged {
            assert!(seen.insert(v.id), "goroutine {} paged twice", v.id);
            // The header and the first call line, as printed.
            let header = text
                .lines()
                .position(|l| l.starts_with(&format!("goroutine {} [", v.id)))
                .expect("header");
            let call = text.lines().nth(header + 1).unwrap();
            let first = &v.frames[0];
            assert_eq!(call, format!("{}({})", first.frame.function, first.args));
            let labels = text.lines().nth(header).unwrap().contains(" {");
            assert_eq!(v.labels.is_some(), labels, "goroutine {}", v.id);
            // `created by F in goroutine N` of this goroutine's block.
            let printed = text
                .lines()
                .skip(header + 1)
                .take_while(|l| !l.is_empty())
                .find_map(|l| l.strip_prefix("created by "))
                .map(|l| {
                    let (f, n) = l.split_once(" in goroutine ").unwrap();
                    (f.to_owned(), n.parse::<u64>().unwrap())
                });
            let ours = v
                .created_by
                .as_ref()
                .map(|c| (c.site.function.clone(), c.parent.unwrap()));
            assert_eq!(ours, printed, "goroutine {}", v.id);
        }
    }
    assert_eq!(seen.len(), 101);
    assert!(a.group_members(0, grouping.groups.len(), 0, 10).is_empty());
    assert!(a.group_members(5, 0, 0, 10).is_empty());
}

#[test]
fn exact_grouping_splits_by_argument_values() {
    let text = read(&corpus().join("goroutine-labels/goroutine.debug2.txt"));
    let lines = analyze_owned(text.clone(), &Options::default());
    let exact = analyze_owned(
        text,
        &Options {
            group_by: GroupBy::Exact,
            ..Options::default()
        },
    );
    let count = |a: &goroseer::Analysis| a.groupings[0].as_ref().unwrap().groups.len();
    // Every labelled handler goroutine has its own context pointer: exact keeps them apart.
    assert!(count(&exact) > count(&lines));
    let functions = analyze_text_by(
        &read(&corpus().join("goroutine-labels/goroutine.debug2.txt")),
        GroupBy::Functions,
    );
    let top1 = analyze_text_by(
        &read(&corpus().join("goroutine-labels/goroutine.debug2.txt")),
        GroupBy::Top(1),
    );
    assert!(count(&functions) <= count(&lines));
    assert!(count(&top1) <= count(&functions));
    for a in [&lines, &exact, &functions, &top1] {
        let g = a.groupings[0].as_ref().unwrap();
        assert_eq!(g.groups.iter().map(|g| g.count).sum::<u64>(), 101);
    }
}

fn analyze_text_by(text: &str, by: GroupBy) -> goroseer::Analysis {
    goroseer::analyze(
        text,
        &Options {
            group_by: by,
            ..Options::default()
        },
    )
}
