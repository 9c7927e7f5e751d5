//! An averaged structured perceptron (Collins 2002) with latent labels.
//!
//! Each training step decodes a few articles of a dump twice with the
//! current weights: freely, and held to what the truth allows (its starts
//! and headings fixed; body and furniture, which the truth does not tell
//! apart, left to the model). Where the two labellings differ, the weights
//! move towards the held one. The weights returned are the average over
//! every step, which generalises better than the last ones.
//!
//! Everything is in a fixed order with no randomness: the same data gives
//! the same weights.

use folio::parse::decode::{LABELS, STATES, State, Transitions, decode_after};
use folio::parse::features::Features;
use folio::parse::model::{Stage, unit_scores};

/// Articles in one training step.
const ARTICLES_PER_STEP: usize = 3;

/// A stage's weights while they are fitted.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// Features per label.
    pub features: usize,
    /// `emission[feature * 4 + label]`, as [`Stage`] has it.
    pub emission: Vec<f32>,
    /// Transition scores.
    pub between: [[f32; 5]; 5],
    /// Opening scores.
    pub opening: [f32; 5],
}

impl Weights {
    /// All zero.
    pub fn zero(features: usize) -> Self {
        Weights {
            features,
            emission: vec![0.0; LABELS.len() * features],
            between: [[0.0; 5]; 5],
            opening: [0.0; 5],
        }
    }

    /// The weights as the parser reads them.
    pub fn stage(&self) -> Stage<'_> {
        Stage {
            features: self.features,
            emission: &self.emission,
            transitions: Transitions {
                between: &self.between,
                opening: &self.opening,
            },
        }
    }

    /// Rounds every weight as the weights file writes it, so what the
    /// trainer scores is what ships.
    pub fn round(&mut self) {
        let round = |w: &mut f32| *w = rounded(*w);
        self.emission.iter_mut().for_each(round);
        self.between.iter_mut().flatten().for_each(round);
        self.opening.iter_mut().for_each(round);
    }

    fn add_scaled(&mut self, other: &Weights, scale: f32) {
        for (mine, theirs) in self.emission.iter_mut().zip(&other.emission) {
            *mine += scale * theirs;
        }
        for (mine, theirs) in self.between.iter_mut().zip(&other.between) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += scale * b;
            }
        }
        for (a, b) in self.opening.iter_mut().zip(&other.opening) {
            *a += scale * b;
        }
    }
}

/// A weight rounded to the four decimals the weights file keeps.
pub fn rounded(weight: f32) -> f32 {
    (weight * 1e4).round() / 1e4
}

/// One dump as the perceptron sees it.
pub struct Example<'a> {
    /// Its units' features.
    pub features: &'a Features,
    /// What the parser allows each unit.
    pub allowed: &'a [u8],
    /// What the truth allows each unit.
    pub gold: &'a [u8],
    /// Index of each unit the truth says starts an article, in order.
    pub starts: Vec<usize>,
    /// How much its steps count.
    pub weight: f32,
}

impl Example<'_> {
    /// The training steps: runs of units of a few articles each, cut at
    /// the truth's starts (the first run also holds what comes before).
    fn steps(&self) -> Vec<std::ops::Range<usize>> {
        let count = self.allowed.len();
        let mut cuts: Vec<usize> = self
            .starts
            .iter()
            .skip(ARTICLES_PER_STEP)
            .step_by(ARTICLES_PER_STEP)
            .copied()
            .collect();
        cuts.push(count);
        let mut steps = Vec::with_capacity(cuts.len());
        let mut from = 0;
        for cut in cuts {
            if cut > from {
                steps.push(from..cut);
                from = cut;
            }
        }
        steps
    }

    fn scores(&self, weights: &Weights, range: std::ops::Range<usize>) -> Vec<[f32; 4]> {
        let stage = weights.stage();
        range
            .map(|index| unit_scores(self.features, &stage, index))
            .collect()
    }
}

/// Fits weights of `features` features to `examples` in `epochs` passes.
pub fn train(examples: &[Example<'_>], features: usize, epochs: usize) -> Weights {
    let mut weights = Weights::zero(features);
    let mut total = Weights::zero(features);
    let mut steps_taken = 0usize;
    let plans: Vec<Vec<std::ops::Range<usize>>> = examples.iter().map(Example::steps).collect();
    for _ in 0..epochs {
        // The truth's labelling under the current weights, for the state
        // each step enters from.
        let entries: Vec<Vec<State>> = examples
            .iter()
            .map(|example| {
                let scores = example.scores(&weights, 0..example.allowed.len());
                decode_after(&scores, example.gold, weights.stage().transitions, None)
            })
            .collect();
        // Steps of every dump taken in turn, so no dump's style dominates
        // the weights for a stretch.
        let longest = plans.iter().map(Vec::len).max().unwrap_or(0);
        for turn in 0..longest {
            for (example, (plan, entry)) in examples.iter().zip(plans.iter().zip(&entries)) {
                let Some(range) = plan.get(turn) else {
                    continue;
                };
                step(example, &mut weights, range.clone(), entry, example.weight);
                total.add_scaled(&weights, 1.0);
                steps_taken += 1;
            }
        }
    }
    if steps_taken > 0 {
        let mut average = Weights::zero(features);
        average.add_scaled(&total, 1.0 / steps_taken as f32);
        average
    } else {
        weights
    }
}

/// One step on the units of `range`.
fn step(
    example: &Example<'_>,
    weights: &mut Weights,
    range: std::ops::Range<usize>,
    truth: &[State],
    size: f32,
) {
    let entry = range.start.checked_sub(1).map(|before| truth[before]);
    let scores = example.scores(weights, range.clone());
    let transitions = weights.stage().transitions;
    let free = decode_after(&scores, &example.allowed[range.clone()], transitions, entry);
    let held = decode_after(&scores, &example.gold[range.clone()], transitions, entry);
    if free == held {
        return;
    }
    for (offset, (guess, right)) in free.iter().zip(&held).enumerate() {
        let index = range.start + offset;
        if guess.label() != right.label() {
            let (up, down) = (right.label() as usize, guess.label() as usize);
            let labels = LABELS.len();
            let mut shift = |id: usize| {
                weights.emission[id * labels + up] += size;
                weights.emission[id * labels + down] -= size;
            };
            example.features.for_each(index, &mut shift);
        }
        let before = |states: &[State]| offset.checked_sub(1).map(|at| states[at]).or(entry);
        let (guess_from, right_from) = (before(&free), before(&held));
        if (guess_from, *guess) != (right_from, *right) {
            match right_from {
                Some(from) => weights.between[from as usize][*right as usize] += size,
                None => weights.opening[*right as usize] += size,
            }
            match guess_from {
                Some(from) => weights.between[from as usize][*guess as usize] -= size,
                None => weights.opening[*guess as usize] -= size,
            }
        }
    }
}

/// The states, for the weights file's comments.
pub fn state_names() -> [&'static str; 5] {
    STATES.map(|state| match state {
        State::Before => "before",
        State::Start => "start",
        State::Heading => "heading",
        State::Body => "body",
        State::Furniture => "furniture",
    })
}

#[cfg(test)]
mod tests {
    use folio::parse::decode::Label;
    use folio::parse::features::{FEATURES, Local};

    use super::*;

    /// Short units start, long ones are body: learnt from one small dump.
    #[test]
    fn a_separable_labelling_is_learnt() {
        let short = Local::Words2.bit();
        let long = Local::Words81Plus.bit();
        let local: Vec<u128> = [short, long, long, short, long, short, long, long].to_vec();
        let features = Features {
            context: vec![1; local.len()],
            local,
        };
        let any = folio::parse::decode::ANY;
        let allowed = vec![any; 8];
        let inside = Label::Body.bit() | Label::Furniture.bit();
        let start = Label::Start.bit();
        let gold = vec![start, inside, inside, start, inside, start, inside, inside];
        let example = Example {
            features: &features,
            allowed: &allowed,
            gold: &gold,
            starts: vec![0, 3, 5],
            weight: 1.0,
        };
        let weights = train(std::slice::from_ref(&example), FEATURES, 10);
        let scores = example.scores(&weights, 0..8);
        let states = decode_after(&scores, &allowed, weights.stage().transitions, None);
        let starts: Vec<usize> = states
            .iter()
            .enumerate()
            .filter(|(_, state)| state.label() == Label::Start)
            .map(|(index, _)| index)
            .collect();
        assert_eq!(starts, [0, 3, 5]);
    }

    #[test]
    fn the_same_data_gives_the_same_weights() {
        let local = vec![
            Local::Words2.bit(),
            Local::Words81Plus.bit(),
            Local::Words3.bit(),
        ];
        let features = Features {
            context: vec![1; 3],
            local,
        };
        let allowed = vec![folio::parse::decode::ANY; 3];
        let gold = vec![Label::Start.bit(), Label::Body.bit(), Label::Start.bit()];
        let example = Example {
            features: &features,
            allowed: &allowed,
            gold: &gold,
            starts: vec![0, 2],
            weight: 1.0,
        };
        let a = train(std::slice::from_ref(&example), FEATURES, 5);
        let b = train(std::slice::from_ref(&example), FEATURES, 5);
        assert_eq!(a, b);
        assert!(a.emission.iter().any(|w| *w != 0.0));
    }
}
