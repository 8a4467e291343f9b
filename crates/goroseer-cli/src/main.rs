//! `goroseer`: the core's analysis in a terminal.
//!
//! `goroseer [--json] [--group-by exact|lines|functions|top:N] FILE...` — `-` reads stdin,
//! gzip input is recognised by its magic bytes, UTF-16 by its byte-order mark. Without `--json` a summary for a person.

mod annotations_view;
mod diff;
mod heap_view;
mod output;
mod race_view;
mod summary;

use std::io::Read;

use output::{out, outln};
use std::process::ExitCode;

use goroseer::{GroupBy, Options};

const USAGE: &str = "usage: goroseer [--json] [--group-by exact|lines|functions|top:N] \
[--sample TYPE] [--by site|function|package] [--threshold NAME=VALUE]... [--explain RULE] FILE...
  FILE may be - for stdin; gzip-compressed files are read as such.
  --threshold sets a symptom-rule threshold (names and defaults: docs/rules/README.md);
  --explain RULE prints what a rule (e.g. mutex-contention) checks and why it matters.
       goroseer diff [OPTIONS] OLD NEW [NEWER...]   (compare dumps over time; diff --help)";

fn main() -> ExitCode {
    let mut json = false;
    let mut explain: Option<String> = None;
    let mut options = Options::default();
    let mut files = Vec::new();
    let mut heap_options = heap_view::ViewOptions::default();
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().is_some_and(|a| a == "diff") {
        args.next();
        return diff::run(args);
    }
    while let Some(arg) = args.next() {
        match heap_options.read(&arg, &mut args) {
            Ok(true) => continue,
            Ok(false) => {}
            Err(e) => {
                eprintln!("goroseer: {e}");
                return ExitCode::from(2);
            }
        }
        let group_by = match arg.as_str() {
            "--json" => {
                json = true;
                continue;
            }
            "-h" | "--help" => {
                outln!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--group-by" => args.next(),
            "--threshold" | "-t" => {
                let Some(value) = args.next() else {
                    eprintln!("goroseer: --threshold needs NAME=VALUE\n{USAGE}");
                    return ExitCode::from(2);
                };
                if let Err(e) = options.rules.set_assignment(&value) {
                    eprintln!("goroseer: {e}");
                    return ExitCode::from(2);
                }
                continue;
            }
            "--explain" => {
                let Some(id) = args.next() else {
                    eprintln!("goroseer: --explain needs a rule id\n{USAGE}");
                    return ExitCode::from(2);
                };
                explain = Some(id);
                continue;
            }
            other if other.starts_with("--threshold=") => {
                if let Err(e) = options.rules.set_assignment(&other["--threshold=".len()..]) {
                    eprintln!("goroseer: {e}");
                    return ExitCode::from(2);
                }
                continue;
            }
            other => match other.strip_prefix("--group-by=") {
                Some(v) => Some(v.to_owned()),
                None if other.starts_with("--") => {
                    eprintln!("goroseer: unknown option {other}\n{USAGE}");
                    return ExitCode::from(2);
                }
                None => {
                    files.push(arg);
                    continue;
                }
            },
        };
        match group_by.as_deref().map(str::parse::<GroupBy>) {
            Some(Ok(by)) => options.group_by = by,
            Some(Err(e)) => {
                eprintln!("goroseer: {e}");
                return ExitCode::from(2);
            }
            None => {
                eprintln!("goroseer: --group-by needs a value\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(id) = explain {
        // After all arguments, so `--threshold` given alongside shows in the output.
        return match annotations_view::explain(&id, &options.rules) {
            Ok(text) => {
                out!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("goroseer: {e}");
                ExitCode::from(2)
            }
        };
    }
    if files.is_empty() {
        files.push("-".to_owned());
    }
    // Every file is read as on its own (no growth across files: `goroseer diff` compares).
    let mut workspace = goroseer::Workspace::new(options).with_growth_across_inputs(false);
    for file in &files {
        match read_input(file) {
            Ok(bytes) => workspace.add_bytes(file.clone(), bytes),
            Err(e) => {
                eprintln!("goroseer: {file}: {e}");
                return ExitCode::from(2);
            }
        };
    }
    let report_options = goroseer::report::ReportOptions::default();
    for (index, input) in workspace.inputs().iter().enumerate() {
        let file = &input.name;
        let Some(report) = workspace.input_report(index, &report_options) else {
            continue;
        };
        if json {
            match serde_json::to_string_pretty(&report) {
                Ok(out) => outln!("{out}"),
                Err(e) => {
                    eprintln!("goroseer: {file}: {e}");
                    return ExitCode::from(1);
                }
            }
        } else {
            out!("{}", annotations_view::render(file, &report));
            out!("{}", summary::render(file, &report));
            heap_view::print(&input.analysis.document, &heap_options);
        }
    }
    ExitCode::SUCCESS
}

/// The bytes of a file (`-`: stdin), gunzipped when they are gzip; the workspace decodes
/// them (UTF-8, or UTF-16 by its byte-order mark).
fn read_input(path: &str) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(path)?;
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
        bytes = out;
    }
    Ok(bytes)
}
