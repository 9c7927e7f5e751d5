//! Arbitrary text as a config file: reading it never panics, every problem
//! points inside the text, and what it says is inert.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let report = folio::config::parse(text);
    let lines = text.split('\n').count();
    for problem in &report.problems {
        assert!(problem.line >= 1 && problem.line <= lines, "{problem}");
        assert!(problem.column >= 1);
        assert!(!problem.message.chars().any(char::is_control), "{problem:?}");
    }
    if report.has_errors() {
        assert_eq!(report.config, folio::config::Config::default());
    }
});
