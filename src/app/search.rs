//! Searching the open article, as less does: `/` types a pattern, Enter
//! finds every match in the wrapped lines, `n`/`N` move between them with
//! wrap-around, and the reading pane marks them, the current one apart.

use std::ops::Range;

use super::*;
use crate::filter::fold::{fold_char, fold_punctuation};

/// A search of the open article: its pattern and where it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleSearch {
    /// The pattern as typed.
    pub pattern: String,
    /// Every match: a wrapped line and the byte range in it, top to bottom.
    pub hits: Vec<(usize, Range<usize>)>,
    /// The match last moved to.
    pub current: usize,
}

impl ArticleSearch {
    /// The matches on wrapped line `line`, and which of them (if any) is
    /// the current one.
    pub fn hits_on(&self, line: usize) -> (&[(usize, Range<usize>)], Option<usize>) {
        let start = self.hits.partition_point(|(at, _)| *at < line);
        let end = self.hits.partition_point(|(at, _)| *at <= line);
        let current = (start..end)
            .contains(&self.current)
            .then(|| self.current - start);
        (&self.hits[start..end], current)
    }
}

/// Where `pattern` occurs in `text`, folded as the filter folds (curly
/// and straight quotes, dash variants alike), smart case: a pattern with an
/// upper-case letter must match case, else case is ignored.
fn occurrences(text: &str, pattern: &str, ignore_case: bool) -> Vec<Range<usize>> {
    let fold = if ignore_case {
        fold_char
    } else {
        fold_punctuation
    };
    let wanted: Vec<char> = pattern.chars().map(fold).collect();
    let chars: Vec<(usize, char)> = text.char_indices().map(|(at, c)| (at, fold(c))).collect();
    let mut found = Vec::new();
    if wanted.is_empty() {
        return found;
    }
    let mut at = 0;
    while at + wanted.len() <= chars.len() {
        if chars[at..at + wanted.len()]
            .iter()
            .map(|&(_, c)| c)
            .eq(wanted.iter().copied())
        {
            let end = chars
                .get(at + wanted.len())
                .map_or(text.len(), |&(end, _)| end);
            found.push(chars[at].0..end);
            at += wanted.len();
        } else {
            at += 1;
        }
    }
    found
}

impl App {
    /// The search of the open article, if one was run.
    pub fn article_search(&self) -> Option<&ArticleSearch> {
        self.search.as_ref()
    }

    /// The search prompt's line, while typing one.
    pub fn search_line(&self) -> &EditLine {
        &self.search_line
    }

    /// Enter in the search prompt: finds every match and moves to the
    /// first at or below the top of the pane.
    pub(super) fn run_search(&mut self) {
        self.focus = Focus::Reader;
        let pattern = self.search_line.as_str().to_string();
        if pattern.trim().is_empty() {
            return;
        }
        self.search = Some(ArticleSearch {
            hits: Vec::new(),
            pattern,
            current: 0,
        });
        self.find_search_hits();
        let Some(search) = &self.search else {
            return;
        };
        if search.hits.is_empty() {
            self.message = Some(format!("pattern not found: {}", search.pattern));
            self.search = None;
            return;
        }
        let top = self.reader_top;
        let first = search.hits.partition_point(|(line, _)| *line < top);
        self.go_to_search_hit(first % search.hits.len(), None);
    }

    /// The matches of the search on the article as wrapped now: again after
    /// a re-wrap, since lines move.
    pub(super) fn find_search_hits(&mut self) {
        let (Some(search), Some(wrapped)) = (&mut self.search, &self.wrapped) else {
            return;
        };
        let ignore_case = !search.pattern.chars().any(char::is_uppercase);
        search.hits = wrapped
            .lines
            .iter()
            .enumerate()
            .flat_map(|(number, line)| {
                occurrences(&line.text, &search.pattern, ignore_case)
                    .into_iter()
                    .map(move |range| (number, range))
            })
            .collect();
        search.current = search.current.min(search.hits.len().saturating_sub(1));
    }

    /// `n` and `N` with a search: the next or previous match, round the end
    /// to the other side, saying so as less does.
    pub(super) fn step_search(&mut self, forward: bool) {
        let Some(search) = &self.search else {
            return;
        };
        let count = search.hits.len();
        if count == 0 {
            return;
        }
        let (next, wrapped) = match (forward, search.current) {
            (true, current) if current + 1 == count => {
                (0, Some("search hit the end, went on from the top"))
            }
            (true, current) => (current + 1, None),
            (false, 0) => (count - 1, Some("search hit the top, went on from the end")),
            (false, current) => (current - 1, None),
        };
        self.go_to_search_hit(next, wrapped);
    }

    fn go_to_search_hit(&mut self, index: usize, note: Option<&str>) {
        let Some(search) = &mut self.search else {
            return;
        };
        search.current = index;
        let line = search.hits[index].0;
        let height = usize::from(self.areas().reader.height).max(1);
        // A match already on screen does not scroll; one off it comes to
        // the top, a line of context above.
        if line < self.reader_top || line >= self.reader_top + height {
            self.reader_top = line.saturating_sub(1);
        }
        self.scroll_reader(0);
        // The count stays in the status bar; this says only what it cannot.
        if let Some(note) = note {
            self.message = Some(note.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_are_smart_case_and_never_overlap() {
        assert_eq!(occurrences("Oslo and oslo", "oslo", true), [0..4, 9..13]);
        assert_eq!(occurrences("Oslo and oslo", "Oslo", false), vec![0..4]);
        assert_eq!(occurrences("aaaa", "aa", true), [0..2, 2..4]);
        assert_eq!(occurrences("Café CAFÉ", "café", true), [0..5, 6..11]);
        assert!(occurrences("anything", "", true).is_empty());
        // Folded as the filter folds: a straight quote finds a curly one.
        assert_eq!(occurrences("Xi’s visit", "xi's", true), vec![0..6]);
    }
}
