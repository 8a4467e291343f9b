//! A log too big to read whole, or standard input (`kubectl logs pod | goroseer -`), read
//! as a stream through the core's `LogStream`: only its dumps are kept, so memory follows
//! the largest dump, not the log. A log that ends within [`WHOLE_LIMIT`] is read whole,
//! with the report it always had.

use std::io::Read;

use goroseer::Workspace;

/// A log up to this size is read whole (as a file always was); past it, streamed.
pub const WHOLE_LIMIT: usize = 64 << 20;

/// Bytes read at a time.
const CHUNK: usize = 1 << 20;

/// Reads `path` (`-`: stdin) as a stream when it is standard input or a plain-text file
/// over [`WHOLE_LIMIT`]; `Ok(None)` (nothing read) for a smaller file. Returns the number of
/// inputs added. gzip, archives, UTF-16 and binary files (by their first bytes:
/// [`goroseer::is_log_text`]) are read whole, as before.
pub fn add_streamed(workspace: &mut Workspace, path: &str) -> std::io::Result<Option<usize>> {
    let stdin = path == "-";
    let mut reader: Box<dyn Read> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.len() <= WHOLE_LIMIT as u64 {
            return Ok(None);
        }
        Box::new(file)
    };
    let mut first = vec![0; CHUNK];
    let n = read_full(&mut reader, &mut first)?;
    first.truncate(n);
    if !goroseer::is_log_text(&first) {
        // Read whole, as before: the workspace undoes gzip, opens archives, decodes UTF-16.
        reader.read_to_end(&mut first)?;
        return Ok(Some(
            workspace
                .add_file(path, first)
                .map_err(|e| std::io::Error::other(e.to_string()))?
                .len(),
        ));
    }
    // Standard input may end soon: kept meanwhile, to be read whole then. A file is
    // known to be bigger.
    let whole = if stdin { WHOLE_LIMIT } else { 0 };
    let mut stream = workspace.log_stream(path).read_whole_up_to(whole);
    stream.feed(&first);
    let mut chunk = first;
    chunk.resize(CHUNK, 0);
    loop {
        let n = read_full(&mut reader, &mut chunk)?;
        if n == 0 {
            break;
        }
        stream.feed(&chunk[..n]);
    }
    Ok(Some(workspace.add_log(stream).len()))
}

/// Fills `buf` as far as the reader goes; the number of bytes read (less only at the end).
fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
