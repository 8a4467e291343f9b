//! `channel-blocked`: many goroutines blocked on one channel send/receive/select site.

use super::facts::{location, sites};
use super::Key;
use super::{
    percent, share, Annotation, Check, Example, GoroutineInput, Rule, RuleDoc, RuleOptions,
    Severity, Target,
};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        id: "channel-blocked",
        title: "Many goroutines blocked on one channel operation",
        severities: &[Severity::Warning],
        target: Target::Goroutine,
        what_it_does: "Gathers goroutines in `[chan send]`, `[chan receive]` or `[select]` by the \
call site of the operation (the first frame outside the runtime) and reports sites where many \
goroutines are blocked at once. Needs wait reasons, so it reads debug=2 dumps and crash \
output; debug=1 profiles hide the runtime frames that would tell a send from a receive.",
        why_it_matters:
            "A few goroutines parked on a channel is how Go programs idle. Hundreds or \
thousands at the same line is a queue that is not draining: senders piling up on a full \
channel or a semaphore (`sem <- struct{}{}`), receivers waiting for results that will never \
be sent (the caller gave up after a timeout), or goroutines created faster than the consumer \
can take them. Each holds its stack and everything it references.",
        what_next: "Find the other side of the channel: who should receive what these goroutines \
send (or send what they wait for)? If that side is gone (returned after a timeout or an \
error), give the channel a buffer of one or select on a `ctx.Done()`. If it is merely slow, \
bound the number of goroutines you start instead of starting one per item.",
        thresholds: &["channelBlockedMin"],
        example: Example {
            fixture: "corpus/goroutine-leak/goroutine.t70s.debug2.txt",
            excerpt: "goroutine 25 [chan send, 1 minutes]:\n\
github.com/acme/notifier/internal/upstream.FetchWithTimeout.func1()\n\
\t/app/notifier/internal/upstream/fetch.go:22 +0x39\n\
created by github.com/acme/notifier/internal/upstream.FetchWithTimeout in goroutine 24\n\
\t/app/notifier/internal/upstream/fetch.go:21 +0x87",
            thresholds: &[],
        },
    },
    check: Check::Goroutine(check),
};

fn check(input: &GoroutineInput<'_>, options: &RuleOptions, out: &mut Vec<Annotation>) {
    let total = input.total();
    for site in sites(&input.groups, |g| g.wait.is_channel()) {
        if site.count < options.channel_blocked_min.max(1) {
            continue;
        }
        let Some(frame) = site.frame else { continue };
        let first = site
            .groups
            .first()
            .and_then(|&i| input.groups.iter().find(|g| g.index == i));
        // A debug=0 profile prints no wait reason: the frames told which operation.
        let operation = first.map_or("", |g| match g.state {
            "" => g.wait.reason(),
            state => state,
        });
        let creator = first.and_then(|g| g.created_by);
        let sh = share(site.count as f64, total as f64);
        let mut annotation = Annotation::new(
            RULE.doc.id,
            Severity::Warning,
            format!(
                "{} goroutines blocked in {operation} in {}",
                site.count,
                frame.display_name()
            ),
            format!(
                "{} of {total} goroutines ({}) are blocked in {operation} at {}{}. A queue \
                 that does not drain: check who is on the other side of this channel, and \
                 whether it is still there.",
                site.count,
                percent(sh),
                location(frame),
                creator.map_or_else(String::new, |f| format!(
                    " (started by {})",
                    f.display_name()
                ))
            ),
        )
        .with(Key::Site, frame)
        .with(Key::Goroutines, site.count)
        .with(Key::Share, sh)
        .with(Key::Operation, operation)
        .with(Key::CreatedBy, creator);
        if site.max_wait_minutes > 0 {
            annotation = annotation.with(Key::MaxWaitMinutes, site.max_wait_minutes);
        }
        out.push(annotation.groups(site.groups));
    }
}
