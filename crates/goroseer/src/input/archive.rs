//! Archives of dumps: a `.zip`, `.tar` or `.tar.gz` holding one dump per process (a
//! fleet's debug zip, a folder of pods), and gzip around any of them or any one dump.
//! Recognised by content, never by name: gzip by its magic bytes, zip by its local-file
//! signature, tar by the `ustar` magic of its first header. Every file inside becomes one
//! named entry (`fleet.zip/pods/relay-3/goroutines.txt`); folders nest as deep as the
//! archive has them, `.gz` files inside are gunzipped and archives inside are opened in
//! turn (to [`MAX_DEPTH`]).
//!
//! Read with the `zip` crate (deflate through flate2's Rust backend) and the `tar` crate,
//! with the `archives` feature. Without it (the page's main wasm module) only the
//! recognition is here: [`expand`] says [`ArchiveError::Unsupported`], and the page's
//! worker opens archives with the separately loaded `goroseer-archive-wasm` module.

#[cfg(feature = "archives")]
use std::io::{Cursor, Read};

/// Archives inside archives are opened this deep; deeper ones are kept as they are.
#[cfg(feature = "archives")]
pub const MAX_DEPTH: usize = 4;

/// Expanded bytes an archive may hold in all: beyond it (a zip bomb, or more than a
/// browser tab can hold) it is refused rather than read half.
pub const MAX_EXPANDED: u64 = 4 << 30;

/// One file: its name (the archive's name, then its path inside) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `archive.zip/dir/file.txt`, or the name given when the bytes were no archive.
    pub name: String,
    /// Its bytes, gunzipped.
    pub bytes: Vec<u8>,
}

/// Why an archive could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveError {
    /// The archive (or a file in it) is damaged or cut short.
    Corrupt {
        /// The archive or entry it was found in.
        name: String,
        /// What the reader said.
        message: String,
    },
    /// It expands to more than [`MAX_EXPANDED`] bytes.
    TooLarge {
        /// The archive.
        name: String,
    },
    /// This build reads no archives (built without the `archives` feature).
    Unsupported {
        /// The archive.
        name: String,
    },
}

impl std::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArchiveError::Corrupt { name, message } => {
                write!(f, "{name}: cannot be read as an archive: {message}")
            }
            ArchiveError::TooLarge { name } => write!(
                f,
                "{name}: expands to more than {} GiB: refused",
                MAX_EXPANDED >> 30
            ),
            ArchiveError::Unsupported { name } => {
                write!(f, "{name}: an archive, and this build reads no archives")
            }
        }
    }
}

impl std::error::Error for ArchiveError {}

/// What a file's bytes are, by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Gzip,
    Zip,
    Tar,
    Plain,
}

fn container(bytes: &[u8]) -> Container {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        Container::Gzip
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Container::Zip
    } else if bytes.get(257..262) == Some(b"ustar") {
        Container::Tar
    } else {
        Container::Plain
    }
}

/// Whether `bytes` are a zip or tar archive (or gzip, which may hold one): what
/// [`expand`] would open. The first 262 bytes suffice.
pub fn is_container(bytes: &[u8]) -> bool {
    container(bytes) != Container::Plain
}

/// The files of `bytes` named `name`: the one file itself (gunzipped) when it is no
/// archive, else every file in the archive, in archive order.
#[cfg(feature = "archives")]
pub fn expand(name: &str, bytes: Vec<u8>) -> Result<Vec<Entry>, ArchiveError> {
    let mut out = Vec::new();
    let mut budget = MAX_EXPANDED;
    expand_into(name.to_owned(), bytes, 0, &mut budget, &mut out)?;
    Ok(out)
}

/// [`expand`] in a build without the `archives` feature: plain bytes are one entry, an
/// archive is [`ArchiveError::Unsupported`].
#[cfg(not(feature = "archives"))]
pub fn expand(name: &str, bytes: Vec<u8>) -> Result<Vec<Entry>, ArchiveError> {
    if is_container(&bytes) {
        return Err(ArchiveError::Unsupported {
            name: name.to_owned(),
        });
    }
    Ok(vec![Entry {
        name: name.to_owned(),
        bytes,
    }])
}

#[cfg(feature = "archives")]
fn expand_into(
    name: String,
    bytes: Vec<u8>,
    depth: usize,
    budget: &mut u64,
    out: &mut Vec<Entry>,
) -> Result<(), ArchiveError> {
    let kind = container(&bytes);
    if depth > MAX_DEPTH || kind == Container::Plain {
        out.push(Entry { name, bytes });
        return Ok(());
    }
    match kind {
        Container::Gzip => {
            let inner = read_limited(flate2::read::MultiGzDecoder::new(&bytes[..]), &name, budget)?;
            // `x.txt.gz` holds `x.txt`; a `.tar.gz` holds a tar whose files are named
            // after the archive as the user knows it.
            let inner_name = match container(&inner) {
                Container::Plain => name.strip_suffix(".gz").unwrap_or(&name).to_owned(),
                _ => name,
            };
            expand_into(inner_name, inner, depth + 1, budget, out)
        }
        Container::Zip => expand_zip(&name, &bytes, depth, budget, out),
        Container::Tar => expand_tar(&name, &bytes, depth, budget, out),
        Container::Plain => Ok(()),
    }
}

#[cfg(feature = "archives")]
fn expand_zip(
    name: &str,
    bytes: &[u8],
    depth: usize,
    budget: &mut u64,
    out: &mut Vec<Entry>,
) -> Result<(), ArchiveError> {
    let damaged = |e: &dyn std::fmt::Display| corrupt(name, e);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    for index in 0..archive.len() {
        let file = archive.by_index(index).map_err(|e| damaged(&e))?;
        if file.is_dir() || skipped(file.name()) {
            continue;
        }
        let path = format!("{name}/{}", file.name().trim_start_matches('/'));
        let data = read_limited(file, &path, budget)?;
        expand_into(path, data, depth + 1, budget, out)?;
    }
    Ok(())
}

#[cfg(feature = "archives")]
fn expand_tar(
    name: &str,
    bytes: &[u8],
    depth: usize,
    budget: &mut u64,
    out: &mut Vec<Entry>,
) -> Result<(), ArchiveError> {
    let damaged = |e: &dyn std::fmt::Display| corrupt(name, e);
    let mut archive = tar::Archive::new(bytes);
    for entry in archive.entries().map_err(|e| damaged(&e))? {
        let entry = entry.map_err(|e| damaged(&e))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let inner = entry
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .map_err(|e| damaged(&e))?;
        if skipped(&inner) {
            continue;
        }
        let path = format!("{name}/{}", inner.trim_start_matches("./"));
        let data = read_limited(entry, &path, budget)?;
        expand_into(path, data, depth + 1, budget, out)?;
    }
    Ok(())
}

#[cfg(feature = "archives")]
/// A damaged `name`, as the reader said.
fn corrupt(name: &str, message: &dyn std::fmt::Display) -> ArchiveError {
    ArchiveError::Corrupt {
        name: name.to_owned(),
        message: message.to_string(),
    }
}

#[cfg(feature = "archives")]
/// Files an archiver adds on its own (macOS resource forks), which hold no dump.
fn skipped(path: &str) -> bool {
    path.starts_with("__MACOSX/")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|file| file.starts_with("._"))
}

#[cfg(feature = "archives")]
/// Reads `reader` to its end, counting what it yields against `budget`.
fn read_limited(reader: impl Read, name: &str, budget: &mut u64) -> Result<Vec<u8>, ArchiveError> {
    let mut data = Vec::new();
    let read = reader
        .take(budget.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| corrupt(name, &e))? as u64;
    if read > *budget {
        return Err(ArchiveError::TooLarge {
            name: name.to_owned(),
        });
    }
    *budget -= read;
    Ok(data)
}

#[cfg(all(test, feature = "archives"))]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            if name.ends_with('/') {
                zip.add_directory(*name, options).unwrap();
            } else {
                zip.start_file(*name, options).unwrap();
                zip.write_all(bytes).unwrap();
            }
        }
        zip.finish().unwrap().into_inner()
    }

    fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut tar = tar::Builder::new(Vec::new());
        for (name, bytes) in files {
            let mut header = tar::Header::new_ustar();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, name, *bytes).unwrap();
        }
        tar.into_inner().unwrap()
    }

    fn names(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn plain_bytes_are_one_entry_and_gzip_is_undone() {
        let plain = expand("a.txt", b"goroutine 1 [running]:\n".to_vec()).unwrap();
        assert_eq!(names(&plain), ["a.txt"]);
        let gz = expand("a.txt.gz", gzip(b"hello\n")).unwrap();
        assert_eq!(
            gz,
            [Entry {
                name: "a.txt".into(),
                bytes: b"hello\n".to_vec()
            }]
        );
    }

    #[test]
    fn zip_with_folders_and_gzipped_files() {
        let bytes = zip_of(&[
            ("pods/", b""),
            ("pods/a/goroutines.txt", b"one\n"),
            ("pods/b/goroutines.txt.gz", &gzip(b"two\n")),
            ("__MACOSX/pods/._a", b"fork"),
        ]);
        assert!(is_container(&bytes));
        let entries = expand("fleet.zip", bytes).unwrap();
        assert_eq!(
            names(&entries),
            [
                "fleet.zip/pods/a/goroutines.txt",
                "fleet.zip/pods/b/goroutines.txt"
            ]
        );
        assert_eq!(entries[1].bytes, b"two\n");
    }

    #[test]
    fn tar_gz_with_a_zip_inside() {
        let inner = zip_of(&[("x.txt", b"x\n")]);
        let bytes = gzip(&tar_of(&[("./a/one.txt", b"1\n"), ("b/inner.zip", &inner)]));
        let entries = expand("dumps.tar.gz", bytes).unwrap();
        assert_eq!(
            names(&entries),
            ["dumps.tar.gz/a/one.txt", "dumps.tar.gz/b/inner.zip/x.txt"]
        );
    }

    #[test]
    fn damaged_archives_are_errors_not_panics() {
        let mut bytes = zip_of(&[("a.txt", &[b'a'; 4000])]);
        bytes.truncate(bytes.len() / 2);
        assert!(matches!(
            expand("cut.zip", bytes),
            Err(ArchiveError::Corrupt { .. })
        ));
        let mut tar = tar_of(&[("a.txt", &[b'a'; 4000])]);
        tar.truncate(1500);
        assert!(expand("cut.tar", tar).is_err());
        let gz = gzip(&[b'a'; 100_000]);
        assert!(expand("cut.gz", gz[..gz.len() / 2].to_vec()).is_err());
    }

    #[test]
    fn the_budget_refuses_what_expands_too_far() {
        let mut budget = 10;
        let err = read_limited(&[0u8; 11][..], "big", &mut budget).unwrap_err();
        assert_eq!(err, ArchiveError::TooLarge { name: "big".into() });
        assert_eq!(
            read_limited(&[0u8; 10][..], "ok", &mut budget)
                .unwrap()
                .len(),
            10
        );
        assert_eq!(budget, 0);
    }
}
