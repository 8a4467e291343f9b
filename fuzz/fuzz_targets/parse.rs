//! Arbitrary bytes through the whole analysis: parsing, grouping at every level, the JSON
//! report and paged member views must never panic, and totals must stay consistent.
#![no_main]

use goroseer::model::Profile;
use goroseer::{analyze, GroupBy, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let by = match data.first().map(|b| b % 4) {
        Some(0) => GroupBy::Exact,
        Some(1) => GroupBy::Functions,
        Some(2) => GroupBy::Top(2),
        _ => GroupBy::Lines,
    };
    let analysis = analyze(text.as_ref(), &Options { group_by: by, ..Options::default() });
    let report = analysis.report();
    let _ = serde_json::to_string(&report);
    for (i, profile) in analysis.document.profiles.iter().enumerate() {
        if let Profile::Goroutine(p) = profile {
            let grouping = analysis.groupings[i].as_ref().expect("goroutine profiles are grouped");
            let grouped: u64 = grouping.groups.iter().map(|g| g.count).sum();
            assert_eq!(grouped, p.total());
            for g in 0..grouping.groups.len().min(4) {
                let _ = analysis.group_members(i, g, 0, 3);
            }
        }
    }
});
