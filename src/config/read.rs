//! Walks a parsed TOML document, option by option, turning each into a
//! setting or a [`Problem`] at the span it came from.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{CacheOptions, Config, ParseOptions, Problem, Severity, WebOptions};
use crate::keymap::notation::parse_sequence;
use crate::keymap::{Binding, COMMANDS, Keymap, Mode, UNBOUND, always_quits, command};
use crate::layout::{FilterBarPosition, LayoutOptions, SidebarWidth};
use crate::parse::marks::pattern;
use crate::text::inert;
use crate::theme::{ELEMENTS, Theme, ThemeName, parse_colour};

/// Bounds on layout numbers: wide enough for any real screen, narrow enough
/// to catch a typo.
const SIDEBAR_COLUMNS: (i64, i64) = (10, 300);
const SIDEBAR_PERCENT: (i64, i64) = (10, 90);
const MEASURE_COLUMNS: (i64, i64) = (20, 500);

/// A value and where it is.
type Item<'a, 'i> = &'a Spanned<DeValue<'i>>;

/// Reads `text` into a config (built on the defaults) and every problem.
pub(super) fn read(text: &str) -> (Config, Vec<Problem>) {
    let mut walker = Walker::new(text);
    let mut config = Config::default();
    match DeTable::parse(text) {
        Ok(document) => walker.document(document.get_ref(), &mut config),
        Err(error) => {
            let at = error.span().map_or(0, |span| span.start);
            let message = error.message().trim_end().to_string();
            walker.problem(at..at, Severity::Error, message);
        }
    }
    walker
        .problems
        .sort_by_key(|problem| (problem.line, problem.column));
    (config, walker.problems)
}

/// The bindings of a file's `[keys.*]` sections laid over no defaults at
/// all: for checking the default file against the built-in table.
#[cfg(test)]
pub(super) fn key_bindings_alone(text: &str) -> Keymap {
    let mut walker = Walker::new(text);
    let bindings = DeTable::parse(text)
        .ok()
        .and_then(|document| {
            let keys = document.get_ref().get("keys")?;
            Some(
                walker
                    .key_sections(keys)
                    .into_iter()
                    .map(|(binding, _)| binding)
                    .collect(),
            )
        })
        .unwrap_or_default();
    Keymap::from_bindings(bindings)
}

/// Walks a parsed config file, building the config and noting every
/// problem with its place.
struct Walker<'t> {
    text: &'t str,
    /// Where each line after the first starts: a problem's line is found by
    /// binary search, so a file of many problems is read in linear time.
    line_starts: Vec<usize>,
    problems: Vec<Problem>,
}

impl<'t> Walker<'t> {
    fn new(text: &'t str) -> Self {
        Walker {
            text,
            line_starts: memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|at| at + 1)
                .collect(),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, span: Range<usize>, severity: Severity, message: String) {
        let at = span.start.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= at);
        let line_start = line.checked_sub(1).map_or(0, |i| self.line_starts[i]);
        self.problems.push(Problem {
            line: line + 1,
            column: self
                .text
                .get(line_start..at)
                .map_or(0, |line| line.chars().count())
                + 1,
            severity,
            // Messages quote the file, which may hold escape sequences.
            message: inert(&message),
        });
    }

    fn error(&mut self, item: Item, message: String) {
        self.problem(item.span(), Severity::Error, message);
    }

    fn unknown(&mut self, span: Range<usize>, path: &str) {
        self.problem(
            span,
            Severity::Warning,
            format!("unknown option \"{path}\" (skipped)"),
        );
    }

    fn document(&mut self, document: &DeTable, config: &mut Config) {
        for (key, value) in document {
            match key.get_ref().as_ref() {
                "layout" => {
                    if let Some(table) = self.table(value, "layout", "[layout]") {
                        config.layout = self.layout(table);
                    }
                }
                "theme" => {
                    if let Some(table) = self.table(value, "theme", "[theme]") {
                        config.theme = self.theme(table);
                    }
                }
                "parse" => {
                    if let Some(table) = self.table(value, "parse", "[parse]") {
                        config.parse = self.parse(table);
                    }
                }
                "cache" => {
                    if let Some(table) = self.table(value, "cache", "[cache]") {
                        config.cache = self.cache(table);
                    }
                }
                "web" => {
                    if let Some(table) = self.table(value, "web", "[web]") {
                        config.web = self.web(table);
                    }
                }
                "keys" => {
                    let overrides = self.key_sections(value);
                    self.warn_hidden_sequences(&config.keymap, &overrides);
                    let bindings = overrides.into_iter().map(|(binding, _)| binding).collect();
                    config.keymap = config.keymap.with_overrides(bindings);
                }
                other => self.unknown(key.span(), other),
            }
        }
    }

    fn table<'a, 'i>(
        &mut self,
        item: Item<'a, 'i>,
        name: &str,
        shape: &str,
    ) -> Option<&'a DeTable<'i>> {
        let table = item.get_ref().as_table();
        if table.is_none() {
            self.error(item, format!("{name}: expected a table ({shape})"));
        }
        table
    }

    fn layout(&mut self, table: &DeTable) -> LayoutOptions {
        let mut layout = LayoutOptions::default();
        let mut max_item = None;
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            match name {
                "sidebar-width" => {
                    if let Some(width) = self.sidebar_width(value) {
                        layout.sidebar_width = width;
                    }
                }
                "sidebar-min-width" | "sidebar-max-width" => {
                    let (low, high) = SIDEBAR_COLUMNS;
                    let expected =
                        format!("{name}: expected a whole number of columns from {low} to {high}");
                    if let Some(columns) = self.number(value, SIDEBAR_COLUMNS, expected) {
                        if name == "sidebar-min-width" {
                            layout.sidebar_min = columns;
                        } else {
                            layout.sidebar_max = columns;
                            max_item = Some(value);
                        }
                    }
                }
                "measure" => {
                    let (low, high) = MEASURE_COLUMNS;
                    let expected =
                        format!("measure: expected a whole number of columns from {low} to {high}");
                    if let Some(columns) = self.number(value, MEASURE_COLUMNS, expected) {
                        layout.measure = columns;
                    }
                }
                "borders" => match value.get_ref().as_bool() {
                    Some(borders) => layout.borders = borders,
                    None => self.error(value, "borders: expected true or false".into()),
                },
                "filter-bar" => match value.get_ref().as_str() {
                    Some("top") => layout.filter_bar = FilterBarPosition::Top,
                    Some("bottom") => layout.filter_bar = FilterBarPosition::Bottom,
                    _ => self.error(value, "filter-bar: expected \"top\" or \"bottom\"".into()),
                },
                other => self.unknown(key.span(), &format!("layout.{other}")),
            }
        }
        if let Some(item) = max_item.filter(|_| layout.sidebar_max < layout.sidebar_min) {
            let message = format!(
                "sidebar-max-width: {} is less than sidebar-min-width, {}",
                layout.sidebar_max, layout.sidebar_min
            );
            self.error(item, message);
        }
        layout
    }

    fn parse(&mut self, table: &DeTable) -> ParseOptions {
        let mut options = ParseOptions::default();
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let field = match name {
                "headline" => &mut options.headline,
                "separator" => &mut options.separator,
                other => {
                    self.unknown(key.span(), &format!("parse.{other}"));
                    continue;
                }
            };
            let option = format!("parse.{name}");
            match value.get_ref().as_str() {
                Some(source) => match pattern(&option, source) {
                    Ok(_) => *field = Some(source.to_string()),
                    Err(error) => self.error(value, error.to_string()),
                },
                None => self.error(
                    value,
                    format!("{option}: expected a regular expression in quotes"),
                ),
            }
        }
        options
    }

    fn cache(&mut self, table: &DeTable) -> CacheOptions {
        let mut options = CacheOptions::default();
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "max-megabytes" => {
                    let expected =
                        "cache.max-megabytes: expected a whole number of megabytes from 0 to 65535"
                            .to_string();
                    if let Some(megabytes) = self.number(value, (0, 65_535), expected) {
                        options.max_megabytes = megabytes;
                    }
                }
                other => self.unknown(key.span(), &format!("cache.{other}")),
            }
        }
        options
    }

    fn web(&mut self, table: &DeTable) -> WebOptions {
        let mut options = WebOptions::default();
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "max-megabytes" => {
                    let expected =
                        "web.max-megabytes: expected a whole number of megabytes from 1 to 65535"
                            .to_string();
                    if let Some(megabytes) = self.number(value, (1, 65_535), expected) {
                        options.max_megabytes = megabytes;
                    }
                }
                "timeout-seconds" => {
                    let expected =
                        "web.timeout-seconds: expected a whole number of seconds from 1 to 3600"
                            .to_string();
                    if let Some(seconds) = self.number(value, (1, 3_600), expected) {
                        options.timeout_seconds = seconds;
                    }
                }
                other => self.unknown(key.span(), &format!("web.{other}")),
            }
        }
        options
    }

    /// An integer within `bounds`, else an error saying `expected`.
    fn number(&mut self, item: Item, (low, high): (i64, i64), expected: String) -> Option<u16> {
        let number = item
            .get_ref()
            .as_integer()
            .and_then(|integer| i64::from_str_radix(integer.as_str(), integer.radix()).ok())
            .filter(|number| (low..=high).contains(number))
            .and_then(|number| u16::try_from(number).ok());
        if number.is_none() {
            self.error(item, expected);
        }
        number
    }

    fn sidebar_width(&mut self, item: Item) -> Option<SidebarWidth> {
        let (low, high) = SIDEBAR_COLUMNS;
        let (least, most) = SIDEBAR_PERCENT;
        let expected = format!(
            "sidebar-width: expected columns from {low} to {high} (40) or a percentage from {least}% to {most}% (\"33%\")"
        );
        if let Some(text) = item.get_ref().as_str() {
            let percent = text
                .trim()
                .strip_suffix('%')
                .and_then(|number| number.trim().parse::<i64>().ok())
                .filter(|number| (least..=most).contains(number))
                .and_then(|number| u16::try_from(number).ok());
            if percent.is_none() {
                self.error(item, expected);
            }
            return percent.map(SidebarWidth::Percent);
        }
        self.number(item, SIDEBAR_COLUMNS, expected)
            .map(SidebarWidth::Columns)
    }

    fn theme(&mut self, table: &DeTable) -> Theme {
        let base = match table.get("name") {
            None => ThemeName::Dark,
            Some(item) => {
                let name = item.get_ref().as_str().and_then(ThemeName::from_name);
                if name.is_none() {
                    self.error(
                        item,
                        "name: expected \"dark\", \"light\" or \"mono\"".into(),
                    );
                }
                name.unwrap_or(ThemeName::Dark)
            }
        };
        let mut theme = Theme::built_in(base);
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if name == "name" {
                continue;
            }
            match ELEMENTS.iter().find(|&&(element, _)| element == name) {
                Some(&(_, field)) => self.restyle(field(&mut theme), value),
                None => self.unknown(key.span(), &format!("theme.{name}")),
            }
        }
        theme
    }

    /// A colour for the foreground (`"red"`), or `{ fg = ..., bg = ... }`.
    fn restyle(&mut self, style: &mut ratatui::style::Style, item: Item) {
        if item.get_ref().is_str() {
            if let Some(colour) = self.colour(item) {
                *style = style.fg(colour);
            }
            return;
        }
        let Some(table) = item.get_ref().as_table() else {
            self.error(
                item,
                "expected a colour (\"red\", \"#rrggbb\") or { fg = ..., bg = ... }".into(),
            );
            return;
        };
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "fg" => {
                    if let Some(colour) = self.colour(value) {
                        *style = style.fg(colour);
                    }
                }
                "bg" => {
                    if let Some(colour) = self.colour(value) {
                        *style = style.bg(colour);
                    }
                }
                other => self.unknown(key.span(), other),
            }
        }
    }

    fn colour(&mut self, item: Item) -> Option<ratatui::style::Color> {
        let text = item.get_ref().as_str();
        let colour = text.and_then(parse_colour);
        if colour.is_none() {
            let shown = quoted(item);
            self.error(
                item,
                format!(
                    "unknown colour {shown}; expected a name such as yellow, dark-gray or light-blue, default, or #rrggbb"
                ),
            );
        }
        colour
    }

    /// Every binding in the `[keys.*]` sections, with where its key was.
    fn key_sections(&mut self, item: Item) -> Vec<(Binding, Range<usize>)> {
        let Some(sections) = item.get_ref().as_table() else {
            self.error(
                item,
                "keys: expected a table of sections ([keys.browse], [keys.headlines], ...)".into(),
            );
            return Vec::new();
        };
        let mut bindings = Vec::new();
        for (section, value) in sections {
            let Some(mode) = Mode::from_name(section.get_ref()) else {
                let names: Vec<&str> = Mode::ALL.iter().map(|mode| mode.name()).collect();
                let message = format!(
                    "unknown key section \"keys.{}\" (skipped); expected {}",
                    section.get_ref(),
                    or_list(&names)
                );
                self.problem(section.span(), Severity::Warning, message);
                continue;
            };
            let Some(table) = value.get_ref().as_table() else {
                self.error(
                    value,
                    format!("keys.{}: expected a table of key = \"action\"", mode.name()),
                );
                continue;
            };
            for (key, action) in table {
                if let Some(binding) = self.binding(mode, key, action) {
                    bindings.push((binding, key.span()));
                }
            }
        }
        bindings
    }

    fn binding(
        &mut self,
        mode: Mode,
        key: &Spanned<toml::de::DeString>,
        action: Item,
    ) -> Option<Binding> {
        let keys = match parse_sequence(key.get_ref()) {
            Ok(keys) => Some(keys),
            Err(reason) => {
                let message = format!(
                    "{reason}; expected a character, or a name such as enter, esc, tab, space, up, pagedown or f1, optionally after ctrl-, alt- or shift-"
                );
                self.problem(key.span(), Severity::Error, message);
                None
            }
        };
        let name = action.get_ref().as_str();
        let resolved = match name {
            Some(UNBOUND) => Some(None),
            Some(name) => command(name).map(|command| Some(command.action)),
            None => None,
        };
        if resolved.is_none() {
            let mut names: Vec<&str> = COMMANDS.iter().map(|command| command.name).collect();
            names.push(UNBOUND);
            let shown = quoted(action);
            self.error(
                action,
                format!(
                    "unknown action {shown}; expected one of {}",
                    or_list(&names)
                ),
            );
        }
        let keys = keys?;
        let quits = matches!(&resolved, Some(Some(crate::action::Action::Quit)));
        if keys.first() == Some(&always_quits()) && !quits {
            self.problem(
                key.span(),
                Severity::Warning,
                "ctrl-c always quits, whatever is bound to it (skipped)".into(),
            );
            return None;
        }
        Some(Binding {
            mode,
            keys,
            action: resolved?,
        })
    }

    /// Warns of a binding that makes a sequence impossible: a key that is
    /// also the start of a longer binding in the same mode.
    fn warn_hidden_sequences(&mut self, defaults: &Keymap, overrides: &[(Binding, Range<usize>)]) {
        let merged = defaults.with_overrides(
            overrides
                .iter()
                .map(|(binding, _)| binding.clone())
                .collect(),
        );
        for (binding, span) in overrides {
            let hidden = merged.bindings().iter().find(|other| {
                other.mode == binding.mode
                    && other.action.is_some()
                    && binding.action.is_some()
                    && other.keys.len() != binding.keys.len()
                    && (other.keys.starts_with(&binding.keys)
                        || binding.keys.starts_with(&other.keys))
            });
            if let Some(other) = hidden {
                let (short, long) = if binding.keys.len() < other.keys.len() {
                    (&binding.keys, &other.keys)
                } else {
                    (&other.keys, &binding.keys)
                };
                let message = format!(
                    "\"{}\" is also the start of \"{}\" in [keys.{}], which can no longer be typed",
                    notation(short),
                    notation(long),
                    binding.mode.name()
                );
                self.problem(span.clone(), Severity::Warning, message);
            }
        }
    }
}

/// Keys as the config file writes them.
fn notation(keys: &[crate::keymap::notation::KeyPress]) -> String {
    keys.iter()
        .map(|key| key.notation())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value as an error message quotes it: a string in quotes, anything
/// else by its type ("integer").
fn quoted(item: Item) -> String {
    item.get_ref().as_str().map_or_else(
        || item.get_ref().type_str().to_string(),
        |text| format!("\"{text}\""),
    )
}

/// "a, b or c".
fn or_list(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier};

    use crate::action::{Action, Focus};
    use crate::config::tests::{press, problems, shown};
    use crate::config::{Config, DEFAULT_FILE, ParseOptions, parse};
    use crate::keymap::notation::KeyPress;
    use crate::layout::{FilterBarPosition, SidebarWidth};
    use crate::theme::{Theme, ThemeName};

    #[test]
    fn the_cache_budget_is_read_in_megabytes_and_a_bad_one_is_an_error() {
        let report = parse("[cache]\nmax-megabytes = 250\n");
        assert_eq!(report.problems, []);
        assert_eq!(report.config.cache.budget_bytes(), 250_000_000);
        let expected = "cache.max-megabytes: expected a whole number of megabytes from 0 to 65535";
        for bad in ["-1", "70000", "'big'"] {
            assert_eq!(
                problems(&format!("[cache]\nmax-megabytes = {bad}\n")),
                [format!("2:17: error: {expected}")],
                "{bad}"
            );
        }
        assert_eq!(
            problems("[cache]\nsize = 3\n"),
            ["2:1: warning: unknown option \"cache.size\" (skipped)"]
        );
    }

    #[test]
    fn parse_patterns_are_read_and_a_bad_one_is_an_error_naming_it() {
        let report = parse("[parse]\nheadline = '^## '\nseparator = '^%%$'\n");
        assert_eq!(report.problems, []);
        assert_eq!(
            report.config.parse,
            ParseOptions {
                headline: Some("^## ".into()),
                separator: Some("^%%$".into()),
            }
        );
        assert_eq!(
            problems("[parse]\nseparator = '(%%'\n"),
            ["2:13: error: parse.separator: not a valid regular expression (unclosed group)"]
        );
        assert_eq!(
            problems("[parse]\nheadline = 3\n"),
            ["2:12: error: parse.headline: expected a regular expression in quotes"]
        );
        assert_eq!(
            problems("[parse]\nheadline = ''\n"),
            ["2:12: error: parse.headline: the pattern is empty, so it would match every line"]
        );
        assert_eq!(
            problems("[parse]\nsplit = 'x'\n"),
            ["2:1: warning: unknown option \"parse.split\" (skipped)"]
        );
        // The default file documents both, unset, with examples that work.
        for option in ["headline", "separator"] {
            let example = DEFAULT_FILE
                .lines()
                .find_map(|line| line.strip_prefix(&format!("# {option} = ")))
                .unwrap_or_else(|| panic!("{option} is documented"));
            let report = parse(&format!("[parse]\n{option} = {example}\n"));
            assert_eq!(report.problems, [], "{option} = {example}");
        }
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let report = parse("");
        assert_eq!(report.problems, []);
        assert_eq!(report.config, Config::default());
    }

    #[test]
    fn every_layout_option_is_read() {
        let report = parse(
            "[layout]\nsidebar-width = 30\nsidebar-min-width = 20\nsidebar-max-width = 100\n\
             measure = 66\nborders = true\nfilter-bar = \"bottom\"\n",
        );
        assert_eq!(report.problems, []);
        let layout = report.config.layout;
        assert_eq!(layout.sidebar_width, SidebarWidth::Columns(30));
        assert_eq!((layout.sidebar_min, layout.sidebar_max), (20, 100));
        assert_eq!(layout.measure, 66);
        assert!(layout.borders);
        assert_eq!(layout.filter_bar, FilterBarPosition::Bottom);
        let percent = parse("[layout]\nsidebar-width = \"25%\"\n");
        assert_eq!(
            percent.config.layout.sidebar_width,
            SidebarWidth::Percent(25)
        );
    }

    #[test]
    fn themes_are_picked_by_name_and_elements_recoloured() {
        let light = parse("[theme]\nname = \"light\"\n");
        assert_eq!(light.config.theme, Theme::built_in(ThemeName::Light));
        let report = parse(
            "[theme]\nname = \"mono\"\nmatch = \"#ff8700\"\n\
             selection = { fg = \"black\", bg = \"light-yellow\" }\n",
        );
        assert_eq!(report.problems, []);
        let theme = report.config.theme;
        assert_eq!(theme.matched.fg, Some(Color::Rgb(0xff, 0x87, 0)));
        // The theme's own emphasis stays under a new colour.
        assert!(theme.matched.add_modifier.contains(Modifier::UNDERLINED));
        assert_eq!(theme.selection.fg, Some(Color::Black));
        assert_eq!(theme.selection.bg, Some(Color::LightYellow));
        assert_eq!(theme.heading, Theme::built_in(ThemeName::Mono).heading);
    }

    #[test]
    fn keys_are_rebound_added_and_unbound() {
        let report = parse(
            "[keys.browse]\nx = \"quit\"\nq = \"none\"\n\"g g\" = \"bottom\"\nalt-j = \"next-article\"\n\
             \n[keys.filter]\nctrl-j = \"down\"\n",
        );
        assert_eq!(report.problems, []);
        let config = report.config;
        assert_eq!(press(&config, Focus::Headlines, &["x"]), [Action::Quit]);
        assert_eq!(press(&config, Focus::Headlines, &["q"]), []);
        assert_eq!(
            press(&config, Focus::Headlines, &["g", "g"]),
            [Action::Bottom]
        );
        assert_eq!(
            press(&config, Focus::Reader, &["alt-j"]),
            [Action::NextArticle]
        );
        assert_eq!(press(&config, Focus::Filter, &["ctrl-j"]), [Action::Down]);
        // Everything not mentioned keeps its default.
        assert_eq!(press(&config, Focus::Headlines, &["j"]), [Action::Down]);
    }

    #[test]
    fn bad_toml_is_an_error_with_its_place() {
        let report = parse("[layout]\nmeasure = = 3\n");
        assert!(report.has_errors());
        assert_eq!(report.config, Config::default());
        let problem = &report.problems[0];
        assert_eq!((problem.line, problem.column), (2, 11));
    }

    #[test]
    fn an_unknown_key_name_is_an_error_at_the_key() {
        assert_eq!(
            problems("[keys.browse]\nj = \"down\"\nctrl-enterr = \"quit\"\n"),
            [
                "3:1: error: unknown key \"enterr\"; expected a character, or a name such as enter, esc, tab, space, up, pagedown or f1, optionally after ctrl-, alt- or shift-"
            ]
        );
    }

    #[test]
    fn ctrl_c_cannot_be_unbound_or_rebound_and_quits_regardless() {
        let report = parse(
            "[keys.global]\nctrl-c = \"none\"\nq = \"none\"\n[keys.browse]\n\"ctrl-c x\" = \"top\"\n",
        );
        assert_eq!(
            shown(&report),
            [
                "2:1: warning: ctrl-c always quits, whatever is bound to it (skipped)",
                "5:1: warning: ctrl-c always quits, whatever is bound to it (skipped)",
            ]
        );
        for focus in [Focus::Headlines, Focus::Reader, Focus::Filter] {
            assert_eq!(press(&report.config, focus, &["ctrl-c"]), [Action::Quit]);
        }
        assert!(problems("[keys.global]\nctrl-c = \"quit\"\n").is_empty());
    }

    #[test]
    fn problems_on_many_lines_are_placed_on_their_own_lines() {
        let text: String = (0..500).map(|i| format!("unknown{i} = {i}\n")).collect();
        let found = problems(&text);
        assert_eq!(found.len(), 500);
        assert_eq!(
            found[0],
            "1:1: warning: unknown option \"unknown0\" (skipped)"
        );
        assert_eq!(
            found[499],
            "500:1: warning: unknown option \"unknown499\" (skipped)"
        );
        let indented = problems("\n\n   [keys.browse]\n   j = \"dwn\"\n");
        assert!(
            indented[0].starts_with("4:8: error: unknown action"),
            "{indented:?}"
        );
    }

    #[test]
    fn the_headlines_section_is_read_under_its_name_and_its_old_one() {
        for section in ["headlines", "list"] {
            let report = parse(&format!("[keys.{section}]\nx = \"quit\"\n"));
            assert!(
                report.problems.is_empty(),
                "{section}: {:?}",
                shown(&report)
            );
            assert_eq!(
                press(&report.config, Focus::Headlines, &["x"]),
                [Action::Quit]
            );
            assert_eq!(press(&report.config, Focus::Reader, &["x"]), []);
        }
    }

    #[test]
    fn an_unknown_action_is_an_error_at_the_value() {
        let found = problems("[keys.list]\nq = \"qiut\"\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with(
                "2:5: error: unknown action \"qiut\"; expected one of quit, suspend, help,"
            ),
            "{}",
            found[0]
        );
        assert!(found[0].ends_with(", line-end or none"), "{}", found[0]);
    }

    #[test]
    fn an_unknown_colour_is_an_error_at_the_value() {
        assert_eq!(
            problems("[theme]\nheading = \"magneta\"\n"),
            [
                "2:11: error: unknown colour \"magneta\"; expected a name such as yellow, dark-gray or light-blue, default, or #rrggbb"
            ]
        );
        assert_eq!(
            problems("[theme]\nselection = { fg = \"black\", bg = \"#12345\" }\n"),
            [
                "2:34: error: unknown colour \"#12345\"; expected a name such as yellow, dark-gray or light-blue, default, or #rrggbb"
            ]
        );
    }

    #[test]
    fn bad_values_are_errors_saying_what_was_expected() {
        assert_eq!(
            problems("[layout]\nmeasure = \"wide\"\n"),
            ["2:11: error: measure: expected a whole number of columns from 20 to 500"]
        );
        assert_eq!(
            problems("[layout]\nmeasure = 5\n"),
            ["2:11: error: measure: expected a whole number of columns from 20 to 500"]
        );
        assert_eq!(
            problems("[layout]\nborders = \"yes\"\n"),
            ["2:11: error: borders: expected true or false"]
        );
        assert_eq!(
            problems("[layout]\nfilter-bar = \"left\"\n"),
            ["2:14: error: filter-bar: expected \"top\" or \"bottom\""]
        );
        assert_eq!(
            problems("[layout]\nsidebar-width = \"95%\"\n"),
            [
                "2:17: error: sidebar-width: expected columns from 10 to 300 (40) or a percentage from 10% to 90% (\"33%\")"
            ]
        );
        assert_eq!(
            problems("[layout]\nsidebar-min-width = 50\nsidebar-max-width = 40\n"),
            ["3:21: error: sidebar-max-width: 40 is less than sidebar-min-width, 50"]
        );
        assert_eq!(
            problems("[theme]\nname = \"solarized\"\n"),
            ["2:8: error: name: expected \"dark\", \"light\" or \"mono\""]
        );
        assert_eq!(
            problems("keys = 3\n"),
            [
                "1:8: error: keys: expected a table of sections ([keys.browse], [keys.headlines], ...)"
            ]
        );
    }

    #[test]
    fn every_error_is_reported_not_just_the_first() {
        let report = parse("[layout]\nmeasure = 5\nborders = 1\n[keys.list]\nq = \"qiut\"\n");
        let lines: Vec<usize> = report.problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [2, 3, 5]);
    }

    #[test]
    fn unknown_options_are_warnings_and_the_rest_applies() {
        let report = parse(
            "colour-depth = 256\n[layout]\nmeasure = 70\nanimations = true\n\
             [theme]\nsparkle = \"red\"\n[keys.visual]\nv = \"quit\"\n",
        );
        assert!(!report.has_errors());
        assert_eq!(
            shown(&report),
            [
                "1:1: warning: unknown option \"colour-depth\" (skipped)",
                "4:1: warning: unknown option \"layout.animations\" (skipped)",
                "6:1: warning: unknown option \"theme.sparkle\" (skipped)",
                "7:7: warning: unknown key section \"keys.visual\" (skipped); expected global, browse, headlines, reader or filter",
            ]
        );
        assert_eq!(report.config.layout.measure, 70);
    }

    #[test]
    fn a_key_that_hides_a_sequence_is_a_warning() {
        let report = parse("[keys.browse]\ng = \"bottom\"\n");
        assert_eq!(
            shown(&report),
            [
                "2:1: warning: \"g\" is also the start of \"g g\" in [keys.browse], which can no longer be typed"
            ]
        );
        let mut pending = Vec::new();
        let g = KeyPress::parse("g").unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            report
                .config
                .keymap
                .press(Focus::Headlines, &mut pending, g),
            [Action::Bottom]
        );
    }

    #[test]
    fn an_error_anywhere_means_the_defaults_everywhere() {
        let report = parse("[layout]\nmeasure = 60\n[keys.browse]\nx = \"explode\"\n");
        assert!(report.has_errors());
        assert_eq!(report.config, Config::default());
    }

    #[test]
    fn problems_quote_the_file_inertly() {
        let found =
            problems("\"\\u001b]52;c;aGk=\\u0007\" = 1\n[theme]\nheading = \"\\u001b[31m\"\n");
        assert_eq!(found.len(), 2);
        for problem in found {
            assert!(!problem.chars().any(char::is_control), "{problem:?}");
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(
            problems("[theme] # thème\nheading = \"é\"\n"),
            [
                "2:11: error: unknown colour \"é\"; expected a name such as yellow, dark-gray or light-blue, default, or #rrggbb"
            ]
        );
        let report = parse("[theme]\n\"héading\" = 1\n");
        assert_eq!(report.problems[0].column, 1);
        let after = parse("[theme]\nname = \"é\" ; x\n");
        assert_eq!((after.problems[0].line, after.problems[0].column), (2, 12));
    }
}
