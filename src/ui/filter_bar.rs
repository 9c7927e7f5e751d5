//! The filter bar: the query with a cursor while typing, the match count,
//! and a hint when empty.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::action::{Action, Focus};
use crate::app::App;

/// Draws the filter bar into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.config().theme;
    let typing = app.focus() == Focus::Filter;
    // In the bookmarks view the count is of bookmarks, not the library.
    let (shown, of, view) = if app.bookmarks_view() {
        (
            app.rows().len() + app.missing_bookmarks().len(),
            app.bookmark_count(),
            "bookmarks ",
        )
    } else {
        (app.rows().len(), app.library().articles.len(), "")
    };
    let count = format!(
        "{}{view}{shown}/{of}",
        if app.is_filtering() { "… " } else { "" },
    );
    let idle = app.query().is_empty() && !typing;
    let (prompt, body) = if idle {
        // The key that starts a filter, whatever it is bound to.
        let key = app
            .config()
            .keymap
            .key_for(Focus::Headlines, &Action::StartFilter)
            .unwrap_or_default();
        (
            Span::styled(format!("{key} "), theme.dim),
            Span::styled("to filter", theme.dim),
        )
    } else {
        let style = if typing { theme.matched } else { theme.dim };
        (
            Span::styled("/ ", style),
            Span::raw(app.query().to_string()),
        )
    };
    let used = prompt.content.width() + body.content.width();
    let gap = usize::from(area.width).saturating_sub(used + count.width() + 1);
    let line = Line::from(vec![
        prompt,
        body,
        Span::raw(" ".repeat(gap)),
        Span::styled(count, theme.dim),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if typing {
        // The cursor where the line's own cursor is, not at its end.
        let after = app.query()[app.query_cursor()..].width();
        let x = area
            .x
            .saturating_add(u16::try_from(used - after).unwrap_or(u16::MAX));
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
    }
}
