//! Idempotent installs of everything the commands need, from the project's own files:
//! a second run finds everything in place and does nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{output, run};
use crate::{repo_root, Result};

/// Debian's browser and its WebDriver, used by wasm-bindgen-test and Playwright.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// See [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// `rustup target add wasm32-unknown-unknown` unless it is installed
/// (rust-toolchain files do not install targets by themselves).
pub fn ensure_wasm_target() -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The wasm-bindgen version locked in Cargo.lock; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
            {
                return Ok(version.to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".to_owned())
}

/// Installs wasm-bindgen-cli (which also brings wasm-bindgen-test-runner) at the locked
/// version when it is missing or another version.
pub fn ensure_wasm_bindgen_cli() -> Result {
    let wanted = locked_wasm_bindgen_version()?;
    let found = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    let runner_found = Command::new("wasm-bindgen-test-runner")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found.as_deref() == Some(&format!("wasm-bindgen {wanted}")) && runner_found {
        return Ok(());
    }
    eprintln!(
        "xtask: wasm-bindgen-cli {wanted} needed, found {}; installing (takes a few minutes)",
        found.as_deref().unwrap_or("none")
    );
    // `--locked` does not resolve for wasm-bindgen-cli; the exact version pin is what matters.
    run(Command::new("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
        "--no-default-features",
        "--force",
    ]))
}

/// `npm ci` when node_modules is missing or older than package-lock.json.
pub fn ensure_node_modules() -> Result {
    let root = repo_root();
    let lock = root.join("package-lock.json");
    // npm writes this hidden lockfile on every install; it is newer than the real lock
    // exactly when node_modules reflects it.
    let installed = root.join("node_modules/.package-lock.json");
    let fresh = match (modified(&installed), modified(&lock)) {
        (Some(installed), Some(lock)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&root)
        // Playwright drives Debian's chromium; it must never download browsers.
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Installs chromium and chromium-driver with apt-get when missing and running as root;
/// otherwise says what to install.
pub fn ensure_chromium() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let uid = output(Command::new("id").arg("-u")).unwrap_or_default();
    if uid.trim() != "0" {
        return Err(format!(
            "{CHROMIUM} and {CHROMEDRIVER} are needed for the browser tests; install them with\n  \
             sudo apt-get install --no-install-recommends chromium chromium-driver"
        ));
    }
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// A program installed by npm (`node_modules/.bin/NAME`).
pub fn npm_bin(name: &str) -> PathBuf {
    repo_root().join("node_modules/.bin").join(name)
}
