//! The reading pane: the visible slice of the wrapped article, centred at a
//! comfortable measure, with a scrollbar, and the filter's or the search's
//! matches marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use std::ops::Range;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::app::App;
use crate::article::Inline;
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
        .enumerate()
        .map(|(offset, line)| {
            let marks = match app.article_search() {
                // A search shows its own matches, the current one apart.
                Some(search) => {
                    let (hits, current) = search.hits_on(top + offset);
                    hits.iter()
                        .enumerate()
                        .map(|(index, (_, range))| (range.clone(), Some(index) == current))
                        .collect()
                }
                None => filter_marks(line, query),
            };
            styled_line(theme, line, &marks)
        })
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

/// Where the filter's matches are on a line of text (not the headline or
/// the meta line): found here, on the few lines shown, so a new filter
/// never re-wraps the article.
fn filter_marks(line: &WrappedLine, query: &Query) -> Vec<(Range<usize>, bool)> {
    if matches!(
        line.kind,
        LineKind::Body | LineKind::Heading | LineKind::Preformatted | LineKind::Quote
    ) {
        text_hits(&line.text, query, usize::MAX)
            .into_iter()
            .map(|range| (range, false))
            .collect()
    } else {
        Vec::new()
    }
}

/// A line in its style, its styled runs set (emphasis, code, links), with
/// `marks` (byte ranges, in order; `true` for the current search match)
/// highlighted over them.
fn styled_line<'a>(
    theme: &Theme,
    line: &'a WrappedLine,
    marks: &[(Range<usize>, bool)],
) -> Line<'a> {
    let base = match line.kind {
        LineKind::Title => theme.title,
        LineKind::Meta | LineKind::Note => theme.dim,
        LineKind::Heading => theme.heading,
        LineKind::Preformatted => theme.code,
        LineKind::Quote => theme.quote,
        LineKind::Body | LineKind::Link | LineKind::Blank => Style::new(),
    };
    if marks.is_empty() && line.styles.is_empty() {
        return Line::styled(line.text.as_str(), base);
    }
    let text = line.text.as_str();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for range in line
        .styles
        .iter()
        .map(|(range, _)| range)
        .chain(marks.iter().map(|(range, _)| range))
    {
        cuts.extend([range.start.min(text.len()), range.end.min(text.len())]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let spans = cuts
        .windows(2)
        .filter_map(|pair| {
            let (start, end) = (pair[0], pair[1]);
            let piece = text.get(start..end)?;
            let covers = |range: &Range<usize>| range.start <= start && end <= range.end;
            let mut style = base;
            for (_, inline) in line.styles.iter().filter(|(range, _)| covers(range)) {
                style = style.patch(inline_style(theme, *inline));
            }
            if let Some((_, current)) = marks.iter().find(|(range, _)| covers(range)) {
                style = style.patch(theme.matched);
                if *current {
                    style = style.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED);
                }
            }
            Some(Span::styled(piece, style))
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}

/// The theme's style for one kind of styled run.
fn inline_style(theme: &Theme, inline: Inline) -> Style {
    match inline {
        Inline::Emphasis => theme.emphasis,
        Inline::Strong => theme.strong,
        Inline::Code => theme.code,
        Inline::Link => theme.link,
        Inline::Image => theme.dim,
    }
}
