//! Standard output as Unix tools write it: a reader that goes away
//! (`incidents convert … -o - | head -1`) ends the output quietly, with
//! no "Broken pipe" and no panic.

use std::io::{self, Write};

/// The reader of standard output went away.
pub fn closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Prints `text` on standard output. A closed pipe is quiet; another
/// failure is said on standard error. False when the text did not all go out.
pub fn print(text: &str) -> bool {
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
