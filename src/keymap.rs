//! Key bindings: the defaults, a person's overrides, lookups (sequences such
//! as `g g` included), and the rows and hints that show them.
//!
//! One [`Keymap`] answers every question about keys, so the help overlay and
//! the status bar can never drift from what the keys do.

pub mod notation;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use crate::action::{Action, Focus};
use notation::{KeyPress, display_sequence, parse_sequence};

/// A section of bindings: where they apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Everywhere, the filter bar included.
    Global,
    /// The headlines and the reader, not while typing a filter.
    Browse,
    /// The headlines only.
    Headlines,
    /// The reader only.
    Reader,
    /// The filter bar only.
    Filter,
}

impl Mode {
    /// Every mode, in the order the config file and the help overlay use.
    pub const ALL: [Mode; 5] = [
        Mode::Global,
        Mode::Browse,
        Mode::Headlines,
        Mode::Reader,
        Mode::Filter,
    ];

    /// The name of its section in the config file (`[keys.<name>]`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Browse => "browse",
            Mode::Headlines => "headlines",
            Mode::Reader => "reader",
            Mode::Filter => "filter",
        }
    }

    /// The mode a config section names; `list` is the headlines' section's
    /// old name, still read.
    pub fn from_name(name: &str) -> Option<Mode> {
        match name {
            "list" => Some(Mode::Headlines),
            _ => Mode::ALL.into_iter().find(|mode| mode.name() == name),
        }
    }

    /// The modes in force with `focus`, the most specific first: a binding
    /// there wins over the same keys in a wider mode.
    fn in_force(focus: Focus) -> &'static [Mode] {
        match focus {
            Focus::Headlines => &[Mode::Headlines, Mode::Browse, Mode::Global],
            Focus::Reader => &[Mode::Reader, Mode::Browse, Mode::Global],
            // The search prompt edits as the filter bar does.
            Focus::Filter | Focus::Search => &[Mode::Filter, Mode::Global],
        }
    }
}

/// An action a key can be bound to, by the name the config file uses.
#[derive(Clone, Debug)]
pub struct Command {
    /// Its name in the config file.
    pub name: &'static str,
    /// What it does.
    pub action: Action,
    /// What the help overlay says of it.
    pub help: &'static str,
}

/// The name that unbinds a key.
pub const UNBOUND: &str = "none";

/// Every bindable action, in the order help lists them.
#[rustfmt::skip]
pub const COMMANDS: &[Command] = &[
    Command { name: "quit", action: Action::Quit, help: "quit" },
    Command { name: "suspend", action: Action::Suspend, help: "suspend to the shell (fg returns)" },
    Command { name: "help", action: Action::ToggleHelp, help: "this help" },
    Command { name: "filter", action: Action::StartFilter, help: "filter headlines (and text)" },
    Command { name: "down", action: Action::Down, help: "next headline · scroll down a line" },
    Command { name: "up", action: Action::Up, help: "previous headline · scroll up a line" },
    Command { name: "open", action: Action::Open, help: "open the article" },
    Command { name: "back", action: Action::Back, help: "back to the headlines" },
    Command { name: "switch-focus", action: Action::SwitchFocus, help: "switch between headlines and reader" },
    Command { name: "top", action: Action::Top, help: "first headline · top of the article" },
    Command { name: "bottom", action: Action::Bottom, help: "last headline · end of the article" },
    Command { name: "page-down", action: Action::PageDown, help: "page down · at the end, the next article" },
    Command { name: "page-up", action: Action::PageUp, help: "page up" },
    Command { name: "half-page-down", action: Action::HalfPageDown, help: "half a page down" },
    Command { name: "half-page-up", action: Action::HalfPageUp, help: "half a page up" },
    Command { name: "next-article", action: Action::NextArticle, help: "next article, staying in the reader" },
    Command { name: "previous-article", action: Action::PreviousArticle, help: "previous article, staying in the reader" },
    Command { name: "bookmark", action: Action::ToggleBookmark, help: "bookmark the article, or remove its bookmark" },
    Command { name: "bookmarks", action: Action::ToggleBookmarksView, help: "bookmarks only, newest first · everything" },
    Command { name: "toggle-read", action: Action::ToggleRead, help: "mark the article read or unread" },
    Command { name: "next-unread", action: Action::NextUnread, help: "next unread article" },
    Command { name: "previous-unread", action: Action::PreviousUnread, help: "previous unread article" },
    Command { name: "hide-read", action: Action::ToggleHideRead, help: "hide read articles · show them again" },
    Command { name: "mark-all-read", action: Action::MarkAllRead, help: "mark every article shown read (asks first)" },
    Command { name: "sort", action: Action::CycleSort, help: "order: file, title, unread first, newest first" },
    Command { name: "open-link", action: Action::OpenLink, help: "open the article's page in the browser (3o: link [3])" },
    Command { name: "copy-link", action: Action::CopyLink, help: "copy the article's address (3y: link [3])" },
    Command { name: "refresh", action: Action::Refresh, help: "fetch every address again, in the background" },
    Command { name: "full-text", action: Action::FullText, help: "the full text from the article's page · the feed's own text" },
    Command { name: "search", action: Action::StartSearch, help: "search the article (Enter searches, n/N move)" },
    Command { name: "next-match", action: Action::NextHit, help: "next match of the search, else of the filter" },
    Command { name: "previous-match", action: Action::PreviousHit, help: "previous match of the search, else of the filter" },
    Command { name: "clear-filter", action: Action::ClearFilter, help: "clear an active filter" },
    Command { name: "accept-filter", action: Action::AcceptFilter, help: "keep the filter, back to the headlines · run the search" },
    Command { name: "cancel-filter", action: Action::CancelFilter, help: "clear the filter · cancel the search" },
    Command { name: "delete-char", action: Action::FilterBackspace, help: "delete the character before the cursor" },
    Command { name: "delete-forward", action: Action::DeleteForward, help: "delete the character under the cursor" },
    Command { name: "delete-word", action: Action::DeleteWord, help: "delete the word before the cursor" },
    Command { name: "delete-to-start", action: Action::DeleteToStart, help: "delete to the start of the filter" },
    Command { name: "delete-to-end", action: Action::DeleteToEnd, help: "delete to the end of the filter" },
    Command { name: "cursor-left", action: Action::CursorLeft, help: "cursor a character left" },
    Command { name: "cursor-right", action: Action::CursorRight, help: "cursor a character right" },
    Command { name: "word-left", action: Action::WordLeft, help: "cursor a word left" },
    Command { name: "word-right", action: Action::WordRight, help: "cursor a word right" },
    Command { name: "line-start", action: Action::LineStart, help: "cursor to the start of the filter" },
    Command { name: "line-end", action: Action::LineEnd, help: "cursor to the end of the filter" },
];

/// What the help overlay says after the keys: the list's marks, the mouse
/// and counts, which no binding names.
pub const HELP_NOTES: &[(&str, &str)] = &[
    (
        "★  +  dim",
        "in the list: bookmarked · only an excerpt · read",
    ),
    (
        "mouse",
        "click selects · double-click opens · wheel scrolls · click the filter bar to type",
    ),
    (
        "5j  10G",
        "a count before a move repeats it; before G or gg, goes to that row or line",
    ),
];

/// The command of a config-file name.
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|command| command.name == name)
}

/// The default bindings, in the config file's notation: the same table
/// `assets/config.toml` writes out (a test holds the two together).
#[rustfmt::skip]
pub const DEFAULT_BINDINGS: &[(Mode, &str, &str)] = &[
    (Mode::Global, "ctrl-c", "quit"),
    (Mode::Global, "ctrl-z", "suspend"),
    (Mode::Browse, "q", "quit"),
    (Mode::Browse, "?", "help"),
    (Mode::Browse, "/", "filter"),
    (Mode::Browse, "j", "down"),
    (Mode::Browse, "down", "down"),
    (Mode::Browse, "k", "up"),
    (Mode::Browse, "up", "up"),
    (Mode::Browse, "tab", "switch-focus"),
    (Mode::Browse, "g g", "top"),
    (Mode::Browse, "home", "top"),
    (Mode::Browse, "G", "bottom"),
    (Mode::Browse, "end", "bottom"),
    (Mode::Browse, "space", "page-down"),
    (Mode::Browse, "pagedown", "page-down"),
    (Mode::Browse, "shift-space", "page-up"),
    (Mode::Browse, "pageup", "page-up"),
    (Mode::Browse, "ctrl-d", "half-page-down"),
    (Mode::Browse, "ctrl-u", "half-page-up"),
    (Mode::Browse, "J", "next-article"),
    (Mode::Browse, "K", "previous-article"),
    (Mode::Browse, "b", "bookmark"),
    (Mode::Browse, "B", "bookmarks"),
    (Mode::Browse, "u", "toggle-read"),
    (Mode::Browse, "]", "next-unread"),
    (Mode::Browse, "[", "previous-unread"),
    (Mode::Browse, "H", "hide-read"),
    (Mode::Browse, "A", "mark-all-read"),
    (Mode::Browse, "s", "sort"),
    (Mode::Browse, "o", "open-link"),
    (Mode::Browse, "y", "copy-link"),
    (Mode::Browse, "r", "refresh"),
    (Mode::Browse, "f", "full-text"),
    (Mode::Headlines, "enter", "open"),
    (Mode::Headlines, "l", "open"),
    (Mode::Headlines, "right", "open"),
    (Mode::Headlines, "esc", "clear-filter"),
    (Mode::Reader, "h", "back"),
    (Mode::Reader, "left", "back"),
    (Mode::Reader, "esc", "back"),
    (Mode::Reader, "/", "search"),
    (Mode::Reader, "n", "next-match"),
    (Mode::Reader, "N", "previous-match"),
    (Mode::Filter, "enter", "accept-filter"),
    (Mode::Filter, "esc", "cancel-filter"),
    (Mode::Filter, "backspace", "delete-char"),
    (Mode::Filter, "delete", "delete-forward"),
    (Mode::Filter, "ctrl-w", "delete-word"),
    (Mode::Filter, "alt-backspace", "delete-word"),
    (Mode::Filter, "ctrl-u", "delete-to-start"),
    (Mode::Filter, "ctrl-k", "delete-to-end"),
    (Mode::Filter, "left", "cursor-left"),
    (Mode::Filter, "ctrl-b", "cursor-left"),
    (Mode::Filter, "right", "cursor-right"),
    (Mode::Filter, "ctrl-f", "cursor-right"),
    (Mode::Filter, "alt-b", "word-left"),
    (Mode::Filter, "ctrl-left", "word-left"),
    (Mode::Filter, "alt-f", "word-right"),
    (Mode::Filter, "ctrl-right", "word-right"),
    (Mode::Filter, "home", "line-start"),
    (Mode::Filter, "ctrl-a", "line-start"),
    (Mode::Filter, "end", "line-end"),
    (Mode::Filter, "ctrl-e", "line-end"),
    (Mode::Filter, "down", "down"),
    (Mode::Filter, "ctrl-n", "down"),
    (Mode::Filter, "up", "up"),
    (Mode::Filter, "ctrl-p", "up"),
];

/// One binding in force: keys in a mode, and the action (`None`: the keys
/// are deliberately unbound there).
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// The keys, one or more in sequence.
    pub keys: Vec<KeyPress>,
    /// What they do; `None` blocks the keys, wider modes included.
    pub action: Option<Action>,
}

/// What a sequence of keys means in one focus.
#[derive(Clone, Debug, PartialEq)]
enum Found {
    /// A whole binding: its action, or none if unbound.
    Exact(Option<Action>),
    /// The start of a longer binding: wait for more keys.
    Prefix,
    /// Nothing.
    Nothing,
}

/// The bindings in force, with the status-bar hints they imply.
#[derive(Clone, Debug, PartialEq)]
pub struct Keymap {
    bindings: Vec<Binding>,
    hints: [String; 4],
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULT_BINDINGS
            .iter()
            .filter_map(|&(mode, keys, name)| {
                Some(Binding {
                    mode,
                    keys: parse_sequence(keys).ok()?,
                    action: Some(command(name)?.action),
                })
            })
            .collect();
        Keymap::from_bindings(bindings)
    }
}

impl Keymap {
    /// A keymap of exactly `bindings`, no defaults.
    pub(crate) fn from_bindings(bindings: Vec<Binding>) -> Self {
        let mut keymap = Keymap {
            bindings,
            hints: Default::default(),
        };
        keymap.hints = [
            Focus::Headlines,
            Focus::Reader,
            Focus::Filter,
            Focus::Search,
        ]
        .map(|focus| keymap.hint_line(focus));
        keymap
    }

    /// These bindings with `overrides` laid over them: each override
    /// replaces whatever its keys did in its mode.
    pub fn with_overrides(&self, overrides: Vec<Binding>) -> Keymap {
        let mut bindings = self.bindings.clone();
        for binding in overrides {
            bindings.retain(|old| (old.mode, &old.keys) != (binding.mode, &binding.keys));
            bindings.push(binding);
        }
        Keymap::from_bindings(bindings)
    }

    /// Every binding, defaults and overrides alike.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Feeds one key press, after those `pending` holds from an unfinished
    /// sequence, and returns what to do: usually one action, none while a
    /// sequence is unfinished, and in the filter bar the characters of a
    /// sequence that came to nothing, typed after all.
    pub fn press(&self, focus: Focus, pending: &mut Vec<KeyPress>, key: KeyPress) -> Vec<Action> {
        if key == always_quits() {
            pending.clear();
            return vec![Action::Quit];
        }
        pending.push(key);
        match self.find(focus, pending) {
            Found::Exact(action) => {
                pending.clear();
                action.into_iter().collect()
            }
            Found::Prefix => Vec::new(),
            Found::Nothing => {
                pending.pop();
                let stale = std::mem::take(pending);
                let mut actions = Vec::new();
                if focus.types_text() {
                    actions.extend(
                        stale
                            .iter()
                            .filter_map(|key| key.typed_char())
                            .map(Action::FilterChar),
                    );
                }
                if stale.is_empty() {
                    if focus.types_text() {
                        actions.extend(key.typed_char().map(Action::FilterChar));
                    }
                } else {
                    // The key may begin something of its own.
                    actions.extend(self.press(focus, pending, key));
                }
                actions
            }
        }
    }

    /// Whether `key` alone means anything (or begins a sequence) with
    /// `focus`: an unbound digit is a count instead.
    pub fn binds(&self, focus: Focus, key: KeyPress) -> bool {
        self.find(focus, &[key]) != Found::Nothing
    }

    /// What `keys` mean with `focus`: the most specific mode that knows them
    /// decides.
    fn find(&self, focus: Focus, keys: &[KeyPress]) -> Found {
        for &mode in Mode::in_force(focus) {
            let in_mode = || {
                self.bindings
                    .iter()
                    .filter(move |binding| binding.mode == mode)
            };
            if let Some(binding) = in_mode().find(|binding| binding.keys == keys) {
                return Found::Exact(binding.action);
            }
            if in_mode()
                .any(|binding| binding.keys.len() > keys.len() && binding.keys.starts_with(keys))
            {
                return Found::Prefix;
            }
        }
        Found::Nothing
    }

    /// Keys that mean `action` with `focus` (shadowed ones left out), in the
    /// order they were bound.
    fn keys_for(&self, focus: Focus, action: &Action) -> Vec<&[KeyPress]> {
        Mode::in_force(focus)
            .iter()
            .flat_map(|&mode| {
                self.bindings
                    .iter()
                    .filter(move |binding| binding.mode == mode)
            })
            .filter(|binding| binding.action.as_ref() == Some(action))
            .filter(|binding| self.find(focus, &binding.keys) == Found::Exact(Some(*action)))
            .map(|binding| binding.keys.as_slice())
            .collect()
    }

    /// The first key that means `action` with `focus`, as help shows it.
    pub fn key_for(&self, focus: Focus, action: &Action) -> Option<String> {
        self.keys_for(focus, action)
            .first()
            .map(|keys| display_sequence(keys))
    }

    /// Rows for the help overlay: keys, what they do, and where, for every
    /// bound command, mode by mode.
    /// Lines of the help overlay: a row per binding, then [`HELP_NOTES`].
    pub fn help_len(&self) -> usize {
        self.help_rows().len() + HELP_NOTES.len()
    }

    pub fn help_rows(&self) -> Vec<HelpRow> {
        let mut rows = Vec::new();
        for mode in Mode::ALL {
            for command in COMMANDS {
                let keys: Vec<String> = self
                    .bindings
                    .iter()
                    .filter(|binding| {
                        binding.mode == mode && binding.action.as_ref() == Some(&command.action)
                    })
                    .map(|binding| display_sequence(&binding.keys))
                    .collect();
                if !keys.is_empty() {
                    rows.push(HelpRow {
                        keys: keys.join(", "),
                        help: command.help,
                        mode,
                    });
                }
            }
        }
        rows
    }

    /// The status bar's short list of keys for `focus`.
    pub fn hints(&self, focus: Focus) -> &str {
        let slot = match focus {
            Focus::Headlines => 0,
            Focus::Reader => 1,
            Focus::Filter => 2,
            Focus::Search => 3,
        };
        &self.hints[slot]
    }

    fn hint_line(&self, focus: Focus) -> String {
        let wanted: &[(&[Action], &str)] = match focus {
            Focus::Headlines => &[
                (&[Action::Down, Action::Up], "move"),
                (&[Action::Open], "read"),
                (&[Action::StartFilter], "filter"),
                (&[Action::ToggleHelp], "help"),
                (&[Action::Quit], "quit"),
            ],
            Focus::Reader => &[
                (&[Action::Down, Action::Up], "scroll"),
                (&[Action::PageDown], "page"),
                (&[Action::NextArticle, Action::PreviousArticle], "next/prev"),
                (&[Action::StartSearch], "search"),
                (&[Action::NextHit, Action::PreviousHit], "matches"),
                (&[Action::Back], "back"),
            ],
            Focus::Search => &[
                (&[Action::AcceptFilter], "search"),
                (&[Action::CancelFilter], "cancel"),
            ],
            Focus::Filter => &[
                (&[Action::AcceptFilter], "keep"),
                (&[Action::CancelFilter], "clear"),
                (&[Action::Down, Action::Up], "move"),
            ],
        };
        let mut parts: Vec<String> = Vec::new();
        match focus {
            Focus::Filter => parts.push("type to filter".into()),
            Focus::Search => parts.push("type to search the article".into()),
            Focus::Headlines | Focus::Reader => {}
        }
        for (actions, label) in wanted {
            let keys: Option<Vec<String>> = actions
                .iter()
                .map(|action| self.key_for(focus, action))
                .collect();
            if let Some(keys) = keys {
                parts.push(format!("{} {label}", keys.join("/")));
            }
        }
        parts.join(" · ")
    }
}

/// One row of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpRow {
    /// The keys, as shown ("j, ↓").
    pub keys: String,
    /// What they do.
    pub help: &'static str,
    /// Where.
    pub mode: Mode,
}

/// Ctrl-C: it quits whatever the config says, so no config can leave a
/// reader that only a signal ends.
pub fn always_quits() -> KeyPress {
    KeyPress::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn key(text: &str) -> KeyPress {
        KeyPress::parse(text).unwrap_or_else(|error| panic!("{error}"))
    }

    /// The actions a series of presses gives, one press at a time.
    fn typed(keymap: &Keymap, focus: Focus, keys: &[&str]) -> Vec<Action> {
        let mut pending = Vec::new();
        keys.iter()
            .flat_map(|&k| keymap.press(focus, &mut pending, key(k)))
            .collect()
    }

    fn bind(mode: Mode, keys: &str, name: &str) -> Binding {
        Binding {
            mode,
            keys: parse_sequence(keys).unwrap_or_default(),
            action: command(name).map(|command| command.action),
        }
    }

    #[test]
    fn every_default_binding_reads_and_names_a_command() {
        for &(_, keys, name) in DEFAULT_BINDINGS {
            assert!(parse_sequence(keys).is_ok(), "{keys}");
            assert!(command(name).is_some(), "{name}");
        }
        assert_eq!(Keymap::default().bindings().len(), DEFAULT_BINDINGS.len());
    }

    #[test]
    fn vim_keys_and_arrows_move_the_same_way() {
        let keymap = Keymap::default();
        for focus in [Focus::Headlines, Focus::Reader] {
            assert_eq!(typed(&keymap, focus, &["j"]), [Action::Down]);
            assert_eq!(typed(&keymap, focus, &["down"]), [Action::Down]);
            assert_eq!(typed(&keymap, focus, &["k"]), [Action::Up]);
        }
    }

    #[test]
    fn letters_are_typed_into_the_filter_not_obeyed() {
        let keymap = Keymap::default();
        assert_eq!(
            typed(&keymap, Focus::Filter, &["q", "j", "Q"]),
            [
                Action::FilterChar('q'),
                Action::FilterChar('j'),
                Action::FilterChar('Q')
            ]
        );
        assert_eq!(typed(&keymap, Focus::Filter, &["ctrl-x"]), []);
    }

    #[test]
    fn ctrl_c_quits_from_anywhere() {
        let keymap = Keymap::default();
        for focus in [Focus::Headlines, Focus::Reader, Focus::Filter] {
            assert_eq!(typed(&keymap, focus, &["ctrl-c"]), [Action::Quit]);
        }
    }

    #[test]
    fn escape_depends_on_where_you_are() {
        let keymap = Keymap::default();
        assert_eq!(
            typed(&keymap, Focus::Filter, &["esc"]),
            [Action::CancelFilter]
        );
        assert_eq!(typed(&keymap, Focus::Reader, &["esc"]), [Action::Back]);
        assert_eq!(
            typed(&keymap, Focus::Headlines, &["esc"]),
            [Action::ClearFilter]
        );
    }

    #[test]
    fn shift_space_pages_up_and_space_pages_down() {
        let keymap = Keymap::default();
        assert_eq!(
            typed(&keymap, Focus::Reader, &["space"]),
            [Action::PageDown]
        );
        assert_eq!(
            typed(&keymap, Focus::Reader, &["shift-space"]),
            [Action::PageUp]
        );
    }

    #[test]
    fn capital_letters_arrive_with_or_without_the_shift_flag() {
        let keymap = Keymap::default();
        for modifiers in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
            let mut pending = Vec::new();
            let big_j = KeyPress::new(KeyCode::Char('J'), modifiers);
            assert_eq!(
                keymap.press(Focus::Reader, &mut pending, big_j),
                [Action::NextArticle]
            );
        }
    }

    #[test]
    fn g_g_goes_to_the_top_and_a_lone_g_waits() {
        let keymap = Keymap::default();
        let mut pending = Vec::new();
        assert_eq!(keymap.press(Focus::Headlines, &mut pending, key("g")), []);
        assert_eq!(pending, [key("g")]);
        assert_eq!(
            keymap.press(Focus::Headlines, &mut pending, key("g")),
            [Action::Top]
        );
        assert!(pending.is_empty());
    }

    #[test]
    fn a_broken_sequence_is_dropped_and_the_new_key_still_counts() {
        let keymap = Keymap::default();
        assert_eq!(
            typed(&keymap, Focus::Headlines, &["g", "j"]),
            [Action::Down]
        );
        assert_eq!(
            typed(&keymap, Focus::Headlines, &["g", "x", "j"]),
            [Action::Down]
        );
    }

    #[test]
    fn a_sequence_that_fails_in_the_filter_types_its_characters() {
        let keymap =
            Keymap::default().with_overrides(vec![bind(Mode::Filter, "j k", "accept-filter")]);
        assert_eq!(
            typed(&keymap, Focus::Filter, &["j", "k"]),
            [Action::AcceptFilter]
        );
        assert_eq!(
            typed(&keymap, Focus::Filter, &["j", "a"]),
            [Action::FilterChar('j'), Action::FilterChar('a')]
        );
        assert_eq!(
            typed(&keymap, Focus::Filter, &["j", "j", "k"]),
            [Action::FilterChar('j'), Action::AcceptFilter]
        );
    }

    #[test]
    fn overrides_add_keys_rebind_keys_and_unbind_keys() {
        let keymap = Keymap::default().with_overrides(vec![
            bind(Mode::Browse, "x", "quit"),
            bind(Mode::Browse, "j", "bottom"),
            Binding {
                mode: Mode::Browse,
                keys: vec![key("q")],
                action: None,
            },
        ]);
        assert_eq!(typed(&keymap, Focus::Headlines, &["x"]), [Action::Quit]);
        assert_eq!(typed(&keymap, Focus::Headlines, &["j"]), [Action::Bottom]);
        assert_eq!(typed(&keymap, Focus::Headlines, &["q"]), []);
        assert_eq!(typed(&keymap, Focus::Headlines, &["down"]), [Action::Down]);
    }

    #[test]
    fn unbinding_in_a_narrow_mode_blocks_the_wider_binding() {
        let keymap = Keymap::default().with_overrides(vec![Binding {
            mode: Mode::Reader,
            keys: vec![key("q")],
            action: None,
        }]);
        assert_eq!(typed(&keymap, Focus::Reader, &["q"]), []);
        assert_eq!(typed(&keymap, Focus::Headlines, &["q"]), [Action::Quit]);
    }

    #[test]
    fn modifiers_resolve_to_their_own_actions() {
        let keymap = Keymap::default().with_overrides(vec![
            bind(Mode::Browse, "alt-j", "next-article"),
            bind(Mode::Browse, "ctrl-f", "page-down"),
        ]);
        assert_eq!(
            typed(&keymap, Focus::Reader, &["alt-j"]),
            [Action::NextArticle]
        );
        assert_eq!(
            typed(&keymap, Focus::Reader, &["ctrl-f"]),
            [Action::PageDown]
        );
        assert_eq!(
            typed(&keymap, Focus::Reader, &["ctrl-d"]),
            [Action::HalfPageDown]
        );
    }

    #[test]
    fn help_rows_follow_a_rebinding() {
        let default_rows = Keymap::default().help_rows();
        let quit = |rows: &[HelpRow]| {
            rows.iter()
                .find(|row| row.help == "quit" && row.mode == Mode::Browse)
                .map(|row| row.keys.clone())
        };
        assert_eq!(quit(&default_rows).as_deref(), Some("q"));
        let keymap = Keymap::default().with_overrides(vec![
            bind(Mode::Browse, "x", "quit"),
            Binding {
                mode: Mode::Browse,
                keys: vec![key("q")],
                action: None,
            },
        ]);
        assert_eq!(quit(&keymap.help_rows()).as_deref(), Some("x"));
        let top = keymap
            .help_rows()
            .into_iter()
            .find(|row| row.help.starts_with("first headline"));
        assert_eq!(top.map(|row| row.keys).as_deref(), Some("gg, Home"));
    }

    #[test]
    fn hints_show_the_keys_in_force() {
        let keymap = Keymap::default();
        assert_eq!(
            keymap.hints(Focus::Headlines),
            "j/k move · Enter read · / filter · ? help · q quit"
        );
        let rebound = keymap.with_overrides(vec![
            bind(Mode::Browse, "ctrl-q", "quit"),
            Binding {
                mode: Mode::Browse,
                keys: vec![key("q")],
                action: None,
            },
            Binding {
                mode: Mode::Headlines,
                keys: vec![key("enter")],
                action: None,
            },
        ]);
        assert_eq!(
            rebound.hints(Focus::Headlines),
            "j/k move · l read · / filter · ? help · Ctrl-q quit"
        );
    }

    #[test]
    fn a_hint_whose_keys_are_all_unbound_is_left_out() {
        let keymap = Keymap::default().with_overrides(vec![Binding {
            mode: Mode::Browse,
            keys: vec![key("?")],
            action: None,
        }]);
        assert!(!keymap.hints(Focus::Headlines).contains("help"));
    }
}
