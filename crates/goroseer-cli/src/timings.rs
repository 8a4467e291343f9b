//! `GOROSEER_TIMINGS=1 goroseer …`: a diagnostic, not an interface. Each stage of the
//! process prints its wall time on standard error (`goroseer: timings: parse 41.2 ms`), so
//! that a slow run shows where its time went without a profiler: mapping the file, parsing
//! and grouping it, the report, the JSON text, writing it.

use std::sync::Mutex;
use std::time::Instant;

/// When the previous stage ended; `None` while timings are off.
static LAST: Mutex<Option<Instant>> = Mutex::new(None);

/// Starts timing when `GOROSEER_TIMINGS` is set (to anything but empty or `0`).
pub fn start() {
    if std::env::var_os("GOROSEER_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0") {
        if let Ok(mut last) = LAST.lock() {
            *last = Some(Instant::now());
        }
    }
}

/// Prints the time since the last stage ended as `stage`'s, when timing.
pub fn stage(stage: &str) {
    let Ok(mut last) = LAST.lock() else {
        return;
    };
    if let Some(then) = *last {
        let now = Instant::now();
        eprintln!(
            "goroseer: timings: {stage} {:.1} ms",
            (now - then).as_secs_f64() * 1e3
        );
        *last = Some(now);
    }
}
