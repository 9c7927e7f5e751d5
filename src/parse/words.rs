//! Words in cleaned text: counted for reading times and paragraph sizes.
//!
//! Cleaned text has only ASCII spaces and newlines between words, so words
//! are runs of bytes above the space, found without decoding.

/// Counts runs of non-space bytes. Cleaned text has only ASCII spaces, so
/// bytes suffice; eight are looked at a time, since this sees every byte of
/// every body.
pub fn count_words(text: &str) -> usize {
    const LOW7: u64 = u64::from_le_bytes([0x7f; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // Adding 0x5f to a lane's low seven bits sets its high bit when they are
    // 0x21 or more; lanes can't carry into each other.
    const ABOVE_SPACE: u64 = u64::from_le_bytes([0x80 - 0x21; 8]);
    let bytes = text.as_bytes();
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    // High bit of the last lane: was the byte before this word a space?
    let mut previous_space = HIGH;
    let mut count = 0;
    for word in words {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(word);
        let x = u64::from_le_bytes(lanes);
        let non_space = (((x & LOW7) + ABOVE_SPACE) | x) & HIGH;
        let space = !non_space & HIGH;
        let space_before = (space << 8) | (previous_space >> 56);
        count += (non_space & space_before).count_ones() as usize;
        previous_space = space;
    }
    let mut space_before = previous_space >> 63 == 1;
    for &byte in tail {
        let space = byte <= b' ';
        count += usize::from(space_before && !space);
        space_before = space;
    }
    count
}

/// How many more words a reader counts in `text` than [`count_words`]:
/// each Chinese or Japanese character is a word (Korean, written with
/// spaces, is counted by them), where [`count_words`] sees a run of them
/// between spaces as one.
pub fn cjk_extra_words(text: &str) -> usize {
    if !may_hold_cjk(text.as_bytes()) {
        return 0;
    }
    text.split(|c: char| c <= ' ')
        .map(|token| {
            let cjk = token.chars().filter(|&c| is_cjk(c)).count();
            let other = token.chars().any(|c| !is_cjk(c) && c.is_alphanumeric());
            // The token was counted once already.
            (cjk + usize::from(other)).saturating_sub(1)
        })
        .sum()
}

/// Whether `bytes` may hold a character [`is_cjk`] accepts: their UTF-8
/// lead bytes, looked for a block at a time so the check vectorises.
fn may_hold_cjk(bytes: &[u8]) -> bool {
    bytes.chunks(64).any(|chunk| {
        chunk.iter().fold(false, |seen, &b| {
            seen | matches!(b, 0xE3..=0xE9 | 0xEF | 0xF0)
        })
    })
}

/// Han ideographs and kana.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The count is the one `split_whitespace` gives on cleaned text,
        /// and cleaned text splits alike on ASCII and Unicode whitespace.
        #[test]
        fn cleaned_lines_count_words_as_split_whitespace_does(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<char>(),
                    proptest::sample::select(vec![
                        ' ', '\t', '\r', '\n', '\u{b}', '\u{c}', '\u{85}', '\u{a0}',
                        '\u{1680}', '\u{2003}', '\u{2028}', '\u{202f}', '\u{3000}', 'a',
                    ]),
                ],
                0..40,
            )
        ) {
            let raw: String = chars.into_iter().collect();
            let (clean, _) = crate::text::clean(raw.as_bytes());
            proptest::prop_assert_eq!(count_words(&clean), clean.split_whitespace().count());
            for line in clean.lines() {
                proptest::prop_assert_eq!(count_words(line), line.split_whitespace().count());
                proptest::prop_assert!(line.split_ascii_whitespace().eq(line.split_whitespace()));
            }
        }
    }

    #[test]
    fn chinese_and_japanese_characters_count_as_words_for_a_reader() {
        // 中文标题很长的新闻: nine characters, one run between spaces.
        assert_eq!(
            count_words("中文标题很长的新闻") + cjk_extra_words("中文标题很长的新闻"),
            9
        );
        // Four kana and kanji, plus "Rust" in the same run, plus "is".
        assert_eq!(
            count_words("Rustは速い is") + cjk_extra_words("Rustは速い is"),
            5
        );
        assert_eq!(cjk_extra_words("Chávez’s “words” — here"), 0);
        assert_eq!(
            cjk_extra_words("안녕하세요 세계"),
            0,
            "Korean is counted by its spaces"
        );
        assert_eq!(cjk_extra_words("。"), 0);
    }

    #[test]
    fn count_words_counts_runs_of_non_spaces() {
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("   "), 0);
        assert_eq!(count_words("one"), 1);
        assert_eq!(count_words(" one  two\tthree\nfour "), 4);
        assert_eq!(count_words("Chávez’s “words” — here"), 4);
        // Word boundaries on every side of the eight-byte lanes.
        for len in 0..20 {
            let text = "ab ".repeat(len);
            assert_eq!(count_words(&text), len, "{text:?}");
            assert_eq!(count_words(&format!(" {text}")), len);
        }
        assert_eq!(count_words("abcdefgh ijklmnop"), 2);
        assert_eq!(count_words("abcdefg hijklmno"), 2);
    }
}
