//! The timeline and the frequency table at scale: a keystroke in the
//! search box with the timeline open, through the browser's own state and
//! session (search off the UI thread, the result handed to the app, the
//! frame drawn with the timeline worked out again); and whole frames with
//! either view open.

use std::sync::Arc;
use std::time::{Duration, Instant};

use incidents::app::text_input::InputKey;
use incidents::app::{Action, App, Msg};
use incidents::dataset::Dataset;
use incidents::session::Session;
use incidents::summary::{BinUnit, Column};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::{ms, percentile, TYPED};

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| incidents::ui::render(frame, app))
        .expect("draw");
}

fn settle(app: &mut App, session: &mut Session) {
    while app.search_pending() {
        session.receive(app);
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Each keystroke of the typed queries, from the key to the frame drawn
/// with the list, the summary bar and the open timeline updated.
pub fn keystrokes_with_timeline(dataset: Arc<Dataset>) {
    let mut app = App::new(dataset, "bench");
    app.update(Msg::Resize(160, 45));
    let mut session = Session::new(None, None);
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("test terminal");
    // The first search builds the engine's index; not a keystroke.
    session.send(&mut app, Action::Search);
    session.send(&mut app, Msg::Input(InputKey::Char('x')));
    settle(&mut app, &mut session);
    session.send(&mut app, Msg::Input(InputKey::Backspace));
    settle(&mut app, &mut session);
    let t = Instant::now();
    session.send(&mut app, Msg::Input(InputKey::Esc));
    session.send(&mut app, Action::ToggleTimeline);
    draw(&mut terminal, &app);
    println!(
        "  opening the timeline (dates column built, bins summed, frame drawn): {:.0} ms",
        ms(t.elapsed())
    );
    // What a search result costs the open view: the timeline worked out
    // again over every listed row (all of them here), and a table.
    let rows = app.rows.len();
    for (name, work) in [
        (
            "timeline by year",
            Box::new(|a: &App| {
                std::hint::black_box(a.timeline_by(BinUnit::Year).map(|t| t.bins.len()).ok());
            }) as Box<dyn Fn(&App)>,
        ),
        (
            "timeline by day",
            Box::new(|a: &App| {
                std::hint::black_box(a.timeline_by(BinUnit::Day).map(|t| t.bins.len()).ok());
            }),
        ),
        (
            "frequency table by province",
            Box::new(|a: &App| {
                std::hint::black_box(a.frequency_by(Column::Province).rows.len());
            }),
        ),
    ] {
        work(&app); // columns built once
        let mut times: Vec<Duration> = (0..7)
            .map(|_| {
                let t = Instant::now();
                work(&app);
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "  {name} over {rows} listed rows: median {:.1} ms (7 runs, min {:.1})",
            ms(percentile(&times, 0.5)),
            ms(times[0])
        );
    }
    let mut times = Vec::new();
    for text in TYPED {
        session.send(&mut app, Action::Search);
        for c in text.chars() {
            let t = Instant::now();
            session.send(&mut app, Msg::Input(InputKey::Char(c)));
            settle(&mut app, &mut session);
            draw(&mut terminal, &app);
            times.push(t.elapsed());
        }
        let unit = app.timeline_view().unit.map_or("-", |u| u.name());
        println!(
            "  {:<28} -> {} rows, timeline by {unit}, {} bins",
            format!("{text:?}"),
            app.rows.len(),
            app.timeline_view().bins.len()
        );
        // Esc clears the box: the whole list again, timeline included.
        let t = Instant::now();
        session.send(&mut app, Msg::Input(InputKey::Esc));
        settle(&mut app, &mut session);
        draw(&mut terminal, &app);
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "  per keystroke, key to frame with list + summary + timeline (ms, clearing included): median {:.1}, p90 {:.1}, max {:.1} over {}",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.9)),
        ms(percentile(&times, 1.0)),
        times.len()
    );
}

/// A whole 160x45 frame with the view open, moving the selection a row
/// before each (the timeline marks the selected incident's bin).
pub fn screen_time(dataset: Arc<Dataset>, open: Action) -> Duration {
    const FRAMES: u32 = 300;
    let mut app = App::new(dataset, "bench");
    app.update(Msg::Resize(160, 45));
    app.update(open);
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("test terminal");
    // The first frame works the view out; the rest read it.
    draw(&mut terminal, &app);
    let t = Instant::now();
    for _ in 0..FRAMES {
        app.update(Action::Down);
        draw(&mut terminal, &app);
    }
    t.elapsed() / FRAMES
}
