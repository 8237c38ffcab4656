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

/// What the screen must make room for besides incidents and text: the
/// search box's rows at the top of the list, and the status area's rows
/// (a long message takes more than one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    pub search_rows: u16,
    pub status_rows: u16,
}

/// Incidents the list keeps on screen while the search box is shown.
pub const SEARCH_LIST_ROWS: u16 = 3;

/// The most rows the status area grows to for a long message.
pub const MAX_STATUS_ROWS: u16 = 4;

/// Rows the list and detail panes keep between them, whatever the status
/// area needs.
const MIN_MAIN_HEIGHT: u16 = MIN_HEIGHT - SUMMARY_HEIGHT - 1;

/// The list pane's width on a screen `width` columns wide.
pub fn list_width(width: u16) -> u16 {
    if width >= SIDE_BY_SIDE_WIDTH {
        width * 11 / 20
    } else {
        width
    }
}

/// Rows the status area takes for a message of `rows` rows on a screen
/// `height` rows high.
pub fn status_rows(rows: u16, height: u16) -> u16 {
    let room = height.saturating_sub(SUMMARY_HEIGHT + MIN_MAIN_HEIGHT);
    rows.clamp(1, MAX_STATUS_ROWS).min(room.max(1))
}

/// Splits the screen; `None` when it is too small to draw the browser.
pub fn panes(width: u16, height: u16, needs: Needs) -> Option<Panes> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let status_height = status_rows(needs.status_rows, height);
    let main_height = height - SUMMARY_HEIGHT - status_height;
    let (list, detail) = if width >= SIDE_BY_SIDE_WIDTH {
        let list_width = list_width(width);
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
        let share = (main_height * 2 / 5).max(4);
        // Borders, the column headings, the search box and a few incidents;
        // the detail pane keeps its borders and a line.
        let searching = if needs.search_rows > 0 {
            (2 + 1 + needs.search_rows + SEARCH_LIST_ROWS).min(main_height.saturating_sub(3))
        } else {
            0
        };
        let list_height = share.max(searching).min(main_height);
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
            y: height - status_height,
            width,
            height: status_height,
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
            let p = panes(w, h, Needs::default()).expect("big enough");
            let cells = |a: Area| u32::from(a.width) * u32::from(a.height);
            assert_eq!(
                cells(p.list) + cells(p.detail) + cells(p.summary) + cells(p.status),
                u32::from(w) * u32::from(h),
                "{w}x{h}"
            );
        }
        assert!(panes(29, 40, Needs::default()).is_none());
        assert!(panes(0, 0, Needs::default()).is_none());
    }

    #[test]
    fn searching_keeps_three_incidents_listed() {
        for (w, h) in [(50, 15), (60, 20), (80, 14), (120, 15)] {
            for search_rows in [1, 2] {
                let needs = Needs {
                    search_rows,
                    status_rows: 1,
                };
                let p = panes(w, h, needs).expect("big enough");
                let shown = list_rows(&p) - usize::from(search_rows);
                assert!(shown >= 3, "{w}x{h} with {search_rows}: {shown}");
            }
        }
    }

    #[test]
    fn the_status_area_grows_for_a_long_message_and_the_panes_still_tile() {
        for (w, h) in [(80, 24), (50, 15), (30, 8), (120, 40)] {
            for status_rows in [1, 2, 3, 9] {
                let needs = Needs {
                    search_rows: 1,
                    status_rows,
                };
                let p = panes(w, h, needs).expect("big enough");
                let cells = |a: Area| u32::from(a.width) * u32::from(a.height);
                assert_eq!(
                    cells(p.list) + cells(p.detail) + cells(p.summary) + cells(p.status),
                    u32::from(w) * u32::from(h),
                    "{w}x{h}"
                );
                assert!(p.status.height >= 1 && p.status.height <= MAX_STATUS_ROWS);
                assert!(p.list.height + p.detail.height >= MIN_MAIN_HEIGHT);
            }
        }
        let p = panes(
            80,
            24,
            Needs {
                search_rows: 0,
                status_rows: 2,
            },
        )
        .expect("fits");
        assert_eq!((p.status.y, p.status.height), (22, 2));
    }
}
