//! The filter: fuzzy headlines, exact words in the text, ranked, highlighted,
//! and fast enough that nobody waits for it.
//!
//! [`query`] parses fzf-style syntax, [`fold`] defines which letters are the
//! same, [`index`] prepares a library once, [`skim_score`] scores a headline
//! as skim does, [`text_search`] counts a term in article text, [`matching`]
//! decides one article,
//! [`engine`] ranks a whole library (incrementally, on every core), and
//! [`worker`] runs the engine off the interface thread.

pub mod engine;
pub mod fold;
pub mod index;
pub mod matching;
pub mod query;
pub mod skim_score;
pub mod text_search;
pub mod worker;
