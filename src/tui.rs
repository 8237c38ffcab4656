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
use crate::session::Session;
use crate::settings::Settings;
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
        // Results first, then the frame: a result that arrived while we
        // waited is on screen now, not after the next idle wake-up.
        session.deliver_results(app);
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
    /// Loaded; with the id of the incident the user selected in the list
    /// shown while loading, if they moved the selection.
    Done(Box<crate::commands::Opened>, Option<String>),
    /// The user pressed q / Ctrl-C, or a signal came.
    Cancelled,
}

/// Set in the environment to a number of milliseconds, the loader waits
/// that long after each progress report and when the checks begin (for the
/// test that the list can be used while a file loads; nothing else sets
/// it).
pub const SLOW_LOAD_TEST_ENV: &str = "INCIDENTS_TEST_SLOW_LOAD_MS";

/// What the loader thread tells the screen.
enum LoaderMsg {
    Progress(crate::dataset::Progress),
    /// The file is read; the evidence checks run.
    Checking,
    Done(Box<crate::commands::Opened>),
}

/// A key of the loading screen: a movement, or cancel.
fn loading_key(key: event::KeyEvent) -> Option<Option<crate::app::arriving::Move>> {
    use crate::app::arriving::Move;
    use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let movement = match key.code {
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => return Some(None),
        KeyCode::Char('q') => return Some(None),
        KeyCode::Char('j') | KeyCode::Down => Move::Down,
        KeyCode::Char('k') | KeyCode::Up => Move::Up,
        KeyCode::PageDown | KeyCode::Char(' ') => Move::PageDown,
        KeyCode::PageUp | KeyCode::Char('b') => Move::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Move::Top,
        KeyCode::Char('G') | KeyCode::End => Move::Bottom,
        _ => return None,
    };
    Some(Some(movement))
}

/// Loads `path` on another thread while the screen shows a gauge of bytes
/// and incidents read and the incidents read so far, which the user can
/// move through; the first frame is on screen at once. The terminal is put
/// back before returning; the browser then opens as usual.
/// The load a gauge waits for: it reports progress, hands incidents over
/// as they are read, and says when the evidence checks begin.
pub type Loader = Box<
    dyn FnOnce(
            &mut dyn FnMut(crate::dataset::Progress),
            Option<&crate::dataset::Arrived>,
            &mut dyn FnMut(),
        ) -> crate::commands::Opened
        + Send,
>;

/// Runs `loader` on its own thread while the terminal shows a gauge and
/// the incidents read so far. Cancelling sets `cancel` (an external
/// extractor is stopped by it) and returns at once.
pub fn load_with_gauge(
    label: &str,
    loader: Loader,
    cancel: Arc<std::sync::atomic::AtomicBool>,
    mouse: bool,
    theme: &crate::ui::Theme,
) -> io::Result<Loading> {
    use crate::app::arriving::Arriving;
    use std::sync::mpsc;
    let stop = stop_on_signals()?;
    let (tx, rx) = mpsc::channel();
    let arrived = crate::dataset::Arrived::default();
    let shared = Arc::clone(&arrived);
    let slow = std::env::var(SLOW_LOAD_TEST_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis);
    std::thread::spawn(move || {
        let progress_tx = tx.clone();
        let checking_tx = tx.clone();
        let opened = loader(
            &mut |p| {
                let _ = progress_tx.send(LoaderMsg::Progress(p));
                if let Some(pause) = slow {
                    std::thread::sleep(pause);
                }
            },
            Some(&shared),
            &mut || {
                let _ = checking_tx.send(LoaderMsg::Checking);
                if let Some(pause) = slow {
                    std::thread::sleep(pause);
                }
            },
        );
        let _ = tx.send(LoaderMsg::Done(Box::new(opened)));
    });
    let label = label.to_string();
    let mut terminal = setup(mouse)?;
    let size = terminal.size()?;
    let mut state = Arriving::new(ui::loading::list_rows(size.width, size.height));
    let outcome = loop {
        // What the loader said since the last frame.
        let mut done = None;
        loop {
            match rx.try_recv() {
                Ok(LoaderMsg::Progress(p)) => state.progress = p,
                Ok(LoaderMsg::Checking) => state.checking(),
                Ok(LoaderMsg::Done(opened)) => {
                    done = Some(opened);
                    break;
                }
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    restore();
                    return Err(io::Error::other("the loader stopped without a result"));
                }
            }
        }
        if let Some(opened) = done {
            // Following new rows to the end means the last incident read,
            // which the list may not have caught before the loader took the
            // incidents back.
            let picked = if state.followed_to_the_end() {
                opened
                    .loaded
                    .dataset
                    .incidents
                    .last()
                    .map(|i| i.id.to_string())
            } else {
                state.chosen_id().map(str::to_string)
            };
            break Loading::Done(opened, picked);
        }
        // The new incidents, unless the loader is appending right now (the
        // last rows stay on screen; the next frame catches up).
        if let Ok(incidents) = arrived.try_read() {
            state.take_in(&incidents);
        }
        terminal.draw(|f| ui::loading::render(f, &label, &state, theme))?;
        if stop.load(Ordering::Relaxed) != 0 {
            break Loading::Cancelled;
        }
        // A key, or time to look at the loader again.
        if !event::poll(Duration::from_millis(50))? {
            continue;
        }
        match event::read()? {
            Event::Key(key) => match loading_key(key) {
                Some(None) => break Loading::Cancelled,
                Some(Some(movement)) => state.apply(movement),
                None => {}
            },
            Event::Resize(w, h) => state.set_page(ui::loading::list_rows(w, h)),
            _ => {}
        }
    };
    if matches!(outcome, Loading::Cancelled) {
        cancel.store(true, Ordering::Relaxed);
    }
    restore();
    Ok(outcome)
}
