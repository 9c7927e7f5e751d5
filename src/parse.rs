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

use crate::article::Article;

/// Parses text that has already been through [`hygiene::clean`].
pub fn parse(clean_text: &str) -> Vec<Article> {
    segment::segment(clean_text)
}
