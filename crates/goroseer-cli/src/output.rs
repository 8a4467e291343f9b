//! Standard output that a closed pipe ends quietly: `goroseer dump.txt | head` must not
//! panic the way `println!` does when `head` has read enough.

use std::io::{ErrorKind, Write};

/// Writes `args` to standard output; exits 0 when the reader has gone away.
pub fn emit(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("goroseer: writing output: {e}");
        std::process::exit(1);
    }
}

/// Prints `value` as pretty JSON when `json`, else the text `render` makes; `command`
/// (`goroseer diff`) prefixes an error.
pub fn json_or_text<T: serde::Serialize>(
    command: &str,
    json: bool,
    value: &T,
    render: impl FnOnce(&T) -> String,
) -> std::process::ExitCode {
    if !json {
        emit(format_args!("{}", render(value)));
        return std::process::ExitCode::SUCCESS;
    }
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            emit(format_args!("{text}\n"));
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{command}: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

/// `print!` through [`emit`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::emit(format_args!($($arg)*)) };
}

/// `println!` through [`emit`].
macro_rules! outln {
    () => { $crate::output::emit(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::emit(format_args!("{}\n", format_args!($($arg)*))) };
}

pub(crate) use {out, outln};
