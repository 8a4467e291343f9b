//! The rules on other projects' real dumps (`../shared/peers`, see its README): crashes of
//! another program, a CockroachDB node, uber-go/goleak's test dumps. Skipped with a note
//! when the folder is absent.

mod rules_fixture;

use goroseer::rules::Key;
use goroseer::rules::{Annotation, Severity};
use rules_fixture::{alarming, annotate_text, ev, only, read_dump, repo_root};
use serde_json::json;

/// Annotations of a peers file, or `None` (with a note) when peers data is absent.
fn peer(path: &str, thresholds: &[(&str, &str)]) -> Option<Vec<Annotation>> {
    let file = repo_root().join("../shared/peers").join(path);
    if !file.exists() {
        eprintln!("note: {} absent, test skipped", file.display());
        return None;
    }
    Some(annotate_text(&read_dump(&file), thresholds))
}

fn of(list: &[Annotation], rule: &str) -> Vec<Annotation> {
    list.iter().filter(|a| a.rule == rule).cloned().collect()
}

#[test]
fn peers_a_cgo_segfault_without_panic_is_a_crash() {
    let Some(all) = peer("crashtracker/sigsegv_cgo.txt", &[]) else {
        return;
    };
    let a = only(of(&all, "panic"));
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.title, "fatal signal SIGSEGV: segmentation violation");
    assert_eq!(
        ev(&a, Key::RuntimeMessages),
        json!(["signal arrived during cgo execution"])
    );
}

#[test]
fn peers_crashtracker_crashes_fire_panic_or_deadlock_first() {
    for (file, rule) in [
        ("crashtracker/close_closed_channel.txt", "panic"),
        ("crashtracker/concurrent_map_write.txt", "panic"),
        ("crashtracker/deadlock.txt", "deadlock"),
        ("crashtracker/panic_simple.txt", "panic"),
        ("crashtracker/sigsegv.txt", "panic"),
        ("crashtracker/stack_exhaustion.txt", "panic"),
    ] {
        let Some(all) = peer(file, &[]) else { return };
        assert_eq!(all[0].rule, rule, "{file}: {all:#?}");
    }
}

#[test]
fn peers_cockroachdb_waits_of_up_to_9_minutes_fire_long_wait_only_below_the_default() {
    let Some(all) = peer("stackgazer/stacks.txt", &[]) else {
        return;
    };
    assert!(of(&all, "long-wait").is_empty());
    let Some(all) = peer("stackgazer/stacks.txt", &[("longWaitMinutes", "5")]) else {
        return;
    };
    let a = only(of(&all, "long-wait"));
    assert_eq!(ev(&a, Key::MaxWaitMinutes), json!(9));
}

#[test]
fn peers_a_busy_database_node_is_mostly_information() {
    let Some(all) = peer("stackgazer/stacks.txt", &[]) else {
        return;
    };
    assert!(!of(&all, "netpoll-wait").is_empty());
    // No lock queues, no leaks, no crash: at most one crowded channel site.
    let alarming: Vec<_> = alarming(&all).into_iter().map(|a| a.rule).collect();
    assert!(
        alarming.iter().all(|r| *r == "channel-blocked"),
        "{alarming:?}"
    );
}

#[test]
fn peers_goleak_test_dumps_raise_nothing_alarming() {
    for file in ["goleak/http.txt", "goleak/http.go1.20.txt"] {
        let Some(all) = peer(file, &[]) else { return };
        assert!(alarming(&all).is_empty(), "{file}: {all:#?}");
    }
}

#[test]
fn peers_unsymbolized_gobench_heap_churns_at_one_address() {
    // No `#` lines in this profile: sites are named by address, as pprof does.
    let Some(all) = peer("pprof-legacy/gobench.heap", &[]) else {
        return;
    };
    let a = only(of(&all, "alloc-churn"));
    assert_eq!(a.severity, Severity::Warning);
    assert_eq!(ev(&a, Key::Function), json!("0x420cef"));
    assert_eq!(ev(&a, Key::AllocBytes), json!(349266014));
    assert_eq!(ev(&a, Key::InuseBytes), json!(7196884));
}
