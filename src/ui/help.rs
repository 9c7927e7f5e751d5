//! The help overlay, generated from the key bindings in force.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::keymap::{BINDINGS, Scope};

use super::theme;

/// Draws the overlay centred in `area`.
pub fn render(frame: &mut Frame, area: Rect) {
    let lines: Vec<Line> = BINDINGS
        .iter()
        .map(|binding| {
            let scope = match binding.scope {
                Scope::Always => "",
                Scope::Browsing => "",
                Scope::Sidebar => " (headlines)",
                Scope::Reader => " (reader)",
                Scope::Filter => " (filter)",
            };
            Line::from(vec![
                Span::styled(format!("{:>17}  ", binding.keys), theme::MATCH),
                Span::raw(format!("{}{scope}", binding.help)),
            ])
        })
        .collect();
    let height = u16::try_from(lines.len() + 2)
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
                .title(" keys · any key closes "),
        ),
        popup,
    );
}
