//! The human summary: totals, states, the largest groups with their top frames, crash
//! facts, and how many lines were not understood.

use std::fmt::Write;

use goroseer::model::Origin;
use goroseer::report::goroutine::GoroutineReport;
use goroseer::report::{ProfileReport, Report};

/// Groups shown per profile.
const TOP_GROUPS: usize = 10;
/// Frames shown per group.
const TOP_FRAMES: usize = 4;

/// Renders the summary of one input.
pub fn render(file: &str, report: &Report) -> String {
    let mut out = String::new();
    // No dump read: say what the input is before anything else.
    if report.not_a_dump.is_some() {
        let _ = writeln!(out, "{file}: what it is");
        for line in crate::annotations_view::wrap(&report.summary.text, 96) {
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out, "{file}: {} profile(s)", report.profiles.len());
    if let Some(known) = &report.recognized {
        let _ = writeln!(
            out,
            "  beside the dumps (line {}): {}",
            known.line, known.what
        );
    }
    if let Some(prefix) = &report.log_prefix {
        let _ = writeln!(out, "  log prefix removed: {prefix}");
    }
    for (i, profile) in report.profiles.iter().enumerate() {
        render_profile(&mut out, i, profile);
        if let Some(race) = &profile.race {
            crate::race_view::render(&mut out, race, &report.frames);
        }
    }
    let in_profiles: usize = report.profiles.iter().map(|p| p.diagnostics.len()).sum();
    let _ = writeln!(
        out,
        "diagnostics: {} line(s) not understood ({} between dumps, {} inside dumps){}",
        report.diagnostics.len() + in_profiles,
        report.diagnostics.len(),
        in_profiles,
        if report.diagnostics.len() + in_profiles > 0 {
            "; see --json for each line"
        } else {
            ""
        }
    );
    out
}

fn render_profile(out: &mut String, index: usize, profile: &ProfileReport) {
    let _ = writeln!(out, "\n#{index} {} ({})", profile.kind, profile.format);
    if profile.header_cut {
        let what = match profile.kind {
            "heap" if profile.heap.as_ref().is_some_and(|h| h.records.is_empty()) => {
                "only its MemStats trailer was pasted (no records)"
            }
            "heap" => "the sampling rate is unknown: values are shown as written, not unsampled",
            "block" | "mutex" => "block or mutex read from the stacks",
            "goroutine" => "the total is unknown",
            _ => "read from its first record",
        };
        let _ = writeln!(out, "  header cut above: not in the input; {what}");
    }
    if let Some(g) = &profile.goroutines {
        render_goroutines(out, g, profile.format == "debug=1");
    }
}

fn render_goroutines(out: &mut String, g: &GoroutineReport, debug1: bool) {
    let _ = write!(out, "  goroutines: {}", g.total);
    if let Some(header) = g.header_total {
        let _ = write!(out, " (header says {header})");
    }
    if g.partial > 0 {
        let _ = write!(out, ", {} cut off", g.partial);
    }
    if g.truncated {
        let _ = write!(out, " — TRUNCATED dump");
    }
    let _ = writeln!(out);
    if !g.states.0.is_empty() {
        let states: Vec<String> = g.states.0.iter().map(|(s, n)| format!("{n} {s}")).collect();
        let _ = writeln!(out, "  states: {}", states.join(", "));
    }
    if g.leaked > 0 {
        let _ = writeln!(out, "  leaked: {}", g.leaked);
    }
    if let Some(crash) = &g.crash {
        for p in &crash.panics {
            let _ = writeln!(
                out,
                "  panic: {}{}",
                p.message.replace('\n', "\n         "),
                match (p.recovered, p.repanicked) {
                    (true, true) => " [recovered, repanicked]",
                    (true, false) => " [recovered]",
                    _ => "",
                }
            );
        }
        for f in &crash.fatal_errors {
            let _ = writeln!(out, "  fatal error: {f}");
        }
        for s in &crash.signal_counts {
            let times = if s.times > 1 {
                format!(" (×{})", s.times)
            } else {
                String::new()
            };
            let _ = writeln!(out, "  signal: {}{times}", s.signal);
        }
        if !g.thread_stacks.is_empty() {
            let _ = writeln!(out, "  thread stacks: {}", g.thread_stacks.len());
            for t in &g.thread_stacks {
                let _ = writeln!(out, "    {}", t.header);
                for frame in t.frames.iter().take(TOP_FRAMES) {
                    let _ = writeln!(out, "            {}", frame.location());
                }
                if t.frames.len() > TOP_FRAMES {
                    let _ = writeln!(out, "            … {} more", t.frames.len() - TOP_FRAMES);
                }
            }
        }
    }
    for cut in g.cut_off.iter().filter(|c| c.above) {
        let _ = writeln!(
            out,
            "  cut above: the input starts inside {} at line {}, {} read",
            if debug1 {
                "a record (its count line is above the input)"
            } else {
                "a goroutine (no header)"
            },
            cut.line,
            frames_read(cut.frames.len())
        );
        for frame in cut.frames.iter().take(TOP_FRAMES) {
            let _ = writeln!(out, "            {}", frame.location());
        }
    }
    for cut in g.cut_off.iter().filter(|c| !c.above) {
        let _ = writeln!(
            out,
            "  cut off: {}[{}] at line {}, {} read",
            cut.id
                .map_or_else(String::new, |id| format!("goroutine {id} ")),
            cut.state.as_deref().unwrap_or("-"),
            cut.line,
            frames_read(cut.frames.len())
        );
        for frame in cut.frames.iter().take(TOP_FRAMES) {
            let _ = writeln!(out, "            {}", frame.location());
        }
        if cut.frames.len() > TOP_FRAMES {
            let _ = writeln!(out, "            … {} more", cut.frames.len() - TOP_FRAMES);
        }
    }
    let _ = writeln!(out, "  groups ({}): {}", g.group_by, g.groups.len());
    for group in g.groups.iter().take(TOP_GROUPS) {
        let _ = writeln!(
            out,
            "  {:>7} × [{}]{}",
            group.count,
            group.state.as_deref().unwrap_or("-"),
            if group.wait_minutes.max > 0 {
                format!(" {}–{} min", group.wait_minutes.min, group.wait_minutes.max)
            } else {
                String::new()
            }
        );
        // Lead with the program's own frames: the runtime and standard-library frames a
        // goroutine waits in (semacquire, gopark, Lock) say less than who called them.
        let plumbing = group
            .frames
            .iter()
            .take_while(|f| matches!(f.origin, Origin::Runtime | Origin::Stdlib))
            .count();
        let skipped = if plumbing < group.frames.len() {
            plumbing
        } else {
            0
        };
        if skipped > 0 {
            let _ = writeln!(out, "            … {skipped} runtime/stdlib frames");
        }
        for frame in group.frames.iter().skip(skipped).take(TOP_FRAMES) {
            let _ = writeln!(out, "            {}", frame.location());
        }
        let rest = group.frames.len() - skipped;
        if rest > TOP_FRAMES {
            let _ = writeln!(out, "            … {} more", rest - TOP_FRAMES);
        }
    }
    if g.groups.len() > TOP_GROUPS {
        let _ = writeln!(out, "  … {} more groups", g.groups.len() - TOP_GROUPS);
    }
}

/// `1 frame`, `N frames`.
fn frames_read(n: usize) -> String {
    match n {
        1 => "1 frame".to_owned(),
        n => format!("{n} frames"),
    }
}
