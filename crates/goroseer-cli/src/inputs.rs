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
