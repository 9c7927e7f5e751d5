//! The model: weights that turn a unit's features into a score for each
//! label, and the transitions the decoder weighs between neighbours.
//!
//! The numbers live in the generated [`super::weights`]; this module says
//! how they are laid out and applies them, for the parser and for the
//! trainer alike, so both score a unit the same way.

use super::decode::{LABELS, Transitions};
use super::features::Local;
use super::features::{Features, POSITIONS, for_each_bit};

/// All the parser's weights: stage one's, and the two passes of stage two
/// (see [`super::style`]).
#[derive(Clone, Copy, Debug)]
pub struct Weights<'w> {
    /// Stage one: which units are headline lines.
    pub one: Stage<'w>,
    /// Stage two's evidence pass, a weight per [`super::style::EVIDENCE`]
    /// feature.
    pub evidence: &'w [f32],
    /// Stage two's final pass, a weight per [`super::style::FEATURES`]
    /// feature.
    pub start: &'w [f32],
}

/// One stage's weights.
#[derive(Clone, Copy, Debug)]
pub struct Stage<'w> {
    /// Features the stage reads.
    pub features: usize,
    /// For each feature, a weight per label (in [`LABELS`] order):
    /// `emission[feature * 4 + label]`.
    pub emission: &'w [f32],
    /// Transition and opening scores.
    pub transitions: Transitions<'w>,
}

impl Stage<'_> {
    /// The weight of `feature` for the label at `label`.
    pub fn weight(&self, label: usize, feature: usize) -> f32 {
        self.emission
            .get(feature * LABELS.len() + label)
            .copied()
            .unwrap_or(0.0)
    }
}

/// Every unit's score for each label under stage one's `stage`.
///
/// Body paragraphs look alike, so the window's local features repeat:
/// the score a unit's local features add at each position is worked out
/// once per distinct set of them.
pub fn scores(features: &Features, stage: &Stage<'_>) -> Vec<[f32; 4]> {
    let count = features.local.len();
    let mut cache = LocalCache::default();
    (0..count)
        .map(|index| {
            let mut score = [0.0f32; 4];
            for (slot, offset) in POSITIONS.iter().enumerate() {
                let Some(bits) = index
                    .checked_add_signed(*offset)
                    .and_then(|at| features.local.get(at))
                else {
                    continue;
                };
                let part = cache.get(*bits, slot, stage);
                for label in 0..LABELS.len() {
                    score[label] += part[label];
                }
            }
            add_context(features, stage, index, &mut score);
            score
        })
        .collect()
}

/// One unit's score for each label under stage one's `stage`, exactly as
/// [`scores`] gives it (the same sums in the same order), worked out
/// without a cache: for the trainer, which scores a few units at a time.
pub fn unit_scores(features: &Features, stage: &Stage<'_>, index: usize) -> [f32; 4] {
    let mut score = [0.0f32; 4];
    for (slot, offset) in POSITIONS.iter().enumerate() {
        let Some(bits) = index
            .checked_add_signed(*offset)
            .and_then(|at| features.local.get(at))
        else {
            continue;
        };
        let part = local_part(*bits, slot, stage);
        for label in 0..LABELS.len() {
            score[label] += part[label];
        }
    }
    add_context(features, stage, index, &mut score);
    score
}

/// What a set of local features adds at a window position.
fn local_part(bits: u128, slot: usize, stage: &Stage<'_>) -> [f32; 4] {
    let mut part = [0.0f32; 4];
    for_each_bit(bits, |bit| {
        for (label, total) in part.iter_mut().enumerate() {
            *total += stage.weight(label, slot * Local::COUNT + bit);
        }
    });
    part
}

/// Adds the weights of a unit's context features.
fn add_context(features: &Features, stage: &Stage<'_>, index: usize, score: &mut [f32; 4]) {
    let context_base = POSITIONS.len() * Local::COUNT;
    for_each_bit(u128::from(features.context[index]), |bit| {
        for (label, total) in score.iter_mut().enumerate() {
            *total += stage.weight(label, context_base + bit);
        }
    });
}

/// Feature ids of every unit, for a stage whose features are few per unit
/// and not laid out in windows: the units' lists, one after another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sparse {
    ids: Vec<u16>,
    /// Where each unit's ids end in `ids`.
    ends: Vec<u32>,
}

impl Sparse {
    /// Appends the next unit's ids.
    pub fn push(&mut self, ids: impl IntoIterator<Item = u16>) {
        self.ids.extend(ids);
        self.ends.push(self.ids.len() as u32);
    }

    /// The ids of unit `index`.
    pub fn of(&self, index: usize) -> &[u16] {
        let start = index
            .checked_sub(1)
            .and_then(|before| self.ends.get(before))
            .map_or(0, |&end| end as usize);
        let end = self.ends.get(index).map_or(start, |&end| end as usize);
        self.ids.get(start..end).unwrap_or_default()
    }

    /// Units in it.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it holds no unit.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// One unit's score for each label from its sparse feature ids.
pub fn sparse_unit_scores(sparse: &Sparse, stage: &Stage<'_>, index: usize) -> [f32; 4] {
    let mut score = [0.0f32; 4];
    for &id in sparse.of(index) {
        for (label, total) in score.iter_mut().enumerate() {
            *total += stage.weight(label, usize::from(id));
        }
    }
    score
}

/// Every unit's score for each label from its sparse feature ids.
pub fn sparse_scores(sparse: &Sparse, stage: &Stage<'_>) -> Vec<[f32; 4]> {
    (0..sparse.len())
        .map(|index| sparse_unit_scores(sparse, stage, index))
        .collect()
}

/// Scores of sets of local features at a window position, remembered for
/// the sets seen last (most units share one of a few sets).
#[derive(Default)]
struct LocalCache {
    entries: Vec<(u128, usize, [f32; 4])>,
    next: usize,
}

/// Sets remembered at once.
const CACHE_ENTRIES: usize = 64;

impl LocalCache {
    fn get(&mut self, bits: u128, slot: usize, stage: &Stage<'_>) -> [f32; 4] {
        if let Some((_, _, part)) = self
            .entries
            .iter()
            .find(|(known, known_slot, _)| *known == bits && *known_slot == slot)
        {
            return *part;
        }
        let part = local_part(bits, slot, stage);
        if self.entries.len() < CACHE_ENTRIES {
            self.entries.push((bits, slot, part));
        } else {
            self.entries[self.next] = (bits, slot, part);
            self.next = (self.next + 1) % CACHE_ENTRIES;
        }
        part
    }
}

#[cfg(test)]
mod tests {
    use super::super::features::{Context, FEATURES};
    use super::*;

    #[test]
    fn a_units_score_sums_the_weights_of_its_features() {
        let local_bit = Local::Words2 as usize;
        let mut emission = vec![0.0f32; 4 * FEATURES];
        // Start: +1 for two words at the unit itself, +10 for the bias.
        emission[(2 * Local::COUNT + local_bit) * 4] = 1.0;
        emission[(POSITIONS.len() * Local::COUNT + Context::Bias as usize) * 4] = 10.0;
        // Body: +100 for two words one unit after.
        emission[(3 * Local::COUNT + local_bit) * 4 + 2] = 100.0;
        let between = [[0.0; 5]; 5];
        let opening = [0.0; 5];
        let stage = Stage {
            features: FEATURES,
            emission: &emission,
            transitions: Transitions {
                between: &between,
                opening: &opening,
            },
        };
        let features = Features {
            local: vec![Local::Words2.bit(), Local::Words2.bit()],
            context: vec![1 << Context::Bias as u8, 0],
        };
        let scores = scores(&features, &stage);
        assert_eq!(scores[0], [11.0, 0.0, 100.0, 0.0]);
        assert_eq!(scores[1], [1.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn cached_and_direct_scores_agree() {
        // Weights that differ for every feature and label.
        let emission: Vec<f32> = (0..4 * FEATURES).map(|i| (i % 97) as f32 - 40.0).collect();
        let between = [[0.0; 5]; 5];
        let opening = [0.0; 5];
        let stage = Stage {
            features: FEATURES,
            emission: &emission,
            transitions: Transitions {
                between: &between,
                opening: &opening,
            },
        };
        // More distinct local sets than the cache holds, repeating.
        let local: Vec<u128> = (0..300u32).map(|i| u128::from(i % 90) * 0x1_0001).collect();
        let context: Vec<u64> = (0..300u64)
            .map(|i| i * 0x9e37_79b9 % (1 << Context::COUNT))
            .collect();
        let features = Features { local, context };
        let cached = scores(&features, &stage);
        for (index, score) in cached.iter().enumerate() {
            assert_eq!(
                *score,
                unit_scores(&features, &stage, index),
                "unit {index}"
            );
        }
    }

    #[test]
    fn sparse_units_sum_their_own_ids() {
        let mut sparse = Sparse::default();
        sparse.push([1u16, 2]);
        sparse.push([]);
        sparse.push([2u16]);
        assert_eq!(sparse.len(), 3);
        assert_eq!(sparse.of(0), [1, 2]);
        assert!(sparse.of(1).is_empty());
        assert_eq!(sparse.of(2), [2]);
        assert!(sparse.of(3).is_empty());
        let mut emission = vec![0.0f32; 4 * 3];
        emission[4 + 3] = 2.5;
        emission[2 * 4] = 1.0;
        let between = [[0.0; 5]; 5];
        let opening = [0.0; 5];
        let stage = Stage {
            features: 3,
            emission: &emission,
            transitions: Transitions {
                between: &between,
                opening: &opening,
            },
        };
        assert_eq!(
            sparse_scores(&sparse, &stage),
            [[1.0, 0.0, 0.0, 2.5], [0.0; 4], [1.0, 0.0, 0.0, 0.0]]
        );
    }
}
