//! Drawing only what changed: the event loop wakes up now and then to
//! notice signals, and a wake-up with no message must cost nothing (a
//! frame of a million-incident browser is not free).

use ratatui::backend::Backend;
use ratatui::{Frame, Terminal};

/// Whether the screen has changed since it was last drawn. The screen
/// changes only through messages, so every message marks it.
#[derive(Debug)]
pub struct Redraw {
    stale: bool,
}

impl Default for Redraw {
    /// Nothing drawn yet: the first frame is due.
    fn default() -> Redraw {
        Redraw { stale: true }
    }
}

impl Redraw {
    /// A message was handed to the screen.
    pub fn changed(&mut self) {
        self.stale = true;
    }

    /// Whether the screen changed since the last frame.
    pub fn due(&self) -> bool {
        self.stale
    }

    /// The frame is drawn: nothing is due until the next message.
    pub fn drawn(&mut self) {
        self.stale = false;
    }

    /// Draws with `render` if the screen changed since the last frame;
    /// true if it did.
    pub fn draw<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        render: impl FnOnce(&mut Frame),
    ) -> Result<bool, B::Error> {
        if !self.stale {
            return Ok(false);
        }
        terminal.draw(render)?;
        self.stale = false;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Paragraph;

    #[test]
    fn an_idle_wake_up_draws_nothing_and_a_message_draws_again() {
        let mut terminal = Terminal::new(TestBackend::new(20, 2)).unwrap();
        let mut redraw = Redraw::default();
        let mut frames = 0;
        let mut tick = |redraw: &mut Redraw, text: &str| {
            let text = text.to_string();
            let drawn = redraw
                .draw(&mut terminal, |f| {
                    f.render_widget(Paragraph::new(text), f.area())
                })
                .unwrap();
            frames += usize::from(drawn);
            format!("{:?}", terminal.backend().buffer().content()[0].symbol())
        };
        assert_eq!(tick(&mut redraw, "a"), "\"a\"", "the first frame is drawn");
        for _ in 0..5 {
            tick(&mut redraw, "b");
        }
        redraw.changed();
        assert_eq!(tick(&mut redraw, "c"), "\"c\"", "a message draws again");
        assert_eq!(frames, 2, "idle wake-ups drew no frame");
    }
}
