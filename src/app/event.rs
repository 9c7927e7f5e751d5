//! What happens to the reader without a key asking for it: the terminal's
//! size, filter results from the worker, pasted text, the mouse. These carry
//! data no key binding could name, so they stay out of the bindable
//! [`Action`] vocabulary and reach the App through [`App::handle`].

use super::*;

/// Something the terminal or the filter worker reports to the App.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// Complete results for the current filter.
    FilterDone(Arc<Results>),
    /// The best rows so far of a filter still running.
    FilterPartial(Vec<Match>),
    /// Text pasted into the terminal: it goes into the filter.
    Paste(String),
    /// A mouse click at a column and row.
    Click(u16, u16),
    /// A second click on the same cell, soon after the first.
    DoubleClick(u16, u16),
    /// The mouse wheel at a column and row: lines down (positive) or up.
    Scroll(u16, u16, i16),
}

impl App {
    /// Applies what the terminal or the worker reported. Geometry and
    /// results never close the help overlay; over it, the wheel scrolls it
    /// and a paste or a click closes it, as a key would.
    pub fn handle(&mut self, event: Event) {
        if self.help
            && matches!(
                event,
                Event::Paste(_) | Event::Click(..) | Event::Scroll(..)
            )
        {
            match event {
                Event::Scroll(_, _, lines) => self.scroll_help(isize::from(lines)),
                _ => self.help = false,
            }
            return;
        }
        self.message = None;
        match event {
            Event::Resize(columns, rows) => {
                self.size = (columns, rows);
                self.lay_out();
                self.rewrap();
            }
            Event::FilterDone(results) => {
                if results.query == self.query.as_str() {
                    self.apply_results(results);
                }
            }
            Event::FilterPartial(rows) => {
                self.partial = Some(rows);
                self.clamp_selection();
            }
            Event::Paste(text) => self.paste(&text),
            Event::Click(column, row) => self.click(column, row),
            // The first click selected the headline: the second opens it.
            Event::DoubleClick(column, row) => {
                self.click(column, row);
                if self.areas().sidebar.contains((column, row).into()) {
                    self.apply(Action::Open);
                }
            }
            Event::Scroll(column, row, lines) => {
                let areas = self.areas();
                if areas.sidebar.contains((column, row).into()) {
                    self.scroll_sidebar(lines as isize);
                } else if areas.reader.contains((column, row).into()) {
                    self.scroll_reader(lines as isize);
                }
            }
        }
    }
}
