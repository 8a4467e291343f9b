//! `crash.crashedGoroutine` on every crash dump of the corpus: the first goroutine the
//! ground truth saw, when it is `[running]` and the crash is a panic, a fatal error or a
//! fatal signal; none for deadlocks and SIGQUIT dumps. Its group holds it.

mod common;

use common::*;
use serde_json::Value;

/// What the ground truth says the crashed goroutine is, from the printed lines alone.
fn expected(gt: &Value) -> Option<u64> {
    let lines = &gt["non_goroutine_lines"];
    let non_empty = |key: &str| lines[key].as_array().is_some_and(|a| !a.is_empty());
    let fatal_signal = lines["signal"].as_array().is_some_and(|a| {
        a.iter()
            .any(|s| !s.as_str().unwrap_or("").starts_with("SIGQUIT"))
    });
    let first = &gt["first_goroutine"];
    let running = first["header"].as_str()?.ends_with("[running]:");
    ((non_empty("panic") || non_empty("fatal_error") || fatal_signal) && running)
        .then(|| first["id"].as_u64().expect("first goroutine id"))
}

#[test]
fn crash_dumps_name_the_goroutine_that_crashed() {
    let dumps = corpus_dumps("crash-stderr");
    assert!(
        dumps.len() >= 15,
        "crash dumps in the corpus: {}",
        dumps.len()
    );
    let (mut named, mut none) = (0, 0);
    for (dump, truth) in dumps {
        let name = dump.display().to_string();
        let want = expected(&json(&truth));
        let analysis = analyze_text(&read(&dump));
        let report = serde_json::to_value(analysis.report()).expect("report");
        let goroutines = &report["profiles"][0]["goroutines"];
        let crashed = &goroutines["crash"]["crashedGoroutine"];
        match want {
            None => {
                assert!(crashed.is_null(), "{name}: {crashed}");
                none += 1;
            }
            Some(id) => {
                assert_eq!(crashed["id"].as_u64(), Some(id), "{name}");
                let group = crashed["group"].as_u64().expect("group") as usize;
                let members = analysis.group_members(0, group, 0, usize::MAX);
                assert!(members.iter().any(|m| m.id == id), "{name}: group {group}");
                let line = crashed["line"].as_u64().expect("line") as usize;
                let header = read(&dump).lines().nth(line - 1).unwrap_or("").to_owned();
                assert!(
                    header.starts_with(&format!("goroutine {id} ")),
                    "{name}: {header}"
                );
                named += 1;
            }
        }
    }
    // Both answers occur in the corpus: panics and throws name one, deadlocks and SIGQUIT none.
    assert!(named >= 10 && none >= 3, "named {named}, none {none}");
}
