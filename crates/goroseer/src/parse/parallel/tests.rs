//! The parse in pieces equals the one-thread parse: on every fixture dump (real dumps of
//! real Go programs), on the 100k-goroutine corpus dump, and on dumps spliced from them.

use std::cell::Cell;

use proptest::prelude::*;

use crate::model::Document;
use crate::parse::pieces::testing::{
    assert_same_fingerprint, fingerprint, goroutine_texts, spliced, splices, the_100k_dump,
};
use crate::parse::{copied, parse_cow, Split};

use crate::parse::pieces::READ_IN_PIECES;

fn parse_split(text: &str, split: Split) -> Document {
    parse_cow(std::borrow::Cow::Borrowed(text), 1, split, copied)
}

/// Asserts the parse of `text` on `threads` (pieces of any size) equals the one-thread
/// parse; returns how many dumps were read in pieces.
fn assert_same(name: &str, text: &str, threads: usize, min_piece: usize) -> usize {
    let one = parse_split(text, Split::ONE);
    let before = READ_IN_PIECES.with(Cell::get);
    let many = parse_split(text, Split { threads, min_piece });
    let pieces = READ_IN_PIECES.with(Cell::get) - before;
    let (one, many) = (fingerprint(&one), fingerprint(&many));
    assert_same_fingerprint(&format!("{name} on 1 and {threads} threads"), &one, &many);
    pieces
}

#[test]
fn every_fixture_reads_the_same_in_pieces() {
    let texts = goroutine_texts();
    assert!(texts.len() > 50, "fixtures not found: {}", texts.len());
    let mut in_pieces = 0;
    for (name, text) in &texts {
        for threads in [2, 3, 5] {
            in_pieces += assert_same(name, text, threads, 1);
        }
    }
    // Many are cut; the others hold no goroutine dump with a blank line before a header
    // (debug=1 profiles, heap profiles, one-goroutine crashes) or must not be cut.
    assert!(
        in_pieces > texts.len() / 2,
        "{in_pieces} of {} cut",
        texts.len()
    );
}

#[test]
fn the_100k_goroutine_dump_reads_the_same_in_pieces() {
    let text = the_100k_dump();
    assert_eq!(
        assert_same("100k", &text, 3, super::MIN_PIECE),
        1,
        "not cut"
    );
}

/// Real dumps spliced ([`splices`]): the parse on 2–6 threads equals the one-thread parse.
#[test]
fn spliced_dumps_read_the_same_in_pieces() {
    use proptest::test_runner::{Config, TestRunner};
    let before = READ_IN_PIECES.with(Cell::get);
    let cases = 256;
    TestRunner::new(Config::with_cases(cases))
        .run(
            &(splices(), 2usize..7, any::<bool>()),
            |((first, stretches), threads, crlf)| {
                assert_same("splice", &spliced(&first, &stretches, crlf), threads, 1);
                Ok(())
            },
        )
        .unwrap();
    let cut = READ_IN_PIECES.with(Cell::get) - before;
    assert!(cut as u32 > cases / 4, "{cut} of {cases} splices cut");
}

proptest! {
    /// The vectorized count of line ends is the plain one, whatever the length (whole
    /// blocks of 128 bytes and a rest) and however dense the line ends.
    #[test]
    fn newlines_are_counted_exactly(bytes in prop::collection::vec(
        prop::sample::select(vec![b'\n', b'\n', b'a', b'\r', 0xff]), 0..1200)
    ) {
        let plain = bytes.iter().filter(|&&b| b == b'\n').count();
        prop_assert_eq!(crate::parse::count_newlines(&bytes), plain);
    }
}
