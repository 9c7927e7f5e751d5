//! Drawing: one function per part of the screen, each reading `&App`.
//!
//! Nothing here changes state or touches files; everything drawn comes from
//! the cleaned library, so no article text can reach the terminal as a
//! control sequence.

pub mod filter_bar;
pub mod help;
pub mod reader_pane;
pub mod sidebar;
pub mod status;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use crate::app::App;
use crate::layout::{MIN_SIZE, areas};

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = &app.config().theme;
    // The App's own layout, unless the frame is not the size it was told
    // (drawn before the resize event arrives, or in a test at any size).
    let parts = if app.size() == (area.width, area.height) && area.x == 0 && area.y == 0 {
        app.areas()
    } else {
        areas(area, &app.config().layout, app.shown_pane())
    };
    if parts.too_small {
        let note = format!(
            "Terminal too small: folio needs {}×{}.",
            MIN_SIZE.0, MIN_SIZE.1
        );
        frame.render_widget(
            Paragraph::new(Line::from(note)).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    filter_bar::render(app, frame, parts.filter);
    sidebar::render(app, frame, parts.sidebar);
    frame.render_widget(
        Paragraph::new(vec![Line::from("│"); usize::from(parts.divider.height)])
            .style(theme.border),
        parts.divider,
    );
    for frame_area in [parts.sidebar_frame, parts.reader_frame]
        .into_iter()
        .flatten()
    {
        frame.render_widget(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.border),
            frame_area,
        );
    }
    reader_pane::render(app, frame, parts.reader, parts.text_width);
    status::render(app, frame, parts.status);
    if app.help_visible() {
        help::render(app, frame, area);
    }
}
