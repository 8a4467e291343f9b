//! Bytes → text: what a dump looked like before someone pasted it. Byte-order marks and
//! UTF-16 ([`encoding`]), HTML escapes and no-break spaces of a web copy ([`web_copy`]),
//! a terminal's escape sequences ([`terminal`]), a dump escaped into one line
//! ([`escaped_lines`]),
//! log prefixes on every line ([`prefix`], [`learned_prefix`], [`structured_line`]) and
//! their timestamps ([`log_time`]). Every cleaned line keeps its input line number.
//! [`go_string`] decodes the Go- and JSON-quoted strings of log records and pprof labels.
//!
//! Nothing here knows what a dump is made of, only how its first line begins
//! ([`dump_start`], which `parse` asks too); `parse` reads the cleaned text.

pub mod archive;
pub mod binary;
pub mod dump_start;
pub mod encoding;
pub mod escaped_lines;
pub mod go_string;
pub mod layout;
pub mod learned_prefix;
pub mod log_time;
pub mod prefix;
pub mod structured_line;
pub mod terminal;
pub mod web_copy;
