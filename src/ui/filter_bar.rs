//! The filter bar: the query with a cursor while typing, the match count,
//! and a hint when empty.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Focus};

use super::theme;

/// Draws the filter bar into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let typing = app.focus() == Focus::Filter;
    let count = format!(
        "{}{}/{}",
        if app.is_filtering() { "… " } else { "" },
        app.rows().len(),
        app.library().articles.len()
    );
    let prompt = Span::styled("/ ", if typing { theme::MATCH } else { theme::DIM });
    let body = if app.query().is_empty() && !typing {
        Span::styled("to filter", theme::DIM)
    } else {
        Span::raw(app.query().to_string())
    };
    let used = 2 + body.content.width();
    let gap = usize::from(area.width).saturating_sub(used + count.width() + 1);
    let line = Line::from(vec![
        prompt,
        body,
        Span::raw(" ".repeat(gap)),
        Span::styled(count, theme::DIM),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if typing {
        let x = area
            .x
            .saturating_add(u16::try_from(used).unwrap_or(u16::MAX));
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
    }
}
