//! `cargo xtask test`: every check and test suite, one closing line
//! `N passed, N failed, N skipped`.
//!
//! Steps run in order and a failing step does not stop the later ones (a person wants the
//! whole picture from one run), except that the browser tests need the build. Without
//! `../shared/peers` the peer-conformance tests are skipped by name (see `peers.rs`).

use std::process::Command;

use crate::process::{self, describe, tee};
use crate::serve::StaticServer;
use crate::suite_counts::{self, Counts};
use crate::{dist, peers, repo_root, target_dir, tools, Result};

/// What happened to each step, for the closing summary.
struct Outcomes {
    failed_steps: Vec<String>,
    suites: Vec<(String, Counts)>,
}

impl Outcomes {
    fn step(&mut self, name: &str, result: Result) {
        if let Err(message) = result {
            eprintln!("xtask: step `{name}` failed: {message}");
            self.failed_steps.push(name.to_owned());
        }
    }

    /// Records a suite; a suite that ran zero tests is a failed step (it tested nothing).
    fn suite(&mut self, name: &str, success: bool, counts: Counts) {
        if counts.ran() == 0 {
            self.failed_steps.push(format!("{name} (ran zero tests)"));
        } else if !success && counts.failed == 0 {
            // Exited non-zero without a failed test: a build or harness error.
            self.failed_steps.push(format!("{name} (did not finish)"));
        }
        self.suites.push((name.to_owned(), counts));
    }
}

/// Runs the whole test plan.
pub fn run_all() -> Result {
    let root = repo_root();
    let mut outcomes = Outcomes {
        failed_steps: Vec::new(),
        suites: Vec::new(),
    };

    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen_cli()?;
    tools::ensure_node_modules()?;
    tools::ensure_chromium()?;

    let cargo = |args: &[&str]| {
        let mut cmd = Command::new("cargo");
        cmd.args(args).current_dir(&root);
        cmd
    };
    outcomes.step(
        "cargo fmt",
        process::run(&mut cargo(&["fmt", "--all", "--check"])),
    );
    outcomes.step(
        "clippy (host)",
        process::run(&mut cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );
    // One package at a time: the archive module turns on the core's `archives` feature,
    // which the main module leaves off (features unify within one cargo run).
    for (step, package) in [
        ("clippy (wasm32)", "goroseer-wasm"),
        ("clippy (wasm32, archive module)", "goroseer-archive-wasm"),
    ] {
        outcomes.step(
            step,
            process::run(&mut cargo(&[
                "clippy",
                "--package",
                package,
                "--all-targets",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ])),
        );
    }

    let mut workspace_tests = cargo(&["test", "--workspace"]);
    let peers_dir = peers::dir();
    if !peers_dir.is_dir() {
        eprintln!(
            "xtask: {} is absent: the peer-conformance tests ({}…) are skipped",
            peers_dir.display(),
            peers::TEST_PREFIX
        );
        // libtest reports them as `filtered out`, which counts as skipped.
        workspace_tests.args(["--", "--skip", peers::TEST_PREFIX]);
    }
    libtest_suite(&mut outcomes, "cargo test", workspace_tests);
    let wasm_test = || {
        cargo(&[
            "test",
            "--package",
            "goroseer-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ])
    };
    libtest_suite(&mut outcomes, "wasm-bindgen-test (node)", wasm_test());
    let mut in_browser = wasm_test();
    in_browser
        .env("WASM_BINDGEN_USE_BROWSER", "1")
        .env("CHROMEDRIVER", tools::CHROMEDRIVER);
    libtest_suite(&mut outcomes, "wasm-bindgen-test (chromium)", in_browser);

    let built = dist::build();
    let built_ok = built.is_ok();
    outcomes.step("dist build", built);
    if built_ok {
        playwright_suite(&mut outcomes)?;
    } else {
        outcomes
            .failed_steps
            .push("Playwright (not run: no build)".to_owned());
    }

    let mut total = Counts::default();
    eprintln!();
    for (name, counts) in &outcomes.suites {
        eprintln!(
            "  {name:<32} {} passed, {} failed, {} skipped",
            counts.passed, counts.failed, counts.skipped
        );
        total += *counts;
    }
    for step in &outcomes.failed_steps {
        eprintln!("  FAILED: {step}");
    }
    println!(
        "{} passed, {} failed, {} skipped",
        total.passed, total.failed, total.skipped
    );
    if total.failed > 0 || !outcomes.failed_steps.is_empty() {
        return Err("some checks failed".to_owned());
    }
    Ok(())
}

fn libtest_suite(outcomes: &mut Outcomes, name: &str, mut cmd: Command) {
    match tee(&mut cmd) {
        Ok(teed) => {
            let counts = suite_counts::from_libtest(&teed.text);
            outcomes.suite(name, teed.success, counts);
        }
        Err(message) => outcomes.step(name, Err(message)),
    }
}

/// Serves the built site (`dist/site/`, as deployed: minified) on a free port and runs
/// Playwright against it (and against the offline file in `dist/`).
fn playwright_suite(outcomes: &mut Outcomes) -> Result {
    let root = repo_root();
    let server = StaticServer::start(&crate::dist::site_dir(), 0)?;
    let report = target_dir().join("playwright-report.json");
    let _ = std::fs::remove_file(&report);
    let mut cmd = Command::new(tools::npm_bin("playwright"));
    cmd.args(["test", "--config", "tests/e2e/playwright.config.js"])
        .current_dir(&root)
        .env("GOROSEER_BASE_URL", &server.url)
        .env("GOROSEER_E2E_JSON", &report)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    let name = "Playwright (chromium)";
    let teed = tee(&mut cmd)?;
    match std::fs::read_to_string(&report)
        .map_err(|e| format!("{}: no JSON report ({e})", describe(&cmd)))
        .and_then(|json| suite_counts::from_playwright_json(&json))
    {
        Ok(counts) => outcomes.suite(name, teed.success, counts),
        Err(message) => outcomes.step(name, Err(message)),
    }
    Ok(())
}

/// `cargo xtask test` takes no arguments.
pub fn run(args: &[String]) -> Result {
    if let Some(extra) = args.first() {
        return Err(format!("test: unknown argument {extra}"));
    }
    run_all()
}
