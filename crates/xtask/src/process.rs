//! Running other programs: echo the command, fail with a readable message.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::thread;

use crate::Result;

/// Describes `cmd` as a shell would show it.
pub fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `cmd` with inherited output; an unsuccessful exit is an error.
pub fn run(cmd: &mut Command) -> Result {
    let text = describe(cmd);
    eprintln!("$ {text}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{text}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{text}` failed ({status})"))
    }
}

/// Runs `cmd` and returns its standard output (stderr is inherited).
pub fn output(cmd: &mut Command) -> Result<String> {
    let text = describe(cmd);
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start `{text}`: {e}"))?;
    if !out.status.success() {
        return Err(format!("`{text}` failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What a tee'd run produced.
pub struct Teed {
    /// Whether the program exited successfully.
    pub success: bool,
    /// stdout and stderr, interleaved line by line as they arrived.
    pub text: String,
}

/// Runs `cmd`, echoing stdout and stderr live while also keeping them: test suites print
/// their counts there, and a person watching wants to see progress.
pub fn tee(cmd: &mut Command) -> Result<Teed> {
    let text = describe(cmd);
    eprintln!("$ {text}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{text}`: {e}"))?;
    let (sender, receiver) = std::sync::mpsc::channel::<String>();
    let readers: Vec<_> = [
        Box::new(child.stdout.take().expect("piped")) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().expect("piped")),
    ]
    .into_iter()
    .enumerate()
    .map(|(index, stream)| {
        let sender = sender.clone();
        thread::spawn(move || {
            for line in BufReader::new(stream)
                .lines()
                .map_while(std::io::Result::ok)
            {
                if index == 0 {
                    println!("{line}");
                } else {
                    eprintln!("{line}");
                }
                let _ = sender.send(line);
            }
        })
    })
    .collect();
    drop(sender);
    let mut collected = String::new();
    for line in receiver {
        collected.push_str(&line);
        collected.push('\n');
    }
    for reader in readers {
        let _ = reader.join();
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for `{text}`: {e}"))?;
    Ok(Teed {
        success: status.success(),
        text: collected,
    })
}
