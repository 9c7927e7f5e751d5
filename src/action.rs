//! What the reader can be asked to do, and where keys go: the vocabulary
//! the keymap binds and [`crate::app::App::update`] carries out. It depends
//! on nothing, so the keymap and the config file can name actions without
//! knowing the App or the filter. What happens to the reader without being
//! asked by a key (a resize, filter results, a paste, the mouse) is a
//! [`crate::app::Event`], kept apart.

/// Which part of the screen keys go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The list of headlines.
    Headlines,
    /// The open article.
    Reader,
    /// The filter bar, while typing.
    Filter,
    /// The reading pane's search prompt, while typing.
    Search,
}

impl Focus {
    /// Whether keys that bind nothing here type text (the filter and the
    /// search prompt), as they would in any text field.
    pub fn types_text(self) -> bool {
        matches!(self, Focus::Filter | Focus::Search)
    }
}

/// Everything the reader can be asked to do by a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Leave folio.
    Quit,
    /// Next headline, or scroll down a line.
    Down,
    /// Previous headline, or scroll up a line.
    Up,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// First headline, or top of the article.
    Top,
    /// Last headline, or end of the article.
    Bottom,
    /// Open the selected article in the reader.
    Open,
    /// Back from the reader to the headlines.
    Back,
    /// Switch focus between headlines and reader.
    SwitchFocus,
    /// Open the next article without leaving the reader.
    NextArticle,
    /// Open the previous article without leaving the reader.
    PreviousArticle,
    /// Start typing a filter.
    StartFilter,
    /// A character typed into the filter.
    FilterChar(char),
    /// Delete the character before the cursor in the filter.
    FilterBackspace,
    /// Delete the character under the cursor in the filter.
    DeleteForward,
    /// Delete the word before the cursor (Ctrl-w).
    DeleteWord,
    /// Delete from the start of the filter to the cursor (Ctrl-u).
    DeleteToStart,
    /// Delete from the cursor to the end of the filter (Ctrl-k).
    DeleteToEnd,
    /// The filter's cursor a character left.
    CursorLeft,
    /// The filter's cursor a character right.
    CursorRight,
    /// The filter's cursor a word left.
    WordLeft,
    /// The filter's cursor a word right.
    WordRight,
    /// The filter's cursor to its start.
    LineStart,
    /// The filter's cursor to its end.
    LineEnd,
    /// Keep the filter and go back to the headlines.
    AcceptFilter,
    /// Clear the filter and leave the filter bar.
    CancelFilter,
    /// Clear an active filter from the headlines.
    ClearFilter,
    /// Search the open article, as less does: type a pattern, then Enter.
    StartSearch,
    /// Jump to the next match of the filter in the open article.
    NextHit,
    /// Jump to the previous match of the filter in the open article.
    PreviousHit,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Bookmark the selected article, or remove its bookmark.
    ToggleBookmark,
    /// Show only bookmarked articles, or everything again.
    ToggleBookmarksView,
    /// Mark the selected article read or unread.
    ToggleRead,
    /// Fetch every address again, in the background.
    Refresh,
    /// The full text of the open article from its page, or its summary again.
    FullText,
    /// The next unread article below the selection.
    NextUnread,
    /// The previous unread article above the selection.
    PreviousUnread,
    /// Leave read articles out of the list, or show them again.
    ToggleHideRead,
    /// Mark every article shown read, once confirmed.
    MarkAllRead,
    /// The next way of ordering the list: file order, title, unread first.
    CycleSort,
    /// Give the terminal back to the shell until resumed (Ctrl-Z).
    Suspend,
    /// Open the article's address (or, after a count, its link of that
    /// number) in the browser.
    OpenLink,
    /// Copy the article's address (or, after a count, its link of that
    /// number) to the clipboard.
    CopyLink,
}
