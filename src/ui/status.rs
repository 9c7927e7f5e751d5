//! The status bar: the focused pane, counts, the most useful keys for where
//! you are, and any message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::Focus;
use crate::app::App;

use super::reader_pane;

/// Draws the status bar into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.config().theme;
    let name = match app.focus() {
        Focus::Headlines => "HEADLINES",
        Focus::Reader => "READER",
        Focus::Filter => "FILTER",
    };
    // Where you are first: it must survive a narrow terminal; hints last.
    let mut place = Vec::new();
    if !app.rows().is_empty() {
        place.push(format!("{} of {}", app.selected() + 1, app.rows().len()));
    }
    if app.focus() == Focus::Reader {
        let height = app.areas().reader.height;
        if let Some(percent) = reader_pane::percent(app, height) {
            place.push(format!("{percent}%"));
        }
    }
    place.push(format!("{} unread", app.unread()));
    let mut spans = vec![
        Span::styled(format!(" {name} "), theme.status_focus),
        Span::raw(format!(" {}  ", place.join(" · "))),
    ];
    match (app.pending_keys(), app.message()) {
        (Some(keys), _) => spans.push(Span::styled(format!("{keys}…"), theme.message)),
        (None, Some(message)) => spans.push(Span::styled(message.to_string(), theme.message)),
        (None, None) => spans.push(Span::raw(app.config().keymap.hints(app.focus()))),
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status_bar),
        area,
    );
}
