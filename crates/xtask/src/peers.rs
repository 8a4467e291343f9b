//! The peer-conformance tests: other projects' dumps in `../shared/peers`, beside the
//! repository (not part of it, and not public). Every test that reads them is named
//! `peers_…`, so that without the folder `cargo xtask test` leaves them out by name and
//! counts them as skipped, not as passed. The tests themselves also return early with a
//! note when the folder is absent, so that a plain `cargo test` works anywhere.

use std::path::PathBuf;

use crate::repo_root;

/// How the name of every test reading the peers folder starts. libtest's `--skip` matches
/// anywhere in a name, so no other test may contain it (a unit test below checks both).
pub const TEST_PREFIX: &str = "peers_";

/// `../shared/peers` beside the repository: the folder the tests read.
pub fn dir() -> PathBuf {
    repo_root().join("../shared/peers")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The `#[test]` functions of a Rust file, by name.
    fn test_names(source: &str) -> Vec<&str> {
        let mut lines = source.lines().map(str::trim);
        let mut names = Vec::new();
        while let Some(line) = lines.next() {
            if line != "#[test]" {
                continue;
            }
            // Other attributes may stand between `#[test]` and the function.
            let name = lines
                .by_ref()
                .find(|l| !l.starts_with("#["))
                .and_then(|l| l.strip_prefix("fn "))
                .and_then(|l| l.split(|c: char| !(c.is_alphanumeric() || c == '_')).next());
            names.extend(name);
        }
        names
    }

    /// Tests of a Rust file named against the rule: in a file that reads the peers folder
    /// (it names the path or calls `peers()`), those not starting with the prefix; in any
    /// other file, those containing it, which `--skip` would leave out for nothing.
    fn misnamed_tests(source: &str) -> Vec<&str> {
        let reads_peers = source.contains("shared/peers") || source.contains("peers()");
        test_names(source)
            .into_iter()
            .filter(|name| {
                if reads_peers {
                    !name.starts_with(TEST_PREFIX)
                } else {
                    name.contains(TEST_PREFIX)
                }
            })
            .collect()
    }

    fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    #[test]
    fn finds_test_names_past_other_attributes() {
        let source = "\
#[test]
fn plain() {}

#[test]
#[should_panic]
fn panics() {}

fn helper() {}
    #[test]
    fn indented_in_a_module() {}
";
        assert_eq!(
            test_names(source),
            ["plain", "panics", "indented_in_a_module"]
        );
    }

    #[test]
    fn a_file_reading_the_folder_must_prefix_every_test() {
        let source = "\
fn peer(path: &str) -> Option<String> { read(\"../shared/peers\", path) }
#[test]
fn peers_goleak_dumps() {}
#[test]
fn stackgazer_counts() {}
";
        assert_eq!(misnamed_tests(source), ["stackgazer_counts"]);
        let via_helper = "use common::*;\n#[test]\nfn counts() { let dir = peers(); }\n";
        assert_eq!(misnamed_tests(via_helper), ["counts"]);
    }

    #[test]
    fn other_files_must_not_use_the_prefix() {
        let source = "#[test]\nfn groups_peers_together() {}\n#[test]\nfn groups() {}\n";
        assert_eq!(misnamed_tests(source), ["groups_peers_together"]);
    }

    /// The rule on the repository itself: every crate but this one (whose own tests hold
    /// examples of broken names).
    #[test]
    fn tests_reading_the_peer_data_carry_the_prefix_and_no_other_does() {
        let crates = repo_root().join("crates");
        let mut files = Vec::new();
        rust_files(&crates, &mut files);
        files.retain(|f| !f.starts_with(crates.join("xtask")));
        let (mut prefixed, mut misnamed) = (0, Vec::new());
        for file in &files {
            let source = std::fs::read_to_string(file).unwrap();
            prefixed += test_names(&source)
                .iter()
                .filter(|n| n.starts_with(TEST_PREFIX))
                .count();
            for name in misnamed_tests(&source) {
                misnamed.push(format!("{}: {name}", file.display()));
            }
        }
        assert!(
            misnamed.is_empty(),
            "tests that read ../shared/peers must be named {TEST_PREFIX}…, and only they:\n{}",
            misnamed.join("\n")
        );
        assert!(
            prefixed > 0,
            "no {TEST_PREFIX} tests found in {}",
            crates.display()
        );
    }
}
