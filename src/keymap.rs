//! Default key bindings, looked up by focus, and listed for the help overlay.
//!
//! One table serves both: the help overlay is generated from it, so it can
//! never drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::{Action, Focus};

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, the filter bar included.
    Always,
    /// The sidebar and the reader, not while typing a filter.
    Browsing,
    /// The sidebar only.
    Sidebar,
    /// The reader only.
    Reader,
    /// The filter bar only.
    Filter,
}

impl Scope {
    fn covers(self, focus: Focus) -> bool {
        match self {
            Scope::Always => true,
            Scope::Browsing => focus != Focus::Filter,
            Scope::Sidebar => focus == Focus::Sidebar,
            Scope::Reader => focus == Focus::Reader,
            Scope::Filter => focus == Focus::Filter,
        }
    }
}

/// One binding: keys, where, what, and how the help overlay says it.
#[derive(Clone, Debug)]
pub struct Binding {
    /// The key presses it answers to.
    pub presses: &'static [(KeyCode, KeyModifiers)],
    /// The keys, as shown in help ("j ↓").
    pub keys: &'static str,
    /// Where it applies.
    pub scope: Scope,
    /// What it does.
    pub action: Action,
    /// The help text.
    pub help: &'static str,
}

/// The key presses each binding answers to, in the order of [`BINDINGS`].
/// The default bindings, most general first; lookups take the first match.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { presses: &[(KeyCode::Char('c'), KeyModifiers::CONTROL)], keys: "Ctrl-c", scope: Scope::Always, action: Action::Quit, help: "quit" },
    Binding { presses: &[(KeyCode::Char('z'), KeyModifiers::CONTROL)], keys: "Ctrl-z", scope: Scope::Always, action: Action::Suspend, help: "suspend to the shell (fg returns)" },
    Binding { presses: &[(KeyCode::Char('q'), KeyModifiers::NONE)], keys: "q", scope: Scope::Browsing, action: Action::Quit, help: "quit" },
    Binding { presses: &[(KeyCode::Char('?'), KeyModifiers::NONE)], keys: "?", scope: Scope::Browsing, action: Action::ToggleHelp, help: "this help" },
    Binding { presses: &[(KeyCode::Char('/'), KeyModifiers::NONE)], keys: "/", scope: Scope::Browsing, action: Action::StartFilter, help: "filter headlines (and text)" },
    Binding { presses: &[(KeyCode::Char('j'), KeyModifiers::NONE), (KeyCode::Down, KeyModifiers::NONE)], keys: "j ↓", scope: Scope::Browsing, action: Action::Down, help: "next headline · scroll down a line" },
    Binding { presses: &[(KeyCode::Char('k'), KeyModifiers::NONE), (KeyCode::Up, KeyModifiers::NONE)], keys: "k ↑", scope: Scope::Browsing, action: Action::Up, help: "previous headline · scroll up a line" },
    Binding { presses: &[ (KeyCode::Enter, KeyModifiers::NONE), (KeyCode::Char('l'), KeyModifiers::NONE), (KeyCode::Right, KeyModifiers::NONE), ], keys: "Enter l →", scope: Scope::Sidebar, action: Action::Open, help: "open the article" },
    Binding { presses: &[(KeyCode::Char('h'), KeyModifiers::NONE), (KeyCode::Left, KeyModifiers::NONE)], keys: "h ←", scope: Scope::Reader, action: Action::Back, help: "back to the headlines" },
    Binding { presses: &[(KeyCode::Tab, KeyModifiers::NONE)], keys: "Tab", scope: Scope::Browsing, action: Action::SwitchFocus, help: "switch between headlines and reader" },
    Binding { presses: &[(KeyCode::Char('g'), KeyModifiers::NONE), (KeyCode::Home, KeyModifiers::NONE)], keys: "g Home", scope: Scope::Browsing, action: Action::Top, help: "first headline · top of the article" },
    Binding { presses: &[(KeyCode::Char('G'), KeyModifiers::SHIFT), (KeyCode::Char('G'), KeyModifiers::NONE), (KeyCode::End, KeyModifiers::NONE)], keys: "G End", scope: Scope::Browsing, action: Action::Bottom, help: "last headline · end of the article" },
    Binding { presses: &[(KeyCode::Char(' '), KeyModifiers::NONE), (KeyCode::PageDown, KeyModifiers::NONE)], keys: "Space PgDn", scope: Scope::Browsing, action: Action::PageDown, help: "page down" },
    Binding { presses: &[(KeyCode::Char(' '), KeyModifiers::SHIFT), (KeyCode::PageUp, KeyModifiers::NONE)], keys: "Shift-Space PgUp", scope: Scope::Browsing, action: Action::PageUp, help: "page up" },
    Binding { presses: &[(KeyCode::Char('d'), KeyModifiers::CONTROL)], keys: "Ctrl-d", scope: Scope::Browsing, action: Action::HalfPageDown, help: "half a page down" },
    Binding { presses: &[(KeyCode::Char('u'), KeyModifiers::CONTROL)], keys: "Ctrl-u", scope: Scope::Browsing, action: Action::HalfPageUp, help: "half a page up" },
    Binding { presses: &[(KeyCode::Char('J'), KeyModifiers::SHIFT), (KeyCode::Char('J'), KeyModifiers::NONE)], keys: "J", scope: Scope::Browsing, action: Action::NextArticle, help: "next article, staying in the reader" },
    Binding { presses: &[(KeyCode::Char('K'), KeyModifiers::SHIFT), (KeyCode::Char('K'), KeyModifiers::NONE)], keys: "K", scope: Scope::Browsing, action: Action::PreviousArticle, help: "previous article, staying in the reader" },
    Binding { presses: &[(KeyCode::Char('b'), KeyModifiers::NONE)], keys: "b", scope: Scope::Browsing, action: Action::ToggleBookmark, help: "bookmark the article, or remove its bookmark" },
    Binding { presses: &[(KeyCode::Char('B'), KeyModifiers::SHIFT), (KeyCode::Char('B'), KeyModifiers::NONE)], keys: "B", scope: Scope::Browsing, action: Action::ToggleBookmarksView, help: "bookmarks only, newest first · everything" },
    Binding { presses: &[(KeyCode::Char('u'), KeyModifiers::NONE)], keys: "u", scope: Scope::Browsing, action: Action::ToggleRead, help: "mark the article read or unread" },
    Binding { presses: &[(KeyCode::Char('n'), KeyModifiers::NONE)], keys: "n", scope: Scope::Reader, action: Action::NextHit, help: "next match of the filter in the text" },
    Binding { presses: &[(KeyCode::Char('N'), KeyModifiers::SHIFT), (KeyCode::Char('N'), KeyModifiers::NONE)], keys: "N", scope: Scope::Reader, action: Action::PreviousHit, help: "previous match of the filter in the text" },
    Binding { presses: &[(KeyCode::Esc, KeyModifiers::NONE)], keys: "Esc", scope: Scope::Filter, action: Action::CancelFilter, help: "clear the filter" },
    Binding { presses: &[(KeyCode::Esc, KeyModifiers::NONE)], keys: "Esc", scope: Scope::Reader, action: Action::Back, help: "back to the headlines" },
    Binding { presses: &[(KeyCode::Esc, KeyModifiers::NONE)], keys: "Esc", scope: Scope::Sidebar, action: Action::ClearFilter, help: "clear an active filter" },
    Binding { presses: &[(KeyCode::Enter, KeyModifiers::NONE)], keys: "Enter", scope: Scope::Filter, action: Action::AcceptFilter, help: "keep the filter, back to the headlines" },
    Binding { presses: &[(KeyCode::Backspace, KeyModifiers::NONE)], keys: "Backspace", scope: Scope::Filter, action: Action::FilterBackspace, help: "delete a character" },
    Binding { presses: &[(KeyCode::Down, KeyModifiers::NONE)], keys: "↓", scope: Scope::Filter, action: Action::Down, help: "next headline while filtering" },
    Binding { presses: &[(KeyCode::Up, KeyModifiers::NONE)], keys: "↑", scope: Scope::Filter, action: Action::Up, help: "previous headline while filtering" },
];

/// The action a key press means with `focus`, if any. In the filter bar,
/// unbound printable characters are typed into the query.
pub fn action_for(focus: Focus, key: KeyEvent) -> Option<Action> {
    let pressed = (key.code, key.modifiers - KeyModifiers::SHIFT);
    let found = BINDINGS.iter().find(|binding| {
        binding.scope.covers(focus)
            && binding.presses.iter().any(|&(code, modifiers)| {
                (code, modifiers - KeyModifiers::SHIFT) == pressed
                    && shift_matches(code, modifiers, key.modifiers)
            })
    });
    if let Some(binding) = found {
        return Some(binding.action.clone());
    }
    match (focus, key.code) {
        (Focus::Filter, KeyCode::Char(c))
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::FilterChar(c))
        }
        _ => None,
    }
}

/// Shift matters only where a binding asks for it (Shift-Space); letters carry
/// their case in the character itself.
fn shift_matches(code: KeyCode, wanted: KeyModifiers, got: KeyModifiers) -> bool {
    match code {
        KeyCode::Char(' ') => {
            wanted.contains(KeyModifiers::SHIFT) == got.contains(KeyModifiers::SHIFT)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn every_binding_has_keys() {
        assert!(BINDINGS.iter().all(|binding| !binding.presses.is_empty()));
    }

    #[test]
    fn vim_keys_and_arrows_move_the_same_way() {
        for focus in [Focus::Sidebar, Focus::Reader] {
            assert_eq!(
                action_for(focus, key(KeyCode::Char('j'))),
                Some(Action::Down)
            );
            assert_eq!(action_for(focus, key(KeyCode::Down)), Some(Action::Down));
            assert_eq!(action_for(focus, key(KeyCode::Char('k'))), Some(Action::Up));
        }
    }

    #[test]
    fn letters_are_typed_into_the_filter_not_obeyed() {
        assert_eq!(
            action_for(Focus::Filter, key(KeyCode::Char('q'))),
            Some(Action::FilterChar('q'))
        );
        assert_eq!(
            action_for(Focus::Filter, key(KeyCode::Char('j'))),
            Some(Action::FilterChar('j'))
        );
        let shifted = KeyEvent::new(KeyCode::Char('Q'), KeyModifiers::SHIFT);
        assert_eq!(
            action_for(Focus::Filter, shifted),
            Some(Action::FilterChar('Q'))
        );
    }

    #[test]
    fn ctrl_c_quits_from_anywhere() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for focus in [Focus::Sidebar, Focus::Reader, Focus::Filter] {
            assert_eq!(action_for(focus, ctrl_c), Some(Action::Quit));
        }
    }

    #[test]
    fn escape_depends_on_where_you_are() {
        assert_eq!(
            action_for(Focus::Filter, key(KeyCode::Esc)),
            Some(Action::CancelFilter)
        );
        assert_eq!(
            action_for(Focus::Reader, key(KeyCode::Esc)),
            Some(Action::Back)
        );
        assert_eq!(
            action_for(Focus::Sidebar, key(KeyCode::Esc)),
            Some(Action::ClearFilter)
        );
    }

    #[test]
    fn shift_space_pages_up_and_space_pages_down() {
        assert_eq!(
            action_for(Focus::Reader, key(KeyCode::Char(' '))),
            Some(Action::PageDown)
        );
        let shift_space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::SHIFT);
        assert_eq!(action_for(Focus::Reader, shift_space), Some(Action::PageUp));
    }

    #[test]
    fn capital_letters_arrive_with_or_without_the_shift_flag() {
        for modifiers in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
            let big_j = KeyEvent::new(KeyCode::Char('J'), modifiers);
            assert_eq!(action_for(Focus::Reader, big_j), Some(Action::NextArticle));
        }
    }

    #[test]
    fn b_bookmarks_and_capital_b_shows_bookmarks() {
        assert_eq!(
            action_for(Focus::Sidebar, key(KeyCode::Char('b'))),
            Some(Action::ToggleBookmark)
        );
        assert_eq!(
            action_for(Focus::Reader, key(KeyCode::Char('B'))),
            Some(Action::ToggleBookmarksView)
        );
        assert_eq!(
            action_for(Focus::Filter, key(KeyCode::Char('b'))),
            Some(Action::FilterChar('b'))
        );
    }
}
