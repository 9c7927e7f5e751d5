//! The decoder: the best labelling of a whole dump at once.
//!
//! Each unit has a score for each label (from its features and the
//! weights), and each pair of neighbouring states a transition score, so
//! "a byline follows", "a rule came before" and "two short lines in a row"
//! are weighed together rather than decided one by one. The best-scoring
//! sequence is found by Viterbi: linear in the number of units, with a
//! byte per unit and state kept to trace it back.

/// What a unit is, as the parser reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    /// The headline that starts an article.
    Start,
    /// An in-article heading.
    Heading,
    /// Text of an article.
    Body,
    /// Page furniture: never a headline or a heading.
    Furniture,
}

/// Labels, in the order of score arrays.
pub const LABELS: [Label; 4] = [Label::Start, Label::Heading, Label::Body, Label::Furniture];

impl Label {
    /// The label's bit in a mask of allowed labels.
    pub const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// Every label allowed.
pub const ANY: u8 = 0b1111;

/// The decoder's states: the labels, and furniture before the first
/// article, which is the only state that may precede a start without
/// belonging to an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Furniture before any article.
    Before,
    /// An article's headline.
    Start,
    /// An in-article heading.
    Heading,
    /// Article text.
    Body,
    /// Furniture after the first article began.
    Furniture,
}

/// States, in the order of transition tables.
pub const STATES: [State; 5] = [
    State::Before,
    State::Start,
    State::Heading,
    State::Body,
    State::Furniture,
];

impl State {
    /// The label a unit in this state has.
    pub fn label(self) -> Label {
        match self {
            State::Before | State::Furniture => Label::Furniture,
            State::Start => Label::Start,
            State::Heading => Label::Heading,
            State::Body => Label::Body,
        }
    }

    /// Whether a unit in state `next` may follow one in this state: nothing
    /// returns to "before the first article", and only a start leaves it.
    pub fn may_precede(self, next: State) -> bool {
        match (self, next) {
            (_, State::Before) => self == State::Before,
            (State::Before, next) => next == State::Start,
            _ => true,
        }
    }

    /// Whether the first unit of a dump may be in this state.
    pub fn may_open(self) -> bool {
        matches!(self, State::Before | State::Start)
    }
}

/// Scores of the transitions between states: `transition[from][to]`, and
/// of opening in each state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transitions<'w> {
    /// `STATES.len()` rows of `STATES.len()` scores.
    pub between: &'w [[f32; 5]; 5],
    /// The score of the first unit's state.
    pub opening: &'w [f32; 5],
}

/// The best sequence of states for units with the given label `scores`
/// (in [`LABELS`] order), each unit's state having one of the labels its
/// mask in `allowed` permits. A unit that permits no label is taken as
/// permitting any.
pub fn decode(scores: &[[f32; 4]], allowed: &[u8], transitions: Transitions<'_>) -> Vec<State> {
    decode_after(scores, allowed, transitions, None)
}

/// [`decode`] for units that follow one in state `entry` (`None`: they
/// open the dump). The trainer decodes a dump in parts this way.
pub fn decode_after(
    scores: &[[f32; 4]],
    allowed: &[u8],
    transitions: Transitions<'_>,
    entry: Option<State>,
) -> Vec<State> {
    let count = scores.len();
    if count == 0 {
        return Vec::new();
    }
    let permits = |index: usize, state: State| {
        let mask = allowed.get(index).copied().unwrap_or(ANY);
        mask == 0 || mask & state.label().bit() != 0
    };
    let emit = |index: usize, state: State| scores[index][state.label() as usize];
    let may_enter = |state: State| match entry {
        None => state.may_open(),
        Some(entry) => entry.may_precede(state),
    };
    let enter = |state: State| match entry {
        None => transitions.opening[state as usize],
        Some(entry) => transitions.between[entry as usize][state as usize],
    };
    let mut best = [f32::NEG_INFINITY; 5];
    for state in STATES {
        if may_enter(state) && permits(0, state) {
            best[state as usize] = enter(state) + emit(0, state);
        }
    }
    if best.iter().all(|score| *score == f32::NEG_INFINITY) {
        // The first unit's mask excludes every state it may enter: enter
        // the best of them anyway rather than fail.
        for state in STATES.into_iter().filter(|state| may_enter(*state)) {
            best[state as usize] = enter(state) + emit(0, state);
        }
    }
    let mut back: Vec<[u8; 5]> = Vec::with_capacity(count);
    back.push([0; 5]);
    for index in 1..count {
        let mut next = [f32::NEG_INFINITY; 5];
        let mut from = [0u8; 5];
        for state in STATES {
            if !permits(index, state) {
                continue;
            }
            let mut top = f32::NEG_INFINITY;
            let mut arg = 0;
            for previous in STATES {
                if !previous.may_precede(state) {
                    continue;
                }
                let score = best[previous as usize]
                    + transitions.between[previous as usize][state as usize];
                if score > top {
                    top = score;
                    arg = previous as u8;
                }
            }
            if top > f32::NEG_INFINITY {
                next[state as usize] = top + emit(index, state);
                from[state as usize] = arg;
            }
        }
        if next.iter().all(|score| *score == f32::NEG_INFINITY) {
            // Constraints that no sequence meets (a mask allowing only
            // headings before any start): let this unit be anything.
            for state in STATES {
                for previous in STATES {
                    let score = best[previous as usize]
                        + transitions.between[previous as usize][state as usize]
                        + emit(index, state);
                    if previous.may_precede(state) && score > next[state as usize] {
                        next[state as usize] = score;
                        from[state as usize] = previous as u8;
                    }
                }
            }
        }
        best = next;
        back.push(from);
    }
    let mut state = (0..5)
        .max_by(|&a, &b| best[a].total_cmp(&best[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut states = vec![State::Body; count];
    for index in (0..count).rev() {
        states[index] = STATES[state];
        state = usize::from(back[index][state]);
    }
    states
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAT: [[f32; 5]; 5] = [[0.0; 5]; 5];
    const OPEN: [f32; 5] = [0.0; 5];

    fn flat() -> Transitions<'static> {
        Transitions {
            between: &FLAT,
            opening: &OPEN,
        }
    }

    /// Scores that favour one label per unit by `margin`.
    fn favour(labels: &[Label], margin: f32) -> Vec<[f32; 4]> {
        labels
            .iter()
            .map(|label| {
                let mut scores = [0.0; 4];
                scores[*label as usize] = margin;
                scores
            })
            .collect()
    }

    fn labels(states: &[State]) -> Vec<Label> {
        states.iter().map(|state| state.label()).collect()
    }

    #[test]
    fn with_flat_transitions_each_unit_takes_its_best_label() {
        let want = [
            Label::Start,
            Label::Body,
            Label::Heading,
            Label::Body,
            Label::Start,
        ];
        let states = decode(&favour(&want, 1.0), &[], flat());
        assert_eq!(labels(&states), want);
        assert_eq!(states[0], State::Start);
    }

    #[test]
    fn nothing_but_furniture_comes_before_the_first_start() {
        // Unit 0 prefers the body (2), which cannot open a dump, and would
        // rather not start (-1). By hand: Before, Start = 0 + 1 = 1; Start,
        // Start = -1 + 1 = 0; Start, Body = -1 + 0 = -1. Best: Before, Start.
        let scores = [[-1.0, 0.0, 2.0, 0.0], [1.0, 0.0, 0.0, 0.0]];
        let states = decode(&scores, &[], flat());
        assert_eq!(states, [State::Before, State::Start]);
    }

    #[test]
    fn transitions_can_outweigh_a_units_own_score() {
        // Start → Start costs 3: a contents list of headline-like lines.
        let mut between = FLAT;
        between[State::Start as usize][State::Start as usize] = -3.0;
        let transitions = Transitions {
            between: &between,
            opening: &OPEN,
        };
        // Each unit prefers Start by 1 over Body, and the rest less. By hand:
        // S,S,S = 3 - 6 = -3; S,B,S = 1 + 0 + 1 = 2; S,B,B = 1; B is not
        // allowed to open; F,S,B = -1 + 1 + 0 = 0. Best: S, B, S.
        let scores = [[1.0, -1.0, 0.0, -1.0]; 3];
        let states = decode(&scores, &[], transitions);
        assert_eq!(labels(&states), [Label::Start, Label::Body, Label::Start]);
    }

    #[test]
    fn masks_restrict_the_labels() {
        // Unit 1 favours Start strongly but may only be furniture (a link).
        let scores = favour(&[Label::Start, Label::Start, Label::Start], 5.0);
        let allowed = [ANY, Label::Furniture.bit(), ANY];
        let states = decode(&scores, &allowed, flat());
        assert_eq!(states, [State::Start, State::Furniture, State::Start]);
    }

    #[test]
    fn unmeetable_masks_still_give_a_labelling() {
        // A heading cannot open a dump; the decoder opens with the best of
        // the states that can rather than fail.
        let scores = favour(&[Label::Heading, Label::Body], 1.0);
        let allowed = [Label::Heading.bit(), ANY];
        let states = decode(&scores, &allowed, flat());
        assert_eq!(states.len(), 2);
        assert!(states[0].may_open());
    }

    #[test]
    fn only_a_start_leaves_the_furniture_before_the_first_article() {
        for previous in STATES {
            for next in STATES {
                let allowed = previous.may_precede(next);
                match (previous, next) {
                    (State::Before, State::Before | State::Start) => assert!(allowed),
                    (State::Before, _) | (_, State::Before) => assert!(!allowed),
                    _ => assert!(allowed),
                }
            }
        }
    }

    #[test]
    fn a_part_of_a_dump_follows_its_entry_state() {
        // After a body unit, a unit that favours furniture-before-articles
        // cannot be in that state: it is furniture of the article.
        let scores = favour(&[Label::Furniture], 1.0);
        let states = decode_after(&scores, &[], flat(), Some(State::Body));
        assert_eq!(states, [State::Furniture]);
        let opening = decode_after(&scores, &[], flat(), None);
        assert_eq!(opening, [State::Before]);
    }

    #[test]
    fn an_empty_dump_has_no_states() {
        assert!(decode(&[], &[], flat()).is_empty());
    }
}
