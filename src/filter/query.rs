//! Query syntax, as fzf users know it.
//!
//! Space-separated terms must all match; `a | b` matches either (fzf's OR,
//! binding tighter than the spaces: `a | b c` is (a or b) and c). `'word` is an exact substring,
//! `^word` a headline prefix, `word$` a headline suffix, `!word` excludes
//! headlines containing the word, `#tag` keeps articles filed under that tag
//! in the subscriptions (`!#tag` drops them); anything else is a fuzzy term. A term with
//! an upper-case letter is case-sensitive (smart case). `\ ` is a literal
//! space. Nothing is a syntax error. A term of operators alone (`!`, `^`,
//! `'`, `$`, `!^`: one still being typed) is ignored, as fzf ignores it, so
//! the first key of `!china` does not empty the list. Terms past the 63rd
//! are ignored (matching keeps one bit per term).

use super::fold::{fold_char, fold_punctuation};

/// Most terms in a query.
pub const MAX_TERMS: usize = 63;

/// Most alternatives a query with `|` expands to; beyond, the last ones
/// are dropped (no one types 2^7 combinations).
pub const MAX_CONJUNCTIONS: usize = 64;

/// How a term is matched against a headline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermKind {
    /// The letters in order, anywhere (skim's fuzzy match).
    Fuzzy,
    /// A contiguous substring (`'word`, or any `!word`).
    Exact,
    /// The headline starts with it (`^word`).
    Prefix,
    /// The headline ends with it (`word$`).
    Suffix,
    /// The headline is exactly it (`^word$`).
    Whole,
    /// The article's source is filed under this tag (`#tech`), in any case.
    Tag,
}

/// One space-separated part of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The term's text, folded: punctuation always, case unless case-sensitive.
    pub text: String,
    /// How it matches.
    pub kind: TermKind,
    /// `!`: headlines that match are excluded.
    pub negated: bool,
    /// The term has an upper-case letter, so case must match in headlines.
    pub case_sensitive: bool,
    /// Which of the query's AND-groups it is in: terms of one group are
    /// alternatives (`a | b`).
    pub group: usize,
}

impl Term {
    /// The term folded for case-insensitive search, as article text is searched.
    pub fn folded_text(&self) -> String {
        if self.case_sensitive {
            self.text.chars().map(fold_char).collect()
        } else {
            self.text.clone()
        }
    }

    /// Whether every headline this term accepts, `earlier` accepts too, so a
    /// search for this term may look only at `earlier`'s results.
    fn narrows(&self, earlier: &Term) -> bool {
        if self.kind != earlier.kind || self.negated != earlier.negated {
            return false;
        }
        if self.negated
            || matches!(
                self.kind,
                TermKind::Suffix | TermKind::Whole | TermKind::Tag
            )
        {
            return self == earlier;
        }
        if earlier.case_sensitive && !self.case_sensitive {
            return false;
        }
        if earlier.case_sensitive {
            self.text.starts_with(&earlier.text)
        } else {
            self.folded_text().starts_with(&earlier.text)
        }
    }
}

/// A parsed query: all terms must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The terms, in the order typed.
    pub terms: Vec<Term>,
}

impl Query {
    /// Parses a query; never fails.
    pub fn parse(input: &str) -> Query {
        let mut terms: Vec<Term> = Vec::new();
        let mut joins_previous = false;
        for token in split_terms(input) {
            if token == "|" {
                joins_previous = !terms.is_empty();
                continue;
            }
            let Some(mut term) = term(&token) else {
                continue;
            };
            let last_group = terms.last().map(|last| last.group);
            term.group = match last_group {
                Some(group) if joins_previous => group,
                Some(group) => group + 1,
                None => 0,
            };
            joins_previous = false;
            terms.push(term);
            if terms.len() == MAX_TERMS {
                break;
            }
        }
        Query { terms }
    }

    /// The query as alternatives: for each, the indices of terms that must
    /// all match, one term from each group (`a | b c` is `a c` or `b c`).
    pub fn conjunctions(&self) -> Vec<Vec<usize>> {
        let mut conjunctions = vec![Vec::new()];
        let mut start = 0;
        while start < self.terms.len() {
            let group = self.terms[start].group;
            let end = self.terms[start..]
                .iter()
                .position(|term| term.group != group)
                .map_or(self.terms.len(), |offset| start + offset);
            conjunctions = conjunctions
                .iter()
                .flat_map(|chosen| {
                    (start..end).map(move |alternative| {
                        let mut longer = chosen.clone();
                        longer.push(alternative);
                        longer
                    })
                })
                .take(MAX_CONJUNCTIONS)
                .collect();
            start = end;
        }
        conjunctions
    }

    /// Whether any group has alternatives (`|`).
    fn has_alternatives(&self) -> bool {
        self.terms
            .windows(2)
            .any(|pair| pair[0].group == pair[1].group)
    }

    /// A query with no terms matches everything, in the original order.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether this query's matches are a subset of `earlier`'s: true when it
    /// was made by typing more (extending the last term, or adding terms).
    pub fn narrows(&self, earlier: &Query) -> bool {
        let Some((last, before)) = earlier.terms.split_last() else {
            return true;
        };
        // An alternative added or typed widens: search everything again.
        if self.has_alternatives() || earlier.has_alternatives() {
            return false;
        }
        self.terms.len() >= earlier.terms.len()
            && before.iter().zip(&self.terms).all(|(a, b)| a == b)
            && self.terms[before.len()].narrows(last)
    }
}

/// Splits on spaces, keeping `\ ` as a space inside a term.
fn split_terms(input: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                current.push(' ');
                chars.next();
            }
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    terms.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        terms.push(current);
    }
    terms
}

/// A token as a term, or `None` for operators with nothing to apply to.
fn term(token: &str) -> Option<Term> {
    let (negated, body) = match token.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    let (kind, text) = if let Some(rest) = body.strip_prefix('#') {
        let tag = rest.to_lowercase();
        return (!tag.is_empty()).then_some(Term {
            text: tag,
            kind: TermKind::Tag,
            negated,
            case_sensitive: false,
            group: 0,
        });
    } else if let Some(rest) = body.strip_prefix('\'') {
        (TermKind::Exact, rest)
    } else if let Some(rest) = body.strip_prefix('^') {
        match rest.strip_suffix('$') {
            Some(inner) => (TermKind::Whole, inner),
            None => (TermKind::Prefix, rest),
        }
    } else if let Some(rest) = body.strip_suffix('$') {
        (TermKind::Suffix, rest)
    } else if negated {
        (TermKind::Exact, body)
    } else {
        (TermKind::Fuzzy, body)
    };
    if text.is_empty() {
        return None;
    }
    let case_sensitive = text.chars().any(char::is_uppercase);
    let text = if case_sensitive {
        text.chars().map(fold_punctuation).collect()
    } else {
        text.chars().map(fold_char).collect()
    };
    Some(Term {
        text,
        kind,
        negated,
        case_sensitive,
        group: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(input: &str) -> Term {
        let query = Query::parse(input);
        assert_eq!(query.terms.len(), 1, "{input}");
        query.terms[0].clone()
    }

    #[test]
    fn plain_words_are_fuzzy_and_folded() {
        let term = only("xi’s");
        assert_eq!(term.kind, TermKind::Fuzzy);
        assert_eq!(term.text, "xi's");
        assert!(!term.case_sensitive && !term.negated);
    }

    #[test]
    fn a_hash_names_a_tag_in_any_case_and_bang_negates_it() {
        let tag = only("#Tech");
        assert_eq!(
            (tag.kind, tag.text.as_str(), tag.negated),
            (TermKind::Tag, "tech", false)
        );
        let not = only("!#news");
        assert_eq!((not.kind, not.negated), (TermKind::Tag, true));
        assert!(
            Query::parse("#").is_empty(),
            "a tag still being typed is ignored"
        );
        // Another tag is another set: typing more letters does not narrow.
        assert!(!Query::parse("#tech").narrows(&Query::parse("#te")));
    }

    #[test]
    fn each_operator_sets_its_kind() {
        assert_eq!(only("'gaza").kind, TermKind::Exact);
        assert_eq!(only("^china").kind, TermKind::Prefix);
        assert_eq!(only("gaza$").kind, TermKind::Suffix);
        let whole = only("^exact\\ title$");
        assert_eq!(
            (whole.kind, whole.text.as_str()),
            (TermKind::Whole, "exact title")
        );
        assert_eq!(only("^gaza").text, "gaza");
    }

    #[test]
    fn negation_is_an_exact_exclusion() {
        let term = only("!russia");
        assert!(term.negated);
        assert_eq!((term.kind, term.text.as_str()), (TermKind::Exact, "russia"));
        let anchored = only("!^china");
        assert!(anchored.negated);
        assert_eq!(anchored.kind, TermKind::Prefix);
    }

    #[test]
    fn operators_with_nothing_to_apply_to_are_ignored() {
        for op in ["!", "'", "^", "$", "!^", "!'", "^$", "!$"] {
            assert!(Query::parse(op).is_empty(), "{op}");
        }
        let query = Query::parse("china !");
        assert_eq!(query.terms.len(), 1);
        assert_eq!(query.terms[0].text, "china");
        assert_eq!(only("!!").text, "!", "an operator after one is text");
    }

    #[test]
    fn a_bar_makes_alternatives_binding_tighter_than_spaces() {
        let query = Query::parse("norway | oslo gaza");
        let groups: Vec<usize> = query.terms.iter().map(|t| t.group).collect();
        assert_eq!(groups, [0, 0, 1]);
        assert_eq!(query.conjunctions(), [vec![0, 2], vec![1, 2]]);
        assert_eq!(Query::parse("a b").conjunctions(), [vec![0, 1]]);
        // A bar with nothing before it, or still waiting for its term, is
        // no alternative.
        assert_eq!(Query::parse("| a").conjunctions(), [vec![0]]);
        assert_eq!(Query::parse("a |").conjunctions(), [vec![0]]);
        let many = (0..10)
            .map(|i| format!("a{i} | b{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(Query::parse(&many).conjunctions().len(), MAX_CONJUNCTIONS);
        assert!(!Query::parse("a | b").narrows(&Query::parse("a")));
    }

    #[test]
    fn an_upper_case_letter_makes_a_term_case_sensitive() {
        let term = only("Gaza");
        assert!(term.case_sensitive);
        assert_eq!(term.text, "Gaza");
        assert_eq!(term.folded_text(), "gaza");
        assert!(!only("gaza").case_sensitive);
    }

    #[test]
    fn terms_split_on_any_run_of_spaces() {
        let query = Query::parse("  china   norway ");
        let texts: Vec<&str> = query.terms.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["china", "norway"]);
        assert!(Query::parse("   ").is_empty());
    }

    #[test]
    fn very_long_queries_keep_their_first_terms() {
        let long = (0..100)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let query = Query::parse(&long);
        assert_eq!(query.terms.len(), MAX_TERMS);
        assert_eq!(query.terms[0].text, "t0");
    }

    #[test]
    fn typing_more_narrows_and_editing_does_not() {
        let narrows =
            |later: &str, earlier: &str| Query::parse(later).narrows(&Query::parse(earlier));
        assert!(narrows("nor", "no"));
        assert!(narrows("nor gaza", "nor"));
        assert!(narrows("nor ga", "nor g"));
        assert!(narrows("anything", ""));
        assert!(
            narrows("noR", "no"),
            "a case-sensitive match is also an insensitive one"
        );
        assert!(!narrows("no", "nor"));
        assert!(!narrows("nor", "noR"));
        assert!(!narrows("!fo", "!f"), "a longer exclusion excludes less");
        assert!(!narrows("gaza$x", "gaza$"));
        assert!(narrows("'g", "'"), "a lone ' is no term: everything");
        assert!(!narrows("'g", "g"), "the kind changed");
        assert!(!narrows("mor gaza", "nor"));
    }
}
