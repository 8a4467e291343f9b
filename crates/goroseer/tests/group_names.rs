//! Group names say what a group is doing (`groups[].name`): the first frame of the
//! program's own code or of another module, in its short form, and the wait — checked on
//! the corpus dumps against the stacks and wait reasons the MANIFEST states.

mod common;

use common::{corpus, read};
use goroseer::{analyze, Options};
use serde_json::Value;

fn groups(file: &str) -> Vec<Value> {
    groups_at(&corpus().join(file))
}

fn groups_at(path: &std::path::Path) -> Vec<Value> {
    let a = analyze(&read(path), &Options::default());
    let report = serde_json::to_value(a.report()).unwrap();
    report["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p["goroutines"]["groups"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

/// The name of the largest group whose frames contain `function`.
fn name_of(groups: &[Value], function: &str) -> String {
    groups
        .iter()
        .find(|g| {
            g["frames"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["function"] == function)
        })
        .unwrap_or_else(|| panic!("no group in {function}"))["name"]["text"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn sync_contention_groups_name_their_own_function_and_lock() {
    let g = groups("goroutine-sync-contention/goroutine.debug2.txt");
    let p = "github.com/acme/shop/internal/";
    let cases = [
        ("inventory.(*Store).Reserve", "mutex lock"),
        ("config.(*Store).Get", "RWMutex read lock"),
        ("jobs.(*Queue).Pop", "cond wait"),
        ("lifecycle.AwaitShutdown", "WaitGroup wait"),
        ("inventory.(*Store).Rebuild", "sleep"),
    ];
    for (function, wait) in cases {
        assert_eq!(
            name_of(&g, &format!("{p}{function}")),
            format!("internal/{function} → {wait}")
        );
    }
    // The 19 writers queue on the RWMutex's internal mutex: the frames say RWMutex.
    assert_eq!(
        name_of(&g, &format!("{p}config.(*Store).Set")),
        "internal/config.(*Store).Set → RWMutex write lock"
    );
    // The running goroutine has no wait.
    assert_eq!(
        name_of(&g, &format!("{p}debugdump.Write")),
        "internal/debugdump.Write"
    );
}

#[test]
fn standard_library_servers_are_named_by_kind() {
    let g = groups("goroutine-http-keepalive/goroutine.debug2.txt");
    let largest = &g[0];
    assert_eq!(largest["count"], 300);
    assert_eq!(largest["name"]["text"], "net/http server → netpoll");
    assert_eq!(largest["name"]["function"], Value::Null);
    assert_eq!(largest["name"]["wait"], "netpoll");
    assert_eq!(name_of(&g, "os/signal.loop"), "os/signal.loop → syscall");
}

#[test]
fn every_corpus_group_has_a_short_name_tied_to_its_frames() {
    let files = [
        "goroutine-sync-contention/goroutine.debug2.txt",
        "goroutine-sync-contention/goroutine.debug1.txt",
        "goroutine-http-keepalive/goroutine.debug2.txt",
        "goroutine-misc-states/goroutine.debug2.txt",
        "goroutine-labels/goroutine.debug2.txt",
        "goroutine-leak/goroutine.t70s.debug2.txt",
        "goroutine-leak/goroutine.t70s.debug1.txt",
        "panics/nil-deref.stderr.txt",
    ];
    for file in files {
        let g = groups(file);
        assert!(!g.is_empty(), "{file}");
        for group in &g {
            let name = &group["name"];
            let text = name["text"].as_str().unwrap();
            assert!(!text.is_empty(), "{file}");
            // The subject is the first own or third-party frame of the stack, when any.
            let first_own = group["frames"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["origin"] == "own" || f["origin"] == "third_party");
            if let Some(f) = first_own {
                assert_eq!(name["function"], f["function"], "{file}: {text}");
                let shown = f["short"].as_str().or(f["function"].as_str()).unwrap();
                assert!(text.starts_with(shown), "{file}: {text} / {shown}");
            }
            // Short names: the program's module path is not repeated in the name.
            assert!(!text.contains("github.com/acme/"), "{file}: {text}");
            // A group that waits says so (debug=2 states), and a running one does not.
            match group["state"].as_str() {
                Some("running") => assert_eq!(name["wait"], Value::Null, "{file}: {text}"),
                Some(_) => {
                    let wait = name["wait"]
                        .as_str()
                        .unwrap_or_else(|| panic!("{file}: {text}"));
                    assert!(text.ends_with(&format!(" → {wait}")), "{file}: {text}");
                }
                None => {}
            }
        }
    }
}

#[test]
fn debug1_and_debug2_of_one_program_name_their_groups_alike() {
    let one = groups("goroutine-sync-contention/goroutine.debug1.txt");
    let two = groups("goroutine-sync-contention/goroutine.debug2.txt");
    // Lock waits show in debug=1 frames too (`sync.(*Mutex).Lock`): same names.
    for function in [
        "github.com/acme/shop/internal/inventory.(*Store).Reserve",
        "github.com/acme/shop/internal/config.(*Store).Get",
        "github.com/acme/shop/internal/jobs.(*Queue).Pop",
    ] {
        assert_eq!(
            name_of(&one, function),
            name_of(&two, function),
            "{function}"
        );
    }
}

/// Wait reasons of a channel operation or `select`, as debug=2 prints them.
const CHANNEL_STATES: &[&str] = &[
    "chan send",
    "chan receive",
    "select",
    "chan send (nil chan)",
    "chan receive (nil chan)",
    "select (no cases)",
];

/// debug=1 hides the runtime's frames of a channel wait: a record that stops in the
/// program's code is named as parked on a channel or select, said to be inferred. Checked
/// against the debug=2 dump of the same moment: every channel wait there is named so in
/// debug=1 (the debug=2 group with the same subject), and no group named so waits on
/// anything else (a lock, the network, a sleep). A goroutine preempted while running
/// stops in the program's code too, which debug=1 cannot tell apart: running and
/// runnable are not counted against the name.
#[test]
fn debug1_channel_waits_are_inferred_from_where_the_stack_stops() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let pairs = [
        "corpus/goroutine-leak/goroutine.t70s",
        "corpus/goroutine-http-keepalive/goroutine",
        "corpus/goroutine-misc-states/goroutine",
        "corpus/goroutine-sync-contention/goroutine",
        "bottleneck/consumer.goroutine",
        "bottleneck/deadlock.goroutine",
    ];
    let mut inferred = 0;
    for pair in pairs {
        let one = groups_at(&dir.join(format!("{pair}.debug1.txt")));
        let two = groups_at(&dir.join(format!("{pair}.debug2.txt")));
        let states_of = |function: &Value| -> Vec<String> {
            two.iter()
                .filter(|g| &g["name"]["function"] == function)
                .flat_map(|g| g["states"].as_object().unwrap().keys().cloned())
                .collect()
        };
        for group in &one {
            let name = &group["name"];
            let text = name["text"].as_str().unwrap();
            if name["wait"] == "chan or select" {
                inferred += 1;
                assert_eq!(name["inferred"], true, "{pair}: {text}");
                assert!(
                    text.ends_with(" → chan or select (inferred)"),
                    "{pair}: {text}"
                );
                for state in states_of(&name["function"]) {
                    let state = state.trim_end_matches(" (leaked)");
                    assert!(
                        CHANNEL_STATES.contains(&state)
                            || state == "running"
                            || state == "runnable",
                        "{pair}: {text} is {state} in debug=2"
                    );
                }
            } else if name["wait"] != Value::Null {
                // Read from the frames (`sync.(*Mutex).Lock`, `time.Sleep`): inferred too.
                assert_eq!(name["inferred"], true, "{pair}: {text}");
            }
        }
        // Every channel wait of debug=2 is named as one in debug=1.
        for g in &two {
            let state = g["state"]
                .as_str()
                .unwrap_or("")
                .trim_end_matches(" (leaked)");
            if !CHANNEL_STATES.contains(&state) || g["name"]["function"] == Value::Null {
                continue;
            }
            let named: Vec<&Value> = one
                .iter()
                .filter(|o| o["name"]["function"] == g["name"]["function"])
                .collect();
            assert!(!named.is_empty(), "{pair}: {}", g["name"]["text"]);
            for o in named {
                assert_eq!(
                    o["name"]["wait"], "chan or select",
                    "{pair}: {}",
                    o["name"]["text"]
                );
            }
        }
        // debug=2 prints wait reasons: nothing there is inferred.
        assert!(
            two.iter().all(|g| g["name"].get("inferred").is_none()),
            "{pair}"
        );
    }
    assert!(inferred >= 10, "{inferred}");
}
