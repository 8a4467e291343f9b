//! Text → model. One [`Cursor`] walks the input line by line; [`parse_document`] looks at
//! each line, recognises where a dump starts, and hands the cursor to that dump's parser,
//! which consumes lines until its dump ends (or another dump starts).
//!
//! Sub-parsers never panic on input: a line they cannot read becomes a [`Diagnostic`] with
//! its line number, and parsing goes on.

pub mod contention;
pub mod frame_comment;
pub mod goroutine;
pub mod heap;
pub mod memstats;
pub mod profile_bounds;
pub mod threadcreate;

use crate::model::{Diagnostic, Document};

/// One input line, without its line terminator (`\n` or `\r\n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the input.
    pub number: usize,
    /// The line's text.
    pub text: &'a str,
}

/// A forward-only reader of lines with one line of look-ahead.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    rest: &'a str,
    next_number: usize,
    peeked: Option<Line<'a>>,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `input`.
    pub fn new(input: &'a str) -> Self {
        Cursor {
            rest: input,
            next_number: 1,
            peeked: None,
        }
    }

    /// The next line without consuming it.
    pub fn peek(&mut self) -> Option<Line<'a>> {
        if self.peeked.is_none() {
            self.peeked = self.read();
        }
        self.peeked
    }

    /// Consumes and returns the next line.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Line<'a>> {
        match self.peeked.take() {
            Some(line) => Some(line),
            None => self.read(),
        }
    }

    fn read(&mut self) -> Option<Line<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let (text, rest) = match memchr::memchr(b'\n', self.rest.as_bytes()) {
            Some(i) => (&self.rest[..i], &self.rest[i + 1..]),
            None => (self.rest, ""),
        };
        self.rest = rest;
        let number = self.next_number;
        self.next_number += 1;
        Some(Line {
            number,
            text: text.strip_suffix('\r').unwrap_or(text),
        })
    }
}

/// Parses every dump found in `input`.
pub fn parse_document(input: &str) -> Document {
    let mut doc = Document::default();
    let mut cursor = Cursor::new(input);
    while let Some(line) = cursor.peek() {
        let text = line.text.trim();
        if text.is_empty() {
            cursor.next();
            continue;
        }
        if let Some(profile) = heap::try_parse(&mut cursor, &mut doc.frames) {
            doc.profiles.push(profile);
            continue;
        }
        if let Some(profile) = goroutine::try_parse(&mut cursor, &mut doc.frames) {
            doc.profiles.push(profile);
            continue;
        }
        cursor.next();
        doc.diagnostics.push(Diagnostic {
            line: line.number,
            message: "not part of any Go dump".to_owned(),
        });
    }
    doc
}
