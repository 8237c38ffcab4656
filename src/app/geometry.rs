//! Where each screen region goes, as plain arithmetic shared by `update`
//! (which must know how many rows a pane shows) and the renderer.

/// A rectangle in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Area {
    /// The area inside a one-cell border.
    pub fn inner(self) -> Area {
        Area {
            x: self.x.saturating_add(1),
            y: self.y.saturating_add(1),
            width: self.width.saturating_sub(2),
            height: self.height.saturating_sub(2),
        }
    }

    pub fn contains(self, col: u16, row: u16) -> bool {
        col >= self.x
            && row >= self.y
            && u32::from(col) < u32::from(self.x) + u32::from(self.width)
            && u32::from(row) < u32::from(self.y) + u32::from(self.height)
    }
}

/// The smallest terminal we draw the browser in.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;

/// Width from which the list and detail panes sit side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// Rows the summary bar takes.
pub const SUMMARY_HEIGHT: u16 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Area,
    pub detail: Area,
    pub summary: Area,
    pub status: Area,
}

/// Splits the screen; `None` when it is too small to draw the browser.
pub fn panes(width: u16, height: u16) -> Option<Panes> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let main_height = height - SUMMARY_HEIGHT - 1;
    let (list, detail) = if width >= SIDE_BY_SIDE_WIDTH {
        let list_width = width * 11 / 20;
        (
            Area {
                x: 0,
                y: 0,
                width: list_width,
                height: main_height,
            },
            Area {
                x: list_width,
                y: 0,
                width: width - list_width,
                height: main_height,
            },
        )
    } else {
        let list_height = (main_height * 2 / 5).max(4).min(main_height);
        (
            Area {
                x: 0,
                y: 0,
                width,
                height: list_height,
            },
            Area {
                x: 0,
                y: list_height,
                width,
                height: main_height - list_height,
            },
        )
    };
    Some(Panes {
        list,
        detail,
        summary: Area {
            x: 0,
            y: main_height,
            width,
            height: SUMMARY_HEIGHT,
        },
        status: Area {
            x: 0,
            y: height - 1,
            width,
            height: 1,
        },
    })
}

/// Rows of incidents the list pane shows (inside its border, below its header).
pub fn list_rows(p: &Panes) -> usize {
    usize::from(p.list.inner().height.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_tile_the_screen() {
        for (w, h) in [(120, 40), (60, 20), (30, 8), (300, 100), (99, 10)] {
            let p = panes(w, h).expect("big enough");
            let cells = |a: Area| u32::from(a.width) * u32::from(a.height);
            assert_eq!(
                cells(p.list) + cells(p.detail) + cells(p.summary) + cells(p.status),
                u32::from(w) * u32::from(h),
                "{w}x{h}"
            );
        }
        assert!(panes(29, 40).is_none());
        assert!(panes(0, 0).is_none());
    }
}
