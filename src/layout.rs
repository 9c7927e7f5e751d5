//! Where each part of the screen goes, for drawing and for mouse hits alike,
//! following the layout a person configured.

use ratatui::layout::{Constraint, Layout, Margin, Rect};

/// Below this size only a "too small" note is shown.
pub const MIN_SIZE: (u16, u16) = (40, 8);

/// The narrowest reading pane worth showing beside the sidebar: on a
/// screen with less room than the sidebar's least width, a divider and this,
/// one pane is shown at a time, whole.
pub const MIN_READER_COLUMNS: u16 = 40;

/// One of the two panes: on a narrow screen, the one shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The headlines (also while the filter is typed).
    Headlines,
    /// The reading pane.
    Reader,
}

/// How wide the sidebar is asked to be, before its bounds apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SidebarWidth {
    /// A number of columns.
    Columns(u16),
    /// A share of the screen's width, in percent.
    Percent(u16),
}

/// Where the filter bar sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterBarPosition {
    /// Above the panes.
    Top,
    /// Below the panes, just above the status bar.
    Bottom,
}

/// The layout a person chose (the `[layout]` section of the config file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutOptions {
    /// The sidebar's width.
    pub sidebar_width: SidebarWidth,
    /// The narrowest the sidebar gets, in columns.
    pub sidebar_min: u16,
    /// The widest the sidebar gets, in columns.
    pub sidebar_max: u16,
    /// The widest line of text in the reader: a comfortable measure.
    pub measure: u16,
    /// Frame the sidebar and the reader instead of a line between them.
    pub borders: bool,
    /// Where the filter bar sits.
    pub filter_bar: FilterBarPosition,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            sidebar_width: SidebarWidth::Percent(33),
            sidebar_min: 24,
            sidebar_max: 60,
            measure: 80,
            borders: false,
            filter_bar: FilterBarPosition::Top,
        }
    }
}

/// The screen's parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    /// The filter bar, one line.
    pub filter: Rect,
    /// Headline rows.
    pub sidebar: Rect,
    /// The line between sidebar and reader (empty with borders).
    pub divider: Rect,
    /// The reading pane, scrollbar included.
    pub reader: Rect,
    /// The sidebar's border, when borders are on.
    pub sidebar_frame: Option<Rect>,
    /// The reader's border, when borders are on.
    pub reader_frame: Option<Rect>,
    /// The status bar, one line.
    pub status: Rect,
    /// Columns of text in the reading pane.
    pub text_width: u16,
    /// Too small to show anything but a note.
    pub too_small: bool,
    /// On a screen too narrow for both panes, the one shown (the other's
    /// area is empty); `None` when both are.
    pub single_pane: Option<Pane>,
}

/// Lays out a screen of `area` as `options` ask; `shown` is the pane a
/// screen too narrow for both shows.
pub fn areas(area: Rect, options: &LayoutOptions, shown: Pane) -> Areas {
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return Areas {
            too_small: true,
            ..Areas::default()
        };
    }
    let rows = [
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ];
    let (filter, body, status) = match options.filter_bar {
        FilterBarPosition::Top => {
            let [filter, body, status] = Layout::vertical(rows).areas(area);
            (filter, body, status)
        }
        FilterBarPosition::Bottom => {
            let [body, filter, status] = Layout::vertical([rows[1], rows[0], rows[2]]).areas(area);
            (filter, body, status)
        }
    };
    let asked = match options.sidebar_width {
        SidebarWidth::Columns(columns) => columns,
        SidebarWidth::Percent(percent) => {
            u16::try_from((u32::from(area.width) * u32::from(percent) + 50) / 100)
                .unwrap_or(u16::MAX)
        }
    };
    let sidebar_width = asked
        .clamp(
            options.sidebar_min,
            options.sidebar_max.max(options.sidebar_min),
        )
        // The reader keeps a third of the screen, whatever was asked.
        .min(area.width - area.width / 3);
    let divider_width = u16::from(!options.borders);
    let single_pane =
        (body.width < options.sidebar_min + divider_width + MIN_READER_COLUMNS).then_some(shown);
    let [sidebar, divider, reader] = match single_pane {
        None => Layout::horizontal([
            Constraint::Length(sidebar_width),
            Constraint::Length(divider_width),
            Constraint::Fill(1),
        ])
        .areas(body),
        Some(Pane::Headlines) => [body, Rect::default(), Rect::default()],
        Some(Pane::Reader) => [Rect::default(), Rect::default(), body],
    };
    let frame = |pane: Rect| (options.borders && !pane.is_empty()).then_some(pane);
    let (sidebar_frame, reader_frame) = (frame(sidebar), frame(reader));
    let inner = |pane: Rect| {
        if options.borders {
            pane.inner(Margin::new(1, 1))
        } else {
            pane
        }
    };
    let (sidebar, reader) = (inner(sidebar), inner(reader));
    // A column of margin on the left, the scrollbar on the right; on a
    // narrow screen, the width the reader has when shown, so switching
    // panes never re-wraps.
    let reader_width = match single_pane {
        None => reader.width,
        Some(_) => inner(body).width,
    };
    let text_width = reader_width.saturating_sub(3).min(options.measure);
    Areas {
        filter,
        sidebar,
        divider,
        reader,
        sidebar_frame,
        reader_frame,
        status,
        text_width,
        too_small: false,
        single_pane,
    }
}

/// How many of `total` help rows fit on a screen `height` rows tall: the
/// overlay's border takes two.
pub fn help_rows_shown(total: usize, height: u16) -> usize {
    total.min(usize::from(height.saturating_sub(2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_areas(area: Rect) -> Areas {
        areas(area, &LayoutOptions::default(), Pane::Headlines)
    }

    #[test]
    fn parts_tile_the_screen() {
        let a = default_areas(Rect::new(0, 0, 120, 40));
        assert_eq!(a.filter, Rect::new(0, 0, 120, 1));
        assert_eq!(a.status, Rect::new(0, 39, 120, 1));
        assert_eq!(a.sidebar, Rect::new(0, 1, 40, 38));
        assert_eq!(a.divider, Rect::new(40, 1, 1, 38));
        assert_eq!(a.reader, Rect::new(41, 1, 79, 38));
        assert_eq!(a.text_width, 76);
        assert_eq!((a.sidebar_frame, a.reader_frame), (None, None));
    }

    #[test]
    fn the_sidebar_is_bounded_and_the_measure_caps_the_text() {
        let wide = default_areas(Rect::new(0, 0, 300, 40));
        assert_eq!(wide.sidebar.width, 60);
        assert_eq!(wide.text_width, 80);
        let narrow = default_areas(Rect::new(0, 0, 70, 20));
        assert_eq!(narrow.sidebar.width, 24);
        assert_eq!(narrow.single_pane, None);
    }

    #[test]
    fn a_sidebar_in_columns_within_its_bounds() {
        let options = |sidebar_width| LayoutOptions {
            sidebar_width,
            ..LayoutOptions::default()
        };
        let screen = Rect::new(0, 0, 120, 40);
        assert_eq!(
            areas(screen, &options(SidebarWidth::Columns(30)), Pane::Headlines)
                .sidebar
                .width,
            30
        );
        assert_eq!(
            areas(screen, &options(SidebarWidth::Columns(10)), Pane::Headlines)
                .sidebar
                .width,
            24
        );
        assert_eq!(
            areas(screen, &options(SidebarWidth::Columns(90)), Pane::Headlines)
                .sidebar
                .width,
            60
        );
        assert_eq!(
            areas(screen, &options(SidebarWidth::Percent(50)), Pane::Headlines)
                .sidebar
                .width,
            60
        );
        assert_eq!(
            areas(screen, &options(SidebarWidth::Percent(25)), Pane::Headlines)
                .sidebar
                .width,
            30
        );
        let unbounded = LayoutOptions {
            sidebar_width: SidebarWidth::Columns(110),
            sidebar_max: 200,
            ..LayoutOptions::default()
        };
        // Never so wide that the reader goes: it keeps a third.
        assert_eq!(areas(screen, &unbounded, Pane::Headlines).sidebar.width, 80);
    }

    #[test]
    fn a_narrower_measure_narrows_the_text() {
        let options = LayoutOptions {
            measure: 60,
            ..LayoutOptions::default()
        };
        assert_eq!(
            areas(Rect::new(0, 0, 200, 40), &options, Pane::Headlines).text_width,
            60
        );
    }

    #[test]
    fn borders_frame_both_panes_and_take_their_edges() {
        let options = LayoutOptions {
            borders: true,
            ..LayoutOptions::default()
        };
        let a = areas(Rect::new(0, 0, 120, 40), &options, Pane::Headlines);
        assert_eq!(a.sidebar_frame, Some(Rect::new(0, 1, 40, 38)));
        assert_eq!(a.sidebar, Rect::new(1, 2, 38, 36));
        assert_eq!(a.reader_frame, Some(Rect::new(40, 1, 80, 38)));
        assert_eq!(a.reader, Rect::new(41, 2, 78, 36));
        assert_eq!(a.divider.width, 0);
    }

    #[test]
    fn the_filter_bar_can_sit_at_the_bottom() {
        let options = LayoutOptions {
            filter_bar: FilterBarPosition::Bottom,
            ..LayoutOptions::default()
        };
        let a = areas(Rect::new(0, 0, 120, 40), &options, Pane::Headlines);
        assert_eq!(a.filter, Rect::new(0, 38, 120, 1));
        assert_eq!(a.status, Rect::new(0, 39, 120, 1));
        assert_eq!(a.sidebar.y, 0);
        assert_eq!(a.sidebar.height, 38);
    }

    #[test]
    fn a_screen_too_narrow_for_both_panes_shows_the_focused_one_whole() {
        let screen = Rect::new(0, 0, 40, 20);
        let options = LayoutOptions::default();
        let headlines = areas(screen, &options, Pane::Headlines);
        assert_eq!(headlines.single_pane, Some(Pane::Headlines));
        assert_eq!(headlines.sidebar, Rect::new(0, 1, 40, 18));
        assert!(headlines.reader.is_empty() && headlines.divider.is_empty());
        let reader = areas(screen, &options, Pane::Reader);
        assert_eq!(reader.reader, Rect::new(0, 1, 40, 18));
        assert!(reader.sidebar.is_empty());
        // The same text width either way: switching panes never re-wraps.
        assert_eq!((headlines.text_width, reader.text_width), (37, 37));
        // Both panes from the sidebar's least width + divider + the reader's.
        let both = areas(Rect::new(0, 0, 65, 20), &options, Pane::Reader);
        assert_eq!(both.single_pane, None);
        assert_eq!(both.sidebar.width, 24);
        assert_eq!(both.reader.width, 40);
        assert_eq!(
            areas(Rect::new(0, 0, 64, 20), &options, Pane::Reader).single_pane,
            Some(Pane::Reader)
        );
    }

    #[test]
    fn small_screens_are_too_small() {
        assert!(default_areas(Rect::new(0, 0, 39, 40)).too_small);
        assert!(default_areas(Rect::new(0, 0, 120, 7)).too_small);
        assert!(default_areas(Rect::new(0, 0, 0, 0)).too_small);
        assert!(!default_areas(Rect::new(0, 0, 40, 8)).too_small);
    }
}
