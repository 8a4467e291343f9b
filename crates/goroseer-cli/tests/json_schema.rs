//! `goroseer --json` on every fixture dump, and `goroseer diff --json` on the corpus' series,
//! checked against `docs/report.schema.json`: the documented shape (docs/json.md) written as a
//! JSON Schema. A field the docs do not have, a documented field that is missing, or a value
//! outside its documented type or enum fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One definition of the schema file (`Report`, `Compare`), compiled.
struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

fn schema(definition: &str) -> Schema {
    let path = repo().join("docs/report.schema.json");
    let path = path
        .canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut schemas = boon::Schemas::new();
    let index = boon::Compiler::new()
        .compile(
            &format!("{}#/$defs/{definition}", path.display()),
            &mut schemas,
        )
        .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
    Schema { schemas, index }
}

impl Schema {
    fn is_valid(&self, value: &Value) -> bool {
        self.schemas.validate(value, self.index).is_ok()
    }
}

/// Where `value` breaks the schema, one line per error (empty when it conforms).
fn violations(schema: &Schema, value: &Value) -> Vec<String> {
    match schema.schemas.validate(value, schema.index) {
        Ok(()) => Vec::new(),
        Err(e) => e.to_string().lines().skip(1).map(str::to_owned).collect(),
    }
}

/// The dumps under `dir`, recursively: `.txt`, `.txt.gz` and `.log` files, leaving out
/// ground truth, hidden generator logs and READMEs.
fn dumps(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.starts_with('.') || name == "groundtruth" {
            continue;
        }
        if path.is_dir() {
            dumps(&path, out);
        } else if [".txt", ".txt.gz", ".log", ".pb.gz"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            out.push(path);
        }
    }
}

/// The CLI's stdout for `args`, parsed; the run must succeed.
fn goroseer_json(args: &[&Path]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_goroseer"))
        .args(args)
        .output()
        .expect("goroseer runs");
    assert!(
        out.status.success(),
        "goroseer {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("goroseer {args:?}: {e}"))
}

#[test]
fn every_fixture_dump_prints_the_documented_report() {
    let schema = schema("Report");
    let fixtures = repo().join("tests/fixtures");
    let mut files = Vec::new();
    // The corpus (text and protobuf) and the rules' fixtures, a CPU profile, the race reports, plus the two folders that reach what those do not:
    // a log prefix, several dumps in one input, growth findings inside a report; the
    // bottleneck dumps for chains, deadlock cycles and waits inferred from frames.
    for dir in [
        "corpus",
        "rules",
        "bottleneck",
        "periodic-dumps",
        "heap-growth",
        "cpu",
        "race",
        // Go tools' text that is not a dump: `notADump`, and `recognized` beside the
        // compiler's own stack.
        "notdump",
        // Paste forms: a dump cut above, Delve's list, a debug=1 profile without its
        // header (`headerCut`), a MemStats trailer alone.
        "paste",
    ] {
        dumps(&fixtures.join(dir), &mut files);
    }

    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let report = goroseer_json(&[Path::new("--json"), file]);
        for profile in report["profiles"].as_array().into_iter().flatten() {
            seen.insert(format!("{} {}", profile["kind"], profile["format"]));
        }
        seen.insert(format!("logPrefix {}", report["logPrefix"]));
        for field in ["notADump", "recognized"] {
            if let Some(kind) = report.get(field).map(|k| &k["kind"]) {
                seen.insert(format!("{field} {kind}"));
            }
        }
        let errors = violations(&schema, &report);
        if !errors.is_empty() {
            let name = file.strip_prefix(&fixtures).unwrap_or(file);
            failures.push(format!("{}:\n  {}", name.display(), errors.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} dumps print JSON outside docs/report.schema.json:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    // The walk found the dumps: every kind of profile and both kinds of input were checked.
    for wanted in [
        r#""goroutine" "debug=1""#,
        r#""goroutine" "debug=2""#,
        r#""goroutine" "traceback""#,
        r#""heap" "debug=1""#,
        r#""block" "debug=1""#,
        r#""mutex" "debug=1""#,
        r#""threadcreate" "debug=1""#,
        r#""goroutine" "pprof""#,
        r#""heap" "pprof""#,
        r#""block" "pprof""#,
        r#""mutex" "pprof""#,
        r#""threadcreate" "pprof""#,
        r#""cpu" "pprof""#,
        r#""race" "race""#,
        "logPrefix null",
        r#"logPrefix "kubernetes""#,
        r#"notADump "pprof-report""#,
        r#"notADump "gctrace""#,
        r#"recognized "compiler-error""#,
    ] {
        assert!(seen.contains(wanted), "no dump gave {wanted}: {seen:?}");
    }
    // 57 today (2 of them gzipped): a floor, so a walk that silently finds less fails.
    assert!(files.len() >= 55, "only {} dumps found", files.len());
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "gz")),
        "no gzipped dump"
    );
}

#[test]
fn every_corpus_comparison_prints_the_documented_compare_report() {
    let schema = schema("Compare");
    let fixtures = repo().join("tests/fixtures");
    let leak = fixtures.join("corpus/goroutine-leak");
    let series: [Vec<PathBuf>; 6] = [
        ["t05s.debug2", "t15s.debug2", "t70s.debug2"]
            .map(|t| leak.join(format!("goroutine.{t}.txt")))
            .to_vec(),
        // debug=1 next to debug=2: states are not compared, with a note.
        ["t05s.debug1", "t15s.debug2", "t70s.debug1"]
            .map(|t| leak.join(format!("goroutine.{t}.txt")))
            .to_vec(),
        ["heap.t1.debug1.txt", "heap.t2.debug1.txt"]
            .map(|f| fixtures.join("heap-growth").join(f))
            .to_vec(),
        // Several dumps of both kinds in one input, times from log timestamps.
        vec![fixtures.join("periodic-dumps/service.k8s.log")],
        // Two `go test` runs: CPU profiles, then allocs profiles, by function (`profiles`).
        ["cpu.naive.pb.gz", "cpu.fast.pb.gz"]
            .map(|f| fixtures.join("gotest").join(f))
            .to_vec(),
        ["mem.naive.pb.gz", "mem.fast.pb.gz"]
            .map(|f| fixtures.join("gotest").join(f))
            .to_vec(),
    ];
    let mut kinds = BTreeSet::new();
    for inputs in &series {
        let mut args = vec![Path::new("diff"), Path::new("--json")];
        args.extend(inputs.iter().map(PathBuf::as_path));
        let comparison = goroseer_json(&args);
        for key in ["goroutines", "heap"] {
            if !comparison[key].is_null() {
                kinds.insert(key.to_owned());
            }
        }
        for family in comparison["profiles"].as_array().unwrap() {
            kinds.insert(format!("profiles {}", family["kind"].as_str().unwrap()));
        }
        let errors = violations(&schema, &comparison);
        assert!(
            errors.is_empty(),
            "goroseer diff --json {inputs:?}:\n  {}",
            errors.join("\n  ")
        );
    }
    let expected = ["goroutines", "heap", "profiles cpu", "profiles heap"];
    assert_eq!(kinds, BTreeSet::from(expected.map(str::to_owned)));
}

/// A real report, edited in one place at a time: each edit must be caught, so the schema is
/// closed where json.md is and the test above can fail.
#[test]
fn the_schema_rejects_what_the_docs_do_not_say() {
    let schema = schema("Report");
    let heap = goroseer_json(&[
        Path::new("--json"),
        &repo().join("tests/fixtures/corpus/heap-default-rate/heap.debug1.txt"),
    ]);
    let crash = goroseer_json(&[
        Path::new("--json"),
        &repo().join("tests/fixtures/corpus/panics/nested-panics.stderr.txt"),
    ]);
    assert_eq!(violations(&schema, &heap), Vec::<String>::new());
    assert_eq!(violations(&schema, &crash), Vec::<String>::new());

    type Edit = fn(&mut Value);
    let edits: [(&str, &Value, Edit); 10] = [
        ("an undocumented key in a profile", &heap, |r| {
            r["profiles"][0]["bogus"] = json!(1)
        }),
        ("an undocumented key in the heap object", &heap, |r| {
            r["profiles"][0]["heap"]["bogus"] = json!(1)
        }),
        ("an undocumented key in a heap record", &heap, |r| {
            r["profiles"][0]["heap"]["records"][0]["bogus"] = json!(1)
        }),
        ("a missing documented field", &heap, |r| {
            r["profiles"][0]["heap"]["totals"]
                .as_object_mut()
                .unwrap()
                .remove("unsampled");
        }),
        ("a kind without its object", &heap, |r| {
            r["profiles"][0]["kind"] = json!("goroutine")
        }),
        ("an unknown severity", &heap, |r| {
            r["profiles"][0]["annotations"][0]["severity"] = json!("fatal")
        }),
        ("an undocumented key in a group's frame", &crash, |r| {
            r["profiles"][0]["goroutines"]["groups"][0]["frames"][0]["pc"] = json!("0x1")
        }),
        (
            "elidedFrames on a frame that is no elision marker",
            &crash,
            |r| r["profiles"][0]["goroutines"]["groups"][0]["frames"][0]["elidedFrames"] = json!(3),
        ),
        ("an unknown origin", &crash, |r| {
            r["frames"][0]["origin"] = json!("vendor")
        }),
        ("a count as a string", &crash, |r| {
            r["profiles"][0]["goroutines"]["total"] = json!("7")
        }),
    ];
    for (what, report, edit) in edits {
        let mut edited = report.clone();
        edit(&mut edited);
        assert_ne!(&edited, report, "{what}: the edit changed nothing");
        assert!(!schema.is_valid(&edited), "{what}: accepted by the schema");
    }
}

#[test]
fn a_fleet_prints_the_documented_report() {
    let dir = repo().join("tests/fixtures/fleet");
    let report = goroseer_json(&[Path::new("--json"), &dir]);
    assert!(report["fleet"]["outliers"]
        .as_array()
        .is_some_and(|o| !o.is_empty()));
    let errors = violations(&schema("Report"), &report);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(report["layout"]["reading"], "fleet");
    // Snapshots of one program (a folder of them): their layout and named summary too.
    let leak = goroseer_json(&[
        Path::new("--json"),
        &repo().join("tests/fixtures/corpus/goroutine-leak"),
    ]);
    let errors = violations(&schema("Report"), &leak);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(leak["layout"]["reading"], "snapshots");
    assert!(leak["summary"]["problems"].is_array());
    let fleet = goroseer_json(&[Path::new("fleet"), Path::new("--json"), &dir]);
    let errors = violations(&schema("Fleet"), &fleet);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(!schema("Fleet").is_valid(&json!({ "layout": "fleet" })));
}
