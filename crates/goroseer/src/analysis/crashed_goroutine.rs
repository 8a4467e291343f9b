//! Which goroutine a crash traceback is about: the runtime prints the failing goroutine
//! first. `dopanic_m` prints the panicking goroutine's header and stack before
//! `tracebackothers`, which itself starts with the goroutine running on the crashing thread
//! when a throw came from the system stack (`runtime stack:` then that goroutine):
//! <https://github.com/golang/go/blob/go1.27/src/runtime/panic.go> (`dopanic_m`),
//! <https://github.com/golang/go/blob/go1.27/src/runtime/traceback.go> (`tracebackothers`).

use crate::model::goroutine::{GoroutineFormat, GoroutineProfile};

impl GoroutineProfile {
    /// Index into [`GoroutineProfile::goroutines`] of the goroutine that crashed: the
    /// first one printed, when the traceback reports a panic, a fatal error or a fatal
    /// signal (not `SIGQUIT`, a requested dump) and that goroutine is `running`. `None`
    /// otherwise: a deadlock (`all goroutines are asleep` prints every goroutine, none of
    /// them failed), a `SIGQUIT` dump, or a dump that is no traceback.
    pub fn crashed_goroutine(&self) -> Option<usize> {
        if self.format != GoroutineFormat::Traceback {
            return None;
        }
        let crash = &self.crash;
        let fatal_signal = crash.signals.iter().any(|s| !s.starts_with("SIGQUIT"));
        if crash.panics.is_empty() && crash.fatal_errors.is_empty() && !fatal_signal {
            return None;
        }
        let first = self.goroutines.first()?;
        // A cut-off goroutine printed before it would be the first one: not knowable then.
        if self.partial.first().is_some_and(|p| p.line < first.line) {
            return None;
        }
        (self.state_of(first) == "running").then_some(0)
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
        p.crashed_goroutine().map(|i| p.goroutines[i].id)
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
