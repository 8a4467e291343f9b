//! Terminal view of heap, contention and threadcreate profiles: a table like
//! `go tool pprof -top` plus the MemStats figures.

use crate::output::outln;

use goroseer::analysis::aggregate::{
    aggregate, contention_stacks, heap_stacks, Aggregation, ContentionSample, GroupBy, HeapScale,
};
use goroseer::model::heap::{HeapProfile, HeapSample};
use goroseer::model::{ContentionProfile, Document, Profile};

/// Rows shown per table.
const TOP_ROWS: usize = 25;

/// `--sample NAME` and `--by site|function|package`.
#[derive(Debug, Clone, Default)]
pub struct ViewOptions {
    /// A heap (`inuse_space` …) or contention (`delay`, `contentions`) sample type.
    pub sample: Option<String>,
    /// Row grouping; function by default.
    pub group_by: Option<GroupBy>,
}

impl ViewOptions {
    /// Reads `arg` (and the value after it from `rest`) when it is one of ours.
    pub fn read(
        &mut self,
        arg: &str,
        rest: &mut impl Iterator<Item = String>,
    ) -> Result<bool, String> {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_owned())),
            None => (arg, None),
        };
        if flag != "--sample" && flag != "--by" {
            return Ok(false);
        }
        let value = inline
            .or_else(|| rest.next())
            .ok_or_else(|| format!("{flag} needs a value"))?;
        if flag == "--sample" {
            let known = HeapSample::from_name(&value).is_some()
                || ContentionSample::from_name(&value).is_some();
            if !known {
                return Err(format!(
                    "unknown sample `{value}` (inuse_space, inuse_objects, alloc_space, alloc_objects, delay, contentions)"
                ));
            }
            self.sample = Some(value);
        } else {
            self.group_by =
                Some(GroupBy::from_name(&value).ok_or("--by takes site, function or package")?);
        }
        Ok(true)
    }
}

/// Prints every heap, contention and threadcreate profile of `doc`.
pub fn print(doc: &Document, options: &ViewOptions) {
    let by = options.group_by.unwrap_or(GroupBy::Function);
    for profile in &doc.profiles {
        match profile {
            Profile::Heap(p) => print_heap(doc, p, options, by),
            Profile::Contention(p) => print_contention(doc, p, options, by),
            Profile::ThreadCreate(p) => {
                let stacks = p.records.iter().map(|r| (r.frames.as_slice(), r.count));
                outln!("\nthreadcreate: total {} threads", p.total);
                print_top(&aggregate(&doc.frames, stacks, by), &|v| v.to_string());
            }
            Profile::Goroutine(_) => {}
        }
    }
}

fn print_heap(doc: &Document, p: &HeapProfile, options: &ViewOptions, by: GroupBy) {
    let sample = options
        .sample
        .as_deref()
        .and_then(HeapSample::from_name)
        .unwrap_or(HeapSample::InuseSpace);
    let sampled = p.header.is_sampled() && p.header.sampling_rate() > 1;
    outln!(
        "\nheap profile: {} records, sampling rate {} B{}",
        p.records.len(),
        p.header.sampling_rate(),
        if sampled {
            " (values unsampled like pprof)"
        } else {
            ""
        }
    );
    let totals = p.unsampled_totals();
    outln!(
        "in use: {} in {} objects; allocated: {} in {} objects",
        bytes(totals.inuse_space),
        totals.inuse_objects,
        bytes(totals.alloc_space),
        totals.alloc_objects
    );
    outln!("Type: {}", sample.name());
    let agg = aggregate(
        &doc.frames,
        heap_stacks(p, sample, HeapScale::Unsampled),
        by,
    );
    if sample.unit() == "bytes" {
        print_top(&agg, &bytes);
    } else {
        print_top(&agg, &|v| v.to_string());
    }
    if let Some(stats) = &p.memstats {
        outln!("\nruntime.MemStats ({} keys):", stats.entries.len());
        for d in stats.derived() {
            let value = match d.unit {
                "bytes" => bytes(d.value as i64),
                "nanoseconds" => duration(d.value),
                "percent" => format!("{:.2}%", d.value),
                _ => format!("{}", d.value),
            };
            outln!("  {:<34} {:>12}  {}", d.label, value, d.meaning);
        }
    }
}

fn print_contention(doc: &Document, p: &ContentionProfile, options: &ViewOptions, by: GroupBy) {
    let sample = options
        .sample
        .as_deref()
        .and_then(ContentionSample::from_name)
        .unwrap_or(ContentionSample::Delay);
    let t = p.totals();
    outln!(
        "\n{} profile: {} records, {} contentions, {} delay",
        p.kind.name(),
        p.records.len(),
        t.contentions,
        duration(t.delay as f64)
    );
    let pprof = p.pprof_totals();
    if pprof != t {
        outln!(
            "note: go tool pprof reads this text as {} contentions, {} delay (it multiplies by the sampling period the runtime already applied)",
            pprof.contentions,
            duration(pprof.delay as f64)
        );
    }
    let agg = aggregate(&doc.frames, contention_stacks(p, sample), by);
    match sample {
        ContentionSample::Delay => {
            outln!("Type: delay");
            print_top(&agg, &|v| duration(v as f64));
        }
        ContentionSample::Contentions => {
            outln!("Type: contentions");
            print_top(&agg, &|v| v.to_string());
        }
    }
}

fn print_top(agg: &Aggregation, fmt: &dyn Fn(i64) -> String) {
    let pct = |v: i64| {
        if agg.total == 0 {
            0.0
        } else {
            v as f64 * 100.0 / agg.total as f64
        }
    };
    outln!(
        "Showing {} of {} rows, total {}",
        agg.rows.len().min(TOP_ROWS),
        agg.rows.len(),
        fmt(agg.total)
    );
    outln!(
        "{:>12} {:>7} {:>7} {:>12} {:>7}",
        "flat",
        "flat%",
        "sum%",
        "cum",
        "cum%"
    );
    let mut sum = 0i64;
    for row in agg.rows.iter().take(TOP_ROWS) {
        sum += row.flat;
        outln!(
            "{:>12} {:>6.2}% {:>6.2}% {:>12} {:>6.2}%  {}",
            fmt(row.flat),
            pct(row.flat),
            pct(sum),
            fmt(row.cum),
            pct(row.cum),
            row.name
        );
    }
}

/// Bytes with pprof's 1024-based units.
fn bytes(v: i64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"];
    let mut x = v as f64;
    let mut unit = 0;
    while x.abs() >= 1024.0 && unit < units.len() - 1 {
        x /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{v}B")
    } else {
        format!("{x:.2}{}", units[unit])
    }
}

/// Nanoseconds in the largest unit that keeps the number ≥ 1.
fn duration(ns: f64) -> String {
    let (div, unit) = match ns.abs() {
        n if n >= 1e9 => (1e9, "s"),
        n if n >= 1e6 => (1e6, "ms"),
        n if n >= 1e3 => (1e3, "µs"),
        _ => (1.0, "ns"),
    };
    if ns == 0.0 {
        return "0".to_owned();
    }
    format!("{:.2}{unit}", ns / div)
}
