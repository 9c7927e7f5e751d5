//! Lines that recur across a dump.
//!
//! A site prints its name, its navigation, "Read on →" and its footer on
//! every page, and a book its running heads; an encyclopedia heads a section
//! "Career" in article after article. A headline, by contrast, is printed
//! once, or twice when a contents list or a teaser repeats it. How often a
//! short line recurs is therefore a feature of it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Longest line, in bytes, whose recurrences are counted: longer lines are
/// paragraphs, which do not recur in the way furniture does.
pub const MAX_COUNTED_BYTES: usize = 200;

/// The identity of a line for counting: a hash of its text with ASCII case
/// and runs of spaces folded, so "Read More" and "read more" are one line.
pub fn line_key(line: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut space = false;
    for byte in line.bytes() {
        if byte == b' ' || byte == b'\n' {
            space = true;
            continue;
        }
        if space {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(0x0100_0000_01b3);
            space = false;
        }
        hash = (hash ^ u64::from(byte.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The identity of a line's shape: as [`line_key`], with every run of
/// digits read as one `0`, so "Contributors to 1.90.0" and "Contributors
/// to 1.2.0", or "Page 2 of 12" and "Page 10 of 12", are one line.
pub fn shape_key(line: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut space = false;
    let mut digits = false;
    for byte in line.bytes() {
        if byte == b' ' || byte == b'\n' {
            space = true;
            digits = false;
            continue;
        }
        if space {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(0x0100_0000_01b3);
            space = false;
        }
        if byte.is_ascii_digit() {
            if digits {
                continue;
            }
            digits = true;
            hash = (hash ^ u64::from(b'0')).wrapping_mul(0x0100_0000_01b3);
            continue;
        }
        digits = false;
        hash = (hash ^ u64::from(byte.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Counts of each key in a dump: of line keys, or of any keys that are
/// well-mixed 64-bit hashes already.
#[derive(Debug, Default)]
pub struct Recurrence {
    counts: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
}

impl Recurrence {
    /// Counts one occurrence of a line with this key.
    pub fn add(&mut self, key: u64) {
        *self.counts.entry(key).or_insert(0) += 1;
    }

    /// How often a line with this key occurs (0 if never counted).
    pub fn count(&self, key: u64) -> u32 {
        self.counts.get(&key).copied().unwrap_or(0)
    }
}

/// Keys are hashes already: they are used as they are.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_and_spacing_but_not_words() {
        assert_eq!(line_key("Read More  →"), line_key("read more →"));
        assert_ne!(line_key("Read more"), line_key("Read less"));
        assert_ne!(line_key("ab c"), line_key("a bc"));
    }

    #[test]
    fn shape_keys_read_every_digit_alike() {
        assert_eq!(
            shape_key("Contributors to 1.90.0"),
            shape_key("contributors to 2.5.31")
        );
        assert_eq!(shape_key("Page 2 of 12"), shape_key("Page 10 of 12"));
        assert_ne!(
            shape_key("Contributors to 1.90.0"),
            shape_key("Contributors to 1.90")
        );
        assert_ne!(shape_key("Page 2"), line_key("Page 2"));
    }

    #[test]
    fn recurring_lines_are_counted() {
        let mut recurrence = Recurrence::default();
        for line in ["Home About Contact", "A headline", "home about  contact"] {
            recurrence.add(line_key(line));
        }
        assert_eq!(recurrence.count(line_key("Home About Contact")), 2);
        assert_eq!(recurrence.count(line_key("A headline")), 1);
        assert_eq!(recurrence.count(line_key("Never seen")), 0);
    }
}
