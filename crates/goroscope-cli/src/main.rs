//! `goroscope`: the core's analysis in a terminal.

mod heap_view;

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut json = false;
    let mut files = Vec::new();
    let mut heap_options = heap_view::ViewOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match heap_options.read(&arg, &mut args) {
            Ok(true) => continue,
            Ok(false) => {}
            Err(e) => {
                eprintln!("goroscope: {e}");
                return ExitCode::from(2);
            }
        }
        match arg.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                println!(
                    "usage: goroscope [--json] [--sample TYPE] [--by site|function|package] FILE...   (FILE may be - for stdin, or end in .gz)"
                );
                return ExitCode::SUCCESS;
            }
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        files.push("-".to_owned());
    }
    for file in &files {
        let text = match read_input(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("goroscope: {file}: {e}");
                return ExitCode::from(2);
            }
        };
        let analysis = goroscope::analyze(&text, &goroscope::Options::default());
        let report = analysis.report();
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("report serializes")
            );
        } else {
            println!("{file}: {} profile(s)", report.profiles.len());
            heap_view::print(&analysis.document, &heap_options);
        }
    }
    ExitCode::SUCCESS
}

fn read_input(path: &str) -> std::io::Result<String> {
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
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
