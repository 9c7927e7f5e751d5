//! The reading pane: the visible slice of the wrapped article, centred at a
//! comfortable measure, with a scrollbar and the position in percent.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::app::App;
use crate::filter::matching::{CompiledQuery, text_hits};
use crate::filter::query::Query;
use crate::wrapped::{LineKind, WrappedLine};

use crate::theme::Theme;

/// Draws the open article into `area`, text `text_width` columns wide.
pub fn render(app: &App, frame: &mut Frame, area: Rect, text_width: u16) {
    let theme = &app.config().theme;
    let Some(wrapped) = app.wrapped() else {
        let note = if app.library().articles.is_empty() {
            "Nothing to read: no articles were found."
        } else {
            ""
        };
        frame.render_widget(Paragraph::new(Line::styled(note, theme.dim)), area);
        return;
    };
    let height = usize::from(area.height);
    let top = app.reader_top().min(wrapped.lines.len());
    let no_filter = Query::default();
    let query = app
        .compiled_query()
        .map_or(&no_filter, CompiledQuery::query);
    let lines: Vec<Line> = wrapped.lines[top..]
        .iter()
        .take(height)
        .map(|line| styled_line(theme, line, query))
        .collect();
    // Centre the measure in wide panes; keep a column for the scrollbar.
    let spare = area.width.saturating_sub(text_width + 1);
    let text_area = Rect {
        x: area.x + (spare / 2).max(1).min(spare),
        width: text_width.min(area.width),
        ..area
    };
    frame.render_widget(Paragraph::new(lines), text_area);
    if wrapped.lines.len() > height {
        let mut state =
            ScrollbarState::new(wrapped.lines.len().saturating_sub(height)).position(top);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            area,
            &mut state,
        );
    }
}

/// A line in its style, with the filter's matches in it highlighted: found
/// here, on the few lines shown, so a new filter never re-wraps the article.
fn styled_line<'a>(theme: &Theme, line: &'a WrappedLine, query: &Query) -> Line<'a> {
    let base = match line.kind {
        LineKind::Title => theme.title,
        LineKind::Meta | LineKind::Note => theme.dim,
        LineKind::Heading => theme.heading,
        LineKind::Body | LineKind::Preformatted | LineKind::Blank => Style::new(),
    };
    let highlights = if matches!(
        line.kind,
        LineKind::Body | LineKind::Heading | LineKind::Preformatted
    ) {
        text_hits(&line.text, query, usize::MAX)
    } else {
        Vec::new()
    };
    if highlights.is_empty() {
        return Line::styled(line.text.as_str(), base);
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for range in &highlights {
        spans.push(Span::styled(&line.text[at..range.start], base));
        spans.push(Span::styled(
            &line.text[range.clone()],
            base.patch(theme.matched),
        ));
        at = range.end;
    }
    spans.push(Span::styled(&line.text[at..], base));
    Line::from(spans)
}
