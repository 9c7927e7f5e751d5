//! The parser: untrusted bytes in, articles out, with no I/O inside.
//!
//! [`hygiene`] makes the text inert and regular; [`segment`] decides where
//! posts, headings and paragraphs are, from general signals each kept in its
//! own module ([`shape`], [`furniture`], [`link`], [`credit`]) with its own tests.

pub mod credit;
pub mod furniture;
pub mod hygiene;
pub mod lines;
pub mod link;
pub mod segment;
pub mod shape;

use crate::article::{Article, Block};

/// What parsing one text gives: its articles, and the one list of blocks
/// their `blocks` ranges index.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The posts, in order.
    pub articles: Vec<Article>,
    /// Every post's paragraphs and headings, post after post.
    pub blocks: Vec<Block>,
}

/// Parses text that has already been through [`hygiene::clean`].
pub fn parse(clean_text: &str) -> Parsed {
    segment::segment(clean_text)
}
