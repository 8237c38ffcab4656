//! Every message from opening reaches the screen: the first in the status
//! line with how many more there are, and all of them in help.

use crate::common;
use crate::common::pty::Pty;

#[test]
fn several_opening_messages_are_all_listed_in_help() {
    let dir = common::scratch("notices-e2e");
    let config = dir.join("config.toml");
    std::fs::write(&config, "theme = \"sepia\"\n").expect("config");
    // A journal whose last line was cut off while being written.
    let journal = dir.join("reviews.jsonl");
    std::fs::write(&journal, "{\"v\":1,\"time\":\"2024").expect("journal");
    let journal_arg = journal.to_str().expect("utf-8 path");
    let config_arg = config.to_str().expect("utf-8 path");
    let mut pty = Pty::spawn_env(
        &["--reviews", journal_arg],
        &[("INCIDENTS_CONFIG", config_arg)],
        120,
        40,
    );
    // The first message, and how many more (the frame whole).
    pty.wait_for_all(&["sepia", "more: ? lists them"]);
    pty.send("?");
    let help = pty.wait_for_all(&["Messages from opening:", "\"sepia\"", "was incomplete"]);
    assert!(help.contains("Keys"), "{help}");
    pty.send("q");
    pty.send("q");
    assert!(pty.wait_exit().success());
}
