//! Terminal view of race detector reports: the racing pairs, each with its two sites,
//! then each report's two stacks.

use std::fmt::Write;

use goroseer::report::goroutine::FrameView;
use goroseer::report::race::RaceView;

/// Frames of a stack shown per access.
const STACK_FRAMES: usize = 6;

fn place(frames: &[FrameView], id: Option<u32>) -> String {
    match id.and_then(|id| frames.get(id as usize)) {
        Some(f) if f.file.is_empty() => f.function.clone(),
        Some(f) => format!("{} {}:{}", f.function, f.file, f.line),
        None => "?".to_owned(),
    }
}

/// Appends the view of `race` to `out`; `frames` are the report's.
pub fn render(out: &mut String, race: &RaceView, frames: &[FrameView]) {
    let _ = write!(out, "  race reports: {}", race.reports.len());
    if let Some(found) = race.found {
        let _ = write!(out, " (the detector says: found {found})");
    }
    let _ = writeln!(out, ", {} racing pair(s)", race.pairs.len());
    if let Some(limit) = race.goroutine_limit {
        let _ = writeln!(
            out,
            "  the race runtime aborted: more than {limit} goroutines alive at once"
        );
    }
    for test in &race.raced_tests {
        let _ = writeln!(
            out,
            "  {} failed on a race (line {})",
            test.name.as_deref().unwrap_or("a test"),
            test.line
        );
    }
    for pair in &race.pairs {
        let _ = writeln!(
            out,
            "    {} × {} {}\n        vs {} {}",
            pair.reports.len(),
            pair.ops[0],
            inside(frames, pair.first, pair.inside[0]),
            pair.ops[1],
            inside(frames, pair.second, pair.inside[1])
        );
    }
    for (i, report) in race.reports.iter().enumerate() {
        let _ = writeln!(
            out,
            "  report {} (line {}){}{}",
            i + 1,
            report.line,
            report
                .address
                .as_ref()
                .map_or_else(String::new, |a| format!(" at {a}")),
            if report.cut_above {
                ", cut above: its header is not in the input"
            } else {
                ""
            }
        );
        if !report.cut_frames.is_empty() {
            let _ = writeln!(out, "    the end of a stack whose section line is cut:");
            stack(out, frames, &report.cut_frames);
        }
        for access in &report.accesses {
            let who = access
                .goroutine
                .map_or_else(|| "?".to_owned(), |g| format!("goroutine {g}"));
            let _ = writeln!(
                out,
                "    {}{}{} by {who}:",
                if access.previous { "previous " } else { "" },
                if access.atomic { "atomic " } else { "" },
                access.op
            );
            stack(out, frames, &access.frames);
        }
    }
}

/// A stack's first frames, one a line.
fn stack(out: &mut String, frames: &[FrameView], ids: &[u32]) {
    for &id in ids.iter().take(STACK_FRAMES) {
        let _ = writeln!(out, "        {}", place(frames, Some(id)));
    }
    if ids.len() > STACK_FRAMES {
        let _ = writeln!(out, "        … {} more", ids.len() - STACK_FRAMES);
    }
}

/// A pair's site, after the standard-library function the access happened in.
fn inside(frames: &[FrameView], site: Option<u32>, inside: Option<u32>) -> String {
    match inside.and_then(|id| frames.get(id as usize)) {
        Some(f) => format!("{} called from {}", f.function, place(frames, site)),
        None => place(frames, site),
    }
}
