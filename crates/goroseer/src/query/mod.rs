//! Paged, filtered views asked for on demand: the groups of a goroutine profile matching a
//! search, a goroutine by id, a heap or contention profile by function, line or call tree.
//!
//! Public: the requests ([`GroupQuery`], [`ProfileQuery`]) and the answers over a parsed
//! [`Document`](crate::model::Document) ([`top`], [`call_tree`], [`sample_type`]); the
//! page sends the same requests through the wasm edge.

pub(crate) mod goroutine_lookup;
pub(crate) mod groups;
pub(crate) mod profile;

pub use groups::{GroupQuery, GroupQueryError};
pub use profile::{
    call_tree, is_sample_name, sample_type, top, ProfileQuery, QueryError, SampleType,
};
