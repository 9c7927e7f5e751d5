//! folio: a terminal reader for article collections.
//!
//! The library holds everything but terminal start-up, so tests and benches
//! run the same code as the binary: [`parse`] turns untrusted text into
//! [`article::Article`]s, [`library`] loads inputs, [`output`] prints them.
//! ARCHITECTURE.md gives the floors the modules stand on (each imports only
//! from floors below; `tests/layers.rs` checks it) and where things live.

pub mod action;
pub mod app;
pub mod article;
pub mod cache;
pub mod cli;
pub mod config;
pub mod filter;
pub mod formats;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod line;
pub mod memory;
pub mod offline;
pub mod output;
pub mod own_files;
pub mod parallel;
pub mod parse;
pub mod parts;
pub mod refresh;
pub mod store;
pub mod subscriptions;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod web;
pub mod wrapped;
