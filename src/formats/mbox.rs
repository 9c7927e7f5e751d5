//! A mailbox (newsletters): each message an article, titled by its
//! subject, with its sender and date; its text part as paragraphs (lines
//! quoted with `>` as quotes), or, for a message with only HTML, that part
//! through the HTML walk.

use std::io::Cursor;

use chrono::DateTime;
use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::{Message, MessageParser, PartType};

use crate::article::{BlockKind, Details};
use crate::formats::FormatError;
use crate::formats::build::{Builder, Document};
use crate::formats::html::walk_html;

/// Reads a mailbox.
pub fn read(bytes: &[u8]) -> Result<Document, FormatError> {
    let parser = MessageParser::default();
    let mut builder = Builder::new();
    let mut count = 0;
    for (index, raw) in MessageIterator::new(Cursor::new(bytes)).enumerate() {
        let raw = raw.map_err(|_| {
            FormatError::new(format!(
                "message {} of the mailbox cannot be read",
                index + 1
            ))
        })?;
        let Some(message) = parser.parse(raw.contents()) else {
            return Err(FormatError::new(format!(
                "not a readable mailbox: message {} is not a mail message",
                index + 1
            )));
        };
        add_message(&message, &mut builder);
        count += 1;
    }
    if count == 0 {
        return Err(FormatError::new(
            "not a readable mailbox: it holds no messages",
        ));
    }
    Ok(builder.finish())
}

fn add_message(message: &Message, builder: &mut Builder) {
    let author = message
        .from()
        .and_then(|from| from.first())
        .and_then(|address| address.name().or(address.address()).map(str::to_string));
    let published = message
        .date()
        .and_then(|date| DateTime::from_timestamp(date.to_timestamp(), 0));
    builder.article(
        message.subject().unwrap_or("(no subject)"),
        Details {
            author,
            published,
            ..Details::default()
        },
    );
    let text_part = message
        .text_body
        .iter()
        .filter_map(|&id| message.part(id))
        .find_map(|part| match &part.body {
            PartType::Text(text) => Some(text.as_ref()),
            _ => None,
        });
    match text_part {
        Some(text) => plain_text(text, builder),
        None => {
            if let Some(html) = message.body_html(0) {
                walk_html(&html, builder, None);
            }
        }
    }
}

/// A text part's paragraphs: blank lines between them; a paragraph whose
/// every line is quoted (`>`) is a quote.
fn plain_text(text: &str, builder: &mut Builder) {
    let text = text.replace("\r\n", "\n");
    for paragraph in text.split("\n\n") {
        let lines: Vec<&str> = paragraph
            .lines()
            .filter(|line| !line.trim().is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let quoted = lines.iter().all(|line| line.trim_start().starts_with('>'));
        builder.block(if quoted {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        });
        for line in lines {
            let line = if quoted {
                line.trim_start().trim_start_matches('>')
            } else {
                line
            };
            builder.text(line);
            builder.text(" ");
        }
        builder.block(BlockKind::Paragraph);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MBOX: &str = "From a@example.org Mon Jan  1 00:00:00 2024\n\
Subject: Weekly letter\nFrom: Ann <a@example.org>\nDate: Mon, 1 Jan 2024 09:00:00 +0000\n\n\
Hello readers,\nthis week.\n\n> quoted line\n\nBye.\n\n\
From b@example.org Tue Jan  2 00:00:00 2024\n\
Subject: Rich one\nFrom: b@example.org\nContent-Type: text/html\n\n<p>Only <b>HTML</b>.</p>\n";

    #[test]
    fn each_message_is_an_article() {
        let document = read(MBOX.as_bytes()).expect("a mailbox");
        assert_eq!(document.titles(), ["Weekly letter", "Rich one"]);
        let first = &document.parsed.articles[0];
        let details = first.details.as_ref().expect("details");
        assert_eq!(details.author.as_deref(), Some("Ann"));
        assert_eq!(
            details.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-01-01T09:00:00+00:00")
        );
        let blocks = document.blocks();
        assert_eq!(
            blocks,
            [
                (BlockKind::Paragraph, "Hello readers, this week."),
                (BlockKind::Quote, "quoted line"),
                (BlockKind::Paragraph, "Bye."),
                (BlockKind::Paragraph, "Only HTML."),
            ]
        );
    }
}
