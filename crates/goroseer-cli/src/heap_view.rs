//! Terminal view of heap, contention and threadcreate profiles: a table like
//! `go tool pprof -top` plus the MemStats figures.

use crate::output::outln;

use goroseer::model::heap::HeapProfile;
use goroseer::model::samples::{PprofInfo, SampleKind, SampleProfile};
use goroseer::model::{ContentionProfile, Profile};
use goroseer::{AggregateBy, Aggregation, Analysis, ProfileQuery, SampleType};

/// Rows shown per table.
const TOP_ROWS: usize = 25;

/// `--sample NAME` and `--by site|function|package`.
#[derive(Debug, Clone, Default)]
pub struct ViewOptions {
    /// A heap (`inuse_space` …) or contention (`delay`, `contentions`) sample type.
    pub sample: Option<String>,
    /// Row grouping; function by default.
    pub group_by: Option<AggregateBy>,
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
            if !goroseer::is_sample_name(&value) {
                return Err(format!(
                    "unknown sample `{value}` (inuse_space, inuse_objects, alloc_space, alloc_objects, delay, contentions)"
                ));
            }
            self.sample = Some(value);
        } else {
            self.group_by =
                Some(AggregateBy::from_name(&value).ok_or("--by takes site, function or package")?);
        }
        Ok(true)
    }
}

/// Prints every heap, contention and threadcreate profile of `doc`.
pub fn print(analysis: &Analysis, options: &ViewOptions) {
    let doc = &analysis.document;
    for (index, profile) in doc.profiles.iter().enumerate() {
        // The sample and grouping are resolved by the same query the page sends; a
        // sample of the other kind of profile (`--sample delay` on a heap) falls back to
        // the profile's default, as the page's sample switch does.
        let mut query = ProfileQuery {
            profile: index,
            sample: options.sample.clone(),
            group_by: options.group_by.map(|by| by.name().to_owned()),
            ..ProfileQuery::default()
        };
        if analysis.sample_type(&query).is_err() {
            query.sample = None;
        }
        let (Ok(sample), Ok(top)) = (analysis.sample_type(&query), analysis.top(&query)) else {
            continue;
        };
        match profile {
            Profile::Heap(p) => print_heap(p, &sample),
            Profile::Contention(p) => print_contention(p, &sample),
            Profile::ThreadCreate(p) => outln!("\nthreadcreate: total {} threads", p.total),
            Profile::Samples(p) => print_samples(p, doc.pprof.as_ref(), &sample),
            Profile::Goroutine(_) | Profile::Race(_) => continue,
        }
        print_top(&top, &|v| value(v, &sample));
        if let Profile::Heap(p) = profile {
            print_memstats(p);
        }
    }
}

/// A value of `sample` as pprof's `-top` prints it.
fn value(v: i64, sample: &SampleType) -> String {
    match sample.unit.as_str() {
        "bytes" => bytes(v),
        "nanoseconds" => duration(v as f64),
        _ => v.to_string(),
    }
}

fn print_heap(p: &HeapProfile, sample: &SampleType) {
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
    outln!("Type: {}", sample.name);
}

fn print_memstats(p: &HeapProfile) {
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

fn print_contention(p: &ContentionProfile, sample: &SampleType) {
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
    outln!("Type: {}", sample.name);
}

/// A CPU or other sample profile: pprof's `Duration: …, Total samples = …` line.
fn print_samples(p: &SampleProfile, info: Option<&PprofInfo>, sample: &SampleType) {
    let name = match p.kind {
        SampleKind::Cpu => "cpu",
        SampleKind::Other => "sample",
    };
    let totals = p.totals();
    let total = p.sample_index(&sample.name).map_or(0, |i| totals[i]);
    let duration_ns = info.map_or(0, |i| i.duration_nanos);
    let share = if duration_ns > 0 && sample.unit == "nanoseconds" {
        format!(" ({:.2}%)", total as f64 * 100.0 / duration_ns as f64)
    } else {
        String::new()
    };
    outln!(
        "\n{name} profile: {} samples, duration {}, total {} = {}{share}",
        p.samples.len(),
        duration(duration_ns as f64),
        sample.name,
        value(total, sample)
    );
    outln!("Type: {}", sample.name);
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
