//! The help overlay, generated from the key bindings in force.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::keymap::{HELP_NOTES, Mode};
use crate::layout::help_rows_shown;

/// Draws the overlay centred in `area`: every binding in force, the
/// person's own included.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.config().theme;
    let rows = app.config().keymap.help_rows();
    let key_width = rows
        .iter()
        .map(|row| row.keys.width())
        .chain(HELP_NOTES.iter().map(|(keys, _)| keys.width()))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|row| {
            let scope = match row.mode {
                Mode::Global | Mode::Browse => "",
                Mode::Headlines => " (headlines)",
                Mode::Reader => " (reader)",
                Mode::Filter => " (filter)",
            };
            let padding = " ".repeat(key_width - row.keys.width());
            Line::from(vec![
                Span::styled(format!("{padding}{}  ", row.keys), theme.matched),
                Span::raw(format!("{}{scope}", row.help)),
            ])
        })
        .collect();
    lines.extend(HELP_NOTES.iter().map(|(keys, note)| {
        let padding = " ".repeat(key_width - keys.width());
        Line::from(vec![
            Span::styled(format!("{padding}{keys}  "), theme.dim),
            Span::raw(*note),
        ])
    }));
    let total = lines.len();
    let shown = help_rows_shown(total, area.height);
    let top = app.help_top().min(total - shown);
    let title = if shown < total {
        format!(
            " keys {}–{} of {total} · ↑↓ scroll · other keys close ",
            top + 1,
            top + shown
        )
    } else {
        " keys · any key closes ".to_string()
    };
    let lines: Vec<Line> = lines.into_iter().skip(top).take(shown).collect();
    let height = u16::try_from(shown + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = area.centered(
        Constraint::Length(72.min(area.width)),
        Constraint::Length(height),
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(title),
        ),
        popup,
    );
}
