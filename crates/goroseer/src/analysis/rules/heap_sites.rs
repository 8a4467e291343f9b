//! Heap records gathered by allocation site for the heap rules: the innermost frame that
//! is not the runtime's allocator (`runtime.mallocgc`, `runtime.newobject`, …).

use crate::model::heap::HeapValues;
use crate::model::{FrameTable, HeapProfile};

/// One allocation site: unsampled values summed over its records.
#[derive(Debug, Clone)]
pub struct HeapSite<'a> {
    /// Function of the site (`?` for a record without frames).
    pub function: &'a str,
    /// Summed unsampled values.
    pub values: HeapValues,
    /// Indices of its records in the profile.
    pub records: Vec<usize>,
}

/// Sites of `profile`, in order of first appearance.
#[inline(never)]
pub fn heap_sites<'a>(frames: &'a FrameTable, profile: &'a HeapProfile) -> Vec<HeapSite<'a>> {
    let mut out: Vec<HeapSite<'a>> = Vec::new();
    for (index, record) in profile.records.iter().enumerate() {
        let function = record
            .frames
            .iter()
            .map(|&id| frames.get(id))
            .find(|f| f.package != "runtime" && !f.package.starts_with("internal/runtime/"))
            .or_else(|| record.frames.first().map(|&id| frames.get(id)))
            .map_or("?", |f| f.function.as_str());
        match out.iter_mut().find(|s| s.function == function) {
            Some(site) => {
                site.values.add(&record.unsampled);
                site.records.push(index);
            }
            None => out.push(HeapSite {
                function,
                values: record.unsampled,
                records: vec![index],
            }),
        }
    }
    out
}
