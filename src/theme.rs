//! Themes: the style of each part of the screen, named by what it marks.
//!
//! Three are built in; a config file picks one and may recolour any element.
//! `mono` marks selection and matches by reverse video, bold and underline,
//! so nothing on screen depends on colour alone.

use ratatui::style::{Color, Modifier, Style};

/// The built-in themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeName {
    /// Light text on a dark terminal (the default).
    Dark,
    /// Dark text on a light terminal.
    Light,
    /// No colour at all.
    Mono,
}

impl ThemeName {
    /// Every built-in theme.
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::Mono];

    /// Its name in the config file.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Mono => "mono",
        }
    }

    /// The theme a config file names.
    pub fn from_name(name: &str) -> Option<ThemeName> {
        ThemeName::ALL
            .into_iter()
            .find(|theme| theme.name() == name)
    }
}

/// The style of every element folio draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Secondary text: hints, meta lines, notes.
    pub dim: Style,
    /// The selected headline.
    pub selection: Style,
    /// The selected headline while keys go elsewhere.
    pub selection_inactive: Style,
    /// Characters matched by the filter.
    pub matched: Style,
    /// The headline in the reader.
    pub title: Style,
    /// In-article headings.
    pub heading: Style,
    /// The bookmark mark.
    pub bookmark: Style,
    /// Headlines already read.
    pub read: Style,
    /// Borders and the line between the panes.
    pub border: Style,
    /// The status bar.
    pub status_bar: Style,
    /// The focused pane's name in the status bar.
    pub status_focus: Style,
    /// A transient message in the status bar.
    pub message: Style,
    /// Emphasised text in an article.
    pub emphasis: Style,
    /// Strongly emphasised text in an article.
    pub strong: Style,
    /// Code, inline or in a block.
    pub code: Style,
    /// A link's text, its reference number and the URLs listed at the end.
    pub link: Style,
    /// A quoted passage.
    pub quote: Style,
}

/// Reaches one element's style in a theme.
pub type ElementField = fn(&mut Theme) -> &mut Style;

/// The elements a config file can restyle, by name, with the field each
/// name sets.
pub const ELEMENTS: &[(&str, ElementField)] = &[
    ("dim", |theme| &mut theme.dim),
    ("selection", |theme| &mut theme.selection),
    ("selection-inactive", |theme| &mut theme.selection_inactive),
    ("match", |theme| &mut theme.matched),
    ("title", |theme| &mut theme.title),
    ("heading", |theme| &mut theme.heading),
    ("bookmark", |theme| &mut theme.bookmark),
    ("read", |theme| &mut theme.read),
    ("border", |theme| &mut theme.border),
    ("status-bar", |theme| &mut theme.status_bar),
    ("status-focus", |theme| &mut theme.status_focus),
    ("message", |theme| &mut theme.message),
    ("emphasis", |theme| &mut theme.emphasis),
    ("strong", |theme| &mut theme.strong),
    ("code", |theme| &mut theme.code),
    ("link", |theme| &mut theme.link),
    ("quote", |theme| &mut theme.quote),
];

impl Default for Theme {
    fn default() -> Self {
        Theme::built_in(ThemeName::Dark)
    }
}

impl Theme {
    /// One of the built-in themes.
    pub fn built_in(name: ThemeName) -> Theme {
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::Mono => Theme::mono(),
        }
    }

    fn dark() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            dim: Style::new().fg(Color::DarkGray),
            selection: Style::new().fg(Color::Black).bg(Color::Cyan),
            selection_inactive: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new().fg(Color::Yellow).add_modifier(bold),
            title: Style::new().add_modifier(bold),
            heading: Style::new().fg(Color::Cyan).add_modifier(bold),
            bookmark: Style::new().fg(Color::Yellow),
            read: Style::new().fg(Color::DarkGray),
            border: Style::new().fg(Color::DarkGray),
            status_bar: Style::new().fg(Color::White).bg(Color::DarkGray),
            status_focus: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            message: Style::new()
                .fg(Color::Yellow)
                .bg(Color::DarkGray)
                .add_modifier(bold),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(bold),
            code: Style::new().fg(Color::Green),
            link: Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::UNDERLINED),
            quote: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
        }
    }

    fn light() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            dim: Style::new().fg(Color::DarkGray),
            selection: Style::new().fg(Color::White).bg(Color::Blue),
            selection_inactive: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new().fg(Color::Red).add_modifier(bold),
            title: Style::new().add_modifier(bold),
            heading: Style::new().fg(Color::Blue).add_modifier(bold),
            bookmark: Style::new().fg(Color::Magenta),
            read: Style::new().fg(Color::DarkGray),
            border: Style::new().fg(Color::DarkGray),
            status_bar: Style::new().fg(Color::Black).bg(Color::Gray),
            status_focus: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(bold),
            message: Style::new()
                .fg(Color::Red)
                .bg(Color::Gray)
                .add_modifier(bold),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(bold),
            code: Style::new().fg(Color::Magenta),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            quote: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
        }
    }

    fn mono() -> Theme {
        let plain = Style::new();
        Theme {
            dim: plain.add_modifier(Modifier::DIM),
            selection: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selection_inactive: plain.add_modifier(Modifier::REVERSED),
            matched: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            title: plain.add_modifier(Modifier::BOLD),
            heading: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            bookmark: plain.add_modifier(Modifier::BOLD),
            read: plain.add_modifier(Modifier::DIM),
            border: plain,
            status_bar: plain.add_modifier(Modifier::REVERSED),
            status_focus: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            message: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            emphasis: plain.add_modifier(Modifier::ITALIC),
            strong: plain.add_modifier(Modifier::BOLD),
            code: plain.add_modifier(Modifier::DIM),
            link: plain.add_modifier(Modifier::UNDERLINED),
            quote: plain.add_modifier(Modifier::ITALIC),
        }
    }
}

/// Reads a colour: a name (`yellow`, `dark-gray`, `light-blue`), `default`
/// for the terminal's own, or `#rrggbb`.
pub fn parse_colour(text: &str) -> Option<Color> {
    if let Some(hex) = text.strip_prefix('#') {
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |at: usize| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok();
        return Some(Color::Rgb(channel(0)?, channel(2)?, channel(4)?));
    }
    let name = text.to_ascii_lowercase().replace(['-', '_', ' '], "");
    let colour = match name.as_str() {
        "default" | "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    };
    Some(colour)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_by_name_and_by_hex() {
        assert_eq!(parse_colour("yellow"), Some(Color::Yellow));
        assert_eq!(parse_colour("Dark-Gray"), Some(Color::DarkGray));
        assert_eq!(parse_colour("light_blue"), Some(Color::LightBlue));
        assert_eq!(parse_colour("default"), Some(Color::Reset));
        assert_eq!(parse_colour("#ff8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_colour("#FF8000"), Some(Color::Rgb(255, 128, 0)));
    }

    #[test]
    fn colour_nonsense_is_refused() {
        for bad in ["yelow", "#ff800", "#ff80001", "#gg0000", "", "#", "#ééé"] {
            assert_eq!(parse_colour(bad), None, "{bad}");
        }
    }

    #[test]
    fn mono_uses_no_colour_and_still_marks_selection_and_matches() {
        let mono = Theme::built_in(ThemeName::Mono);
        for &(name, field) in ELEMENTS {
            let style = *field(&mut mono.clone());
            assert_eq!((style.fg, style.bg), (None, None), "{name} has a colour");
        }
        assert!(mono.selection.add_modifier.contains(Modifier::REVERSED));
        assert!(
            mono.matched
                .add_modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED)
        );
    }

    #[test]
    fn every_element_has_a_distinct_name() {
        let mut names: Vec<&str> = ELEMENTS.iter().map(|&(name, _)| name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ELEMENTS.len());
        assert_eq!(ThemeName::from_name("light"), Some(ThemeName::Light));
        assert_eq!(ThemeName::from_name("solarized"), None);
    }
}
