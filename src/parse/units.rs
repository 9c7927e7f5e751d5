//! Paragraphs: the text's lines grouped into the units the parser labels.
//!
//! Most dumps hold one paragraph per line, blank lines between. Others
//! break paragraphs into lines ([`super::wrap`]), indent or fence code,
//! draw tables and rules, or underline headings. Each unit here is one
//! paragraph, code block, table, rule or underline, with the line number of
//! its first line in the file as given, so listings can point into it.

use std::ops::Range;

use super::credit::{Credit, Stems, credit};
use super::link::continue_link;
use super::markup::{
    CODE_INDENT, closes_fence, fence, is_bullet, is_numbered, is_rule, is_table_row, is_underline,
};
use super::spacing::Spacing;
use super::words::count_words;
use super::wrap::{chars, runs_on};

/// Longest line, in bytes, read as a credit: longer ones are paragraphs that
/// merely mention a publication.
const MAX_CREDIT_BYTES: usize = 600;

/// What a unit is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    /// A paragraph or a line of text: the only kind that can be a headline.
    Text,
    /// A line drawn with one character ("-----", "━━━", "* * *").
    Rule,
    /// "===" or "---" right under a one-line paragraph, which it makes a
    /// heading.
    Underline,
    /// Indented or fenced code, or verse set apart by indentation: its lines
    /// are kept as they are.
    Code,
    /// Rows of a drawn table, kept as they are.
    Table,
}

/// What a one-line paragraph says of the text around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Nothing in particular.
    None,
    /// A "continue reading" link, with the span of the headline it names
    /// (boxed, as few units are links and every unit has room for a mark).
    Link(Option<Box<Range<usize>>>),
    /// A credit line ("originally published by …").
    Credit(Box<Credit>),
}

/// One unit of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Byte span in the text: trimmed for text, from the first line's
    /// indentation for code and tables.
    pub span: Range<usize>,
    /// 1-based line of its first line.
    pub line: usize,
    /// Lines it spans, blank lines inside code included (counts are kept
    /// in 32 bits, saturating: a dump's units are many, and small).
    pub lines: u32,
    /// Blank lines right before it.
    pub blank_before: u32,
    /// Words in it.
    pub words: u32,
    /// What it is made of.
    pub kind: UnitKind,
    /// What it says, if it is a link or a credit.
    pub mark: Mark,
}

/// A count as a unit keeps it, saturating at `u32::MAX`.
fn small(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Splits `text` into units, given its layout measures and wrap column.
pub fn units(text: &str, spacing: &Spacing, wrap: Option<usize>) -> Vec<Unit> {
    let mut builder = Builder {
        text,
        wrap,
        units: Vec::with_capacity(spacing.lines.min(text.len() / 2 + 1)),
        open: None,
        stems: Stems::find(text),
    };
    let bytes = text.as_bytes();
    let mut blanks = 0;
    let mut start = 0;
    let mut number = 0;
    let mut newlines = memchr::memchr_iter(b'\n', bytes);
    while start < text.len() {
        let end = newlines.next().unwrap_or(text.len());
        number += 1;
        let raw = &text[start..end];
        let line_start = start;
        start = end + 1;
        let trimmed = raw.trim_start_matches(' ');
        let indent = raw.len() - trimmed.len();
        let trimmed = trimmed.trim_end();
        if trimmed.is_empty() {
            blanks += 1;
            builder.blank();
            continue;
        }
        let span = line_start + indent..line_start + indent + trimmed.len();
        builder.line(Line {
            number,
            start: line_start,
            span,
            indent,
            blank_before: blanks,
        });
        blanks = 0;
    }
    builder.close();
    builder.units
}

/// One non-blank line.
struct Line {
    number: usize,
    /// Start of the line, indentation included.
    start: usize,
    /// The line without indentation or trailing spaces.
    span: Range<usize>,
    /// Spaces before the text.
    indent: usize,
    blank_before: usize,
}

/// What the unit being built is.
enum Open {
    Text {
        last_line_chars: usize,
    },
    /// Indented code, with the blank lines seen since its last line, which
    /// belong to it only if another indented line follows.
    IndentedCode {
        blanks: usize,
    },
    FencedCode {
        fence: (u8, usize),
    },
    Table,
}

struct Building {
    open: Open,
    first: usize,
    span: Range<usize>,
    lines: usize,
    blank_before: usize,
}

struct Builder<'t> {
    text: &'t str,
    wrap: Option<usize>,
    units: Vec<Unit>,
    open: Option<Building>,
    stems: Stems,
}

impl Builder<'_> {
    fn blank(&mut self) {
        match &mut self.open {
            Some(Building {
                open: Open::IndentedCode { blanks },
                ..
            }) => *blanks += 1,
            Some(Building {
                open: Open::FencedCode { .. },
                lines,
                ..
            }) => *lines += 1,
            Some(_) => self.close(),
            None => {}
        }
    }

    fn line(&mut self, line: Line) {
        let trimmed = &self.text[line.span.clone()];
        if let Some(building) = &mut self.open {
            match building.open {
                Open::FencedCode { fence } => {
                    building.lines += 1;
                    building.span.end = line.span.end;
                    if closes_fence(trimmed, fence) {
                        self.close();
                    }
                    return;
                }
                Open::IndentedCode { blanks } if line.indent >= CODE_INDENT => {
                    building.lines += blanks + 1;
                    building.span.end = line.span.end;
                    building.open = Open::IndentedCode { blanks: 0 };
                    return;
                }
                Open::Table if line.blank_before == 0 && is_table_row(trimmed) => {
                    building.lines += 1;
                    building.span.end = line.span.end;
                    return;
                }
                Open::Text { last_line_chars }
                    if line.blank_before == 0
                        && self.wrap.is_some_and(|column| {
                            runs_on(last_line_chars, first_word_chars(trimmed), column)
                        })
                        && line.indent < CODE_INDENT
                        && !starts_an_item(trimmed) =>
                {
                    building.lines += 1;
                    building.span.end = line.span.end;
                    building.open = Open::Text {
                        last_line_chars: chars(trimmed),
                    };
                    return;
                }
                Open::Text { .. }
                    if line.blank_before == 0 && building.lines == 1 && is_underline(trimmed) =>
                {
                    self.close();
                    self.push_single(&line, UnitKind::Underline);
                    return;
                }
                _ => self.close(),
            }
        }
        let starts_block = line.blank_before > 0 || self.units.is_empty();
        if let Some(fence) = fence(trimmed) {
            self.start(&line, Open::FencedCode { fence });
        } else if line.indent >= CODE_INDENT && starts_block {
            self.start(&line, Open::IndentedCode { blanks: 0 });
        } else if is_table_row(trimmed) {
            self.start(&line, Open::Table);
        } else if is_rule(trimmed) {
            self.push_single(&line, UnitKind::Rule);
        } else {
            let last_line_chars = if self.wrap.is_some() {
                chars(trimmed)
            } else {
                0
            };
            self.start(&line, Open::Text { last_line_chars });
        }
    }

    fn start(&mut self, line: &Line, open: Open) {
        let span = match open {
            Open::Text { .. } => line.span.clone(),
            _ => line.start..line.span.end,
        };
        self.open = Some(Building {
            open,
            first: line.number,
            span,
            lines: 1,
            blank_before: line.blank_before,
        });
    }

    fn push_single(&mut self, line: &Line, kind: UnitKind) {
        self.units.push(Unit {
            span: line.span.clone(),
            line: line.number,
            lines: 1,
            blank_before: small(line.blank_before),
            words: small(count_words(&self.text[line.span.clone()])),
            kind,
            mark: Mark::None,
        });
    }

    fn close(&mut self) {
        let Some(building) = self.open.take() else {
            return;
        };
        let text = &self.text[building.span.clone()];
        let kind = match building.open {
            Open::Text { .. } => UnitKind::Text,
            Open::Table => UnitKind::Table,
            Open::IndentedCode { .. } | Open::FencedCode { .. } => UnitKind::Code,
        };
        let mark = if kind == UnitKind::Text && building.lines == 1 {
            self.mark(&building.span)
        } else {
            Mark::None
        };
        self.units.push(Unit {
            words: small(count_words(text)),
            span: building.span,
            line: building.first,
            lines: small(building.lines),
            blank_before: small(building.blank_before),
            kind,
            mark,
        });
    }

    /// Whether a one-line paragraph is a link or a credit.
    fn mark(&mut self, span: &Range<usize>) -> Mark {
        let line = &self.text[span.clone()];
        if let Some(link) = continue_link(line) {
            let target = link.target.map(|target| {
                let start = target.as_ptr() as usize - self.text.as_ptr() as usize;
                Box::new(start..start + target.len())
            });
            return Mark::Link(target);
        }
        if line.len() <= MAX_CREDIT_BYTES
            && self.stems.within(span)
            && let Some(credit) = credit(line)
        {
            return Mark::Credit(Box::new(credit));
        }
        Mark::None
    }
}

/// Characters in the first word of a line.
fn first_word_chars(line: &str) -> usize {
    chars(line.split(' ').next().unwrap_or(""))
}

/// A line that opens a list item, which never continues the line before.
fn starts_an_item(line: &str) -> bool {
    is_bullet(line) || is_numbered(line)
}

#[cfg(test)]
mod tests {
    use super::super::spacing::spacing;
    use super::super::wrap::wrap_column;
    use super::*;

    /// (first line, lines, kind, text) of each unit.
    fn outline(text: &str) -> Vec<(usize, usize, UnitKind, &str)> {
        let spacing = spacing(text, 1);
        let wrap = wrap_column(&spacing.run_on);
        units(text, &spacing, wrap)
            .into_iter()
            .map(|unit| (unit.line, unit.lines as usize, unit.kind, &text[unit.span]))
            .collect()
    }

    #[test]
    fn one_paragraph_a_line_keeps_every_line() {
        let text = "Headline here\n\nA body line.\nAnother line right under it.\n\n\nLast.";
        assert_eq!(
            outline(text),
            [
                (1, 1, UnitKind::Text, "Headline here"),
                (3, 1, UnitKind::Text, "A body line."),
                (4, 1, UnitKind::Text, "Another line right under it."),
                (7, 1, UnitKind::Text, "Last."),
            ]
        );
    }

    /// A paragraph of `lines` lines wrapped near 60 columns.
    fn wrapped_paragraph(lines: usize) -> String {
        let line = "The quick brown fox jumps over the lazy dog and runs far away";
        vec![line; lines].join("\n")
    }

    #[test]
    fn hard_wrapped_lines_are_one_paragraph() {
        let text = format!(
            "ESSAY TITLE\n\n{}\n\n{}\nShort last line.\n\nA line of verse\nAnd another one",
            wrapped_paragraph(6),
            wrapped_paragraph(4)
        );
        let units = outline(&text);
        let shape: Vec<(usize, usize)> = units.iter().map(|u| (u.0, u.1)).collect();
        // Verse lines end early on purpose: they stay lines.
        assert_eq!(shape, [(1, 1), (3, 6), (10, 5), (16, 1), (17, 1)]);
        assert!(units[1].3.contains('\n'));
        assert!(units[2].3.ends_with("Short last line."));
    }

    #[test]
    fn list_items_never_continue_a_wrapped_line() {
        let text = format!(
            "{}\n\n{}\n- an item\n- another",
            wrapped_paragraph(8),
            wrapped_paragraph(2)
        );
        let lines: Vec<usize> = outline(&text).iter().map(|u| u.1).collect();
        assert_eq!(lines, [8, 2, 1, 1]);
    }

    #[test]
    fn indented_code_keeps_its_blank_lines_and_ends_at_its_last_line() {
        let text = "Intro:\n\n    fn main() {\n\n        run();\n    }\n\n\nAfter the code.";
        assert_eq!(
            outline(text),
            [
                (1, 1, UnitKind::Text, "Intro:"),
                (
                    3,
                    4,
                    UnitKind::Code,
                    "    fn main() {\n\n        run();\n    }"
                ),
                (9, 1, UnitKind::Text, "After the code."),
            ]
        );
        let spacing = spacing(text, 1);
        let after = &units(text, &spacing, None)[2];
        assert_eq!(after.blank_before, 2);
    }

    #[test]
    fn fenced_code_runs_to_its_closing_fence() {
        let text = "Text\n\n```rust\nlet a = 1;\n\n# not a heading\n```\nAfter.";
        assert_eq!(
            outline(text),
            [
                (1, 1, UnitKind::Text, "Text"),
                (
                    3,
                    5,
                    UnitKind::Code,
                    "```rust\nlet a = 1;\n\n# not a heading\n```"
                ),
                (8, 1, UnitKind::Text, "After."),
            ]
        );
    }

    #[test]
    fn an_indented_line_under_text_is_no_code() {
        let text = "A line of text\n    indented continuation";
        let kinds: Vec<UnitKind> = outline(text).iter().map(|u| u.2).collect();
        assert_eq!(kinds, [UnitKind::Text, UnitKind::Text]);
    }

    #[test]
    fn rules_underlines_and_tables_are_their_own_units() {
        let text = "Title\n=====\n\nText.\n\n---\n\n| a | b |\n| 1 | 2 |\n\n━━━━━━━━\nNext";
        assert_eq!(
            outline(text),
            [
                (1, 1, UnitKind::Text, "Title"),
                (2, 1, UnitKind::Underline, "====="),
                (4, 1, UnitKind::Text, "Text."),
                (6, 1, UnitKind::Rule, "---"),
                (8, 2, UnitKind::Table, "| a | b |\n| 1 | 2 |"),
                (11, 1, UnitKind::Rule, "━━━━━━━━"),
                (12, 1, UnitKind::Text, "Next"),
            ]
        );
    }

    #[test]
    fn links_and_credits_are_marked() {
        let text = "Headline\n\nBody.\n\nContinue reading Headline\n\nThis was first published by the Review.";
        let spacing = spacing(text, 1);
        let units = units(text, &spacing, None);
        let Mark::Link(Some(target)) = &units[2].mark else {
            panic!("a link: {:?}", units[2].mark);
        };
        assert_eq!(&text[(**target).clone()], "Headline");
        let Mark::Credit(credit) = &units[3].mark else {
            panic!("a credit: {:?}", units[3].mark);
        };
        assert_eq!(credit.outlets, ["Review"]);
        assert_eq!(units[0].mark, Mark::None);
    }

    #[test]
    fn units_count_words_and_lines_as_the_file_numbers_them() {
        let text = "\n\n  Indented headline here  \n\nbody text follows.";
        let spacing = spacing(text, 1);
        let units = units(text, &spacing, None);
        assert_eq!(units[0].line, 3);
        assert_eq!(units[0].blank_before, 2);
        assert_eq!(&text[units[0].span.clone()], "Indented headline here");
        assert_eq!(units[1].words, 3);
    }
}
