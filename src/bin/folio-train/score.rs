//! Scores, as `../shared/tools/score-corpus` computes them, and the
//! weights file.
//!
//! An article start counts when its headline line and (folded) title agree
//! with the truth's; headings are compared as (line, title) pairs over the
//! whole dump; the truncated flag is compared on the starts found.

use std::collections::HashSet;
use std::fmt::Write;

use folio::parse::decode::{LABELS, Label};
use folio::parse::features::{FEATURES, feature_name};
use folio::parse::style::{self, Lines, Trait};
use folio::parse::{assemble, first_stage, label};

use super::perceptron::{Weights, state_names};
use super::truth::{Labelled, fold};
use super::{Cli, Stages};

/// How one labelling of a dump scores.
#[derive(Clone, Debug, Default)]
pub struct Score {
    /// Articles in the truth.
    pub truth: usize,
    /// Articles listed.
    pub listed: usize,
    /// Starts precision, recall and F1.
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Headings F1, where the truth has headings.
    pub headings: Option<f64>,
    /// Truncated flags that agree, of the starts found, where the truth has them.
    pub truncated: Option<(usize, usize)>,
    /// Stage one's F1 at finding headline lines (starts and headings).
    pub headline_lines: f64,
    /// The first misses and extras, when asked for.
    pub errors: Vec<String>,
}

fn prf(found: usize, predicted: usize, truth: usize) -> (f64, f64, f64) {
    let p = if predicted > 0 {
        found as f64 / predicted as f64
    } else {
        0.0
    };
    let r = if truth > 0 {
        found as f64 / truth as f64
    } else {
        1.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Labels `dump` with `stages` as the parser does and scores the result;
/// lists up to `errors` misses and extras.
pub fn evaluate(dump: &Labelled, stages: &Stages, errors: usize) -> Score {
    let prepared = &dump.prepared;
    let weights = stages.weights();
    let labels = label(&dump.text, prepared, &weights);
    let parsed = assemble(&prepared.units, &prepared.allowed, &labels);
    let (first, _) = first_stage(prepared, &weights.one);
    let headline_lines = {
        let want: HashSet<usize> = dump
            .gold_first
            .iter()
            .enumerate()
            .filter(|(_, mask)| **mask == Label::Start.bit())
            .map(|(index, _)| index)
            .collect();
        let got: HashSet<usize> = first
            .iter()
            .enumerate()
            .filter(|(_, label)| **label == Label::Start)
            .map(|(index, _)| index)
            .collect();
        prf(want.intersection(&got).count(), got.len(), want.len()).2
    };
    let text = &dump.text;
    let truth_starts: std::collections::HashMap<usize, String> = dump
        .truth
        .iter()
        .map(|article| (article.line, fold(&article.title)))
        .collect();
    let mut found_lines = HashSet::new();
    let mut truncated_agree = 0;
    let mut extras = Vec::new();
    for article in &parsed.articles {
        let title = fold(article.title(text));
        if truth_starts.get(&article.line) == Some(&title) {
            found_lines.insert(article.line);
            let want = dump
                .truth
                .iter()
                .find(|t| t.line == article.line)
                .and_then(|t| t.truncated)
                .unwrap_or(false);
            truncated_agree += usize::from(want == article.truncated);
        } else {
            extras.push(format!(
                "extra  line {}: {}",
                article.line,
                clip(article.title(text))
            ));
        }
    }
    let (precision, recall, f1) = prf(found_lines.len(), parsed.articles.len(), dump.truth.len());
    let headings = dump.has_headings.then(|| {
        let want: HashSet<(usize, String)> = dump
            .truth
            .iter()
            .flat_map(|a| a.headings.iter().flatten())
            .map(|h| (h.line, fold(&h.title)))
            .collect();
        let got: HashSet<(usize, String)> = parsed
            .articles
            .iter()
            .flat_map(|a| a.headings(&parsed.blocks))
            .map(|block| (block.line, fold(&text[block.span.clone()])))
            .collect();
        prf(want.intersection(&got).count(), got.len(), want.len()).2
    });
    let mut listed_errors = Vec::new();
    if errors > 0 {
        listed_errors.extend(
            dump.truth
                .iter()
                .filter(|t| !found_lines.contains(&t.line))
                .take(errors)
                .map(|t| format!("missed line {}: {}", t.line, clip(&t.title))),
        );
        listed_errors.extend(extras.into_iter().take(errors));
    }
    Score {
        truth: dump.truth.len(),
        listed: parsed.articles.len(),
        precision,
        recall,
        f1,
        headings,
        truncated: dump
            .has_truncated
            .then_some((truncated_agree, found_lines.len())),
        headline_lines,
        errors: listed_errors,
    }
}

/// How often each trait marks a dump's starts and its headings, among the
/// headline lines `lines`.
pub fn trait_shares(dump: &Labelled, lines: &Lines) -> String {
    let mut out = String::new();
    let pick = |label: Label| -> Vec<usize> {
        (0..lines.units.len())
            .filter(|&at| dump.gold[lines.units[at]] == label.bit())
            .collect()
    };
    let (starts, headings) = (pick(Label::Start), pick(Label::Heading));
    let others = lines.units.len() - starts.len() - headings.len();
    let _ = writeln!(
        out,
        "{}: {} headline lines: {} starts, {} headings, {} neither",
        dump.name,
        lines.units.len(),
        starts.len(),
        headings.len(),
        others
    );
    for t in Trait::ALL {
        let share = |set: &[usize]| {
            set.iter()
                .filter(|&&at| lines.traits[at] & t.bit() != 0)
                .count() as f64
                / set.len().max(1) as f64
        };
        let _ = writeln!(
            out,
            "    {:<18} starts {:.2}  headings {:.2}",
            format!("{t:?}"),
            share(&starts),
            share(&headings)
        );
    }
    out
}

/// Why headline lines were labelled as they were: for the first `count`
/// truth starts labelled otherwise and units wrongly labelled starts, the
/// final logit, the house-style log-odds and the features that pulled
/// hardest.
pub fn explain(dump: &Labelled, stages: &Stages, count: usize) -> String {
    let prepared = &dump.prepared;
    let weights = stages.weights();
    let (first, _) = first_stage(prepared, &weights.one);
    let lines = style::lines(
        &dump.text,
        &prepared.units,
        &prepared.features,
        &prepared.words,
        &first,
    );
    let evidence = style::evidence(&lines);
    let logits: Vec<f32> = evidence
        .iter()
        .map(|cues| style::logit(weights.evidence, cues))
        .collect();
    let start: Vec<f32> = logits.iter().map(|&l| style::probability(l)).collect();
    let house = style::house_style(&lines, &start);
    let features = style::readings(&evidence, &logits, &house);
    let labels = label(&dump.text, prepared, &weights);
    let mut out = String::new();
    let named = |weights: &[f32], name: fn(usize) -> String| -> String {
        weights
            .iter()
            .enumerate()
            .map(|(id, w)| format!("{} {w:+.2}", name(id)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "evidence pass: {}",
        named(weights.evidence, style::evidence_name)
    );
    let _ = writeln!(
        out,
        "final pass: {}",
        named(weights.start, style::feature_name)
    );
    let mut shown = 0;
    for (index, got) in labels.iter().enumerate() {
        let truth_start = dump.gold[index] == Label::Start.bit();
        if (*got == Label::Start) == truth_start {
            continue;
        }
        shown += 1;
        if shown > count {
            break;
        }
        let unit = &prepared.units[index];
        let _ = writeln!(
            out,
            "line {} {:?} (truth {}): {}",
            unit.line,
            got,
            if truth_start { "start" } else { "not a start" },
            clip(&dump.text[unit.span.clone()])
        );
        if let Some(at) = lines.units.iter().position(|&u| u == index) {
            let names: Vec<String> = Trait::ALL
                .iter()
                .filter(|t| lines.traits[at] & t.bit() != 0)
                .map(|t| format!("{t:?}"))
                .collect();
            let _ = writeln!(out, "    traits: {}", names.join(" "));
        }
        let Some(at) = lines.units.iter().position(|&u| u == index) else {
            let scores = folio::parse::model::unit_scores(&prepared.features, &weights.one, index);
            let want = Label::Start as usize;
            let got = first[index] as usize;
            let mut pulls: Vec<(f32, String)> = Vec::new();
            prepared.features.for_each(index, |id| {
                pulls.push((
                    weights.one.weight(want, id) - weights.one.weight(got, id),
                    feature_name(id),
                ));
            });
            pulls.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
            let top: Vec<String> = pulls
                .iter()
                .take(10)
                .map(|(p, n)| format!("{n} {p:+.0}"))
                .collect();
            let _ = writeln!(
                out,
                "    stage one: {:?}, scores S/H/B/F {:?}; towards a headline: {}",
                first[index],
                scores.map(|s| s.round()),
                top.join(", ")
            );
            continue;
        };
        let mut pulls: Vec<(f32, String)> = features[at]
            .iter()
            .map(|&(id, value)| {
                let id = usize::from(id);
                (weights.start[id] * value, style::feature_name(id))
            })
            .collect();
        pulls.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
        let top: Vec<String> = pulls
            .iter()
            .take(10)
            .map(|(pull, name)| format!("{name} {pull:+.2}"))
            .collect();
        let _ = writeln!(
            out,
            "    evidence p {:.2}, house style {:+.1}: {}",
            start[at],
            house[at],
            top.join(", ")
        );
    }
    out
}

fn clip(text: &str) -> String {
    text.chars().take(70).collect()
}

/// The scores table: the fit, and leave-one-dump-out when computed, with
/// the mean start F1 over the development corpus and over every dump.
pub fn table(dumps: &[&Labelled], fitted: &[Score], held: Option<&[Score]>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<20} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8} {:>8} {:>6}",
        "dump",
        "truth",
        "fit F1",
        "held F1",
        "held P",
        "held R",
        "listed",
        "head F1",
        "trunc",
        "lines F1",
        "split"
    );
    for (index, dump) in dumps.iter().enumerate() {
        let fit = &fitted[index];
        let held_score = held.map(|held| &held[index]);
        let shown = held_score.unwrap_or(fit);
        let heading = shown
            .headings
            .map_or_else(|| "-".to_string(), |f| format!("{f:.3}"));
        let truncated = shown
            .truncated
            .map_or_else(|| "-".to_string(), |(agree, of)| format!("{agree}/{of}"));
        let held_f1 = held_score.map_or_else(|| "-".to_string(), |s| format!("{:.3}", s.f1));
        let _ = writeln!(
            out,
            "{:<20} {:>6} {:>7.3} {:>7} {:>7.3} {:>7.3} {:>7} {:>8} {:>8} {:>8.3}",
            dump.name,
            fit.truth,
            fit.f1,
            held_f1,
            shown.precision,
            shown.recall,
            shown.listed,
            heading,
            truncated,
            shown.headline_lines
        );
        for error in &shown.errors {
            let _ = writeln!(out, "    {error}");
        }
    }
    let mean = |scores: &[Score], pick: &dyn Fn(usize) -> bool| {
        let chosen: Vec<f64> = scores
            .iter()
            .enumerate()
            .filter(|(index, _)| pick(*index))
            .map(|(_, score)| score.f1)
            .collect();
        chosen.iter().sum::<f64>() / chosen.len().max(1) as f64
    };
    let dev = |index: usize| dumps[index].path.to_string_lossy().contains("corpus/dev");
    let all = |_: usize| true;
    let _ = write!(
        out,
        "mean start F1: fit {:.3} (dev corpus {:.3})",
        mean(fitted, &all),
        mean(fitted, &dev)
    );
    if let Some(held) = held {
        let _ = write!(
            out,
            "; held out {:.3} (dev corpus {:.3})",
            mean(held, &all),
            mean(held, &dev)
        );
    }
    out.push('\n');
    out
}

/// The generated weights file, with a header recording the data, the
/// command and the scores.
pub fn weights_file(dumps: &[&Labelled], stages: &Stages, table: &str, cli: &Cli) -> String {
    let mut out = String::new();
    out.push_str("//! Generated by `folio-train`; do not edit by hand. Regenerate with\n");
    out.push_str("//!\n");
    let _ = writeln!(
        out,
        "//!     cargo run --release --bin folio-train -- --epochs {} --lambda {} --iterations {} --write src/parse/weights.rs",
        cli.epochs, cli.lambda, cli.iterations
    );
    out.push_str("//!\n");
    out.push_str("//! Fitted to these dumps (bytes, FNV-1a of the bytes), and to a flat\n//! version of each that has in-article headings (each article cut before its\n//! first heading):\n//!\n");
    for dump in dumps {
        let path = dump.path.to_string_lossy();
        let shown = match path.split_once("/shared/") {
            Some((_, tail)) => format!("../shared/{tail}"),
            None => path
                .strip_prefix(&format!("{}/", super::root().display()))
                .unwrap_or(&path)
                .to_string(),
        };
        let _ = writeln!(
            out,
            "//! - `{shown}`: {} bytes, {:016x}",
            dump.bytes, dump.hash
        );
    }
    out.push_str("//!\n//! Scores when written (held = fitted without that dump):\n//!\n");
    out.push_str("//! ```text\n");
    for line in table.lines() {
        let _ = writeln!(out, "//! {line}");
    }
    out.push_str("//! ```\n\n");
    out.push_str(
        "use super::decode::Transitions;\nuse super::features::FEATURES;\nuse super::model::{Stage, Weights};\n\n",
    );
    let one: Vec<String> = (0..FEATURES).map(feature_name).collect();
    stage_arrays(&mut out, "ONE", "FEATURES", &stages.one, &one);
    vector(
        &mut out,
        "EVIDENCE",
        "style::EVIDENCE",
        "Stage two's evidence pass: a weight per feature.",
        &stages.evidence,
        style::evidence_name,
    );
    vector(
        &mut out,
        "START",
        "style::FEATURES",
        "Stage two's final pass: a weight per feature.",
        &stages.start,
        style::feature_name,
    );
    out.push_str(
        "/// The parser's weights.\n\
         pub const WEIGHTS: Weights<'static> = Weights {\n    one: Stage {\n        features: FEATURES,\n        emission: EMISSION_ONE,\n        transitions: Transitions {\n            between: &BETWEEN_ONE,\n            opening: &OPENING_ONE,\n        },\n    },\n    evidence: EVIDENCE,\n    start: START,\n};\n",
    );
    out
}

/// A logistic weight vector, each feature's weight named.
fn vector(
    out: &mut String,
    name: &str,
    count: &str,
    doc: &str,
    weights: &[f32],
    feature: fn(usize) -> String,
) {
    let _ = writeln!(
        out,
        "/// {doc} As many as `{count}`.\n#[rustfmt::skip]\nconst {name}: &[f32] = &["
    );
    for (id, weight) in weights.iter().enumerate() {
        let _ = writeln!(out, "    {}, // {}", number(*weight), feature(id));
    }
    out.push_str("];\n\n");
}

/// One stage's three arrays, each feature's row named.
fn stage_arrays(out: &mut String, stage: &str, count: &str, weights: &Weights, names: &[String]) {
    let _ = writeln!(
        out,
        "/// Weights per feature (as many as `{count}`): start, heading, body,\n/// furniture.\n#[rustfmt::skip]\nconst EMISSION_{stage}: &[f32] = &["
    );
    for (feature, name) in names.iter().enumerate() {
        let row: Vec<String> = (0..LABELS.len())
            .map(|label| number(weights.emission[feature * LABELS.len() + label]))
            .collect();
        let _ = writeln!(out, "    {}, // {name}", row.join(", "));
    }
    out.push_str("];\n\n");
    let names = state_names();
    let _ = writeln!(
        out,
        "/// Transitions from each state ({}) to each.",
        names.join(", ")
    );
    let _ = writeln!(
        out,
        "#[rustfmt::skip]\nconst BETWEEN_{stage}: [[f32; 5]; 5] = ["
    );
    for (row, name) in weights.between.iter().zip(names) {
        let cells: Vec<String> = row.iter().map(|w| number(*w)).collect();
        let _ = writeln!(out, "    [{}], // from {name}", cells.join(", "));
    }
    out.push_str("];\n\n/// Opening in each state.\n#[rustfmt::skip]\n");
    let cells: Vec<String> = weights.opening.iter().map(|w| number(*w)).collect();
    let _ = writeln!(
        out,
        "const OPENING_{stage}: [f32; 5] = [{}];\n",
        cells.join(", ")
    );
}

/// A weight as a Rust literal, four decimals at most.
fn number(weight: f32) -> String {
    let text = format!("{weight:.4}");
    let text = text.trim_end_matches('0');
    let text = if text.ends_with('.') {
        format!("{text}0")
    } else {
        text.to_string()
    };
    if text == "-0.0" {
        "0.0".to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_and_f1_are_those_of_the_scoring_tool() {
        assert_eq!(prf(2, 4, 2), (0.5, 1.0, 2.0 / 3.0));
        assert_eq!(prf(0, 0, 5), (0.0, 0.0, 0.0));
        assert_eq!(prf(0, 0, 0), (0.0, 1.0, 0.0));
    }

    #[test]
    fn weights_print_as_short_literals() {
        assert_eq!(number(1.0), "1.0");
        assert_eq!(number(-0.25), "-0.25");
        assert_eq!(number(0.123_456), "0.1235");
        assert_eq!(number(-0.00001), "0.0");
    }
}
