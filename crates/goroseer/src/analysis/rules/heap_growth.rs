//! `heap-growth`: an allocation site whose live bytes grow from heap dump to heap dump.

use super::growth_text::arrows;
use super::{
    human_bytes, Annotation, Check, Example, Rule, RuleDoc, RuleOptions, Severity, Target,
};
use super::{Key, Location};
use crate::analysis::compare::{HeapComparison, SiteSeries};
use crate::model::FrameTable;

/// At most this many growing sites are reported, largest growth first.
const MAX_REPORTED: usize = 10;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "heap-growth",
        title: "Live heap grows at one allocation site",
        severities: &[Severity::Warning, Severity::Critical],
        target: Target::Comparison,
        what_it_does: "Follows every allocation site (the innermost frame outside the runtime's \
allocator) across heap profiles of one program taken over time, with pprof's unsampled \
estimates of the bytes in use. A site is reported when its in-use bytes grew at every step, \
by at least `heapGrowthBytes` from the first dump to the last, and to at least \
`heapGrowthFactor` times the first value: a warning across two dumps (a cache warming up looks \
the same), critical across three or more.",
        why_it_matters: "In-use bytes are what survived the last garbage collection. A site \
whose live memory keeps growing — a map used as a cache without eviction, a slice that only \
appends, buffers kept by a global — takes the process to its memory limit and makes every GC \
cycle scan more. Sites that churn (allocate a lot, keep nothing) or stay the same size are not \
reported.",
        what_next: "Look at what the site's objects are stored in and what should remove them: \
bound the cache (size or TTL), delete map entries when a session ends, copy small parts out \
of large buffers. `go tool pprof -base old.pb.gz new.pb.gz` shows the same growth with full \
stacks when debug=0 profiles are at hand.",
        thresholds: &["heapGrowthBytes", "heapGrowthFactor"],
        example: Example {
            fixture: "periodic-dumps/service.log",
            excerpt: "8: 131072 [8: 131072] @ 0x47dc73 0x480d09 0x4e7e8a 0x4e7f58 0x4e8591 0x44abc7 0x4855a1\n\
#\t0x4e7e89\tmain.remember+0x29\texample.com/periodic/main.go:64\n\
...\n\
14: 229376 [14: 229376] @ 0x47dc73 0x480d09 0x4e7e8a 0x4e7f58 0x4e8591 0x44abc7 0x4855a1\n\
#\t0x4e7e89\tmain.remember+0x29\texample.com/periodic/main.go:64\n\
...\n\
24: 393216 [24: 393216] @ 0x47dc73 0x480d09 0x4e7e8a 0x4e7f58 0x4e8591 0x44abc7 0x4855a1\n\
#\t0x4e7e89\tmain.remember+0x29\texample.com/periodic/main.go:64",
            thresholds: &[],
        },
    },
    check: Check::HeapComparison(check),
};

fn growing(site: &SiteSeries, options: &RuleOptions) -> bool {
    let (Some(&first), Some(&last)) = (site.inuse_space.first(), site.inuse_space.last()) else {
        return false;
    };
    site.trend.grew_every_step
        && last.saturating_sub(first) >= options.heap_growth_bytes
        && last as f64 >= options.heap_growth_factor * first as f64
}

fn check(c: &HeapComparison, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let dumps = c.snapshots.len();
    if dumps < 2 {
        return;
    }
    let severity = if dumps >= 3 {
        Severity::Critical
    } else {
        Severity::Warning
    };
    let mut sites: Vec<&SiteSeries> = c.sites.iter().filter(|s| growing(s, options)).collect();
    crate::order::sort_by_key(&mut sites, |s| std::cmp::Reverse(s.trend.delta));
    for site in sites.into_iter().take(MAX_REPORTED) {
        out.push(annotation(site, &c.frames, severity, dumps));
    }
}

fn annotation(
    site: &SiteSeries,
    frames: &FrameTable,
    severity: Severity,
    dumps: usize,
) -> Annotation {
    let frame = site.leaf(frames);
    let function = frame.map_or("?", |f| f.function.as_str());
    // The name the page shows for the site's frame (`internal/cache.(*LRU).Add`).
    let short = frame.map_or(std::borrow::Cow::Borrowed(function), |f| f.display_name());
    let sizes: Vec<String> = site
        .inuse_space
        .iter()
        .map(|&b| human_bytes(b as f64))
        .collect();
    Annotation::new(
        RULE.doc.id,
        severity,
        format!("{short} keeps more memory: {} in use", arrows(&sizes)),
        format!(
            "The bytes in use allocated at {} grew {}, by {} in all ({} objects to {}){}. \
             Memory that survives garbage collection and keeps growing is retained by \
             something that never lets go.",
            frame.map_or_else(|| "?".to_owned(), super::facts::location),
            if dumps == 2 {
                "from the first heap dump to the second".to_owned()
            } else {
                format!(
                    "at every one of the {} steps between {dumps} heap dumps",
                    dumps - 1
                )
            },
            human_bytes(site.trend.delta as f64),
            site.inuse_objects.first().copied().unwrap_or(0),
            site.inuse_objects.last().copied().unwrap_or(0),
            site.trend
                .per_minute
                .map_or_else(String::new, |r| format!(", {} per minute", human_bytes(r))),
        ),
    )
    .with(
        Key::Site,
        frame.map(|f| Location::new(&f.function, &f.file, f.line)),
    )
    .with(Key::InuseBytes, site.inuse_space.clone())
    .with(Key::InuseObjects, site.inuse_objects.clone())
    .with(Key::AllocBytes, site.alloc_space.clone())
    .with(Key::AddedBytes, site.trend.delta)
    .with(Key::Ratio, site.trend.ratio)
    .with(Key::BytesPerMinute, site.trend.per_minute)
    .with(Key::Dumps, dumps)
    .groups(vec![site.id])
}
