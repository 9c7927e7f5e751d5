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
use crate::web::{self, Limits};

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
    /// How much the parse cache may keep (`[cache]`).
    pub cache: CacheOptions,
    /// How far fetching an address may go (`[web]`).
    pub web: WebOptions,
}

/// The `[web]` options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WebOptions {
    /// `max-megabytes`: a fetched body larger than this fails.
    pub max_megabytes: u16,
    /// `timeout-seconds`: the most one fetch may take, redirects and all.
    pub timeout_seconds: u16,
}

impl Default for WebOptions {
    fn default() -> Self {
        WebOptions {
            max_megabytes: web::DEFAULT_MAX_MEGABYTES,
            timeout_seconds: web::DEFAULT_TIMEOUT_SECONDS,
        }
    }
}

impl WebOptions {
    /// The limits a fetch is held to.
    pub fn limits(&self) -> Limits {
        Limits::new(self.max_megabytes, self.timeout_seconds)
    }
}

/// The `[cache]` options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheOptions {
    /// `max-megabytes`: the parse cache's budget on disk; 0 keeps nothing.
    pub max_megabytes: u16,
}

impl Default for CacheOptions {
    fn default() -> Self {
        CacheOptions {
            max_megabytes: 1024,
        }
    }
}

impl CacheOptions {
    /// The budget in bytes.
    pub fn budget_bytes(&self) -> u64 {
        u64::from(self.max_megabytes) * 1_000_000
    }
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
pub(crate) mod tests {
    use super::*;
    use crate::action::{Action, Focus};
    use crate::keymap::notation::KeyPress;

    /// Every problem `text` has, as shown to a person.
    pub(crate) fn problems(text: &str) -> Vec<String> {
        shown(&parse(text))
    }

    /// A report's problems as shown to a person.
    pub(crate) fn shown(report: &Report) -> Vec<String> {
        report.problems.iter().map(ToString::to_string).collect()
    }

    /// The actions `keys` (in config notation) give with `focus`.
    pub(crate) fn press(config: &Config, focus: Focus, keys: &[&str]) -> Vec<Action> {
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
