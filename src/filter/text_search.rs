//! Counting a term in article text, as whole-word starts in the folded text:
//! in text folded already (the reader keeps a folded copy, as it searches
//! again at every keystroke), or in text folded here, into a scratch buffer
//! on the searching thread that stays in the processor's cache (a single
//! search, which would use a folded copy of the library only once).

use std::cell::RefCell;

use memchr::memmem;

use super::fold::{fold_into, is_word_start_after};

/// A term prepared for counting in article text.
pub struct TextNeedle {
    finder: memmem::Finder<'static>,
}

impl TextNeedle {
    /// Prepares `folded`, a term already folded (case included).
    pub fn new(folded: &str) -> Self {
        TextNeedle {
            finder: memmem::Finder::new(folded.as_bytes()).into_owned(),
        }
    }

    /// Leftmost, non-overlapping occurrences of the term that start a word
    /// in `folded`, text folded already (see [`with_folded`]).
    pub fn count_in_folded(&self, folded: &str) -> usize {
        let bytes = folded.as_bytes();
        self.finder
            .find_iter(bytes)
            .filter(|&at| is_word_start_after(at.checked_sub(1).map(|before| bytes[before])))
            .count()
    }
}

/// Calls `search` with `text` folded (case included) into this thread's
/// scratch buffer: text searched for several terms is folded once.
pub fn with_folded<R>(text: &str, search: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static FOLDED: RefCell<String> = const { RefCell::new(String::new()) };
    }
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        fold_into(text, true, folded);
        search(folded)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hits of `needle` in `text`, folded as a search folds it.
    fn hits(needle: &TextNeedle, text: &str) -> usize {
        with_folded(text, |folded| needle.count_in_folded(folded))
    }

    #[test]
    fn hits_are_word_starts_in_the_folded_text() {
        let needle = TextNeedle::new("parliament");
        assert_eq!(hits(&needle, "Parliament met; the PARLIAMENT rose."), 2);
        assert_eq!(hits(&needle, "Europarliament is one word."), 0);
        assert_eq!(
            hits(&TextNeedle::new("xi's"), "Xi’s plan, xi's word, it`s"),
            2
        );
        assert_eq!(hits(&TextNeedle::new("it's"), "It`s here, it’s there"), 2);
        assert_eq!(hits(&TextNeedle::new("école"), "L’ÉCOLE, école, ecole"), 2);
        assert_eq!(hits(&TextNeedle::new("aa"), "aaaa aa"), 2, "no overlaps");
    }

    #[test]
    fn text_folded_already_counts_the_same() {
        let needle = TextNeedle::new("xi's");
        let text = "Xi’s plan, xi's word, XI`S";
        assert_eq!(hits(&needle, text), 3);
        assert_eq!(needle.count_in_folded(&crate::filter::fold::fold(text)), 3);
    }

    #[test]
    fn the_scratch_buffer_holds_nothing_over_from_the_last_text() {
        let needle = TextNeedle::new("budget");
        assert_eq!(hits(&needle, "The budget, the budget."), 2);
        assert_eq!(hits(&needle, "Nothing here."), 0);
        assert_eq!(hits(&needle, ""), 0);
    }
}
