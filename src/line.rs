//! One line of text being edited, with a cursor, as readline and fzf edit
//! theirs: the filter bar's query. Kept apart from the keys that drive it
//! (the keymap binds each edit as an action), so every editing key stays
//! rebindable, and from the screen, which only reads the text and cursor.

/// A line and a cursor, a byte offset always on a character boundary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditLine {
    text: String,
    cursor: usize,
}

/// A word, for moving and deleting by words: letters and digits, as
/// readline's Alt-b and Alt-f take them.
fn in_word(c: char) -> bool {
    c.is_alphanumeric()
}

impl EditLine {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The cursor, in bytes from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Empties the line.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Types `c` at the cursor.
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Types `text` at the cursor.
    pub fn insert_str(&mut self, text: &str) {
        self.text.insert_str(self.cursor, text);
        self.cursor += text.len();
    }

    /// The character before the cursor is deleted (Backspace).
    pub fn delete_back(&mut self) {
        let start = self.previous_boundary();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// The character under the cursor is deleted (Delete).
    pub fn delete_forward(&mut self) {
        let end = self.next_boundary();
        self.text.replace_range(self.cursor..end, "");
    }

    /// One character left.
    pub fn left(&mut self) {
        self.cursor = self.previous_boundary();
    }

    /// One character right.
    pub fn right(&mut self) {
        self.cursor = self.next_boundary();
    }

    /// To the start of the line.
    pub fn home(&mut self) {
        self.cursor = 0;
    }

    /// To the end of the line.
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// To the start of this word or the one before (Alt-b).
    pub fn word_left(&mut self) {
        self.cursor = self.word_start_before();
    }

    /// To the end of this word or the next (Alt-f).
    pub fn word_right(&mut self) {
        let rest = &self.text[self.cursor..];
        let skipped = rest.find(in_word).unwrap_or(rest.len());
        let word = rest[skipped..]
            .find(|c| !in_word(c))
            .unwrap_or(rest.len() - skipped);
        self.cursor += skipped + word;
    }

    /// Deletes back to the start of the word before the cursor, spaces
    /// first (Ctrl-w, as a shell takes words: anything but spaces).
    pub fn delete_word_back(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches(' ');
        let start = trimmed.rfind(' ').map_or(0, |space| space + 1);
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Deletes from the start of the line to the cursor (Ctrl-u).
    pub fn delete_to_start(&mut self) {
        self.text.replace_range(..self.cursor, "");
        self.cursor = 0;
    }

    /// Deletes from the cursor to the end of the line (Ctrl-k).
    pub fn delete_to_end(&mut self) {
        self.text.truncate(self.cursor);
    }

    fn previous_boundary(&self) -> usize {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map_or(0, |(at, _)| at)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    fn word_start_before(&self) -> usize {
        let before = &self.text[..self.cursor];
        let Some(last_word_char) = before.rfind(in_word) else {
            return 0;
        };
        before[..last_word_char]
            .char_indices()
            .rev()
            .find(|&(_, c)| !in_word(c))
            .map_or(0, |(at, c)| at + c.len_utf8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, cursor: usize) -> EditLine {
        EditLine {
            text: text.to_string(),
            cursor,
        }
    }

    #[test]
    fn typing_goes_in_at_the_cursor() {
        let mut edit = EditLine::default();
        for c in "norway".chars() {
            edit.insert(c);
        }
        edit.home();
        edit.insert('!');
        assert_eq!((edit.as_str(), edit.cursor()), ("!norway", 1));
        edit.end();
        edit.insert_str(" gaza");
        assert_eq!((edit.as_str(), edit.cursor()), ("!norway gaza", 12));
    }

    #[test]
    fn moving_and_deleting_keep_to_character_boundaries() {
        let mut edit = line("café ö", 8);
        edit.left();
        assert_eq!(edit.cursor(), 6, "ö is two bytes");
        edit.left();
        edit.left();
        assert_eq!(edit.cursor(), 3, "before é");
        edit.delete_forward();
        assert_eq!(edit.as_str(), "caf ö");
        edit.delete_back();
        assert_eq!((edit.as_str(), edit.cursor()), ("ca ö", 2));
        edit.end();
        edit.right();
        assert_eq!(edit.cursor(), edit.as_str().len(), "not past the end");
        edit.home();
        edit.left();
        edit.delete_back();
        assert_eq!((edit.as_str(), edit.cursor()), ("ca ö", 0));
    }

    #[test]
    fn words_move_as_readline_moves() {
        let mut edit = line("sierra  leone's  war", 20);
        edit.word_left();
        assert_eq!(edit.cursor(), 17, "start of war");
        edit.word_left();
        assert_eq!(edit.cursor(), 14, "start of s, after the apostrophe");
        edit.word_left();
        assert_eq!(edit.cursor(), 8, "start of leone");
        edit.home();
        edit.word_right();
        assert_eq!(edit.cursor(), 6, "end of sierra");
        edit.word_right();
        assert_eq!(edit.cursor(), 13, "end of leone");
    }

    #[test]
    fn ctrl_w_u_and_k_delete_as_a_shell_does() {
        let mut edit = line("sierra leone  ", 14);
        edit.delete_word_back();
        assert_eq!((edit.as_str(), edit.cursor()), ("sierra ", 7));
        let mut edit = line("one two three", 7);
        edit.delete_to_end();
        assert_eq!(edit.as_str(), "one two");
        edit.left();
        edit.left();
        edit.delete_to_start();
        assert_eq!((edit.as_str(), edit.cursor()), ("wo", 0));
    }
}
