//! Paged, filtered views asked for on demand: the groups of a goroutine profile matching a
//! search, a goroutine by id, a heap or contention profile by function, line or call tree.

pub mod goroutine_lookup;
pub mod groups;
pub mod profile;
