//! Arbitrary bytes through the whole parsing path, as a file on the command
//! line would go: hygiene, segmentation, then every printed listing. Beyond
//! "no panic", it checks what the product promises of untrusted text.
#![no_main]

use folio::library::Library;
use folio::output::{list_json, list_text, show_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let (clean, _) = folio::text::clean(bytes);
    assert!(is_inert(&clean), "hygiene let a control character through");
    let mut library = Library::default();
    library.add("fuzz.txt".into(), clean);
    for article in &library.articles {
        assert!(
            !library.title(article).trim().is_empty(),
            "an article without a headline"
        );
        for block in library.blocks(article) {
            // Spans must lie on character boundaries of the source text.
            assert!(library.sources[article.source].text.get(block.span.clone()).is_some());
        }
        assert!(is_inert(&show_text(&library, article, 40)));
    }
    assert!(is_inert(&list_text(&library, Some(60))));
    assert!(is_inert(&list_json(&library, &|_| false, &|_| false)));
});

/// Nothing that acts on a terminal: no C0 control but newline, no DEL, no C1.
fn is_inert(text: &str) -> bool {
    !text
        .chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c))
}
