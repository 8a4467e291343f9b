//! A file read ahead as it arrives reads exactly as the file read whole: on every fixture
//! dump (real dumps of real Go programs), on the 100k-goroutine corpus dump, on dumps
//! spliced from them, and on inputs whose cleanup changes the text (the pieces unused).

use proptest::prelude::*;

use super::{ArrivingFile, READ_AHEAD};
use crate::parse::pieces::testing::{
    assert_same_fingerprint, fingerprint, fixture_lines, goroutine_texts, spliced, splices,
    the_100k_dump,
};
use crate::parse::{parse_arriving, parse_bytes};

/// Feeds `bytes` to an arriving file in chunks of the sizes `chunks` gives (cycled),
/// reading ahead after each; asserts its document is the whole file's and returns whether
/// the pieces read ahead were used.
fn assert_same(name: &str, bytes: &[u8], chunks: &[usize], min_piece: usize) -> bool {
    let whole = fingerprint(&parse_bytes(bytes.to_vec()));
    let mut file = ArrivingFile::with_min_piece(min_piece);
    let mut at = 0;
    for &size in chunks.iter().cycle() {
        if at == bytes.len() {
            break;
        }
        let end = (at + size.max(1)).min(bytes.len());
        file.grow(end - at).copy_from_slice(&bytes[at..end]);
        file.read_ahead();
        at = end;
    }
    let before = READ_AHEAD.with(std::cell::Cell::get);
    let arrived = fingerprint(&parse_arriving(file));
    let used = READ_AHEAD.with(std::cell::Cell::get) > before;
    assert_same_fingerprint(
        &format!("{name}, whole and read ahead (chunks {chunks:?}, pieces ≥ {min_piece} B),"),
        &whole,
        &arrived,
    );
    used
}

#[test]
fn every_fixture_reads_the_same_read_ahead() {
    let texts = goroutine_texts();
    assert!(texts.len() > 50, "fixtures not found: {}", texts.len());
    let (mut used, mut candidates) = (0, 0);
    for (name, text) in &texts {
        let mut read_ahead = false;
        for (chunks, min_piece) in [
            (&[1000][..], 1),
            (&[97, 4096, 13][..], 200),
            (&[1 << 16][..], 1),
        ] {
            read_ahead |= assert_same(name, text.as_bytes(), chunks, min_piece);
        }
        used += usize::from(read_ahead);
        // Read ahead only when the file starts with a debug=2 dump or a crash, and has a
        // goroutine header after a blank line (not debug=1 profiles, logs or pastes).
        let first = text.lines().next().unwrap_or("").trim_end();
        let starts = !first.is_empty() && crate::parse::traceback::starts_traceback(first);
        candidates += usize::from(starts && text.contains("\n\ngoroutine "));
    }
    eprintln!(
        "{used} of {candidates} candidates read ahead ({} fixtures)",
        texts.len()
    );
    assert!(
        used * 4 >= candidates * 3,
        "{used} of {candidates} candidates read ahead"
    );
}

#[test]
fn the_100k_goroutine_dump_reads_the_same_read_ahead() {
    let text = the_100k_dump();
    // As the page's worker feeds it: 1 MiB stretches, pieces of 2 MiB or more.
    assert!(
        assert_same("100k", text.as_bytes(), &[1 << 20], super::MIN_PIECE),
        "not read ahead"
    );
}

/// Input cleanup that changes the text (a byte-order mark, CRLF line ends, a log prefix,
/// the file not UTF-8): the pieces read ahead are not used and the document is the whole
/// file's.
#[test]
fn cleaned_inputs_read_the_same_without_the_pieces() {
    let dump = fixture_lines()
        .iter()
        .find(|lines| lines.len() > 200)
        .expect("a dump of 200 lines");
    let plain = dump.join("\n");
    let mut with_bom = vec![0xef, 0xbb, 0xbf];
    with_bom.extend_from_slice(plain.as_bytes());
    let prefixed: String = dump
        .iter()
        .map(|line| format!("2026-12-03T10:00:00.000000000Z stderr F {line}\n"))
        .collect();
    // A Latin-1 byte on the third line: no piece is valid UTF-8.
    let mut latin1 = Vec::new();
    for (i, line) in dump.iter().enumerate() {
        latin1.extend_from_slice(line.as_bytes());
        latin1.extend_from_slice(if i == 2 { b" \xe9\n" } else { b"\n" });
    }
    assert!(
        assert_same("plain", plain.as_bytes(), &[500], 1),
        "plain dump not read ahead"
    );
    for (name, bytes) in [
        ("byte-order mark", with_bom),
        ("kubectl prefix", prefixed.into_bytes()),
        ("not UTF-8 near the start", latin1),
    ] {
        assert!(!assert_same(name, &bytes, &[500], 1), "{name}: pieces used");
    }
    // CRLF line ends are read as they are, and bytes that are not UTF-8 after the pieces
    // decode to U+FFFD without changing the pieces' text: the pieces are used.
    assert!(assert_same(
        "CRLF",
        plain.replace('\n', "\r\n").as_bytes(),
        &[500],
        1
    ));
    let mut latin1_at_end = plain.into_bytes();
    latin1_at_end.extend_from_slice(b"\n\xe9t\xe9\n");
    assert!(assert_same(
        "not UTF-8 at the end",
        &latin1_at_end,
        &[500],
        1
    ));
}

/// Real dumps spliced ([`splices`]), arriving in chunks of any size and cut in pieces of
/// any size: the same document as the whole file's.
#[test]
fn spliced_dumps_read_the_same_read_ahead() {
    use proptest::test_runner::{Config, TestRunner};
    let strategy = (
        splices(),
        prop::collection::vec(1usize..3000, 1..4),
        1usize..2000,
        any::<bool>(),
    );
    let cases = 256;
    let used = std::cell::Cell::new(0u32);
    TestRunner::new(Config::with_cases(cases))
        .run(
            &strategy,
            |((first, stretches), chunks, min_piece, crlf)| {
                let text = spliced(&first, &stretches, crlf);
                let read_ahead = assert_same("splice", text.as_bytes(), &chunks, min_piece);
                used.set(used.get() + u32::from(read_ahead));
                Ok(())
            },
        )
        .unwrap();
    let used = used.get();
    assert!(used > cases / 8, "{used} of {cases} splices read ahead");
}
