//! The external extractor: a user's own NLP model or LLM script, run as a
//! command that reads documents (format-v1 JSON Lines) on its standard
//! input and writes incident records on its standard output. Its output is
//! validated like any dataset, with errors naming the command and the line
//! of its output.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::dataset::{load_bytes, Diagnostic, Loaded, Location};

/// The most output read from a command: it is held in memory and parsed.
pub const MAX_OUTPUT_BYTES: u64 = 1 << 30;

/// How much of a command's standard error is kept (its end).
pub const STDERR_TAIL_BYTES: usize = 64 * 1024;

/// How often a running command is checked for Ctrl-C.
const POLL: Duration = Duration::from_millis(50);

/// A command line split into a program and its arguments, never run
/// through a shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalExtractor {
    command_line: String,
    program: String,
    args: Vec<String>,
}

/// Why a command gave no output to read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExternalError {
    /// The program was not found (its name).
    #[error("extractor `{0}`: command not found")]
    NotFound(String),
    /// It exited unsuccessfully; the end of its standard error.
    #[error("extractor `{command}` failed ({status}){}", stderr_note(stderr))]
    Failed {
        command: String,
        status: String,
        stderr: String,
    },
    /// It wrote more than [`MAX_OUTPUT_BYTES`].
    #[error("extractor `{command}`: wrote more than {} MiB of output; stopped", MAX_OUTPUT_BYTES >> 20)]
    OutputTooLarge { command: String },
    /// Stopped by Ctrl-C.
    #[error("extractor stopped (Ctrl-C)")]
    Cancelled,
    /// Starting it or talking to it failed.
    #[error("{0}")]
    Io(String),
}

/// How a failed command's standard error ends its message.
fn stderr_note(stderr: &str) -> String {
    if stderr.trim().is_empty() {
        " and wrote nothing to its standard error".to_string()
    } else {
        format!("; its standard error:\n{}", stderr.trim_end())
    }
}

impl ExternalExtractor {
    /// Splits `command_line` into words like a POSIX shell ('..', "..",
    /// backslash; `#` starts a comment), without running one.
    pub fn parse(command_line: &str) -> Result<ExternalExtractor, String> {
        let words = shlex::split(command_line).ok_or_else(|| {
            format!("extractor `{command_line}`: unbalanced quotes or a trailing backslash")
        })?;
        let mut words = words.into_iter();
        let program = words
            .next()
            .filter(|p| !p.is_empty())
            .ok_or_else(|| "extractor: the command is empty".to_string())?;
        Ok(ExternalExtractor {
            command_line: command_line.trim().to_string(),
            program,
            args: words.collect(),
        })
    }

    pub fn program(&self) -> &str {
        &self.program
    }

    pub fn args(&self) -> &[String] {
        &self.args
    }

    /// `extractor `CMD ARGS``, cleaned for the terminal: what diagnostics
    /// from [`load_output`] are rendered with.
    pub fn label(&self) -> String {
        let (command, _) = crate::dataset::sanitize::clean_inline(&self.command_line);
        format!("extractor `{command}`")
    }

    /// Runs the command with `documents_jsonl` on its standard input and
    /// returns its standard output. Checks `cancel` every 50 ms and, once
    /// set, kills the command's whole process group (a script's children
    /// hold the pipes too) and reaps it.
    pub fn run(
        &self,
        documents_jsonl: &[u8],
        cancel: &AtomicBool,
    ) -> Result<Vec<u8>, ExternalError> {
        let command_line = self.command_line.clone();
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own group: killing the group stops what it started, and
            // Ctrl-C at the terminal reaches us, which stop it ourselves.
            .process_group(0);
        let mut child = command.spawn().map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => ExternalError::NotFound(self.program.clone()),
            _ => ExternalError::Io(format!("extractor `{command_line}`: cannot start: {e}")),
        })?;
        let io_error =
            |what: &str| ExternalError::Io(format!("extractor `{command_line}`: {what}"));
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| io_error("no stdin pipe"))?;
        let mut stdout = child
            .stdout
            .take()
            .ok_or_else(|| io_error("no stdout pipe"))?;
        let stderr = child
            .stderr
            .take()
            .ok_or_else(|| io_error("no stderr pipe"))?;

        // Readers own their pipes and are not waited for after a kill, so
        // a process that escaped the group cannot keep us here.
        let (done_tx, done_rx) = mpsc::channel::<Pipe>();
        let out_tx = done_tx.clone();
        let out_reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            let r = (&mut stdout)
                .take(MAX_OUTPUT_BYTES + 1)
                .read_to_end(&mut out);
            let overflow = out.len() as u64 > MAX_OUTPUT_BYTES;
            let _ = out_tx.send(Pipe::Stdout { overflow });
            r.map(|_| out)
        });
        let err_reader = std::thread::spawn(move || {
            let tail = read_tail(stderr);
            let _ = done_tx.send(Pipe::Stderr);
            tail
        });

        std::thread::scope(|scope| {
            // A separate writer: a command that writes much before reading
            // all its input cannot deadlock us.
            let writer = scope.spawn(move || feed(stdin, documents_jsonl));
            let stop = supervise(&mut child, &done_rx, cancel);
            let fed = writer.join();
            match stop {
                Stop::Cancelled => return Err(ExternalError::Cancelled),
                Stop::TooLarge => {
                    return Err(ExternalError::OutputTooLarge {
                        command: command_line.clone(),
                    })
                }
                Stop::WaitFailed(e) => return Err(io_error(&format!("waiting for it: {e}"))),
                Stop::Exited(status) if !status.success() => {
                    let stderr = err_reader.join().unwrap_or_default();
                    return Err(ExternalError::Failed {
                        command: command_line.clone(),
                        status: describe(status),
                        stderr,
                    });
                }
                Stop::Exited(_) => {}
            }
            match fed {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(io_error(&format!("writing its input: {e}"))),
                Err(_) => return Err(io_error("the input writer panicked")),
            }
            match out_reader.join() {
                Ok(Ok(out)) => Ok(out),
                Ok(Err(e)) => Err(io_error(&format!("reading its output: {e}"))),
                Err(_) => Err(io_error("the output reader panicked")),
            }
        })
    }
}

enum Pipe {
    Stdout { overflow: bool },
    Stderr,
}

enum Stop {
    Exited(ExitStatus),
    Cancelled,
    TooLarge,
    WaitFailed(io::Error),
}

/// Waits for the command to exit and both its pipes to close, checking
/// `cancel` as it goes.
fn supervise(child: &mut Child, done: &mpsc::Receiver<Pipe>, cancel: &AtomicBool) -> Stop {
    let mut open = 2;
    let mut status = None;
    loop {
        if cancel.load(Ordering::Relaxed) {
            kill(child);
            return Stop::Cancelled;
        }
        match done.recv_timeout(POLL) {
            Ok(Pipe::Stdout { overflow: true }) => {
                kill(child);
                return Stop::TooLarge;
            }
            Ok(_) => open -= 1,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => open = 0,
        }
        if status.is_none() {
            match child.try_wait() {
                Ok(s) => status = s,
                Err(e) => {
                    kill(child);
                    return Stop::WaitFailed(e);
                }
            }
        }
        if let (Some(s), 0) = (status, open) {
            return Stop::Exited(s);
        }
    }
}

/// Kills the child's process group (it leads it) and reaps the child.
fn kill(child: &mut Child) {
    // std can only signal one process; `kill` reaches the group.
    let group = format!("-{}", child.id());
    let killed_group = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !killed_group {
        let _ = child.kill();
    }
    let _ = child.wait();
}

/// Writes the input; a command that closes its input early is not an
/// error here (its exit status decides).
fn feed(mut stdin: std::process::ChildStdin, input: &[u8]) -> io::Result<()> {
    match stdin.write_all(input) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// The last [`STDERR_TAIL_BYTES`] of a pipe, as text.
fn read_tail(mut pipe: impl Read) -> String {
    let mut kept: Vec<u8> = Vec::new();
    let mut cut = false;
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > 2 * STDERR_TAIL_BYTES {
                    kept.drain(..kept.len() - STDERR_TAIL_BYTES);
                    cut = true;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    if kept.len() > STDERR_TAIL_BYTES {
        kept.drain(..kept.len() - STDERR_TAIL_BYTES);
        cut = true;
    }
    // Start at a character boundary.
    let start = if cut {
        kept.iter()
            .position(|b| (b & 0xC0) != 0x80)
            .unwrap_or(kept.len())
    } else {
        0
    };
    let text = String::from_utf8_lossy(&kept[start..]);
    let cleaned = crate::dataset::sanitize::clean_text(&text).text;
    if cut {
        format!("…{cleaned}")
    } else {
        cleaned
    }
}

fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        _ => status.to_string(),
    }
}

/// Validates a command's `output` like any dataset, with the documents it
/// was given: every diagnostic names the line of the output (or of the
/// input documents) in its message, at [`Location::File`], so rendering it
/// with [`ExternalExtractor::label`] gives
/// `extractor `CMD`: error: output line 3: ...`.
///
/// Output lines are incident records; a JSON object without `"type"` is
/// taken as an incident (that is what the command's output is for).
/// Document records identical to one it was given are skipped; other
/// document records are read like any.
pub fn load_output(label: &str, documents_jsonl: &[u8], output: &[u8]) -> Loaded {
    let mut combined = Vec::with_capacity(documents_jsonl.len() + output.len() + 64);
    combined.extend_from_slice(documents_jsonl);
    if !combined.is_empty() && !combined.ends_with(b"\n") {
        combined.push(b'\n');
    }
    let input_lines = memchr::memchr_iter(b'\n', &combined).count();
    let output = output.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(output);

    let mut own_errors = Vec::new();
    let mut inputs: Option<HashMap<String, Value>> = None;
    // Whether a line that makes the whole text JSON Lines came first.
    let mut typed_seen = documents_jsonl.iter().any(|b| !b.is_ascii_whitespace());
    let mut records = 0usize;
    let mut incident_lines = 0usize;
    let lines = output.split_inclusive(|&b| b == b'\n');
    for (n, raw) in lines.enumerate() {
        let line_no = n + 1;
        let line = trim_end(raw);
        if line.iter().all(u8::is_ascii_whitespace) {
            combined.push(b'\n');
            continue;
        }
        records += 1;
        let has_type_word = memchr::memmem::find(line, b"\"type\"").is_some();
        if !has_type_word {
            if let Ok(map) = serde_json::from_slice::<Map<String, Value>>(line) {
                if !map.contains_key("type") {
                    incident_lines += 1;
                    typed_seen = true;
                    push_typed(&mut combined, line);
                    continue;
                }
            }
        } else if let Ok(head) = serde_json::from_slice::<Head>(line) {
            if head.kind.as_deref() == Some("document") {
                let inputs = inputs.get_or_insert_with(|| index_documents(documents_jsonl));
                let echoed = head
                    .id
                    .as_ref()
                    .and_then(Value::as_str)
                    .and_then(|id| inputs.get(id))
                    .is_some_and(|given| {
                        serde_json::from_slice::<Value>(line).is_ok_and(|v| &v == given)
                    });
                if echoed {
                    records -= 1;
                    combined.push(b'\n');
                    continue;
                }
            } else {
                incident_lines += 1;
            }
        }
        if !typed_seen {
            // The loader decides the format by the first record: a line
            // that is not one would make it read the whole text as JSON.
            let lossy = String::from_utf8_lossy(line);
            match serde_json::from_str::<Map<String, Value>>(&lossy) {
                Ok(m) if m.contains_key("type") => typed_seen = true,
                Ok(_) => {}
                Err(e) => {
                    own_errors.push(Diagnostic::error(
                        Location::File,
                        format!(
                            "output line {line_no}{}: malformed JSON: {}",
                            column(e.column()),
                            strip_position(&e.to_string())
                        ),
                    ));
                    combined.push(b'\n');
                    continue;
                }
            }
            if !typed_seen {
                own_errors.push(Diagnostic::error(
                    Location::File,
                    format!("output line {line_no}: a JSONL line must hold a JSON object"),
                ));
                combined.push(b'\n');
                continue;
            }
        }
        combined.extend_from_slice(line);
        combined.push(b'\n');
    }

    let mut loaded = if combined.iter().all(u8::is_ascii_whitespace) {
        let mut l = Loaded::default();
        l.dataset.name = label.to_string();
        l
    } else {
        load_bytes(label, &combined)
    };
    let rejected_here = own_errors.len();
    loaded.records_read += rejected_here;
    loaded.rejected += rejected_here;
    let errors = std::mem::take(&mut loaded.errors);
    loaded.errors = own_errors;
    loaded
        .errors
        .extend(errors.into_iter().map(|d| relocate(d, input_lines)));
    let shift = |line: &mut Option<std::num::NonZeroU32>| {
        if let Some(l) = *line {
            let l = l.get() as usize;
            if l > input_lines {
                *line = crate::dataset::line_number(l - input_lines);
            }
        }
    };
    for i in &mut loaded.dataset.incidents {
        shift(&mut i.line);
    }
    for d in &mut loaded.dataset.documents {
        shift(&mut d.line);
    }
    if incident_lines == 0 && records == 0 {
        loaded
            .dataset
            .warnings
            .push("extractor produced no incidents");
    }
    loaded
}

#[derive(serde::Deserialize)]
struct Head {
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<Value>,
}

fn index_documents(documents_jsonl: &[u8]) -> HashMap<String, Value> {
    documents_jsonl
        .split(|&b| b == b'\n')
        .filter_map(|l| serde_json::from_slice::<Value>(trim_end(l)).ok())
        .filter_map(|v| {
            let id = v.get("id")?.as_str()?.to_string();
            Some((id, v))
        })
        .collect()
}

/// `line` (an object with no `"type"`) with `"type":"incident"` first.
fn push_typed(combined: &mut Vec<u8>, line: &[u8]) {
    let start = line.iter().position(|&b| b == b'{').unwrap_or(0);
    let rest = &line[start + 1..];
    combined.extend_from_slice(b"{\"type\":\"incident\"");
    let empty = rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'}');
    if !empty {
        combined.push(b',');
    }
    combined.extend_from_slice(rest);
    combined.push(b'\n');
}

/// Names the line in the message: of the output, or of the documents.
fn relocate(d: Diagnostic, input_lines: usize) -> Diagnostic {
    match d.location {
        Location::Position { line, column: col } => {
            let place = if line > input_lines {
                format!("output line {}", line - input_lines)
            } else {
                format!("input documents line {line}")
            };
            Diagnostic {
                severity: d.severity,
                location: Location::File,
                message: format!("{place}{}: {}", column(col), d.message),
            }
        }
        _ => d,
    }
}

fn column(col: usize) -> String {
    if col > 1 {
        format!(", column {col}")
    } else {
        String::new()
    }
}

fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

fn trim_end(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}

#[cfg(test)]
#[path = "external_tests.rs"]
mod tests;
