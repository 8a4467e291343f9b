//! Reading how many tests passed and failed from each suite's own output.

use std::ops::AddAssign;

/// Passed and failed tests of one suite (or of all of them).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

impl Counts {
    /// Tests run at all.
    pub fn total(self) -> u64 {
        self.passed + self.failed
    }
}

/// Sums every libtest summary line in `output`:
/// `test result: ok. 12 passed; 0 failed; 0 ignored; …`. cargo prints one per test
/// binary (and one for doc tests); wasm-bindgen-test-runner prints the same line.
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
                    _ => {}
                }
            }
        }
    }
    counts
}

/// Reads Playwright's JSON reporter output: `stats.expected` passed, `stats.flaky`
/// passed on retry, `stats.unexpected` failed. Skipped tests count as neither.
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_every_libtest_summary() {
        let output = "\
running 2 tests
test a ... ok
test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 filtered out; finished in 0.15s
no tests to run!
";
        assert_eq!(
            from_libtest(output),
            Counts {
                passed: 5,
                failed: 1
            }
        );
        assert_eq!(from_libtest("no tests to run!\n").total(), 0);
    }

    #[test]
    fn reads_playwright_stats() {
        let json = r#"{"stats": {"expected": 4, "unexpected": 1, "flaky": 1, "skipped": 2}}"#;
        assert_eq!(
            from_playwright_json(json),
            Ok(Counts {
                passed: 5,
                failed: 1
            })
        );
        assert!(from_playwright_json("{}").is_err());
    }
}
