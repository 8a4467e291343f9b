//! Crash tracebacks in the forms people paste them: test timeouts, multi-line panic values,
//! a crashing goroutine cut before its end, a signal sent from outside, a stack topped by
//! `log.Panic` without its `panic:` line, and frame origins of module-cache paths. Every
//! input is a dump we generated (`tests/fixtures`), turned into the pasted form here.

mod common;
mod rules_fixture;

use common::{analyze_text, corpus, only_profile, read};
use goroseer::model::Origin;
use goroseer::rules::{Annotation, Key};
use rules_fixture::annotate_text;

fn fixture(path: &str) -> String {
    read(&corpus().join("..").join(path))
}

/// The origin of the first frame whose function is `function`.
fn origin_of(a: &goroseer::Analysis, function: &str) -> Origin {
    a.document
        .frames
        .frames()
        .iter()
        .find(|f| f.function == function)
        .unwrap_or_else(|| panic!("no frame {function}"))
        .origin
}

#[test]
fn a_dependency_in_the_module_cache_is_never_the_main_module() {
    // The corpus's nil dereference, its `orders` package built from the module cache as a
    // dependency of a `package main` program, with a cgo wrapper frame of it (cgo prints
    // those in `_cgo_gotypes.go`, without a directory).
    let text = fixture("corpus/panics/nil-deref.stderr.txt")
        .replace(
            "github.com/acme/orders/internal/orders.Total(0x49fa00?)\n\t/app/orders/internal/orders/orders.go:24",
            "github.com/acme/orders/internal/orders._Cfunc_total()\n\t_cgo_gotypes.go:540 +0x34\n\
             github.com/acme/orders/internal/orders.Total(0x49fa00?)\n\
             \t/home/u/go/pkg/mod/github.com/acme/orders@v1.2.0/internal/orders/orders.go:24",
        )
        .replace("/app/orders/cmd/orders/main.go", "/home/u/app/main.go");
    assert!(text.contains("_cgo_gotypes.go"), "the fixture changed");
    let a = analyze_text(&text);
    assert_eq!(a.document.main_module, None);
    for f in [
        "github.com/acme/orders/internal/orders.Total",
        "github.com/acme/orders/internal/orders._Cfunc_total",
    ] {
        assert_eq!(origin_of(&a, f), Origin::ThirdParty, "{f}");
    }
    assert_eq!(origin_of(&a, "main.main"), Origin::Own);
}

#[test]
fn a_toolchain_in_the_module_cache_is_the_standard_library() {
    // GOTOOLCHAIN downloads Go into the module cache: GOROOT is
    // `…/pkg/mod/golang.org/toolchain@v0.0.1-goX.Y.Z.GOOS-GOARCH`.
    let text = fixture("corpus/panics/gotraceback-all.stderr.txt").replace(
        "/usr/local/go/src/",
        "/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/src/",
    );
    assert!(text.contains("toolchain@"), "the fixture changed");
    let a = analyze_text(&text);
    let stdlib: Vec<_> = a
        .document
        .frames
        .frames()
        .iter()
        .filter(|f| f.file.contains("/toolchain@"))
        .collect();
    assert!(stdlib.iter().any(|f| f.package != "runtime"));
    for f in stdlib {
        let want = if f.package == "runtime" || f.package.starts_with("internal/runtime") {
            Origin::Runtime
        } else {
            Origin::Stdlib
        };
        assert_eq!(f.origin, want, "{}", f.function);
    }
    let _ = only_profile(&a);
}

/// The findings of rule `rule` on `text`.
fn findings(text: &str, rule: &str) -> Vec<Annotation> {
    annotate_text(text, &[])
        .into_iter()
        .filter(|a| a.rule == rule)
        .collect()
}

fn evidence(a: &Annotation, key: Key) -> serde_json::Value {
    let json = serde_json::to_value(&a.evidence).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key.name())
        .map(|i| i["value"].clone())
        .unwrap_or_default()
}

/// `tests/fixtures/gen/testtimeout-parallel`: `go test -timeout 2s` with a parent test
/// waiting for its subtest, the subtest waiting on a channel, and two parallel tests (one
/// sleeping with a mutex, one waiting for it).
const TIMEOUT: &str = "paste/test-timeout-parallel.txt";

/// The only `panic` finding of `text`.
fn panic_finding(text: &str) -> Annotation {
    let all = findings(text, "panic");
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().unwrap()
}

#[test]
fn a_test_timeout_names_the_tests_still_running_and_where_each_waits() {
    let a = panic_finding(&fixture(TIMEOUT));
    assert_eq!(
        a.title,
        "Test timed out after 2s: TestHolder, TestWaiter, TestClusterHappyPath/happy-path"
    );
    for part in [
        "-timeout alarm fired after 2s",
        "TestClusterHappyPath: goroutine 4 waits in t.Run for its subtests",
        "TestHolder: goroutine 5 [sleep] at testtimeoutparallel.TestHolder",
        "TestWaiter: goroutine 6 [sync.Mutex.Lock] at testtimeoutparallel.TestWaiter",
        "TestClusterHappyPath/happy-path: goroutine 7 [chan receive]",
        "Goroutine 8 (testing.(*M).startAlarm) is the timer that fired, not the fault",
    ] {
        assert!(a.detail.contains(part), "{part:?} in {}", a.detail);
    }
    assert!(!a.detail.contains("crashed"), "{}", a.detail);
    assert_eq!(evidence(&a, Key::Timeout), "2s");
    let rows = evidence(&a, Key::TestGoroutines)["rows"].clone();
    assert_eq!(rows.as_array().map(Vec::len), Some(4), "{rows}");
    // The finding points at the stuck tests' groups, not at the alarm's.
    assert_eq!(a.groups.len(), 3, "{:?}", a.groups);
    // The report says the goroutine the panic came from is the timer.
    let crashed = crashed_goroutine(&fixture(TIMEOUT));
    assert_eq!(
        (&crashed["id"], &crashed["testTimer"]),
        (&8.into(), &true.into())
    );
    // A panic of the program's own is not.
    let own = crashed_goroutine(&fixture("corpus/panics/nil-deref.stderr.txt"));
    assert!(
        own["id"].is_u64() && own.get("testTimer").is_none(),
        "{own}"
    );
}

#[test]
fn a_test_timeout_in_older_forms_reads_the_same() {
    let text = fixture(TIMEOUT);
    // Go 1.21 and 1.22 printed `running tests:` unindented and the list under it; a paste
    // turns its tabs into spaces. The runner's goroutines had waited 10 minutes.
    let go121 = text
        .replace("\trunning tests:\n", "running tests:\n")
        .replace("\t\tTest", "        Test")
        .replace("[chan receive]:", "[chan receive, 10 minutes]:");
    assert!(go121.contains("running tests:\n        TestClusterHappyPath (2s)"));
    let a = panic_finding(&go121);
    assert!(
        a.title.starts_with("Test timed out after 2s: TestHolder"),
        "{}",
        a.title
    );
    assert!(a
        .detail
        .contains("TestClusterHappyPath/happy-path: goroutine 7"));
    // The runner waiting in t.Run / tRunner for its tests is no long wait of its own;
    // the subtest that waits on its channel is.
    let waits = findings(&go121, "long-wait");
    assert_eq!(waits.len(), 1, "{waits:#?}");
    assert!(
        waits[0].detail.contains("TestClusterHappyPath func 1"),
        "{}",
        waits[0].detail
    );
    // Before Go 1.21 there was no list: the tests are named from their goroutines.
    let old: String = text
        .lines()
        .filter(|l| {
            !l.starts_with('\t')
                || !l.trim_start().starts_with("Test") && !l.contains("running tests:")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!old.contains("running tests"));
    let a = panic_finding(&old);
    assert_eq!(
        a.title,
        "Test timed out after 2s: TestHolder, TestWaiter, a subtest of TestClusterHappyPath"
    );
}

/// The report's `crashedGoroutine` of the only profile of `text`.
fn crashed_goroutine(text: &str) -> serde_json::Value {
    let a = analyze_text(text);
    let report = serde_json::to_value(a.report()).unwrap();
    report["profiles"][0]["goroutines"]["crash"]["crashedGoroutine"].clone()
}

#[test]
fn a_crashing_goroutine_cut_before_its_end_is_still_the_one_that_crashed() {
    let text = fixture("corpus/panics/nil-deref.stderr.txt");
    let last = "\t/app/orders/cmd/orders/main.go:87 +0x435";
    assert!(text.contains(last));
    for (form, cut) in [
        // The paste ends on a function line without its file line.
        ("no file line", text[..text.find(last).unwrap()].to_owned()),
        // Mid-frame.
        (
            "mid-frame",
            text[..text.find(last).unwrap() + 12].to_owned(),
        ),
    ] {
        let all = findings(&cut, "panic");
        assert_eq!(all.len(), 1, "{form}");
        let a = &all[0];
        assert!(
            a.detail.contains("in goroutine 1 (stack cut")
                && a.detail
                    .contains("orders.Total /app/orders/internal/orders/orders.go:24"),
            "{form}: {}",
            a.detail
        );
        let crashed = crashed_goroutine(&cut);
        assert_eq!(crashed["id"], 1, "{form}: {crashed}");
        assert_eq!(crashed["cut"], true, "{form}: {crashed}");
        let truncated = findings(&cut, "truncated-dump");
        assert_eq!(
            truncated[0].title, "Dump is truncated: 1 goroutine read in part",
            "{form}"
        );
    }
    // The user's own ellipsis for the rest is an elision the user made (the traceback
    // reader keeps it as one, `withUserElision`), not a cut: the crash is still placed.
    let elided = text.replace(last, "        ...");
    let all = findings(&elided, "panic");
    assert_eq!(all.len(), 1);
    assert!(
        all[0].detail.contains("in goroutine 1")
            && all[0]
                .detail
                .contains("orders.Total /app/orders/internal/orders/orders.go:24"),
        "{}",
        all[0].detail
    );
    assert_eq!(crashed_goroutine(&elided)["id"], 1);
    // Complete, it is no cut goroutine.
    assert!(crashed_goroutine(&text).get("cut").is_none());
}

#[test]
fn a_recovered_panic_whose_stack_is_cut_keeps_its_finding_and_value() {
    // tests/fixtures/gen/recovered: each logged stack cut after the panic's frame.
    let text = fixture("recovered/recovered.stderr.txt");
    let block = |start: &str, end: &str| -> String {
        let from = text.find(start).unwrap();
        let to = from + text[from..].find(end).unwrap() + end.len();
        text[from..to].to_owned()
    };
    for (cut, site, value) in [
        (
            block("2026/12/02 07:43:35 http: panic serving", "main.validate(...)\n"),
            None,
            "order 17 has no items",
        ),
        (
            block(
                "E1202 07:43:35.805742",
                "main.(*controller).sync(0x0?, {0x6cbff4?, 0x0?})\n\texample.com/rec",
            ),
            Some("main.validate"),
            "\"invalid memory address or nil pointer dereference\" (runtime error: invalid memory address or nil pointer dereference)",
        ),
    ] {
        let all = findings(&cut, "recovered-panic");
        assert_eq!(all.len(), 1, "{cut}");
        let a = &all[0];
        assert_eq!(evidence(a, Key::Panic), value, "{cut}");
        if let Some(site) = site {
            assert_eq!(evidence(a, Key::Site)["function"], site);
        }
        assert!(a.detail.contains("its stack cut before its end"), "{}", a.detail);
        assert!(findings(&cut, "panic").is_empty());
    }
}

#[test]
fn a_signal_that_arrived_on_an_idle_thread_blames_no_goroutine() {
    // tests/fixtures/gen/sigabrt killed with `kill -ABRT` while it waited.
    let text = fixture("paste/sigabrt-idle.txt");
    let a = panic_finding(&text);
    assert!(
        a.detail
            .starts_with("The program was stopped by signal SIGABRT: abort")
            && a.detail.contains("sent from outside"),
        "{}",
        a.detail
    );
    assert!(evidence(&a, Key::Goroutine).is_null(), "{:?}", a.evidence);
    assert!(crashed_goroutine(&text).is_null());
    // Older runtimes printed no `sigcode=`, and the goroutine running elsewhere without
    // its stack: still none.
    let first = text.find("\n\ngoroutine 1 ").unwrap();
    let older = format!(
        "{}\n\ngoroutine 7 [running]:\n\tgoroutine running on other thread; stack unavailable{}",
        &text[..first],
        &text[first..]
    )
    .replace(" sigcode=0", "");
    assert!(crashed_goroutine(&older).is_null());
    // Raised by the process itself (abort() in C code: SI_TKILL), it is no outside signal.
    let raised = text.replace("sigcode=0", "sigcode=18446744073709551610");
    let a = panic_finding(&raised);
    assert!(!a.detail.contains("sent from outside"), "{}", a.detail);
}

/// The panic values of the only profile of `text`: (message, recovered, repanicked).
fn panics(text: &str) -> Vec<(String, bool, bool)> {
    let a = analyze_text(text);
    only_profile(&a)
        .crash
        .panics
        .iter()
        .map(|p| (p.message.clone(), p.recovered, p.repanicked))
        .collect()
}

#[test]
fn a_panic_value_of_several_lines_is_read_whole() {
    // tests/fixtures/gen/crashforms `multiline`: a value that starts with a newline and
    // holds blank and indented lines, recovered and panicked again (Go 1.27 prints its
    // later lines tab-indented and ` [recovered, repanicked]` alone on the last).
    let text = fixture("paste/multiline-panic.txt");
    let value = "Your test failed.\nThe assertion panicked to stop the test here.\n\n\
                 \tcall Recover() at the top of each goroutine\n\n\
                 to see the failure instead of this panic.";
    assert_eq!(panics(&text), vec![(value.to_owned(), true, true)]);
    let a = analyze_text(&text);
    assert!(only_profile(&a).diagnostics.is_empty());
    assert_eq!(crashed_goroutine(&text)["id"], 1);
    let finding = panic_finding(&text);
    assert_eq!(finding.title, "panic: Your test failed.");
    // The summary ends the title's sentence once, not with a second full stop.
    let summary = analyze_text(&text).report().summary.text;
    assert!(
        summary.contains("panic: Your test failed.") && !summary.contains(".."),
        "{summary}"
    );
    // Before Go 1.22 the later lines were printed as they are, and before Go 1.23 a value
    // panicked again was printed twice, the first marked ` [recovered]` (Ginkgo's form).
    let (head, rest) = text.split_once("\n\ngoroutine ").unwrap();
    let lines: Vec<&str> = head.lines().skip(1).collect();
    let plain: Vec<&str> = lines[..lines.len() - 1]
        .iter()
        .map(|l| l.strip_prefix('\t').unwrap_or(l))
        .collect();
    let older = format!(
        "panic: \n{}\n [recovered]\n\tpanic: \n{}\n\ngoroutine {rest}",
        plain.join("\n"),
        plain.join("\n")
    );
    // (A tab at the start of a later line is taken off, as for any runtime's.)
    let value = value.replace("\n\tcall", "\ncall");
    assert_eq!(
        panics(&older),
        vec![(value.clone(), true, false), (value.clone(), false, false)]
    );
    assert_eq!(crashed_goroutine(&older)["id"], 1);
    let finding = panic_finding(&older);
    assert!(finding
        .detail
        .contains("an earlier, recovered panic: Your test failed."));
    // Lines that are no goroutine after a value, up to other crash output: not the value's.
    let first = text.find("panic: \n").unwrap();
    let other = format!(
        "panic: boom\n\n[0x0271D310 main.f+0x2f, SP = 0x60]\n[0x0271CF44 main.main+0x2d]\nexit status 2\n{}",
        &text[first..]
    );
    assert_eq!(panics(&other)[0], ("boom".to_owned(), false, false));
    // A value of several lines whose last line carries the mark.
    let marked = older.replace("panic.\n [recovered]", "panic. [recovered]");
    assert_eq!(panics(&marked)[0], (value, true, false));
}

#[test]
fn a_stack_topped_by_log_panic_without_its_panic_line_is_a_panic() {
    // tests/fixtures/gen/crashforms `logpanic`, pasted from its goroutine's header on.
    let text = fixture("paste/log-panic.txt");
    let stack = &text[text.find("goroutine 7 [running]:").unwrap()..];
    let all = findings(stack, "panic");
    assert_eq!(all.len(), 1, "{all:#?}");
    let a = &all[0];
    assert_eq!(a.title, "Goroutine 7 panicked via log.Panicf in main.parse");
    assert!(
        a.detail
            .contains("main.parse example.com/crashforms/main.go:29")
            && a.detail.contains("called from main.worker")
            && a.detail.contains("was not pasted"),
        "{}",
        a.detail
    );
    // With its panic line, the usual finding.
    let whole = panic_finding(&text);
    assert!(whole.title.starts_with("panic: parse"), "{}", whole.title);
}
