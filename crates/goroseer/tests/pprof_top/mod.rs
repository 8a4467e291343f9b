//! Reads `go tool pprof -top` output (`-nodefraction=0`, every row).
#![allow(dead_code)]

/// One row of a `-top` table.
#[derive(Debug, Clone)]
pub struct TopRow {
    /// Flat value as printed (`22`, `0.40s`, `512.20kB`).
    pub flat: String,
    /// Flat percentage.
    pub flat_pct: f64,
    /// Cumulative value as printed.
    pub cum: String,
    /// Cumulative percentage.
    pub cum_pct: f64,
    /// Function, without pprof's ` (inline)` marker; `<unknown>` for a location without
    /// a symbol.
    pub function: String,
}

fn percent(text: &str) -> f64 {
    text.trim_end_matches('%').parse().unwrap()
}

/// The rows of a `-top` table.
pub fn rows(text: &str) -> Vec<TopRow> {
    text.lines()
        .skip_while(|l| !l.trim_start().starts_with("flat"))
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let function = cols[5..].join(" ");
            let function = function.strip_suffix(" (inline)").unwrap_or(&function);
            TopRow {
                flat: cols[0].to_owned(),
                flat_pct: percent(cols[1]),
                cum: cols[3].to_owned(),
                cum_pct: percent(cols[4]),
                function: function.to_owned(),
            }
        })
        .collect()
}

/// Whether `ours` prints as pprof's `printed` percentage (`measurement.Percentage`:
/// `100%` from 99.95 on, two decimals from 1%, two significant digits below).
pub fn same_percent(ours: f64, printed: f64) -> bool {
    if printed == 100.0 {
        (99.95..=100.05).contains(&ours)
    } else if printed >= 1.0 {
        (ours - printed).abs() < 0.0051
    } else {
        (ours - printed).abs() <= printed * 0.06 + 1e-12
    }
}

/// Whether a row of ours named `name` is pprof's `function` (pprof names a location
/// without a symbol `<unknown>`; here it is its address).
pub fn same_function(name: &str, function: &str) -> bool {
    name == function || (function == "<unknown>" && name.starts_with("0x"))
}

/// A value as `-top` prints it (`0.57s`, `-1.02s`, `512.05kB`, `310093726B`, `22`) in the
/// profile's base unit (nanoseconds, bytes, count), and how far the printed digits may be
/// from the exact value (half of the last digit printed).
pub fn printed_value(text: &str) -> (f64, f64) {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit {
        "" | "B" | "ns" => 1.0,
        "kB" => 1024.0,
        "MB" => 1024.0 * 1024.0,
        "GB" => 1024.0 * 1024.0 * 1024.0,
        "us" | "µs" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        "mins" => 60e9,
        "hrs" => 3600e9,
        other => panic!("unit {other} of {text}"),
    };
    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
    let value: f64 = number.parse().unwrap();
    (value * scale, 0.5 * 10f64.powi(-(decimals as i32)) * scale)
}

/// Whether `ours` (in the base unit) prints as `printed`.
pub fn same_value(ours: i64, printed: &str) -> bool {
    let (value, tolerance) = printed_value(printed);
    (ours as f64 - value).abs() <= tolerance * 1.0001
}
