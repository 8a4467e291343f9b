//! Every threshold of every rule, in one options object.
//!
//! The same struct is filled from three places: [`RuleOptions::default`] (documented
//! defaults), the wasm options object (serde, camelCase names, missing fields keep their
//! default) and the CLI's `--threshold NAME=VALUE` (through [`RuleOptions::set`]).
//! `docs/rules/README.md` lists them, generated from [`THRESHOLDS`].

use serde::{Deserialize, Serialize};

/// The documentation of one threshold, for the generated docs and `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThresholdDoc {
    /// Name as used in JSON and on the command line (camelCase).
    pub name: &'static str,
    /// Unit of the value, for a person (`goroutines`, `share 0–1`, `bytes`, …).
    pub unit: &'static str,
    /// What the threshold decides.
    pub doc: &'static str,
}

/// An error from [`RuleOptions::set`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThresholdError {
    /// No threshold has this name.
    UnknownName(String),
    /// The value is not a number of the threshold's type.
    BadValue {
        /// The threshold.
        name: &'static str,
        /// The text given.
        value: String,
    },
    /// The argument is not `NAME=VALUE`.
    NotAssignment(String),
}

impl std::fmt::Display for ThresholdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThresholdError::UnknownName(name) => write!(
                f,
                "unknown threshold `{name}` (known: {})",
                THRESHOLDS
                    .iter()
                    .map(|t| t.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ThresholdError::BadValue { name, value } => {
                write!(f, "threshold `{name}`: `{value}` is not a valid number")
            }
            ThresholdError::NotAssignment(arg) => {
                write!(f, "expected NAME=VALUE, got `{arg}`")
            }
        }
    }
}

impl std::error::Error for ThresholdError {}

/// Compares threshold names ignoring case, `-` and `_`, so `long-wait-minutes`,
/// `long_wait_minutes` and `longWaitMinutes` all name the same threshold.
///
/// Every threshold name is ASCII, so ASCII case is enough: the one other character that
/// `char::to_lowercase` makes ASCII is U+212A KELVIN SIGN (→ `k`), mapped here too, so names
/// match exactly as with the Unicode tables — which cost the page's wasm 14 KB raw, 6.6 KB
/// gzipped (with `capitalized` in report/summary.rs, their other user).
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| *c != '-' && *c != '_')
            .map(name_lower)
            .collect::<String>()
    };
    norm(a) == norm(b)
}

/// `c` lower case for [`same_name`].
fn name_lower(c: char) -> char {
    match c {
        '\u{212A}' => 'k',
        c => c.to_ascii_lowercase(),
    }
}

/// Declares [`RuleOptions`], its defaults, [`THRESHOLDS`] and [`RuleOptions::set`] from
/// one list, so a threshold cannot exist without its default and its documentation.
macro_rules! thresholds {
    ($( $(#[doc = $doc:literal])* $field:ident / $name:literal : $ty:ty = $default:expr ; $unit:literal ),* $(,)?) => {
        /// Thresholds of every rule. Missing fields of a deserialized object keep their
        /// defaults; unknown fields are refused so a typo does not go unnoticed.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct RuleOptions {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $name)]
                pub $field: $ty,
            )*
        }

        impl Default for RuleOptions {
            fn default() -> Self {
                RuleOptions { $( $field: $default, )* }
            }
        }

        /// Documentation of every threshold, in declaration order.
        pub const THRESHOLDS: &[ThresholdDoc] = &[
            $( ThresholdDoc { name: $name, unit: $unit, doc: concat!($($doc, "\n"),*) }, )*
        ];

        impl RuleOptions {
            /// Sets the threshold `name` from its text `value`.
            pub fn set(&mut self, name: &str, value: &str) -> Result<(), ThresholdError> {
                $(
                    if same_name(name, $name) {
                        self.$field = value.trim().parse::<$ty>().map_err(|_| {
                            ThresholdError::BadValue { name: $name, value: value.to_owned() }
                        })?;
                        return Ok(());
                    }
                )*
                Err(ThresholdError::UnknownName(name.to_owned()))
            }

            /// Sets a threshold from `NAME=VALUE` (the CLI's `--threshold` argument).
            pub fn set_assignment(&mut self, arg: &str) -> Result<(), ThresholdError> {
                let (name, value) = arg
                    .split_once('=')
                    .ok_or_else(|| ThresholdError::NotAssignment(arg.to_owned()))?;
                self.set(name.trim(), value)
            }

            /// The value of the threshold `name` as text (for the generated docs).
            pub fn get(&self, name: &str) -> Option<String> {
                $(
                    if same_name(name, $name) {
                        return Some(self.$field.to_string());
                    }
                )*
                None
            }
        }
    };
}

thresholds! {
    /// Goroutines parked in the network poller (`IO wait`) before `netpoll-wait` says so.
    netpoll_wait_min / "netpollWaitMin": u64 = 10; "goroutines",
    /// Goroutines waiting to `Lock` one `sync.Mutex` call site for a warning.
    mutex_contention_min / "mutexContentionMin": u64 = 5; "goroutines",
    /// Goroutines waiting to `Lock` one call site for `mutex-contention` to be critical.
    mutex_contention_critical / "mutexContentionCritical": u64 = 100; "goroutines",
    /// Goroutines waiting on one `sync.RWMutex` call site (`Lock` or `RLock`).
    rwmutex_contention_min / "rwmutexContentionMin": u64 = 5; "goroutines",
    /// Goroutines waiting in `WaitGroup.Wait` or `Cond.Wait` at one call site.
    sync_wait_min / "syncWaitMin": u64 = 10; "goroutines",
    /// Goroutines blocked on one channel send/receive site.
    channel_blocked_min / "channelBlockedMin": u64 = 100; "goroutines",
    /// Goroutines waiting for one resource (same owner and address) for `bottleneck`.
    bottleneck_min / "bottleneckMin": u64 = 10; "goroutines",
    /// Share of all goroutines waiting for one held resource for `bottleneck` to be critical.
    bottleneck_critical_share / "bottleneckCriticalShare": f64 = 0.25; "share 0–1",
    /// A wait this long (the runtime's `, N minutes`) is reported by `long-wait`.
    long_wait_minutes / "longWaitMinutes": u64 = 10; "minutes",
    /// Share of all goroutines one group must hold for `dominant-group`.
    dominant_group_share / "dominantGroupShare": f64 = 0.5; "share 0–1",
    /// Smallest dump (goroutines) where `dominant-group` applies; tiny dumps always have one.
    dominant_group_min / "dominantGroupMin": u64 = 100; "goroutines",
    /// Total goroutines for `goroutine-count-high`.
    goroutine_count_high / "goroutineCountHigh": u64 = 10000; "goroutines",
    /// `[runnable]` goroutines (ready but waiting for a CPU) for `runnable-backlog`.
    runnable_backlog_min / "runnableBacklogMin": u64 = 100; "goroutines",
    /// Goroutines in `[syscall]` for `syscall-pileup`.
    syscall_pileup_min / "syscallPileupMin": u64 = 50; "goroutines",
    /// Goroutines locked to their OS thread for `locked-threads`.
    locked_threads_min / "lockedThreadsMin": u64 = 1; "goroutines",
    /// Share of the in-use heap one call site must retain for `heap-top-retainer`.
    heap_top_retainer_share / "heapTopRetainerShare": f64 = 0.25; "share 0–1",
    /// Smallest in-use bytes of a site for `heap-top-retainer`.
    heap_top_retainer_bytes / "heapTopRetainerBytes": i64 = 1 << 20; "bytes",
    /// A site must have allocated this many times what it still holds for `alloc-churn`.
    alloc_churn_ratio / "allocChurnRatio": f64 = 10.0; "ratio",
    /// Smallest allocated bytes of a site for `alloc-churn`.
    alloc_churn_bytes / "allocChurnBytes": i64 = 64 << 20; "bytes",
    /// Share of `HeapInuse` not holding live objects (`HeapInuse − HeapAlloc`).
    heap_fragmentation_share / "heapFragmentationShare": f64 = 0.3; "share 0–1",
    /// Smallest wasted bytes (`HeapInuse − HeapAlloc`) for `heap-fragmentation`.
    heap_fragmentation_bytes / "heapFragmentationBytes": u64 = 16 << 20; "bytes",
    /// Idle heap not yet returned to the OS (`HeapIdle − HeapReleased`), in bytes.
    heap_idle_unreleased_bytes / "heapIdleUnreleasedBytes": u64 = 64 << 20; "bytes",
    /// The same as a share of `HeapSys`.
    heap_idle_unreleased_share / "heapIdleUnreleasedShare": f64 = 0.3; "share 0–1",
    /// `GCCPUFraction` (share of CPU spent in GC since start) for `gc-cpu-high`.
    gc_cpu_fraction / "gcCpuFraction": f64 = 0.05; "share 0–1",
    /// Goroutine stack memory (`StackInuse`) in bytes for `stack-memory-high`.
    stack_memory_bytes / "stackMemoryBytes": u64 = 256 << 20; "bytes",
    /// The same as a share of `Sys`.
    stack_memory_share / "stackMemoryShare": f64 = 0.25; "share 0–1",
    /// Share of `Sys` that is neither heap nor stacks (runtime metadata) for `runtime-overhead`.
    runtime_overhead_share / "runtimeOverheadShare": f64 = 0.3; "share 0–1",
    /// Goroutines a group must gain from the first dump to the last for `goroutine-growth`.
    goroutine_growth_min / "goroutineGrowthMin": u64 = 10; "goroutines",
    /// Last/first count a group must reach for `goroutine-growth` when only two dumps are
    /// compared, or when it did not grow at every step.
    goroutine_growth_factor / "goroutineGrowthFactor": f64 = 2.0; "ratio",
    /// In-use bytes (unsampled) an allocation site must gain across heap dumps for
    /// `heap-growth`.
    heap_growth_bytes / "heapGrowthBytes": i64 = 1 << 20; "bytes",
    /// Last/first in-use bytes an allocation site must reach for `heap-growth`.
    heap_growth_factor / "heapGrowthFactor": f64 = 1.2; "ratio",
    /// Share of all delay one call site must account for in a block/mutex profile.
    contention_hotspot_share / "contentionHotspotShare": f64 = 0.3; "share 0–1",
    /// Smallest delay of a site, in seconds, for `contention-hotspot`.
    contention_hotspot_seconds / "contentionHotspotSeconds": f64 = 0.1; "seconds",
    /// Share of a CPU profile's time in the garbage collector for `cpu-share`.
    cpu_gc_share / "cpuGcShare": f64 = 0.1; "share 0–1",
    /// Share of a CPU profile's time in locks' slow paths for `cpu-share`.
    cpu_lock_share / "cpuLockShare": f64 = 0.1; "share 0–1",
    /// Share of a CPU profile's time one function must have as flat time for `cpu-share`.
    cpu_dominant_share / "cpuDominantShare": f64 = 0.3; "share 0–1",
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character lower-cases to ASCII here exactly when `char::to_lowercase` makes
    /// it ASCII, and to the same letter: threshold names (ASCII) match as they did.
    #[test]
    fn names_match_as_with_the_unicode_lower_case() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let unicode: String = c.to_lowercase().collect();
            let ours = name_lower(c);
            if unicode.is_ascii() {
                assert_eq!(ours.to_string(), unicode, "{c:?}");
            } else {
                assert!(!ours.is_ascii(), "{c:?}");
            }
        }
    }

    #[test]
    fn names_are_the_camel_case_of_fields_and_settable_in_any_case() {
        let mut options = RuleOptions::default();
        options.set("long-wait-minutes", "3").unwrap();
        assert_eq!(options.long_wait_minutes, 3);
        options.set("dominant_group_share", "0.75").unwrap();
        assert_eq!(options.dominant_group_share, 0.75);
        options.set("goroutineCountHigh", "42").unwrap();
        assert_eq!(options.goroutine_count_high, 42);
        assert_eq!(options.get("goroutineCountHigh").as_deref(), Some("42"));
    }

    #[test]
    fn bad_names_and_values_are_refused() {
        let mut options = RuleOptions::default();
        assert!(matches!(
            options.set("noSuchThreshold", "1"),
            Err(ThresholdError::UnknownName(_))
        ));
        assert!(matches!(
            options.set("longWaitMinutes", "ten"),
            Err(ThresholdError::BadValue { .. })
        ));
        assert_eq!(options, RuleOptions::default());
    }

    #[test]
    fn a_partial_object_keeps_defaults_and_unknown_fields_are_refused() {
        let options: RuleOptions = serde_json::from_str(r#"{"longWaitMinutes": 1}"#).unwrap();
        assert_eq!(options.long_wait_minutes, 1);
        assert_eq!(options.goroutine_count_high, 10000);
        assert!(serde_json::from_str::<RuleOptions>(r#"{"longWait": 1}"#).is_err());
    }

    #[test]
    fn every_threshold_has_a_doc_and_a_value() {
        let defaults = RuleOptions::default();
        for t in THRESHOLDS {
            assert!(!t.doc.trim().is_empty(), "{} has no doc", t.name);
            assert!(defaults.get(t.name).is_some(), "{}", t.name);
        }
    }
}
