//! Figures derived from the `# runtime.MemStats` trailer, each with a one-line meaning.

use serde::Serialize;

use crate::model::memstats::{MemStatValue, MemStats};

/// A number computed from the trailer, with what it means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DerivedFigure {
    /// Stable identifier, camelCase (`liveHeap`).
    pub key: &'static str,
    /// Short human label.
    pub label: &'static str,
    /// The value in `unit`.
    pub value: f64,
    /// `bytes`, `count`, `nanoseconds`, `percent` or `ratio`.
    pub unit: &'static str,
    /// One line saying what the figure means.
    pub meaning: &'static str,
}

impl MemStats {
    /// The recent GC pauses in nanoseconds, newest last: the `PauseNs` circular buffer
    /// (256 entries, `PauseNs[(NumGC+255)%256]` is the latest) unrolled for the last
    /// `min(NumGC, 256)` collections.
    pub fn recent_pauses(&self) -> Vec<u64> {
        let (Some(MemStatValue::Array(buf)), Some(num_gc)) = (
            self.get("PauseNs"),
            self.get("NumGC").and_then(MemStatValue::as_u64),
        ) else {
            return Vec::new();
        };
        let len = buf.len() as u64;
        if len == 0 {
            return Vec::new();
        }
        let n = num_gc.min(len);
        (0..n)
            .map(|i| buf[((num_gc - n + i) % len) as usize])
            .collect()
    }

    /// Every derived figure whose inputs are present, in a fixed order.
    pub fn derived(&self) -> Vec<DerivedFigure> {
        let mut out = Vec::new();
        let mut push = |key, label, value: Option<f64>, unit, meaning| {
            if let Some(value) = value.filter(|v| v.is_finite()) {
                out.push(DerivedFigure {
                    key,
                    label,
                    value,
                    unit,
                    meaning,
                });
            }
        };
        let heap_alloc = self.num("HeapAlloc");
        let heap_inuse = self.num("HeapInuse");
        let heap_idle = self.num("HeapIdle");
        let heap_released = self.num("HeapReleased");
        let heap_sys = self.num("HeapSys");
        let heap_objects = self.num("HeapObjects");
        let sys = self.num("Sys");
        let stack = self.pair("Stack");
        push(
            "liveHeap",
            "live heap",
            heap_alloc,
            "bytes",
            "bytes of heap objects that are reachable or not yet swept (HeapAlloc)",
        );
        push(
            "heapInuseNotAllocated",
            "in-use spans not holding objects",
            heap_inuse.zip(heap_alloc).map(|(i, a)| i - a),
            "bytes",
            "HeapInuse − HeapAlloc: space in in-use spans not taken by objects (fragmentation)",
        );
        push(
            "heapFragmentation",
            "fragmentation",
            heap_inuse
                .zip(heap_alloc)
                .filter(|(i, _)| *i > 0.0)
                .map(|(i, a)| (i - a) / i * 100.0),
            "percent",
            "share of in-use heap spans not occupied by objects",
        );
        push(
            "heapIdleNotReleased",
            "idle, not released",
            heap_idle.zip(heap_released).map(|(i, r)| i - r),
            "bytes",
            "HeapIdle − HeapReleased: free heap memory the runtime keeps and could return to the OS",
        );
        push(
            "heapReleased",
            "released to the OS",
            heap_released,
            "bytes",
            "physical memory returned to the OS (still reserved address space)",
        );
        push(
            "stackInuse",
            "goroutine stacks",
            stack.map(|(inuse, _)| inuse),
            "bytes",
            "bytes of stack spans in use (Stack inuse): grows with goroutine count and depth",
        );
        push(
            "runtimeOverhead",
            "runtime overhead",
            sys.zip(heap_sys)
                .zip(stack)
                .map(|((s, h), (_, stack_sys))| s - h - stack_sys),
            "bytes",
            "Sys − HeapSys − StackSys: memory the runtime took from the OS for its own metadata (spans, caches, GC, profiling buckets)",
        );
        push(
            "sys",
            "total from the OS",
            sys,
            "bytes",
            "virtual address space obtained from the OS by the Go runtime (Sys)",
        );
        push(
            "gcCount",
            "GC cycles",
            self.num("NumGC"),
            "count",
            "completed garbage collections since the program started",
        );
        push(
            "forcedGcCount",
            "forced GC cycles",
            self.num("NumForcedGC"),
            "count",
            "collections forced by runtime.GC() or debug.FreeOSMemory",
        );
        push(
            "gcCpuPercent",
            "GC CPU",
            self.num("GCCPUFraction").map(|f| f * 100.0),
            "percent",
            "share of the program's available CPU time used by the GC since start",
        );
        push(
            "nextGc",
            "next GC target",
            self.num("NextGC"),
            "bytes",
            "heap size at which the next collection is due",
        );
        let pauses = self.recent_pauses();
        push(
            "lastPause",
            "last GC pause",
            pauses.last().map(|p| *p as f64),
            "nanoseconds",
            "stop-the-world time of the most recent collection",
        );
        push(
            "averagePause",
            "average recent pause",
            (!pauses.is_empty())
                .then(|| pauses.iter().map(|p| *p as f64).sum::<f64>() / pauses.len() as f64),
            "nanoseconds",
            "mean stop-the-world time over the recent collections (up to 256)",
        );
        push(
            "maxPause",
            "longest recent pause",
            pauses.iter().max().map(|p| *p as f64),
            "nanoseconds",
            "longest stop-the-world time among the recent collections (up to 256)",
        );
        push(
            "liveObjects",
            "live objects",
            heap_objects,
            "count",
            "heap objects allocated and not yet freed (HeapObjects)",
        );
        push(
            "bytesPerObject",
            "bytes per object",
            heap_alloc
                .zip(heap_objects)
                .filter(|(_, o)| *o > 0.0)
                .map(|(a, o)| a / o),
            "bytes",
            "average size of a live heap object (HeapAlloc / HeapObjects)",
        );
        push(
            "totalAllocated",
            "allocated since start",
            self.num("TotalAlloc"),
            "bytes",
            "cumulative bytes allocated for heap objects, freed or not",
        );
        push(
            "maxRss",
            "max RSS",
            self.num("MaxRSS"),
            "bytes",
            "peak resident set size of the process as reported by the OS",
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::memstats::MemStatEntry;

    fn stats(entries: &[(&str, MemStatValue)]) -> MemStats {
        MemStats {
            line: 1,
            entries: entries
                .iter()
                .map(|(k, v)| MemStatEntry {
                    line: 1,
                    key: (*k).to_owned(),
                    value: v.clone(),
                })
                .collect(),
        }
    }

    #[test]
    fn recent_pauses_unroll_the_circular_buffer() {
        let mut buf = vec![0u64; 256];
        buf[255] = 7;
        buf[0] = 8;
        buf[1] = 9;
        let s = stats(&[
            ("PauseNs", MemStatValue::Array(buf)),
            ("NumGC", MemStatValue::Int(258)),
        ]);
        let p = s.recent_pauses();
        assert_eq!(p.len(), 256);
        assert_eq!(&p[253..], &[7, 8, 9]);
    }

    #[test]
    fn derived_figures_skip_missing_inputs() {
        let s = stats(&[
            ("HeapAlloc", MemStatValue::Int(100)),
            ("HeapInuse", MemStatValue::Int(150)),
        ]);
        let keys: Vec<_> = s.derived().iter().map(|d| d.key).collect();
        assert_eq!(
            keys,
            ["liveHeap", "heapInuseNotAllocated", "heapFragmentation"]
        );
    }
}
