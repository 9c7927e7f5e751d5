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
    // ASCII runs are copied whole and lower-cased in place; only the other
    // characters are folded one by one.
    let mut rest = text;
    while !rest.is_empty() {
        let (ascii, tail) = rest.split_at(ascii_prefix_len(rest.as_bytes()));
        let start = out.len();
        out.push_str(ascii);
        if fold_case {
            out[start..].make_ascii_lowercase();
        }
        if ascii.contains('`') {
            // The one ASCII character with a fold of its own.
            let folded = out[start..].replace('`', "'");
            out.truncate(start);
            out.push_str(&folded);
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

/// Length of the leading run of ASCII bytes, eight bytes at a time.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut len = 0;
    for word in bytes.chunks_exact(8) {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(word);
        if u64::from_ne_bytes(lanes) & HIGH != 0 {
            break;
        }
        len += 8;
    }
    len + bytes[len..].iter().take_while(|b| b.is_ascii()).count()
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

    proptest::proptest! {
        /// The fast path over ASCII runs folds exactly as character by
        /// character would.
        #[test]
        fn folding_text_is_folding_each_character(text in "[a-zA-Z0-9 `'’“—.İK\u{212a}é]{0,24}") {
            let one_by_one: String = text.chars().map(fold_char).collect();
            proptest::prop_assert_eq!(fold(&text), one_by_one);
            let punctuation: String = text.chars().map(fold_punctuation).collect();
            let mut kept_case = String::new();
            fold_into(&text, false, &mut kept_case);
            proptest::prop_assert_eq!(kept_case, punctuation);
        }
    }

    #[test]
    fn quotes_dashes_and_case_fold() {
        assert_eq!(fold("Xi’s “Plan” — Now"), "xi's \"plan\" - now");
        assert_eq!(
            fold("It`s"),
            "it's",
            "a backtick is an apostrophe, as fold_char says"
        );
        let mut kept_case = String::new();
        fold_into("It`s", false, &mut kept_case);
        assert_eq!(kept_case, "It's");
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
    fn ascii_prefix_stops_at_the_first_non_ascii_byte() {
        assert_eq!(ascii_prefix_len(b""), 0);
        assert_eq!(ascii_prefix_len(b"plain ascii, longer than eight"), 30);
        for at in 0..20 {
            let mut bytes = vec![b'a'; 20];
            bytes[at] = 0xc3;
            assert_eq!(ascii_prefix_len(&bytes), at);
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
