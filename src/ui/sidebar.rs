//! The sidebar: one headline per row, cut to fit, the selection marked and
//! the filter's matched characters highlighted on the rows shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::action::Focus;
use crate::app::App;
use crate::filter::matching::Where;

use crate::theme::Theme;

/// Mark for posts that are only an excerpt.
const EXCERPT_MARK: &str = " +";
/// Mark for bookmarked posts, in the bullet column.
const BOOKMARK_MARK: &str = "★";

/// Draws the headline rows into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.config().theme;
    let rows = app.rows();
    if rows.is_empty() && app.missing_bookmarks().is_empty() {
        let note = if app.library().articles.is_empty() {
            "no articles"
        } else if app.bookmarks_view() && app.bookmark_count() == 0 {
            "no bookmarks yet — b adds one, B shows everything"
        } else {
            "no matches"
        };
        frame.render_widget(Paragraph::new(Line::styled(note, theme.dim)), area);
        return;
    }
    let compiled = app.compiled_query();
    let width = usize::from(area.width);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(app.sidebar_top())
        .take(usize::from(area.height))
        .map(|(position, found)| {
            let index = found.index as usize;
            let Some(article) = app.library().articles.get(index) else {
                return Line::default();
            };
            let matched = match (&compiled, found.place()) {
                (Some(compiled), Where::Title) => compiled.title_positions(app.index(), index),
                _ => Vec::new(),
            };
            let mark = if article.truncated { EXCERPT_MARK } else { "" };
            let bullet = if app.is_bookmarked(index) {
                BOOKMARK_MARK
            } else {
                " "
            };
            let mut line = row(
                theme,
                bullet,
                app.library().title(article),
                mark,
                &matched,
                width,
            );
            if app.is_read(index) {
                line = line.patch_style(theme.read);
            }
            if position == app.selected() {
                let style = if app.focus() == Focus::Reader {
                    theme.selection_inactive
                } else {
                    theme.selection
                };
                line = line.patch_style(style);
            }
            line
        })
        .collect();
    let shown = lines.len();
    let missing = app
        .missing_bookmarks()
        .iter()
        .enumerate()
        .skip(app.sidebar_top().saturating_sub(rows.len()));
    let mut lines = lines;
    for (i, bookmark) in missing.take(usize::from(area.height).saturating_sub(shown)) {
        let title = format!("{} ({}, not loaded)", bookmark.title, bookmark.source);
        let mut line = row(theme, BOOKMARK_MARK, &title, "", &[], width).patch_style(theme.dim);
        if rows.len() + i == app.selected() {
            line = line.patch_style(theme.selection_inactive);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// One row: a one-column bullet (★ for bookmarks), the title cut with "…"
/// to leave room for `mark`, matched characters highlighted, padded to
/// `width` so the selection fills it. A title cut before its first matched
/// character is shown from a little before it instead, "…" in front, so
/// the row shows why it matched.
fn row<'a>(
    theme: &Theme,
    bullet: &'a str,
    title: &str,
    mark: &'a str,
    matched: &[usize],
    width: usize,
) -> Line<'a> {
    let room = width.saturating_sub(mark.len() + 1);
    let fits = title.width() <= room;
    let budget = if fits { room } else { room.saturating_sub(1) };
    let widths: Vec<usize> = title.chars().map(|c| c.width().unwrap_or(0)).collect();
    let columns = |from: usize, through: usize| widths[from..=through].iter().sum::<usize>();
    let start = match (matched.first(), matched.last()) {
        (Some(&first), Some(&last))
            if !fits && last < widths.len() && columns(0, first) > budget && budget > 1 =>
        {
            let end = widths.len() - 1;
            if columns(first, end) < budget {
                // The rest of the title fits from the match on: show as
                // much of it as fits after the leading "…".
                (0..=first)
                    .find(|&start| columns(start, end) < budget)
                    .unwrap_or(first)
            } else {
                // A few characters before the first match, as long as the
                // last still fits.
                let mut start = first.saturating_sub(3);
                while start < first && columns(start, last) > budget - 1 {
                    start += 1;
                }
                start
            }
        }
        _ => 0,
    };
    let mut spans = vec![Span::styled(bullet, theme.bookmark)];
    let mut used = 0;
    if start > 0 {
        spans.push(Span::raw("…"));
        used += 1;
    }
    let mut cut = false;
    for (position, c) in title.chars().enumerate().skip(start) {
        let w = widths[position];
        if used + w > budget {
            cut = true;
            break;
        }
        let style = if matched.binary_search(&position).is_ok() {
            theme.matched
        } else {
            Style::new()
        };
        spans.push(Span::styled(c.to_string(), style));
        used += w;
    }
    if (cut || (!fits && start == 0)) && room > 0 {
        spans.push(Span::raw("…"));
        used += 1;
    }
    spans.push(Span::styled(mark, theme.dim));
    let padding = width.saturating_sub(1 + used + mark.len());
    spans.push(Span::raw(" ".repeat(padding)));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn rows_fill_the_width_exactly() {
        for width in [10, 20, 40] {
            let line = row(
                &Theme::default(),
                " ",
                "A headline that is quite long indeed",
                " +",
                &[],
                width,
            );
            assert_eq!(text(&line).width(), width, "{:?}", text(&line));
        }
    }

    #[test]
    fn long_titles_are_cut_with_an_ellipsis() {
        let line = row(
            &Theme::default(),
            " ",
            "A headline that is quite long indeed",
            "",
            &[],
            12,
        );
        assert_eq!(text(&line).trim_end(), " A headline…");
        let short = row(&Theme::default(), " ", "Short", "", &[], 12);
        assert_eq!(text(&short).trim_end(), " Short");
    }

    #[test]
    fn wide_characters_are_measured_in_columns() {
        let line = row(&Theme::default(), " ", "中文标题很长很长", "", &[], 9);
        assert!(text(&line).width() <= 9);
        assert!(text(&line).contains('…'));
    }

    #[test]
    fn bookmarks_get_a_star_in_the_bullet_column() {
        let line = row(&Theme::default(), BOOKMARK_MARK, "Saved one", "", &[], 20);
        assert_eq!(text(&line), "★Saved one          ");
    }

    #[test]
    fn a_title_cut_before_its_match_shows_the_match() {
        let title = "Delegation of the Social Democratic Party of Japan meets Sierra Leone";
        let start = title.find("Sierra").expect("in the title");
        let matched: Vec<usize> = (start..start + "Sierra Leone".len()).collect();
        let line = row(&Theme::default(), " ", title, "", &matched, 30);
        let shown = text(&line);
        assert_eq!(shown.width(), 30, "{shown:?}");
        assert!(shown.starts_with(" …"), "{shown:?}");
        assert!(shown.contains("Sierra Leone"), "{shown:?}");
        // The same title unmatched is cut at its end, as before.
        let plain = row(&Theme::default(), " ", title, "", &[], 30);
        assert!(text(&plain).starts_with(" Delegation"));
        assert!(text(&plain).ends_with('…'));
    }

    #[test]
    fn matched_characters_are_highlighted() {
        let line = row(&Theme::default(), " ", "Norway", "", &[0, 1], 20);
        assert_eq!(line.spans[1].style, Theme::default().matched);
        assert_eq!(line.spans[2].style, Theme::default().matched);
        assert_ne!(line.spans[3].style, Theme::default().matched);
    }
}
