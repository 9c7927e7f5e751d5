//! Untrusted text stays inert: whatever bytes a dump holds, nothing but the
//! backend's own CSI sequences reaches the terminal, and nothing at all that
//! acts on a terminal reaches printed output.

use std::io::Write;
use std::sync::{Arc, Mutex};

use folio::action::Action;
use folio::app::{App, Event};
use folio::filter::engine::Engine;
use folio::filter::index::SearchIndex;
use folio::library::Library;
use folio::output::{filter_json, filter_text, list_json, list_text, show_text};
use folio::store::Store;
use folio::ui;
use proptest::prelude::*;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

fn library(bytes: &[u8]) -> Library {
    let (clean, _) = folio::text::clean(bytes);
    let mut library = Library::default();
    library.add("hostile.txt".into(), clean);
    library
}

/// Draws the reader over `bytes`, a filter active and an article open, into
/// a crossterm backend writing to memory; returns what it wrote.
fn rendered(bytes: &[u8], (columns, rows): (u16, u16)) -> Vec<u8> {
    let index = Arc::new(SearchIndex::new(Arc::new(library(bytes))));
    let mut app = App::new(index.clone(), Store::open(None).0, (columns, rows));
    app.update(Action::StartFilter);
    app.update(Action::FilterChar('e'));
    app.handle(Event::FilterDone(Engine::new(index).search("e")));
    app.update(Action::AcceptFilter);
    app.update(Action::Open);
    app.update(Action::PageDown);
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, columns, rows)),
    };
    let written = Shared::default();
    let mut terminal = Terminal::with_options(CrosstermBackend::new(written.clone()), options)
        .expect("a terminal in memory");
    terminal
        .draw(|frame| ui::render(&app, frame))
        .expect("drawn");
    drop(terminal);
    written
        .0
        .lock()
        .map(|bytes| bytes.clone())
        .unwrap_or_default()
}

/// A writer whose bytes can be read after the terminal that owns it is gone.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Checks that every escape is a CSI sequence and that no BEL, other C0
/// control (but newline), DEL or C1 control is present.
fn assert_only_csi(output: &[u8], context: &str) {
    let text = String::from_utf8_lossy(output);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                assert_eq!(
                    chars.next(),
                    Some('['),
                    "{context}: an escape that is not CSI in {text:?}"
                );
                // Parameters and intermediates, then one final byte.
                loop {
                    match chars.next() {
                        Some('\u{30}'..='\u{3f}' | '\u{20}'..='\u{2f}') => {}
                        Some('\u{40}'..='\u{7e}') => break,
                        other => panic!("{context}: a broken CSI sequence ({other:?}) in {text:?}"),
                    }
                }
            }
            '\n' => {}
            c if c.is_control() => panic!("{context}: control character {c:?} in {text:?}"),
            c if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') => {
                panic!("{context}: bidi control {c:?}")
            }
            _ => {}
        }
    }
}

/// Printed output may hold newlines and nothing else that is a control.
fn assert_plain(output: &str, context: &str) {
    for c in output.chars() {
        assert!(
            c == '\n'
                || !(c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{context}: control character {c:?} in {output:?}"
        );
    }
}

fn all_outputs(bytes: &[u8]) -> Vec<(&'static str, String)> {
    let index = Arc::new(SearchIndex::new(Arc::new(library(bytes))));
    let library = index.library().clone();
    let results = Engine::new(index.clone()).search("e");
    let mut outputs = vec![
        ("--list", list_text(&library, Some(80))),
        ("--list --json", list_json(&library, &|_| false, &|_| false)),
        ("--filter", filter_text(&library, &results)),
        ("--filter --json", filter_json(&index, &results)),
    ];
    if let Some(article) = library.articles.first() {
        outputs.push(("--show", show_text(&library, article, 60)));
    }
    outputs
}

/// Dumps with headlines, paragraphs and a dense mix of what attacks a
/// terminal: escapes, OSC and DCS strings, C1 controls, BEL, CR, bidi
/// overrides, zero-width characters, and raw invalid bytes.
fn hostile_dump() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"Headline about the harbour\n\n".to_vec()),
        Just(b"A paragraph of ordinary text ends here.\n\n".to_vec()),
        Just(b"\x1b]52;c;ZXZpbA==\x07".to_vec()),
        Just(b"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\".to_vec()),
        Just(b"\x1b[2J\x1b[H\x1b[31m".to_vec()),
        Just(b"\x1bP+q\x1b\\".to_vec()),
        Just("\u{9b}31m\u{9d}0;t\u{9c}\u{85}".as_bytes().to_vec()),
        Just(b"\r\x07\x08\x7f\t".to_vec()),
        Just("\u{202e}evil\u{202c}\u{200b}\u{feff}".as_bytes().to_vec()),
        Just("中文标题 😀 e\u{301}".as_bytes().to_vec()),
        Just(b"\xff\xfe\xc3(".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..40),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_screen_gets_only_the_backends_own_sequences(bytes in hostile_dump()) {
        for size in [(0, 0), (1, 1), (80, 24), (200, 60)] {
            assert_only_csi(&rendered(&bytes, size), &format!("{size:?}"));
        }
    }

    #[test]
    fn printed_output_is_plain_text(bytes in hostile_dump()) {
        for (name, output) in all_outputs(&bytes) {
            assert_plain(&output, name);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in proptest::collection::vec(any::<u8>(), 0..4000)) {
        let library = library(&bytes);
        for article in &library.articles {
            assert_plain(library.title(article), "a title");
        }
    }
}

#[test]
fn the_checks_catch_what_they_look_for() {
    // The helpers themselves must fail on the bytes they guard against.
    for bad in [&b"\x1b]0;t\x07"[..], b"\x07", "\u{9b}".as_bytes(), b"\x1bP"] {
        assert!(
            std::panic::catch_unwind(|| assert_only_csi(bad, "probe")).is_err(),
            "{bad:?}"
        );
    }
    assert_only_csi(b"\x1b[2J\x1b[1;1Hok\x1b[38;5;3m", "probe");
    assert!(std::panic::catch_unwind(|| assert_plain("a\u{1b}b", "probe")).is_err());
}
