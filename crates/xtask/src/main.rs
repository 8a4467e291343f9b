//! `cargo xtask serve|test|dist|bench`: everything a newcomer needs, from the project's
//! own files. Each command installs what it is missing first (see `tools.rs`).

mod bench;
mod bench_cli;
mod bench_log;
mod dist;
mod offline;
mod peers;
mod process;
mod serve;
mod suite_counts;
mod test;
mod tools;
mod wasm_build;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  serve [--port N] [--no-build] [--dir DIR]
                 build the wasm (release), then serve www/ at http://127.0.0.1:N (default 8000)
  test           install missing tools, then run every check and test;
                 ends with one line `N passed, N failed, N skipped`
  dist           build dist/site/ (for GitHub Pages) and dist/goroseer.html (one offline file)
  bench          core benchmarks, wasm parse speed in node, gzipped wasm size;
                 --against REV: parse speed of this checkout / of commit REV, same run;
                 --first-load: only the page's first load (files, gzipped bytes, ready)
";

/// An error that ends the command with a message and exit status 1.
type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("serve") => serve::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("dist") => dist::run(&args[1..]),
        Some("bench") => bench::run_all(&args[1..]),
        Some("-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (xtask lives in `crates/xtask`).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/xtask has two parents")
        .to_path_buf()
}

/// Where cargo puts build output: `$CARGO_TARGET_DIR` when set, else `<root>/target`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                repo_root().join(dir)
            }
        }
        None => repo_root().join("target"),
    }
}
