//! The real terminal: setup, the event loop, and restoring the terminal on
//! quit, panic, and every signal that would end the program (SIGTERM,
//! SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM): raw mode off,
//! alternate screen left, mouse reporting off, cursor shown.
//!
//! The screen is drawn on standard output when it is a terminal, else on
//! `/dev/tty`, so the browser still works when its output is piped.

use std::collections::VecDeque;
use std::fs::OpenOptions;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Terminal;

use crate::app::screen::{self, Screen};
use crate::app::{App, Effect, Msg};
use crate::dataset::{Arrived, Progress};
use crate::session::Session;
use crate::settings::Settings;

use crate::ui;

mod redraw;
pub use redraw::Redraw;

/// Set in the environment, the browser panics after its first frame (for
/// the test that the terminal is restored after a panic).
pub const PANIC_TEST_ENV: &str = "INCIDENTS_TEST_PANIC";

mod bounded;
pub use bounded::{bound, Bounded, MAX_COLUMNS, MAX_ROWS};

type Term = Terminal<Bounded<CrosstermBackend<Box<dyn Write + Send>>>>;

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

fn setup(mouse: bool) -> io::Result<Term> {
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
    Terminal::new(Bounded::new(CrosstermBackend::new(w)))
}

/// Draws one frame of `screen`: the real drawing of the browser and the
/// loading screen. On a terminal larger than [`MAX_COLUMNS`] x
/// [`MAX_ROWS`], only that area is drawn, and its last row says so.
pub fn draw<B: Backend>(
    terminal: &mut Terminal<Bounded<B>>,
    screen: &Screen,
    theme: &crate::ui::Theme,
) -> Result<(), B::Error> {
    // Resized first, so the real size read is this frame's.
    terminal.autoresize()?;
    let over = terminal.backend().over_bound();
    terminal.draw(|frame| {
        ui::render_screen(frame, screen, theme);
        if let Some(real) = over {
            let area = frame.area();
            let row = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
            let text = format!(
                " The terminal is {}x{}: only the top-left {}x{} is drawn ",
                real.width, real.height, area.width, area.height
            );
            frame.render_widget(Clear, row);
            frame.render_widget(Paragraph::new(text).style(theme.warning), row);
        }
    })?;
    Ok(())
}

/// The signals whose default action ends the program (and that can be
/// caught): each must restore the terminal first, and the program then
/// exits 128 + the signal's number as if it had died of it.
pub const STOP_SIGNALS: [i32; 7] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGALRM,
];

/// A flag set to the number of the first of [`STOP_SIGNALS`] received (0
/// before any), checked by the loops instead of dying at once, so the
/// terminal can be restored first.
fn stop_on_signals() -> io::Result<Arc<AtomicUsize>> {
    let stop = Arc::new(AtomicUsize::new(0));
    for signal in STOP_SIGNALS {
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

/// Why the event loop returned.
enum Stopped {
    Ended(Ended),
    /// The work the screen waited for is done (the load).
    Finished,
}

/// The work a screen waits for, done off the UI thread: the browser's
/// session (searches, the journal, files) or a loader. It reports with
/// messages; it reads the screen but never changes it.
pub trait Worker {
    /// Messages that arrived since the last look.
    fn poll(&mut self) -> Vec<Msg>;
    /// Carries out one effect; what came of it comes back as messages.
    fn run(&mut self, screen: &Screen, effect: Effect) -> Vec<Msg>;
    /// The work is done and the loop can return.
    fn finished(&self) -> bool {
        false
    }
}

impl Worker for Session {
    fn poll(&mut self) -> Vec<Msg> {
        self.results()
    }

    fn run(&mut self, screen: &Screen, effect: Effect) -> Vec<Msg> {
        match screen {
            Screen::Browsing(app) => Session::run(self, app, effect),
            Screen::Loading(_) => Vec::new(),
        }
    }
}

/// Hands `msg` to the screen, runs the effects it asks for, and hands the
/// screen what came of them, in order.
fn dispatch(screen: &mut Screen, worker: &mut dyn Worker, msg: Msg) {
    let mut queue = VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in screen.update(msg) {
            queue.extend(worker.run(screen, effect));
        }
    }
}

/// The terminal event as a message, through the key map for keys.
fn message(event: Event, screen: &Screen, settings: &Settings) -> Option<Msg> {
    match event {
        Event::Key(key) => settings.keymap.msg_for(screen.mode(), key),
        Event::Resize(w, h) => {
            let drawn = bound(ratatui::layout::Size::new(w, h));
            Some(Msg::Resize(drawn.width, drawn.height))
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click(m.column, m.row)),
            MouseEventKind::Drag(MouseButton::Left) => Some(Msg::Drag(m.column, m.row)),
            MouseEventKind::ScrollUp => Some(Msg::ScrollUp(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Msg::ScrollDown(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}

/// The one event loop: the loading screen and the browser alike. Draws
/// the screen, waits for a key or for the worker, and turns both into
/// messages, until the user quits, a signal comes, the terminal hangs up
/// or the worker is finished.
fn event_loop(
    terminal: &mut Term,
    screen: &mut Screen,
    settings: &Settings,
    worker: &mut dyn Worker,
    stop: &AtomicUsize,
) -> io::Result<Stopped> {
    let size = terminal.size()?;
    dispatch(screen, worker, Msg::Resize(size.width, size.height));
    // Which of our streams were terminals: if one stops being one, the
    // terminal hung up (its window closed) and no signal may come to us.
    let stdin_tty = io::stdin().is_terminal();
    let stdout_tty = io::stdout().is_terminal();
    // Lets the end-to-end tests prove the terminal is restored after a
    // panic; nothing else sets it.
    let panic_for_test = std::env::var_os(PANIC_TEST_ENV).is_some();
    let mut redraw = Redraw::default();
    let mut drawn_size = None;
    loop {
        // What the worker reported first, then the frame: a result that
        // arrived while we waited is on screen now, not after the next
        // idle wake-up.
        for msg in worker.poll() {
            dispatch(screen, worker, msg);
            redraw.changed();
        }
        if worker.finished() {
            return Ok(Stopped::Finished);
        }
        // Only a message changes the screen: an idle wake-up draws nothing,
        // unless the terminal's size changed (a resize whose event raced
        // the frame before it).
        let size = terminal.size()?;
        if Some(size) != drawn_size {
            redraw.changed();
        }
        if redraw.due() {
            drawn_size = Some(size);
            draw(terminal, screen, &settings.theme)?;
            redraw.drawn();
        }
        if panic_for_test && matches!(screen, Screen::Browsing(_)) {
            panic!("{PANIC_TEST_ENV} is set: panicking after the first frame, as asked");
        }
        let signal = stop.load(Ordering::Relaxed);
        if signal != 0 {
            return Ok(Stopped::Ended(Ended::Signal(
                i32::try_from(signal).unwrap_or(0),
            )));
        }
        if screen.should_quit() {
            return Ok(Stopped::Ended(Ended::Quit));
        }
        // Wake up now and then so a signal is noticed without a key press;
        // sooner while a search or the loader is expected to report.
        let wait = match screen {
            Screen::Loading(_) => 50,
            Screen::Browsing(_) if screen.expecting() => 15,
            Screen::Browsing(_) => 200,
        };
        if !event::poll(Duration::from_millis(wait))? {
            if (stdin_tty && !io::stdin().is_terminal())
                || (stdout_tty && !io::stdout().is_terminal())
            {
                return Ok(Stopped::Ended(Ended::Signal(signal_hook::consts::SIGHUP)));
            }
            continue;
        }
        if let Some(msg) = message(event::read()?, screen, settings) {
            dispatch(screen, worker, msg);
            redraw.changed();
        }
    }
}

/// Runs the browser until the user quits or a signal asks us to stop.
pub fn run(app: App, settings: &Settings, session: &mut Session) -> io::Result<Ended> {
    let stop = stop_on_signals()?;
    let mut screen = Screen::Browsing(Box::new(app));
    let result = match setup(settings.mouse) {
        Ok(mut terminal) => event_loop(&mut terminal, &mut screen, settings, session, &stop),
        Err(e) => Err(e),
    };
    restore();
    // The process ends after this: freeing a million records one by one
    // would hold the shell prompt for about a second after `q`. Keeping one
    // reference means the dataset is never freed piece by piece; everything
    // else (the journal, the search thread) is closed as usual.
    if let Screen::Browsing(app) = &screen {
        std::mem::forget(Arc::clone(&app.dataset));
    }
    match result? {
        Stopped::Ended(ended) => Ok(ended),
        Stopped::Finished => Ok(Ended::Quit),
    }
}

/// How a background load ended.
pub enum Loading<T> {
    /// Loaded; with the id of the incident the user selected in the list
    /// shown while loading, if they moved the selection.
    Done(Box<T>, Option<String>),
    /// The user pressed quit, or a signal (its number) came.
    Cancelled(Option<i32>),
}

/// Set in the environment to a number of milliseconds, the loader waits
/// that long after each progress report and when the checks begin (for the
/// test that the list can be used while a file loads; nothing else sets
/// it).
pub const SLOW_LOAD_TEST_ENV: &str = "INCIDENTS_TEST_SLOW_LOAD_MS";

/// What the loader thread tells the screen.
enum LoaderMsg<T> {
    Progress(Progress),
    /// The file is read; the evidence checks run.
    Checking,
    Done(Box<T>),
}

/// The load a gauge waits for: it reports progress, hands incidents over
/// as they are read, and says when the evidence checks begin.
pub type Loader<T> =
    Box<dyn FnOnce(&mut dyn FnMut(Progress), Option<&Arrived>, &mut dyn FnMut()) -> T + Send>;

/// The loader thread, as the event loop sees it.
struct LoadWorker<T> {
    rx: mpsc::Receiver<LoaderMsg<T>>,
    result: Option<Box<T>>,
    /// The loader stopped without a result.
    lost: bool,
}

impl<T> Worker for LoadWorker<T> {
    fn poll(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(LoaderMsg::Progress(p)) => out.push(Msg::Progress(p)),
                Ok(LoaderMsg::Checking) => out.push(Msg::Checking),
                Ok(LoaderMsg::Done(result)) => {
                    self.result = Some(result);
                    return out;
                }
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.lost = true;
                    return out;
                }
            }
        }
        out.push(Msg::Arrived);
        out
    }

    fn run(&mut self, _: &Screen, _: Effect) -> Vec<Msg> {
        Vec::new()
    }

    fn finished(&self) -> bool {
        self.result.is_some() || self.lost
    }
}

/// Runs `loader` on its own thread while the terminal shows a gauge and
/// the incidents read so far, which the user can move through (keys from
/// the key map); the first frame is on screen at once. Cancelling sets
/// `cancel` (an external extractor is stopped by it) and returns at once.
/// `last_id` names the last incident of the result, for a selection that
/// followed new rows to the end. The terminal is put back before returning.
pub fn load_with_gauge<T: Send + 'static>(
    label: &str,
    loader: Loader<T>,
    last_id: impl Fn(&T) -> Option<String>,
    cancel: Arc<AtomicBool>,
    settings: &Settings,
) -> io::Result<Loading<T>> {
    let stop = stop_on_signals()?;
    let (tx, rx) = mpsc::channel();
    let arrived = Arrived::default();
    let shared = Arc::clone(&arrived);
    let slow = std::env::var(SLOW_LOAD_TEST_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis);
    std::thread::spawn(move || {
        let progress_tx = tx.clone();
        let checking_tx = tx.clone();
        let result = loader(
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
        let _ = tx.send(LoaderMsg::Done(Box::new(result)));
    });
    let mut screen = Screen::Loading(Box::new(screen::Loading::new(
        label,
        arrived,
        ui::loading::list_rows,
    )));
    let mut worker = LoadWorker {
        rx,
        result: None,
        lost: false,
    };
    let stopped = match setup(settings.mouse) {
        Ok(mut terminal) => event_loop(&mut terminal, &mut screen, settings, &mut worker, &stop),
        Err(e) => Err(e),
    };
    restore();
    let outcome = match (stopped?, worker.result, &screen) {
        (Stopped::Finished, Some(result), Screen::Loading(loading)) => {
            // Following new rows to the end means the last incident read,
            // which the list may not have caught before the loader took the
            // incidents back.
            let picked = if loading.state.followed_to_the_end() {
                last_id(&result)
            } else {
                loading.state.chosen_id().map(str::to_string)
            };
            Loading::Done(result, picked)
        }
        (Stopped::Finished, ..) => {
            return Err(io::Error::other("the loader stopped without a result"))
        }
        (Stopped::Ended(Ended::Signal(n)), ..) => Loading::Cancelled(Some(n)),
        (Stopped::Ended(Ended::Quit), ..) => Loading::Cancelled(None),
    };
    if matches!(outcome, Loading::Cancelled(_)) {
        cancel.store(true, Ordering::Relaxed);
    }
    Ok(outcome)
}
