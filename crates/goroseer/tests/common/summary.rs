//! Snapshots a person can read: what a report says about a dump, in a few dozen lines
//! (totals, states, the largest groups with their key frame, crash facts, the top rows of
//! a heap or contention profile, MemStats figures, annotations with their evidence,
//! diagnostics) instead of the whole JSON, whose shape `docs/report.schema.json` checks.

#![allow(dead_code)] // rules_corpus uses only `annotations`

use std::fmt::Write;

use goroseer::query::{top, ProfileQuery};
use goroseer::rules::{Annotation, Value as Item};
use goroseer::Analysis;
use serde_json::Value;

/// Groups, rows and diagnostics listed per profile.
const LISTED: usize = 12;

/// The summary of `analysis`.
pub fn report(analysis: &Analysis) -> String {
    let report = serde_json::to_value(analysis.report()).expect("report");
    let mut out = String::new();
    let profiles = report["profiles"].as_array().expect("profiles");
    for (index, profile) in profiles.iter().enumerate() {
        let _ = writeln!(
            out,
            "profile {index}: {} {}",
            text(&profile["kind"]),
            text(&profile["format"])
        );
        if let Some(g) = profile.get("goroutines") {
            goroutines(&mut out, g);
        }
        for kind in ["heap", "contention", "threadcreate"] {
            if let Some(p) = profile.get(kind) {
                records(&mut out, analysis, index, kind, p);
            }
        }
        if let Some(list) = analysis.annotations().get(index) {
            annotations(&mut out, list);
        }
        diagnostics(&mut out, "  ", &profile["diagnostics"]);
    }
    diagnostics(&mut out, "", &report["diagnostics"]);
    if let Some(prefix) = report["logPrefix"].as_str() {
        let _ = writeln!(out, "log prefix: {prefix}");
    }
    out
}

/// Annotations with their evidence, one fact a line.
pub fn annotations(out: &mut String, list: &[Annotation]) {
    for a in list {
        annotation(out, a, "");
        // Findings about the same goroutines, folded into this one: each as its rule made it.
        for m in &a.merged {
            annotation(out, &m.to_annotation(), "merged: ");
        }
    }
}

/// One annotation, its title line prefixed with `tag`.
fn annotation(out: &mut String, a: &Annotation, tag: &str) {
    {
        let severity = serde_json::to_value(a.severity).expect("severity");
        let _ = writeln!(out, "  {tag}{} {}: {}", text(&severity), a.rule, a.title);
        for item in a.evidence.iter() {
            let _ = writeln!(out, "      {}: {}", item.label, item.text());
            if let Item::Table(table) = &item.value {
                for row in &table.rows {
                    let cells: Vec<String> = row
                        .iter()
                        .zip(&table.columns)
                        .map(|(cell, column)| cell.text(column.0.unit()))
                        .collect();
                    let _ = writeln!(out, "        | {}", cells.join(" | "));
                }
            }
        }
    }
}

fn goroutines(out: &mut String, g: &Value) {
    let groups = g["groups"].as_array().expect("groups");
    let _ = writeln!(
        out,
        "  {} goroutines in {} groups (by {}), {} partial, truncated: {}",
        g["total"],
        groups.len(),
        text(&g["groupBy"]),
        g["partial"],
        g["truncated"]
    );
    if let Some(states) = g["states"].as_object().filter(|s| !s.is_empty()) {
        let states: Vec<_> = states.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(out, "  states: {}", states.join(", "));
    }
    for flag in [
        "leaked",
        "lockedToThread",
        "withLabels",
        "withElidedFrames",
        "ancestorSections",
    ] {
        if g[flag].as_u64().is_some_and(|n| n > 0) {
            let _ = writeln!(out, "  {flag}: {}", g[flag]);
        }
    }
    for group in groups.iter().take(LISTED) {
        let state = group["state"].as_str().unwrap_or("no state");
        let frame = group["frames"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["origin"] == "own").or(f.first()))
            .map_or_else(|| "(no frames)".to_owned(), location);
        let internal = if group["runtimeInternal"] == true {
            "  [runtime]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {:>7}  {state:<22} {frame}{internal}",
            group["count"]
        );
    }
    if groups.len() > LISTED {
        let _ = writeln!(out, "  … {} more groups", groups.len() - LISTED);
    }
    if let Some(crash) = g.get("crash").filter(|c| !c.is_null()) {
        for key in ["panics", "fatalErrors", "signals", "runtimeMessages"] {
            for item in crash[key].as_array().into_iter().flatten() {
                let shown = item.get("message").unwrap_or(item);
                let _ = writeln!(out, "  crash {key}: {}", text(shown));
            }
        }
        if let Some(c) = crash.get("crashedGoroutine").filter(|c| !c.is_null()) {
            let _ = writeln!(
                out,
                "  crashed goroutine {} (group {})",
                c["id"], c["group"]
            );
        }
    }
}

fn records(out: &mut String, analysis: &Analysis, index: usize, kind: &str, p: &Value) {
    let n = p["records"].as_array().map_or(0, Vec::len);
    let _ = writeln!(out, "  {kind}: {n} records, totals {}", p["totals"]);
    let query = ProfileQuery {
        profile: index,
        ..ProfileQuery::default()
    };
    if let Ok(agg) = top(&analysis.document, &query) {
        let _ = writeln!(
            out,
            "  top by function (default sample), total {}:",
            agg.total
        );
        for row in agg.rows.iter().take(LISTED) {
            let _ = writeln!(out, "  {:>14} {:>14}  {}", row.flat, row.cum, row.name);
        }
    }
    if let Some(Value::Object(stats)) = p.get("memstats") {
        let keys = stats
            .get("values")
            .and_then(Value::as_object)
            .map_or(0, |v| v.len());
        let _ = writeln!(out, "  memstats: {keys} keys");
        for d in stats
            .get("derived")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let _ = writeln!(
                out,
                "    {} = {} {}",
                text(&d["label"]),
                d["value"],
                text(&d["unit"])
            );
        }
    }
}

fn diagnostics(out: &mut String, indent: &str, list: &Value) {
    let list = list.as_array().map(Vec::as_slice).unwrap_or_default();
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}{} diagnostics:", list.len());
    for d in list.iter().take(LISTED) {
        let _ = writeln!(out, "{indent}  line {}: {}", d["line"], text(&d["message"]));
    }
}

fn location(frame: &Value) -> String {
    let function = text(&frame["function"]);
    match (frame["file"].as_str(), frame["line"].as_u64()) {
        (Some(file), Some(line)) if !file.is_empty() => {
            let base = file.rsplit('/').next().unwrap_or(file);
            format!("{function} {base}:{line}")
        }
        _ => function,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".to_owned(),
        other => other.to_string(),
    }
}
