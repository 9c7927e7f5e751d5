//! Whole screens drawn into a test backend, checked as text snapshots, with
//! the styles that carry meaning (selection, matches) checked on the buffer.

use std::sync::Arc;

use folio::action::Action;
use folio::app::{App, Event};
use folio::filter::engine::Engine;
use folio::filter::index::SearchIndex;
use folio::library::{Input, Library};
use folio::store::Store;
use folio::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
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
    app.handle(Event::FilterDone(results));
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
    app.handle(Event::Resize(30, 6));
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
        app.handle(Event::Resize(columns, rows));
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
    let (clean, _) = folio::text::clean(&bytes);
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

/// The app of [`app`] with a config file's text applied, as the reader
/// would start with it.
fn configured(columns: u16, rows: u16, config_text: &str) -> App {
    let report = folio::config::parse(config_text);
    assert_eq!(report.problems, [], "the test's config has problems");
    app(columns, rows).with_config(report.config)
}

/// A screen's text with, under each line, a letter per cell naming its style,
/// and a legend of the styles: so a snapshot shows what is coloured how.
fn text_and_styles(buffer: &Buffer) -> String {
    let mut styles: Vec<ratatui::style::Style> = Vec::new();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut marks = String::new();
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            line.push_str(cell.symbol());
            let style = cell.style();
            let slot = styles.iter().position(|&s| s == style).unwrap_or_else(|| {
                styles.push(style);
                styles.len() - 1
            });
            marks.push(char::from(b'a' + u8::try_from(slot % 26).unwrap_or(0)));
        }
        out.push_str(&format!("{}\n{marks}\n", line.trim_end()));
    }
    out.push_str("\nstyles:\n");
    for (slot, style) in styles.iter().enumerate() {
        let letter = char::from(b'a' + u8::try_from(slot % 26).unwrap_or(0));
        out.push_str(&format!(
            "{letter}: fg {:?} bg {:?} {:?}\n",
            style.fg, style.bg, style.add_modifier
        ));
    }
    out
}

/// The reader at 60×10 with `query` filtered and the second row selected in
/// `theme`: selection, matches, dim text and the status bar all on screen.
fn themed(theme: &str, query: &str) -> Buffer {
    let mut app = configured(70, 10, &format!("[theme]\nname = \"{theme}\"\n"));
    filter(&mut app, query);
    app.update(Action::AcceptFilter);
    app.update(Action::Top);
    app.update(Action::Down);
    draw(&app)
}

#[test]
fn the_dark_theme() {
    let buffer = themed("dark", "china");
    // Row 2 is the second headline, selected: black on cyan.
    insta::assert_snapshot!(text_and_styles(&buffer));
    assert_eq!(buffer[(5, 2)].style().bg, Some(Color::Cyan));
}

#[test]
fn the_light_theme() {
    let buffer = themed("light", "china");
    insta::assert_snapshot!(text_and_styles(&buffer));
    assert_eq!(buffer[(5, 2)].style().bg, Some(Color::Blue));
}

#[test]
fn the_mono_theme_uses_no_colour_and_still_marks_selection_and_matches() {
    let buffer = themed("mono", "china");
    for cell in buffer.content() {
        let style = cell.style();
        assert!(
            matches!(style.fg, None | Some(Color::Reset))
                && matches!(style.bg, None | Some(Color::Reset)),
            "a colour in mono: {style:?}"
        );
    }
    let selected = buffer[(5, 2)].style();
    assert!(selected.add_modifier.contains(Modifier::REVERSED));
    insta::assert_snapshot!(text_and_styles(&buffer));
}

#[test]
fn a_recoloured_element_shows_in_its_new_colour() {
    let mut app = configured(
        60,
        10,
        "[theme]\nselection = { fg = \"white\", bg = \"#102030\" }\n",
    );
    app.update(Action::Down);
    let buffer = draw(&app);
    assert_eq!(
        buffer[(5, 2)].style().bg,
        Some(Color::Rgb(0x10, 0x20, 0x30))
    );
    assert_eq!(buffer[(5, 2)].style().fg, Some(Color::White));
}

#[test]
fn borders_a_bottom_filter_bar_and_a_narrow_measure() {
    let app = configured(
        100,
        20,
        "[layout]\nborders = true\nfilter-bar = \"bottom\"\nmeasure = 40\nsidebar-width = 30\n",
    );
    insta::assert_snapshot!(text(&draw(&app)));
}

#[test]
fn the_help_overlay_shows_a_rebinding_not_the_default() {
    let mut app = configured(
        120,
        40,
        "[keys.browse]\nq = \"none\"\nctrl-q = \"quit\"\n\"g g\" = \"none\"\nt = \"top\"\n",
    );
    app.update(Action::ToggleHelp);
    let screen = text(&draw(&app));
    assert!(screen.contains("Ctrl-q  quit"), "{screen}");
    assert!(screen.contains("Home, t  first headline"), "{screen}");
    assert!(!screen.contains("gg"), "{screen}");
    assert!(!screen.contains("   q  quit"), "{screen}");
    // The status bar's hints follow too.
    let app = configured(
        120,
        40,
        "[keys.browse]\nq = \"none\"\nctrl-q = \"quit\"\n\"/\" = \"none\"\nf = \"filter\"\n",
    );
    let screen = text(&draw(&app));
    assert!(
        screen.contains("f filter · ? help · Ctrl-q quit"),
        "{screen}"
    );
    assert!(screen.starts_with("f to filter"), "{screen}");
}

#[test]
fn the_help_overlay_scrolls_on_a_short_screen() {
    let mut app = app(80, 24);
    app.update(Action::ToggleHelp);
    let top = text(&draw(&app));
    assert!(top.contains("keys 1–22 of"), "{top}");
    app.update(Action::Bottom);
    insta::assert_snapshot!(text(&draw(&app)));
}

fn app_of(path: &str, columns: u16, rows: u16) -> App {
    let (library, report) = Library::load(&[Input::Path(path.into())]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let index = Arc::new(SearchIndex::new(Arc::new(library)));
    App::new(index, Store::open(None).0, (columns, rows))
}

/// The cells of `buffer` whose text is `needle`, on the first line that
/// holds it: for checking the style of a styled run.
fn cells_of(buffer: &Buffer, needle: &str) -> Vec<ratatui::buffer::Cell> {
    let screen = text(buffer);
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is on screen"));
    let column = line[..line.find(needle).unwrap_or(0)].width();
    (0..needle.width())
        .map(|offset| {
            buffer[(
                u16::try_from(column + offset).unwrap_or(0),
                u16::try_from(row).unwrap_or(0),
            )]
                .clone()
        })
        .collect()
}

#[test]
fn a_feed_entry_shows_each_block_kind() {
    let mut app = app_of("tests/fixtures/formats/feed.rss", 120, 40);
    app.update(Action::Open);
    let buffer = draw(&app);
    insta::assert_snapshot!(text(&buffer));
    let theme = folio::theme::Theme::default();
    for (needle, style) in [
        ("six weeks", theme.strong),
        ("old depth", theme.emphasis),
        ("temporary pontoon", theme.link),
        ("[1]", theme.link),
        ("Week 2  dredging", theme.code),
    ] {
        for cell in cells_of(&buffer, needle) {
            assert_eq!(cell.fg, style.fg.unwrap_or(Color::Reset), "{needle}");
            assert!(cell.modifier.contains(style.add_modifier), "{needle}");
        }
    }
}

#[test]
fn a_saved_page_and_a_markdown_post_in_the_reader() {
    let mut page = app_of("tests/fixtures/formats/news-page.html", 100, 36);
    page.update(Action::Open);
    insta::assert_snapshot!("saved_page", text(&draw(&page)));
    let mut post = app_of("tests/fixtures/formats/post.md", 100, 40);
    post.update(Action::Open);
    insta::assert_snapshot!("markdown_post", text(&draw(&post)));
}
