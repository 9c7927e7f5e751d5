//! Where each part of the screen goes, for drawing and for mouse hits alike.

use ratatui::layout::{Constraint, Layout, Rect};

/// Narrowest and widest sidebar, in columns.
const SIDEBAR_COLUMNS: (u16, u16) = (24, 60);
/// Widest line of text in the reading pane: a comfortable measure.
pub const MEASURE: u16 = 80;
/// Below this size only a "too small" note is shown.
pub const MIN_SIZE: (u16, u16) = (40, 8);

/// The screen's parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    /// The filter bar, one line.
    pub filter: Rect,
    /// Headline rows.
    pub sidebar: Rect,
    /// The line between sidebar and reader.
    pub divider: Rect,
    /// The reading pane, scrollbar included.
    pub reader: Rect,
    /// The status bar, one line.
    pub status: Rect,
    /// Columns of text in the reading pane.
    pub text_width: u16,
    /// Too small to show anything but a note.
    pub too_small: bool,
}

/// Lays out a screen of `area`.
pub fn areas(area: Rect) -> Areas {
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return Areas {
            too_small: true,
            ..Areas::default()
        };
    }
    let [filter, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let sidebar_width = (area.width / 3).clamp(SIDEBAR_COLUMNS.0, SIDEBAR_COLUMNS.1);
    let [sidebar, divider, reader] = Layout::horizontal([
        Constraint::Length(sidebar_width),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(body);
    // A column of margin on the left, the scrollbar on the right.
    let text_width = reader.width.saturating_sub(3).min(MEASURE);
    Areas {
        filter,
        sidebar,
        divider,
        reader,
        status,
        text_width,
        too_small: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_tile_the_screen() {
        let a = areas(Rect::new(0, 0, 120, 40));
        assert_eq!(a.filter, Rect::new(0, 0, 120, 1));
        assert_eq!(a.status, Rect::new(0, 39, 120, 1));
        assert_eq!(a.sidebar, Rect::new(0, 1, 40, 38));
        assert_eq!(a.divider, Rect::new(40, 1, 1, 38));
        assert_eq!(a.reader, Rect::new(41, 1, 79, 38));
        assert_eq!(a.text_width, 76);
    }

    #[test]
    fn the_sidebar_is_bounded_and_the_measure_caps_the_text() {
        let wide = areas(Rect::new(0, 0, 300, 40));
        assert_eq!(wide.sidebar.width, 60);
        assert_eq!(wide.text_width, MEASURE);
        let narrow = areas(Rect::new(0, 0, 50, 20));
        assert_eq!(narrow.sidebar.width, 24);
    }

    #[test]
    fn small_screens_are_too_small() {
        assert!(areas(Rect::new(0, 0, 39, 40)).too_small);
        assert!(areas(Rect::new(0, 0, 120, 7)).too_small);
        assert!(areas(Rect::new(0, 0, 0, 0)).too_small);
        assert!(!areas(Rect::new(0, 0, 40, 8)).too_small);
    }
}
