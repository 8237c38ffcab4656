//! A terminal far larger than any screen (65535x65535 cells, as a broken
//! or hostile terminal may report) would make ratatui allocate two frame
//! buffers of billions of cells (206 GB) before the first frame. The
//! backend is wrapped so the size ratatui sees is bounded; the browser
//! draws that top-left area and says so.

use std::cell::Cell;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell as BufferCell;
use ratatui::layout::{Position, Size};

/// The largest area drawn: more columns and rows than any real screen
/// holds, and two buffers of it stay a few tens of megabytes.
pub const MAX_COLUMNS: u16 = 1000;
pub const MAX_ROWS: u16 = 500;

/// `size` within [`MAX_COLUMNS`] x [`MAX_ROWS`].
pub fn bound(size: Size) -> Size {
    Size::new(size.width.min(MAX_COLUMNS), size.height.min(MAX_ROWS))
}

/// A backend whose reported size is bounded; everything else is passed on.
#[derive(Debug)]
pub struct Bounded<B> {
    inner: B,
    /// The terminal's own size at the last look, when it was over the bound.
    over: Cell<Option<Size>>,
}

impl<B: Backend> Bounded<B> {
    pub fn new(inner: B) -> Bounded<B> {
        Bounded {
            inner,
            over: Cell::new(None),
        }
    }

    /// The terminal's real size when it is larger than what is drawn.
    pub fn over_bound(&self) -> Option<Size> {
        self.over.get()
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }
}

impl<B: Backend> Backend for Bounded<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a BufferCell)>,
    {
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        let real = self.inner.size()?;
        let drawn = bound(real);
        self.over.set((drawn != real).then_some(real));
        Ok(drawn)
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        let mut size = self.inner.window_size()?;
        size.columns_rows = bound(size.columns_rows);
        Ok(size)
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}
