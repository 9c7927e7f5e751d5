//! Labelled dumps: a text, its truth file, and what the truth says of each
//! of the text's units.
//!
//! A truth file (`{"file", "articles": [{"line", "title", "headings",
//! "truncated"}]}`, as `../shared/corpus` has them) names each article's
//! headline line and, where the source marks them, its in-article
//! headings. Every other unit is body or furniture, which the truth does
//! not tell apart: the trainer lets the model choose between them.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

use folio::parse::decode::Label;
use folio::parse::marks::Marks;
use folio::parse::{Prepared, first_stage_allowed, prepare};

/// One truth file.
#[derive(Debug, Deserialize)]
struct TruthFile {
    file: String,
    articles: Vec<TruthArticle>,
}

/// One article of a truth file.
#[derive(Debug, Deserialize)]
pub struct TruthArticle {
    /// 1-based line of the headline.
    pub line: usize,
    /// The headline, trimmed.
    pub title: String,
    /// In-article headings, where the source marks them.
    #[serde(default)]
    pub headings: Option<Vec<TruthHeading>>,
    /// Whether the article ends with a "continue reading" link.
    #[serde(default)]
    pub truncated: Option<bool>,
}

/// One in-article heading.
#[derive(Debug, Deserialize)]
pub struct TruthHeading {
    /// 1-based line.
    pub line: usize,
    /// The heading, trimmed.
    pub title: String,
}

/// A dump with its truth, its units prepared, and the labels the truth
/// allows each unit.
pub struct Labelled {
    /// A short name: the dump's file name without `.txt`.
    pub name: String,
    /// Where the text was read from.
    pub path: PathBuf,
    /// Its size in bytes, as read.
    pub bytes: usize,
    /// A hash of its bytes, for the weights file's record of its data.
    pub hash: u64,
    /// The dump it was read from or made from: held out together.
    pub group: usize,
    /// Made by the trainer from another dump, for training only.
    pub derived: bool,
    /// How much the dump counts in training, beside the others.
    pub weight: f32,
    /// The cleaned text.
    pub text: String,
    /// Its units and features.
    pub prepared: Prepared,
    /// The truth's articles.
    pub truth: Vec<TruthArticle>,
    /// Whether the truth marks in-article headings.
    pub has_headings: bool,
    /// Whether the truth has truncated flags.
    pub has_truncated: bool,
    /// For each unit, the labels the truth allows it (a mask of
    /// [`Label::bit`]s), within what the parser allows it at all.
    pub gold: Vec<u8>,
    /// The same for stage one, where a headline line of either kind is a
    /// start and no unit is a heading.
    pub gold_first: Vec<u8>,
    /// What the parser allows each unit in stage one.
    pub allowed_first: Vec<u8>,
    /// Truth entries that no unit can carry (no unit starts on their line,
    /// or it may not be a headline), as "line: title".
    pub unreachable: Vec<String>,
}

/// Reads a truth file and the dump it names (`file`, beside the truth
/// file or, failing that, `text` when given).
pub fn load(truth_path: &Path, text: Option<&Path>) -> anyhow::Result<Labelled> {
    let raw = std::fs::read_to_string(truth_path)
        .with_context(|| format!("cannot read {}", truth_path.display()))?;
    let truth: TruthFile = serde_json::from_str(&raw)
        .with_context(|| format!("{} is not a truth file", truth_path.display()))?;
    let path = match text {
        Some(text) => text.to_path_buf(),
        None => truth_path.with_file_name(&truth.file),
    };
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let (text, _) = folio::text::clean(&bytes);
    let name = path.file_stem().map_or_else(
        || truth.file.clone(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let mut labelled = labelled(name, path, text, truth.articles)?;
    labelled.bytes = bytes.len();
    labelled.hash = fnv(&bytes);
    Ok(labelled)
}

/// A dump made from cleaned `text` and its truth's `articles`.
fn labelled(
    name: String,
    path: PathBuf,
    text: String,
    articles: Vec<TruthArticle>,
) -> anyhow::Result<Labelled> {
    let prepared = prepare(&text, &Marks::default(), 1);
    let has_headings = articles.iter().any(|a| a.headings.is_some());
    let has_truncated = articles.iter().any(|a| a.truncated.is_some());
    let (gold, unreachable) = gold_masks(&text, &prepared, &articles);
    let gold_first = gold
        .iter()
        .map(|&mask| {
            if mask == Label::Heading.bit() {
                Label::Start.bit()
            } else {
                first_stage_allowed(mask)
            }
        })
        .collect();
    let allowed_first = prepared
        .allowed
        .iter()
        .map(|&a| first_stage_allowed(a))
        .collect();
    if gold.is_empty() && !articles.is_empty() {
        bail!("{}: no units", path.display());
    }
    Ok(Labelled {
        name,
        bytes: text.len(),
        hash: fnv(text.as_bytes()),
        group: 0,
        derived: false,
        weight: 1.0,
        path,
        text,
        prepared,
        truth: articles,
        has_headings,
        has_truncated,
        gold,
        gold_first,
        allowed_first,
        unreachable,
    })
}

/// A flat version of a dump with in-article headings: each article cut
/// just before its first heading, so that its headline is followed by its
/// opening text only. Dumps like this (news wires, digests) have no
/// sections at all; the development corpus has few of them, and this
/// shows the model more. `None` for a dump without headings.
pub fn flattened(dump: &Labelled) -> Option<Labelled> {
    let with_headings = dump
        .truth
        .iter()
        .filter(|a| a.headings.as_ref().is_some_and(|h| !h.is_empty()))
        .count();
    if with_headings == 0 {
        return None;
    }
    let lines: Vec<&str> = dump.text.split('\n').collect();
    let mut text = String::new();
    let mut articles = Vec::new();
    let mut written = 0;
    let first = dump.truth.first().map_or(lines.len(), |a| a.line - 1);
    for line in &lines[..first] {
        text.push_str(line);
        text.push('\n');
        written += 1;
    }
    for (at, article) in dump.truth.iter().enumerate() {
        let next = dump.truth.get(at + 1).map_or(lines.len(), |a| a.line - 1);
        let cut = article
            .headings
            .iter()
            .flatten()
            .map(|h| h.line - 1)
            .filter(|&line| line > article.line - 1 && line < next)
            .min()
            .unwrap_or(next);
        let mut kept = &lines[article.line - 1..cut];
        while kept.last().is_some_and(|line| line.trim().is_empty()) {
            kept = &kept[..kept.len() - 1];
        }
        articles.push(TruthArticle {
            line: written + 1,
            title: article.title.clone(),
            headings: Some(Vec::new()),
            truncated: None,
        });
        for line in kept {
            text.push_str(line);
            text.push('\n');
            written += 1;
        }
        text.push('\n');
        written += 1;
    }
    let mut flat = labelled(
        format!("{} (flat)", dump.name),
        dump.path.clone(),
        text,
        articles,
    )
    .ok()?;
    flat.group = dump.group;
    flat.derived = true;
    Some(flat)
}

/// A stable hash of bytes (FNV-1a, 64 bits).
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Text folded as the scoring tools fold it: runs of whitespace as one
/// space, trimmed, lower-cased.
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What the truth allows each unit: its headline lines are starts, its
/// headings headings, units before the first headline furniture, and the
/// rest body or furniture. Returns the masks and the truth entries no unit
/// can carry.
fn gold_masks(text: &str, prepared: &Prepared, truth: &[TruthArticle]) -> (Vec<u8>, Vec<String>) {
    use std::collections::HashMap;
    let by_line: HashMap<usize, usize> = prepared
        .units
        .iter()
        .enumerate()
        .map(|(index, unit)| (unit.line, index))
        .collect();
    let inside = Label::Body.bit() | Label::Furniture.bit();
    let mut gold: Vec<u8> = prepared
        .allowed
        .iter()
        .map(|allowed| allowed & inside)
        .collect();
    let mut unreachable = Vec::new();
    let mut mark = |line: usize, title: &str, label: Label, gold: &mut Vec<u8>| -> Option<usize> {
        let found = by_line.get(&line).copied().filter(|&index| {
            let unit = &prepared.units[index];
            prepared.allowed[index] & label.bit() != 0
                && fold(&text[unit.span.clone()]) == fold(title)
        });
        match found {
            Some(index) => {
                gold[index] = label.bit();
                Some(index)
            }
            None => {
                unreachable.push(format!("{line}: {title}"));
                None
            }
        }
    };
    let mut first_start = None;
    for article in truth {
        if let Some(index) = mark(article.line, &article.title, Label::Start, &mut gold) {
            first_start = Some(first_start.map_or(index, |first: usize| first.min(index)));
        }
        for heading in article.headings.iter().flatten() {
            mark(heading.line, &heading.title, Label::Heading, &mut gold);
        }
    }
    for mask in gold.iter_mut().take(first_start.unwrap_or(0)) {
        *mask = Label::Furniture.bit();
    }
    for (mask, allowed) in gold.iter_mut().zip(&prepared.allowed) {
        if *mask == 0 {
            *mask = *allowed;
        }
    }
    (gold, unreachable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(line: usize, title: &str) -> TruthArticle {
        TruthArticle {
            line,
            title: title.into(),
            headings: None,
            truncated: None,
        }
    }

    #[test]
    fn the_truth_fixes_starts_and_leaves_the_rest_to_choose() {
        let text =
            "Site name\n\nFirst headline\n\nBody text here.\n\nSecond headline\n\nMore body.";
        let prepared = prepare(text, &Marks::default(), 1);
        let truth = [article(3, "First headline"), article(7, "Second  headline")];
        let (gold, unreachable) = gold_masks(text, &prepared, &truth);
        assert!(unreachable.is_empty());
        let inside = Label::Body.bit() | Label::Furniture.bit();
        assert_eq!(
            gold,
            [
                Label::Furniture.bit(),
                Label::Start.bit(),
                inside,
                Label::Start.bit(),
                inside
            ]
        );
    }

    #[test]
    fn entries_no_unit_carries_are_reported() {
        let text = "Headline\n\nBody.";
        let prepared = prepare(text, &Marks::default(), 1);
        let truth = [article(1, "Another title"), article(9, "Nowhere")];
        let (_, unreachable) = gold_masks(text, &prepared, &truth);
        assert_eq!(unreachable, ["1: Another title", "9: Nowhere"]);
    }

    #[test]
    fn folding_ignores_case_and_spacing() {
        assert_eq!(fold("  Du  Fu\u{a0}Poet "), "du fu poet");
    }
}
