//! The one screen the terminal shows: the loading list while a large input
//! is read, then the browser (whose overlays are part of its state). The
//! event loop asks it which [`Mode`] keys are read in and hands it every
//! message.

use super::action::Action;
use super::arriving::{Arriving, Move};
use super::effect::Effect;
use super::msg::Msg;
use super::state::App;
use crate::dataset::Arrived;

/// What keys mean now: the key map is looked up by mode and key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A large input is loading: movement and quit (cancel).
    Loading,
    /// The browser's list and detail panes.
    Browse,
    /// The help overlay: `q` closes it.
    Help,
    /// A cursor in the article text: keys move it and act on the selection.
    Select,
    /// A text has the keyboard (search box, note, reason, edit form).
    Typing,
}

/// The loading screen: the incidents read so far and the gauge.
#[derive(Debug)]
pub struct Loading {
    /// Where the incidents come from, as shown.
    pub label: String,
    pub state: Arriving,
    /// The incidents the loader shares as it reads them.
    arrived: Arrived,
    /// Rows of incidents the screen shows at a terminal size (the layout
    /// is the renderer's).
    page_for: fn(u16, u16) -> usize,
    /// The user asked to stop the load.
    pub cancelled: bool,
}

impl Loading {
    pub fn new(label: &str, arrived: Arrived, page_for: fn(u16, u16) -> usize) -> Loading {
        Loading {
            label: label.to_string(),
            state: Arriving::new(1),
            arrived,
            page_for,
            cancelled: false,
        }
    }

    fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Action(action) => {
                let movement = match action {
                    Action::Down => Move::Down,
                    Action::Up => Move::Up,
                    Action::PageDown => Move::PageDown,
                    Action::PageUp => Move::PageUp,
                    Action::First => Move::Top,
                    Action::Last => Move::Bottom,
                    Action::Quit => {
                        self.cancelled = true;
                        return;
                    }
                    _ => return,
                };
                self.state.apply(movement);
            }
            Msg::Resize(w, h) => self.state.set_page((self.page_for)(w, h)),
            Msg::Progress(p) => self.state.progress = p,
            Msg::Checking => self.state.checking(),
            // The new incidents, unless the loader is appending right now
            // (the last rows stay on screen; the next look catches up).
            Msg::Arrived => {
                if let Ok(incidents) = self.arrived.try_read() {
                    self.state.take_in(&incidents);
                }
            }
            _ => {}
        }
    }
}

/// The screen: loading, or browsing.
#[derive(Debug)]
pub enum Screen {
    Loading(Box<Loading>),
    Browsing(Box<App>),
}

impl Screen {
    /// The mode keys are read in.
    pub fn mode(&self) -> Mode {
        match self {
            Screen::Loading(_) => Mode::Loading,
            Screen::Browsing(app) => app.mode(),
        }
    }

    /// Carries out one message; effects are the browser's.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match self {
            Screen::Loading(loading) => {
                loading.update(msg);
                Vec::new()
            }
            Screen::Browsing(app) => app.update(msg),
        }
    }

    /// The user asked to leave (or, loading, to cancel).
    pub fn should_quit(&self) -> bool {
        match self {
            Screen::Loading(loading) => loading.cancelled,
            Screen::Browsing(app) => app.should_quit,
        }
    }

    /// Something is expected soon (a search result, the loader's next
    /// report): the loop looks again sooner.
    pub fn expecting(&self) -> bool {
        match self {
            Screen::Loading(_) => true,
            Screen::Browsing(app) => app.search_pending(),
        }
    }
}

impl App {
    /// The mode keys are read in.
    pub fn mode(&self) -> Mode {
        if self.editing.is_some() || self.search_open {
            Mode::Typing
        } else if self.help_open {
            Mode::Help
        } else if self.text_cursor().is_some() {
            Mode::Select
        } else {
            Mode::Browse
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::load_bytes;

    fn loading() -> Screen {
        let mut lines = String::new();
        for n in 0..50 {
            lines.push_str(&format!(
                "{{\"type\": \"incident\", \"id\": \"i{n:02}\", \"killed\": 1}}\n"
            ));
        }
        let incidents = load_bytes("t", lines.as_bytes()).dataset.incidents;
        let arrived = Arrived::default();
        *arrived.write().expect("lock") = incidents;
        Screen::Loading(Box::new(Loading::new("t", arrived, |_, h| {
            usize::from(h / 2)
        })))
    }

    #[test]
    fn the_loading_screen_takes_messages_like_the_browser() {
        let mut screen = loading();
        assert_eq!(screen.mode(), Mode::Loading);
        screen.update(Msg::Resize(80, 20));
        screen.update(Msg::Arrived);
        screen.update(Msg::Action(Action::Last));
        screen.update(Msg::Action(Action::Up));
        // The rows on screen are copied at the next look.
        screen.update(Msg::Arrived);
        let Screen::Loading(l) = &screen else {
            panic!("loading")
        };
        assert_eq!(l.state.seen(), 50);
        assert_eq!(l.state.selected(), 48);
        assert_eq!(l.state.chosen_id(), Some("i48"));
        assert!(!screen.should_quit());
        assert!(screen.update(Msg::Action(Action::Accept)).is_empty());
        screen.update(Msg::Action(Action::Quit));
        assert!(screen.should_quit(), "quit cancels the load");
    }
}
