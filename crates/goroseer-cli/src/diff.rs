//! `goroseer diff OLD NEW [NEWER…]`: dumps of one program compared over time — what
//! grew, what is new, what vanished — as a table, or as JSON (`docs/json.md`, *Compare*).

use std::fmt::Write;
use std::process::ExitCode;

use goroseer::report::compare::{CompareReport as Comparison, ProfileComparison};
use goroseer::report::goroutine::FrameView;
use goroseer::rules::{RuleOptions, Severity};
use goroseer::{parse_duration, CompareOptions, DumpTimes, TimeSource};
use goroseer::{GroupBy, Options};

pub const USAGE: &str = "usage: goroseer diff [--json] [--group-by lines|functions|top:N] \
[--interval DURATION | --at T1,T2,...] [--top N] [--sample NAME] [--threshold NAME=VALUE]... OLD NEW [NEWER...]
  Compares goroutine and heap dumps of one program taken over time (a file may hold several),
  and CPU, heap, block and mutex profiles (text or .pb.gz) by function like `pprof -base OLD
  NEW`: --sample picks the sample type (samples, cpu, alloc_space, delay, ...; pprof's default).
  Times: --interval 10s (between consecutive dumps) or --at 0,10s,1m (one per file); without
  them, a `t<number><unit>` part of every file name (goroutine.t15s.txt) is used, and the
  output says so. --top N: rows per table (default 10).";

/// Groups and sites shown per table unless `--top` says otherwise.
const DEFAULT_ROWS: usize = 10;

struct Args {
    json: bool,
    options: CompareOptions,
    rules: RuleOptions,
    rows: usize,
    sample: Option<String>,
    files: Vec<String>,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        json: false,
        options: CompareOptions {
            times: DumpTimes::FromNames,
            ..CompareOptions::default()
        },
        rules: RuleOptions::default(),
        rows: DEFAULT_ROWS,
        sample: None,
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
        match name.as_str() {
            "--json" => parsed.json = true,
            "--group-by" => {
                parsed.options.group_by = value("a level")?
                    .parse::<GroupBy>()
                    .map_err(|e| e.to_string())?;
            }
            "--interval" => {
                let text = value("a duration")?;
                let seconds = parse_duration(&text)
                    .filter(|s| *s > 0.0)
                    .ok_or_else(|| format!("--interval: `{text}` is not a duration"))?;
                parsed.options.times = DumpTimes::Interval(seconds);
            }
            "--at" => {
                let text = value("times")?;
                let times = text
                    .split(',')
                    .map(|t| parse_duration(t).ok_or_else(|| format!("--at: `{t}` is not a time")))
                    .collect::<Result<Vec<f64>, String>>()?;
                parsed.options.times = DumpTimes::At(times);
            }
            "--top" => {
                let text = value("a number")?;
                parsed.rows = text
                    .parse()
                    .map_err(|_| format!("--top: `{text}` is not a number"))?;
            }
            "--sample" => parsed.sample = Some(value("a sample type")?),
            "--threshold" | "-t" => {
                parsed
                    .rules
                    .set_assignment(&value("NAME=VALUE")?)
                    .map_err(|e| e.to_string())?;
            }
            other if other.starts_with('-') && other != "-" => {
                return Err(format!("unknown option {other}"));
            }
            _ => parsed.files.push(arg),
        }
    }
    if parsed.files.is_empty() {
        return Err("give the dumps to compare (one file may hold several)".to_owned());
    }
    Ok(parsed)
}

/// Runs `goroseer diff` with the arguments after `diff`.
pub fn run(args: impl Iterator<Item = String>) -> ExitCode {
    let args = match crate::subcommand_args("diff", USAGE, args, parse_args) {
        Ok(a) => a,
        Err(status) => return status,
    };
    let mut workspace = goroseer::Workspace::new(Options {
        group_by: args.options.group_by,
        rules: args.rules,
        ..Options::default()
    });
    if let Err(e) = crate::inputs::add_all(&mut workspace, &args.files) {
        eprintln!("goroseer diff: {e}");
        return ExitCode::from(2);
    }
    let comparison = match workspace.compare(&args.options) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("goroseer diff: {e}");
            return ExitCode::from(2);
        }
    };
    crate::output::json_or_text("goroseer diff", args.json, &comparison, |c| {
        render(c, args.rows, args.sample.as_deref())
    })
}

/// The comparison for a person: dumps, annotations, totals, the groups and sites that
/// changed most, profiles by function (of `sample`, else pprof's default type), notes.
pub fn render(c: &Comparison, rows: usize, sample: Option<&str>) -> String {
    let mut out = String::new();
    let time_note = match c.time_source {
        Some(source) => format!(
            "times {}",
            match source {
                TimeSource::Given => "given",
                TimeSource::Interval => "from the interval",
                TimeSource::LogTimestamps => "read from the log timestamps",
                TimeSource::FileNames => "read from the file names (heuristic)",
            }
        ),
        None => "times unknown".to_owned(),
    };
    let _ = writeln!(out, "goroseer diff: {} inputs, {time_note}", c.inputs.len());
    render_annotations(&mut out, c);
    if let Some(g) = &c.goroutines {
        let _ = writeln!(out, "\ngoroutine dumps:");
        for (i, s) in g.snapshots.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {} #{} ({}{}) {} goroutines{}",
                i + 1,
                s.name,
                s.profile,
                s.format,
                if s.profile_name == "goroutine" {
                    String::new()
                } else {
                    format!(", {}", s.profile_name)
                },
                s.total,
                at(s.time, g.snapshots[0].time)
            );
        }
        let _ = writeln!(
            out,
            "  total: {}{}",
            series(&g.totals),
            trend_text(g.total_trend.delta, g.total_trend.per_minute)
        );
        for (state, values) in g.states.0.iter().take(rows) {
            let shown: Vec<String> = values
                .iter()
                .map(|v| v.map_or("-".to_owned(), |v| v.to_string()))
                .collect();
            let _ = writeln!(out, "  [{state}] {}", shown.join(" → "));
        }
        let changed: Vec<_> = g.groups.iter().filter(|g| g.trend.delta != 0).collect();
        let _ = writeln!(
            out,
            "\ngroups that changed most ({}; {} of {} changed):",
            c.group_by,
            changed.len(),
            g.groups.len()
        );
        let _ = writeln!(
            out,
            "  {:>7} {:>9}  {:<24} {:<16} where (created by)",
            "Δ", "/min", "series", "state"
        );
        for group in changed.iter().take(rows) {
            let site = group.call_site().map_or("?".to_owned(), short);
            let creator = group
                .created_by
                .as_ref()
                .map_or(String::new(), |c| format!("  ← {}", short(c)));
            let mark = if group.dump_writer {
                " (the goroutine that wrote the dump)"
            } else if group.trend.grew_every_step {
                " ↑"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {:>+7} {:>9}  {:<24} {:<16} {site}{creator}{mark}",
                group.trend.delta,
                group
                    .trend
                    .per_minute
                    .map_or("-".to_owned(), |r| format!("{r:+}")),
                series(&group.series),
                group.state.as_deref().unwrap_or("-"),
            );
        }
    }
    if let Some(h) = &c.heap {
        let _ = writeln!(out, "\nheap dumps:");
        for (i, s) in h.snapshots.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {} #{} in use {}{}",
                i + 1,
                s.name,
                s.profile,
                bytes(s.totals.inuse_space),
                at(s.time, h.snapshots[0].time)
            );
        }
        let changed: Vec<_> = h.sites.iter().filter(|s| s.trend.delta != 0).collect();
        let _ = writeln!(
            out,
            "\nallocation sites whose in-use bytes changed most ({} of {}, unsampled):",
            changed.len(),
            h.sites.len()
        );
        for site in changed.iter().take(rows) {
            let sizes: Vec<String> = site.inuse_space.iter().map(|&b| bytes(b)).collect();
            let _ = writeln!(
                out,
                "  {:>10}  {:<34} {}{}",
                format!(
                    "{}{}",
                    if site.trend.delta > 0 { "+" } else { "" },
                    bytes(site.trend.delta)
                ),
                sizes.join(" → "),
                site.frames.first().map_or("?".to_owned(), short),
                if site.trend.grew_every_step {
                    " ↑"
                } else {
                    ""
                }
            );
        }
    }
    for family in &c.profiles {
        render_profiles(&mut out, family, rows, sample);
    }
    if !c.notes.is_empty() {
        let _ = writeln!(out, "\nnotes:");
        for note in &c.notes {
            let _ = writeln!(out, "  - {}", note.message);
        }
    }
    out
}

/// Profiles of one kind by function, like `pprof -top -base FIRST LAST`.
fn render_profiles(out: &mut String, p: &ProfileComparison, rows: usize, sample: Option<&str>) {
    let Some(t) = sample
        .and_then(|s| p.sample_types.iter().find(|t| t.kind == s))
        .or_else(|| p.sample_types.get(p.default_sample_type))
    else {
        return;
    };
    let value = |v: i64| match t.unit.as_str() {
        "nanoseconds" => format!("{:.2}s", v as f64 / 1e9),
        "bytes" => bytes(v),
        _ => v.to_string(),
    };
    let signed = |v: i64| format!("{}{}", if v > 0 { "+" } else { "" }, value(v));
    let _ = writeln!(out, "\n{} profiles ({}):", p.kind, t.kind);
    for (s, total) in p.snapshots.iter().zip(&t.totals) {
        let _ = writeln!(out, "  {} #{} total {}", s.name, s.profile, value(*total));
    }
    let moved: Vec<_> = t
        .functions
        .iter()
        .filter(|f| f.flat_delta != 0 || f.cum_delta != 0)
        .collect();
    let _ = writeln!(
        out,
        "\nfunctions by change, last minus first like pprof -base ({} of {} changed):",
        moved.len(),
        t.function_count
    );
    let _ = writeln!(out, "  {:>12} {:>12}  function", "flat Δ", "cum Δ");
    for f in moved.iter().take(rows) {
        let _ = writeln!(
            out,
            "  {:>12} {:>12}  {}",
            signed(f.flat_delta),
            signed(f.cum_delta),
            f.function
        );
    }
}

fn render_annotations(out: &mut String, c: &Comparison) {
    if c.annotations.is_empty() {
        let _ = writeln!(out, "\nno growth found");
        return;
    }
    let _ = writeln!(out, "\nwhat it means:");
    for a in &c.annotations {
        let mark = match a.severity {
            Severity::Critical => "CRITICAL",
            Severity::Warning => "WARNING ",
            Severity::Info => "info    ",
        };
        let _ = writeln!(out, "  {mark} {}  [{}]", a.title, a.rule);
        for line in crate::annotations_view::wrap(&a.detail, 88) {
            let _ = writeln!(out, "           {line}");
        }
    }
}

/// `a → b → c`.
fn series<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" → ")
}

fn trend_text(delta: i64, per_minute: Option<f64>) -> String {
    match per_minute {
        Some(r) => format!(" ({delta:+}, {r:+}/min)"),
        None => format!(" ({delta:+})"),
    }
}

/// ` at +12.5s`: the time relative to the first snapshot of its kind (log timestamps are
/// seconds since 1970, which say nothing to a person).
fn at(time: Option<f64>, first: Option<f64>) -> String {
    match (time, first) {
        (Some(t), Some(t0)) => format!(" at +{}s", ((t - t0) * 10.0).round() / 10.0),
        _ => String::new(),
    }
}

/// `pkg.Function file.go:12`: the last path element of the function and the file name.
fn short(f: &FrameView) -> String {
    let function = f.function.rsplit('/').next().unwrap_or(&f.function);
    if f.file.is_empty() {
        return function.to_owned();
    }
    let file = f.file.rsplit('/').next().unwrap_or(&f.file);
    format!("{function} {file}:{}", f.line)
}

/// Bytes in decimal units, like pprof.
fn bytes(b: i64) -> String {
    goroseer::rules::human_bytes(b as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(list.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn options_are_read() {
        let a = args(&[
            "--json",
            "--interval",
            "10s",
            "a",
            "b",
            "--group-by=functions",
        ])
        .unwrap();
        assert!(a.json);
        assert_eq!(a.options.times, DumpTimes::Interval(10.0));
        assert_eq!(a.options.group_by, GroupBy::Functions);
        assert_eq!(a.files, vec!["a", "b"]);
        let a = args(&[
            "--at",
            "0,1m",
            "--top",
            "3",
            "-t",
            "goroutineGrowthMin=5",
            "a",
            "b",
        ])
        .unwrap();
        assert_eq!(a.options.times, DumpTimes::At(vec![0.0, 60.0]));
        assert_eq!(a.rows, 3);
        assert_eq!(a.rules.goroutine_growth_min, 5);
        let defaults = args(&["a", "b"]).unwrap();
        assert_eq!(defaults.options.times, DumpTimes::FromNames);
    }

    #[test]
    fn bad_arguments_are_refused() {
        assert!(args(&["--interval", "soon", "a", "b"]).is_err());
        assert!(args(&["--at", "1,x", "a", "b"]).is_err());
        assert!(args(&["--bogus", "a", "b"]).is_err());
        assert!(args(&["--top"]).is_err());
        assert!(args(&[]).is_err());
    }
}
