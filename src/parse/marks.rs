//! The person's own word on how a dump is marked, for when the weighed
//! evidence still gets it wrong: `--headline REGEX` (a line that matches is
//! an article's headline) and `--separator REGEX` (a line that matches ends
//! an article and is dropped; the paragraph after it is the next headline).
//!
//! Their word is final. Given either, the lines they mark are the only
//! article starts: every other line may still be a heading, body or
//! furniture as the model weighs it, but never a start. A pattern is
//! matched against each line that stands alone as a paragraph (not inside
//! code, a table or a hard-wrapped paragraph), without its indentation.

use regex::Regex;

use super::decode::Label;
use super::units::{Unit, UnitKind};
use crate::text::inert;

/// How the person says the dump marks its articles.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    /// A line that matches is an article's headline.
    pub headline: Option<Regex>,
    /// A line that matches ends an article and is dropped.
    pub separator: Option<Regex>,
}

/// Why a pattern cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{option}: {reason}")]
pub struct PatternError {
    /// The option, as the person wrote it (`--headline`, `parse.separator`).
    pub option: String,
    /// What the regex engine said, on one line.
    pub reason: String,
}

/// A pattern the person gave for `option`, compiled; the error names the
/// option and says what is wrong, on one line.
pub fn pattern(option: &str, source: &str) -> Result<Regex, PatternError> {
    let error = |reason: String| PatternError {
        option: option.to_string(),
        reason,
    };
    if source.is_empty() {
        return Err(error(
            "the pattern is empty, so it would match every line".into(),
        ));
    }
    let regex = Regex::new(source).map_err(|failure| {
        // The engine's message draws the pattern over several lines; its
        // last line says what is wrong.
        let message = failure.to_string();
        let gist = message
            .lines()
            .rev()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("not a valid regular expression")
            .trim()
            .trim_start_matches("error: ")
            .to_string();
        error(format!("not a valid regular expression ({})", inert(&gist)))
    })?;
    if regex.is_match("") {
        return Err(error(
            "the pattern matches an empty line, so it would match every line".into(),
        ));
    }
    Ok(regex)
}

impl Marks {
    /// Whether the person said nothing, and the model decides alone.
    pub fn is_empty(&self) -> bool {
        self.headline.is_none() && self.separator.is_none()
    }

    /// Turns the lines the separator matches into rules, which separate
    /// and are dropped: before the features are read, so that the model
    /// sees them as what they are.
    pub fn mark_separators(&self, text: &str, units: &mut [Unit]) {
        let Some(separator) = &self.separator else {
            return;
        };
        for unit in units.iter_mut().filter(|unit| stands_alone(unit)) {
            if separator.is_match(&text[unit.span.clone()]) {
                unit.kind = UnitKind::Rule;
                unit.mark = super::units::Mark::None;
            }
        }
    }

    /// Narrows the labels each unit may have (`allowed`) to what the
    /// person said: a line the headline pattern matches, the first
    /// paragraph and each one after a separator start articles, and no
    /// other line does.
    pub fn constrain(&self, text: &str, units: &[Unit], allowed: &mut [u8]) {
        if self.is_empty() {
            return;
        }
        let start = Label::Start.bit();
        let mut after_separator = self.separator.is_some();
        for (index, unit) in units.iter().enumerate() {
            let matches = |regex: &Option<Regex>| {
                regex.as_ref().is_some_and(|regex| {
                    stands_alone(unit) && regex.is_match(&text[unit.span.clone()])
                })
            };
            let is_separator = matches(&self.separator);
            let headline = !is_separator && matches(&self.headline);
            let opens = headline || (after_separator && unit.kind == UnitKind::Text);
            allowed[index] = if is_separator {
                Label::Furniture.bit()
            } else if opens {
                start
            } else {
                allowed[index] & !start
            };
            if is_separator {
                after_separator = true;
            } else if unit.kind == UnitKind::Text {
                after_separator = false;
            }
        }
    }
}

/// Whether a unit is one line on its own, whose text a pattern is matched
/// against.
fn stands_alone(unit: &Unit) -> bool {
    unit.lines == 1 && !matches!(unit.kind, UnitKind::Code | UnitKind::Table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::units::Mark;

    fn unit(text: &str, span: std::ops::Range<usize>, kind: UnitKind) -> Unit {
        Unit {
            words: text[span.clone()].split(' ').count() as u32,
            span,
            line: 1,
            lines: 1,
            blank_before: 1,
            kind,
            mark: Mark::None,
        }
    }

    /// One unit per line of `text`, all text.
    fn units_of(text: &str) -> Vec<Unit> {
        let mut units = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            units.push(unit(text, start..start + line.len(), UnitKind::Text));
            start += line.len() + 1;
        }
        units
    }

    const ANY: u8 = crate::parse::decode::ANY;

    #[test]
    fn a_bad_pattern_is_an_error_naming_the_option() {
        let error = pattern("--headline", "(unclosed")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("--headline: not a valid regular expression (unclosed group)")
        );
        let empty = pattern("parse.separator", "").err().map(|e| e.to_string());
        assert!(empty.is_some_and(|e| e.starts_with("parse.separator: the pattern is empty")));
        let everything = pattern("--separator", "x*").err().map(|e| e.to_string());
        assert!(everything.is_some_and(|e| e.contains("matches an empty line")));
        assert!(pattern("--headline", "^# ").is_ok());
    }

    #[test]
    fn headline_lines_are_the_only_starts() {
        let text = "# One\nBody of one.\n# Two\nBody of two.";
        let units = units_of(text);
        let marks = Marks {
            headline: pattern("--headline", "^# ").ok(),
            separator: None,
        };
        let mut allowed = vec![ANY; units.len()];
        marks.constrain(text, &units, &mut allowed);
        let start = Label::Start.bit();
        assert_eq!(allowed[0], start);
        assert_eq!(allowed[2], start);
        assert_eq!(allowed[1], ANY & !start, "body may be anything but a start");
        assert_eq!(allowed[3], ANY & !start);
    }

    #[test]
    fn a_separator_is_dropped_and_the_paragraph_after_it_starts_an_article() {
        let text = "Opening title\nIts text.\n%%\nSecond title\nIts text.\n%%";
        let mut units = units_of(text);
        let marks = Marks {
            headline: None,
            separator: pattern("--separator", "^%%$").ok(),
        };
        marks.mark_separators(text, &mut units);
        assert_eq!(units[2].kind, UnitKind::Rule);
        assert_eq!(units[5].kind, UnitKind::Rule);
        assert_eq!(units[0].kind, UnitKind::Text);
        let mut allowed = vec![ANY; units.len()];
        marks.constrain(text, &units, &mut allowed);
        let (start, furniture) = (Label::Start.bit(), Label::Furniture.bit());
        assert_eq!(
            allowed,
            [
                start,
                ANY & !start,
                furniture,
                start,
                ANY & !start,
                furniture
            ]
        );
    }

    #[test]
    fn a_rule_the_separator_does_not_match_is_no_separator() {
        let text = "Title\n-----\nText under a rule.\n%%\nNext";
        let mut units = units_of(text);
        units[1].kind = UnitKind::Rule;
        let marks = Marks {
            headline: None,
            separator: pattern("--separator", "^%%$").ok(),
        };
        marks.mark_separators(text, &mut units);
        let mut allowed = vec![ANY; units.len()];
        marks.constrain(text, &units, &mut allowed);
        let start = Label::Start.bit();
        assert_eq!(
            allowed[0], start,
            "the first paragraph opens the first article"
        );
        assert_eq!(allowed[1], ANY & !start, "an ordinary rule changes nothing");
        assert_eq!(allowed[2], ANY & !start);
        assert_eq!(allowed[4], start);
    }

    #[test]
    fn nothing_said_changes_nothing() {
        let text = "A\nB";
        let mut units = units_of(text);
        let before = units.clone();
        let marks = Marks::default();
        assert!(marks.is_empty());
        marks.mark_separators(text, &mut units);
        let mut allowed = vec![ANY, Label::Body.bit()];
        marks.constrain(text, &units, &mut allowed);
        assert_eq!(units, before);
        assert_eq!(allowed, [ANY, Label::Body.bit()]);
    }
}
