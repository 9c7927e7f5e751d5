//! A Markdown file as one article: its title from front matter (`title:`
//! in YAML, `title =` in TOML), else its first `#` heading, else the file
//! name; headings, lists, quotes, code, emphasis, links and images' alt
//! text kept as the reading pane shows them. Raw HTML in the file is
//! dropped, not rendered.

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use crate::article::{BlockKind, Details, Inline};
use crate::formats::build::{Builder, Document, Lists, parse_date};
use crate::formats::html::resolve;

/// Reads one Markdown file; `stem` is its file name without extension.
pub fn read(markdown: &str, stem: &str) -> Document {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let front = front_matter(&events);
    let heading_title = front
        .title
        .is_none()
        .then(|| first_heading(&events))
        .flatten();
    let title = front
        .title
        .clone()
        .or_else(|| heading_title.as_ref().map(|(_, text)| text.clone()))
        .unwrap_or_else(|| stem.to_string());
    let mut builder = Builder::new();
    builder.article(
        &title,
        Details {
            author: front.author,
            published: front.date.as_deref().and_then(parse_date),
            ..Details::default()
        },
    );
    let skipped = heading_title.map(|(index, _)| index);
    let mut state = State::default();
    let mut index = 0;
    while index < events.len() {
        if Some(index) == skipped {
            // The heading that became the title is not repeated below it.
            while index < events.len() && !matches!(events[index], Event::End(TagEnd::Heading(_))) {
                index += 1;
            }
            index += 1;
            continue;
        }
        state.event(&events[index], &mut builder);
        index += 1;
    }
    builder.finish()
}

/// What front matter says.
#[derive(Default)]
struct FrontMatter {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
}

/// Reads `key: value` (YAML) or `key = "value"` (TOML) lines of the
/// metadata block, if the file opens with one.
fn front_matter(events: &[Event]) -> FrontMatter {
    let mut front = FrontMatter::default();
    let mut inside = false;
    for event in events {
        match event {
            Event::Start(Tag::MetadataBlock(
                MetadataBlockKind::YamlStyle | MetadataBlockKind::PlusesStyle,
            )) => inside = true,
            Event::End(TagEnd::MetadataBlock(_)) => break,
            Event::Text(text) if inside => {
                for line in text.lines() {
                    let Some((key, value)) = line.split_once([':', '=']) else {
                        continue;
                    };
                    let value = value.trim().trim_matches(['"', '\'']).trim();
                    if value.is_empty() {
                        continue;
                    }
                    let slot = match key.trim().to_ascii_lowercase().as_str() {
                        "title" => &mut front.title,
                        "author" => &mut front.author,
                        "date" | "published" => &mut front.date,
                        _ => continue,
                    };
                    slot.get_or_insert_with(|| value.to_string());
                }
            }
            _ if !inside => break,
            _ => {}
        }
    }
    front
}

/// The first level-one heading: where it starts among the events, and its
/// text.
fn first_heading(events: &[Event]) -> Option<(usize, String)> {
    let start = events.iter().position(|event| {
        matches!(
            event,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    })?;
    let mut text = String::new();
    for event in &events[start..] {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(piece) | Event::Code(piece) => text.push_str(piece),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    Some((start, text))
}

/// Where the walk is in the document.
#[derive(Default)]
struct State {
    lists: Lists,
    quotes: usize,
    /// Inside a code block, with its text so far.
    code: Option<String>,
    /// Inside an image, with its alt text so far.
    image: Option<String>,
    /// Link destinations of the links open.
    links: Vec<Option<String>>,
    /// Inside the front matter, whose text is not body text.
    metadata: bool,
    /// The table cell is not the first of its row.
    later_cell: bool,
}

impl State {
    fn running(&self) -> BlockKind {
        if self.quotes > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        }
    }

    fn event(&mut self, event: &Event, builder: &mut Builder) {
        if self.metadata {
            self.metadata = !matches!(event, Event::End(TagEnd::MetadataBlock(_)));
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, builder),
            Event::End(tag) => self.end(*tag, builder),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.push_str(text);
                } else if let Some(alt) = &mut self.image {
                    alt.push_str(text);
                } else {
                    builder.text(text);
                }
            }
            Event::Code(code) => {
                builder.begin(Inline::Code);
                builder.text(code);
                builder.end(Inline::Code);
            }
            Event::SoftBreak => builder.text(" "),
            Event::HardBreak | Event::Rule => builder.block(self.running()),
            Event::TaskListMarker(done) => builder.text(if *done { "[x] " } else { "[ ] " }),
            // Raw HTML and footnotes are not rendered.
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag, builder: &mut Builder) {
        match tag {
            // A paragraph inside a list item continues the item.
            Tag::Paragraph if self.lists.is_empty() => builder.block(self.running()),
            Tag::Heading { .. } => builder.block(BlockKind::Heading),
            Tag::BlockQuote(_) => {
                self.quotes += 1;
                builder.block(BlockKind::Quote);
            }
            Tag::CodeBlock(_) => self.code = Some(String::new()),
            Tag::List(start) => self.lists.open(*start),
            Tag::Item => self.lists.item(builder),
            Tag::Emphasis | Tag::Strikethrough => builder.begin(Inline::Emphasis),
            Tag::Strong => builder.begin(Inline::Strong),
            Tag::Link { dest_url, .. } => {
                self.links.push(resolve(dest_url, None));
                builder.begin(Inline::Link);
            }
            Tag::Image { .. } => self.image = Some(String::new()),
            Tag::TableHead | Tag::TableRow => {
                builder.block(self.running());
                self.later_cell = false;
            }
            Tag::TableCell => {
                if self.later_cell {
                    builder.text(" │ ");
                }
                self.later_cell = true;
            }
            Tag::MetadataBlock(_) => self.metadata = true,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, builder: &mut Builder) {
        match tag {
            TagEnd::Paragraph if self.lists.is_empty() => builder.block(self.running()),
            TagEnd::Heading(_) => builder.block(self.running()),
            TagEnd::BlockQuote(_) => {
                self.quotes = self.quotes.saturating_sub(1);
                builder.block(self.running());
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    builder.code(&code);
                }
            }
            TagEnd::List(_) => {
                self.lists.close();
                builder.block(self.running());
            }
            TagEnd::Emphasis | TagEnd::Strikethrough => builder.end(Inline::Emphasis),
            TagEnd::Strong => builder.end(Inline::Strong),
            TagEnd::Link => {
                let url = self.links.pop().flatten();
                builder.end_link(url.as_deref());
            }
            TagEnd::Image => {
                if let Some(alt) = self.image.take() {
                    builder.image(&alt);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => builder.block(self.running()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(document: &Document) -> &str {
        &document.text[document.parsed.articles[0].title_span.clone()]
    }

    #[test]
    fn front_matter_gives_the_title_author_and_date() {
        let document = read(
            "---\ntitle: \"Tending bees\"\nauthor: Ann Lee\ndate: 2024-05-01\n---\n\n# Bees\n\nText.\n",
            "bees",
        );
        assert_eq!(title(&document), "Tending bees");
        let details = document.parsed.articles[0]
            .details
            .as_ref()
            .expect("details");
        assert_eq!(details.author.as_deref(), Some("Ann Lee"));
        assert_eq!(
            details.published.map(|date| date.to_rfc3339()).as_deref(),
            Some("2024-05-01T00:00:00+00:00")
        );
        assert_eq!(
            document.blocks(),
            [
                (BlockKind::Heading, "Bees"),
                (BlockKind::Paragraph, "Text.")
            ]
        );
    }

    #[test]
    fn the_first_heading_is_the_title_else_the_file_name() {
        let document = read("# On rivers\n\nThey run.\n\n## Mouths\n", "rivers");
        assert_eq!(title(&document), "On rivers");
        assert_eq!(
            document.blocks(),
            [
                (BlockKind::Paragraph, "They run."),
                (BlockKind::Heading, "Mouths")
            ]
        );
        assert_eq!(title(&read("Just text.", "notes")), "notes");
    }

    #[test]
    fn structure_and_styles_survive() {
        let document = read(
            "# T\n\n- one *em*\n  - two\n1. first\n\n> quoted **strong**\n\n```rust\nfn x() {}\n```\n\n\
             See [docs](https://example.org/d) and ![a map](map.png) and <b>raw</b> and `code`.\n",
            "t",
        );
        assert_eq!(
            document.blocks(),
            [
                (
                    BlockKind::ListItem {
                        depth: 0,
                        first: true
                    },
                    "• one em"
                ),
                (
                    BlockKind::ListItem {
                        depth: 1,
                        first: true
                    },
                    "• two"
                ),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        first: true
                    },
                    "1. first"
                ),
                (BlockKind::Quote, "quoted strong"),
                (BlockKind::Preformatted, "fn x() {}"),
                (
                    BlockKind::Paragraph,
                    "See docs[1] and [image: a map] and raw and code."
                ),
            ]
        );
        let styles: Vec<(&str, Inline)> = document
            .styles
            .iter()
            .map(|styled| (&document.text[styled.span.clone()], styled.style))
            .collect();
        assert!(styles.contains(&("em", Inline::Emphasis)));
        assert!(styles.contains(&("strong", Inline::Strong)));
        assert!(styles.contains(&("docs", Inline::Link)));
        assert!(styles.contains(&("code", Inline::Code)));
        assert!(styles.contains(&("[image: a map]", Inline::Image)));
    }
}
