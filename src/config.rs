//! The config file: keys, theme, layout and how dumps are marked, read
//! from one TOML file.
//!
//! Mistakes never stop anyone reading: each is reported with its line and
//! column, a file with an error gives way to the defaults as a whole (so a
//! half-applied file never surprises), and options folio does not know are
//! warnings, so a file written for a newer folio still loads.

mod read;

use std::ffi::OsStr;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::keymap::Keymap;
use crate::layout::LayoutOptions;
use crate::text::inert;
use crate::theme::{Theme, ThemeName};

/// The documented default file, every option in it: what `--print-config`
/// prints.
pub const DEFAULT_FILE: &str = include_str!("../assets/config.toml");

/// The file's name in the config directory.
pub const FILE_NAME: &str = "config.toml";

/// The variable that, set and not empty, turns colour off (no-color.org).
pub const NO_COLOR_VAR: &str = "NO_COLOR";

/// Everything a person can configure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The key bindings in force.
    pub keymap: Keymap,
    /// The styles in force.
    pub theme: Theme,
    /// The screen's layout.
    pub layout: LayoutOptions,
    /// How the person's dumps mark their articles (`[parse]`).
    pub parse: ParseOptions,
}

/// The `[parse]` options: patterns checked when the file is read, kept as
/// written, compiled by whoever parses (see [`crate::parse::marks`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// `headline`: a line that matches is an article's headline.
    pub headline: Option<String>,
    /// `separator`: a line that matches ends an article and is dropped.
    pub separator: Option<String>,
}

impl Config {
    /// The same config with colour turned off, as `NO_COLOR` asks.
    pub fn without_colour(mut self) -> Config {
        self.theme = Theme::built_in(ThemeName::Mono);
        self
    }
}

/// Whether `NO_COLOR`'s value (if set) turns colour off: any non-empty value.
pub fn colour_forbidden(no_color: Option<&OsStr>) -> bool {
    no_color.is_some_and(|value| !value.is_empty())
}

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The file cannot be used as written; the defaults are used instead.
    Error,
    /// Skipped (an option folio does not know, a binding that can never
    /// fire); the rest of the file applies.
    Warning,
}

/// One thing wrong with a config file, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// How bad.
    pub severity: Severity,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}: {severity}: {}",
            self.line, self.column, self.message
        )
    }
}

/// A config file read: the config to use, and every problem found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// What to use: the file's settings, or the defaults if it had an error.
    pub config: Config,
    /// Everything wrong, in file order.
    pub problems: Vec<Problem>,
}

impl Report {
    /// Whether any problem is an error (and so the defaults are in force).
    pub fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|problem| problem.severity == Severity::Error)
    }
}

/// Reads a config file's text.
pub fn parse(text: &str) -> Report {
    let (config, problems) = read::read(text);
    let has_errors = problems
        .iter()
        .any(|problem| problem.severity == Severity::Error);
    Report {
        config: if has_errors {
            Config::default()
        } else {
            config
        },
        problems,
    }
}

/// Why a config file could not be read at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the config file {}: {reason}", inert(&.path.display().to_string()))]
pub struct ReadError {
    /// The file.
    pub path: PathBuf,
    /// What the system said. Not a `source`: the message already says it,
    /// and a chain printed whole would say it twice.
    pub reason: io::Error,
}

/// Reads the config file at `path`. `Ok(None)` when there is none (the
/// defaults apply); an error when it exists but cannot be read as text.
pub fn load(path: &Path) -> Result<Option<Report>, ReadError> {
    let error = |reason| ReadError {
        path: path.to_path_buf(),
        reason,
    };
    let Some(mut file) = crate::own_files::open_regular(path).map_err(error)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut file, &mut bytes).map_err(error)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        error(io::Error::new(
            io::ErrorKind::InvalidData,
            "it is not UTF-8 text",
        ))
    })?;
    Ok(Some(parse(&text)))
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier};

    use super::*;
    use crate::action::{Action, Focus};
    use crate::keymap::notation::KeyPress;
    use crate::layout::{FilterBarPosition, SidebarWidth};

    fn problems(text: &str) -> Vec<String> {
        shown(&parse(text))
    }

    fn shown(report: &Report) -> Vec<String> {
        report.problems.iter().map(ToString::to_string).collect()
    }

    fn press(config: &Config, focus: Focus, keys: &[&str]) -> Vec<Action> {
        let mut pending = Vec::new();
        keys.iter()
            .flat_map(|key| {
                let key = KeyPress::parse(key).unwrap_or_else(|error| panic!("{error}"));
                config.keymap.press(focus, &mut pending, key)
            })
            .collect()
    }

    proptest::proptest! {
        /// Any text, TOML-like or not: no panic, problems point inside it,
        /// and an error means the defaults.
        #[test]
        fn any_text_reads_without_panic(
            text in r"(\[(keys\.(browse|list|x)|theme|layout)\]\n|[a-z\-]{1,12} = (\x22[a-z #0-9\-]{0,10}\x22|[0-9]{1,4}|true|\{ fg = \x22red\x22 \})\n|\PC{0,8}\n){0,12}"
        ) {
            let report = parse(&text);
            let lines = text.split('\n').count();
            for problem in &report.problems {
                proptest::prop_assert!(problem.line >= 1 && problem.line <= lines, "{}", problem);
                proptest::prop_assert!(problem.column >= 1);
            }
            if report.has_errors() {
                proptest::prop_assert_eq!(&report.config, &Config::default());
            }
        }
    }

    #[test]
    fn the_default_file_reads_back_to_the_defaults_exactly() {
        let report = parse(DEFAULT_FILE);
        assert_eq!(report.problems, []);
        assert_eq!(report.config, Config::default());
    }

    #[test]
    fn the_default_file_binds_exactly_the_default_keys() {
        // Laid over nothing, the file's bindings are the whole default keymap:
        // none missing, none extra, in the same order.
        assert_eq!(read::key_bindings_alone(DEFAULT_FILE), Keymap::default());
    }

    #[test]
    fn the_default_file_writes_out_every_option() {
        let document =
            toml::de::DeTable::parse(DEFAULT_FILE).unwrap_or_else(|error| panic!("{error}"));
        let keys_of = |section: &str| -> Vec<String> {
            document
                .get_ref()
                .get(section)
                .and_then(|value| value.get_ref().as_table())
                .map(|table| table.keys().map(|key| key.get_ref().to_string()).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            keys_of("layout"),
            [
                "sidebar-width",
                "sidebar-min-width",
                "sidebar-max-width",
                "measure",
                "borders",
                "filter-bar"
            ]
        );
        assert_eq!(keys_of("theme"), ["name"]);
        let modes: Vec<&str> = crate::keymap::Mode::ALL
            .iter()
            .map(|mode| mode.name())
            .collect();
        assert_eq!(keys_of("keys"), modes);
        // Colour overrides are documented, not set: each element is named.
        for &(element, _) in crate::theme::ELEMENTS {
            assert!(
                DEFAULT_FILE.contains(&format!(" {element},"))
                    || DEFAULT_FILE.contains(&format!(" {element}.")),
                "{element}"
            );
        }
        for command in crate::keymap::COMMANDS {
            assert!(
                DEFAULT_FILE.contains(&format!("#   {}", command.name)),
                "{}",
                command.name
            );
        }
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
        assert!(found[0].ends_with(", delete-char or none"), "{}", found[0]);
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

    #[test]
    fn no_color_means_mono_when_set_and_not_empty() {
        assert!(colour_forbidden(Some(OsStr::new("1"))));
        assert!(!colour_forbidden(Some(OsStr::new(""))));
        assert!(!colour_forbidden(None));
        let config = parse("[theme]\nname = \"light\"\n").config.without_colour();
        assert_eq!(config.theme, Theme::built_in(ThemeName::Mono));
    }

    #[test]
    fn a_missing_file_is_no_file_and_unreadable_text_is_an_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        assert!(matches!(load(&dir.path().join(FILE_NAME)), Ok(None)));
        let binary = dir.path().join("binary.toml");
        std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap_or_else(|error| panic!("{error}"));
        let error = load(&binary).err().map(|error| error.to_string());
        assert!(error.is_some_and(|message| message.ends_with("it is not UTF-8 text")));
        assert!(load(dir.path()).is_err(), "a directory is not a file");
        let hostile = dir.path().join("evil\u{1b}]0;title\u{7}.toml");
        std::fs::create_dir(&hostile).unwrap_or_else(|error| panic!("{error}"));
        let message = load(&hostile)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("evil") && !message.contains('\u{1b}'),
            "{message:?}"
        );
    }
}
