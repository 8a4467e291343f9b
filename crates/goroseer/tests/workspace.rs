//! A workspace of several files reads each once and shows them as the page always has:
//! its report is the report of the files joined into one text (the page's former way of
//! reading a multi-file drop), its comparison the comparison of the files analysed apart.

mod common;

use common::{corpus, read};
use goroseer::report::ReportOptions;
use goroseer::GroupQuery;
use goroseer::ProfileQuery;
use goroseer::{analyze, Options, Workspace};
use goroseer::{CompareInput as Input, CompareOptions, DumpTimes};
use serde_json::Value;

const LEAK: [&str; 3] = [
    "goroutine-leak/goroutine.t05s.debug2.txt",
    "goroutine-leak/goroutine.t15s.debug2.txt",
    "goroutine-leak/goroutine.t70s.debug2.txt",
];

/// Heap dumps of one program, and contention profiles of another: records' frame ids.
/// (Files of different programs are not compared with their joined text: each file
/// decides its own main module in a workspace, the joined text one for all.)
const HEAP: [&str; 2] = [
    "heap-default-rate/heap.debug1.txt",
    "heap-memprofilerate1/heap.debug1.txt",
];
const CONTENTION: [&str; 2] = [
    "block-mutex/block.debug1.txt",
    "block-mutex/mutex.debug1.txt",
];

fn texts(files: &[&str]) -> Vec<String> {
    files.iter().map(|f| read(&corpus().join(f))).collect()
}

fn workspace(files: &[&str]) -> Workspace {
    let mut workspace = Workspace::new(Options::default());
    for (file, text) in files.iter().zip(texts(files)) {
        workspace.add_bytes(*file, text.into_bytes());
    }
    workspace
}

fn json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap()
}

/// Diagnostics and records carry line numbers of each file in a workspace (of the joined
/// text before).
fn without_lines(mut report: Value) -> Value {
    report["diagnostics"] = Value::Null;
    // Several files name their dumps in the summary and say how they read together
    // (`layout`); one text holding the same dumps does neither.
    report["summary"] = Value::Null;
    if let Some(map) = report.as_object_mut() {
        map.remove("layout");
    }
    // The joined text is one log, with a timeline of its dumps; several files are not.
    if let Some(map) = report.as_object_mut() {
        map.remove("timeline");
    }
    for p in report["profiles"].as_array_mut().unwrap() {
        p["diagnostics"] = Value::Null;
        if p["heap"]["memstats"].is_object() {
            p["heap"]["memstats"]["line"] = Value::Null;
        }
        for kind in ["heap", "contention", "threadcreate"] {
            if let Some(records) = p[kind]["records"].as_array_mut() {
                records.iter_mut().for_each(|r| r["line"] = Value::Null);
            }
        }
    }
    report
}

#[test]
fn the_report_of_several_files_is_the_report_of_their_joined_text() {
    for files in [&LEAK[..], &HEAP[..], &CONTENTION[..]] {
        let workspace = workspace(files);
        assert_eq!(workspace.parse_count(), files.len());
        let joined = analyze(&texts(files).join("\n"), &Options::default());
        for options in [
            ReportOptions::default(),
            ReportOptions {
                max_groups: Some(3),
            },
        ] {
            assert_eq!(
                without_lines(json(&workspace.report(&options))),
                without_lines(json(&joined.report_with(&options))),
                "{files:?}"
            );
        }
        for profile in 0..joined.document.profiles.len() {
            let query = ProfileQuery {
                profile,
                ..ProfileQuery::default()
            };
            assert_eq!(
                workspace.top(&query).ok().map(|t| json(&t)),
                goroseer::query::top(&joined.document, &query)
                    .ok()
                    .map(|t| json(&t))
            );
            assert_eq!(
                workspace.call_tree(&query).ok().map(|t| json(&t)),
                goroseer::query::call_tree(&joined.document, &query)
                    .ok()
                    .map(|t| json(&t))
            );
            let annotations = joined.annotations()[profile].len();
            for annotation in (0..annotations).map(Some).chain([None]) {
                let query = GroupQuery {
                    profile,
                    annotation,
                    ..GroupQuery::default()
                };
                assert_eq!(
                    workspace.groups(&query).ok().map(|g| json(&g)),
                    joined.groups(&query).ok().map(|g| json(&g))
                );
            }
            // Members say their line in their own file (of the joined text before).
            let members = |m: Value| -> Vec<Value> {
                let mut m = m.as_array().unwrap().clone();
                m.iter_mut().for_each(|g| g["line"] = Value::Null);
                m
            };
            assert_eq!(
                members(json(&workspace.group_members(profile, 0, 0, 5))),
                members(json(&joined.group_members(profile, 0, 0, 5)))
            );
        }
        assert_eq!(workspace.parse_count(), files.len());
    }
}

#[test]
fn the_comparison_is_that_of_the_files_analysed_apart() {
    let workspace = workspace(&LEAK);
    let analyses: Vec<_> = texts(&LEAK)
        .iter()
        .map(|t| analyze(t, &Options::default()))
        .collect();
    let inputs: Vec<Input<'_>> = LEAK
        .iter()
        .zip(&analyses)
        .map(|(name, a)| Input::of(name, a))
        .collect();
    let options = CompareOptions {
        times: DumpTimes::FromNames,
        ..CompareOptions::default()
    };
    let rules = goroseer::rules::RuleOptions::default();
    let apart = goroseer::compare(&inputs, &options, &rules).unwrap();
    assert_eq!(json(&workspace.compare(&options).unwrap()), json(&apart));
    // A compared group's goroutines, snapshot by snapshot, are as many as its series says.
    let goroutines = apart.goroutines.as_ref().unwrap();
    let group = &goroutines.groups[0];
    for (s, snapshot) in goroutines.snapshots.iter().enumerate() {
        let members: usize = group.members[s]
            .iter()
            .map(|&g| {
                let level = options.group_by;
                workspace
                    .input_group_members(snapshot.input, snapshot.profile, level, g, 0, 10_000)
                    .len()
            })
            .sum();
        assert_eq!(members as u64, group.series[s]);
    }
    assert_eq!(workspace.parse_count(), LEAK.len());
}

#[test]
fn a_utf16_file_among_utf8_ones_is_decoded_on_its_own() {
    let mut texts = texts(&LEAK);
    let utf8 = workspace(&LEAK);
    let mut mixed = Workspace::new(Options::default());
    let second = texts.remove(1);
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(second.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    mixed.add_bytes(LEAK[0], texts.remove(0).into_bytes());
    mixed.add_bytes(LEAK[1], utf16);
    mixed.add_bytes(LEAK[2], texts.remove(0).into_bytes());
    assert_eq!(
        json(&mixed.report(&ReportOptions::default())),
        json(&utf8.report(&ReportOptions::default()))
    );
}

/// Every dump of a folder as the page's drop adds it (gzip undone), in name order.
fn folder(dir: &str) -> Workspace {
    let mut names: Vec<_> = std::fs::read_dir(corpus().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    names.sort();
    let mut workspace = Workspace::new(Options::default());
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        workspace.add_file(name, bytes).unwrap();
    }
    workspace
}

/// The corpus's goroutine-leak folder: several snapshots of one program (debug=0/1/2 at
/// 5 s, 15 s and 70 s, and the leak profile). The report says so: Compare, opened first,
/// and no Fleet; its summary says the leak once, naming the dumps that show it.
#[test]
fn the_leak_folder_reads_as_snapshots_and_says_each_problem_once() {
    let workspace = folder("goroutine-leak");
    let report = json(&workspace.report(&ReportOptions::default()));
    let layout = &report["layout"];
    assert_eq!(layout["reading"], "snapshots", "{layout}");
    assert_eq!(layout["reason"], "times-in-names");
    assert_eq!(layout["views"], serde_json::json!(["compare"]));
    assert_eq!(layout["open"], "compare");
    assert_eq!(layout["kinds"]["goroutine"], 11);
    assert!(report.get("fleet").is_none());
    let comparable = layout["comparable"].as_array().unwrap();
    assert_eq!(comparable.len(), 1);
    assert_eq!(comparable[0]["profiles"].as_array().unwrap().len(), 11);
    let dumps: Vec<&str> = layout["dumps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(dumps.len(), 11);
    assert!(dumps.contains(&"goroutineleak.debug1.txt"));

    // Every dump that found the leak, named once in the one sentence that says it.
    let summary = &report["summary"];
    let text = summary["text"].as_str().unwrap();
    let leaked: Vec<(usize, &str)> = report["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p["annotations"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["rule"] == "leaked")
                .map(move |a| (i, a["title"].as_str().unwrap()))
        })
        .collect();
    assert!(leaked.len() >= 2, "{leaked:?}");
    let title = leaked[0].1;
    assert!(leaked.iter().all(|(_, t)| *t == title), "{leaked:?}");
    assert_eq!(text.matches(title).count(), 1, "{text}");
    let problem = summary["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            let at = &p["findings"][0];
            let a = &report["profiles"][at["profile"].as_u64().unwrap() as usize]["annotations"]
                [at["annotation"].as_u64().unwrap() as usize];
            a["rule"] == "leaked"
        })
        .expect("the leak is a problem of the summary");
    let named: Vec<&str> = problem["dumps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    // The last dump's first: the one whose finding the sentence says.
    let want: Vec<&str> = leaked.iter().rev().map(|&(i, _)| dumps[i]).collect();
    assert_eq!(named, want);
    // The sentence names them (three in full, the rest counted).
    for name in named.iter().take(3) {
        assert!(text.contains(name), "{name} in {text}");
    }
    // Each problem is one entry: no two of one rule about one thing (a call site, else a
    // title), whatever its count in each dump.
    let problems = summary["problems"].as_array().unwrap();
    let keys: std::collections::HashSet<(String, String)> = problems
        .iter()
        .map(|p| {
            let at = &p["findings"][0];
            let a = &report["profiles"][at["profile"].as_u64().unwrap() as usize]["annotations"]
                [at["annotation"].as_u64().unwrap() as usize];
            let about = a["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["key"] == "site")
                .map_or(a["title"].to_string(), |e| {
                    e["value"]["function"].to_string()
                });
            (a["rule"].to_string(), about)
        })
        .collect();
    assert_eq!(keys.len(), problems.len());
    // A blocked send that grew over the snapshots is one problem, said with the last count.
    let blocked = problems
        .iter()
        .filter(|p| {
            let at = &p["findings"][0];
            let a = &report["profiles"][at["profile"].as_u64().unwrap() as usize]["annotations"]
                [at["annotation"].as_u64().unwrap() as usize];
            a["rule"] == "channel-blocked"
        })
        .count();
    assert!(blocked <= 3, "{}", summary["problems"]);
}

/// Its comparison, with times read from the names: the three files of the leak profile
/// carry none, and the note names them and says what the comparison did instead.
#[test]
fn a_name_without_a_time_is_named() {
    let workspace = folder("goroutine-leak");
    let comparison = json(
        &workspace
            .compare(&CompareOptions {
                times: DumpTimes::FromNames,
                ..CompareOptions::default()
            })
            .unwrap(),
    );
    assert_eq!(comparison["timeSource"], Value::Null);
    let notes: Vec<&str> = comparison["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    let times = notes
        .iter()
        .find(|n| n.contains("no time in"))
        .unwrap_or_else(|| panic!("{notes:?}"));
    let untimed: Vec<&str> = workspace
        .inputs()
        .iter()
        .map(|i| i.name.as_str())
        .filter(|n| n.starts_with("goroutineleak."))
        .collect();
    assert_eq!(untimed.len(), 3);
    for name in untimed {
        assert!(times.contains(name), "{times}");
    }
    assert!(!times.contains("goroutine.t05s"), "{times}");
    assert!(times.contains("in the order given"), "{times}");
    assert!(
        !notes.iter().any(|n| n.contains("times are unknown")),
        "{notes:?}"
    );

    // The same files minus those: times from the names, two dumps of one moment allowed.
    let mut timed = Workspace::new(Options::default());
    for input in workspace
        .inputs()
        .iter()
        .filter(|i| i.name.starts_with("goroutine.t"))
    {
        let text = input.analysis.document.text.to_string();
        if !text.is_empty() {
            timed.add_text(input.name.clone(), text);
        }
    }
    let comparison = json(
        &timed
            .compare(&CompareOptions {
                times: DumpTimes::FromNames,
                ..CompareOptions::default()
            })
            .unwrap(),
    );
    assert_eq!(comparison["timeSource"], "file-names");
}

/// Profiles compared by function use no times: no note about them.
#[test]
fn profiles_compared_by_function_say_nothing_of_times() {
    let mut block = Workspace::new(Options::default());
    for (name, text) in CONTENTION.iter().zip(texts(&CONTENTION)) {
        block.add_text(format!("{name}.again"), text.clone());
        block.add_text(*name, text);
    }
    let comparison = json(&block.compare(&CompareOptions::default()).unwrap());
    assert!(!comparison["profiles"].as_array().unwrap().is_empty());
    assert!(
        !comparison["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["message"].as_str().unwrap().contains("time")),
        "{}",
        comparison["notes"]
    );
}

/// A goroutine dump, a heap and a block profile: nothing to compare, each on its own.
#[test]
fn mixed_kinds_compare_nothing() {
    let workspace = workspace(&[
        "goroutine-sync-contention/goroutine.debug2.txt",
        "heap-default-rate/heap.debug1.txt",
        "block-mutex/block.debug1.txt",
    ]);
    let report = json(&workspace.report(&ReportOptions::default()));
    assert_eq!(report["layout"]["reading"], "mixed");
    assert_eq!(report["layout"]["views"], serde_json::json!([]));
    assert_eq!(report["layout"]["open"], "overview");
}

/// The fleet of six replicas: read once, however many reports are asked for.
#[test]
fn a_fleet_is_read_once_for_every_report() {
    let dir = corpus().join("../fleet");
    // In the generator's order (truth.json's), where the leaking pod is fourth of six.
    let truth: serde_json::Value = serde_json::from_str(&read(&dir.join("truth.json"))).unwrap();
    let pods: Vec<_> = truth
        .as_array()
        .unwrap()
        .iter()
        .map(|pod| dir.join(pod["pod"].as_str().unwrap()))
        .collect();
    assert_eq!(pods.len(), 6);
    let mut workspace = Workspace::new(Options::default());
    for pod in &pods {
        let file = pod.join("goroutines.txt");
        let name = format!(
            "fleet/{}/goroutines.txt",
            pod.file_name().unwrap().to_string_lossy()
        );
        workspace.add_bytes(name, std::fs::read(file).unwrap());
    }
    let first = json(&workspace.report(&ReportOptions::default()));
    assert_eq!(first["layout"]["reading"], "fleet");
    assert_eq!(
        first["layout"]["views"],
        serde_json::json!(["compare", "fleet"])
    );
    assert_eq!(first["layout"]["open"], "overview");
    assert!(first["fleet"].is_object());
    for _ in 0..3 {
        let again = json(&workspace.report(&ReportOptions {
            max_groups: Some(5),
        }));
        assert_eq!(again["fleet"], first["fleet"]);
    }
    let asked = workspace
        .fleet(&workspace.fleet_options())
        .unwrap()
        .unwrap();
    assert_eq!(json(&asked), first["fleet"]);
    assert_eq!(workspace.fleet_count(), 1);
    // Replicas are not one process over time: no growth finding across them (the leaking
    // pod's 150 sends would read as "grows 0 → 2 → 4 → 150 → 8 → 10").
    let growth = |report: &serde_json::Value| {
        report["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["annotations"].as_array().unwrap().iter())
            .filter(|a| a["rule"].as_str().unwrap().contains("growth"))
            .count()
    };
    assert_eq!(growth(&first), 0, "{}", first["summary"]["text"]);
    // Read as snapshots when told: read again, once, and no Fleet view.
    workspace.set_fleet_layout(Some(goroseer::Layout::Snapshots));
    let told = json(&workspace.report(&ReportOptions::default()));
    assert_eq!(told["layout"]["reading"], "snapshots");
    assert_eq!(told["layout"]["reason"], "given");
    assert!(told.get("fleet").is_none());
    assert!(growth(&told) > 0, "snapshots: the sends grow across them");
    workspace.report(&ReportOptions::default());
    assert_eq!(workspace.fleet_count(), 2);
    // And back to a fleet: the growth findings go again.
    workspace.set_fleet_layout(Some(goroseer::Layout::Fleet));
    assert_eq!(
        growth(&json(&workspace.report(&ReportOptions::default()))),
        0
    );
}

/// With redaction, a streamed log's dumps share their placeholders: the labelled dump and
/// the same goroutines listed in another order (the runtime lists them in no fixed order)
/// give each group the same redacted labels.
#[test]
fn a_streamed_logs_dumps_share_their_redaction_placeholders() {
    let dump = read(&corpus().join("goroutine-labels/goroutine.debug2.txt"));
    let mut blocks: Vec<&str> = dump.split("\n\n").collect();
    blocks.reverse();
    let reordered = blocks.join("\n\n");
    let mut log = String::new();
    for (n, text) in [dump.as_str(), reordered.as_str()].iter().enumerate() {
        for i in 0..40 {
            log.push_str(&format!(
                "2026-12-02T07:0{n}:00.5Z stderr F level=info msg=\"tick {i}\"\n"
            ));
        }
        for line in text.lines() {
            log.push_str(&format!("2026-12-02T07:0{n}:01.5Z stderr F {line}\n"));
        }
    }
    let mut workspace = Workspace::new(Options {
        redact: true,
        ..Options::default()
    });
    let mut stream = workspace.log_stream("app.log");
    for chunk in log.as_bytes().chunks(4096) {
        stream.feed(chunk);
    }
    workspace.add_log(stream);
    let report = json(&workspace.report(&ReportOptions::default()));
    let text = report.to_string();
    for secret in ["/api/users", "/api/orders", "globex"] {
        assert!(!text.contains(secret), "{secret}");
    }
    let labelled = |p: &Value| -> Vec<String> {
        let mut groups: Vec<String> = p["goroutines"]["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| format!("{} {} {}", g["name"], g["count"], g["labels"]))
            .collect();
        groups.sort();
        groups
    };
    let profiles = report["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 2);
    assert!(labelled(&profiles[0]).iter().any(|g| g.contains("<v")));
    assert_eq!(labelled(&profiles[0]), labelled(&profiles[1]));
}
