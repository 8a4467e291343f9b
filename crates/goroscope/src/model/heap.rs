//! Heap/allocs, block/mutex and threadcreate debug=1 profiles.

use super::Diagnostic;

/// A heap or allocs debug=1 profile.
#[derive(Debug, Default)]
pub struct HeapProfile {
    /// Lines of this profile that were not understood.
    pub diagnostics: Vec<Diagnostic>,
}

/// A block or mutex debug=1 profile.
#[derive(Debug, Default)]
pub struct ContentionProfile {
    /// Lines of this profile that were not understood.
    pub diagnostics: Vec<Diagnostic>,
}

/// A threadcreate debug=1 profile.
#[derive(Debug, Default)]
pub struct ThreadCreateProfile {
    /// Lines of this profile that were not understood.
    pub diagnostics: Vec<Diagnostic>,
}
