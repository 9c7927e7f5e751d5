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
//! The words are the content words [`super::tokens`] reads, as hashes,
//! compared as sets (or, between sections, as counts weighted by how few
//! sections hold them).

use super::recurrence::Recurrence;

/// Content words taken on each side of a boundary.
pub const WINDOW_WORDS: usize = 100;

/// Content words of a paragraph in which a line's words are looked for.
const NAMING_WORDS: usize = 40;

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
    /// The paragraph opens with the line's first content word or two
    /// ("Du Fu (712 – 770) was…" under "Du Fu").
    pub opens_with_it: bool,
}

/// How a paragraph (its content words, `paragraph`) names the subject of
/// a line (`line`); `None` when the line has no words that could name
/// anything.
pub fn naming(line: &[u32], paragraph: &[u32]) -> Option<Naming> {
    if line.is_empty() {
        return None;
    }
    let mut named: Vec<u32> = paragraph.iter().take(NAMING_WORDS).copied().collect();
    named.sort_unstable();
    let found = line
        .iter()
        .filter(|word| named.binary_search(word).is_ok())
        .count();
    let lead = line.len().min(2);
    let opens_with_it = paragraph.len() >= lead && paragraph[..lead] == line[..lead];
    Some(Naming {
        share: found as f32 / line.len() as f32,
        opens_with_it,
    })
}

/// Content words read from a section for its continuity.
const SECTION_WORDS: usize = 200;
/// Non-empty sections before a headline line its section is compared with.
const SECTIONS_BACK: usize = 3;

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

/// The sections of a dump between its headline lines, as sets of content
/// words, with how many sections hold each word.
pub struct Sections {
    /// Every section's words weighted by count and rarity (TF-IDF), each
    /// section's sorted by word, one section after another in one list.
    entries: Vec<(u32, f32)>,
    /// Where each section's words end in `entries`.
    ends: Vec<u32>,
    /// The length of each section's weighted vector.
    norms: Vec<f32>,
    /// Whether each section has words enough to compare (see
    /// [`MIN_SECTION_WORDS`]).
    long: Vec<bool>,
    /// How many sections hold each word (keyed by [`word_key`]).
    frequency: Recurrence,
    /// Sections with text.
    documents: f32,
}

impl Sections {
    /// Reads each section, given as the content words of its units in
    /// order: up to [`SECTION_WORDS`] of them, counted.
    pub fn new<'w, S: AsRef<[&'w [u32]]>>(sections: &[S]) -> Self {
        // Room for every section's words, counted before they are read, so
        // the list never grows by copying.
        let most: usize = sections
            .iter()
            .map(|units| {
                let words: usize = units.as_ref().iter().map(|unit| unit.len()).sum();
                words.min(SECTION_WORDS)
            })
            .sum();
        let mut entries: Vec<(u32, f32)> = Vec::with_capacity(most);
        let mut ends = Vec::with_capacity(sections.len());
        let mut long = Vec::with_capacity(sections.len());
        let mut words = Vec::with_capacity(SECTION_WORDS);
        for units in sections {
            words.clear();
            for unit in units.as_ref() {
                let room = SECTION_WORDS - words.len();
                words.extend_from_slice(&unit[..unit.len().min(room)]);
                if words.len() == SECTION_WORDS {
                    break;
                }
            }
            long.push(words.len() >= MIN_SECTION_WORDS);
            words.sort_unstable();
            let start = entries.len();
            for &word in &words {
                match entries[start..].last_mut() {
                    Some((last, count)) if *last == word => *count += 1.0,
                    _ => entries.push((word, 1.0)),
                }
            }
            ends.push(entries.len() as u32);
        }
        entries.shrink_to_fit();
        let mut frequency = Recurrence::default();
        for &(word, _) in &entries {
            frequency.add(word_key(word));
        }
        let documents = (0..ends.len())
            .filter(|&at| !range(&ends, at).is_empty())
            .count()
            .max(1) as f32;
        let mut norms = Vec::with_capacity(ends.len());
        for at in 0..ends.len() {
            let mut norm = 0.0;
            for (word, weight) in &mut entries[range(&ends, at)] {
                let sections = frequency.count(word_key(*word)).max(1) as f32;
                *weight *= (documents / sections).ln().max(0.0);
                norm += *weight * *weight;
            }
            norms.push(norm.sqrt());
        }
        Sections {
            entries,
            ends,
            norms,
            long,
            frequency,
            documents,
        }
    }

    /// Section `at`'s weighted words.
    fn vector(&self, at: usize) -> &[(u32, f32)] {
        &self.entries[range(&self.ends, at)]
    }

    fn is_empty(&self, section: usize) -> bool {
        self.vector(section).is_empty()
    }

    /// For each section, how much its text continues the text of the
    /// sections before it: the greatest cosine similarity, with words
    /// weighted by how few sections hold them (TF-IDF), between its words
    /// and those of one of the [`SECTIONS_BACK`] non-empty sections before
    /// it. Sections of fewer than [`MIN_SECTION_WORDS`] are not compared,
    /// as too short to say.
    pub fn continuity(&self) -> Vec<Continuity> {
        let sections = self.ends.len();
        let cosine = self.cosine();
        let long = |at: usize| self.long[at];
        // The background: each long section's greatest similarity to long
        // sections far before it, in other articles as a rule.
        let mut background: Vec<f32> = (0..sections)
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
        (0..sections)
            .map(|index| {
                if self.is_empty(index) {
                    return Continuity::Empty;
                }
                if !long(index) {
                    return Continuity::TooShort;
                }
                (0..index)
                    .rev()
                    .filter(|&at| !self.is_empty(at))
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
        let long = |at: usize| self.long[at];
        let cosine = self.cosine();
        (0..self.ends.len())
            .map(|index| {
                if !long(index) {
                    return None;
                }
                let mut before = (0..index).rev().filter(|&at| long(at));
                let (previous, earlier) = (before.next()?, before.next()?);
                let after = (index + 1..self.ends.len()).find(|&at| long(at))?;
                let within = (cosine(previous, earlier) + cosine(index, after)) / 2.0;
                Some(within - cosine(previous, index))
            })
            .collect()
    }

    /// The TF-IDF cosine similarity of two sections.
    fn cosine(&self) -> impl Fn(usize, usize) -> f32 + '_ {
        move |a: usize, b: usize| {
            let (x, y) = (self.vector(a), self.vector(b));
            let (x_norm, y_norm) = (self.norms[a], self.norms[b]);
            let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
            while i < x.len() && j < y.len() {
                match x[i].0.cmp(&y[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        dot += x[i].1 * y[j].1;
                        i += 1;
                        j += 1;
                    }
                }
            }
            let norm = x_norm * y_norm;
            if norm > 0.0 { dot / norm } else { 0.0 }
        }
    }

    /// For the headline line over each section (its content words, one
    /// list per section), how many of the [`SECTIONS_AHEAD`] non-empty sections after its own
    /// hold one of its rarer words: a title's subject runs through the
    /// sections of its article, a subheading's stays in its own.
    pub fn echo(&self, lines: &[&[u32]]) -> Vec<usize> {
        let rare_limit = (MAX_RARE_SHARE * self.documents).max(2.0);
        lines
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let mut own = line.to_vec();
                own.retain(|&word| {
                    let sections = self.frequency.count(word_key(word));
                    sections > 0 && sections as f32 <= rare_limit
                });
                if own.is_empty() {
                    return 0;
                }
                (index + 1..self.ends.len())
                    .map(|at| self.vector(at))
                    .filter(|vector| !vector.is_empty())
                    .take(SECTIONS_AHEAD)
                    .filter(|vector| {
                        own.iter()
                            .any(|word| vector.binary_search_by_key(word, |&(w, _)| w).is_ok())
                    })
                    .count()
            })
            .collect()
    }
}

/// A word's hash spread over 64 bits, as [`Recurrence`] keys are: one
/// to one, so no two words share a count.
fn word_key(word: u32) -> u64 {
    u64::from(word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Where the section `at` lies in a list of entries, given where each
/// section ends.
fn range(ends: &[u32], at: usize) -> std::ops::Range<usize> {
    let start = at.checked_sub(1).map_or(0, |before| ends[before] as usize);
    start..ends[at] as usize
}

#[cfg(test)]
mod tests {
    use super::super::tokens::content_words;
    use super::*;

    impl Continuity {
        /// The similarity, if measured.
        fn value(self) -> Option<f32> {
            match self {
                Continuity::Measured { near, .. } => Some(near),
                _ => None,
            }
        }
    }

    fn content(text: &str) -> Vec<u32> {
        let mut words = Vec::new();
        content_words(text, &mut words);
        words
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

    fn naming_of(line: &str, paragraph: &str) -> Option<Naming> {
        naming(&content(line), &content(paragraph))
    }

    #[test]
    fn an_encyclopedia_lead_opens_with_its_title() {
        let naming = naming_of(
            "Ise-class battleship Hyuga",
            "The Ise-class battleship Hyuga was a dreadnought of the 1910s.",
        )
        .expect("words to name");
        assert!(naming.opens_with_it);
        assert_eq!(naming.share, 1.0);
        let plural = naming_of(
            "Ise-class battleship",
            "The Ise-class battleships were a pair.",
        )
        .expect("words to name");
        assert!(!plural.opens_with_it, "a plural is another word");
        assert_eq!(plural.share, 0.5);
        let lead = naming_of("Du Fu", "Du Fu (712 – 770) was a prominent Chinese poet.")
            .expect("words to name");
        assert!(lead.opens_with_it);
    }

    #[test]
    fn a_subheading_is_rarely_named_by_what_follows() {
        let naming = naming_of(
            "Early life",
            "Boulter was born in Plymouth and studied drama in London.",
        )
        .expect("words to name");
        assert!(!naming.opens_with_it);
        assert_eq!(naming.share, 0.0);
        let some = naming_of(
            "Pope ends Lourdes pilgrimage",
            "LOURDES, France - The pope wound up a visit to the shrine.",
        )
        .expect("words to name");
        assert_eq!(some.share, 0.5);
        assert!(!some.opens_with_it);
    }

    #[test]
    fn a_line_of_function_words_names_nothing() {
        assert_eq!(naming_of("Of the", "Anything at all."), None);
        assert_eq!(naming_of("", "Anything at all."), None);
    }

    /// Sections given as texts, each unit one text.
    fn sections(texts: &[Vec<&str>]) -> Sections {
        let words: Vec<Vec<Vec<u32>>> = texts
            .iter()
            .map(|units| units.iter().map(|text| content(text)).collect())
            .collect();
        let slices: Vec<Vec<&[u32]>> = words
            .iter()
            .map(|units| units.iter().map(Vec::as_slice).collect())
            .collect();
        Sections::new(&slices)
    }

    #[test]
    fn a_titles_words_run_through_its_articles_sections() {
        let texts: Vec<Vec<&str>> = vec![
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
        let lines: Vec<Vec<u32>> = [
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
        ]
        .iter()
        .map(|line| content(line))
        .collect();
        let lines: Vec<&[u32]> = lines.iter().map(Vec::as_slice).collect();
        let echo = sections(&texts).echo(&lines);
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
        let texts: Vec<Vec<&str>> = vec![
            vec![boulter],
            vec![boulter_again],
            vec![hurricane],
            vec![],
            vec![hurricane_again],
            vec!["Too few words here."],
        ];
        let continuity = sections(&texts).continuity();
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
}
