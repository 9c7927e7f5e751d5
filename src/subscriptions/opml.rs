//! OPML, the list format every feed reader imports and exports: reading
//! one into subscriptions (each outline with an `xmlUrl`; the folders it is
//! in and its `category` become tags) and writing subscriptions as one.

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::escape::{escape, resolve_html5_entity};
use quick_xml::events::{BytesStart, Event};

use super::Subscription;
use crate::text::inert;
use crate::web::is_address;

/// The subscriptions in an OPML document, in document order; an error
/// sentence when it is not OPML or its XML breaks.
pub fn read(text: &str) -> Result<Vec<Subscription>, String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().allow_dangling_amp = true;
    let mut found = Vec::new();
    // The folders (outlines without an address) the reader is inside; an
    // outline with an address and children is a folder of nothing.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().map_err(|error| {
            format!(
                "the XML breaks at byte {}: {}",
                reader.error_position(),
                inert(&error.to_string())
            )
        })?;
        match event {
            Event::Start(element) | Event::Empty(element) if root.is_none() => {
                let name = element.local_name().as_ref().to_string();
                if name != "opml" {
                    return Err(format!(
                        "not an OPML file: it begins with <{}>, not <opml>",
                        inert(&name)
                    ));
                }
                root = Some(name);
            }
            Event::Start(element) if element.local_name().as_ref() == "outline" => {
                match outline(&element, &folders) {
                    Some(subscription) => {
                        found.push(subscription);
                        folders.push(None);
                    }
                    None => folders.push(folder_tag(&element)),
                }
            }
            Event::Empty(element) if element.local_name().as_ref() == "outline" => {
                found.extend(outline(&element, &folders));
            }
            Event::End(element) if element.local_name().as_ref() == "outline" => {
                folders.pop();
            }
            Event::Eof if root.is_none() => {
                return Err("not an OPML file: it holds no <opml> element".into());
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

/// An attribute's value, unescaped.
fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    let value = element.try_get_attribute(name).ok().flatten()?;
    let text = value
        .normalized_value_with(XmlVersion::Implicit1_0, 1, |entity| {
            quick_xml::escape::resolve_predefined_entity(entity)
                .or_else(|| resolve_html5_entity(entity))
        })
        .map(|value| value.into_owned())
        .unwrap_or_else(|_| value.value.clone().into_owned());
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The subscription an outline with an `xmlUrl` stands for, tagged with
/// its folders and categories.
fn outline(element: &BytesStart, folders: &[Option<String>]) -> Option<Subscription> {
    let url = attribute(element, "xmlUrl").filter(|url| is_address(url))?;
    let title = attribute(element, "title")
        .or_else(|| attribute(element, "text"))
        .map(|title| inert(&title));
    let mut tags: Vec<String> = folders.iter().flatten().cloned().collect();
    for category in attribute(element, "category")
        .iter()
        .flat_map(|categories| categories.split([',', '/']))
    {
        if let Some(tag) = tag_of(category)
            && !tags.contains(&tag)
        {
            tags.push(tag);
        }
    }
    Some(Subscription {
        url: url.to_string(),
        title,
        tags,
        full_text: false,
    })
}

/// The tag a folder outline gives what is inside it.
fn folder_tag(element: &BytesStart) -> Option<String> {
    attribute(element, "text")
        .or_else(|| attribute(element, "title"))
        .and_then(|name| tag_of(&name))
}

/// A folder or category name as a tag: lower case, spaces as `-`, and
/// only letters, digits, `-` and `_`.
fn tag_of(name: &str) -> Option<String> {
    let tag: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|&c| c.is_alphanumeric() || c == '-' || c == '_')
        .collect();
    (!tag.is_empty()).then_some(tag)
}

/// `subscriptions` as an OPML 2.0 document, tags as `category`.
pub fn write(subscriptions: &[Subscription]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  \
         <head><title>folio subscriptions</title></head>\n  <body>\n",
    );
    for subscription in subscriptions {
        let url = escape(subscription.url.as_str());
        let title = escape(subscription.title.as_deref().unwrap_or(&subscription.url)).into_owned();
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{url}\""
        ));
        if !subscription.tags.is_empty() {
            out.push_str(&format!(
                " category=\"{}\"",
                escape(subscription.tags.join(",").as_str())
            ));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_with_addresses_are_subscriptions_tagged_by_their_folders() {
        let opml = r#"<?xml version="1.0"?>
<opml version="1.0"><head><title>Mine</title></head><body>
  <outline text="Tech News">
    <outline type="rss" text="LWN &amp; co" xmlUrl="https://lwn.net/rss" category="/Linux,daily"/>
    <outline text="Deeper"><outline xmlUrl="https://a.test/feed"/></outline>
  </outline>
  <outline title="Loose" text="ignored" xmlUrl="https://b.test/atom"></outline>
  <outline text="not a feed" xmlUrl="ftp://c.test/"/>
</body></opml>"#;
        let found = read(opml).unwrap();
        assert_eq!(
            found,
            [
                Subscription {
                    url: "https://lwn.net/rss".into(),
                    title: Some("LWN & co".into()),
                    tags: vec!["tech-news".into(), "linux".into(), "daily".into()],
                    full_text: false,
                },
                Subscription {
                    url: "https://a.test/feed".into(),
                    title: None,
                    tags: vec!["tech-news".into(), "deeper".into()],
                    full_text: false,
                },
                Subscription {
                    url: "https://b.test/atom".into(),
                    title: Some("Loose".into()),
                    tags: Vec::new(),
                    full_text: false,
                },
            ]
        );
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let subscriptions = vec![
            Subscription {
                url: "https://a.test/feed?x=1&y=<2>".into(),
                title: Some("A \"quoted\" & blog".into()),
                tags: vec!["tech".into(), "daily".into()],
                full_text: false,
            },
            Subscription::of("https://b.test/"),
        ];
        let written = write(&subscriptions);
        let mut expected = subscriptions.clone();
        // An untitled subscription is written with its address as its text.
        expected[1].title = Some("https://b.test/".into());
        assert_eq!(read(&written).unwrap(), expected);
    }

    #[test]
    fn something_else_is_one_sentence() {
        let error = read("<rss><channel/></rss>").unwrap_err();
        assert_eq!(error, "not an OPML file: it begins with <rss>, not <opml>");
        assert!(
            read("<opml><body><outline")
                .unwrap_err()
                .starts_with("the XML breaks")
        );
        assert!(
            read("just text")
                .unwrap_err()
                .starts_with("not an OPML file")
        );
    }
}
