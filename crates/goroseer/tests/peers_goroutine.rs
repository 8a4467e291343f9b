//! Conformance against other projects' goroutine test data (`../shared/peers`, see its
//! README): gostackparse goldens, stackgazer counts, goleak's exhaustive goroutine lists and
//! crashtracker's crash facts. Every goroutine those parsers find must be found here with the
//! same facts; where they drop goroutines (gostackparse on malformed input), we keep them and
//! say which lines we could not read. Skips (with a note) when the folder is absent.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;
use goroseer::model::goroutine::{Goroutine, GoroutineFlags, GoroutineProfile, StackEntry};
use goroseer::model::FrameTable;
use goroseer::Analysis;
use serde_json::Value;

fn peers_dir(sub: &str) -> Option<PathBuf> {
    match peers() {
        Some(dir) => Some(dir.join(sub)),
        None => {
            eprintln!("note: ../shared/peers is absent; peer conformance for {sub} skipped");
            None
        }
    }
}

/// `(function, file, line)` of the calls of a stack (elision markers left out).
fn calls(frames: &FrameTable, stack: &[StackEntry]) -> Vec<(String, String, u32)> {
    stack
        .iter()
        .filter_map(|e| match *e {
            StackEntry::Call { frame, .. } => {
                let f = frames.get(frame);
                Some((f.function.clone(), f.file.clone(), f.line))
            }
            StackEntry::Elided { .. } => None,
        })
        .collect()
}

fn golden_frame(v: &Value) -> (String, String, u32) {
    (
        v["Func"].as_str().unwrap().to_owned(),
        v["File"].as_str().unwrap().to_owned(),
        v["Line"].as_u64().unwrap() as u32,
    )
}

fn find(p: &GoroutineProfile, id: u64) -> Option<&Goroutine> {
    p.goroutines.iter().chain(&p.partial).find(|g| g.id == id)
}

/// One gostackparse golden goroutine against ours, ancestors included.
fn check_golden_goroutine(name: &str, a: &Analysis, p: &GoroutineProfile, want: &Value) {
    let frames = &a.document.frames;
    let id = want["ID"].as_u64().unwrap();
    let g = find(p, id).unwrap_or_else(|| panic!("{name}: goroutine {id} missing"));
    assert_eq!(
        p.state_of(g),
        want["State"].as_str().unwrap(),
        "{name} {id}"
    );
    assert_eq!(
        u64::from(g.wait_minutes) * 60_000_000_000,
        want["Wait"].as_u64().unwrap(),
        "{name} {id}"
    );
    assert_eq!(
        g.flags.has(GoroutineFlags::LOCKED_TO_THREAD),
        want["LockedToThread"].as_bool().unwrap(),
        "{name} {id}"
    );
    let stack = p.stacks.get(g.stack);
    let golden: Vec<_> = want["Stack"]
        .as_array()
        .unwrap()
        .iter()
        .map(golden_frame)
        .collect();
    assert_eq!(calls(frames, stack), golden, "{name} {id}: stack");
    let additional = stack
        .iter()
        .any(|e| matches!(e, StackEntry::Elided { frames: None }));
    assert_eq!(
        additional,
        want["FramesElided"].as_bool().unwrap(),
        "{name} {id}"
    );
    let created = g.created_by.map(|c| {
        let f = frames.get(c.frame);
        (f.function.clone(), f.file.clone(), f.line)
    });
    let want_created = want["CreatedBy"]
        .as_object()
        .map(|_| golden_frame(&want["CreatedBy"]));
    assert_eq!(created, want_created, "{name} {id}: created by");
    // Ancestors: a nested chain in the golden, a flat list in input order here.
    let index = p.goroutines.iter().position(|x| x.id == id).unwrap() as u32;
    let ours: Vec<_> = p
        .ancestors
        .iter()
        .filter(|s| s.goroutine == index)
        .collect();
    let mut chain = Vec::new();
    let mut next = want.get("Ancestor");
    while let Some(anc) = next.filter(|v| v.is_object()) {
        chain.push(anc);
        next = anc.get("Ancestor");
    }
    assert_eq!(ours.len(), chain.len(), "{name} {id}: ancestors");
    for (section, golden) in ours.iter().zip(chain) {
        assert_eq!(
            section.origin,
            golden["ID"].as_u64().unwrap(),
            "{name} {id}"
        );
        let want: Vec<_> = golden["Stack"]
            .as_array()
            .unwrap()
            .iter()
            .map(golden_frame)
            .collect();
        assert_eq!(
            calls(frames, p.stacks.get(section.stack)),
            want,
            "{name} {id}: ancestor"
        );
    }
}

#[test]
fn peers_gostackparse_goldens_every_goroutine_recovered() {
    let Some(dir) = peers_dir("gostackparse") else {
        return;
    };
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".txt") else {
            continue;
        };
        let golden = json(&dir.join(format!("{stem}.golden.json")));
        let a = analyze_text(&read(&path));
        let profiles = goroutine_profiles(&a);
        let want = golden["Goroutines"].as_array().cloned().unwrap_or_default();
        if want.is_empty() && golden["Errors"].is_null() {
            assert!(profiles.is_empty(), "{name}: no goroutines expected");
            files += 1;
            continue;
        }
        assert_eq!(profiles.len(), 1, "{name}");
        let p = profiles[0];
        for g in &want {
            check_golden_goroutine(&name, &a, p, g);
        }
        // Where gostackparse reported errors and dropped goroutines, every header is still
        // here (complete or cut off) and each error line is one of our diagnostics.
        let headers = read(&path)
            .lines()
            .filter(|l| l.starts_with("goroutine "))
            .count();
        assert_eq!(
            p.goroutines.len() + p.partial.len(),
            headers,
            "{name}: every goroutine"
        );
        let errors = golden["Errors"].as_array().cloned().unwrap_or_default();
        for e in errors {
            let line: usize = e
                .as_str()
                .unwrap()
                .split(" on line ")
                .nth(1)
                .unwrap()
                .split(':')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let ours: BTreeSet<usize> = p.diagnostics.iter().map(|d| d.line).collect();
            // gostackparse counts end of input as one more line.
            let last = read(&path).lines().count();
            assert!(
                ours.contains(&line) || ours.contains(&(line - 1)) || (line > last && p.truncated),
                "{name}: gostackparse error on line {line} not reported: {:?}",
                p.diagnostics
            );
        }
        files += 1;
    }
    assert_eq!(files, 13, "gostackparse fixtures");
}

/// stackgazer's group: frames (function, file, line), state normalised, header attributes.
fn stackgazer_groups(a: &Analysis, p: &GoroutineProfile) -> usize {
    let mut groups = BTreeSet::new();
    for g in &p.goroutines {
        let state = match p.state_of(g) {
            "sync.WaitGroup.Wait" | "sync.Cond.Wait" => "wait",
            "sync.Mutex.Lock" => "semacquire",
            s => s,
        };
        groups.insert((
            calls(&a.document.frames, p.stacks.get(g.stack)),
            state.to_owned(),
            g.flags.has(GoroutineFlags::LOCKED_TO_THREAD),
            g.labels.map(|l| p.label_sets[l as usize].pairs.clone()),
        ));
    }
    groups.len()
}

#[test]
fn peers_stackgazer_counts() {
    let Some(dir) = peers_dir("stackgazer") else {
        return;
    };
    let expected = json(&dir.join("EXPECTED.json"));
    let files = &expected["files"];

    let a = analyze_text(&read(&dir.join("stacks.txt")));
    let p = only_profile(&a);
    let want = &files["stacks.txt"];
    assert_eq!(
        p.total(),
        want["asserted_upstream"]["goroutines"].as_u64().unwrap()
    );
    assert_eq!(
        stackgazer_groups(&a, p) as u64,
        want["asserted_upstream"]["groups"].as_u64().unwrap()
    );
    let mut states: BTreeMap<String, u64> = BTreeMap::new();
    for g in &p.goroutines {
        *states.entry(p.state_of(g).to_owned()).or_default() += 1;
    }
    let want_states: BTreeMap<String, u64> = want["observed_here"]["states_before_normalisation"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    assert_eq!(states, want_states);

    let a = analyze_text(&read(&dir.join("stacks_with_labels.txt")));
    let p = only_profile(&a);
    let want = &files["stacks_with_labels.txt"]["asserted_upstream"];
    assert_eq!(p.total(), want["goroutines"].as_u64().unwrap());
    assert_eq!(p.goroutines.len() as u64, want["groups"].as_u64().unwrap());
    assert_eq!(p.header_total, Some(p.total()));

    // stacks-2: gostackparse drops the goroutine with `...17 frames elided...`; we keep it.
    let a = analyze_text(&read(&dir.join("stacks-2.txt")));
    let p = only_profile(&a);
    let want = &files["stacks-2.txt"]["observed_here"];
    assert_eq!(p.total(), want["goroutine_headers"].as_u64().unwrap());
    let elided = find(p, 39924).expect("goroutine 39924");
    assert!(elided.flags.has(GoroutineFlags::ELIDED));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);

    for mini in ["mini1.txt", "mini2.txt"] {
        let a = analyze_text(&read(&dir.join(mini)));
        let p = only_profile(&a);
        let want = files[mini]["observed_here"]["goroutines"]
            .as_array()
            .unwrap();
        assert_eq!(p.goroutines.len(), want.len(), "{mini}");
        for (g, w) in p.goroutines.iter().zip(want) {
            assert_eq!(g.id, w["id"].as_u64().unwrap(), "{mini}");
            assert_eq!(p.state_of(g), w["state"].as_str().unwrap(), "{mini}");
            let top = calls(&a.document.frames, p.stacks.get(g.stack));
            assert_eq!(top[0].0, w["function"].as_str().unwrap(), "{mini}");
        }
    }
}

#[test]
fn peers_goleak_exhaustive_goroutine_lists() {
    let Some(dir) = peers_dir("goleak") else {
        return;
    };
    let expected = json(&dir.join("EXPECTED.json"));
    for (file, want) in expected["files"].as_object().unwrap() {
        let a = analyze_text(&read(&dir.join(file)));
        let p = only_profile(&a);
        let want = want["goroutines"].as_array().unwrap();
        let ids: BTreeSet<u64> = p.goroutines.iter().map(|g| g.id).collect();
        let want_ids: BTreeSet<u64> = want.iter().map(|g| g["id"].as_u64().unwrap()).collect();
        assert_eq!(ids, want_ids, "{file}: exactly these goroutines");
        for w in want {
            let g = find(p, w["id"].as_u64().unwrap()).unwrap();
            assert_eq!(p.state_of(g), w["state"].as_str().unwrap(), "{file}");
            let own: Vec<String> = calls(&a.document.frames, p.stacks.get(g.stack))
                .into_iter()
                .map(|c| c.0)
                .collect();
            assert_eq!(own[0], w["first_function"].as_str().unwrap(), "{file}");
            for f in w["has_functions"].as_array().unwrap() {
                assert!(own.iter().any(|o| o == f.as_str().unwrap()), "{file}: {f}");
            }
            for f in w["not_has_functions"].as_array().unwrap() {
                assert!(!own.iter().any(|o| o == f.as_str().unwrap()), "{file}: {f}");
            }
        }
        assert!(p.diagnostics.is_empty(), "{file}: {:?}", p.diagnostics);
    }
}

fn crash_file(dir: &Path, file: &str) -> Analysis {
    analyze_text(&read(&dir.join(file)))
}

#[test]
fn peers_crashtracker_crash_facts() {
    let Some(dir) = peers_dir("crashtracker") else {
        return;
    };
    let expected = json(&dir.join("EXPECTED.json"));
    for (file, facts) in expected["files"].as_object().unwrap() {
        let want = &facts["asserted_upstream"];
        let a = crash_file(&dir, file);
        let p = only_profile(&a);
        assert_eq!(p.format.name(), "traceback", "{file}");
        let crash = &p.crash;
        // Their "threads" are goroutine blocks, g0 blocks included.
        let blocks = p.goroutines.len()
            + p.thread_stacks
                .iter()
                .filter(|t| t.header.starts_with("goroutine"))
                .count();
        if let Some(n) = want["thread_count"].as_u64() {
            assert_eq!(blocks as u64, n, "{file}: goroutines");
        }
        if let Some(n) = want["thread_count_at_least"].as_u64() {
            assert!(blocks as u64 >= n, "{file}: goroutines");
        }
        let kind = if let Some(sig) = crash.signals.first() {
            sig.trim_start_matches("[signal ")
                .split(':')
                .next()
                .unwrap()
                .to_owned()
        } else if !crash.fatal_errors.is_empty() {
            "runtime.plainError".to_owned()
        } else {
            assert!(!crash.panics.is_empty(), "{file}: a panic");
            "panic".to_owned()
        };
        assert_eq!(kind, want["error_type"].as_str().unwrap(), "{file}");
        if let Some(part) = want["message_contains"].as_str() {
            let all: Vec<&str> = crash
                .panics
                .iter()
                .map(|x| x.message.as_str())
                .chain(crash.fatal_errors.iter().map(String::as_str))
                .chain(crash.signals.iter().map(String::as_str))
                .chain(crash.runtime_messages.iter().map(String::as_str))
                .collect();
            assert!(
                all.iter().any(|m| m.contains(part)),
                "{file}: {part:?} in {all:?}"
            );
        }
        // Their crashing goroutine: first `running`, else first `syscall`, else the first.
        let crashing = p
            .goroutines
            .iter()
            .find(|g| p.state_of(g) == "running")
            .or_else(|| p.goroutines.iter().find(|g| p.state_of(g) == "syscall"))
            .or(p.goroutines.first())
            .expect("a goroutine");
        let frames = calls(&a.document.frames, p.stacks.get(crashing.stack));
        if let Some(name) = want["crashing_thread_name"].as_str() {
            assert_eq!(format!("goroutine {}", crashing.id), name, "{file}");
        }
        if let Some(state) = want["crashing_thread_state"].as_str() {
            assert_eq!(p.state_of(crashing), state, "{file}");
        }
        if let Some(list) = want["crashing_stack_functions"].as_array() {
            let names: Vec<&str> = frames.iter().map(|f| f.0.as_str()).collect();
            let want: Vec<&str> = list.iter().map(|f| f.as_str().unwrap()).collect();
            assert_eq!(names, want, "{file}");
        }
        if let Some(top) = want["top_function"].as_str() {
            let own = frames
                .iter()
                .find(|f| !f.0.starts_with("runtime.") && f.0 != "panic");
            let own = own.expect("a non-runtime frame");
            assert_eq!(own.0, top, "{file}");
            assert!(
                own.1.ends_with(want["top_file_suffix"].as_str().unwrap()),
                "{file}"
            );
        }
        if want["signal"].is_object() {
            let context = crash
                .signals
                .iter()
                .chain(&crash.signal_contexts)
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(addr) = want["signal"]["addr"].as_str() {
                assert!(
                    context.contains(&format!("addr={addr}")),
                    "{file}: {context}"
                );
            }
        }
        assert!(p.diagnostics.is_empty(), "{file}: {:?}", p.diagnostics);
    }
}

/// aprilsh's core dumps: the unwinder's `traceback: unexpected SPWRITE function …` inside a
/// thread's stack is a runtime message, and the stack goes on after it; every line left
/// unread is a note someone wrote into the dump (`## …`).
#[test]
fn peers_aprilsh_unwinder_messages_are_the_runtimes() {
    let Some(dir) = peers_dir("aprilsh") else {
        return;
    };
    let name = "ericwq_aprilsh_coredump-normal_1.txt";
    let a = analyze_text(&read(&dir.join(name)));
    let p = only_profile(&a);
    let spwrite = "traceback: unexpected SPWRITE function runtime.mcall";
    assert!(
        p.crash.runtime_messages.iter().any(|m| m == spwrite),
        "{:?}",
        p.crash.runtime_messages
    );
    let thread = &p.thread_stacks[0];
    let frames = calls(&a.document.frames, p.stacks.get(thread.stack));
    assert_eq!(frames.last().map(|f| f.0.as_str()), Some("runtime.mcall"));
    for d in &p.diagnostics {
        assert!(
            d.message.starts_with("a note written into the dump"),
            "{name}: {d:?}"
        );
    }
}
