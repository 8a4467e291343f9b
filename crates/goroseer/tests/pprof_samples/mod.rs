//! Reads the samples of pprof's `Profile.String()` text (`*.string` goldens and
//! `go tool pprof -raw` output).

/// The sample-type names and the value rows of a golden `.string` file.
pub fn golden_samples(text: &str) -> (Vec<String>, Vec<Vec<i64>>) {
    let mut lines = text.lines().skip_while(|l| *l != "Samples:").skip(1);
    let types = lines
        .next()
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for line in lines {
        let Some((values, _locations)) = line.split_once(':') else {
            break;
        };
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            break;
        }
        // Label lines (`bytes:[524288]`) have a non-number before the colon.
        let Ok(row) = values
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<Vec<i64>, _>>()
        else {
            continue;
        };
        rows.push(row);
    }
    (types, rows)
}
