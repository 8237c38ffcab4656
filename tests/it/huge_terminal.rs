//! A terminal that reports 65535x65535 cells (issue 19): the browser drew
//! into two frame buffers of that size, a 206 GB allocation that aborted
//! and left the terminal in raw mode. The area drawn is bounded before any
//! buffer is made, and the screen says so.

use std::collections::BTreeMap;
use std::convert::Infallible;

use incidents::app::screen::Screen;
use incidents::app::{App, Msg};
use incidents::tui::{Bounded, MAX_COLUMNS, MAX_ROWS};
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::Terminal;

/// A terminal of any size that keeps only what is drawn on it (no buffer
/// of its own), so the size itself costs nothing.
struct Huge {
    size: Size,
    drawn: BTreeMap<(u16, u16), String>,
}

impl Backend for Huge {
    type Error = Infallible;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Infallible>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            self.drawn.insert((y, x), cell.symbol().to_string());
        }
        Ok(())
    }
    fn hide_cursor(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
    fn show_cursor(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
    fn get_cursor_position(&mut self) -> Result<Position, Infallible> {
        Ok(Position::ORIGIN)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, _: P) -> Result<(), Infallible> {
        Ok(())
    }
    fn clear(&mut self) -> Result<(), Infallible> {
        self.drawn.clear();
        Ok(())
    }
    fn clear_region(&mut self, _: ClearType) -> Result<(), Infallible> {
        Ok(())
    }
    fn size(&self) -> Result<Size, Infallible> {
        Ok(self.size)
    }
    fn window_size(&mut self) -> Result<WindowSize, Infallible> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::new(0, 0),
        })
    }
    fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

fn row(backend: &Huge, y: u16) -> String {
    backend
        .drawn
        .range((y, 0)..(y, u16::MAX))
        .map(|(_, s)| s.as_str())
        .collect()
}

#[test]
fn a_65535_square_terminal_draws_a_bounded_area_and_says_so() {
    let huge = Huge {
        size: Size::new(u16::MAX, u16::MAX),
        drawn: BTreeMap::new(),
    };
    let mut terminal = Terminal::new(Bounded::new(huge)).expect("a terminal");
    let area = terminal.size().expect("a size");
    assert_eq!((area.width, area.height), (MAX_COLUMNS, MAX_ROWS));
    let mut app = App::new(incidents::load_sample().dataset, "sample");
    app.update(Msg::Resize(area.width, area.height));
    let screen = Screen::Browsing(Box::new(app));
    let theme = incidents::ui::Theme::default();
    incidents::tui::draw(&mut terminal, &screen, &theme).expect("drawn");
    let backend = terminal.backend().inner();
    assert!(
        backend
            .drawn
            .keys()
            .all(|&(y, x)| x < MAX_COLUMNS && y < MAX_ROWS),
        "something was drawn outside the bounded area"
    );
    let whole: String = (0..MAX_ROWS).map(|y| row(backend, y)).collect();
    assert!(
        whole.contains("Killed/wounded by province"),
        "the browser is drawn"
    );
    let last = row(backend, MAX_ROWS - 1);
    assert!(
        last.contains("The terminal is 65535x65535: only the top-left 1000x500 is drawn"),
        "the last row: {last}"
    );
}

#[test]
fn a_terminal_within_the_bound_is_drawn_whole_without_the_notice() {
    let huge = Huge {
        size: Size::new(120, 40),
        drawn: BTreeMap::new(),
    };
    let mut terminal = Terminal::new(Bounded::new(huge)).expect("a terminal");
    let mut app = App::new(incidents::load_sample().dataset, "sample");
    app.update(Msg::Resize(120, 40));
    let screen = Screen::Browsing(Box::new(app));
    incidents::tui::draw(&mut terminal, &screen, &incidents::ui::Theme::default()).expect("drawn");
    let backend = terminal.backend().inner();
    let whole: String = (0..40).map(|y| row(backend, y)).collect();
    assert!(!whole.contains("The terminal is"), "{whole}");
    assert!(whole.contains("Killed/wounded by province"));
}
