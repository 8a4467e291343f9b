//! `truncated-dump`: the dump ends before its last goroutine does.

use super::Key;
use super::{
    agree, count_of, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};
use crate::model::goroutine::GoroutineFlags;

/// `runtime/pprof.writeGoroutineStacks` stops at 64 MiB (`maxStackBufSize` doubling cap).
const RUNTIME_CAP_GOROUTINES_HINT: &str = "debug=2 output is silently cut by the runtime at 64 MiB";

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "truncated-dump",
        title: "The dump is incomplete",
        severities: &[Severity::Warning],
        target: Target::Goroutine,
        what_it_does: "Reports a goroutine dump that stops in the middle of a goroutine (or a \
line), and a debug=1 profile whose records add up to less than its header's `total` or whose \
last record the input ends inside (its goroutines are counted, their stack is cut). It says \
how many goroutines were read completely, how many were cut off, and what the header promised.",
        why_it_matters: "Every count in the analysis is a lower bound. The classic cause is \
`/debug/pprof/goroutine?debug=2` on a process with very many goroutines: the runtime formats \
the stacks into a buffer capped at 64 MiB and silently drops the rest, so roughly the \
first tens of thousands of goroutines are all you see. Copy-pasting from a terminal or a log \
system with a size limit cuts dumps too.",
        what_next: "Take a debug=1 profile instead (`?debug=1`): it groups identical stacks and \
stays small with any number of goroutines, and its header has the true total. Otherwise fetch \
the dump with `curl -o` rather than copying it from a terminal or log viewer.",
        thresholds: &[],
        example: Example {
            fixture:
                "corpus/goroutine-100k-crawler/goroutine.depth30.debug2.truncated-64MiB.txt.gz",
            excerpt: "...\n\
\t/app/crawler/internal/crawl/crawler.go:60 +0x3f\n\
github.com/acme/crawler/internal/crawl.(*Crawler).resolve(0x0?, {0x30b19e7a5a40?, 0x0?}, 0x0?)\n\
\t/app/crawler/internal/crawl/crawler.go:60 +0x3f\n\
github.com/acme/crawler/internal/crawl.(*Crawler).crawl(0x30b19e56e390, {0x30b19e7a5a40?, 0x0?",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, _options: &RuleOptions, out: &mut Vec<Annotation>) {
    let profile = input.profile;
    let read = profile.total();
    let partial: u64 = profile.partial.iter().map(|g| g.count).sum();
    let header_short = profile.header_total.filter(|&t| t > read);
    if !profile.truncated && partial == 0 && header_short.is_none() {
        return;
    }
    // A debug=1 record the input ends inside: its goroutines are counted (and grouped),
    // their stack is cut.
    let cut_record = profile
        .goroutines
        .iter()
        .rev()
        .find(|g| g.flags.has(GoroutineFlags::PARTIAL));
    let mut detail = match cut_record {
        Some(g) => {
            let frames = match profile.stacks.get(g.stack).len() as u64 {
                0 => "their stack cut before its first frame".to_owned(),
                n => format!("their stack cut after {}", count_of(n, "frame")),
            };
            let read_of = format!(
                "The dump ends early: {} {} read",
                count_of(read, "goroutine"),
                agree(read, "was", "were"),
            );
            if g.count == read {
                format!("{read_of}, {frames} (the input ends inside their record)")
            } else {
                format!(
                    "{read_of}, {} of them (its last record) with {frames}",
                    g.count
                )
            }
        }
        None => format!(
            "The dump ends early: {} {} read completely",
            count_of(read, "goroutine"),
            agree(read, "was", "were")
        ),
    };
    let partial = partial + cut_record.map_or(0, |g| g.count);
    if partial > 0 && cut_record.is_none() {
        detail.push_str(&format!(
            ", {partial} more {} cut off mid-stack",
            agree(partial, "was", "were")
        ));
    }
    if let Some(total) = header_short {
        detail.push_str(&format!(", while the header says {total}"));
    }
    detail.push_str(". Every count here is a lower bound.");
    if read > 10_000 && header_short.is_none() {
        detail.push_str(&format!(
            " A dump this large was probably cut by the runtime itself ({RUNTIME_CAP_GOROUTINES_HINT}); take ?debug=1 for true totals."
        ));
    }
    let mut annotation = Annotation::new(
        RULE.doc.id,
        Severity::Warning,
        if read == 0 && partial > 0 {
            // Only cut goroutines: they were read, in part.
            format!(
                "Dump is truncated: {} read in part",
                count_of(partial, "goroutine")
            )
        } else {
            format!("Dump is truncated: {} read", count_of(read, "goroutine"))
        },
        detail,
    )
    .with(Key::GoroutinesRead, read)
    .with(Key::PartialGoroutines, partial);
    if let Some(total) = header_short {
        annotation = annotation.with(Key::HeaderTotal, total);
    }
    out.push(annotation);
}
