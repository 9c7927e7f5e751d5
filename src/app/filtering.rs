//! The filter as typed and pasted, compiled once per change, and the results
//! the worker sends back.

use super::*;

/// Text from outside (a paste, `--query`) as one line of a query: cleaned
/// as article text is (escape sequences and controls gone), line breaks as
/// spaces, no longer than a query needs; `None` if nothing is left.
fn one_line(text: &str) -> Option<String> {
    let (clean, _) = clean(text.as_bytes());
    let line: String = clean
        .replace('\n', " ")
        .chars()
        .take(MAX_PASTE_CHARS)
        .collect();
    (!line.trim().is_empty()).then_some(line)
}

impl App {
    /// Pasted text becomes filter text, wherever the focus was: cleaned as
    /// article text is (escape sequences and controls gone), one line, and
    /// no longer than a query needs.
    pub(super) fn paste(&mut self, text: &str) {
        let Some(line) = one_line(text) else {
            return;
        };
        if self.focus == Focus::Search {
            self.search_line.insert_str(&line);
            return;
        }
        self.focus = Focus::Filter;
        self.query.insert_str(&line);
        self.request_filter();
    }

    /// Opens already filtered by `query` (`folio --query`), as if typed and
    /// kept; an empty one changes nothing.
    pub fn with_query(mut self, query: &str) -> Self {
        if let Some(line) = one_line(query) {
            self.query.insert_str(&line);
            self.request_filter();
        }
        self
    }

    /// Applies `edit` to the line being typed: the search prompt's, else
    /// the filter's.
    pub(super) fn edit_line(&mut self, edit: impl FnOnce(&mut EditLine)) {
        if self.focus == Focus::Search {
            edit(&mut self.search_line);
        } else {
            self.edit_query(edit);
        }
    }

    /// Applies `edit` to the filter line, and filters again if the text
    /// changed (not for a move, or a deletion that deleted nothing).
    pub(super) fn edit_query(&mut self, edit: impl FnOnce(&mut EditLine)) {
        let was = self.query.as_str().to_string();
        edit(&mut self.query);
        if was != self.query.as_str() {
            self.request_filter();
        }
    }

    /// Where the cursor is in the filter line, in bytes.
    pub fn query_cursor(&self) -> usize {
        self.query.cursor()
    }

    pub(super) fn request_filter(&mut self) {
        let text = self.query.as_str();
        self.filter_request = Some(text.to_string());
        self.compiled = (!text.is_empty()).then(|| CompiledQuery::new(Query::parse(text)));
    }

    /// The filter compiled once per change, for every highlight drawn and
    /// every `n`: `None` without a filter.
    pub fn compiled_query(&self) -> Option<&CompiledQuery> {
        self.compiled.as_ref()
    }

    /// Shows new results. A filter selects its best match, as fzf does; with
    /// the filter cleared, the article that was selected stays selected.
    pub(super) fn apply_results(&mut self, results: Arc<Results>) {
        let selected_article = self.rows().get(self.selected).map(|m| m.index);
        let best_first = !results.query.is_empty();
        self.partial = None;
        self.results = results;
        self.rebuild_view();
        self.selected = selected_article
            .filter(|_| !best_first)
            .and_then(|article| self.view.iter().position(|m| m.index == article))
            .unwrap_or(0);
        self.sidebar_top = 0;
        self.keep_selection_visible();
        if self.focus != Focus::Reader {
            self.open_selected();
            // The article shown was open already, at its top: show where
            // the filter found it, as a newly opened one does.
            let text_match = self
                .rows()
                .get(self.selected)
                .is_some_and(|row| row.place() == Where::Text);
            if text_match && self.reader_top == 0 {
                self.jump_to_first_text_hit();
            }
        }
    }
}
