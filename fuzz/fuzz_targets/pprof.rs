//! Arbitrary bytes as a file through the workspace, the way the CLI and the page read one:
//! binary input goes to the pprof protobuf decoder. Nothing may panic; a profile that
//! decodes must give a report, a top table and a call tree for every sample type, with
//! totals that agree.
#![no_main]

use goroseer::ProfileQuery;
use goroseer::{Options, Workspace};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut ws = Workspace::new(Options::default());
    ws.add_bytes("fuzz", data.to_vec());
    let report = ws.report(&Default::default());
    let _ = serde_json::to_string(&report);
    for (i, profile) in report.profiles.iter().enumerate() {
        let types: Vec<String> = profile
            .pprof
            .iter()
            .flat_map(|p| p.sample_types.iter().map(|t| t.kind.clone()))
            .collect();
        for sample in types.into_iter().map(Some).chain([None]) {
            let query = ProfileQuery { profile: i, sample, tag_focus: vec!["k=v".into()], ..ProfileQuery::default() };
            let _ = ws.top(&query);
            let query = ProfileQuery { tag_focus: Vec::new(), ..query };
            if let (Ok(top), Ok(tree)) = (ws.top(&query), ws.call_tree(&query)) {
                assert_eq!(top.total, tree.total);
            }
        }
    }
});
