//! `cargo xtask bench`'s streamed-log line: a log of ≥ 1 GB made on the fly (a Kubernetes
//! CRI log of filler lines with real corpus dumps inside, plus a journald one for the
//! page), never committed and deleted after. Measured in the same run: `grep -c` and a
//! plain read of the same file (the baselines), the CLI's `goroseer --json` on it (MB/s and
//! peak RSS, by `/usr/bin/time`), and the page streaming a 2 GB log (MB/s, wasm memory,
//! longest main-thread task; `node/bench-stream.mjs`).

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{repo_root, Result};

/// Real dumps put into the log, in turn (one program's leak, a crash, a heap profile).
const DUMPS: [&str; 4] = [
    "tests/fixtures/corpus/goroutine-leak/goroutine.t05s.debug2.txt",
    "tests/fixtures/corpus/panics/sigquit.stderr.txt",
    "tests/fixtures/corpus/goroutine-leak/goroutine.t70s.debug2.txt",
    "tests/fixtures/corpus/heap-default-rate/heap.debug1.txt",
];

/// How many dumps a generated log holds.
const DUMPS_IN_LOG: usize = 8;

/// A log prefix for second `t` of the log.
#[derive(Clone, Copy)]
pub enum Prefix {
    Cri,
    Journald,
}

impl Prefix {
    fn write(self, out: &mut impl Write, t: u64) -> std::io::Result<()> {
        let (h, m, s) = (7 + t / 3600 % 17, t / 60 % 60, t % 60);
        match self {
            Prefix::Cri => write!(out, "2026-12-02T{h:02}:{m:02}:{s:02}.123456789Z stdout F "),
            Prefix::Journald => write!(out, "Dec  2 {h:02}:{m:02}:{s:02} web-1 shop[4242]: "),
        }
    }
}

/// Writes a log of about `bytes` bytes to `path`: filler lines, with [`DUMPS_IN_LOG`] real
/// dumps spread through it. Returns the dumps' first lines.
pub fn write_log(path: &Path, bytes: u64, prefix: Prefix) -> Result<Vec<u64>> {
    let root = repo_root();
    let dumps: Vec<String> = DUMPS
        .iter()
        .map(|d| std::fs::read_to_string(root.join(d)).map_err(|e| format!("{d}: {e}")))
        .collect::<Result<_>>()?;
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let per_stretch = bytes / (DUMPS_IN_LOG as u64 + 1);
    let (mut written, mut line, mut t) = (0u64, 0u64, 0u64);
    let mut starts = Vec::new();
    let io = |e: std::io::Error| e.to_string();
    for n in 0..=DUMPS_IN_LOG {
        let end = per_stretch * (n as u64 + 1);
        let mut i = 0u64;
        while written < end {
            let mut l = Vec::with_capacity(128);
            prefix.write(&mut l, t).map_err(io)?;
            write!(
                l,
                "level=info msg=\"GET /api/orders/{i} 200\" dur=3.{}ms user=u{}",
                i % 10,
                i % 977
            )
            .map_err(io)?;
            l.push(b'\n');
            out.write_all(&l).map_err(io)?;
            written += l.len() as u64;
            line += 1;
            i += 1;
            t += u64::from(i.is_multiple_of(20_000));
        }
        if n == DUMPS_IN_LOG {
            break;
        }
        starts.push(line + 1);
        for text in dumps[n % dumps.len()].lines() {
            let mut l = Vec::with_capacity(text.len() + 64);
            prefix.write(&mut l, t).map_err(io)?;
            l.extend_from_slice(text.as_bytes());
            l.push(b'\n');
            out.write_all(&l).map_err(io)?;
            written += l.len() as u64;
            line += 1;
        }
    }
    out.flush().map_err(io)?;
    Ok(starts)
}

/// Seconds `command` ran (wall) and its peak RSS in bytes (`/usr/bin/time`, when there).
fn timed(program: &Path, args: &[&str], stdout: Stdio) -> Result<(f64, Option<u64>, String)> {
    let gnu_time = Path::new("/usr/bin/time");
    let mut command = if gnu_time.exists() {
        let mut c = Command::new(gnu_time);
        c.args(["-f", "MAXRSS_KB=%M"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    let started = Instant::now();
    let out = command
        .args(args)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let rss = stderr
        .lines()
        .find_map(|l| l.strip_prefix("MAXRSS_KB="))
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .map(|kb| kb * 1024);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    Ok((seconds, rss, stdout))
}

/// The streamed-log benchmark (see the module doc): prints one line for the CLI and one for
/// the page (`site`: the served `www/`).
pub fn run(site: Option<&str>) -> Result {
    let root = repo_root();
    let dir = crate::target_dir().join("bench-log");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let log = dir.join("pod.log");
    let result = measure(&root, &log, site);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// `cargo xtask bench --log`: this benchmark only (the page's with a server of its own).
pub fn run_alone() -> Result {
    crate::dist::build_site()?;
    crate::tools::ensure_chromium()?;
    let server = crate::serve::StaticServer::start(&crate::dist::site_dir(), 0)?;
    run(Some(&server.url))
}

fn measure(root: &Path, log: &PathBuf, site: Option<&str>) -> Result {
    crate::process::run(
        Command::new("cargo")
            .args(["build", "--release", "--package", "goroseer-cli"])
            .current_dir(root),
    )?;
    let cli = crate::target_dir().join("release/goroseer");
    let size_target = 1_100_000_000;
    let starts = write_log(log, size_target, Prefix::Cri)?;
    let size = std::fs::metadata(log).map_err(|e| e.to_string())?.len();
    let mb = size as f64 / 1e6;

    // Baselines on the same file, in the same run.
    let (grep_s, _, grep_out) = timed(
        Path::new("grep"),
        &["-c", "goroutine ", &log.to_string_lossy()],
        Stdio::piped(),
    )?;
    let started = Instant::now();
    let mut file = std::fs::File::open(log).map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; 1 << 20];
    while file.read(&mut buf).map_err(|e| e.to_string())? > 0 {}
    let read_s = started.elapsed().as_secs_f64();

    let (cli_s, rss, json) = timed(&cli, &["--json", &log.to_string_lossy()], Stdio::piped())?;
    let report: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| format!("the CLI's JSON: {e}"))?;
    let found: Vec<u64> = report["timeline"]
        .as_array()
        .map(|t| t.iter().filter_map(|e| e["firstLine"].as_u64()).collect())
        .unwrap_or_default();
    let rss_text = rss.map_or("n/a (no /usr/bin/time)".to_owned(), |b| {
        format!(
            "{:.0} MB = {:.3}x the log",
            b as f64 / 1e6,
            b as f64 / size as f64
        )
    });
    println!(
        "log streaming, CLI `goroseer --json` on a {mb:.0} MB CRI log ({} of {} dumps found at \
         their lines): {:.2} s = {:.0} MB/s; grep -c {:.0} MB/s ({} lines), plain read {:.0} MB/s; \
         CLI ÷ grep = {:.2}x, CLI ÷ read = {:.2}x; peak RSS {rss_text}",
        found.iter().filter(|l| starts.contains(l)).count(),
        starts.len(),
        cli_s,
        mb / cli_s,
        mb / grep_s,
        grep_out.trim(),
        mb / read_s,
        grep_s / cli_s,
        read_s / cli_s,
    );
    let Some(site) = site else {
        return Ok(());
    };
    // The page: a 2 GB journald log dropped on it.
    let page_log = log.with_file_name("journal.log");
    let _ = std::fs::remove_file(log);
    write_log(&page_log, 2_100_000_000, Prefix::Journald)?;
    crate::process::run(
        Command::new("node")
            .arg(root.join("crates/xtask/node/bench-stream.mjs"))
            .arg(site)
            .arg(&page_log)
            .current_dir(root),
    )
}
