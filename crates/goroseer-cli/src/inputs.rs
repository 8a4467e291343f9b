//! The command line's arguments as workspace inputs: files (`-` is stdin), archives
//! (`.zip`, `.tar`, `.tar.gz`: one input per file inside, expanded by the core) and
//! directories (every file under them, in name order).

use std::io::Read;
use std::path::Path;

use goroseer::Workspace;

/// Adds every argument to `workspace`. Returns whether one of them was a directory or an
/// archive of several files (the inputs are then read together, e.g. as a fleet).
pub fn add_all(workspace: &mut Workspace, args: &[String]) -> Result<bool, String> {
    let mut several = false;
    for arg in args {
        if arg != "-" && Path::new(arg).is_dir() {
            several = true;
            let mut files = Vec::new();
            walk(Path::new(arg), &mut files).map_err(|e| format!("{arg}: {e}"))?;
            for file in files {
                let name = file.to_string_lossy().into_owned();
                add(workspace, &name)?;
            }
        } else {
            several |= add(workspace, arg)?;
        }
    }
    Ok(several)
}

/// Adds one file; returns whether it made several inputs (or a streamed log's).
fn add(workspace: &mut Workspace, path: &str) -> Result<bool, String> {
    if let Some(added) =
        crate::stream::add_streamed(workspace, path).map_err(|e| format!("{path}: {e}"))?
    {
        return Ok(added > 1 || workspace.holds_log());
    }
    if let Some(bytes) = map_file(path).map_err(|e| format!("{path}: {e}"))? {
        crate::timings::stage("map");
        workspace.add_static_bytes(path, bytes);
        crate::timings::stage("parse and group");
        return Ok(false);
    }
    let bytes = read_input(path).map_err(|e| format!("{path}: {e}"))?;
    workspace
        .add_file(path, bytes)
        .map(|added| added.len() > 1)
        .map_err(|e| e.to_string())
}

/// The files under `dir`, depth first, each folder's entries in name order; hidden files
/// and folders (`.git`, `.DS_Store`) are left out.
fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// The bytes of a regular, non-empty file mapped into memory for the rest of the process
/// (`None` for stdin, a pipe, an empty file, gzip or an archive: [`read_input`] reads
/// those, and the workspace opens them).
///
/// Mapped, not read: reading copies the file into fresh pages, and faulting those in was
/// about a third of the whole `goroseer --json` of a 58 MB dump; the mapping shares the
/// page cache's pages. The document keeps the text borrowed from the mapping, which is
/// never unmapped (leaked: the process ends with it).
#[allow(unsafe_code)]
fn map_file(path: &str) -> std::io::Result<Option<&'static [u8]>> {
    if path == "-" {
        return Ok(None);
    }
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() || metadata.len() == 0 {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(512);
    (&file).take(512).read_to_end(&mut head)?;
    if goroseer::is_archive(&head) {
        return Ok(None);
    }
    // SAFETY: the mapping is read-only and private; what memmap2 cannot rule out is
    // another process truncating or rewriting the file while it is read (a dump is
    // written once, before it is read; `cp` the file first when it is still growing).
    // `populate`: the page table is filled in one call instead of one fault per page.
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file)? };
    let map: &'static memmap2::Mmap = Box::leak(Box::new(map));
    Ok(Some(&map[..]))
}

/// The bytes of a file (`-`: stdin), as they are: the workspace undoes gzip and opens
/// archives, and decodes the text (UTF-8, or UTF-16 by its byte-order mark).
pub fn read_input(path: &str) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(path)?;
    }
    Ok(bytes)
}
