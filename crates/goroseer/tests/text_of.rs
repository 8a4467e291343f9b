//! `text_of`: a file's text as the analysis reads it, or nothing for what is not text (what
//! a share link can and cannot carry), decided by the core rather than the page.

mod common;

use std::io::Read;

use common::corpus;

#[test]
fn text_files_read_as_their_text_binary_profiles_and_archives_as_none() {
    let path = corpus().join("goroutine-leak/goroutine.t70s.debug1.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        goroseer::text_of(text.clone().into_bytes()).as_deref(),
        Some(text.as_str())
    );
    // UTF-16 with its byte-order mark, as some Windows tools save a paste.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(goroseer::text_of(utf16).as_deref(), Some(text.as_str()));
    // A pprof protobuf profile, gunzipped: binary.
    let gz = std::fs::read(corpus().join("goroutine-leak/goroutine.t70s.debug0.pb.gz")).unwrap();
    let mut pb = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut pb)
        .unwrap();
    assert_eq!(goroseer::text_of(pb), None);
    // Still gzipped (an archive-like container the worker expands): not text either.
    assert_eq!(goroseer::text_of(gz), None);
}
