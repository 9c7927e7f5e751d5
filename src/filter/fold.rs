//! Folding: the one definition of "the same letter" for queries, headlines
//! and article text.
//!
//! Curly and straight quotes, dash variants and case fold together, so a
//! person typing `xi's` on a plain keyboard finds "Xi’s". Folding is one
//! character to one character, so a position in folded text is the same
//! character position in the original, and highlights land on the right
//! letters.

/// Folds punctuation variants to their ASCII forms; keeps case.
pub fn fold_punctuation(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        _ => c,
    }
}

/// Folds punctuation and case. Letters whose lower case is several
/// characters keep their first, so the one-to-one mapping holds.
pub fn fold_char(c: char) -> char {
    let c = fold_punctuation(c);
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Appends `text` folded (with case folded when `fold_case`) to `out`.
pub fn fold_into(text: &str, fold_case: bool, out: &mut String) {
    // ASCII runs need no per-character work beyond lower-casing.
    let mut rest = text;
    while !rest.is_empty() {
        let ascii_len = rest.bytes().take_while(u8::is_ascii).count();
        let (ascii, tail) = rest.split_at(ascii_len);
        if fold_case {
            out.extend(ascii.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.push_str(ascii);
        }
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push(if fold_case {
                fold_char(c)
            } else {
                fold_punctuation(c)
            });
        }
        rest = chars.as_str();
    }
}

/// `text` folded, case included.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, true, &mut out);
    out
}

/// Whether a match may start after `previous` (the folded byte before it):
/// at the start, or after anything that is not a letter or digit. Bytes of
/// non-ASCII characters count as letters.
pub fn is_word_start_after(previous: Option<u8>) -> bool {
    previous.is_none_or(|byte| !(byte.is_ascii_alphanumeric() || byte >= 0x80))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_dashes_and_case_fold() {
        assert_eq!(fold("Xi’s “Plan” — Now"), "xi's \"plan\" - now");
        assert_eq!(fold("ÉCOLE Chávez"), "école chávez");
    }

    #[test]
    fn case_can_be_kept() {
        let mut out = String::new();
        fold_into("Xi’s Plan", false, &mut out);
        assert_eq!(out, "Xi's Plan");
    }

    #[test]
    fn folding_keeps_character_positions() {
        for text in ["Xi’s “Plan” — Now", "İstanbul ǅ ß ΣΑΣ", "中文 😀 e\u{301}"]
        {
            assert_eq!(fold(text).chars().count(), text.chars().count(), "{text}");
        }
    }

    #[test]
    fn word_starts_follow_non_letters() {
        assert!(is_word_start_after(None));
        assert!(is_word_start_after(Some(b' ')));
        assert!(is_word_start_after(Some(b'"')));
        assert!(!is_word_start_after(Some(b'a')));
        assert!(!is_word_start_after(Some(b'7')));
        assert!(!is_word_start_after(Some(0xa1)));
    }
}
