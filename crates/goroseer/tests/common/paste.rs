//! Pastes built from real dumps: what must survive any mangling, and how lines are mapped.

use goroseer::Analysis;

use super::{analyze_text, corpus, goroutine_profiles, read};

/// Corpus dumps the paste tests turn into the forms people paste.
pub const LABELS: &str = "goroutine-labels/goroutine.debug2.txt";
pub const STATES: &str = "goroutine-misc-states/goroutine.debug2.txt";
pub const SIGQUIT: &str = "panics/sigquit-gotraceback-crash.stderr.txt";
pub const PANIC: &str = "panics/panic.stderr.txt";
pub const DEADLOCK: &str = "panics/deadlock.stderr.txt";
pub const NIL: &str = "panics/nil-deref.stderr.txt";

/// The text of corpus dump `name` (one of the names above, or any corpus path).
pub fn dump(name: &str) -> String {
    read(&corpus().join(name))
}

/// What must survive any mangling: totals, states, groups (count + frames), labels,
/// crash facts. Frame origins are left out: the main module is decided per input, and a
/// paste of several programs' dumps has only one.
pub fn fingerprint(a: &Analysis) -> Vec<String> {
    let report = serde_json::to_value(a.report()).expect("report");
    report["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let mut p = p.clone();
            strip_origins(&mut p);
            let g = &p["goroutines"];
            serde_json::json!({
                "format": p["format"],
                "total": g["total"],
                "partial": g["partial"],
                "states": g["states"],
                "groups": g["groups"].as_array().unwrap().iter().map(|gr| serde_json::json!({
                    "count": gr["count"], "frames": gr["frames"], "labels": gr["labels"],
                    "createdBy": gr["createdBy"]
                })).collect::<Vec<_>>(),
                "crash": g["crash"],
            })
            .to_string()
        })
        .collect()
}

pub fn strip_origins(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.remove("origin");
            // The short display name follows the origin (the main module is decided per
            // document: a paste of several programs picks one).
            map.remove("short");
            map.values_mut().for_each(strip_origins);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_origins),
        _ => {}
    }
}

pub fn lines_mapped(text: &str, f: impl Fn(usize, &str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| f(i, l))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

pub fn assert_same(clean: &str, messy: &str, what: &str) -> Analysis {
    let want = fingerprint(&analyze_text(clean));
    let got = analyze_text(messy);
    assert!(
        fingerprint(&got) == want,
        "{what}: the messy paste reads differently"
    );
    got
}

pub fn no_diagnostics(a: &Analysis, what: &str) {
    assert!(
        a.document.diagnostics.is_empty(),
        "{what}: {:?}",
        &a.document.diagnostics
    );
    for p in goroutine_profiles(a) {
        assert!(p.diagnostics.is_empty(), "{what}: {:?}", &p.diagnostics);
    }
}

/// [`fingerprint`] without the crashed goroutine's line number: a form that moves lines
/// (doubled newlines, reversed order) moves it too.
pub fn reading(a: &Analysis) -> Vec<serde_json::Value> {
    fingerprint(a)
        .iter()
        .map(|p| {
            let mut v: serde_json::Value = serde_json::from_str(p).unwrap();
            if let Some(c) = v["crash"]["crashedGoroutine"].as_object_mut() {
                c.remove("line");
            }
            v
        })
        .collect()
}

/// `messy` reads as `clean`, and at least one goroutine was read.
pub fn same_reading(clean: &str, messy: &str, what: &str) -> Analysis {
    let want = reading(&super::analyze_text(clean));
    let got = super::analyze_text(messy);
    assert!(
        !super::goroutine_profiles(&got).is_empty(),
        "{what}: nothing read"
    );
    assert!(reading(&got) == want, "{what}: the paste reads differently");
    got
}

pub fn indented(text: &str, indent: &str) -> String {
    lines_mapped(text, |_, l| {
        if l.is_empty() {
            String::new()
        } else {
            format!("{indent}{l}")
        }
    })
}

/// The input lines `a` reported as not understood (the document's and its one goroutine
/// profile's), sorted.
pub fn reported_lines(a: &Analysis) -> Vec<usize> {
    let profiles = super::goroutine_profiles(a);
    let mut lines: Vec<usize> = a
        .document
        .diagnostics
        .iter()
        .chain(profiles.iter().flat_map(|p| &p.diagnostics))
        .map(|d| d.line)
        .collect();
    lines.sort_unstable();
    lines
}

/// `text` as a logfmt or JSON field's quoted value holds it: backslashes, quotes, newlines
/// and tabs escaped (a stack logged as one record).
pub fn escaped_field(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}
