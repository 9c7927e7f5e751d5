//! The status bar: the focused pane, counts, the most useful keys for where
//! you are, and any message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, Focus};

use super::{layout::areas, reader_pane, theme};

/// Draws the status bar into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let (name, hints) = match app.focus() {
        Focus::Sidebar => (
            "HEADLINES",
            "j/k move · Enter read · / filter · ? help · q quit",
        ),
        Focus::Reader => (
            "READER",
            "j/k scroll · Space page · J/K next/prev · n/N matches · h back",
        ),
        Focus::Filter => (
            "FILTER",
            "type to filter · Enter keep · Esc clear · ↑/↓ move",
        ),
    };
    // Where you are first: it must survive a narrow terminal; hints last.
    let mut place = Vec::new();
    if !app.rows().is_empty() {
        place.push(format!("{} of {}", app.selected() + 1, app.rows().len()));
    }
    if app.focus() == Focus::Reader {
        let (columns, rows) = app.size();
        let height = areas(Rect::new(0, 0, columns, rows)).reader.height;
        if let Some(percent) = reader_pane::percent(app, height) {
            place.push(format!("{percent}%"));
        }
    }
    place.push(format!("{} unread", app.unread()));
    let mut spans = vec![
        Span::styled(format!(" {name} "), theme::FOCUS),
        Span::raw(format!(" {}  ", place.join(" · "))),
    ];
    match app.message() {
        Some(message) => spans.push(Span::styled(message.to_string(), theme::MESSAGE)),
        None => spans.push(Span::raw(hints)),
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme::STATUS), area);
}
