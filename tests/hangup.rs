//! A browser whose terminal goes away (its window closed, an ssh link
//! dropped) must exit, even when no SIGHUP reaches it: it runs here in a
//! session of its own (`setsid`), so closing the terminal only ends its
//! input. crossterm's default event source spun forever on that end of
//! file at full CPU; this test failed before the fix.

mod common;

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

/// The pid of the process whose command line holds `marker`.
fn find_process(marker: &str) -> Option<u32> {
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        if cmdline.contains(marker)
            && cmdline.contains("incidents")
            && !cmdline.starts_with("setsid")
        {
            return Some(pid);
        }
    }
    None
}

fn alive(pid: u32) -> bool {
    // A zombie has exited; only its parent has not collected it yet.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            !s.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(false)
}

#[test]
fn the_browser_exits_when_its_terminal_closes() {
    let Some(setsid) = ["/usr/bin/setsid", "/bin/setsid"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        eprintln!("note: no setsid program; skipping the hang-up test");
        return;
    };
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
    let mut cmd = CommandBuilder::new(setsid);
    cmd.args([common::BIN, "--reviews", &marker]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("INCIDENTS_CONFIG", home.join("config.toml"));
    cmd.cwd(&home);
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    let mut reader = pair.master.try_clone_reader().expect("reader");
    // Wait for the first frame.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("Incidents") {
        assert!(Instant::now() < deadline, "no first frame");
        let n = reader.read(&mut buf).expect("read the pty");
        seen.extend_from_slice(&buf[..n]);
    }
    let pid = find_process(&marker).expect("the browser's pid");
    // Close the terminal: no signal is sent to the browser's own session.
    drop(reader);
    drop(pair);
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(pid) {
        if Instant::now() > deadline {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
            panic!("the browser is still running 10 s after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.wait();
}
