//! Goroutine dumps: debug=1 records, debug=2 goroutines, crash tracebacks.

use super::Diagnostic;

/// A goroutine dump (debug=1 profile, debug=2 dump or crash traceback).
#[derive(Debug, Default)]
pub struct GoroutineProfile {
    /// Lines of this profile that were not understood.
    pub diagnostics: Vec<Diagnostic>,
}
