//! The real terminal: setup, the event loop, and restoring the terminal on
//! quit, panic, SIGTERM, SIGHUP and SIGINT (raw mode off, alternate screen
//! left, mouse reporting off, cursor shown).
//!
//! The screen is drawn on standard output when it is a terminal, else on
//! `/dev/tty`, so the browser still works when its output is piped.

use std::fs::OpenOptions;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use crate::app::{Action, App};
use crate::commands::settings::Settings;
use crate::session::Session;
use crate::{input, ui};

/// Set in the environment, the browser panics after its first frame (for
/// the test that the terminal is restored after a panic).
pub const PANIC_TEST_ENV: &str = "INCIDENTS_TEST_PANIC";

type Screen = Terminal<CrosstermBackend<Box<dyn Write + Send>>>;

/// Where the screen is drawn: standard output if it is a terminal, else the
/// controlling terminal.
fn screen_writer() -> io::Result<Box<dyn Write + Send>> {
    if io::stdout().is_terminal() {
        Ok(Box::new(io::stdout()))
    } else {
        Ok(Box::new(OpenOptions::new().write(true).open("/dev/tty")?))
    }
}

/// Puts the terminal back as we found it. Safe to call more than once and
/// from the panic hook.
pub fn restore() {
    let _ = disable_raw_mode();
    if let Ok(mut w) = screen_writer() {
        let _ = execute!(w, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
        let _ = w.flush();
    }
}

fn setup(mouse: bool) -> io::Result<Screen> {
    let mut w = screen_writer()?;
    enable_raw_mode()?;
    execute!(w, EnterAlternateScreen)?;
    if mouse {
        execute!(w, EnableMouseCapture)?;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    Terminal::new(CrosstermBackend::new(w))
}

/// A flag set to the number of the first SIGTERM, SIGHUP or SIGINT
/// received (0 before any), checked by the loops instead of dying at once,
/// so the terminal can be restored first.
fn stop_on_signals() -> io::Result<Arc<AtomicUsize>> {
    let stop = Arc::new(AtomicUsize::new(0));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        let number = usize::try_from(signal).unwrap_or(0);
        signal_hook::flag::register_usize(signal, Arc::clone(&stop), number)?;
    }
    Ok(stop)
}

/// How the browser ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal (its number) asked us to stop.
    Signal(i32),
}

/// Runs the browser until the user quits or a signal asks us to stop.
pub fn run(mut app: App, settings: &Settings, session: &mut Session) -> io::Result<Ended> {
    let stop = stop_on_signals()?;
    let result = match setup(settings.mouse) {
        Ok(mut terminal) => event_loop(&mut terminal, &mut app, settings, session, &stop),
        Err(e) => Err(e),
    };
    restore();
    // The process ends after this: freeing a million records one by one
    // would hold the shell prompt for about a second after `q`. Keeping one
    // reference means the dataset is never freed piece by piece; everything
    // else (the journal, the search thread) is closed as usual.
    std::mem::forget(std::sync::Arc::clone(&app.dataset));
    result
}

fn event_loop(
    terminal: &mut Screen,
    app: &mut App,
    settings: &Settings,
    session: &mut Session,
    stop: &AtomicUsize,
) -> io::Result<Ended> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    // Which of our streams were terminals: if one stops being one, the
    // terminal hung up (its window closed) and no signal may come to us.
    let stdin_tty = io::stdin().is_terminal();
    let stdout_tty = io::stdout().is_terminal();
    // Lets the end-to-end tests prove the terminal is restored after a
    // panic; nothing else sets it.
    let panic_for_test = std::env::var_os(PANIC_TEST_ENV).is_some();
    loop {
        terminal.draw(|frame| ui::render_with(frame, app, &settings.theme))?;
        if panic_for_test {
            panic!("{PANIC_TEST_ENV} is set: panicking after the first frame, as asked");
        }
        let signal = stop.load(Ordering::Relaxed);
        if signal != 0 {
            return Ok(Ended::Signal(i32::try_from(signal).unwrap_or(0)));
        }
        if app.should_quit {
            return Ok(Ended::Quit);
        }
        session.deliver_results(app);
        // Wake up now and then so a signal is noticed without a key press;
        // sooner while a search is running, to show its result promptly.
        let wait = if app.search_pending() { 15 } else { 200 };
        if !event::poll(Duration::from_millis(wait))? {
            if (stdin_tty && !io::stdin().is_terminal())
                || (stdout_tty && !io::stdout().is_terminal())
            {
                return Ok(Ended::Signal(signal_hook::consts::SIGHUP));
            }
            continue;
        }
        let event = event::read()?;
        // While the user types (search, a note, a reason, the edit form),
        // keys go to the text; Ctrl-C still quits.
        if app.editing.is_some() || app.search_open {
            if let Event::Key(key) = event {
                let quit = key
                    .modifiers
                    .contains(crossterm::event::KeyModifiers::CONTROL)
                    && key.code == crossterm::event::KeyCode::Char('c');
                let effects = if quit {
                    app.update(Action::Quit)
                } else {
                    input::input_key(key).map_or_else(Vec::new, |k| app.input(k))
                };
                session.run(app, effects);
                continue;
            }
        }
        let action = match event {
            Event::Key(key) => settings.keymap.action_for(app, key),
            Event::Resize(w, h) => Some(Action::Resize(w, h)),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
                MouseEventKind::ScrollUp => Some(Action::ScrollUp(m.column, m.row)),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown(m.column, m.row)),
                _ => None,
            },
            _ => None,
        };
        if let Some(action) = action {
            let effects = app.update(action);
            session.run(app, effects);
        }
    }
}

/// How a background load ended.
pub enum Loading {
    Done(Box<crate::commands::Opened>),
    /// The user pressed q / Ctrl-C, or a signal came.
    Cancelled,
}

/// Loads `path` on another thread while the screen shows a gauge of bytes
/// and incidents read, so the first frame is on screen at once. The
/// terminal is put back before returning; the browser then opens as usual.
pub fn load_with_gauge(
    path: &std::path::Path,
    gazetteers: Vec<crate::evidence::Gazetteer>,
    mouse: bool,
) -> io::Result<Loading> {
    use std::sync::mpsc;
    enum Msg {
        Progress(crate::dataset::Progress),
        Done(Box<crate::commands::Opened>),
    }
    let stop = stop_on_signals()?;
    let (tx, rx) = mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let progress_tx = tx.clone();
        let opened = crate::commands::open_with(&owned, &gazetteers, &mut |p| {
            let _ = progress_tx.send(Msg::Progress(p));
        });
        let _ = tx.send(Msg::Done(Box::new(opened)));
    });
    let label = path.display().to_string();
    let theme = if crate::commands::settings::no_color() {
        crate::ui::Theme::mono()
    } else {
        crate::ui::Theme::default()
    };
    let mut terminal = setup(mouse)?;
    let mut progress = crate::dataset::Progress::default();
    let outcome = loop {
        terminal.draw(|f| crate::ui::loading::render(f, &label, progress, &theme))?;
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(Msg::Progress(p)) => progress = p,
            Ok(Msg::Done(opened)) => break Loading::Done(opened),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                restore();
                return Err(io::Error::other("the loader stopped without a result"));
            }
        }
        // Drain progress messages, keep the newest.
        while let Ok(msg) = rx.try_recv() {
            match msg {
                Msg::Progress(p) => progress = p,
                Msg::Done(opened) => {
                    restore();
                    return Ok(Loading::Done(opened));
                }
            }
        }
        if stop.load(Ordering::Relaxed) != 0 {
            break Loading::Cancelled;
        }
        if event::poll(Duration::from_millis(0))? {
            if let Event::Key(k) = event::read()? {
                let ctrl_c = k
                    .modifiers
                    .contains(crossterm::event::KeyModifiers::CONTROL)
                    && k.code == crossterm::event::KeyCode::Char('c');
                if ctrl_c || k.code == crossterm::event::KeyCode::Char('q') {
                    break Loading::Cancelled;
                }
            }
        }
    };
    restore();
    Ok(outcome)
}
