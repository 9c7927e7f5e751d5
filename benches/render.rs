//! Frame time: a full redraw of the reader at 200×60 into a test backend,
//! on the sample (also with a million bookmarks, whose stars every row
//! asks about), and on a 100,000-article library with a 1,000,000-line
//! article open and scrolled 290,000 lines in.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use folio::action::Action;
use folio::app::{App, Event};
use folio::filter::engine::Engine;
use folio::filter::index::SearchIndex;
use folio::library::{Input, Library};
use folio::store::{Bookmark, Store};
use folio::ui;

const SIZE: (u16, u16) = (200, 60);

fn bench_frame(c: &mut Criterion, name: &str, app: &App) {
    let mut terminal = match Terminal::new(TestBackend::new(SIZE.0, SIZE.1)) {
        Ok(terminal) => terminal,
        Err(error) => panic!("test backend: {error}"),
    };
    c.bench_function(name, |b| {
        b.iter(|| {
            // Clearing first makes every frame a full redraw, not a diff.
            let _ = terminal.clear();
            let _ = terminal.draw(|frame| ui::render(black_box(app), frame));
        })
    });
}

/// A dump whose first post is one enormous article, then `count` small ones.
fn huge_library(count: usize, article_lines: usize) -> Library {
    let mut text = String::from("An article of a million lines\n\n");
    for i in 0..article_lines {
        text.push_str(&format!(
            "Paragraph {i} of the long article, a line of its own.\n\n"
        ));
    }
    text.push_str("Continue reading →\n\n");
    text.push_str(&corpus::dump(&corpus::articles(count)));
    Library::from_text("bench", &text)
}

fn benches(c: &mut Criterion) {
    let (sample, _) = Library::load(&[Input::Sample]);
    let index = Arc::new(SearchIndex::new(Arc::new(sample)));
    let mut app = App::new(index.clone(), Store::open(None).0, SIZE);
    app.update(Action::Open);
    bench_frame(c, "frame/sample, article open", &app);

    app.update(Action::Back);
    app.update(Action::StartFilter);
    for ch in "china".chars() {
        app.update(Action::FilterChar(ch));
    }
    app.handle(Event::FilterDone(
        Engine::new(index.clone()).search("china"),
    ));
    bench_frame(c, "frame/sample, filter active", &app);

    let (mut store, _) = Store::open(None);
    for i in 0..1_000_000u64 {
        // Memory only: each toggle says so, which is no matter here.
        let _ = store.toggle(Bookmark::new(
            format!("{i:016x}"),
            format!("Bookmark {i}"),
            "elsewhere.txt".into(),
        ));
    }
    let app = App::new(index, store, SIZE);
    bench_frame(c, "frame/sample, a million bookmarks", &app);

    let library = huge_library(100_000, 1_000_000);
    let mut app = App::new(
        Arc::new(SearchIndex::new(Arc::new(library))),
        Store::open(None).0,
        SIZE,
    );
    app.update(Action::Open);
    for _ in 0..5_000 {
        app.update(Action::PageDown);
    }
    bench_frame(c, "frame/100k articles, 1M-line article open", &app);
}

criterion_group!(render, benches);
criterion_main!(render);
