//! The incident summary: one to three sentences on top of the report naming the
//! bottlenecks, ranked by goroutines affected, with the labels most affected.

use serde::Serialize;

use crate::analysis::bottleneck::Bottleneck;
use crate::analysis::rules::bottleneck::{short, top_labels};
use crate::analysis::rules::{count_of, Annotation, Key, Severity, Value};
use crate::model::known_text::{KnownText, TextKind};

/// The report's `summary`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// One to three sentences for a person.
    pub text: String,
    /// The findings it ranks, most important first.
    pub findings: Vec<FindingRef>,
    /// Of several inputs: the problems the text names, each once, in its order: the
    /// findings that say it (one rule, one title, in one dump or several) and the dumps
    /// they are in. Empty (and left out) in the report of one input.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

/// One problem of a summary of several dumps: one rule's finding about one call site (or
/// with one title, when it names no site) in each dump that has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The findings that say it, the last dump's first (the one the text says).
    pub findings: Vec<FindingRef>,
    /// The names of the dumps they are in (the report's `layout.dumps`), in that order.
    pub dumps: Vec<String>,
}

/// A finding: its profile's index in `profiles` and its index in that profile's
/// `annotations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FindingRef {
    /// Index in `profiles`.
    pub profile: usize,
    /// Index in that profile's `annotations`.
    pub annotation: usize,
}

/// Bottlenecks named in full in the text; the rest are counted.
const NAMED: usize = 3;

/// The summary of the findings of every profile; `totals[i]` is the goroutines of
/// profile `i` (0 for other kinds).
#[inline(never)]
pub fn summarize(annotations: &[Vec<Annotation>], totals: &[u64]) -> Summary {
    let mut bottlenecks: Vec<(FindingRef, &Bottleneck)> = Vec::new();
    let mut others: Vec<(FindingRef, &Annotation)> = Vec::new();
    for (profile, list) in annotations.iter().enumerate() {
        for (annotation, a) in list.iter().enumerate() {
            let at = FindingRef {
                profile,
                annotation,
            };
            match &a.bottleneck {
                Some(b) => bottlenecks.push((at, b)),
                None if a.severity > Severity::Info => others.push((at, a)),
                None => {}
            }
        }
    }
    crate::order::sort_by_key(&mut bottlenecks, |(_, b)| {
        std::cmp::Reverse(b.waiters.goroutines + b.holders.goroutines)
    });
    crate::order::sort_by_key(&mut others, |(_, a)| std::cmp::Reverse(a.severity));
    let mut text = String::new();
    if !bottlenecks.is_empty() {
        let involved = involved(&bottlenecks);
        let profiles: Vec<usize> = {
            let mut p: Vec<usize> = bottlenecks.iter().map(|(at, _)| at.profile).collect();
            p.dedup();
            p
        };
        let total: u64 = profiles.iter().filter_map(|&p| totals.get(p)).sum();
        let named: Vec<String> = bottlenecks
            .iter()
            .take(NAMED)
            .map(|(at, b)| {
                let list = annotations.get(at.profile).map_or(&[][..], Vec::as_slice);
                describe(b, list)
            })
            .collect();
        text.push_str(&format!(
            "{} {} {} of {} goroutines: {}{}.",
            count_of(bottlenecks.len() as u64, "bottleneck"),
            // Nothing in the process holds what they wait for (an unanswering peer).
            match (
                bottlenecks.len() == 1,
                bottlenecks.iter().all(|(_, b)| b.holders.goroutines == 0),
            ) {
                (true, false) => "holds",
                (false, false) => "hold",
                (true, true) => "involves",
                (false, true) => "involve",
            },
            involved,
            total,
            named.join("; "),
            match bottlenecks.len().saturating_sub(NAMED) {
                0 => String::new(),
                n => format!("; and {} more", n),
            }
        ));
        if let Some((_, a)) = others.first() {
            text.push_str(&format!(" Also: {}", ended(&a.title)));
        }
    } else if !others.is_empty() {
        let titles: Vec<&str> = others
            .iter()
            .take(2)
            .map(|(_, a)| a.title.as_str())
            .collect();
        let listed = format!(
            "{}{}",
            titles.join("; "),
            match others.len().saturating_sub(2) {
                0 => String::new(),
                n => format!("; and {n} more"),
            }
        );
        text.push_str(&format!(
            "{} {} attention: {}",
            count_of(others.len() as u64, "finding"),
            if others.len() == 1 { "needs" } else { "need" },
            ended(&listed),
        ));
    } else if annotations.is_empty() {
        // No profile at all: nothing was read, so nothing can be called healthy.
        text.push_str("No Go dump found.");
    } else {
        text.push_str("Nothing piles up and no finding needs attention (nothing above info).");
    }
    Summary {
        text,
        problems: Vec::new(),
        findings: bottlenecks
            .iter()
            .map(|(at, _)| *at)
            .chain(others.iter().map(|(at, _)| *at))
            .collect(),
    }
}

/// What an input without any dump is: its known kind ([`crate::parse::known_text`]), or
/// `unknown` (lines no parser reads), or `empty`.
pub fn not_a_dump(doc: &crate::model::Document) -> KnownText {
    doc.known_text.clone().unwrap_or_else(|| {
        let (kind, what) = if doc.diagnostics.is_empty() {
            (TextKind::Empty, "an empty input")
        } else {
            (TextKind::Unknown, "text that is not a known Go tool output")
        };
        KnownText {
            kind,
            what: what.to_owned(),
            hint: String::new(),
            line: doc.diagnostics.first().map_or(0, |d| d.line),
            lines: 0,
        }
    })
}

/// The summary of an input from which no dump was read: what it is instead, never a
/// claim that nothing needs attention. `lines`: its lines not understood.
pub fn nothing_read(known: &KnownText, lines: usize) -> Summary {
    let text = match known.kind {
        TextKind::Empty => "No Go dump found in this input: it is empty.".to_owned(),
        TextKind::Unknown => format!(
            "No Go dump found in this input, and it is not a known Go tool output: none of \
             its {} starts a goroutine dump, a crash, a race report or a profile.",
            count_of(lines as u64, "line")
        ),
        _ => {
            let mut text = format!(
                "No Go dump found in this input: it looks like {}.",
                known.what
            );
            if !known.hint.is_empty() {
                text.push(' ');
                text.push_str(&known.hint);
            }
            text
        }
    };
    Summary {
        text,
        findings: Vec::new(),
        problems: Vec::new(),
    }
}

/// `summary` with what the lines beside the dumps say in front, when that changes how the
/// dumps read: the compiler's internal compiler error makes its stack the toolchain's
/// crash, not the program's.
pub fn beside(mut summary: Summary, known: Option<&KnownText>) -> Summary {
    if let Some(known) = known.filter(|k| k.kind == TextKind::CompilerError) {
        summary.text = format!(
            "This is {}; the goroutine dump is the compiler's own stack. {} {}",
            known.what, known.hint, summary.text
        );
    }
    summary
}

/// The summary of profiles already in a report (several inputs gathered in one).
#[inline(never)]
pub fn summarize_report(profiles: &[super::ProfileReport]) -> Summary {
    let annotations: Vec<Vec<Annotation>> =
        profiles.iter().map(|p| p.annotations.clone()).collect();
    let totals: Vec<u64> = profiles
        .iter()
        .map(|p| p.goroutines.as_ref().map_or(0, |g| g.total))
        .collect();
    summarize(&annotations, &totals)
}

/// `text` as the end of a sentence: with a full stop, unless it ends with one already (or
/// with `!` or `?`), as a panic's message may ("panic: Your test failed.").
fn ended(text: &str) -> String {
    match text.trim_end().chars().last() {
        Some('.' | '!' | '?') => text.trim_end().to_owned(),
        _ => format!("{text}."),
    }
}

/// Dumps named in a problem's sentence; the rest are counted.
const DUMPS_NAMED: usize = 3;

/// The summary of the profiles of several inputs, `dumps[i]` naming profile `i`: the
/// findings ranked as [`summarize_report`] ranks them, and one sentence per problem, the
/// first three in full. A problem is one rule's finding about one call site (its `site`
/// evidence; else its title) in every dump that has it — the same leak in four dumps of
/// one moment, a blocked send growing from 148 to 696 over snapshots — said once, as the
/// last of those dumps says it, naming them all.
#[inline(never)]
pub fn summarize_dumps(profiles: &[super::ProfileReport], dumps: &[String]) -> Summary {
    let ranked = summarize_report(profiles);
    let finding = |at: &FindingRef| {
        profiles
            .get(at.profile)
            .and_then(|p| p.annotations.get(at.annotation))
    };
    let mut problems: Vec<((&'static str, String), Vec<FindingRef>)> = Vec::new();
    for at in &ranked.findings {
        let Some(a) = finding(at) else { continue };
        let key = (a.rule, about(a));
        match problems.iter_mut().find(|(k, _)| *k == key) {
            Some((_, findings)) => findings.push(*at),
            None => problems.push((key, vec![*at])),
        }
    }
    if problems.is_empty() {
        return ranked;
    }
    let problems: Vec<Problem> = problems
        .into_iter()
        .map(|(_, mut findings)| {
            // The last dump first: what the problem is now.
            crate::order::sort_by_key(&mut findings, |at| std::cmp::Reverse(at.profile));
            let mut named: Vec<String> = Vec::new();
            for at in &findings {
                let dump = dumps.get(at.profile).cloned().unwrap_or_default();
                if !named.contains(&dump) {
                    named.push(dump);
                }
            }
            Problem {
                findings,
                dumps: named,
            }
        })
        .collect();
    let mut text = format!(
        "{} {} attention:",
        count_of(problems.len() as u64, "problem"),
        if problems.len() == 1 { "needs" } else { "need" },
    );
    for problem in problems.iter().take(NAMED) {
        let Some(at) = problem.findings.first() else {
            continue;
        };
        let Some(a) = finding(at) else { continue };
        let list = profiles
            .get(at.profile)
            .map_or(&[][..], |p| &p.annotations[..]);
        let said = match a.bottleneck.as_deref() {
            Some(b) => capitalized(&describe(b, list)),
            None => a.title.clone(),
        };
        text.push_str(&format!(" {said} ({}).", named_list(&problem.dumps)));
    }
    if let n @ 1.. = problems.len().saturating_sub(NAMED) {
        text.push_str(&format!(" And {} more.", count_of(n as u64, "problem")));
    }
    Summary {
        text,
        findings: ranked.findings,
        problems,
    }
}

/// What a finding is about across dumps: the function of its call site, else its title.
fn about(a: &Annotation) -> String {
    match a.evidence.get(Key::Site).map(|item| &item.value) {
        Some(Value::Location(site)) => site.function.clone(),
        _ => a.title.clone(),
    }
}

/// `a`, `a and b`, `a, b and c`, `a, b, c and 2 more dumps`.
fn named_list(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(DUMPS_NAMED).map(String::as_str).collect();
    match names.len() {
        0 => String::new(),
        1 => shown[0].to_owned(),
        n if n <= DUMPS_NAMED => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
        n => format!(
            "{} and {}",
            shown.join(", "),
            count_of((n - DUMPS_NAMED) as u64, "more dump")
        ),
    }
}

/// `text` with its first letter upper case. ASCII only: the texts it is given begin with
/// an English word ([`describe`]), and `char::to_uppercase` would bring the Unicode case
/// tables back into the page's wasm (see `same_name` in analysis/rules/options.rs).
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

/// Goroutines waiting for or holding any of `bottlenecks`, each counted once: a holder
/// waiting in another pile-up (a chain) is one goroutine, not two.
fn involved(bottlenecks: &[(FindingRef, &Bottleneck)]) -> u64 {
    let mut per: std::collections::BTreeMap<(usize, usize), u64> = Default::default();
    for (at, b) in bottlenecks {
        let counts = b
            .waiters
            .per_group
            .iter()
            .copied()
            .chain(b.holders.doing.iter().map(|d| (d.group, d.goroutines)));
        for (group, n) in counts {
            let c = per.entry((at.profile, group)).or_default();
            *c = (*c).max(n);
        }
    }
    per.values().sum()
}

/// `the pool db.(*Pool): 45 waiting (30 route=/v1/orders, 10 route=/v1/orders/export),
/// 6 holding in db.(*Conn).Query [IO wait]`, then what those wait for in turn, from the
/// other findings of the same profile (`list`).
fn describe(b: &Bottleneck, list: &[Annotation]) -> String {
    let labels = top_labels(b, 2);
    let mut s = format!(
        "the {} {} with {} waiting",
        b.resource.kind.noun(),
        short(&b.resource.name),
        b.waiters.goroutines
    );
    if !labels.is_empty() {
        s.push_str(&format!(" ({labels})"));
    }
    if let Some(d) = b.holders.doing.first() {
        s.push_str(&format!(
            " and {} holding in {}",
            b.holders.goroutines,
            short(&d.function)
        ));
        if !d.state.is_empty() {
            s.push_str(&format!(" [{}]", d.state));
        }
    }
    let name = |i: &usize| {
        list.get(*i)
            .and_then(|a| a.bottleneck.as_deref())
            .map(|c| short(&c.resource.name))
    };
    if !b.cycle.is_empty() {
        let names: Vec<&str> = b
            .cycle
            .iter()
            .chain(b.cycle.first())
            .filter_map(name)
            .collect();
        s.push_str(&format!(", in a deadlock ({})", names.join(" → ")));
    } else if let Some(next) = b.blocked_by.as_ref().and_then(name) {
        s.push_str(&format!(", themselves waiting for {next}"));
    }
    s
}
