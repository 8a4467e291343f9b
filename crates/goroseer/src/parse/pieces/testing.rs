//! What the tests of a dump read in pieces share: a document's fingerprint, the fixture
//! dumps, and lines to splice them with.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::model::{Document, Profile};

/// Everything a document holds, in a form two parses can be compared by (the tables'
/// hash indexes left out: they follow from what they index).
pub(crate) fn fingerprint(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "frames {:?}", doc.frames.frames());
    for profile in &doc.profiles {
        match profile {
            Profile::Goroutine(g) => {
                let stacks: Vec<_> = (0..g.stacks.len() as u32)
                    .map(|id| g.stacks.get(id))
                    .collect();
                let _ = writeln!(
                    out,
                    "goroutines {:?} {:?} {:?} lines {:?} truncated {}\n{:?}\npartial {:?}\n\
                     stacks {stacks:?}\nstates {:?}\nlabels {:?}\nancestors {:?}\n\
                     threads {:?}\ncrash {:?}\ndiagnostics {:?}",
                    g.format,
                    g.name,
                    g.header_total,
                    g.lines,
                    g.truncated,
                    g.goroutines,
                    g.partial,
                    g.states,
                    g.label_sets,
                    g.ancestors,
                    g.thread_stacks,
                    g.crash,
                    g.diagnostics,
                );
            }
            other => {
                let _ = writeln!(out, "{other:?}");
            }
        }
    }
    let _ = writeln!(
        out,
        "diagnostics {:?}\nprefix {:?} module {:?} times {:?}\ntext {}",
        doc.diagnostics,
        doc.log_prefix,
        doc.main_module,
        doc.profile_times,
        doc.text.len(),
    );
    out
}

/// Panics, showing where they part, when two fingerprints ([`fingerprint`]) differ:
/// `what` says which reads gave them.
pub(crate) fn assert_same_fingerprint(what: &str, one: &str, other: &str) {
    if one == other {
        return;
    }
    let at = one
        .bytes()
        .zip(other.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(one.len().min(other.len()));
    let from = at.saturating_sub(300);
    panic!(
        "{what} differ at byte {at}:\none:   {}\nother: {}",
        &one[from..(at + 300).min(one.len())],
        &other[from..(at + 300).min(other.len())],
    );
}

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Every file under `dir`, gunzipped, that reads as text.
pub(crate) fn texts(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            texts(&path, out);
            continue;
        }
        let Ok(mut bytes) = std::fs::read(&path) else {
            continue;
        };
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut plain = Vec::new();
            use std::io::Read;
            if flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_end(&mut plain)
                .is_err()
            {
                continue;
            }
            bytes = plain;
        }
        if crate::parse::parse_binary(&bytes).is_none() {
            out.push((
                path.display().to_string(),
                crate::input::encoding::decode(bytes),
            ));
        }
    }
}

/// The fixture texts holding a goroutine dump, the big corpus dump left out (its own test).
pub(crate) fn goroutine_texts() -> Vec<(String, String)> {
    let mut all = Vec::new();
    texts(&fixtures(), &mut all);
    all.sort();
    all.retain(|(_, text)| text.len() < 8 << 20 && text.contains("goroutine "));
    all
}

/// Lines of the fixture dumps, for splicing.
pub(crate) fn fixture_lines() -> &'static [Vec<String>] {
    static LINES: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    LINES.get_or_init(|| {
        goroutine_texts()
            .into_iter()
            .filter(|(_, text)| text.len() < 1 << 20 && text.contains("\n\ngoroutine "))
            .map(|(_, text)| text.lines().map(str::to_owned).collect())
            .collect()
    })
}

/// Lines a splice may insert between stretches of real dumps: what ends a dump, starts
/// another, or has to be carried over a cut.
pub(crate) const SPLICE_LINES: &[&str] = &[
    "",
    "",
    "",
    "goroutine 1 [running]:",
    "goroutine 7 [chan receive, 3 minutes]:",
    "goroutine 0 gp=0x1 m=0 mp=0x2 [idle]:",
    "panic: boom",
    "fatal error: all goroutines are asleep - deadlock!",
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]",
    "SIGQUIT: quit",
    "-----",
    "goroutine profile: total 4",
    "heap profile: 1: 2 [3: 4] @ heap/1048576",
    "WARNING: DATA RACE",
    "main.main.func1",
    "\t/tmp/x.go:3",
    "goroutine 9 [select]: {\"a\":\"b\"}",
    "goroutine 9 [select]:",
    "  goroutine 12 [IO wait]:",
    "goroutine 13 [",
    "some log line 2026-01-01T00:00:00Z",
    "Exception 0xc0000005 0x0 0x0 0x7ff",
];

/// The 100k-goroutine corpus dump's text.
pub(crate) fn the_100k_dump() -> String {
    let path = fixtures().join("corpus/goroutine-100k-crawler/goroutine.debug2.txt.gz");
    let mut all = Vec::new();
    texts(path.parent().unwrap(), &mut all);
    all.into_iter()
        .find(|(name, _)| name.ends_with("goroutine.debug2.txt.gz"))
        .expect("the 100k-goroutine dump")
        .1
}

/// One stretch of a splice: jump to another dump (and where in it), lines taken, lines
/// skipped, lines inserted after.
pub(crate) type Stretch = (
    bool,
    prop::sample::Index,
    usize,
    usize,
    Vec<prop::sample::Index>,
);

/// Real dumps read on with lines skipped and lines inserted that end, start or bend a
/// dump, now and then jumping to another dump: the first dump, then the stretches.
pub(crate) fn splices() -> impl Strategy<Value = (prop::sample::Index, Vec<Stretch>)> {
    let stretch = (
        prop::bool::weighted(0.15),
        any::<prop::sample::Index>(),
        0usize..300,
        0usize..4,
        prop::collection::vec(any::<prop::sample::Index>(), 0..3),
    );
    (
        any::<prop::sample::Index>(),
        prop::collection::vec(stretch, 1..8),
    )
}

/// The text of a splice ([`splices`]), its lines ended with CRLF when `crlf`.
pub(crate) fn spliced(first: &prop::sample::Index, stretches: &[Stretch], crlf: bool) -> String {
    let dumps = fixture_lines();
    let mut dump = &dumps[first.index(dumps.len())];
    let mut at = 0;
    let mut lines: Vec<&str> = Vec::new();
    for (jump, other, take, skip, inserted) in stretches {
        if *jump {
            dump = &dumps[other.index(dumps.len())];
            at = other.index(dump.len().max(1));
        }
        lines.extend(dump.iter().skip(at).take(*take).map(String::as_str));
        at += take + skip;
        lines.extend(
            inserted
                .iter()
                .map(|i| SPLICE_LINES[i.index(SPLICE_LINES.len())]),
        );
    }
    lines.join(if crlf { "\r\n" } else { "\n" })
}
