//! `contention-hotspot`: one call site accounts for much of a block/mutex profile's delay.

use super::wait::is_machinery;
use super::Key;
use super::{
    percent, round4, share, significant, Annotation, Check, ContentionInput, Example, Rule,
    RuleDoc, RuleOptions, Severity, Target,
};
use crate::model::contention::{ContentionKind, ContentionValues};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "contention-hotspot",
        title: "Contention hotspot",
        severities: &[Severity::Warning],
        target: Target::Contention,
        what_it_does: "Sums the delay of a block or mutex profile by call site — the first frame \
outside the runtime and `sync` (for the mutex profile, the code that called `Unlock`, which \
is where contention is charged; for the block profile, the code that blocked) — and reports \
sites with at least `contentionHotspotShare` of the profile's total delay and \
`contentionHotspotSeconds` of delay. Delays come from cycles and `cycles/second` as the \
runtime computes them; mutex counts are not multiplied by the sampling period again (the Go \
≥ 1.20 runtime already did, unlike `go tool pprof` on text).",
        why_it_matters: "The delay is time goroutines spent waiting instead of working. When one \
site owns a large share of it, that lock (mutex profile: the critical section ending at this \
`Unlock`) or that channel/select (block profile) is the program's serialization point, and \
shortening it is the most effective fix for latency under load.",
        what_next: "For a mutex hotspot, read the critical section ending at the named site: move \
work out of it, split the lock, or use atomics. For a block hotspot, see whether the wait is \
intended (a worker waiting for jobs is not a problem) or a queue that backs up. Delay is \
cumulative since profiling started: compare two profiles to get a rate.",
        thresholds: &["contentionHotspotShare", "contentionHotspotSeconds"],
        example: Example {
            fixture: "corpus/block-mutex/mutex.debug1.txt",
            excerpt: "--- mutex:\n\
cycles/second=2596139304\n\
sampling period=1\n\
7971837757 199 @ 0x4bf716 0x4bf715 0x500fbc 0x486821\n\
#\t0x4bf715\tsync.(*Mutex).Unlock+0xb5\t\t\t\t\t/usr/local/go/src/sync/mutex.go:65\n\
#\t0x4bf714\tgithub.com/acme/ledger/internal/book.(*Ledger).Post+0xb4\t/app/ledger/internal/book/book.go:19\n\
#\t0x500fbb\tmain.main.func1+0x5b\t\t\t\t\t\t/app/ledger/cmd/ledger/main.go:52",
            thresholds: &[],
        },
    },
    check: Check::Contention(check),
};

struct Site<'a> {
    function: &'a str,
    values: ContentionValues,
    records: Vec<usize>,
}

fn check(input: &ContentionInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let profile = input.profile;
    let mut sites: Vec<Site<'_>> = Vec::new();
    for (index, record) in profile.records.iter().enumerate() {
        let frames: Vec<_> = record
            .frames
            .iter()
            .map(|&id| input.frames.get(id))
            .collect();
        let function = frames
            .iter()
            .find(|f| !is_machinery(f))
            .or(frames.first())
            .map_or("?", |f| f.function.as_str());
        let values = profile.values(record);
        match sites.iter_mut().find(|s| s.function == function) {
            Some(site) => {
                site.values.add(&values);
                site.records.push(index);
            }
            None => sites.push(Site {
                function,
                values,
                records: vec![index],
            }),
        }
    }
    let total = profile.totals();
    // Largest delay first; ties keep input order.
    crate::order::sort_by_key(&mut sites, |a| std::cmp::Reverse(a.values.delay));
    let what = match profile.kind {
        ContentionKind::Mutex => "lock contention charged to",
        ContentionKind::Block | ContentionKind::Contentionz => "time blocked in",
    };
    for site in sites {
        let seconds = site.values.delay as f64 / 1e9;
        let sh = share(site.values.delay as f64, total.delay as f64);
        if !significant(
            seconds,
            sh,
            options.contention_hotspot_seconds,
            options.contention_hotspot_share,
        ) {
            continue;
        }
        out.push(
            Annotation::new(
                RULE.doc.id,
                Severity::Warning,
                format!(
                    "{} of {what} {} ({:.2} s)",
                    percent(sh),
                    site.function,
                    seconds
                ),
                format!(
                    "{} accounts for {:.2} s of the profile's {:.2} s delay ({}), over {} \
                     contention events. This is the program's main serialization point in \
                     this profile.",
                    site.function,
                    seconds,
                    total.delay as f64 / 1e9,
                    percent(sh),
                    site.values.contentions
                ),
            )
            .with(Key::Function, site.function)
            .with(Key::DelaySeconds, round4(seconds))
            .with(Key::Contentions, site.values.contentions)
            .with(Key::Share, sh)
            .with(Key::TotalDelaySeconds, round4(total.delay as f64 / 1e9))
            .with(Key::Profile, profile.kind.name())
            .groups(site.records),
        );
    }
}
