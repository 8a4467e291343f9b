//! `goroseer fleet FILE…|ARCHIVE|DIR`: one goroutine dump per process of one program (a
//! pod, a host), compared group by group — which process is unlike the others, and how —
//! as tables, or as JSON (`docs/json.md`, *Fleet*).

use std::fmt::Write;
use std::process::ExitCode;

use goroseer::report::fleet::FleetReport;
use goroseer::{FleetOptions, GroupBy, Layout, Options};

pub const USAGE: &str = "usage: goroseer fleet [--json] [--group-by lines|functions|top:N] \
[--layout auto|fleet|snapshots] [--min-excess N] [--top N] FILE...|ARCHIVE|DIR
  Reads one goroutine dump per process of one program (files, a directory, a .zip, .tar or
  .tar.gz of them) and shows which process is unlike the others: its groups whose count is
  far from every other process's (at least --min-excess goroutines more, default 10, and
  twice the largest of the others; or as far below). Process names are the parts of the file
  names that differ (pod or host names). --layout auto says whether the files look like a
  fleet or like snapshots of one process over time (then see goroseer diff); the default is
  fleet. --top N: groups shown (default 10).";

/// Groups shown unless `--top` says otherwise.
pub const DEFAULT_ROWS: usize = 10;

/// `auto` → `None`, `fleet`, `snapshots`.
pub fn parse_layout(text: &str) -> Result<Option<Layout>, String> {
    Layout::choice(text).map_err(|e| format!("--layout: {e}"))
}

struct Args {
    json: bool,
    options: FleetOptions,
    rows: usize,
    files: Vec<String>,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        json: false,
        options: FleetOptions {
            layout: Some(Layout::Fleet),
            ..FleetOptions::default()
        },
        rows: DEFAULT_ROWS,
        files: Vec::new(),
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        let number = |text: String| -> Result<u64, String> {
            text.parse()
                .map_err(|_| format!("{name}: `{text}` is not a number"))
        };
        match name.as_str() {
            "--json" => parsed.json = true,
            "--group-by" => {
                parsed.options.group_by = value("a level")?
                    .parse::<GroupBy>()
                    .map_err(|e| e.to_string())?;
            }
            "--layout" => parsed.options.layout = parse_layout(&value("a layout")?)?,
            "--min-excess" => parsed.options.min_excess = number(value("a number")?)?,
            "--top" => parsed.rows = number(value("a number")?)? as usize,
            other if other.starts_with('-') && other != "-" => {
                return Err(format!("unknown option {other}"));
            }
            _ => parsed.files.push(arg),
        }
    }
    if parsed.files.is_empty() {
        return Err(
            "give the dumps of the processes (files, an archive or a directory)".to_owned(),
        );
    }
    Ok(parsed)
}

/// Runs `goroseer fleet` with the arguments after `fleet`.
pub fn run(args: impl Iterator<Item = String>) -> ExitCode {
    let args = match crate::subcommand_args("fleet", USAGE, args, parse_args) {
        Ok(a) => a,
        Err(status) => return status,
    };
    let mut workspace = goroseer::Workspace::new(Options {
        group_by: args.options.group_by,
        ..Options::default()
    })
    .with_growth_across_inputs(false);
    if let Err(e) = crate::inputs::add_all(&mut workspace, &args.files) {
        eprintln!("goroseer fleet: {e}");
        return ExitCode::from(2);
    }
    let fleet = match workspace.fleet(&args.options) {
        Ok(Some(f)) => f,
        Ok(None) => {
            eprintln!("goroseer fleet: no goroutine dump in the input");
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("goroseer fleet: {e}");
            return ExitCode::from(2);
        }
    };
    crate::output::json_or_text("goroseer fleet", args.json, &fleet, |f| {
        render(f, args.rows)
    })
}

/// The fleet for a person: findings, processes ranked, the groups most spread with their
/// count per process.
pub fn render(f: &FleetReport, rows: usize) -> String {
    let mut out = String::new();
    let layout = match f.layout {
        Layout::Fleet => "a fleet",
        Layout::Snapshots => "snapshots of one process over time (goroseer diff compares them)",
    };
    let _ = writeln!(
        out,
        "goroseer fleet: {} processes, read as {layout}, grouped by {}",
        f.processes.len(),
        f.group_by
    );
    if f.findings.is_empty() {
        let _ = writeln!(out, "no process stands out");
    } else {
        let _ = writeln!(out, "\nunlike the others:");
        for finding in &f.findings {
            let more = match finding.outliers {
                1 => String::new(),
                n => format!(" (and {} more groups)", n - 1),
            };
            let _ = writeln!(out, "  {}{more}", finding.message);
        }
    }
    let width = f
        .processes
        .iter()
        .map(|p| p.name.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let _ = writeln!(out, "\nprocesses, most unlike the others first:");
    let _ = writeln!(
        out,
        "  {:width$}  {:>8}  {:>8}  states",
        "process", "total", "distance"
    );
    for p in &f.processes {
        let states: Vec<String> = p.states.0.iter().map(|(s, n)| format!("{s} {n}")).collect();
        let _ = writeln!(
            out,
            "  {:width$}  {:>8}  {:>8}  {}",
            p.name,
            p.total,
            p.distance,
            states.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\ngroups, most spread first (count per process in the order above):"
    );
    for g in f.groups.iter().take(rows) {
        let state = g
            .state
            .as_deref()
            .map(|s| format!(" [{s}]"))
            .unwrap_or_default();
        let counts: Vec<String> = g.counts.iter().map(u64::to_string).collect();
        let counts = if counts.len() <= 12 {
            counts.join(" ")
        } else {
            format!("{} … ({} processes)", counts[..12].join(" "), counts.len())
        };
        let _ = writeln!(
            out,
            "  {}{state}  typical {}: {counts}",
            g.function, g.typical
        );
    }
    if f.groups.len() > rows {
        let _ = writeln!(out, "  … {} more groups (--top N)", f.groups.len() - rows);
    }
    out
}
