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
    for pair in &race.pairs {
        let _ = writeln!(
            out,
            "    {} × {} {}\n        vs {} {}",
            pair.reports.len(),
            pair.ops[0],
            place(frames, pair.first),
            pair.ops[1],
            place(frames, pair.second)
        );
    }
    for (i, report) in race.reports.iter().enumerate() {
        let _ = writeln!(
            out,
            "  report {} (line {}){}",
            i + 1,
            report.line,
            report
                .address
                .as_ref()
                .map_or_else(String::new, |a| format!(" at {a}"))
        );
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
            for &id in access.frames.iter().take(STACK_FRAMES) {
                let _ = writeln!(out, "        {}", place(frames, Some(id)));
            }
            if access.frames.len() > STACK_FRAMES {
                let _ = writeln!(out, "        … {} more", access.frames.len() - STACK_FRAMES);
            }
        }
    }
}
