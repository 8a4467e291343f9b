//! Reading the numbers the MemStats rules need from a heap profile's trailer.

use crate::model::memstats::{MemStatValue, MemStats};
use crate::model::HeapProfile;

/// A MemStats value as a number (`Stack = inuse / sys` gives `inuse`).
#[inline(never)]
pub fn number(memstats: &MemStats, key: &str) -> Option<f64> {
    memstats.get(key).and_then(MemStatValue::as_f64)
}

/// Both numbers of a `Key = inuse / sys` pair.
#[inline(never)]
pub fn pair(memstats: &MemStats, key: &str) -> Option<(f64, f64)> {
    match memstats.get(key) {
        Some(MemStatValue::Pair { inuse, sys }) => Some((*inuse as f64, *sys as f64)),
        _ => None,
    }
}

/// The trailer of a heap profile, if it has one.
#[inline(never)]
pub fn memstats(profile: &HeapProfile) -> Option<&MemStats> {
    profile.memstats.as_ref()
}
