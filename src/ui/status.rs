//! The status bar: the focused pane, counts, the most useful keys for where
//! you are, and any message.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use unicode_width::UnicodeWidthStr;

use crate::action::Focus;
use crate::app::{App, Sort};
use crate::text::fit;

/// Draws the status bar into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.config().theme;
    let name = match app.focus() {
        Focus::Headlines if app.bookmarks_view() => "BOOKMARKS",
        Focus::Headlines => "HEADLINES",
        Focus::Reader => "READER",
        Focus::Filter => "FILTER",
        Focus::Search => "SEARCH",
    };
    // Where you are first: it must survive a narrow terminal; hints last.
    let mut place = Vec::new();
    if !app.rows().is_empty() {
        place.push(format!("{} of {}", app.selected() + 1, app.rows().len()));
    }
    if app.focus() == Focus::Reader
        && let Some(percent) = app.reading_percent()
    {
        place.push(format!("{percent}%"));
    }
    if let Some(search) = app.article_search() {
        place.push(format!(
            "/{} match {}/{}",
            fit(&search.pattern, 20),
            search.current + 1,
            search.hits.len()
        ));
    }
    place.push(format!("{} unread", app.unread()));
    if let Some(progress) = app.refreshing() {
        place.push(progress.to_string());
    }
    if app.hides_read() {
        place.push("read hidden".into());
    }
    if app.sort() != Sort::File {
        place.push(app.sort().name().into());
    }
    let name = format!(" {name} ");
    let place = format!(" {}  ", place.join(" · "));
    let used = name.width() + place.width();
    let room = usize::from(area.width).saturating_sub(used);
    let mut spans = vec![Span::styled(name, theme.status_focus), Span::raw(place)];
    if app.focus() == Focus::Search {
        // The prompt, as less has it, with the cursor in it.
        let line = app.search_line();
        let prompt_x = area.x
            + u16::try_from(used + 1 + line.as_str()[..line.cursor()].width()).unwrap_or(u16::MAX);
        spans.push(Span::styled("/", theme.matched));
        spans.push(Span::raw(line.as_str().to_string()));
        frame.render_widget(
            Paragraph::new(Line::from(spans)).style(theme.status_bar),
            area,
        );
        frame.set_cursor_position(Position::new(
            prompt_x.min(area.right().saturating_sub(1)),
            area.y,
        ));
        return;
    }
    match (app.pending_keys(), app.message()) {
        (Some(keys), _) => spans.push(Span::styled(format!("{keys}…"), theme.message)),
        (None, Some(message)) => spans.push(Span::styled(fit(message, room), theme.message)),
        (None, None) => spans.push(Span::raw(whole_hints(
            app.config().keymap.hints(app.focus()),
            room,
        ))),
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status_bar),
        area,
    );
}

/// As many of the hints ("j/k move · Enter read · …") as fit in `room`
/// columns, whole: a hint cut mid-word says nothing.
fn whole_hints(hints: &str, room: usize) -> String {
    let mut shown = String::new();
    for hint in hints.split(" · ") {
        let wider = if shown.is_empty() {
            hint.to_string()
        } else {
            format!("{shown} · {hint}")
        };
        if wider.width() > room {
            break;
        }
        shown = wider;
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_that_do_not_fit_are_dropped_whole() {
        let hints = "j/k move · Enter read · / filter · ? help · q quit";
        assert_eq!(whole_hints(hints, 100), hints);
        assert_eq!(whole_hints(hints, 30), "j/k move · Enter read");
        assert_eq!(whole_hints(hints, 5), "");
    }
}
