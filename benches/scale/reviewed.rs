//! The browser after review decisions: what a `j` costs (the key through
//! the app, then the frame) and what the event loop does when no key
//! comes, at 100 incidents and at the full size. Neither may grow with the
//! dataset once reviews exist.

use std::sync::Arc;
use std::time::{Duration, Instant};

use incidents::app::{Action, App, Msg, Opening};
use incidents::dataset::Dataset;
use incidents::review::{ReviewJournal, ReviewState};
use incidents::session::Session;
use incidents::tui::Redraw;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Review decisions made before measuring.
pub const DECISIONS: usize = 100;

/// A browser on `dataset` with a fresh journal and `DECISIONS` decisions
/// (accepts, every tenth a reject), made through the session as a
/// reviewer would.
fn reviewed_browser(dataset: Arc<Dataset>, label: &str) -> (App, Session, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "incidents-bench-{label}-{}.jsonl",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("jsonl.lock"));
    let (journal, entries, _) = ReviewJournal::open(&path, "bench").expect("bench journal");
    let mut app = App::new(dataset, "bench");
    app.update(Msg::Opened(Box::new(Opening {
        review: ReviewState::replay(&entries).0,
        ..Opening::default()
    })));
    app.update(Msg::Resize(160, 45));
    let mut session = Session::new(Some(journal), None);
    for d in 0..DECISIONS {
        let action = if d % 10 == 9 {
            Action::Reject
        } else {
            Action::Accept
        };
        session.send(&mut app, action);
    }
    (app, session, path)
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| incidents::ui::render(frame, app))
        .expect("draw");
}

/// CPU time of this thread so far (the UI thread's: searches run on
/// their own), from `/proc/thread-self/schedstat`, in nanoseconds.
fn cpu_time() -> Duration {
    let ns = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    Duration::from_nanos(ns)
}

/// The event loop's idle wake-ups (five a second) for one second: what
/// arrived handed to the app, then the frame drawn only if it changed.
fn idle_second(
    app: &mut App,
    session: &mut Session,
    terminal: &mut Terminal<TestBackend>,
    label: &str,
) {
    let mut redraw = Redraw::default();
    let _ = redraw.draw(terminal, |f| incidents::ui::render(f, app));
    const SECONDS: u32 = 40;
    let mut drawn = 0;
    let (t, cpu) = (Instant::now(), cpu_time());
    for _ in 0..SECONDS * 5 {
        for msg in session.results() {
            session.send(app, msg);
            redraw.changed();
        }
        let app: &App = app;
        drawn += u32::from(
            redraw
                .draw(terminal, |f| incidents::ui::render(f, app))
                .expect("draw"),
        );
    }
    let (wall, cpu) = (t.elapsed() / SECONDS, (cpu_time() - cpu) / SECONDS);
    println!(
        "  {label:>5}: idle, one second of wake-ups (5): {:.1} µs wall, {:.1} µs CPU, {drawn} frames drawn",
        wall.as_secs_f64() * 1e6,
        cpu.as_secs_f64() * 1e6
    );
}

/// Prints `j` and the idle loop's cost for each dataset.
pub fn after_decisions(datasets: &[(&str, &Arc<Dataset>)]) {
    println!("\n## after {DECISIONS} review decisions (160x45 screen)");
    for (label, ds) in datasets {
        let (mut app, mut session, path) = reviewed_browser(Arc::clone(ds), label);
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("test terminal");
        draw(&mut terminal, &app);
        const KEYS: u32 = 200;
        let (t, cpu) = (Instant::now(), cpu_time());
        for _ in 0..KEYS {
            session.send(&mut app, Action::Down);
            draw(&mut terminal, &app);
        }
        let (wall, cpu) = (t.elapsed() / KEYS, (cpu_time() - cpu) / KEYS);
        println!(
            "  {label:>5} ({} incidents, {}): j (key, then the frame) {:.1} µs wall, {:.1} µs CPU",
            ds.incidents.len(),
            app.progress(),
            wall.as_secs_f64() * 1e6,
            cpu.as_secs_f64() * 1e6
        );
        // What each idle wake-up of the event loop did before: the whole
        // frame drawn again with nothing changed.
        let (t, cpu) = (Instant::now(), cpu_time());
        for _ in 0..KEYS {
            session.receive(&mut app);
            draw(&mut terminal, &app);
        }
        let (wall, cpu) = (t.elapsed() / KEYS, (cpu_time() - cpu) / KEYS);
        println!(
            "  {label:>5}: a frame with nothing changed {:.1} µs wall, {:.1} µs CPU \
             (x5 a second when the loop redrew on every idle wake-up)",
            wall.as_secs_f64() * 1e6,
            cpu.as_secs_f64() * 1e6
        );
        idle_second(&mut app, &mut session, &mut terminal, label);
        drop(session);
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(path.with_extension("jsonl.lock"));
    }
}
