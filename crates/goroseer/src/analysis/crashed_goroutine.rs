//! Which goroutine a crash traceback is about: the runtime prints the failing goroutine
//! first. `dopanic_m` prints the panicking goroutine's header and stack before
//! `tracebackothers`, which itself starts with the goroutine running on the crashing thread
//! when a throw came from the system stack (`runtime stack:` then that goroutine):
//! <https://github.com/golang/go/blob/go1.27/src/runtime/panic.go> (`dopanic_m`),
//! <https://github.com/golang/go/blob/go1.27/src/runtime/traceback.go> (`tracebackothers`).
//! A paste need not keep that order (log lines interleaved, goroutines sorted or cut), so
//! the goroutine whose frames hold the panic or throw call is preferred when one shows it.

use crate::model::goroutine::{GoroutineFlags, GoroutineFormat, GoroutineProfile, StackEntry};
use crate::model::{Frame, FrameTable, Origin};

/// A frame of the call that raises a panic or a fatal error: `panic`, the runtime's
/// `gopanic`/`goPanic*`/`panic*`, `throw`/`fatal*`, `sigpanic`, and the fatal helpers of
/// `sync` and `internal/runtime/maps` (`runtime/panic.go`, `runtime/error.go`).
fn raises_crash(frame: &Frame) -> bool {
    let f = frame.function.as_str();
    if f == "panic" {
        return true;
    }
    let runtime = [
        "runtime.",
        "internal/runtime/maps.",
        "sync.",
        "internal/sync.",
    ]
    .iter()
    .find_map(|p| f.strip_prefix(p));
    runtime.is_some_and(|name| {
        ["gopanic", "goPanic", "panic", "throw", "fatal", "sigpanic"]
            .iter()
            .any(|p| name.starts_with(p))
    })
}

impl GoroutineProfile {
    /// Index into [`GoroutineProfile::goroutines`] of the goroutine that crashed, when the
    /// traceback reports a panic, a fatal error or a fatal signal (not `SIGQUIT`, a
    /// requested dump): the first `running` goroutine whose frames hold the panic or throw
    /// call ([`raises_crash`]), else the first one printed when it is `running`, else the
    /// only `running` one (a paste that reordered the goroutines). `None` otherwise: a deadlock (`all goroutines are asleep` prints every goroutine, none of
    /// them failed), a `SIGQUIT` dump, or a dump that is no traceback.
    pub fn crashed_goroutine(&self, frames: &FrameTable) -> Option<usize> {
        if self.format != GoroutineFormat::Traceback {
            return None;
        }
        let crash = &self.crash;
        let fatal_signal = crash.signals.iter().any(|s| !s.starts_with("SIGQUIT"));
        if crash.panics.is_empty() && crash.fatal_errors.is_empty() && !fatal_signal {
            return None;
        }
        if self.signal_while_idle(frames).is_some() {
            return None;
        }
        let raising = self.goroutines.iter().position(|g| {
            self.state_of(g) == "running"
                && self.stacks.get(g.stack).iter().any(|e| {
                    matches!(e, StackEntry::Call { frame, .. } if raises_crash(frames.get(*frame)))
                })
        });
        if raising.is_some() {
            return raising;
        }
        let first = self.goroutines.first()?;
        // A cut-off goroutine printed before it would be the first one: not knowable then.
        if self.partial.first().is_some_and(|p| p.line < first.line) {
            return None;
        }
        if self.state_of(first) == "running" {
            return Some(0);
        }
        // Printed out of order: the only goroutine that was running with its stack.
        let mut running = self.goroutines.iter().enumerate().filter(|(_, g)| {
            self.state_of(g) == "running" && !g.flags.has(GoroutineFlags::STACK_UNAVAILABLE)
        });
        match (running.next(), running.next()) {
            (Some((index, _)), None) => Some(index),
            _ => None,
        }
    }

    /// The signal of a traceback the runtime printed for a signal that interrupted an idle
    /// thread: only a bare `SIGABRT: abort` line (no panic, no fatal error), and the first
    /// stack printed is `goroutine 0 [idle]` — the thread's own (g0) stack, which
    /// `sighandler` prints when no goroutine was running on it. No goroutine raised it: it
    /// was sent from outside (`kill -ABRT`, a supervisor's or a test runner's timeout).
    pub fn signal_while_idle(&self, frames: &FrameTable) -> Option<&str> {
        let crash = &self.crash;
        if !crash.panics.is_empty() || !crash.fatal_errors.is_empty() {
            return None;
        }
        let signal = crash.signals.first().filter(|s| s.starts_with("SIG"))?;
        let thread = self.thread_stacks.first()?;
        let first = self.goroutines.first().map_or(u32::MAX, |g| g.line);
        let partial = self.partial.first().map_or(u32::MAX, |g| g.line);
        let idle = thread.header.starts_with("goroutine 0 ") && thread.header.contains("[idle]");
        // The thread waited in the scheduler: its stack is read and all runtime (C code that
        // called abort() prints `runtime: unknown pc` and no frame).
        let stack = self.stacks.get(thread.stack);
        let in_scheduler = !stack.is_empty()
            && stack.iter().all(|e| {
                e.frame()
                    .is_none_or(|f| frames.get(f).origin == Origin::Runtime)
            });
        // `sigcode=18446744073709551610` is SI_TKILL (-6): raised by the process itself
        // (abort(), raise()); `kill` from another process gives SI_USER (0).
        let raised_inside = crash
            .signal_contexts
            .iter()
            .any(|c| c.contains("sigcode=18446744073709551610"));
        (idle && in_scheduler && !raised_inside && thread.line < first && thread.line < partial)
            .then_some(signal.as_str())
    }

    /// Index into [`GoroutineProfile::partial`] of the goroutine that crashed when its
    /// stack was cut before its end (a paste cut mid-frame, a user's `...`): the traceback
    /// reports a crash, no complete goroutine is the crashed one
    /// ([`GoroutineProfile::crashed_goroutine`]), and the cut goroutine is `running` and
    /// holds the panic or throw call, or is the first goroutine printed.
    pub fn crashed_partial(&self, frames: &FrameTable) -> Option<usize> {
        if self.format != GoroutineFormat::Traceback
            || self.crashed_goroutine(frames).is_some()
            || self.signal_while_idle(frames).is_some()
        {
            return None;
        }
        let crash = &self.crash;
        let fatal_signal = crash.signals.iter().any(|s| !s.starts_with("SIGQUIT"));
        if crash.panics.is_empty() && crash.fatal_errors.is_empty() && !fatal_signal {
            return None;
        }
        if crash
            .fatal_errors
            .iter()
            .any(|f| f.contains("all goroutines are asleep"))
        {
            return None;
        }
        let running = |g: &crate::model::goroutine::Goroutine| {
            self.state_of(g) == "running" && !g.flags.has(GoroutineFlags::STACK_UNAVAILABLE)
        };
        let raising = self.partial.iter().position(|g| {
            running(g)
                && self.stacks.get(g.stack).iter().any(|e| {
                    matches!(e, StackEntry::Call { frame, .. } if raises_crash(frames.get(*frame)))
                })
        });
        if raising.is_some() {
            return raising;
        }
        let (index, first) = self
            .partial
            .iter()
            .enumerate()
            .min_by_key(|(_, g)| g.line)?;
        let printed_first = self.goroutines.first().is_none_or(|g| first.line < g.line);
        (printed_first && running(first)).then_some(index)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Profile;
    use crate::{analyze, Options};

    fn crashed(text: &str) -> Option<u64> {
        let analysis = analyze(text, &Options::default());
        let Some(Profile::Goroutine(p)) = analysis.document.profiles.first() else {
            panic!("no goroutine profile");
        };
        p.crashed_goroutine(&analysis.document.frames)
            .map(|i| p.goroutines[i].id)
    }

    #[test]
    fn a_panic_names_its_running_goroutine() {
        let text = "panic: boom\n\ngoroutine 7 [running]:\nmain.main()\n\t/app/main.go:3 +0x1\n\ngoroutine 1 [chan receive]:\nmain.wait()\n\t/app/main.go:9 +0x1\n";
        assert_eq!(crashed(text), Some(7));
    }

    #[test]
    fn a_deadlock_names_none() {
        let text = "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.main()\n\t/app/main.go:3 +0x1\n";
        assert_eq!(crashed(text), None);
    }

    #[test]
    fn a_debug2_dump_names_none() {
        let text = "goroutine 7 [running]:\nmain.main()\n\t/app/main.go:3 +0x1\n";
        assert_eq!(crashed(text), None);
    }
}
