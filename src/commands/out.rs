//! Standard output as Unix tools write it: a reader that goes away
//! (`incidents convert … -o - | head -1`) ends the output quietly, with
//! no "Broken pipe" and no panic.

use std::io::{self, Write};

use crate::dataset::sanitize::escaped;

/// The reader of standard output went away.
pub fn closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Prints a message line on standard error, with anything from outside
/// that could drive the terminal shown escaped.
pub fn say(message: &str) {
    eprintln!("{}", escaped(message));
}

/// [`say`] without the line break.
pub fn say_part(message: &str) {
    eprint!("{}", escaped(message));
}

/// Prints `text` on standard output, escaped as [`say`] is (a report names
/// files; dataset text in it is clean already, so nothing else changes). A
/// closed pipe is quiet; another failure is said on standard error. False
/// when the text did not all go out.
pub fn print(text: &str) -> bool {
    let text = escaped(text);
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if closed_pipe(&e) => false,
        Err(e) => {
            eprintln!("incidents: cannot write to standard output: {e}");
            false
        }
    }
}
