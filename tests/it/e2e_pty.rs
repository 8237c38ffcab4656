//! End to end: the real binary in a pseudo-terminal, read through a
//! terminal emulator, asserting what a person at the terminal would see,
//! and that the terminal is given back as it was found (quit, Ctrl-C,
//! SIGTERM, SIGHUP, SIGINT).

use crate::common;

use crate::common::pty::{have_kill, Pty};
use vt100::MouseProtocolMode;

/// The status line of the sample, first incident selected. Its presence
/// means the first frame is complete (the status line is drawn last).
const SAMPLE_FIRST_FRAME: &str = "1/46";

fn browse_sample(cols: u16, rows: u16) -> Pty {
    let pty = Pty::spawn(&[], cols, rows);
    pty.wait_for_all(&["Killed/wounded by province", SAMPLE_FIRST_FRAME]);
    pty
}

/// While the browser runs, the terminal is in raw mode on the alternate
/// screen. Checking this first proves the restore checks below can fail.
fn assert_browser_owns_terminal(pty: &Pty) {
    pty.wait_for("the alternate screen", vt100::Screen::alternate_screen);
    if let (Some(before), Some(now)) = (pty.tty_mode_before(), pty.tty_mode()) {
        assert_ne!(
            before, now,
            "the terminal mode did not change while the browser runs (raw mode)"
        );
    }
}

/// After exit: the main screen, cursor shown, no mouse reporting, and the
/// terminal's line settings exactly as before the program started (raw mode
/// off: echo and line editing back), read from the pty like `stty -g`.
fn assert_terminal_restored(pty: &mut Pty) {
    assert_terminal_restored_after(pty, false);
}

/// Checks the terminal is as before start; `panicked` says a panic was
/// expected (it must not be there otherwise).
fn assert_terminal_restored_after(pty: &mut Pty, panicked: bool) {
    // Settings first: reading them needs the slave side still open.
    match (pty.tty_mode_before(), pty.tty_mode()) {
        (Some(before), Some(after)) => assert_eq!(
            before, after,
            "the terminal mode after exit differs from before start"
        ),
        _ => eprintln!("note: this platform cannot read the pty's mode; checked the screen only"),
    }
    pty.drain();
    pty.with_screen(|s| {
        assert!(
            !s.alternate_screen(),
            "still on the alternate screen after exit"
        );
        assert!(!s.hide_cursor(), "the cursor is still hidden after exit");
        assert_eq!(
            s.mouse_protocol_mode(),
            MouseProtocolMode::None,
            "mouse reporting is still on after exit"
        );
    });
    let raw = pty.raw_output();
    let shown = String::from_utf8_lossy(&raw);
    assert_eq!(
        shown.contains("panicked"),
        panicked,
        "panic expected: {panicked}; the output:\n{shown}"
    );
}

#[test]
fn browses_the_sample_moves_opens_help_and_quits_cleanly() {
    let mut pty = browse_sample(120, 40);
    let screen = pty.wait_for_text("Killed/wounded by province");
    for visible in ["Date", "Province", "Location", "Killed", "Detail", "?:help"] {
        assert!(
            screen.contains(visible),
            "{visible:?} not on the first screen:\n{screen}"
        );
    }
    assert!(screen.contains("46 incidents"), "status line:\n{screen}");
    assert_browser_owns_terminal(&pty);

    pty.send("jj");
    pty.wait_for_text("3/46");

    pty.send("?");
    // The overlay lists keys with what they do; waiting for all of them
    // is the assertion (a missing one fails with the screen shown). The
    // status line says "q:quit" too, so quit is looked for beside its keys.
    let entries = [
        ("Home g", "first row"),
        ("n", "next evidence span"),
        ("? F1", "show or hide this help"),
        ("Esc", "close the help"),
        ("q Ctrl-c", "quit"),
    ];
    pty.wait_for("the help overlay listing keys", |s| {
        let text = s.contents();
        text.contains("Esc, ? or q to close")
            && entries.iter().all(|(keys, what)| {
                let keys = format!("│ {keys} ");
                text.lines().any(|l| l.contains(&keys) && l.contains(what))
            })
    });
    pty.send("\x1b");
    // The overlay fills the screen now that it lists the chart keys: its
    // title can be gone while the rest of the frame is still arriving, so
    // the whole closed frame is waited for (the selection kept: 3/46).
    pty.wait_for("help to close, the selection kept", |s| {
        let text = s.contents();
        !text.contains("Esc, ? or q to close")
            && !text.contains("close the help")
            && text.contains("3/46")
    });

    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_terminal_restored(&mut pty);
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let mut pty = browse_sample(100, 30);
    assert_browser_owns_terminal(&pty);
    pty.send("\x03");
    let status = pty.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_terminal_restored(&mut pty);
}

#[test]
fn n_jumps_to_the_first_evidence_span() {
    let mut pty = browse_sample(120, 40);
    pty.send("n");
    let screen = pty.wait_for_text("evidence 1/");
    let title = screen
        .lines()
        .find(|l| l.contains("evidence 1/"))
        .expect("the detail title line");
    assert!(title.contains("Detail"), "not the detail title: {title}");
    pty.send("q");
    assert!(pty.wait_exit().success());
}

fn signal_restores_the_terminal(signal: &str) {
    if !have_kill() {
        eprintln!("note: no `kill` command on PATH; skipping the SIG{signal} test");
        return;
    }
    let mut pty = browse_sample(120, 40);
    assert_browser_owns_terminal(&pty);
    pty.signal(signal);
    let status = pty.wait_exit();
    // Like a shell, 128 + the signal's number, so a script can tell an
    // interrupted run from a normal quit.
    assert_eq!(
        status.exit_code(),
        128 + signal_number(signal),
        "SIG{signal}: {status:?}"
    );
    assert_terminal_restored(&mut pty);
}

fn signal_number(signal: &str) -> u32 {
    match signal {
        "HUP" => 1,
        "INT" => 2,
        "QUIT" => 3,
        "USR1" => 10,
        "USR2" => 12,
        "ALRM" => 14,
        "TERM" => 15,
        other => panic!("no number for SIG{other}"),
    }
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal("QUIT");
}

#[test]
fn sigusr1_restores_the_terminal() {
    signal_restores_the_terminal("USR1");
}

#[test]
fn sigusr2_restores_the_terminal() {
    signal_restores_the_terminal("USR2");
}

#[test]
fn sigalrm_restores_the_terminal() {
    signal_restores_the_terminal("ALRM");
}

/// A signal while a large file loads behind the gauge: the exit status
/// names that signal (143, 129), not Ctrl-C's 130.
fn signal_while_loading(signal: &str) {
    if !have_kill() {
        eprintln!("note: no `kill` command on PATH; skipping the SIG{signal} test");
        return;
    }
    let path = common::temp_file("signalled.jsonl", three_thousand_incidents().as_bytes());
    let path = path.to_str().expect("utf-8 path");
    let mut pty = Pty::spawn_env(
        &[path],
        &[
            ("INCIDENTS_BACKGROUND_LOAD_BYTES", "1000000"),
            (incidents::tui::SLOW_LOAD_TEST_ENV, "1500"),
        ],
        120,
        40,
    );
    pty.wait_for_text("so far");
    pty.signal(signal);
    let status = pty.wait_exit();
    assert_eq!(
        status.exit_code(),
        128 + signal_number(signal),
        "SIG{signal} while loading: {status:?}"
    );
    assert_terminal_restored(&mut pty);
}

#[test]
fn sigterm_while_loading_exits_143() {
    signal_while_loading("TERM");
}

#[test]
fn sighup_while_loading_exits_129() {
    signal_while_loading("HUP");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP");
}

#[test]
fn sigint_restores_the_terminal() {
    signal_restores_the_terminal("INT");
}

#[test]
fn a_tiny_terminal_says_so_and_a_resize_redraws_the_browser() {
    let mut pty = Pty::spawn(&[], 20, 6);
    pty.wait_for_text("Terminal too small");
    pty.resize(120, 40);
    let screen = pty.wait_for_text("Killed/wounded by province");
    assert!(
        !screen.contains("Terminal too small"),
        "the message stayed after the resize:\n{screen}"
    );
    pty.wait_for_text(SAMPLE_FIRST_FRAME);
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_terminal_restored(&mut pty);
}

#[test]
fn malformed_json_is_reported_without_entering_the_alternate_screen() {
    // Line 3 lacks the comma after "id".
    let path = common::temp_file(
        "broken.json",
        b"{\n  \"incidents\": [\n    {\"id\": \"a\" \"killed\": 1}\n  ]\n}\n",
    );
    let path_text = path.to_str().expect("a UTF-8 temp path");
    let mut pty = Pty::spawn(&[path_text], 120, 40);
    let status = pty.wait_exit();
    assert!(!status.success(), "exit status {status:?}");
    pty.drain();
    let raw = pty.raw_output();
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains(&format!("{path_text}:3:")) && text.contains(": error: malformed JSON"),
        "no PATH:LINE:COL: error: message in:\n{text}"
    );
    assert!(
        !text.contains("\x1b[?1049h"),
        "entered the alternate screen for a file it cannot open:\n{text:?}"
    );
    pty.with_screen(|s| assert!(!s.alternate_screen()));
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn a_panic_restores_the_terminal_and_says_what_happened() {
    let mut pty = Pty::spawn_env(&[], &[("INCIDENTS_TEST_PANIC", "1")], 120, 40);
    let status = pty.wait_exit();
    assert!(!status.success(), "a panic must not look like success");
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(
        raw.contains("\u{1b}[?1049h"),
        "it did enter the alternate screen"
    );
    assert!(
        raw.contains("panicking after the first frame"),
        "the panic message reaches the user"
    );
    assert_terminal_restored_after(&mut pty, true);
}

#[test]
fn print_selected_works_as_a_picker() {
    let mut pty = Pty::spawn(&["--print-selected"], 120, 40);
    pty.wait_for_text(SAMPLE_FIRST_FRAME);
    pty.send("jy");
    let status = pty.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_terminal_restored(&mut pty);
    // After the terminal is restored, the pick is printed: one JSON line.
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    let after = raw.rsplit("\u{1b}[?1049l").next().unwrap_or("");
    let json = after
        .find('{')
        .map(|i| after[i..].lines().next().unwrap_or(""))
        .unwrap_or_else(|| panic!("no JSON after the screen was restored: {after:?}"));
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("valid JSON");
    assert_eq!(v["id"], "inc-002", "the second incident was picked");
    assert_eq!(v["review"]["status"], "unreviewed");

    // Quitting without picking is exit status 1, like fzf.
    let mut pty = Pty::spawn(&["--print-selected"], 120, 40);
    pty.wait_for_text(SAMPLE_FIRST_FRAME);
    pty.send("q");
    assert_eq!(pty.wait_exit().exit_code(), 1);
}

/// 3,000 incidents in Kirkuk (located at `Loc0`, `Loc1`...), each with an
/// article of its own: about 1.5 MB of JSON Lines.
fn three_thousand_incidents() -> String {
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "{{\"type\": \"document\", \"id\": \"d{i}\", \"text\": \"{}\"}}\n",
            "Gunmen attacked a checkpoint near Kirkuk, killing two soldiers. ".repeat(6)
        ));
        text.push_str(&format!(
            "{{\"type\": \"incident\", \"id\": \"i{i}\", \"date\": \"2021-03-04\", \"province\": \"Kirkuk\", \"location\": \"Loc{i}\", \"killed\": 2, \"sources\": [{{\"document\": \"d{i}\"}}]}}\n"
        ));
    }
    text
}

#[test]
fn the_list_can_be_used_while_a_large_file_loads() {
    // 3,000 incidents, one document each: the loader shares the first
    // 2,048 at line 4,096, then pauses (a test setting) so the screen is
    // looked at while the file is still loading, and again when the
    // evidence checks begin.
    let path = common::temp_file("arriving.jsonl", three_thousand_incidents().as_bytes());
    let path = path.to_str().expect("utf-8 path");
    let mut pty = Pty::spawn_env(
        &[path],
        &[
            ("INCIDENTS_BACKGROUND_LOAD_BYTES", "1000000"),
            (incidents::tui::SLOW_LOAD_TEST_ENV, "1500"),
        ],
        120,
        40,
    );
    // The rows read so far are listed, with their running totals.
    let screen = pty.wait_for("rows while loading", |s| {
        let text = s.contents();
        text.contains("so far") && text.contains("Loc0") && text.contains("Kirkuk 4096/0")
    });
    assert!(screen.contains("Incidents 2,048 so far"), "{screen}");
    assert!(screen.contains("incidents read"), "{screen}");
    // The last row follows new ones; one up from it, the browser opens on
    // that incident (in the browser, G k would select i2998).
    pty.send("G");
    pty.wait_for_text("following new rows");
    pty.send("k");
    pty.wait_for_text("(G follows new rows)");
    // While the checks run (paused 1.5 s here) the list stays on screen.
    pty.wait_for_all(&["checking evidence", "Loc2046", "when the checks end"]);
    pty.wait_for_all(&["Incidents 3000", "Incident i2046"]);
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_terminal_restored(&mut pty);
}

#[test]
fn a_large_file_loads_behind_a_progress_gauge() {
    // 3,000 incidents with their articles, about 1.5 MB; the gauge is shown
    // for files over 1 MB here (16 MiB by default).
    let path = common::temp_file("large.jsonl", three_thousand_incidents().as_bytes());
    let path = path.to_str().expect("utf-8 path");
    let mut pty = Pty::spawn_env(
        &[path],
        &[("INCIDENTS_BACKGROUND_LOAD_BYTES", "1000000")],
        120,
        40,
    );
    pty.wait_for_text("Incidents 3000");
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(raw.contains("Loading "), "no loading screen was drawn");
    assert!(
        raw.contains("incidents read"),
        "the gauge shows incidents read"
    );
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_terminal_restored(&mut pty);
}
