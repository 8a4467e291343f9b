//! Bottlenecks on dumps of programs that built them for real (`tests/fixtures/gen/
//! bottleneck`, ground truth in `tests/fixtures/bottleneck/*.truth.json`, written by the
//! program itself), and on the corpus: one finding per problem, the incident summary.

mod rules_fixture;

use rules_fixture::{fixture, report_findings};
use serde_json::{json, Value};

/// The JSON report of a fixture.
fn report(path: &str) -> Value {
    let analysis = goroseer::analyze(&fixture(path), &goroseer::Options::default());
    serde_json::to_value(analysis.report()).unwrap()
}

/// The JSON report of a binary fixture (a gzipped protobuf goroutine profile).
fn report_of_bytes(path: &str) -> Value {
    use std::io::Read;
    let gz = std::fs::read(rules_fixture::repo_root().join("tests/fixtures").join(path)).unwrap();
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(&gz[..])
        .read_to_end(&mut bytes)
        .unwrap();
    let mut ws = goroseer::Workspace::new(goroseer::Options::default());
    ws.add_bytes(path, bytes);
    serde_json::to_value(ws.report(&goroseer::report::ReportOptions::default())).unwrap()
}

/// The annotations of the first profile that carry a bottleneck.
fn bottlenecks(report: &Value) -> Vec<&Value> {
    report["profiles"][0]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a.get("bottleneck").is_some())
        .collect()
}

/// The bottleneck finding whose waiters wait in a function ending in `function`.
fn waiting_in<'r>(report: &'r Value, function: &str) -> &'r Value {
    bottlenecks(report)
        .into_iter()
        .find(|a| {
            a["bottleneck"]["resource"]["function"]
                .as_str()
                .unwrap()
                .ends_with(function)
        })
        .unwrap_or_else(|| panic!("no bottleneck in {function}"))
}

/// The address a debug=2 dump prints for the resource of the goroutines calling
/// `function`: in each goroutine, the first argument of its `function(` line when printed
/// exactly (no `?`), else that of the last lock call before it (`lockSlow(0x…)`,
/// `sync.(*RWMutex).Lock(0x…)`, the lock's own address); `Some` when every goroutine
/// prints one and all are the same.
fn printed_address(text: &str, function: &str) -> Option<String> {
    let prefix = format!("{function}(");
    let first_arg = |line: &str, prefix: &str| -> Option<String> {
        let arg = line.strip_prefix(prefix)?.split([',', ')']).next()?;
        let exact = arg.starts_with("0x") && !arg.contains('?') && arg != "0x0";
        exact.then(|| arg.to_owned())
    };
    let mut found: Vec<Option<String>> = Vec::new();
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block.lines().collect();
        let Some(at) = lines.iter().position(|l| l.starts_with(prefix.as_str())) else {
            continue;
        };
        let lock = lines[..at].iter().rev().find_map(|l| {
            ["internal/sync.(*Mutex).lockSlow(", "sync.(*RWMutex).Lock("]
                .iter()
                .find_map(|p| first_arg(l, p))
        });
        found.push(first_arg(lines[at], &prefix).or(lock));
    }
    let first = found.first()?.clone()?;
    found
        .iter()
        .all(|f| f.as_deref() == Some(first.as_str()))
        .then_some(first)
}

/// Checks every bottleneck of `scenario`'s ground truth on its debug=2, debug=1 and
/// debug=0 (protobuf) dumps.
fn matches_ground_truth(scenario: &str) {
    for debug in [2, 1, 0] {
        let path = match debug {
            0 => format!("bottleneck/{scenario}.goroutine.debug0.pb.gz"),
            _ => format!("bottleneck/{scenario}.goroutine.debug{debug}.txt"),
        };
        dump_matches_ground_truth(scenario, &path, debug == 2);
    }
}

/// Checks every bottleneck of `scenario`'s ground truth on the dump at `path`, a text
/// dump with arguments and states (debug=2, a crash) when `full`, else a debug=1 one.
fn dump_matches_ground_truth(scenario: &str, path: &str, full: bool) {
    let truth: Value =
        serde_json::from_str(&fixture(&format!("bottleneck/{scenario}.truth.json"))).unwrap();
    let expected = truth["bottlenecks"].as_array().unwrap();
    {
        let report = if path.ends_with(".pb.gz") {
            report_of_bytes(path)
        } else {
            report(path)
        };
        let found = bottlenecks(&report);
        assert_eq!(found.len(), expected.len(), "{path}: {found:#?}");
        for want in expected {
            let function = want["waitFunction"].as_str().unwrap();
            let a = found
                .iter()
                .find(|a| a["bottleneck"]["resource"]["function"] == want["waitFunction"])
                .unwrap_or_else(|| panic!("{path}: no bottleneck in {function}"));
            let b = &a["bottleneck"];
            let what = format!("{path}: {function}");
            assert_eq!(b["resource"]["kind"], want["kind"], "{what}");
            assert_eq!(b["resource"]["name"], want["resource"], "{what}");
            assert_eq!(b["waiters"]["goroutines"], want["waiters"], "{what}");
            assert_eq!(b["waiters"]["labels"], want["waiterLabels"], "{what}");
            assert_eq!(b["holders"]["goroutines"], want["holders"], "{what}");
            let doing = &b["holders"]["doing"];
            // Nothing in the process holds what an `io` pile-up waits for (the peer does).
            let held = want["holders"] != 0;
            assert_eq!(
                doing.as_array().unwrap().len(),
                usize::from(held),
                "{what}: {doing:#?}"
            );
            if !held {
                assert_eq!(b["holders"]["basis"], "none", "{what}");
                assert_eq!(b["resource"]["address"], Value::Null, "{what}");
                continue;
            }
            assert_eq!(doing[0]["function"], want["holderFunction"], "{what}");
            if full {
                assert_eq!(doing[0]["state"], want["holderState"], "{what}");
                let address = printed_address(&fixture(path), function);
                assert_eq!(b["resource"]["address"], json!(address), "{what}");
                assert_eq!(
                    b["resource"]["basis"],
                    if address.is_some() { "address" } else { "type" },
                    "{what}"
                );
                assert!(b.get("inferred").is_none(), "{what}");
            } else {
                // debug=1 and protobuf profiles print no arguments and no states: tied
                // by frames only, and the finding says so.
                assert_eq!(doing[0]["state"], "", "{what}");
                assert_eq!(b["resource"]["address"], Value::Null, "{what}");
                assert_ne!(b["holders"]["basis"], "address", "{what}");
                assert_eq!(b["inferred"], true, "{what}");
                let detail = a["detail"].as_str().unwrap();
                assert!(
                    detail.contains("Inferred from the frames"),
                    "{what}: {detail}"
                );
            }
        }
    }
}

#[test]
fn a_service_with_three_saturated_resources() {
    matches_ground_truth("service");
}

#[test]
fn a_database_sql_pool_at_max_open_conns() {
    matches_ground_truth("sqlpool");
}

#[test]
fn an_rwmutex_held_by_a_reader_across_io() {
    matches_ground_truth("rwmutex");
}

#[test]
fn a_buffered_channel_semaphore_with_every_slot_stuck() {
    matches_ground_truth("semaphore");
}

#[test]
fn outbound_http_calls_without_a_timeout_wait_for_minutes() {
    matches_ground_truth("httpcall");
    let report = report("bottleneck/httpcall.goroutine.debug2.txt");
    let calls = waiting_in(&report, "(*persistConn).roundTrip");
    // The program waited 70 s after a GC stamped the waits: every call shows a minute.
    assert_eq!(calls["bottleneck"]["waiters"]["minutes"], json!([1, 1]));
    let detail = calls["detail"].as_str().unwrap();
    assert!(
        detail.contains("waited up to 1 minute: the client likely has no timeout"),
        "{detail}"
    );
    let text = report["summary"]["text"].as_str().unwrap();
    assert!(text.contains("outbound HTTP calls"), "{text}");
}

/// The same stuck provider read from HTTP handlers that carry no labels: the server's
/// handler dispatch under each waiter makes them requests. The connections idle between
/// requests (net/http's keep-alive read) and the program's own line server reading from
/// idle clients wait on a peer too, with no request under them: no pile-up.
#[test]
fn unlabelled_http_handlers_reading_from_a_stuck_peer_are_an_io_pile_up() {
    matches_ground_truth("httpio");
    let report = report("bottleneck/httpio.goroutine.debug2.txt");
    let text = report["summary"]["text"].as_str().unwrap();
    assert!(text.contains("quotes.(*Client)"), "{text}");
    assert!(!text.contains("readLines"), "{text}");
    // Unlabelled: the finding says what makes them requests, not that they carry labels.
    let detail = waiting_in(&report, "quotes.(*Client).Fetch")["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        detail.contains("they run under a server's request handler") && !detail.contains("labels"),
        "{detail}"
    );
    let labelled = report_findings(&fixture("bottleneck/io.goroutine.debug2.txt"), &[]);
    let io = labelled.iter().find(|a| a.rule == "bottleneck").unwrap();
    assert!(io.detail.contains("they carry labels"), "{}", io.detail);
}

#[test]
fn requests_reading_from_a_stuck_peer_are_an_io_pile_up() {
    matches_ground_truth("io");
    let report = report("bottleneck/io.goroutine.debug2.txt");
    let io = waiting_in(&report, "quotes.(*Client).Fetch");
    // Every read shares one receiver (one client) but each has its own connection: tied
    // by the type, never by an address.
    assert_eq!(io["bottleneck"]["resource"]["basis"], "type");
    // The program waited 70 s after a GC stamped the waits: every read shows a minute.
    assert_eq!(io["bottleneck"]["waiters"]["minutes"], json!([1, 1]));
    let detail = io["detail"].as_str().unwrap();
    assert!(
        detail.contains("waited up to 1 minute: the reads likely have no deadline"),
        "{detail}"
    );
    assert!(detail.contains("wait on the peer"), "{detail}");
    let text = report["summary"]["text"].as_str().unwrap();
    assert!(
        text.starts_with(
            "1 bottleneck involves 44 of 46 goroutines: the network I/O of quotes.(*Client)"
        ),
        "{text}"
    );
    // The reads are the bottleneck's, not netpoll-wait's "normal for a server".
    for debug in [2, 1] {
        let path = format!("bottleneck/io.goroutine.debug{debug}.txt");
        let list = report_findings(&fixture(&path), &[]);
        assert!(
            list.iter().all(|a| a.rule != "netpoll-wait"),
            "{path}: {list:#?}"
        );
    }
}

#[test]
fn the_read_loops_of_unanswered_calls_are_not_normal() {
    // 18 `(*persistConn).readLoop` in IO wait for a minute: the connections of the calls
    // that wait for the provider, held by the http-call finding, not called normal.
    for debug in [2, 1] {
        let path = format!("bottleneck/httpcall.goroutine.debug{debug}.txt");
        let report = report(&path);
        let calls = waiting_in(&report, "(*persistConn).roundTrip");
        let doing = &calls["bottleneck"]["holders"]["doing"][0];
        assert_eq!(
            doing["function"], "net/http.(*persistConn).readLoop",
            "{path}"
        );
        let loops = doing["group"].clone();
        let annotations = report["profiles"][0]["annotations"].as_array().unwrap();
        for a in annotations.iter().filter(|a| *a != calls) {
            assert!(
                !a["groups"].as_array().unwrap().contains(&loops),
                "{path}: {a:#?}"
            );
        }
    }
}

#[test]
fn a_transport_at_max_conns_per_host_is_blocked_by_its_own_calls() {
    matches_ground_truth("transport");
    for debug in [2, 1] {
        let path = format!("bottleneck/transport.goroutine.debug{debug}.txt");
        let report = report(&path);
        let annotations = report["profiles"][0]["annotations"].as_array().unwrap();
        let pool = waiting_in(&report, "(*Transport).getConn");
        let calls = waiting_in(&report, "(*persistConn).roundTrip");
        // The pool's holders are the calls waiting for the provider: a chain.
        let next = pool["bottleneck"]["blockedBy"].as_u64().unwrap() as usize;
        assert_eq!(&annotations[next], calls, "{path}");
        assert!(calls["bottleneck"].get("blockedBy").is_none(), "{path}");
        assert!(pool["bottleneck"].get("cycle").is_none(), "{path}");
        let detail = pool["detail"].as_str().unwrap();
        assert!(
            detail.contains("Its holders wait in turn for the outbound HTTP calls"),
            "{detail}"
        );
        let text = report["summary"]["text"].as_str().unwrap();
        assert!(
            text.contains("themselves waiting for http.(*persistConn)"),
            "{text}"
        );
        // Each goroutine counted once: the calls hold the pool and wait for the peer.
        let total = 30 + 10 + 10;
        assert!(
            text.starts_with(&format!("2 bottlenecks hold {total} of ")),
            "{text}"
        );
    }
}

#[test]
fn a_slow_consumer_holds_a_full_channel() {
    matches_ground_truth("consumer");
}

#[test]
fn a_mutex_held_across_io_is_tied_by_the_lock_address() {
    matches_ground_truth("lockio");
    // Token prints its receiver with `?`; lockSlow prints the mutex, which Refresh's
    // receiver equals (the mutex is the Store's first field).
    let path = "bottleneck/lockio.goroutine.debug2.txt";
    let report = report(path);
    let mutex = waiting_in(&report, "(*Store).Token");
    let address = printed_address(
        &fixture(path),
        "example.com/ordersvc/internal/session.(*Store).Refresh",
    );
    assert!(address.is_some());
    assert_eq!(mutex["bottleneck"]["resource"]["address"], json!(address));
    assert_eq!(mutex["bottleneck"]["holders"]["basis"], "address");
}

#[test]
fn two_locks_taken_in_opposite_orders_are_a_deadlock_cycle() {
    matches_ground_truth("deadlock");
    // The runtime's own crash of the same program: the same bottlenecks, and its
    // deadlock finding stays apart (it is about every goroutine).
    dump_matches_ground_truth("deadlock", "bottleneck/deadlock.crash.txt", true);
    for path in [
        "bottleneck/deadlock.goroutine.debug2.txt",
        "bottleneck/deadlock.goroutine.debug1.txt",
        "bottleneck/deadlock.crash.txt",
    ] {
        let report = report(path);
        let annotations = report["profiles"][0]["annotations"].as_array().unwrap();
        let inventory = waiting_in(&report, "(*Inventory).Reserve");
        let ledger = waiting_in(&report, "(*Ledger).Balance");
        let index = |a: &Value| annotations.iter().position(|x| x == a).unwrap();
        let (i, l) = (index(inventory), index(ledger));
        assert_eq!(inventory["bottleneck"]["blockedBy"], json!(l), "{path}");
        assert_eq!(ledger["bottleneck"]["blockedBy"], json!(i), "{path}");
        assert_eq!(inventory["bottleneck"]["cycle"], json!([i, l]), "{path}");
        assert_eq!(ledger["bottleneck"]["cycle"], json!([l, i]), "{path}");
        for a in [inventory, ledger] {
            assert_eq!(a["severity"], "critical", "{path}");
            let detail = a["detail"].as_str().unwrap();
            assert!(detail.contains("Deadlock: ledger.(*"), "{detail}");
        }
        let text = report["summary"]["text"].as_str().unwrap();
        assert!(
            text.contains(
                "in a deadlock (ledger.(*Inventory) → ledger.(*Ledger) → ledger.(*Inventory))"
            ),
            "{text}"
        );
        let crash = annotations.iter().find(|a| a["rule"] == "deadlock");
        assert_eq!(crash.is_some(), path.ends_with("crash.txt"), "{path}");
    }
}

#[test]
fn saturated_resources_are_never_called_normal() {
    // Whatever else a rule says, nothing about the waiters of a held resource calls
    // them normal (sync-wait does for idle workers on a Cond; these are starved).
    for scenario in [
        "service",
        "sqlpool",
        "rwmutex",
        "semaphore",
        "httpcall",
        "transport",
        "consumer",
        "lockio",
        "io",
        "httpio",
        "deadlock",
    ] {
        for debug in [2, 1] {
            let path = format!("bottleneck/{scenario}.goroutine.debug{debug}.txt");
            let report = report(&path);
            // Their waiters and holders alike (an http call's read loop, a pool's
            // connection in I/O).
            let waiters: Vec<&Value> = bottlenecks(&report)
                .iter()
                .flat_map(|a| {
                    let b = &a["bottleneck"];
                    let groups = |who: &str| b[who]["groups"].as_array().unwrap().iter();
                    groups("waiters").chain(groups("holders"))
                })
                .collect();
            let annotations = report["profiles"][0]["annotations"].as_array().unwrap();
            let all = annotations.iter().chain(
                annotations
                    .iter()
                    .flat_map(|a| a["merged"].as_array().into_iter().flatten()),
            );
            for a in all {
                let about_waiters = a["groups"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|g| waiters.contains(&g));
                let top_level = a.get("bottleneck").is_some() || a["severity"] != "info";
                if about_waiters && (top_level || a.get("merged").is_none()) {
                    // Title or detail (netpoll-wait says "normal for a server" in its title).
                    let words = format!("{} {}", a["title"], a["detail"]).to_lowercase();
                    let standalone = annotations.contains(a);
                    assert!(!(standalone && words.contains("normal")), "{path}: {a:#?}");
                }
            }
        }
    }
}

#[test]
fn a_healthy_service_is_quiet() {
    for debug in [2, 1] {
        let path = format!("bottleneck/healthy.goroutine.debug{debug}.txt");
        let list = report_findings(&fixture(&path), &[]);
        assert!(
            list.iter()
                .all(|a| a.severity == goroseer::rules::Severity::Info),
            "{path}: {list:#?}"
        );
        let report = report(&path);
        assert!(bottlenecks(&report).is_empty(), "{path}");
        assert_eq!(report["summary"]["findings"], json!([]), "{path}");
    }
}

#[test]
fn the_holder_is_tied_by_the_address_it_prints() {
    // pricecache.(*Cache).Reload(0x…, 0x0?) prints the cache's address; the waiters'
    // lockSlow and Price print the same one.
    let report = report("bottleneck/service.goroutine.debug2.txt");
    let mutex = bottlenecks(&report)
        .into_iter()
        .find(|a| a["bottleneck"]["resource"]["kind"] == "mutex")
        .unwrap();
    assert_eq!(mutex["bottleneck"]["holders"]["basis"], "address");
    let address = mutex["bottleneck"]["resource"]["address"].as_str().unwrap();
    assert!(mutex["detail"].as_str().unwrap().contains(address));
    // The pool's holders are Conn methods of the pool's package: a weaker tie, said so.
    let pool = waiting_in(&report, "db.(*Pool).Get");
    assert_eq!(pool["bottleneck"]["holders"]["basis"], "package");
    assert!(pool["detail"].as_str().unwrap().contains("same package"));
}

#[test]
fn starved_pool_waiters_are_not_called_normal() {
    // sync-wait alone calls Cond waiters "normal for idle workers"; here something holds
    // the pool, so the finding the report leads with is the bottleneck, with sync-wait
    // folded into it.
    let report = report("bottleneck/service.goroutine.debug2.txt");
    let pool = waiting_in(&report, "db.(*Pool).Get");
    assert_eq!(pool["rule"], "bottleneck");
    assert_eq!(pool["severity"], "critical");
    assert!(!pool["detail"].as_str().unwrap().contains("Normal"));
    let merged: Vec<&str> = pool["merged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rule"].as_str().unwrap())
        .collect();
    assert_eq!(merged, ["sync-wait"]);
    // No other finding is about the pool's waiters.
    let annotations = report["profiles"][0]["annotations"].as_array().unwrap();
    let waiter_groups = &pool["bottleneck"]["waiters"]["groups"];
    for a in annotations.iter().filter(|a| *a != pool) {
        for g in a["groups"].as_array().unwrap() {
            assert!(!waiter_groups.as_array().unwrap().contains(g), "{a:#?}");
        }
    }
}

#[test]
fn the_incident_summary_ranks_bottlenecks_by_goroutines_affected() {
    let report = report("bottleneck/service.goroutine.debug2.txt");
    let summary = &report["summary"];
    let text = summary["text"].as_str().unwrap();
    let total = report["profiles"][0]["goroutines"]["total"]
        .as_u64()
        .unwrap();
    let found = bottlenecks(&report);
    let affected = |a: &Value| {
        a["bottleneck"]["waiters"]["goroutines"].as_u64().unwrap()
            + a["bottleneck"]["holders"]["goroutines"].as_u64().unwrap()
    };
    let sum: u64 = found.iter().map(|a| affected(a)).sum();
    assert!(
        text.starts_with(&format!("3 bottlenecks hold {sum} of {total} goroutines: ")),
        "{text}"
    );
    // Ranked: each named in the order of the findings, which go by goroutines affected.
    let ranked: Vec<&Value> = summary["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            &report["profiles"][f["profile"].as_u64().unwrap() as usize]["annotations"]
                [f["annotation"].as_u64().unwrap() as usize]
        })
        .collect();
    assert_eq!(ranked.len(), 3);
    assert!(ranked.windows(2).all(|w| affected(w[0]) >= affected(w[1])));
    let mut at = 0;
    for a in &ranked {
        let name = a["bottleneck"]["resource"]["name"].as_str().unwrap();
        let short = &name[name.rfind('/').unwrap() + 1..];
        let pos = text[at..]
            .find(short)
            .unwrap_or_else(|| panic!("{short} in {text}"))
            + at;
        at = pos;
    }
    // The most affected label of the largest one is named.
    assert!(text.contains("route=/v1/orders 30"), "{text}");
}

#[test]
fn corpus_sync_contention_names_rebuild_and_export_stats() {
    for path in [
        "corpus/goroutine-sync-contention/goroutine.debug2.txt",
        "corpus/goroutine-sync-contention/goroutine.debug1.txt",
    ] {
        let report = report(path);
        let found = bottlenecks(&report);
        let holder = |kind: &str| {
            let a = found
                .iter()
                .find(|a| a["bottleneck"]["resource"]["kind"] == kind)
                .unwrap_or_else(|| panic!("{path}: no {kind}"));
            a["bottleneck"]["holders"]["doing"][0]["function"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert!(
            holder("mutex").ends_with("inventory.(*Store).Rebuild"),
            "{path}"
        );
        assert!(
            holder("rwmutex").ends_with("config.(*Store).ExportStats"),
            "{path}"
        );
        let mutex = found
            .iter()
            .find(|a| a["bottleneck"]["resource"]["kind"] == "mutex")
            .unwrap();
        assert_eq!(mutex["bottleneck"]["waiters"]["goroutines"], 500);
        let rw = found
            .iter()
            .find(|a| a["bottleneck"]["resource"]["kind"] == "rwmutex")
            .unwrap();
        // 120 readers in Get, 19 writers on the internal mutex + the first writer in Set.
        assert_eq!(rw["bottleneck"]["waiters"]["readers"], 120);
        assert_eq!(rw["bottleneck"]["waiters"]["writers"], 20);
        if path.ends_with("debug2.txt") {
            // The waiters print the lock's address (lockSlow(0x…)); the holders print
            // `0x0?`, so they are tied by type and the finding says so.
            let text = fixture(path);
            let address = printed_address(
                &text,
                "github.com/acme/shop/internal/inventory.(*Store).Reserve",
            );
            assert_eq!(mutex["bottleneck"]["resource"]["address"], json!(address));
            assert!(address.is_some());
            assert_eq!(mutex["bottleneck"]["holders"]["basis"], "type");
            assert!(mutex["detail"].as_str().unwrap().contains("same type"));
        }
    }
}

#[test]
fn corpus_crawler_is_one_finding() {
    let path = "corpus/goroutine-100k-crawler/goroutine.debug1.txt";
    let list = report_findings(&fixture(path), &[]);
    let alarming: Vec<_> = list
        .iter()
        .filter(|a| a.severity > goroseer::rules::Severity::Info)
        .collect();
    assert_eq!(alarming.len(), 1, "{alarming:#?}");
    let report = report(path);
    let found = bottlenecks(&report);
    assert_eq!(found.len(), 1);
    let b = &found[0]["bottleneck"];
    assert_eq!(b["resource"]["kind"], "semaphore");
    assert_eq!(b["waiters"]["goroutines"], 99936);
    assert_eq!(b["holders"]["goroutines"], 64);
    assert!(b["holders"]["doing"][0]["function"]
        .as_str()
        .unwrap()
        .ends_with("crawl.(*Crawler).fetch"));
    let merged: Vec<&str> = found[0]["merged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rule"].as_str().unwrap())
        .collect();
    assert_eq!(merged, ["dominant-group", "goroutine-count-high"]);
}

#[test]
fn corpus_leak_is_one_finding_per_leaking_site() {
    // Three call sites leak one goroutine each per request: three problems, no more.
    let path = "corpus/goroutine-leak/goroutine.t70s.debug2.txt";
    let list = report_findings(&fixture(path), &[]);
    let alarming: Vec<_> = list
        .iter()
        .filter(|a| a.severity > goroseer::rules::Severity::Info)
        .collect();
    assert_eq!(alarming.len(), 3, "{alarming:#?}");
    let mut groups: Vec<usize> = alarming.iter().flat_map(|a| a.groups.clone()).collect();
    groups.sort_unstable();
    groups.dedup();
    assert_eq!(groups.len(), 3);
    let leaked = report_findings(
        &fixture("corpus/goroutine-leak/goroutineleak.debug2.txt"),
        &[],
    );
    assert_eq!(
        leaked
            .iter()
            .filter(|a| a.severity > goroseer::rules::Severity::Info)
            .count(),
        1,
        "{leaked:#?}"
    );
}
