//! A browser whose terminal goes away (its window closed, an ssh link
//! dropped) must exit. Closing the terminal sends SIGHUP and ends the
//! input; crossterm's default event source then spun forever on that end
//! of file at full CPU and never returned to the loop that checks the
//! signal, so the browser never exited. (An earlier form of this test, with
//! the browser in a session of its own, was run against the unfixed code and
//! failed; it was itself racy under load, so it was replaced by this one.)

use crate::common;

use std::io::Read;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

#[test]
fn the_browser_exits_when_its_terminal_closes() {
    let home = common::temp_dir();
    let journal = home.join("hangup-journal.jsonl");
    let marker = journal.to_str().expect("utf-8 path").to_string();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(common::BIN);
    cmd.args(["--reviews", &marker]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("INCIDENTS_CONFIG", home.join("config.toml"));
    cmd.cwd(&home);
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    // Only the browser holds the terminal's other side now, so its exit
    // ends our reads instead of leaving them blocked.
    drop(pair.slave);
    let master = pair.master;
    let mut reader = master.try_clone_reader().expect("reader");
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    // Wait for the first frame, with a deadline (reads happen on the thread).
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("Incidents") {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(chunk) => seen.extend_from_slice(&chunk),
            Err(_) => panic!(
                "no first frame within 20 s; the browser wrote: {:?}",
                String::from_utf8_lossy(&seen)
            ),
        }
    }
    let pid = child.process_id().expect("the browser's pid");
    // Close the terminal.
    drop(rx);
    drop(master);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if Instant::now() > deadline {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
            panic!("the browser is still running 10 s after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
