//! `cargo xtask bench`: the core's benchmarks, the release wasm's speed in node on the
//! 100k-goroutine dump (also at exact grouping: first page of groups, report sizes), the
//! page in Chromium (first load; the same dump dropped on it → groups and annotations
//! visible; at exact grouping → first group rows visible; longest main-thread task), and
//! the gzipped wasm size (target ≤ 250 KB).

use std::io::Write;
use std::process::Command;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::process::run;
use crate::serve::StaticServer;
use crate::{repo_root, tools, wasm_build, Result};

/// The largest real dump of the corpus.
const BIG_DUMP: &str = "tests/fixtures/corpus/goroutine-100k-crawler/goroutine.debug2.txt.gz";

/// `cargo xtask bench` takes no arguments.
pub fn run_all(args: &[String]) -> Result {
    if let Some(extra) = args.first() {
        return Err(format!("bench: unknown argument {extra}"));
    }
    let root = repo_root();
    run(Command::new("cargo")
        .args(["bench", "--package", "goroscope"])
        .current_dir(&root))?;

    wasm_build::build()?;
    let pkg = wasm_build::pkg_dir();
    run(Command::new("node")
        .arg(root.join("crates/xtask/node/bench-wasm.mjs"))
        .arg(pkg.join(wasm_build::GLUE_JS))
        .arg(root.join(BIG_DUMP))
        .current_dir(&root))?;

    tools::ensure_chromium()?;
    let server = StaticServer::start(&root.join("www"), 0)?;
    run(Command::new("node")
        .arg(root.join("crates/xtask/node/bench-page.mjs"))
        .arg(&server.url)
        .arg(root.join(BIG_DUMP))
        .current_dir(&root))?;

    let wasm =
        std::fs::read(pkg.join(wasm_build::WASM)).map_err(|e| format!("reading the wasm: {e}"))?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&wasm).map_err(|e| e.to_string())?;
    let gzipped = gz.finish().map_err(|e| e.to_string())?;
    println!(
        "wasm size: {} KB raw, {} KB gzipped (target ≤ 250 KB gzipped)",
        wasm.len() / 1024,
        gzipped.len() / 1024
    );
    Ok(())
}
