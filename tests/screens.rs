//! Whole screens drawn into a test backend, checked as text snapshots, with
//! the styles that carry meaning (selection, matches) checked on the buffer.

use std::sync::Arc;

use folio::app::{Action, App};
use folio::filter::engine::Engine;
use folio::filter::index::SearchIndex;
use folio::library::{Input, Library};
use folio::store::Store;
use folio::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use unicode_width::UnicodeWidthStr;

fn app(columns: u16, rows: u16) -> App {
    let (library, _) = Library::load(&[Input::Sample]);
    let index = Arc::new(SearchIndex::new(Arc::new(library)));
    App::new(index, Store::open(None).0, (columns, rows))
}

fn draw(app: &App) -> Buffer {
    let (columns, rows) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(columns, rows)).expect("a test terminal");
    terminal
        .draw(|frame| ui::render(app, frame))
        .expect("drawn");
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            // A wide character fills the next cell too.
            x += u16::try_from(symbol.width().max(1)).unwrap_or(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn filter(app: &mut App, query: &str) {
    app.update(Action::StartFilter);
    for c in query.chars() {
        app.update(Action::FilterChar(c));
    }
    let request = app.take_filter_request().expect("a filter request");
    let results = Engine::new(app.index().clone()).search(&request);
    app.update(Action::FilterDone(results));
}

#[test]
fn the_sample_at_120_by_40() {
    insta::assert_snapshot!(text(&draw(&app(120, 40))));
}

#[test]
fn the_sample_at_80_by_24() {
    insta::assert_snapshot!(text(&draw(&app(80, 24))));
}

#[test]
fn an_open_article_scrolled_in_the_reader() {
    let mut app = app(120, 40);
    app.update(Action::Down);
    app.update(Action::Open);
    app.update(Action::PageDown);
    insta::assert_snapshot!(text(&draw(&app)));
}

#[test]
fn an_active_filter_with_highlights() {
    let mut app = app(120, 40);
    filter(&mut app, "norway");
    let buffer = draw(&app);
    insta::assert_snapshot!(text(&buffer));
    // Row 1 is the best match, "China and Norway …": its "Norway" (columns
    // 11 to 16, after a leading space) is highlighted, and the row is selected.
    let norway: String = (11..17).map(|x| buffer[(x, 1)].symbol()).collect();
    assert_eq!(norway, "Norway");
    assert!((11..17).all(|x| buffer[(x, 1)].fg == Color::Yellow));
    assert_eq!(buffer[(1, 1)].bg, Color::Cyan, "the selected row");
    assert_ne!(buffer[(1, 2)].bg, Color::Cyan, "other rows are not");
}

#[test]
fn the_help_overlay() {
    let mut app = app(120, 40);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(text(&draw(&app)));
}

#[test]
fn too_small_a_terminal() {
    let mut app = app(120, 40);
    app.update(Action::Resize(30, 6));
    insta::assert_snapshot!(text(&draw(&app)));
}

#[test]
fn every_size_down_to_nothing_draws_without_panicking() {
    let mut app = app(120, 40);
    for (columns, rows) in [
        (0, 0),
        (1, 1),
        (2, 30),
        (40, 8),
        (41, 9),
        (200, 60),
        (39, 100),
    ] {
        app.update(Action::Resize(columns, rows));
        app.update(Action::Open);
        draw(&app);
    }
}

#[test]
fn bookmarks_are_starred_and_the_bookmarks_view_lists_them() {
    let mut app = app(120, 40);
    app.update(Action::ToggleBookmark);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::ToggleBookmark);
    let buffer = draw(&app);
    assert_eq!(buffer[(0, 1)].symbol(), "★");
    assert_eq!(buffer[(0, 2)].symbol(), " ");
    assert_eq!(buffer[(0, 3)].symbol(), "★");
    app.update(Action::ToggleBookmarksView);
    insta::assert_snapshot!(text(&draw(&app)));
}

#[test]
fn a_hostile_dump_shows_as_plain_text_with_straight_borders() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile.txt");
    let bytes = std::fs::read(path).expect("the fixture is readable");
    // Named without its directory, so the snapshot is the same in any checkout.
    let (clean, _) = folio::parse::hygiene::clean(&bytes);
    let mut library = Library::default();
    library.add("hostile.txt".into(), clean);
    let index = Arc::new(SearchIndex::new(Arc::new(library)));
    let mut app = App::new(index, Store::open(None).0, (100, 30));
    // The CJK and emoji headline, open in the reader.
    app.update(Action::Down);
    app.update(Action::Open);
    let buffer = draw(&app);
    insta::assert_snapshot!(text(&buffer));
    // The sidebar is 33 columns wide: the divider stands at column 33 on
    // every row between the bars, whatever widths the text has.
    for y in 1..29 {
        assert_eq!(buffer[(33, y)].symbol(), "│", "row {y}");
    }
}
