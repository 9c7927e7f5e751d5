//! `folio-train`: fits the parser's weights to labelled dumps and writes
//! them to `src/parse/weights.rs`.
//!
//! It reads every dump with a truth file (by default the development corpus
//! in `../shared/corpus/dev`, the bundled sample with its truth, and the
//! fixtures in `tests/fixtures` that have one) and fits, in order:
//!
//! 1. stage one, an averaged structured perceptron over every unit's window
//!    of features, to find the headline lines;
//! 2. stage two's evidence pass and final pass, two logistic regressions,
//!    to tell which headline lines start articles. Each learns from the
//!    headline lines a stage one that never saw the dump finds in it (and
//!    the final pass from an evidence pass that never saw it), as on a new
//!    dump.
//!
//! It prints two scores per dump: the fit (weights fitted with the dump)
//! and **leave-one-dump-out** (every stage fitted without it), the honest
//! figure for dumps nobody here has. The same data gives the same file.
//!
//! ```sh
//! cargo run --release --bin folio-train -- --write src/parse/weights.rs
//! ```

mod logistic;
mod perceptron;
mod score;
mod truth;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use perceptron::{Example, train};
use score::{Score, evaluate};
use truth::Labelled;

use folio::parse::decode::Label;
use folio::parse::features::FEATURES;
use folio::parse::model::Weights;
use folio::parse::style::{self, Cues, Lines};
use folio::parse::{first_stage, style::probability};

/// Fits folio's parser weights to labelled dumps.
#[derive(Debug, Parser)]
#[command(about)]
struct Cli {
    /// Truth files to train on, each naming its dump in its "file" field
    /// (found beside it). Without any: the development corpus, the sample
    /// and the fixtures.
    truth: Vec<PathBuf>,

    /// The development corpus: every DUMP.truth.json in it.
    #[arg(long, value_name = "DIR")]
    dev: Option<PathBuf>,

    /// Stage one's passes over the data.
    #[arg(long, default_value_t = 12)]
    epochs: usize,

    /// Stage two's L2 regularisation.
    #[arg(long, default_value_t = 0.01)]
    lambda: f32,

    /// Stage two's gradient steps.
    #[arg(long, default_value_t = 300)]
    iterations: usize,

    /// Write the fitted weights to FILE (src/parse/weights.rs).
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,

    /// Skip the leave-one-dump-out scores (quicker).
    #[arg(long)]
    no_holdout: bool,

    /// Print the first N misses and extras of each dump's held-out run.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,

    /// Print, for each dump, how often each trait marks its starts and its
    /// headings among the headline lines stage one finds in it.
    #[arg(long)]
    traits: bool,

    /// For the dump named NAME, held out, explain the first misses and
    /// extras (as many as --errors, at least 12): the logit and the
    /// features that weighed most.
    #[arg(long, value_name = "NAME")]
    explain: Option<String>,

    /// With --explain: explain the weights fitted with the dump, not
    /// without it.
    #[arg(long)]
    explain_fit: bool,
}

fn main() -> ExitCode {
    match run(&Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("folio-train: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The repository's root, where the default data is found.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The labelled dumps to train on.
fn data(cli: &Cli) -> anyhow::Result<Vec<Labelled>> {
    if !cli.truth.is_empty() {
        return cli
            .truth
            .iter()
            .map(|path| truth::load(path, None))
            .collect();
    }
    let dev = cli
        .dev
        .clone()
        .unwrap_or_else(|| root().join("../shared/corpus/dev"));
    let mut dumps = Vec::new();
    for path in truth_files(&dev)? {
        dumps.push(truth::load(&path, None)?);
    }
    let mut sample = truth::load(
        &root().join("tests/fixtures/front-page.truth.json"),
        Some(&root().join("data/front-page.txt")),
    )?;
    // The bundled sample is what every new user opens first: it must parse
    // exactly, so it counts as much as several dumps.
    sample.weight = SAMPLE_WEIGHT;
    dumps.push(sample);
    for path in truth_files(&root().join("tests/fixtures"))? {
        if !path.ends_with("front-page.truth.json") {
            let mut fixture = truth::load(&path, None)?;
            fixture.name = format!("fixture/{}", fixture.name);
            dumps.push(fixture);
        }
    }
    Ok(dumps)
}

/// Every `*.truth.json` in `dir`, in name order.
fn truth_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.to_string_lossy().ends_with(".truth.json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Units the truth says start an article, in order.
fn starts(gold: &[u8]) -> Vec<usize> {
    gold.iter()
        .enumerate()
        .filter(|(_, mask)| **mask == Label::Start.bit())
        .map(|(index, _)| index)
        .collect()
}

/// Every stage's fitted weights.
pub struct Stages {
    /// Stage one.
    pub one: perceptron::Weights,
    /// Stage two's evidence pass.
    pub evidence: Vec<f32>,
    /// Stage two's final pass.
    pub start: Vec<f32>,
}

impl Stages {
    /// The weights as the parser reads them.
    pub fn weights(&self) -> Weights<'_> {
        Weights {
            one: self.one.stage(),
            evidence: &self.evidence,
            start: &self.start,
        }
    }
}

/// How much the bundled sample counts in training, beside another dump.
const SAMPLE_WEIGHT: f32 = 6.0;

/// Headline lines a dump needs to weigh as much as any other in stage two.
const MIN_LINES_TO_WEIGH: usize = 100;

/// A dump's headline lines as a stage one that never saw it finds them.
struct Blind {
    lines: Lines,
    evidence: Cues,
}

/// Fits the stages, remembering what it has fitted: holding dumps out
/// needs stage one fitted without each pair of dumps, and each serves often.
/// Dumps are held out by group: a dump and the ones made from it.
struct Fitter<'d> {
    dumps: &'d [Labelled],
    epochs: usize,
    lambda: f32,
    iterations: usize,
    /// Stage one fitted without the groups of the key (sorted).
    one: HashMap<Vec<usize>, perceptron::Weights>,
    /// A dump's blind headline lines, by dump and the groups stage one was
    /// fitted without.
    blind: HashMap<(usize, Vec<usize>), std::rc::Rc<Blind>>,
    /// The evidence pass fitted without the groups of the key.
    evidence: HashMap<Vec<usize>, Vec<f32>>,
}

/// `set` with `more` added, sorted.
fn with(set: &[usize], more: usize) -> Vec<usize> {
    let mut key = set.to_vec();
    key.push(more);
    key.sort_unstable();
    key.dedup();
    key
}

impl<'d> Fitter<'d> {
    fn new(dumps: &'d [Labelled], cli: &Cli) -> Self {
        Fitter {
            dumps,
            epochs: cli.epochs,
            lambda: cli.lambda,
            iterations: cli.iterations,
            one: HashMap::new(),
            blind: HashMap::new(),
            evidence: HashMap::new(),
        }
    }

    /// The dumps outside the groups `without`.
    fn training(&self, without: &[usize]) -> Vec<usize> {
        (0..self.dumps.len())
            .filter(|&index| !without.contains(&self.dumps[index].group))
            .collect()
    }

    /// Stage one fitted without the groups in `without` (sorted).
    fn stage_one(&mut self, without: &[usize]) -> perceptron::Weights {
        if let Some(weights) = self.one.get(without) {
            return weights.clone();
        }
        let examples: Vec<Example<'_>> = self
            .training(without)
            .into_iter()
            .filter(|&index| !self.dumps[index].derived)
            .map(|index| {
                let dump = &self.dumps[index];
                Example {
                    features: &dump.prepared.features,
                    allowed: &dump.allowed_first,
                    gold: &dump.gold_first,
                    starts: starts(&dump.gold_first),
                    weight: dump.weight,
                }
            })
            .collect();
        let mut weights = train(&examples, FEATURES, self.epochs);
        weights.round();
        self.one.insert(without.to_vec(), weights.clone());
        weights
    }

    /// Dump `index`'s headline lines as stage one fitted without its group
    /// and the groups in `without` finds them.
    fn blind(&mut self, index: usize, without: &[usize]) -> std::rc::Rc<Blind> {
        let key = (index, without.to_vec());
        if let Some(blind) = self.blind.get(&key) {
            return blind.clone();
        }
        let one = self.stage_one(&with(without, self.dumps[index].group));
        let dump = &self.dumps[index];
        let (first, _) = first_stage(&dump.prepared, &one.stage());
        let lines = style::lines(
            &dump.text,
            &dump.prepared.units,
            &dump.prepared.features,
            &dump.prepared.words,
            &first,
        );
        let evidence = style::evidence(&lines);
        let blind = std::rc::Rc::new(Blind { lines, evidence });
        self.blind.insert(key, blind.clone());
        blind
    }

    /// Logistic samples of dump `index`'s blind lines, with `features`.
    fn samples(&self, index: usize, lines: &Lines, cues: &Cues) -> Vec<logistic::Sample> {
        let gold = &self.dumps[index].gold;
        // Every dump weighs the same once it has enough headline lines to
        // show its style; a handful of lines weighs less.
        let weight = self.dumps[index].weight / lines.units.len().max(MIN_LINES_TO_WEIGH) as f32;
        lines
            .units
            .iter()
            .enumerate()
            .map(|(at, &unit)| logistic::Sample {
                features: cues[at].clone(),
                positive: gold[unit] == Label::Start.bit(),
                weight,
            })
            .collect()
    }

    /// The evidence pass fitted without the groups in `without`, each
    /// training dump's lines found by a stage one blind to it and to
    /// `blind_to` (a subset of `without`: the group held out).
    fn evidence(&mut self, without: &[usize], blind_to: &[usize]) -> Vec<f32> {
        let key = [without, &[usize::MAX], blind_to].concat();
        if let Some(weights) = self.evidence.get(&key) {
            return weights.clone();
        }
        let mut samples = Vec::new();
        for index in self.training(without) {
            let blind = self.blind(index, blind_to);
            samples.extend(self.samples(index, &blind.lines, &blind.evidence));
        }
        let weights = logistic::fit(&samples, style::EVIDENCE, self.lambda, self.iterations);
        self.evidence.insert(key, weights.clone());
        weights
    }

    /// Every stage fitted without the group `left_out`, if any.
    fn stages(&mut self, left_out: Option<usize>) -> Stages {
        let held: Vec<usize> = left_out.into_iter().collect();
        let one = self.stage_one(&held);
        let evidence = self.evidence(&held, &held);
        let mut samples = Vec::new();
        let mut dump_of = Vec::new();
        for index in self.training(&held) {
            // The evidence pass as it would be on this dump, never having
            // seen it or its group.
            let blind_evidence = self.evidence(&with(&held, self.dumps[index].group), &held);
            let blind = self.blind(index, &held);
            let logits: Vec<f32> = blind
                .evidence
                .iter()
                .map(|cues| style::logit(&blind_evidence, cues))
                .collect();
            let start: Vec<f32> = logits.iter().map(|&l| probability(l)).collect();
            let house = style::house_style(&blind.lines, &start);
            let features = style::readings(&blind.evidence, &logits, &house);
            let before = samples.len();
            samples.extend(self.samples(index, &blind.lines, &features));
            dump_of.extend(std::iter::repeat_n(index, samples.len() - before));
        }
        let mut start = logistic::fit(&samples, style::FEATURES, self.lambda, self.iterations);
        let offset = best_offset(&samples, &dump_of, &start);
        // The bias's two values sum to one, so moving both moves every logit.
        for regime in 0..2 {
            start[style::Cue::Bias as usize * 2 + regime] -= offset;
        }
        let mut stages = Stages {
            one,
            evidence,
            start,
        };
        for weight in stages.evidence.iter_mut().chain(stages.start.iter_mut()) {
            *weight = perceptron::rounded(*weight);
        }
        stages
    }
}

/// The threshold on the final pass's logit (a line starts an article when
/// its logit is above it) that gives the best mean start F1 over the
/// training dumps, each weighted as in training: the regression fits the
/// odds, not the F1, and the two differ when starts are few.
fn best_offset(samples: &[logistic::Sample], dump_of: &[usize], weights: &[f32]) -> f32 {
    let logits: Vec<f32> = samples
        .iter()
        .map(|sample| style::logit(weights, &sample.features))
        .collect();
    let mut dumps: Vec<usize> = dump_of.to_vec();
    dumps.dedup();
    let mut best: (f32, f32) = (f32::NEG_INFINITY, 0.0);
    for step in -20..=20 {
        let offset = step as f32 / 10.0;
        let mut total = 0.0;
        let mut weight = 0.0;
        for &dump in &dumps {
            let (mut found, mut predicted, mut truth, mut dump_weight) = (0.0, 0.0, 0.0, 0.0);
            for (at, sample) in samples.iter().enumerate() {
                if dump_of[at] != dump {
                    continue;
                }
                dump_weight += sample.weight;
                let guess = logits[at] > offset;
                predicted += f32::from(u8::from(guess));
                truth += f32::from(u8::from(sample.positive));
                found += f32::from(u8::from(guess && sample.positive));
            }
            let f1 = if predicted + truth > 0.0 {
                2.0 * found / (predicted + truth)
            } else {
                1.0
            };
            total += f1 * dump_weight;
            weight += dump_weight;
        }
        let mean = total / weight.max(1e-9);
        // The smallest move wins a tie.
        if mean > best.0 + 1e-6 || (mean > best.0 - 1e-6 && offset.abs() < best.1.abs()) {
            best = (mean, offset);
        }
    }
    best.1
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let mut dumps = data(cli)?;
    for (group, dump) in dumps.iter_mut().enumerate() {
        dump.group = group;
    }
    let flat: Vec<Labelled> = dumps.iter().filter_map(truth::flattened).collect();
    dumps.extend(flat);
    for dump in &dumps {
        if !dump.unreachable.is_empty() {
            eprintln!(
                "{}: {} truth entries no unit can carry, e.g. {}",
                dump.name,
                dump.unreachable.len(),
                dump.unreachable[0]
            );
        }
    }
    let mut fitter = Fitter::new(&dumps, cli);
    let scored: Vec<usize> = (0..dumps.len()).filter(|&i| !dumps[i].derived).collect();
    if cli.traits {
        for &index in &scored {
            let blind = fitter.blind(index, &[]);
            print!("{}", score::trait_shares(&dumps[index], &blind.lines));
        }
    }
    let stages = fitter.stages(None);
    let fitted: Vec<Score> = scored
        .iter()
        .map(|&index| evaluate(&dumps[index], &stages, 0))
        .collect();
    let held: Option<Vec<Score>> = (!cli.no_holdout).then(|| {
        scored
            .iter()
            .map(|&index| {
                let without = fitter.stages(Some(dumps[index].group));
                evaluate(&dumps[index], &without, cli.errors)
            })
            .collect()
    });
    if let Some(name) = &cli.explain {
        let index = dumps
            .iter()
            .position(|dump| &dump.name == name)
            .with_context(|| format!("no dump named {name}"))?;
        let stages_used = if cli.explain_fit {
            fitter.stages(None)
        } else {
            fitter.stages(Some(dumps[index].group))
        };
        print!(
            "{}",
            score::explain(&dumps[index], &stages_used, cli.errors.max(12))
        );
    }
    let originals: Vec<&Labelled> = scored.iter().map(|&index| &dumps[index]).collect();
    let table = score::table(&originals, &fitted, held.as_deref());
    print!("{table}");
    println!("({:.1} s)", started.elapsed().as_secs_f64());
    if let Some(path) = &cli.write {
        let file = score::weights_file(&originals, &stages, &table, cli);
        std::fs::write(path, file).with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
