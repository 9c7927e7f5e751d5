//! Keys as people write them in a config file (`j`, `ctrl-d`, `shift-space`,
//! `g g`) and as the help overlay shows them (`j`, `Ctrl-d`, `Shift-Space`,
//! `gg`).
//!
//! A [`KeyPress`] is normalised the same way from notation and from a
//! terminal event, so the two compare equal: letters carry their case in the
//! character (`J`, not `shift-j`), and Shift is kept only where nothing else
//! records it (Space, arrows, function keys).

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key with its modifiers, normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyPress {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl KeyPress {
    /// A key press from its code and modifiers, normalised.
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        match code {
            KeyCode::BackTab => KeyPress {
                code,
                modifiers: modifiers - KeyModifiers::SHIFT,
            },
            KeyCode::Char(c) if c != ' ' => KeyPress {
                code,
                modifiers: modifiers - KeyModifiers::SHIFT,
            },
            _ => KeyPress { code, modifiers },
        }
    }

    /// The terminal event for this press, for tests that press keys by
    /// their names.
    #[cfg(test)]
    pub(crate) fn to_event(self) -> KeyEvent {
        KeyEvent::new(self.code, self.modifiers)
    }

    /// The key press a terminal event stands for.
    pub fn from_event(event: KeyEvent) -> Self {
        KeyPress::new(event.code, event.modifiers)
    }

    /// The character this press would type into a text field, if any: a
    /// character without Ctrl or Alt.
    pub fn typed_char(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c)
                if !self
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        }
    }

    /// Reads one key: a character, or a name (`enter`, `pgdn`, `f5`), after
    /// any of `ctrl-`, `alt-`, `shift-`. Case matters for a single character
    /// only (`J` is Shift-j); names and modifiers take any case.
    pub fn parse(text: &str) -> Result<KeyPress, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        while let Some((prefix, after)) = rest.split_once('-') {
            if after.is_empty() {
                // "ctrl--": the key is the dash itself.
                break;
            }
            let modifier = match prefix.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" | "meta" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => return Err(format!("unknown modifier \"{prefix}\" in \"{text}\"")),
            };
            modifiers |= modifier;
            rest = after;
        }
        let code = key_code(rest).ok_or_else(|| format!("unknown key \"{rest}\""))?;
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) && c != ' ' => {
                let mut upper = c.to_uppercase();
                match (upper.next(), upper.next()) {
                    (Some(big), None) => KeyCode::Char(big),
                    _ => KeyCode::Char(c),
                }
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Ok(KeyPress::new(code, modifiers))
    }

    /// The key as a config file writes it (`ctrl-d`, `space`, `G`).
    pub fn notation(self) -> String {
        let mut text = String::new();
        for (modifier, prefix) in [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SHIFT, "shift-"),
        ] {
            if self.modifiers.contains(modifier) {
                text.push_str(prefix);
            }
        }
        match self.code {
            KeyCode::Char(' ') => text.push_str("space"),
            KeyCode::Char(c) => text.push(c),
            KeyCode::F(number) => text.push_str(&format!("f{number}")),
            code => text.push_str(
                NAMES
                    .iter()
                    .find(|&&(_, named)| named == code)
                    .map_or("?", |&(name, _)| name),
            ),
        }
        text
    }
}

/// A key's code from a single character or a name.
fn key_code(text: &str) -> Option<KeyCode> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_whitespace() && !c.is_control()).then_some(KeyCode::Char(c));
    }
    let lower = text.to_ascii_lowercase();
    if let Some(&(_, code)) = NAMES.iter().find(|&&(name, _)| name == lower) {
        return Some(code);
    }
    let number: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=24).contains(&number).then_some(KeyCode::F(number))
}

/// Keys by name, the name config files are written with first.
const NAMES: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("minus", KeyCode::Char('-')),
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
];

/// Reads a sequence of keys separated by spaces (`g g`, `ctrl-w j`).
pub fn parse_sequence(text: &str) -> Result<Vec<KeyPress>, String> {
    let keys = text
        .split_whitespace()
        .map(KeyPress::parse)
        .collect::<Result<Vec<_>, _>>()?;
    if keys.is_empty() {
        return Err("an empty key".into());
    }
    Ok(keys)
}

impl fmt::Display for KeyPress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(number) => write!(f, "F{number}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A sequence as help shows it: `gg` when every key is one character,
/// otherwise keys apart (`Ctrl-w j`).
pub fn display_sequence(keys: &[KeyPress]) -> String {
    let shown: Vec<String> = keys.iter().map(ToString::to_string).collect();
    if shown.iter().all(|key| key.chars().count() == 1) {
        shown.concat()
    } else {
        shown.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyPress {
        KeyPress::new(code, modifiers)
    }

    #[test]
    fn single_characters_keep_their_case() {
        assert_eq!(
            KeyPress::parse("j"),
            Ok(press(KeyCode::Char('j'), KeyModifiers::NONE))
        );
        assert_eq!(
            KeyPress::parse("J"),
            Ok(press(KeyCode::Char('J'), KeyModifiers::NONE))
        );
        assert_eq!(
            KeyPress::parse("?"),
            Ok(press(KeyCode::Char('?'), KeyModifiers::NONE))
        );
        assert_eq!(
            KeyPress::parse("-"),
            Ok(press(KeyCode::Char('-'), KeyModifiers::NONE))
        );
    }

    #[test]
    fn modifiers_combine_and_take_any_case() {
        let ctrl_d = press(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(KeyPress::parse("ctrl-d"), Ok(ctrl_d));
        assert_eq!(KeyPress::parse("Ctrl-d"), Ok(ctrl_d));
        assert_eq!(
            KeyPress::parse("ctrl-alt-x"),
            Ok(press(
                KeyCode::Char('x'),
                KeyModifiers::CONTROL | KeyModifiers::ALT
            ))
        );
        assert_eq!(
            KeyPress::parse("alt-j"),
            Ok(press(KeyCode::Char('j'), KeyModifiers::ALT))
        );
        assert_eq!(
            KeyPress::parse("ctrl--"),
            Ok(press(KeyCode::Char('-'), KeyModifiers::CONTROL))
        );
    }

    #[test]
    fn shift_with_a_letter_is_the_capital_and_shift_space_stays_shifted() {
        assert_eq!(KeyPress::parse("shift-j"), KeyPress::parse("J"));
        assert_eq!(
            KeyPress::parse("shift-space"),
            Ok(press(KeyCode::Char(' '), KeyModifiers::SHIFT))
        );
        assert_ne!(KeyPress::parse("shift-space"), KeyPress::parse("space"));
        assert_eq!(KeyPress::parse("shift-tab"), KeyPress::parse("backtab"));
    }

    #[test]
    fn names_are_read_whatever_their_case() {
        assert_eq!(
            KeyPress::parse("Enter"),
            Ok(press(KeyCode::Enter, KeyModifiers::NONE))
        );
        assert_eq!(
            KeyPress::parse("PGDN"),
            Ok(press(KeyCode::PageDown, KeyModifiers::NONE))
        );
        assert_eq!(
            KeyPress::parse("f12"),
            Ok(press(KeyCode::F(12), KeyModifiers::NONE))
        );
        assert_eq!(
            KeyPress::parse("space"),
            Ok(press(KeyCode::Char(' '), KeyModifiers::NONE))
        );
    }

    #[test]
    fn nonsense_is_refused_with_the_part_that_is_wrong() {
        assert_eq!(
            KeyPress::parse("hyper-j"),
            Err("unknown modifier \"hyper\" in \"hyper-j\"".into())
        );
        assert_eq!(
            KeyPress::parse("ctrl-enterr"),
            Err("unknown key \"enterr\"".into())
        );
        assert!(KeyPress::parse("f25").is_err());
        assert!(KeyPress::parse("").is_err());
        assert!(parse_sequence("   ").is_err());
    }

    #[test]
    fn events_match_notation_however_the_terminal_reports_shift() {
        let capital = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Ok(KeyPress::from_event(capital)), KeyPress::parse("G"));
        let plain_capital = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE);
        assert_eq!(
            Ok(KeyPress::from_event(plain_capital)),
            KeyPress::parse("G")
        );
        let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            Ok(KeyPress::from_event(back_tab)),
            KeyPress::parse("shift-tab")
        );
    }

    #[test]
    fn sequences_are_keys_apart_and_show_joined_when_short() {
        let gg = parse_sequence("g g").unwrap_or_default();
        assert_eq!(gg.len(), 2);
        assert_eq!(display_sequence(&gg), "gg");
        let window = parse_sequence("ctrl-w j").unwrap_or_default();
        assert_eq!(display_sequence(&window), "Ctrl-w j");
        assert_eq!(
            display_sequence(&parse_sequence("shift-space").unwrap_or_default()),
            "Shift-Space"
        );
    }

    #[test]
    fn notation_reads_back_to_the_same_key() {
        for text in [
            "j",
            "G",
            "ctrl-d",
            "alt-j",
            "shift-space",
            "space",
            "enter",
            "pagedown",
            "f5",
            "backtab",
            "-",
        ] {
            let key = KeyPress::parse(text).unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(key.notation(), text);
            assert_eq!(KeyPress::parse(&key.notation()), Ok(key));
        }
    }

    #[test]
    fn typed_characters_exclude_control_and_alt() {
        assert_eq!(
            KeyPress::parse("J").ok().and_then(KeyPress::typed_char),
            Some('J')
        );
        assert_eq!(
            KeyPress::parse("ctrl-j")
                .ok()
                .and_then(KeyPress::typed_char),
            None
        );
        assert_eq!(
            KeyPress::parse("enter").ok().and_then(KeyPress::typed_char),
            None
        );
    }
}
