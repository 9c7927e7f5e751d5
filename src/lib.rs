//! folio: a terminal reader for article collections.
//!
//! The library holds everything but terminal start-up, so tests and benches
//! run the same code as the binary: [`parse`] turns untrusted text into
//! [`article::Article`]s, [`library`] loads inputs, [`listing`] prints them.

pub mod app;
pub mod article;
pub mod config;
pub mod filter;
pub mod keymap;
pub mod library;
pub mod listing;
pub mod own_files;
pub mod parallel;
pub mod parse;
pub mod reader;
pub mod store;
pub mod tui;
pub mod ui;
