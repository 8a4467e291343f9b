//! Redaction (`goroseer::redact`, `Options::redact`): every text dump of the corpus,
//! redacted, reads the same — groups, counts, states, frames, findings — and neither the
//! redacted dump nor the report made from it holds the dump's label values, argument
//! values, panic or error messages, or source path prefixes.

mod common;

use std::collections::BTreeSet;

use common::{corpus, read};
use goroseer::report::ReportOptions;
use goroseer::{analyze, Options, Workspace};
use serde_json::Value;

/// Every text dump of the corpus (pprof protobuf files are binary: not redactable).
fn dumps() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(corpus()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let large = path.to_string_lossy().contains("100k");
            if (name.ends_with(".txt") || name.ends_with(".txt.gz")) && !large {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 20, "corpus dumps: {}", out.len());
    out
}

fn report(text: &str) -> Value {
    serde_json::to_value(analyze(text, &Options::default()).report()).unwrap()
}

/// What a person reads from a report, without the values redaction replaces.
fn shape(report: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for p in report["profiles"].as_array().unwrap() {
        out.push(format!("{} {}", p["kind"], p["format"]));
        let g = &p["goroutines"];
        if g.is_object() {
            out.push(format!(
                "{} {} {}",
                g["total"],
                g["states"],
                g["groups"].as_array().unwrap().len()
            ));
            for group in g["groups"].as_array().unwrap() {
                let frames: Vec<String> = group["frames"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| format!("{} {} {}", f["function"], f["origin"], f["line"]))
                    .collect();
                out.push(format!(
                    "{} {} {} {} {}",
                    group["count"],
                    group["state"],
                    group["name"]["text"],
                    group["labels"].as_array().unwrap().len(),
                    frames.join(" ")
                ));
            }
        }
        for key in ["heap", "contention"] {
            if p[key].is_object() {
                out.push(format!("{key} {}", p[key]["totals"]));
            }
        }
        for a in p["annotations"].as_array().into_iter().flatten() {
            out.push(format!("{} {} {}", a["rule"], a["severity"], a["groups"]));
        }
    }
    out
}

/// Strings of `value` at keys named `key`, anywhere in it.
fn strings_at(value: &Value, key: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == key {
                    if let Some(s) = v.as_str() {
                        out.insert(s.to_owned());
                    }
                }
                strings_at(v, key, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| strings_at(v, key, out)),
        _ => {}
    }
}

/// The private things of a dump, read from its report: label values, panic values, and
/// source directories (all but a file's last two path elements).
fn secrets(report: &Value) -> BTreeSet<String> {
    let mut functions = BTreeSet::new();
    strings_at(report, "function", &mut functions);
    let mut out = BTreeSet::new();
    for p in report["profiles"].as_array().unwrap() {
        let g = &p["goroutines"];
        for group in g["groups"].as_array().into_iter().flatten() {
            for set in group["labels"].as_array().unwrap() {
                for v in set["labels"]
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.values())
                {
                    out.insert(v.as_str().unwrap().to_owned());
                }
            }
        }
        // The runtime's own messages (`fatal error: …`, `panic: runtime error: …`) are
        // kept: fixed text of Go's, which the crash findings read.
        for panic in g["crash"]["panics"].as_array().into_iter().flatten() {
            let message = panic["message"].as_str().unwrap();
            if !message.starts_with("runtime error: ") {
                out.insert(message.to_owned());
            }
        }
    }
    let mut files = BTreeSet::new();
    strings_at(report, "file", &mut files);
    for file in files {
        let parts: Vec<&str> = file.split('/').collect();
        if file.starts_with('/') && parts.len() > 3 {
            out.insert(format!("{}/", parts[..parts.len() - 2].join("/")));
        }
    }
    // A value that is also part of a function name (`acme` in `github.com/acme/…`) stays
    // where the function is named: function names are the structure, kept on purpose.
    out.retain(|s| s.len() >= 3 && !functions.iter().any(|f| f.contains(s.as_str())));
    out
}

#[test]
fn redacted_dumps_read_the_same_and_hold_no_secrets() {
    let mut checked_secrets = 0;
    for path in dumps() {
        let text = read(&path);
        let name = path.display();
        let original = report(&text);
        let redacted_text = goroseer::redact(&text);
        let redacted = report(&redacted_text);
        assert_eq!(shape(&redacted), shape(&original), "{name}");
        let secrets = secrets(&original);
        checked_secrets += secrets.len();
        let redacted_json = redacted.to_string();
        for secret in &secrets {
            assert!(
                !redacted_text.contains(secret.as_str()),
                "{name}: dump holds {secret:?}"
            );
            let escaped = serde_json::to_string(secret).unwrap();
            let escaped = &escaped[1..escaped.len() - 1];
            assert!(
                !redacted_json.contains(escaped),
                "{name}: report holds {secret:?}"
            );
        }
    }
    // Labels, panics and paths were there to hide.
    assert!(checked_secrets > 50, "{checked_secrets}");
}

#[test]
fn arguments_are_replaced_and_equal_ones_stay_equal() {
    let text = read(&corpus().join("goroutine-labels/goroutine.debug2.txt"));
    let redacted = goroseer::redact(&text);
    // Every argument list of the original that holds a pointer-sized value is gone.
    let pointers: BTreeSet<&str> = text
        .split(|c: char| !c.is_ascii_hexdigit() && c != 'x')
        .filter(|t| t.starts_with("0x") && t.len() > 10)
        .collect();
    assert!(!pointers.is_empty());
    for p in pointers {
        assert!(!redacted.contains(p), "{p}");
    }
    // Grouped with arguments, the redacted dump has exactly as many groups.
    let exact = Options {
        group_by: goroseer::GroupBy::Exact,
        ..Options::default()
    };
    let groups = |t: &str| {
        let r = serde_json::to_value(analyze(t, &exact).report()).unwrap();
        r["profiles"][0]["goroutines"]["groups"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(groups(&redacted), groups(&text));
}

#[test]
fn a_redacting_workspace_exports_no_secrets_and_refuses_binary_profiles() {
    let options = Options {
        redact: true,
        ..Options::default()
    };
    let mut workspace = Workspace::new(options);
    let files = [
        "goroutine-labels/goroutine.debug2.txt",
        "panics/recovered-then-new-panic.stderr.txt",
    ];
    let mut all_secrets = BTreeSet::new();
    for file in files {
        let bytes = std::fs::read(corpus().join(file)).unwrap();
        all_secrets.extend(secrets(&report(&String::from_utf8(bytes.clone()).unwrap())));
        workspace.add_bytes(file, bytes);
    }
    let pprof = std::fs::read(corpus().join("goroutine-labels/goroutine.debug0.pb.gz")).unwrap();
    workspace.add_file("goroutine.debug0.pb.gz", pprof).unwrap();
    let export = serde_json::to_string(&workspace.report(&ReportOptions::default())).unwrap();
    assert!(!all_secrets.is_empty());
    for secret in &all_secrets {
        let escaped = serde_json::to_string(secret).unwrap();
        assert!(
            !export.contains(&escaped[1..escaped.len() - 1]),
            "export holds {secret:?}"
        );
    }
    assert!(export.contains("redaction covers text dumps only"));
}

/// A big log read as a stream with redaction on: each dump found in it is redacted before
/// it is parsed, so the report holds none of the dumps' secrets.
#[test]
fn a_redacted_streamed_log_holds_no_secrets() {
    let files = [
        "goroutine-labels/goroutine.debug2.txt",
        "panics/recovered-then-new-panic.stderr.txt",
    ];
    let mut log = String::new();
    let mut all_secrets = BTreeSet::new();
    for (i, file) in files.iter().enumerate() {
        let text = read(&corpus().join(file));
        all_secrets.extend(secrets(&report(&text)));
        log.push_str(&format!(
            "2026-12-02T07:00:0{i}.1Z stderr F level=info msg=\"request served\"\n"
        ));
        for line in text.lines() {
            log.push_str(&format!("2026-12-02T07:00:0{i}.2Z stderr F {line}\n"));
        }
    }
    let mut workspace = Workspace::new(Options {
        redact: true,
        ..Options::default()
    });
    let mut stream = workspace.log_stream("app.log");
    for chunk in log.as_bytes().chunks(4093) {
        stream.feed(chunk);
    }
    workspace.add_log(stream);
    let export = serde_json::to_string(&workspace.report(&ReportOptions::default())).unwrap();
    let profiles = serde_json::from_str::<Value>(&export).unwrap()["profiles"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(profiles, files.len(), "both dumps found in the log");
    assert!(!all_secrets.is_empty());
    for secret in &all_secrets {
        let escaped = serde_json::to_string(secret).unwrap();
        assert!(
            !export.contains(&escaped[1..escaped.len() - 1]),
            "the streamed export holds {secret:?}"
        );
    }
}

/// Redacted paths keep what tells a dependency from the program's own code (the module
/// cache's `/pkg/mod/`, a `/vendor/` tree): the main module and every frame's origin stay
/// the same on every corpus dump (`peers_redact.rs` does the same on other projects' dumps).
#[test]
fn redacted_dumps_keep_frame_origins_and_main_module() {
    for path in dumps() {
        common::redaction::keeps_origins(&path);
    }
}

#[test]
fn module_cache_and_vendor_paths_keep_their_marker_and_hide_their_prefix() {
    // Two frames of each dependency, one of the program's own: were the markers lost, a
    // dependency would count most and be taken for the main module.
    let dump = "goroutine 1 [select]:\n\
                golang.org/x/sync/errgroup.(*Group).Go.func1()\n\
                \t/home/ann/go/pkg/mod/golang.org/x/sync@v0.1.0/errgroup/errgroup.go:75 +0x56\n\
                golang.org/x/sync/errgroup.(*Group).Wait()\n\
                \t/home/ann/go/pkg/mod/golang.org/x/sync@v0.1.0/errgroup/errgroup.go:56 +0x56\n\
                github.com/lib/pq.(*conn).recv()\n\
                \t/home/ann/src/shop/vendor/github.com/lib/pq/conn.go:981 +0x56\n\
                github.com/lib/pq.(*conn).query()\n\
                \t/home/ann/src/shop/vendor/github.com/lib/pq/conn.go:870 +0x56\n\
                github.com/acme/shop/internal/db.(*Pool).Get()\n\
                \t/home/ann/src/shop/internal/db/pool.go:42 +0x1d\n";
    assert_eq!(report(dump)["mainModule"], "github.com/acme/shop");
    let out = goroseer::redact(dump);
    assert!(!out.contains("/home/ann"), "{out}");
    assert!(
        out.contains("/pkg/mod/golang.org/x/sync@v0.1.0/errgroup/errgroup.go:75"),
        "{out}"
    );
    assert!(
        out.contains("/vendor/github.com/lib/pq/conn.go:981"),
        "{out}"
    );
    assert!(out.contains("/db/pool.go:42"), "{out}");
    let redacted = report(&out);
    assert_eq!(redacted["mainModule"], "github.com/acme/shop");
}
