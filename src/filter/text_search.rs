//! Counting a term in article text, as whole-word starts in the folded text,
//! without keeping a folded copy of every article.
//!
//! Most article text is plain ASCII, where folding only lower-cases letters
//! and turns a backtick into an apostrophe, byte for byte. There the term is
//! looked for in the text as it is, comparing bytes through that same map.
//! Other text is folded into a scratch buffer on the searching thread first.
//! Either way the count is the one a search of the folded text would give:
//! leftmost, non-overlapping occurrences that start a word.

use std::cell::RefCell;

use memchr::memmem;

use super::fold::{fold_into, is_word_start_after};

/// A term prepared for counting in article text.
pub struct TextNeedle {
    /// The term, folded.
    folded: Vec<u8>,
    finder: memmem::Finder<'static>,
}

impl TextNeedle {
    /// Prepares `folded`, a term already folded (case included).
    pub fn new(folded: &str) -> Self {
        TextNeedle {
            folded: folded.as_bytes().to_vec(),
            finder: memmem::Finder::new(folded.as_bytes()).into_owned(),
        }
    }

    /// Occurrences of the term in `text` folded, that start a word.
    pub fn count_hits(&self, text: &str) -> usize {
        if text.is_ascii() && !self.folded.is_empty() {
            // Folded ASCII is ASCII: a term with other characters is absent.
            return if self.folded.is_ascii() {
                self.count_in_ascii(text.as_bytes())
            } else {
                0
            };
        }
        thread_local! {
            static FOLDED: RefCell<String> = const { RefCell::new(String::new()) };
        }
        FOLDED.with_borrow_mut(|folded| {
            folded.clear();
            fold_into(text, true, folded);
            count_word_hits(folded.as_bytes(), &self.finder)
        })
    }

    /// [`TextNeedle::count_hits`] for ASCII text, compared through
    /// [`fold_ascii`] instead of folded first.
    fn count_in_ascii(&self, text: &[u8]) -> usize {
        let Some((&first, rest)) = self.folded.split_first() else {
            return 0;
        };
        // The bytes that fold to the term's first byte.
        let (a, b) = match first {
            b'a'..=b'z' => (first, first.to_ascii_uppercase()),
            b'\'' => (b'\'', b'`'),
            _ => (first, first),
        };
        let mut hits = 0;
        let mut from = 0;
        while let Some(found) = memchr::memchr2(a, b, &text[from..]) {
            let at = from + found;
            let end = at + self.folded.len();
            let matches = text.get(at + 1..end).is_some_and(|window| {
                window
                    .iter()
                    .zip(rest)
                    .all(|(&byte, &want)| fold_ascii(byte) == want)
            });
            if matches {
                // Byte for byte, a folded byte is a letter or digit exactly
                // when the byte is: the word-start test reads the raw byte.
                if is_word_start_after(at.checked_sub(1).map(|before| text[before])) {
                    hits += 1;
                }
                from = end;
            } else {
                from = at + 1;
            }
        }
        hits
    }
}

/// An ASCII byte folded: lower case, and a backtick as an apostrophe.
fn fold_ascii(byte: u8) -> u8 {
    if byte == b'`' {
        b'\''
    } else {
        byte.to_ascii_lowercase()
    }
}

/// Occurrences of the finder's needle in folded text that start a word.
fn count_word_hits(folded: &[u8], finder: &memmem::Finder<'_>) -> usize {
    finder
        .find_iter(folded)
        .filter(|&at| is_word_start_after(at.checked_sub(1).map(|before| folded[before])))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::fold::fold;

    /// The count a search of the folded text gives: the definition.
    fn folded_count(text: &str, term: &str) -> usize {
        let folded = fold(text);
        count_word_hits(folded.as_bytes(), &memmem::Finder::new(term.as_bytes()))
    }

    #[test]
    fn ascii_text_is_searched_as_it_is_through_the_fold() {
        let needle = TextNeedle::new("parliament");
        assert_eq!(needle.count_hits("Parliament met; the PARLIAMENT rose."), 2);
        assert_eq!(needle.count_hits("Europarliament is one word."), 0);
        assert_eq!(
            TextNeedle::new("it's").count_hits("It`s here, it's there"),
            2
        );
        assert_eq!(
            TextNeedle::new("aa").count_hits("aaaa aa"),
            2,
            "no overlaps"
        );
    }

    #[test]
    fn other_text_is_folded_first() {
        assert_eq!(
            TextNeedle::new("xi's").count_hits("Xi’s plan, xi's word"),
            2
        );
        assert_eq!(TextNeedle::new("école").count_hits("L’ÉCOLE, école"), 2);
        assert_eq!(TextNeedle::new("école").count_hits("plain ascii ecole"), 0);
    }

    proptest::proptest! {
        #[test]
        fn hits_in_ascii_text_are_those_in_the_folded_text(
            text in "[aAbB `'.xX-]{0,40}",
            term in "[ab'x.-]{1,3}",
        ) {
            proptest::prop_assert_eq!(
                TextNeedle::new(&term).count_hits(&text),
                folded_count(&text, &term)
            );
        }

        #[test]
        fn hits_are_those_in_the_folded_text(
            text in "[aAbB `'’ .xXİK\u{212a}é-]{0,30}",
            term in "[ab'x.-]{1,3}",
        ) {
            proptest::prop_assert_eq!(
                TextNeedle::new(&term).count_hits(&text),
                folded_count(&text, &term)
            );
        }
    }
}
