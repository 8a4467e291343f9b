//! The `panic` rule's reading of `go test`'s timeout: `panic: test timed out after D`,
//! raised by the test binary's alarm (`testing.(*M).startAlarm`) when `-timeout` passes.
//! The alarm goroutine is the timer, not the fault: the finding names the tests still
//! running (Go ≥ 1.21 lists them under `running tests:`; older runtimes only show the
//! goroutines running test functions) and where each one waits.

use super::evidence::{table, Key, Value};
use super::facts::location;
use super::wait;
use super::{Annotation, GoroutineInput, Severity};
use crate::model::goroutine::Goroutine;
use crate::model::{Frame, Origin};

/// The start of the value `testing` panics with when `-timeout` passes.
pub const TEST_TIMEOUT: &str = "test timed out after ";

/// Whether `g` is `go test`'s alarm goroutine (`testing.(*M).startAlarm`), which raises the
/// timeout panic: the timer that fired, not the fault.
pub fn is_alarm(
    profile: &crate::model::goroutine::GoroutineProfile,
    frames: &crate::model::FrameTable,
    g: &Goroutine,
) -> bool {
    profile.stacks.get(g.stack).iter().any(|e| {
        e.frame().is_some_and(|f| {
            frames
                .get(f)
                .function
                .starts_with("testing.(*M).startAlarm")
        })
    })
}

/// A goroutine running a test function (under `testing.tRunner`).
struct TestGoroutine<'a> {
    goroutine: &'a Goroutine,
    /// The function `tRunner` called: the test or a subtest's closure.
    function: &'a Frame,
    /// The innermost frame of the test's code, else the first outside the runtime.
    stuck: Option<&'a Frame>,
    /// The call site is `testing.(*T).Run`: the test waits for its subtests.
    in_run: bool,
    /// The call site is `testing.(*T).Parallel`: paused until its turn.
    in_parallel: bool,
    /// Its stack was cut before its end.
    cut: bool,
}

/// `TestName (dur)` lines under `running tests:` in the panic value.
fn listed_tests(message: &str) -> Vec<(&str, &str)> {
    let Some((_, list)) = message.split_once("running tests:") else {
        return Vec::new();
    };
    list.lines()
        .filter_map(|l| {
            let l = l.trim();
            let (name, rest) = l.rsplit_once(" (")?;
            let duration = rest.strip_suffix(')')?;
            (!name.is_empty() && !name.contains(' ')).then_some((name, duration))
        })
        .collect()
}

/// The goroutines (complete, then cut off) whose stack runs a test function.
fn test_goroutines<'a>(input: &GoroutineInput<'a>) -> Vec<TestGoroutine<'a>> {
    let profile = input.profile;
    let complete = profile.goroutines.iter().map(|g| (g, false));
    let cut = profile.partial.iter().map(|g| (g, true));
    let mut out = Vec::new();
    for (goroutine, cut) in complete.chain(cut) {
        let frames: Vec<&Frame> = profile
            .stacks
            .get(goroutine.stack)
            .iter()
            .filter_map(|e| e.frame().map(|f| input.frames.get(f)))
            .collect();
        let Some(runner) = frames.iter().position(|f| f.function == "testing.tRunner") else {
            continue;
        };
        // The runner's own goroutines (`runTests.func1`, `tRunner.func1`) wait for tests.
        let Some(function) = runner.checked_sub(1).map(|i| frames[i]) else {
            continue;
        };
        if function.package == "testing" {
            continue;
        }
        let site = wait::call_site(frames[..runner].iter().copied());
        let own = frames[..runner]
            .iter()
            .copied()
            .find(|f| matches!(f.origin, Origin::Own | Origin::ThirdParty));
        let site_is = |name: &str| site.is_some_and(|f| f.function == name);
        out.push(TestGoroutine {
            goroutine,
            function,
            stuck: own.or(site),
            in_run: site_is("testing.(*T).Run"),
            in_parallel: site_is("testing.(*T).Parallel"),
            cut,
        });
    }
    out
}

/// The top-level test a test function belongs to and whether it is a closure of it (a
/// subtest's body): `pkg.TestX` → (`TestX`, false), `pkg.TestX.func1.2` → (`TestX`, true).
fn test_of(function: &Frame) -> (&str, bool) {
    let rest = function
        .function
        .get(function.package.len() + 1..)
        .unwrap_or(&function.function);
    match rest.split_once('.') {
        Some((test, _)) => (test, true),
        None => (rest, false),
    }
}

/// Names each test goroutine: a top-level test by its function; a subtest's closure by
/// the only listed subtest of its test not yet named (a listed name no other listed name
/// extends), else "a subtest of TestX".
fn names(tests: &[TestGoroutine<'_>], listed: &[(&str, &str)]) -> Vec<String> {
    let leaves: Vec<&str> = listed
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| {
            !listed.iter().any(|(o, _)| {
                o.len() > n.len() && o.starts_with(n) && o[n.len()..].starts_with('/')
            })
        })
        .collect();
    let mut taken: Vec<&str> = Vec::new();
    tests
        .iter()
        .map(|t| {
            let (test, closure) = test_of(t.function);
            if !closure {
                return test.to_owned();
            }
            let prefix = format!("{test}/");
            let subtests = tests
                .iter()
                .filter(|o| !o.in_run && test_of(o.function) == (test, true))
                .count();
            let candidates: Vec<&str> = leaves
                .iter()
                .copied()
                .filter(|n| n.starts_with(&prefix) && !taken.contains(n))
                .collect();
            match candidates.as_slice() {
                [one] if subtests == 1 && !t.in_run => {
                    taken.push(one);
                    (*one).to_owned()
                }
                _ => format!("a subtest of {test}"),
            }
        })
        .collect()
}

/// Where one test waits, for a sentence.
fn whereabouts(t: &TestGoroutine<'_>, state: &str) -> String {
    let cut = if t.cut { ", stack cut" } else { "" };
    let id = t.goroutine.id;
    if t.in_run {
        return format!("goroutine {id}{cut} waits in t.Run for its subtests");
    }
    if t.in_parallel {
        return format!("goroutine {id}{cut} is paused in t.Parallel, waiting for its turn");
    }
    let at = t
        .stuck
        .map_or_else(String::new, |f| format!(" at {}", location(f)));
    format!("goroutine {id}{cut} [{state}]{at}")
}

/// The finding for a test timeout whose value is `message`.
pub fn annotation(input: &GoroutineInput<'_>, message: &str, alarm: Option<u64>) -> Annotation {
    let profile = input.profile;
    let first_line = message.lines().next().unwrap_or(message);
    let after = first_line
        .strip_prefix(TEST_TIMEOUT)
        .unwrap_or(first_line)
        .trim();
    let listed = listed_tests(message);
    let tests = test_goroutines(input);
    let names = names(&tests, &listed);
    // The tests that are stuck themselves: not a parent waiting for its subtests.
    let stuck: Vec<usize> = (0..tests.len()).filter(|&i| !tests[i].in_run).collect();
    let stuck_names: Vec<&str> = stuck.iter().map(|&i| names[i].as_str()).collect();
    let title_names: Vec<&str> = if stuck_names.is_empty() {
        // No goroutine of a test was read: the listed tests that no other extends.
        listed
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| !listed.iter().any(|(o, _)| o.starts_with(&format!("{n}/"))))
            .collect()
    } else {
        stuck_names.clone()
    };
    let mut title = format!("Test timed out after {after}");
    if !title_names.is_empty() {
        let shown: Vec<&str> = title_names.iter().copied().take(3).collect();
        title.push_str(&format!(": {}", shown.join(", ")));
        if title_names.len() > 3 {
            title.push_str(&format!(" and {} more", title_names.len() - 3));
        }
    }
    let mut detail = format!(
        "The test binary's -timeout alarm fired after {after} and ended the run (`go test` \
         panics with `test timed out`)."
    );
    if !listed.is_empty() {
        let list: Vec<String> = listed.iter().map(|(n, d)| format!("{n} ({d})")).collect();
        detail.push_str(&format!(" Still running: {}.", list.join(", ")));
    }
    if tests.is_empty() {
        detail.push_str(" No goroutine running a test function was read.");
    } else {
        let each: Vec<String> = tests
            .iter()
            .zip(&names)
            .map(|(t, name)| format!("{name}: {}", whereabouts(t, profile.state_of(t.goroutine))))
            .collect();
        detail.push_str(&format!(" Where each waits: {}.", each.join("; ")));
    }
    if let Some(id) = alarm {
        detail.push_str(&format!(
            " Goroutine {id} (testing.(*M).startAlarm) is the timer that fired, not the fault."
        ));
    }
    detail.push_str(
        " Look at what the stuck tests wait for (a reply, a lock, a goroutine that never \
         ends); raise -timeout only when the tests are merely slow.",
    );
    let rows: Vec<Vec<Value>> = tests
        .iter()
        .zip(&names)
        .map(|(t, name)| {
            vec![
                Value::from(name.as_str()),
                Value::from(t.goroutine.id),
                Value::from(profile.state_of(t.goroutine)),
                Value::from(t.stuck),
            ]
        })
        .collect();
    // The groups of the stuck tests' goroutines (complete ones: cut ones are in no group).
    let mut groups: Vec<usize> = stuck
        .iter()
        .filter_map(|&i| {
            let g = tests[i].goroutine;
            let index = profile.goroutines.iter().position(|x| std::ptr::eq(x, g))? as u32;
            input
                .groups
                .iter()
                .find(|f| f.members.contains(&index))
                .map(|f| f.index)
        })
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let listed_names: Vec<String> = listed.iter().map(|(n, d)| format!("{n} ({d})")).collect();
    Annotation::new(super::panic::RULE.doc.id, Severity::Critical, title, detail)
        .with(Key::Panic, message)
        .with(Key::Timeout, after)
        .with(Key::RunningTests, listed_names)
        .with(
            Key::TestGoroutines,
            table(
                &[Key::Test, Key::TestGoroutine, Key::State, Key::Site],
                rows,
            ),
        )
        .groups(groups)
}
