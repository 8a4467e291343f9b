//! `goroseer convert [--to pprof] [--profile N] -o OUT.pb.gz FILE`: one dump of FILE (text
//! or protobuf) as a gzipped pprof profile that `go tool pprof`, Pyroscope and speedscope
//! read. The core builds the protobuf; this only reads, gzips and writes.

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: goroseer convert [--to pprof] [--profile N] -o OUT.pb.gz FILE
  Writes dump N (default 0: the first) of FILE as a gzipped pprof protobuf profile.";

pub fn run(mut args: impl Iterator<Item = String>) -> ExitCode {
    let (mut out, mut file, mut profile) = (None, None, 0usize);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "-o" | "--output" => out = args.next(),
            "--to" => match args.next().as_deref() {
                Some("pprof") => {}
                other => return usage(&format!("unknown target format {other:?} (pprof)")),
            },
            "--profile" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => profile = n,
                None => return usage("--profile needs a number"),
            },
            other if other.starts_with('-') && other != "-" => {
                return usage(&format!("unknown option {other}"))
            }
            _ => file = Some(arg),
        }
    }
    let (Some(out), Some(file)) = (out, file) else {
        return usage("convert needs -o OUT and a FILE");
    };
    let bytes = match crate::inputs::read_input(&file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("goroseer: {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut workspace = goroseer::Workspace::new(goroseer::Options::default());
    workspace.add_bytes(file.clone(), bytes);
    let Some(protobuf) = workspace.export_pprof(profile) else {
        eprintln!("goroseer: {file}: no dump number {profile}");
        return ExitCode::from(1);
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let written = gz
        .write_all(&protobuf)
        .and_then(|()| gz.finish())
        .and_then(|gzipped| std::fs::write(&out, gzipped));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("goroseer: {out}: {e}");
            ExitCode::from(1)
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("goroseer: {message}\n{USAGE}");
    ExitCode::from(2)
}
