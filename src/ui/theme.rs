//! The styles of the default (dark) theme, named by what they mark.

use ratatui::style::{Color, Modifier, Style};

/// Secondary text: hints, meta lines, the divider.
pub const DIM: Style = Style::new().fg(Color::DarkGray);
/// The selected headline.
pub const SELECTED: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
/// The selected headline while keys go elsewhere.
pub const SELECTED_UNFOCUSED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Characters matched by the filter.
pub const MATCH: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
/// The headline in the reader.
pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
/// In-article headings.
pub const HEADING: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// The status bar.
pub const STATUS: Style = Style::new().fg(Color::White).bg(Color::DarkGray);
/// The focused pane's name in the status bar.
pub const FOCUS: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Cyan)
    .add_modifier(Modifier::BOLD);
/// The bookmark mark.
pub const BOOKMARK: Style = Style::new().fg(Color::Yellow);
/// Articles already read.
pub const READ: Style = Style::new().fg(Color::DarkGray);
/// A transient message in the status bar.
pub const MESSAGE: Style = Style::new()
    .fg(Color::Yellow)
    .bg(Color::DarkGray)
    .add_modifier(Modifier::BOLD);
