//! The real terminal: setup, the event loop, and restoring the terminal on
//! quit, panic (ratatui's hook), SIGTERM, SIGHUP and SIGINT.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{self, Event};
use ratatui::DefaultTerminal;

use crate::app::{Action, App};
use crate::{input, ui};

/// Runs the browser until the user quits or a signal asks us to stop.
pub fn run(mut app: App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // Installs a panic hook that restores the terminal before the message.
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app, &stop);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, stop: &AtomicBool) -> io::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    loop {
        terminal.draw(|frame| ui::render(frame, app))?;
        if app.should_quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        // Wake up now and then so a signal is noticed without a key press.
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        match event::read()? {
            Event::Key(key) => {
                if let Some(action) = input::action_for(app, key) {
                    app.update(action);
                }
            }
            Event::Resize(w, h) => app.update(Action::Resize(w, h)),
            _ => {}
        }
    }
}
