//! Synthetic article libraries for the filter benches and the fzf
//! comparison: news-like headlines and one-paragraph bodies, generated
//! deterministically so every run measures the same text.

/// People and organisations that headlines are about.
const SUBJECTS: [&str; 40] = [
    "The central bank",
    "Norway",
    "City council",
    "The prime minister",
    "Rail workers",
    "Climate scientists",
    "The foreign minister",
    "Tech giants",
    "Farmers",
    "Teachers' unions",
    "The European Commission",
    "Investors",
    "Health officials",
    "The World Bank",
    "Engineers",
    "Local residents",
    "The supreme court",
    "Opposition leaders",
    "Airline pilots",
    "Doctors",
    "China",
    "The African Union",
    "Shipping firms",
    "Mayor Alvarez",
    "The UN envoy",
    "Vietnam",
    "Energy regulators",
    "Fishermen",
    "Parliament",
    "The trade minister",
    "Kenya",
    "Retailers",
    "Universities",
    "Police chiefs",
    "The coast guard",
    "Brazil",
    "Carmakers",
    "Nurses",
    "The defence ministry",
    "Startups",
];

/// What they do.
const VERBS: [&str; 30] = [
    "approves",
    "rejects",
    "debates",
    "welcomes",
    "warns about",
    "unveils",
    "delays",
    "expands",
    "reviews",
    "questions",
    "backs",
    "criticises",
    "announces",
    "cuts",
    "doubles",
    "halts",
    "signs",
    "proposes",
    "defends",
    "scraps",
    "funds",
    "launches",
    "investigates",
    "blocks",
    "extends",
    "revives",
    "targets",
    "overhauls",
    "pauses",
    "challenges",
];

/// What it is done to.
const OBJECTS: [&str; 40] = [
    "new cycling lanes",
    "a ceasefire resolution",
    "the budget plan",
    "trade talks",
    "climate targets",
    "housing reform",
    "a bridge project",
    "school funding",
    "energy prices",
    "a peace plan",
    "tax cuts",
    "a space mission",
    "pension rules",
    "the port expansion",
    "water rationing",
    "a vaccine rollout",
    "border checks",
    "wind farm permits",
    "rail fares",
    "a minimum wage rise",
    "data privacy rules",
    "the fishing quota",
    "a new airport",
    "rent controls",
    "fuel subsidies",
    "a debt relief deal",
    "coal plant closures",
    "broadband rollout",
    "visa rules",
    "the election timetable",
    "flood defences",
    "a free trade pact",
    "drug pricing",
    "the census results",
    "an arms deal",
    "plastic bans",
    "teacher pay",
    "a railway link",
    "grain exports",
    "the interest rate",
];

/// Where or when.
const TAILS: [&str; 24] = [
    "in Gaza",
    "in Oslo",
    "in the capital",
    "across Europe",
    "in rural areas",
    "at the summit",
    "for 2026",
    "after the vote",
    "amid protests",
    "in Africa",
    "in Vietnam",
    "before winter",
    "despite warnings",
    "in coastal towns",
    "this week",
    "in Nairobi",
    "after talks in Geneva",
    "for the third time",
    "in Parliament",
    "as prices rise",
    "in the north",
    "in Hanoi",
    "ahead of elections",
    "",
];

/// Body sentence parts.
const BODY_OPENERS: [&str; 8] = [
    "Officials said on Tuesday that",
    "According to a statement released late on Monday,",
    "Speaking to reporters,",
    "In a decision that surprised observers,",
    "After weeks of negotiation,",
    "Critics argued that",
    "Supporters of the plan said",
    "A spokesperson confirmed that",
];

/// A small, fast, deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// One synthetic article: a headline and a one-sentence body.
pub struct SyntheticArticle {
    pub headline: String,
    pub body: String,
}

/// `count` articles, the same ones for the same count every time.
pub fn articles(count: usize) -> Vec<SyntheticArticle> {
    let mut rng = Rng::new(0x5eed_f011_0000 + count as u64);
    (0..count)
        .map(|_| {
            let subject = rng.pick(&SUBJECTS);
            let verb = rng.pick(&VERBS);
            let object = rng.pick(&OBJECTS);
            let tail = rng.pick(&TAILS);
            let headline = [subject, verb, object, tail]
                .iter()
                .filter(|part| !part.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let body = format!(
                "{} {} {} {}, and {} {} {}.",
                rng.pick(&BODY_OPENERS),
                rng.pick(&SUBJECTS).to_lowercase(),
                rng.pick(&VERBS),
                rng.pick(&OBJECTS),
                rng.pick(&SUBJECTS).to_lowercase(),
                rng.pick(&VERBS),
                rng.pick(&OBJECTS),
            );
            SyntheticArticle { headline, body }
        })
        .collect()
}

/// The articles as a plain-text dump folio reads: headline, blank line,
/// paragraph, blank line.
pub fn dump(articles: &[SyntheticArticle]) -> String {
    let mut out = String::new();
    for article in articles {
        out.push_str(&article.headline);
        out.push_str("\n\n");
        out.push_str(&article.body);
        out.push_str("\n\n");
    }
    out
}

/// The headlines alone, one per line, as fzf reads them.
#[allow(
    dead_code,
    reason = "used by make_corpus only; filter.rs includes this file too"
)]
pub fn headlines(articles: &[SyntheticArticle]) -> String {
    let mut out = String::new();
    for article in articles {
        out.push_str(&article.headline);
        out.push('\n');
    }
    out
}
