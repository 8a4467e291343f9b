//! `goroseer`: the core's analysis in a terminal.
//!
//! `goroseer [--json] [--group-by exact|lines|functions|top:N] FILE...` — `-` reads stdin,
//! a directory every file under it; gzip, zip and tar are recognised by their magic bytes
//! (archives give one input per file inside), UTF-16 by its byte-order mark. Without `--json` a summary for a person.

mod annotations_view;
mod convert;
mod diff;
mod fleet;
mod heap_view;
mod inputs;
mod output;
mod race_view;
mod stream;
mod summary;
mod timings;

use output::{out, outln};
use std::process::ExitCode;

use goroseer::{GroupBy, Options};

const USAGE: &str = "usage: goroseer [--json] [--redact] [--group-by exact|lines|functions|top:N] \
[--sample TYPE] [--by site|function|package] [--threshold NAME=VALUE]... [--explain RULE] \
[--layout auto|fleet|snapshots] [--threads N] FILE...
  FILE may be - for stdin, a directory (every file under it), or a .zip, .tar or .tar.gz of
  dumps; gzip-compressed files are read as such. With --json, a directory or an archive gives
  one report of all its dumps, with `fleet` when they are processes of one program
  (--layout overrides that guess).
  --threshold sets a symptom-rule threshold (names and defaults: docs/rules/README.md);
  --explain RULE prints what a rule (e.g. mutex-contention) checks and why it matters.
  --threads N parses a large goroutine dump on N threads (default: one per core; the
  result is the same on any number).
  --redact replaces label values, argument values, panic and error messages and source path
  prefixes by placeholders before reading (for sharing; docs/json.md, Redaction);
  goroseer redact FILE prints the redacted dump itself.
       goroseer diff [OPTIONS] OLD NEW [NEWER...]   (compare dumps over time; diff --help)
       goroseer fleet [OPTIONS] FILE...|ARCHIVE|DIR  (one dump per process; fleet --help)
       goroseer convert [--profile N] -o OUT.pb.gz FILE   (a dump as a pprof profile)";

fn main() -> ExitCode {
    timings::start();
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
    if args.peek().is_some_and(|a| a == "fleet") {
        args.next();
        return fleet::run(args);
    }
    if args.peek().is_some_and(|a| a == "redact") {
        args.next();
        return redact_files(args);
    }
    if args.peek().is_some_and(|a| a == "convert") {
        args.next();
        return convert::run(args);
    }
    let mut layout = None;
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
            "--redact" => {
                options.redact = true;
                continue;
            }
            "-h" | "--help" => {
                outln!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--group-by" => args.next(),
            "--layout" => {
                match args.next().as_deref().map(fleet::parse_layout) {
                    Some(Ok(l)) => layout = l,
                    Some(Err(e)) => {
                        eprintln!("goroseer: {e}");
                        return ExitCode::from(2);
                    }
                    None => {
                        eprintln!("goroseer: --layout needs auto, fleet or snapshots\n{USAGE}");
                        return ExitCode::from(2);
                    }
                }
                continue;
            }
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
            "--threads" => {
                match args.next().map(|n| n.parse::<usize>()) {
                    Some(Ok(n)) if n > 0 => goroseer::set_parse_threads(n),
                    _ => {
                        eprintln!("goroseer: --threads needs a number above 0\n{USAGE}");
                        return ExitCode::from(2);
                    }
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
    workspace.set_fleet_layout(layout);
    let several = match inputs::add_all(&mut workspace, &files) {
        Ok(several) => several,
        Err(e) => {
            eprintln!("goroseer: {e}");
            return ExitCode::from(2);
        }
    };
    let report_options = goroseer::report::ReportOptions::default();
    if several && json {
        // An archive or a directory: one report of all its dumps, with `fleet` when they
        // are the processes of a fleet.
        let report = workspace.report(&report_options);
        return output::json_or_text("goroseer", true, &report, |_| String::new());
    }
    for (index, input) in workspace.inputs().iter().enumerate() {
        let file = &input.name;
        let Some(report) = workspace.input_report(index, &report_options) else {
            continue;
        };
        timings::stage("report");
        if json {
            match serde_json::to_string_pretty(&report) {
                Ok(out) => {
                    timings::stage("json");
                    outln!("{out}");
                    timings::stage("write");
                }
                Err(e) => {
                    eprintln!("goroseer: {file}: {e}");
                    return ExitCode::from(1);
                }
            }
        } else {
            out!("{}", annotations_view::render(file, &report));
            out!("{}", summary::render(file, &report));
            heap_view::print(&input.analysis, &heap_options);
        }
    }
    if several && !json {
        if let Ok(Some(f)) = workspace.fleet(&workspace.fleet_options()) {
            if f.layout == goroseer::Layout::Fleet {
                out!("\n{}", fleet::render(&f, fleet::DEFAULT_ROWS));
            }
        }
    }
    // Not dropped: freeing a 100k-goroutine dump's tables piece by piece only delays the
    // exit, where the system takes the whole memory back at once.
    std::mem::forget(workspace);
    ExitCode::SUCCESS
}

/// The arguments of subcommand `name` read by `parse`: `Err` with the exit status after
/// printing the usage (`--help`: success) or the reason they were refused (status 2).
pub(crate) fn subcommand_args<T>(
    name: &str,
    usage: &str,
    args: impl Iterator<Item = String>,
    parse: impl FnOnce(std::vec::IntoIter<String>) -> Result<T, String>,
) -> Result<T, ExitCode> {
    let args: Vec<String> = args.collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        output::outln!("{usage}");
        return Err(ExitCode::SUCCESS);
    }
    parse(args.into_iter()).map_err(|e| {
        eprintln!("goroseer {name}: {e}\n{usage}");
        ExitCode::from(2)
    })
}

/// `goroseer redact FILE...`: each file's dump redacted (`goroseer::redact`), printed.
fn redact_files(args: impl Iterator<Item = String>) -> ExitCode {
    let files: Vec<String> = args.collect();
    if files.is_empty() || files.iter().any(|f| f.starts_with("--")) {
        eprintln!("usage: goroseer redact FILE...   (- for stdin)");
        return ExitCode::from(2);
    }
    for file in &files {
        match inputs::read_input(file).and_then(gunzipped) {
            Ok(bytes) => out!("{}", goroseer::redact(&goroseer::decode(bytes))),
            Err(e) => {
                eprintln!("goroseer redact: {file}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

/// `bytes` gunzipped when they are gzip (an archive is not opened: redact its files).
fn gunzipped(bytes: Vec<u8>) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
    Ok(out)
}
