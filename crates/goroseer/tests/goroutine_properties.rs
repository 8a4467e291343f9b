//! Properties that hold for any input: analysis never panics, every grouping accounts for
//! every goroutine, and a dump never yields more goroutines than its header lines (debug=2)
//! or its header total (debug=1) allow.

mod common;

use common::*;
use goroseer::model::Profile;
use goroseer::{analyze, Analysis, GroupBy, Options};
use proptest::prelude::*;

const SEEDS: [&str; 5] = [
    "goroutine-labels/goroutine.debug2.txt",
    "goroutine-labels/goroutine.debug1.txt",
    "goroutine-misc-states/goroutine.debug2.txt",
    "panics/sigquit-gotraceback-crash.stderr.txt",
    "panics/tracebackancestors.stderr.txt",
];

fn check(text: &str, by: GroupBy) -> Analysis {
    let a = analyze(
        text,
        &Options {
            group_by: by,
            ..Options::default()
        },
    );
    let headers = text
        .lines()
        .filter(|l| l.trim_start().starts_with("goroutine "))
        .count() as u64;
    let mut read = 0;
    for (i, p) in a.document.profiles.iter().enumerate() {
        let Profile::Goroutine(p) = p else { continue };
        let grouping = a.groupings[i].as_ref().expect("grouped");
        let grouped: u64 = grouping.groups.iter().map(|g| g.count).sum();
        assert_eq!(grouped, p.total());
        let members: usize = grouping.groups.iter().map(|g| g.members.len()).sum();
        assert_eq!(members, p.goroutines.len());
        // A debug=1 profile whose header was cut above has neither header lines nor a
        // header total: its records say how many goroutines they stand for.
        if p.header_total.is_none() && !p.header_cut {
            read += p.goroutines.len() as u64 + p.partial.len() as u64;
        }
        for g in 0..grouping.groups.len().min(3) {
            let _ = a.group_members(i, g, 0, 2);
        }
    }
    assert!(
        read <= headers,
        "{read} goroutines from {headers} header lines"
    );
    let _ = serde_json::to_string(&a.report()).expect("report serializes");
    a
}

fn group_by() -> impl Strategy<Value = GroupBy> {
    prop_oneof![
        Just(GroupBy::Exact),
        Just(GroupBy::Lines),
        Just(GroupBy::Functions),
        (1usize..4).prop_map(GroupBy::Top),
    ]
}

/// A real dump with some lines deleted, duplicated, cut or replaced by garbage.
fn mutated() -> impl Strategy<Value = String> {
    let seeds: Vec<String> = SEEDS.iter().map(|s| read(&corpus().join(s))).collect();
    (
        0..seeds.len(),
        prop::collection::vec((any::<u16>(), 0u8..5, "[ -~\t]{0,40}"), 0..12),
    )
        .prop_map(move |(seed, edits)| {
            let mut lines: Vec<String> = seeds[seed].lines().map(str::to_owned).collect();
            for (at, kind, junk) in edits {
                if lines.is_empty() {
                    break;
                }
                let i = at as usize % lines.len();
                match kind {
                    0 => {
                        lines.remove(i);
                    }
                    1 => {
                        let copy = lines[i].clone();
                        lines.insert(i, copy);
                    }
                    2 => {
                        let cut = lines[i].len() / 2;
                        let cut = (0..=cut)
                            .rev()
                            .find(|&c| lines[i].is_char_boundary(c))
                            .unwrap_or(0);
                        lines[i].truncate(cut);
                    }
                    3 => lines[i] = junk,
                    _ => lines.insert(i, junk),
                }
            }
            lines.join("\n")
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "(?s).{0,400}", by in group_by()) {
        check(&text, by);
    }

    #[test]
    fn goroutine_like_lines_never_panic(
        lines in prop::collection::vec(
            prop_oneof![
                "goroutine [0-9]{1,3} \\[[a-z ,0-9()]{0,20}\\]( \\{[a-z: ,\"]{0,20}\\})?:",
                "[a-z./()*]{1,20}\\([0-9a-fx, ?.{}]{0,20}\\)",
                "\t/[a-z/]{1,10}\\.go:[0-9]{1,4}( \\+0x[0-9a-f]{1,3})?",
                "created by [a-z.]{1,10}( in goroutine [0-9]{1,3})?",
                "\\.\\.\\.[0-9]{1,3} frames elided\\.\\.\\.",
                "(panic|fatal error): [a-z ]{0,10}",
                "[0-9]{1,3} @( 0x[0-9a-f]{2,6}){0,3}",
                "#\t0x[0-9a-f]{2,6}\t[a-z.]{1,10}\\+0x[0-9a-f]{1,3}\t/[a-z]{1,5}\\.go:[0-9]{1,3}",
                "goroutine profile: total [0-9]{1,3}",
                "",
            ],
            0..40,
        ),
        by in group_by(),
    ) {
        check(&lines.join("\n"), by);
    }

    #[test]
    fn mutated_real_dumps_never_panic(text in mutated(), by in group_by()) {
        check(&text, by);
    }
}
