//! `cargo xtask bench`: the core's benchmarks, the release wasm's speed in node on the
//! 100k-goroutine dump (also at exact grouping: first page of groups, report sizes), the
//! page in Chromium (first load; the same dump dropped on it → groups and annotations
//! visible; at exact grouping → first group rows visible; longest main-thread task), and
//! the wasm's size (raw, gzipped, and xz-packed as the page downloads it) and the page's
//! first-load bytes (≤ 400 KB), the CLI's whole-process speed against `grep -c` on the same
//! file (`bench_cli.rs`), and a ≥ 1 GB log streamed ([`crate::bench_log`]). `--first-load`
//! measures only the first load.

use std::io::Write;
use std::process::Command;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::process::{run, tee};
use crate::serve::StaticServer;
use crate::{repo_root, tools, wasm_build, Result};

/// The largest real dump of the corpus.
const BIG_DUMP: &str = "tests/fixtures/corpus/goroutine-100k-crawler/goroutine.debug2.txt.gz";

/// `cargo xtask bench [--against REV]`.
pub fn run_all(args: &[String]) -> Result {
    let against = match args {
        [] => None,
        [flag, rev] if flag == "--against" => Some(rev.as_str()),
        [flag] if flag == "--log" => return crate::bench_log::run_alone(),
        [flag] if flag == "--first-load" => return first_load(),
        [extra, ..] => {
            return Err(format!(
                "bench: unknown argument {extra} (--against REV, --log, --first-load)"
            ))
        }
    };
    let root = repo_root();
    if let Some(rev) = against {
        return against_revision(rev);
    }
    let native = tee(Command::new("cargo")
        .args(["bench", "--package", "goroseer"])
        .current_dir(&root))?;
    if !native.success {
        return Err("cargo bench failed".into());
    }

    crate::dist::build_site()?;
    let pkg = wasm_build::pkg_dir();
    let wasm = tee(Command::new("node")
        .arg(root.join("crates/xtask/node/bench-wasm.mjs"))
        .arg(pkg.join(wasm_build::GLUE_JS))
        .arg(root.join(BIG_DUMP))
        .current_dir(&root))?;
    if !wasm.success {
        return Err("the wasm benchmark failed".into());
    }
    match (
        native_parse_group(&native.text),
        wasm_parse_group(&wasm.text),
    ) {
        (Some(native), Some(wasm)) => println!(
            "wasm vs native, parse+group of {BIG_DUMP}: {wasm:.0} / {native:.0} MB/s = {:.2}x \
             (target ≥ 0.5x)",
            wasm / native
        ),
        _ => eprintln!("xtask: could not read both parse+group figures to compare them"),
    }

    crate::bench_cli::cli_speed(&root.join(BIG_DUMP))?;

    tools::ensure_chromium()?;
    let server = StaticServer::start(&crate::dist::site_dir(), 0)?;
    run(Command::new("node")
        .arg(root.join("crates/xtask/node/bench-page.mjs"))
        .arg(&server.url)
        .arg(root.join(BIG_DUMP))
        .current_dir(&root))?;
    // A ≥ 1 GB log streamed: CLI (MB/s, RSS) and page (MB/s, wasm memory).
    crate::bench_log::run(Some(&server.url))?;
    wasm_sizes()
}

/// Both wasm modules' sizes, raw and gzipped at level 9.
fn wasm_sizes() -> Result {
    let pkg = wasm_build::pkg_dir();
    for (what, file) in [
        ("wasm size", wasm_build::WASM),
        (
            "archive module (loaded when an archive is dropped)",
            wasm_build::ARCHIVE_WASM,
        ),
    ] {
        let wasm = std::fs::read(pkg.join(file)).map_err(|e| format!("reading {file}: {e}"))?;
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&wasm).map_err(|e| e.to_string())?;
        let gzipped = gz.finish().map_err(|e| e.to_string())?;
        println!(
            "{what}: {} KB raw, {} bytes gzipped = {:.1} KB = {:.1} KiB{}",
            wasm.len() / 1000,
            gzipped.len(),
            gzipped.len() as f64 / 1000.0,
            gzipped.len() as f64 / 1024.0,
            if file == wasm_build::WASM {
                let xz = std::fs::metadata(pkg.join(wasm_build::WASM_XZ)).map_or(0, |m| m.len());
                format!(
                    "; xz-packed as the page downloads it: {xz} bytes = {:.1} KB ({:.2}x gzip; \
                     the page's first load in all: see above, budget ≤ 400 KB)",
                    xz as f64 / 1000.0,
                    xz as f64 / gzipped.len() as f64
                )
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

/// `cargo xtask bench --first-load`: the release wasm built, then only the page's first
/// load in Chromium (analyzer ready, median of 9, against a baseline alternated with it: the
/// page refused the packed wasm; every file it loads, gzipped at level 9) and the wasm's
/// size — what the size budget is about, in a few minutes.
fn first_load() -> Result {
    crate::dist::build_site()?;
    tools::ensure_chromium()?;
    let root = repo_root();
    let server = StaticServer::start(&crate::dist::site_dir(), 0)?;
    run(Command::new("node")
        .arg(root.join("crates/xtask/node/bench-page.mjs"))
        .arg(&server.url)
        .args(["--first-load", "9"])
        .current_dir(&root))?;
    wasm_sizes()
}

/// The parse benchmark of this checkout and of commit `rev` (built in a temporary
/// worktree with its own target directory), run alternately twice each on the same
/// machine, and the ratio of their best parse+group figures: a baseline measured in the
/// same run, not a number from another day.
fn against_revision(rev: &str) -> Result {
    let root = repo_root();
    let base = crate::target_dir().join("bench-baseline");
    let _ = Command::new("git")
        .args(["worktree", "remove", "--force"])
        .arg(&base)
        .current_dir(&root)
        .status();
    run(Command::new("git")
        .args(["worktree", "add", "--detach", "--force"])
        .arg(&base)
        .arg(rev)
        .current_dir(&root))?;
    let bench = |dir: &std::path::Path, target: std::path::PathBuf| -> Result<Option<f64>> {
        let out = tee(Command::new("cargo")
            .args(["bench", "--bench", "parse"]) // by bench name: older commits name the core crate differently
            .env("CARGO_TARGET_DIR", target)
            .current_dir(dir))?;
        if !out.success {
            return Err(format!("cargo bench failed in {}", dir.display()));
        }
        Ok(native_parse_group(&out.text))
    };
    let (mut this, mut that) = (0.0f64, 0.0f64);
    for _ in 0..2 {
        let here = bench(&root, crate::target_dir())?;
        let there = bench(&base, crate::target_dir().join("bench-baseline-target"))?;
        this = this.max(here.unwrap_or(0.0));
        that = that.max(there.unwrap_or(0.0));
    }
    let _ = Command::new("git")
        .args(["worktree", "remove", "--force"])
        .arg(&base)
        .current_dir(&root)
        .status();
    if this == 0.0 || that == 0.0 {
        return Err("could not read a parse+group figure from both benchmarks".into());
    }
    println!(
        "parse+group of {BIG_DUMP}: this checkout {this:.0} MB/s, {rev} {that:.0} MB/s = {:.2}x",
        this / that
    );
    Ok(())
}

/// The native `parse+group` MB/s of the big dump, from `cargo bench`'s output: the first
/// `parse+group` line after the line naming the dump.
fn native_parse_group(output: &str) -> Option<f64> {
    let name = BIG_DUMP.rsplit_once("corpus/")?.1;
    let mut lines = output.lines().skip_while(|l| !l.starts_with(name));
    let line = lines.find(|l| l.trim_start().starts_with("parse+group"))?;
    let mut words = line.split_whitespace();
    let at = words.clone().position(|w| w == "MB/s")?;
    words.nth(at.checked_sub(1)?)?.parse().ok()
}

/// The wasm `parse+group` MB/s, from the `WASM_PARSE_GROUP_MBPS=` line of bench-wasm.mjs.
fn wasm_parse_group(output: &str) -> Option<f64> {
    output
        .lines()
        .find_map(|l| l.trim().strip_prefix("WASM_PARSE_GROUP_MBPS="))?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_figures() {
        let native = "goroutine-100k-crawler/goroutine.debug2.txt.gz: 57.6 MB, 100067 goroutines, 26 groups\n  \
                      parse+group       70.1 ms      822 MB/s     1427000 goroutines/s\n\
                      goroutine-100k-crawler/goroutine.depth30.debug2.truncated-64MiB.txt.gz: 67.1 MB\n  \
                      parse+group       49.0 ms     1362 MB/s";
        assert_eq!(native_parse_group(native), Some(822.0));
        assert_eq!(
            wasm_parse_group("  parse+group 127 ms\nWASM_PARSE_GROUP_MBPS=450.8\n"),
            Some(450.8)
        );
        assert_eq!(native_parse_group("nothing"), None);
    }
}
