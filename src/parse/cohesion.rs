//! Words shared across a paragraph boundary.
//!
//! Two signals read the words themselves rather than the shape of a line:
//!
//! - **lexical cohesion** (as TextTiling, Hearst 1997): how many content
//!   words the text just before a line shares with the text just after it.
//!   A new article changes the subject, so few words carry over; a
//!   subheading continues the article's subject, so many do;
//! - **subject naming**: whether the paragraph after a line names what the
//!   line names. An encyclopedia lead opens with its title ("Du Fu (712 –
//!   770) was…") and a news lede repeats its headline's words.
//!
//! - **continuity between sections**: once the headline lines are known,
//!   whether the section under one shares the rarer words of the sections
//!   just before it. A subheading's section shares its article's names and
//!   terms; a new article's section does not;
//! - **echo**: whether a headline line's rarer words run on into the
//!   sections after its own, as a title's subject does through its article.
//!
//! Words are hashed, lower-cased in ASCII, and compared as sets (or, between
//! sections, as counts weighted by how few sections hold them).

/// Bytes of a long paragraph read at each end for its content words: the
/// words near a boundary are the ones that say whether it is one.
const END_BYTES: usize = 600;

/// Content words taken on each side of a boundary.
pub const WINDOW_WORDS: usize = 100;

/// Words of a paragraph in which a line's words are looked for.
const NAMING_WORDS: usize = 40;

/// Words too common to say anything about a subject (English function
/// words of three letters or more; shorter words are never content words).
const STOP_WORDS: [&str; 96] = [
    "all", "and", "any", "are", "but", "can", "did", "for", "had", "has", "her", "him", "his",
    "how", "its", "may", "not", "now", "one", "our", "out", "own", "she", "the", "too", "two",
    "use", "was", "way", "who", "why", "you", "about", "after", "again", "also", "been", "before",
    "being", "between", "both", "could", "does", "done", "down", "during", "each", "even", "ever",
    "every", "first", "from", "have", "here", "into", "just", "last", "like", "made", "make",
    "many", "more", "most", "much", "must", "only", "other", "over", "said", "same", "should",
    "since", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "under", "upon", "very", "well", "were", "what", "when", "where",
    "which", "while", "with",
];

/// Short words that never name a subject, skipped when a headline's words
/// are looked for in the paragraph after it.
const MINOR_WORDS: [&str; 18] = [
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "it", "of", "on", "or", "the",
    "to", "vs", "with",
];

/// The content words of a text: hashes of its words of three characters
/// or more, lower-cased, stop words left out. Long texts give the words of
/// their first and last [`END_BYTES`].
pub fn content_words(text: &str, out: &mut Vec<u32>) {
    if text.len() <= 2 * END_BYTES {
        push_content_words(text, out);
        return;
    }
    push_content_words(&text[..floor_char_boundary(text, END_BYTES)], out);
    push_content_words(
        &text[floor_char_boundary(text, text.len() - END_BYTES)..],
        out,
    );
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn push_content_words(text: &str, out: &mut Vec<u32>) {
    for word in words(text) {
        if word.len() >= 3 && !is_stop_word(word) {
            out.push(hash_word(word));
        }
    }
}

/// Words as the text's space-separated runs without the punctuation at
/// their ends, so "1.90.0", "x86_64" and "Ise-class" stay whole.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '/' | '(' | ')' | '[' | ']' | '—' | '–'))
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
}

fn is_stop_word(word: &str) -> bool {
    word.len() <= 7
        && STOP_WORDS
            .iter()
            .any(|stop| stop.len() == word.len() && stop.eq_ignore_ascii_case(word))
}

/// A word's hash, the same whatever its ASCII case. FNV-1a: stable, and
/// cheap on the few bytes of a word.
pub fn hash_word(word: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in word.bytes() {
        hash ^= u32::from(byte.to_ascii_lowercase());
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// How much two windows of content words overlap, from 0 (nothing in
/// common) to 1 (the same set): shared distinct words over the geometric
/// mean of the two sets' sizes. `None` when either side has no words.
/// Both slices are sorted and deduplicated in place.
pub fn overlap(before: &mut Vec<u32>, after: &mut Vec<u32>) -> Option<f32> {
    for side in [&mut *before, &mut *after] {
        side.sort_unstable();
        side.dedup();
    }
    if before.is_empty() || after.is_empty() {
        return None;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < before.len() && j < after.len() {
        match before[i].cmp(&after[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    Some(shared as f32 / ((before.len() * after.len()) as f32).sqrt())
}

/// How the paragraph after a line names what the line names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Naming {
    /// Share of the line's words (minor words aside) found among the first
    /// [`NAMING_WORDS`] words of the paragraph.
    pub share: f32,
    /// The paragraph opens with the line's first word or two ("Du Fu",
    /// "The Ise-class battleships" under "Ise-class battleship").
    pub opens_with_it: bool,
}

/// How `paragraph` names the subject of `line`; `None` when the line has no
/// words that could name anything.
pub fn naming(line: &str, paragraph: &str) -> Option<Naming> {
    let key = |word: &str| hash_word(word.trim_end_matches(['s', 'S']));
    let mut named: Vec<u32> = words(paragraph).take(NAMING_WORDS).map(key).collect();
    named.sort_unstable();
    let mut own = 0;
    let mut found = 0;
    for word in words(line) {
        if MINOR_WORDS
            .iter()
            .any(|minor| minor.eq_ignore_ascii_case(word))
        {
            continue;
        }
        own += 1;
        found += usize::from(named.binary_search(&key(word)).is_ok());
    }
    if own == 0 {
        return None;
    }
    let lead = |text: &str| -> Vec<u32> {
        words(text)
            .filter(|word| {
                !["the", "a", "an"]
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(word))
            })
            .take(2)
            .map(key)
            .collect()
    };
    let line_lead = lead(line);
    let paragraph_lead = lead(paragraph);
    let opens_with_it = !line_lead.is_empty()
        && paragraph_lead.len() >= line_lead.len().min(2)
        && paragraph_lead
            .iter()
            .zip(&line_lead)
            .all(|(paragraph_word, line_word)| paragraph_word == line_word);
    Some(Naming {
        share: found as f32 / own as f32,
        opens_with_it,
    })
}

/// Content words read from a section for its continuity.
const SECTION_WORDS: usize = 200;
/// Non-empty sections before a headline line its section is compared with.
const SECTIONS_BACK: usize = 3;

/// A section's content words: (word, count), sorted by word.
type Bag = Vec<(u32, u32)>;

/// Fewest content words a section must have for its continuity to be
/// read: between a few words and a few others, sharing none or one means
/// little.
const MIN_SECTION_WORDS: usize = 25;
/// How far back the sections lie that a section is compared with for the
/// dump's background similarity.
const FAR_BACK: std::ops::Range<usize> = 8..12;
/// Sections after a headline line whose text is searched for its words.
const SECTIONS_AHEAD: usize = 3;
/// Share of sections a word may be in and still be rare enough to say
/// what a section is about.
const MAX_RARE_SHARE: f32 = 0.3;

/// How a section's text compares with the sections before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Continuity {
    /// The greatest similarity to one of the sections just before it, from
    /// 0 to 1, and how that compares with the dump's background: the
    /// similarity of sections to ones far before them, at the same
    /// quantile, from 0 (no more similar than the least similar far pair)
    /// to 1 (more similar than any).
    Measured { near: f32, above_background: f32 },
    /// The section has too few words to compare.
    TooShort,
    /// The section has no text: a heading right over another.
    Empty,
    /// No section before it has enough words to compare with.
    NothingBefore,
}

impl Continuity {
    /// The similarity, if measured.
    pub fn value(self) -> Option<f32> {
        match self {
            Continuity::Measured { near, .. } => Some(near),
            _ => None,
        }
    }
}

/// The sections of a dump between its headline lines, as sets of content
/// words, with how many sections hold each word.
pub struct Sections {
    bags: Vec<Bag>,
    frequency: std::collections::HashMap<u32, u32>,
    /// Sections with text.
    documents: f32,
}

impl Sections {
    /// Reads each section, given as the texts of its units in order.
    pub fn new<'t, S: AsRef<[&'t str]>>(sections: &[S]) -> Self {
        let bags: Vec<Bag> = sections.iter().map(|texts| bag(texts.as_ref())).collect();
        let mut frequency = std::collections::HashMap::new();
        for bag in &bags {
            for &(word, _) in bag {
                *frequency.entry(word).or_insert(0) += 1;
            }
        }
        let documents = bags.iter().filter(|bag| !bag.is_empty()).count().max(1) as f32;
        Sections {
            bags,
            frequency,
            documents,
        }
    }

    fn idf(&self, word: u32) -> f32 {
        let frequency = self.frequency.get(&word).copied().unwrap_or(1) as f32;
        (self.documents / frequency).ln().max(0.0)
    }

    /// For each section, how much its text continues the text of the
    /// sections before it: the greatest cosine similarity, with words
    /// weighted by how few sections hold them (TF-IDF), between its words
    /// and those of one of the [`SECTIONS_BACK`] non-empty sections before
    /// it. Sections of fewer than [`MIN_SECTION_WORDS`] are not compared,
    /// as too short to say.
    pub fn continuity(&self) -> Vec<Continuity> {
        let bags = &self.bags;
        let cosine = self.cosine();
        let words = |at: usize| {
            bags[at]
                .iter()
                .map(|&(_, count)| count as usize)
                .sum::<usize>()
        };
        let long = |at: usize| words(at) >= MIN_SECTION_WORDS;
        // The background: each long section's greatest similarity to long
        // sections far before it, in other articles as a rule.
        let mut background: Vec<f32> = (0..bags.len())
            .filter(|&index| long(index))
            .filter_map(|index| {
                FAR_BACK
                    .filter_map(|back| index.checked_sub(back))
                    .filter(|&at| long(at))
                    .map(|at| cosine(index, at))
                    .reduce(f32::max)
            })
            .collect();
        background.sort_unstable_by(f32::total_cmp);
        let above = |near: f32| {
            if background.is_empty() {
                return 1.0;
            }
            background.partition_point(|&far| far < near) as f32 / background.len() as f32
        };
        (0..bags.len())
            .map(|index| {
                if bags[index].is_empty() {
                    return Continuity::Empty;
                }
                if !long(index) {
                    return Continuity::TooShort;
                }
                (0..index)
                    .rev()
                    .filter(|&at| !bags[at].is_empty())
                    .take(SECTIONS_BACK)
                    .filter(|&at| long(at))
                    .map(|at| cosine(index, at))
                    .reduce(f32::max)
                    .map_or(Continuity::NothingBefore, |near| Continuity::Measured {
                        near,
                        above_background: above(near),
                    })
            })
            .collect()
    }

    /// For each section, how deep a dip in similarity its start is (the
    /// depth score of TextTiling): the mean similarity of the two long
    /// sections before it to each other and of it to the long section after
    /// it, less the similarity across, between it and the section before.
    /// A new article's start is a dip; a subheading whose article keeps its
    /// subject is not. `None` without long sections on both sides.
    pub fn depth(&self) -> Vec<Option<f32>> {
        let long = |at: usize| {
            self.bags[at]
                .iter()
                .map(|&(_, count)| count as usize)
                .sum::<usize>()
                >= MIN_SECTION_WORDS
        };
        let cosine = self.cosine();
        (0..self.bags.len())
            .map(|index| {
                if !long(index) {
                    return None;
                }
                let mut before = (0..index).rev().filter(|&at| long(at));
                let (previous, earlier) = (before.next()?, before.next()?);
                let after = (index + 1..self.bags.len()).find(|&at| long(at))?;
                let within = (cosine(previous, earlier) + cosine(index, after)) / 2.0;
                Some(within - cosine(previous, index))
            })
            .collect()
    }

    /// The TF-IDF cosine similarity of two sections.
    fn cosine(&self) -> impl Fn(usize, usize) -> f32 + '_ {
        let norms: Vec<f32> = self
            .bags
            .iter()
            .map(|bag| {
                bag.iter()
                    .map(|&(word, count)| (count as f32 * self.idf(word)).powi(2))
                    .sum::<f32>()
                    .sqrt()
            })
            .collect();
        move |a: usize, b: usize| {
            let (x, y) = (&self.bags[a], &self.bags[b]);
            let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
            while i < x.len() && j < y.len() {
                match x[i].0.cmp(&y[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        let weight = self.idf(x[i].0);
                        dot += x[i].1 as f32 * y[j].1 as f32 * weight * weight;
                        i += 1;
                        j += 1;
                    }
                }
            }
            let norm = norms[a] * norms[b];
            if norm > 0.0 { dot / norm } else { 0.0 }
        }
    }

    /// For the headline line over each section (`lines`, one per section),
    /// how many of the [`SECTIONS_AHEAD`] non-empty sections after its own
    /// hold one of its rarer words: a title's subject runs through the
    /// sections of its article, a subheading's stays in its own.
    pub fn echo(&self, lines: &[&str]) -> Vec<usize> {
        let rare_limit = (MAX_RARE_SHARE * self.documents).max(2.0);
        lines
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let mut own = Vec::new();
                push_content_words(line, &mut own);
                own.retain(|word| {
                    self.frequency
                        .get(word)
                        .is_some_and(|&n| n as f32 <= rare_limit)
                });
                if own.is_empty() {
                    return 0;
                }
                self.bags
                    .iter()
                    .skip(index + 1)
                    .filter(|bag| !bag.is_empty())
                    .take(SECTIONS_AHEAD)
                    .filter(|bag| {
                        own.iter()
                            .any(|word| bag.binary_search_by_key(word, |&(w, _)| w).is_ok())
                    })
                    .count()
            })
            .collect()
    }
}

/// The content words of a section's texts, up to [`SECTION_WORDS`].
fn bag(texts: &[&str]) -> Bag {
    let mut words = Vec::new();
    for text in texts {
        content_words(text, &mut words);
        if words.len() >= SECTION_WORDS {
            words.truncate(SECTION_WORDS);
            break;
        }
    }
    words.sort_unstable();
    let mut bag: Bag = Vec::with_capacity(words.len());
    for word in words {
        match bag.last_mut() {
            Some((last, count)) if *last == word => *count += 1,
            _ => bag.push((word, 1)),
        }
    }
    bag
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(text: &str) -> Vec<u32> {
        let mut words = Vec::new();
        content_words(text, &mut words);
        words
    }

    #[test]
    fn content_words_skip_short_and_common_words_whatever_the_case() {
        assert_eq!(
            content("The Harbour and the HARBOUR which were rebuilt"),
            vec![
                hash_word("harbour"),
                hash_word("harbour"),
                hash_word("rebuilt")
            ]
        );
        assert!(content("a an of to it is").is_empty());
    }

    #[test]
    fn long_texts_give_the_words_at_their_ends() {
        let middle = "middle ".repeat(400);
        let text = format!("opening words {middle} closing words");
        let words = content(&text);
        assert!(words.contains(&hash_word("opening")));
        assert!(words.contains(&hash_word("closing")));
        assert!(words.len() < 250, "not every word of the middle");
    }

    #[test]
    fn overlap_is_shared_words_over_the_mean_size() {
        let mut a = content("harbour quay ferry dredge");
        let mut b = content("harbour ferry island crossing");
        assert_eq!(overlap(&mut a, &mut b), Some(0.5));
        let mut same_a = content("budget budget vote");
        let mut same_b = content("vote budget");
        assert_eq!(overlap(&mut same_a, &mut same_b), Some(1.0));
        let mut none = content("rivers flood");
        let mut other = content("senate votes");
        assert_eq!(overlap(&mut none, &mut other), Some(0.0));
        assert_eq!(overlap(&mut Vec::new(), &mut content("words here")), None);
    }

    #[test]
    fn an_encyclopedia_lead_opens_with_its_title() {
        let naming = naming(
            "Ise-class battleship",
            "The Ise-class battleships were a pair of dreadnought battleships.",
        )
        .expect("words to name");
        assert!(naming.opens_with_it);
        assert_eq!(naming.share, 1.0);
        let lead = naming_of("Du Fu", "Du Fu (712 – 770) was a prominent Chinese poet.");
        assert!(lead.opens_with_it);
    }

    fn naming_of(line: &str, paragraph: &str) -> Naming {
        naming(line, paragraph).expect("words to name")
    }

    #[test]
    fn a_subheading_is_rarely_named_by_what_follows() {
        let naming = naming_of(
            "Early life",
            "Boulter was born in Plymouth and studied drama in London.",
        );
        assert!(!naming.opens_with_it);
        assert_eq!(naming.share, 0.0);
        let some = naming_of(
            "Pope ends Lourdes pilgrimage",
            "LOURDES, France - The pope wound up a visit to the shrine.",
        );
        assert_eq!(some.share, 0.5);
        assert!(!some.opens_with_it);
    }

    #[test]
    fn a_titles_words_run_through_its_articles_sections() {
        let sections: Vec<Vec<&str>> = vec![
            vec!["Boulter is an English actor born in Plymouth."],
            vec!["In 2000 Boulter had a guest role on The Bill."],
            vec!["Boulter starred in Herons at the Royal Court."],
            vec!["The hurricane struck Stuart in Florida."],
            vec!["Citrus groves were flattened across the county."],
            vec!["Ironclads carried armour plates of iron."],
            vec!["Steam engines drove the warships."],
            vec!["Poets of the Tang dynasty wrote regulated verse."],
            vec!["Monks copied the poems by hand."],
            vec!["Rivers flooded the valley each spring."],
        ];
        let lines = [
            "Robert Boulter",
            "Career",
            "Theatre",
            "1933 hurricane",
            "Damage",
            "Ironclad",
            "Engines",
            "Du Fu",
            "Legacy",
            "Floods",
        ];
        let echo = Sections::new(&sections).echo(&lines);
        assert_eq!(echo[0], 2, "the title's name runs on");
        assert_eq!(echo[1], 0, "a section name does not");
        assert_eq!(echo[3], 0, "a subject that stays in its own section");
    }

    #[test]
    fn a_subsection_continues_its_article_and_a_new_article_does_not() {
        let boulter = "Boulter trained at drama school in Plymouth before the Herons play, \
            then toured with the Plymouth company, playing Herons and Mercury Fur for audiences \
            across Devon and Cornwall while studying drama, voice, movement and stagecraft at \
            night, and wrote letters home about the rehearsals, the theatres and the crowds.";
        let boulter_again = "Boulter starred in Herons again, and later in Mercury Fur at \
            Plymouth, where critics praised the Plymouth company and the drama school that \
            trained him, and the Devon audiences that filled the theatre every night of the \
            season, cheering the rehearsed stagecraft, the movement and the voice work.";
        let hurricane = "The hurricane struck Stuart and flattened citrus groves across \
            Florida, tearing roofs from packing houses, toppling power lines and flooding \
            roads between the groves and the coast for several days after landfall, while \
            growers counted fallen fruit and shippers waited for trucks and trains.";
        let hurricane_again = "Florida citrus growers lost crops after the hurricane \
            reached Stuart, and packing houses stayed closed while crews cleared roads, \
            mended power lines and pumped water from the flooded groves near the coast, \
            and shippers sent trucks and trains north with what fruit was left.";
        let sections: Vec<Vec<&str>> = vec![
            vec![boulter],
            vec![boulter_again],
            vec![hurricane],
            vec![],
            vec![hurricane_again],
            vec!["Too few words here."],
        ];
        let continuity = Sections::new(&sections).continuity();
        assert_eq!(continuity[0], Continuity::NothingBefore);
        let same_article = continuity[1].value().expect("text on both sides");
        let new_article = continuity[2].value().expect("text on both sides");
        assert!(same_article > 0.1, "{same_article}");
        assert!(new_article < 0.05, "{new_article}");
        assert_eq!(continuity[3], Continuity::Empty);
        // Empty sections are passed over looking back.
        let past_empty = continuity[4]
            .value()
            .expect("text before, past the empty one");
        assert!(past_empty > 0.1, "{past_empty}");
        assert_eq!(continuity[5], Continuity::TooShort);
    }

    #[test]
    fn a_line_of_minor_words_names_nothing() {
        assert_eq!(naming("Of the", "Anything at all."), None);
        assert_eq!(naming("", "Anything at all."), None);
    }
}
