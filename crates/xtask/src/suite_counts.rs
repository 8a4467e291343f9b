//! Reading how many tests passed, failed and were skipped from each suite's own output.

use std::ops::AddAssign;

/// Passed, failed and skipped tests of one suite (or of all of them).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Tests that did not run: left out by name (libtest's `filtered out`, as the
    /// `peers_` tests are without their data), `#[ignore]`d, or skipped by Playwright.
    pub skipped: u64,
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }
}

impl Counts {
    /// Tests that ran (passed or failed); skipped ones did not.
    pub fn ran(self) -> u64 {
        self.passed + self.failed
    }
}

/// Sums every libtest summary line in `output`:
/// `test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 3 filtered out; …`.
/// cargo prints one per test binary (and one for doc tests); wasm-bindgen-test-runner
/// prints the same line. Ignored and filtered-out tests are skipped: they did not run.
pub fn from_libtest(output: &str) -> Counts {
    let mut counts = Counts::default();
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        for part in rest.split(['.', ';']) {
            let mut words = part.split_whitespace();
            if let (Some(number), Some(label)) = (words.next(), words.next()) {
                match (number.parse::<u64>(), label) {
                    (Ok(n), "passed") => counts.passed += n,
                    (Ok(n), "failed") => counts.failed += n,
                    (Ok(n), "ignored" | "filtered") => counts.skipped += n,
                    _ => {}
                }
            }
        }
    }
    counts
}

/// Reads Playwright's JSON reporter output: `stats.expected` passed, `stats.flaky`
/// passed on retry, `stats.unexpected` failed, `stats.skipped` skipped.
pub fn from_playwright_json(json: &str) -> Result<Counts, String> {
    let report: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("Playwright JSON report: {e}"))?;
    let stat = |name: &str| report["stats"][name].as_u64().unwrap_or(0);
    if report["stats"].is_null() {
        return Err("Playwright JSON report has no stats".to_owned());
    }
    Ok(Counts {
        passed: stat("expected") + stat("flaky"),
        failed: stat("unexpected"),
        skipped: stat("skipped"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(passed: u64, failed: u64, skipped: u64) -> Counts {
        Counts {
            passed,
            failed,
            skipped,
        }
    }

    #[test]
    fn sums_every_libtest_summary() {
        let output = "\
running 2 tests
test a ... ok
test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 filtered out; finished in 0.15s
no tests to run!
";
        assert_eq!(from_libtest(output), counts(5, 1, 0));
        assert_eq!(from_libtest("no tests to run!\n").ran(), 0);
    }

    /// `cargo test --workspace -- --skip peers_` without `../shared/peers`: the four
    /// `peers_` tests of one binary are filtered out, and count as skipped, not passed.
    #[test]
    fn filtered_out_and_ignored_tests_are_skipped() {
        let output = "\
     Running tests/pprof_legacy.rs (target/debug/deps/pprof_legacy-0123456789abcdef)

running 0 tests

test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 4 filtered out; finished in 0.00s

     Running tests/rules.rs (target/debug/deps/rules-0123456789abcdef)

running 7 tests
test result: ok. 7 passed; 0 failed; 1 ignored; 0 measured; 2 filtered out; finished in 0.02s
";
        let sum = from_libtest(output);
        assert_eq!(sum, counts(7, 0, 7));
        assert_eq!(sum.ran(), 7);
    }

    #[test]
    fn adds_up_suites() {
        let mut total = counts(1, 2, 3);
        total += counts(10, 20, 30);
        assert_eq!(total, counts(11, 22, 33));
    }

    #[test]
    fn reads_playwright_stats() {
        let json = r#"{"stats": {"expected": 4, "unexpected": 1, "flaky": 1, "skipped": 2}}"#;
        assert_eq!(from_playwright_json(json), Ok(counts(5, 1, 2)));
        assert!(from_playwright_json("{}").is_err());
    }
}
