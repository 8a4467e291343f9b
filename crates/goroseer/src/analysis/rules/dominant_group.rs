//! `dominant-group`: one group holds most goroutines.

use super::facts::location;
use super::wait::Wait;
use super::Key;
use super::{
    percent, share, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "dominant-group",
        title: "One stack holds most goroutines",
        severities: &[Severity::Info, Severity::Warning],
        target: Target::Goroutine,
        what_it_does: "Finds the largest group (goroutines with the same stack and state at the \
report's grouping level) and reports it when it holds at least `dominantGroupShare` of all \
goroutines in a dump of at least `dominantGroupMin` goroutines. When that group waits in the \
network poller it is information (`netpoll-wait` explains it); otherwise a warning.",
        why_it_matters: "When one stack dominates a dump, it is the story of the dump: whatever \
those goroutines wait for is what the program is stuck on, or what it is creating without \
bound (one goroutine per URL, per message, per request). Fixing that one call site changes \
the whole picture.",
        what_next: "Open the dominant group: read its innermost own-code frame (what it waits for) \
and its `created by` site (who starts them, and whether anything bounds how many). See the \
other annotations on the same group (`channel-blocked`, `mutex-contention`) for the cause.",
        thresholds: &["dominantGroupShare", "dominantGroupMin"],
        example: Example {
            fixture: "corpus/goroutine-100k-crawler/goroutine.debug1.txt",
            excerpt: "99936 @ 0x47e84a 0x4149dc 0x4145d7 0x4bcf1d 0x4bcfe8 0x4bd0f7 0x4849a1\n\
#\t0x4bcf1c\tgithub.com/acme/crawler/internal/crawl.(*Crawler).acquire+0x1c\t/app/crawler/internal/crawl/crawler.go:46\n\
#\t0x4bcfe7\tgithub.com/acme/crawler/internal/crawl.(*Crawler).resolve+0x67\t/app/crawler/internal/crawl/crawler.go:62\n\
#\t0x4bd0f6\tgithub.com/acme/crawler/internal/crawl.(*Crawler).crawl+0x56\t/app/crawler/internal/crawl/crawler.go:70",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let total = input.total();
    if total == 0 || total < options.dominant_group_min {
        return;
    }
    // The first of the largest: groups come in report order.
    let Some(top) = input
        .groups
        .iter()
        .reduce(|best, g| if g.count > best.count { g } else { best })
    else {
        return;
    };
    let sh = share(top.count as f64, total as f64);
    if sh < options.dominant_group_share {
        return;
    }
    let severity = if top.wait == Wait::Netpoll {
        Severity::Info
    } else {
        Severity::Warning
    };
    let site = top.call_site().or_else(|| top.frames.first().copied());
    let name = site.map_or("?", |f| f.function.as_str());
    let shown = site.map_or(std::borrow::Cow::Borrowed("?"), |f| f.display_name());
    let creator = top.created_by.map_or_else(String::new, |f| {
        format!(" They are started by {}.", location(f))
    });
    let state = if top.state.is_empty() {
        String::new()
    } else {
        format!(" [{}]", top.state)
    };
    out.push(
        Annotation::new(
            RULE.doc.id,
            severity,
            format!(
                "{} of {total} goroutines ({}) share one stack in {shown}",
                top.count,
                percent(sh)
            ),
            format!(
                "One group holds {} of the dump's goroutines: {}{state}.{creator} Whatever it \
                 waits for is what this program is doing; check what bounds the number of \
                 these goroutines.",
                percent(sh),
                site.map_or_else(|| "?".to_owned(), location),
            ),
        )
        .with(Key::Goroutines, top.count)
        .with(Key::TotalGoroutines, total)
        .with(Key::Share, sh)
        .with(Key::Function, name)
        .with(Key::State, top.state)
        .with(Key::CreatedBy, top.created_by)
        .groups(vec![top.index]),
    );
}
