//! Runs the real `incidents` binary in a pseudo-terminal and reads what a
//! person would see through the `vt100` terminal emulator.
//!
//! A reader thread feeds everything the program writes into one shared
//! emulator (and keeps the raw bytes too). Tests wait for the screen to
//! reach a state, with a deadline, instead of sleeping for a fixed time: on
//! a loaded machine a passing test is only as slow as the program, and a
//! failing one prints the screen it was looking at.

use std::io::{Read, Write};
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{
    native_pty_system, Child, CommandBuilder, ExitStatus, MasterPty, PtySize, SlavePty,
};

use super::BIN;

/// How long any one wait may take. Generous for a debug build on a busy
/// two-core machine; only a failing test ever waits this long.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// How often a wait for the process to exit looks again.
const EXIT_POLL: Duration = Duration::from_millis(20);

/// The terminal's line discipline settings (what `stty -g` prints), read
/// from the master side of the pty. On Linux a `tcgetattr` on the master
/// returns the slave's settings, which are the ones raw mode changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TtyMode {
    pub input_flags: u64,
    pub output_flags: u64,
    pub control_flags: u64,
    pub local_flags: u64,
    pub control_chars: Vec<u8>,
}

struct Output {
    parser: vt100::Parser,
    /// Every byte the program wrote, for asserting on escape sequences.
    raw: Vec<u8>,
    /// The reader saw end of file: the slave side is closed and drained.
    closed: bool,
}

struct Shared {
    output: Mutex<Output>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Output> {
        // A panicking test thread must not hide the screen from the next
        // assertion's message, so a poisoned lock is still read.
        self.output
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The binary running in a pseudo-terminal.
pub struct Pty {
    shared: Arc<Shared>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    /// Held open until [`Pty::drain`] so the terminal's settings can still
    /// be read after the program exits, and so end of file on the master
    /// means "everything has been read".
    slave: Option<Box<dyn SlavePty + Send>>,
    mode_before: Option<TtyMode>,
    /// The program's working directory (and data and config home).
    home: std::path::PathBuf,
}

impl Pty {
    /// Starts `incidents ARGS` in a `cols`x`rows` terminal.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Pty {
        Pty::spawn_env(args, &[], cols, rows)
    }

    /// Like [`Pty::spawn`], with extra environment variables.
    pub fn spawn_env(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mode_before = read_mode(&*pair.master);
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        // A data directory (review journals) and config of the test's own,
        // never the developer's; files the browser writes land there too.
        let home = super::temp_dir();
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("INCIDENTS_CONFIG", home.join("config.toml"));
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(&home);
        let cwd = home.clone();
        let child = pair
            .slave
            .spawn_command(cmd)
            .expect("start incidents in the pty");
        let mut reader = pair
            .master
            .try_clone_reader()
            .expect("a reader on the pty master");
        let writer = pair.master.take_writer().expect("a writer on the pty");
        let shared = Arc::new(Shared {
            output: Mutex::new(Output {
                // No scrollback: tests look at the visible screen only.
                parser: vt100::Parser::new(rows, cols, 0),
                raw: Vec::new(),
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let feed = Arc::clone(&shared);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let mut out = feed.lock();
                        out.parser.process(&buf[..n]);
                        out.raw.extend_from_slice(&buf[..n]);
                        drop(out);
                        feed.changed.notify_all();
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    // Linux reports a closed slave side as EIO.
                    Err(_) => break,
                }
            }
            feed.lock().closed = true;
            feed.changed.notify_all();
        });
        Pty {
            shared,
            child,
            writer,
            master: pair.master,
            slave: Some(pair.slave),
            mode_before,
            home: cwd,
        }
    }

    /// The directory the program runs in: files it writes land there.
    pub fn home(&self) -> &std::path::Path {
        &self.home
    }

    /// Types `keys` as if on the keyboard.
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .expect("write keys to the pty");
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a pid")
    }

    /// The visible screen as text, one line per row.
    pub fn contents(&self) -> String {
        self.shared.lock().parser.screen().contents()
    }

    /// Runs `f` on the emulator's screen as it is now.
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.shared.lock().parser.screen())
    }

    /// Everything the program has written so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.shared.lock().raw.clone()
    }

    /// Waits until `ready` holds for the screen; panics after [`DEADLINE`]
    /// showing the screen. Returns the screen's text at that moment.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> String {
        let deadline = Instant::now() + DEADLINE;
        let mut out = self.shared.lock();
        loop {
            if ready(out.parser.screen()) {
                return out.parser.screen().contents();
            }
            let now = Instant::now();
            if now >= deadline || out.closed {
                panic!(
                    "timed out waiting for {what}{}; the screen shows:\n{}",
                    if out.closed {
                        " (the program's output ended)"
                    } else {
                        ""
                    },
                    out.parser.screen().contents()
                );
            }
            out = self
                .shared
                .changed
                .wait_timeout(out, deadline - now)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }

    /// Waits until the screen shows `needle`; returns the screen's text.
    pub fn wait_for_text(&self, needle: &str) -> String {
        self.wait_for(&format!("{needle:?} on screen"), |s| {
            s.contents().contains(needle)
        })
    }

    /// Waits until the screen shows every one of `needles` at once (a frame
    /// is written top to bottom, so waiting for the first line of an overlay
    /// alone can catch it half drawn); returns the screen's text.
    pub fn wait_for_all(&self, needles: &[&str]) -> String {
        self.wait_for(&format!("all of {needles:?} on screen"), |s| {
            let text = s.contents();
            needles.iter().all(|n| text.contains(n))
        })
    }

    /// Waits for the program to exit, at most [`DEADLINE`].
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                return status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "the program did not exit within {DEADLINE:?}; the screen shows:\n{}",
                    self.contents()
                );
            }
            thread::sleep(EXIT_POLL);
        }
    }

    /// After the program exited: closes our end of the slave and waits
    /// until the reader has seen every byte the program wrote.
    pub fn drain(&mut self) {
        assert!(
            matches!(self.child.try_wait(), Ok(Some(_))),
            "drain() is for after the program exited"
        );
        self.slave = None;
        let deadline = Instant::now() + DEADLINE;
        let mut out = self.shared.lock();
        while !out.closed {
            let now = Instant::now();
            assert!(now < deadline, "the pty's output did not end");
            out = self
                .shared
                .changed
                .wait_timeout(out, deadline - now)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }

    /// Resizes the terminal (the emulator first, so the redraw that the
    /// program's SIGWINCH triggers lands on a screen of the new size).
    pub fn resize(&self, cols: u16, rows: u16) {
        self.shared.lock().parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// The terminal's settings now (None where the platform cannot say).
    pub fn tty_mode(&self) -> Option<TtyMode> {
        read_mode(&*self.master)
    }

    /// The terminal's settings before the program started.
    pub fn tty_mode_before(&self) -> Option<TtyMode> {
        self.mode_before.clone()
    }

    /// Sends a signal (`TERM`, `HUP`, `INT`...) to the program with the
    /// system's `kill` command.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed: {status}");
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed test must not leave the program running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Whether an executable `kill` is on PATH (the signal tests need it).
pub fn have_kill() -> bool {
    Command::new("kill")
        .arg("-l")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn read_mode(master: &dyn MasterPty) -> Option<TtyMode> {
    let t = master.get_termios()?;
    Some(TtyMode {
        input_flags: u64::from(t.input_flags.bits()),
        output_flags: u64::from(t.output_flags.bits()),
        control_flags: u64::from(t.control_flags.bits()),
        local_flags: u64::from(t.local_flags.bits()),
        control_chars: t.control_chars.to_vec(),
    })
}
