//! The dumps of one log in log order: where each stands (its first and last input line),
//! when it was written (the log prefix's time) and its goroutines per state, for the
//! page's timeline chart (`docs/json.md`, *Timeline*).

use serde::Serialize;

use super::{OrderedMap, ProfileReport};
use crate::model::{Document, Profile};

/// One dump of a log.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    /// Its index in the report's `profiles`.
    pub dump: usize,
    /// Its kind, as `profiles[dump].kind`.
    pub kind: &'static str,
    /// Input line of its first line (1-based).
    pub first_line: usize,
    /// Input line of its last line: the last goroutine's for a goroutine dump, else the
    /// line before the next dump or the last line a dump printed before log lines resumed.
    pub last_line: usize,
    /// When its first line was logged (seconds since 1970 read as UTC), when the log
    /// prefix carries a time.
    pub time: Option<f64>,
    /// Goroutines in it (goroutine dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goroutines: Option<u64>,
    /// Goroutines per state (goroutine dumps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub states: Option<OrderedMap<u64>>,
}

/// Where the dumps of one document stand: for each profile, (first line, last line,
/// time). `end`: the last line a dump of this document printed, when known (a streamed
/// log's piece).
pub fn spans(doc: &Document, end: Option<usize>) -> Vec<(usize, usize, Option<f64>)> {
    let firsts: Vec<usize> = doc.profiles.iter().map(Profile::first_line).collect();
    doc.profiles
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let first = firsts[i];
            let last = match (p, firsts.get(i + 1)) {
                (Profile::Goroutine(g), _) => last_goroutine_line(g, &doc.text),
                (_, Some(&next)) => next.saturating_sub(1),
                (_, None) => end.unwrap_or(first),
            };
            let time = doc.profile_times.get(i).copied().flatten();
            (first, last.max(first), time)
        })
        .collect()
}

/// The input line of a goroutine dump's last goroutine's last line (log lines the parser
/// read after it, as lines it did not understand, are not the dump's).
fn last_goroutine_line(g: &crate::model::GoroutineProfile, text: &str) -> usize {
    let last = g.goroutines.iter().chain(&g.partial).max_by_key(|x| x.line);
    let Some(x) = last else {
        return g.lines.1 as usize;
    };
    let body = g.span_text(text, x);
    let body = body.strip_prefix('\n').unwrap_or(body).trim_end();
    let lines = if body.is_empty() {
        // debug=1: a `#\t0x…` line per frame after the record's line.
        g.stacks.get(x.stack).len()
    } else {
        // Up to its last location line (`\t/app/main.go:12 +0x1d`): log lines that
        // followed without a blank line are in the span too.
        let total = body.split('\n').count();
        body.rsplit('\n')
            .position(|l| l.starts_with('\t'))
            .map_or(0, |from_end| total - from_end)
    };
    (x.line as usize + lines).min(g.lines.1 as usize)
}

/// The timeline of `profiles` standing at `spans` (one per profile, in report order).
pub fn timeline(
    profiles: &[ProfileReport],
    spans: &[(usize, usize, Option<f64>)],
) -> Vec<TimelineEntry> {
    profiles
        .iter()
        .zip(spans)
        .enumerate()
        .map(
            |(dump, (p, &(first_line, last_line, time)))| TimelineEntry {
                dump,
                kind: p.kind,
                first_line,
                last_line,
                time,
                goroutines: p.goroutines.as_ref().map(|g| g.total),
                states: p.goroutines.as_ref().map(|g| g.states.clone()),
            },
        )
        .collect()
}
