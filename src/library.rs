//! Loading: files, standard input and the bundled sample into one [`Library`].
//!
//! Each input is read in chunks straight through the hygiene cleaner, so the
//! raw bytes of a large file are never held beside its text. A problem with
//! one input is reported and the others still load.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod address;
pub mod saved;
mod walk;

pub use address::renew;

use crate::article::{Article, ArticleId, Block, IdSet, Styled};
use crate::cache::{MIN_CACHED_BYTES, ParseCache};
use crate::formats::{self, Document, Format, SNIFF_BYTES};
use crate::memory::ask_for_huge_pages;
use crate::offline::Copies;
use crate::parallel::{map_runs, run_len};
use crate::parse::marks::Marks;
use crate::parse::{Parsed, parse, parse_marked};
use crate::subscriptions::Subscription;
use crate::text::{Cleaner, incomplete_tail_len, inert, unchanged_run};
use crate::web::{self, FetchError, Limits};

/// The sample dump shipped inside the binary, opened when no path is given.
pub const SAMPLE: &str = include_str!("../data/front-page.txt");

/// How the bundled sample is named wherever a source is shown.
pub const SAMPLE_NAME: &str = "(bundled sample)";

/// How standard input is named wherever a source is shown.
pub const STDIN_NAME: &str = "(standard input)";

/// Bytes read at a time: large enough for throughput, small beside any file.
const CHUNK_BYTES: usize = 256 * 1024;

/// Something to read articles from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input, named `-` on the command line.
    Stdin,
    /// The dump embedded in the binary.
    Sample,
    /// An `http://` or `https://` address, fetched and read as a file of
    /// the kind its server and content say; from the subscriptions, with
    /// the title and tags given there.
    Url(Subscription),
}

impl Input {
    /// Reads a command-line argument: `-` is standard input.
    pub fn from_arg(arg: &Path) -> Self {
        if arg == Path::new("-") {
            Input::Stdin
        } else if let Some(url) = arg.to_str().filter(|arg| web::is_address(arg)) {
            Input::Url(Subscription::of(url))
        } else {
            Input::Path(arg.to_path_buf())
        }
    }

    /// The name shown for this input, safe to print.
    pub fn name(&self) -> String {
        match self {
            Input::Path(path) => inert(&path.display().to_string()),
            Input::Stdin => STDIN_NAME.to_string(),
            Input::Sample => SAMPLE_NAME.to_string(),
            Input::Url(subscription) => {
                inert(subscription.title.as_deref().unwrap_or(&subscription.url))
            }
        }
    }
}

/// One loaded input: its name and its cleaned text, which block spans index.
#[derive(Debug)]
pub struct Source {
    /// File path, `-` for standard input, or [`SAMPLE_NAME`].
    pub name: String,
    /// The cleaned text.
    pub text: String,
    /// The styled runs of its text, in order of where they start: only
    /// formats that mark them (HTML, Markdown, feeds) have any.
    pub styles: Vec<Styled>,
    /// The tags the person filed it under (`#tech` in the filter keeps its
    /// articles), lower case.
    pub tags: Vec<String>,
    /// Its articles are shown with the full text of their pages
    /// (`+full-text` in the subscriptions).
    pub full_text: bool,
    /// The address it was fetched from, for a web source: a bookmarked
    /// article of it is kept (see [`saved`]).
    pub address: Option<String>,
}

impl Source {
    /// What the subscriptions say of the address it was fetched from.
    fn subscribed(&mut self, subscription: &Subscription) {
        self.tags.clone_from(&subscription.tags);
        self.full_text = subscription.full_text;
        self.address = Some(subscription.url.clone());
    }
}

/// Every article of every input, in order. Built once, never changed after.
#[derive(Debug, Default)]
pub struct Library {
    /// The inputs that loaded, indexed by [`Article::source`].
    pub sources: Vec<Source>,
    /// All articles, in input order.
    pub articles: Vec<Article>,
    /// Every article's paragraphs and headings, article after article; each
    /// article's `block_range` indexes it.
    pub blocks: Vec<Block>,
    /// Every article's id, derived on every core the first time all are
    /// wanted (the reader matches them against bookmarks and read marks).
    ids: OnceLock<Vec<ArticleId>>,
    /// For an article found in several inputs (by id), keyed by its source
    /// and where its headline starts there: the other sources it was found
    /// in, after its own.
    also_in: HashMap<(usize, usize), Vec<usize>>,
}

/// Why an input could not be loaded. The message names the input.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The path does not exist.
    #[error("{name}: no such file")]
    NotFound { name: String },
    /// A directory holds nothing folio reads.
    #[error("{name}: a folder with no file folio can read in it")]
    EmptyDirectory { name: String },
    /// The input claims a format and is broken.
    #[error("{name}: {reason}; skipped")]
    Broken { name: String, reason: String },
    /// Reading is not allowed.
    #[error("{name}: permission denied")]
    PermissionDenied { name: String },
    /// The input holds NUL bytes, so it is not text.
    #[error("{name} looks like a binary file (NUL byte at offset {offset}), not text; skipped")]
    Binary { name: String, offset: u64 },
    /// The input is larger than the memory folio could get to hold it.
    #[error(
        "{name} is too large to load ({megabytes} MB, more than the memory available); skipped"
    )]
    TooLarge { name: String, megabytes: u64 },
    /// Any other failure to read.
    #[error("{name}: cannot read: {reason}")]
    Io { name: String, reason: String },
    /// `--offline`, and no copy of the address was kept.
    #[error("{name}: no copy kept for reading offline (it was never fetched here); skipped")]
    NotKept { name: String },
    /// An address could not be fetched; the sentence names it.
    #[error("{0}; skipped")]
    Fetch(#[from] FetchError),
    /// A line of the subscriptions file (or the file) could not be used;
    /// the sentence says where.
    #[error("{0}")]
    Subscriptions(String),
}

/// Something worth telling about an input that did load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadWarning {
    /// Invalid UTF-8 was replaced with U+FFFD.
    InvalidUtf8 {
        name: String,
        offset: u64,
        count: u64,
    },
    /// Files in a folder that folio does not read (hidden ones aside).
    Skipped { name: String, count: usize },
    /// The parse cache could not be written; the sentence says why.
    Cache(String),
    /// An address could not be fetched, and its kept copy is read instead.
    Stale { failed: FetchError, age: String },
    /// A kept copy of an address or of a bookmarked article was damaged
    /// or could not be written; the sentence says which and why.
    Copies(String),
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadWarning::Skipped { name, count: 1 } => {
                write!(f, "{name}: skipped 1 file of unknown type")
            }
            LoadWarning::Skipped { name, count } => {
                write!(f, "{name}: skipped {count} files of unknown type")
            }
            LoadWarning::Cache(said) | LoadWarning::Copies(said) => f.write_str(said),
            LoadWarning::Stale { failed, age } => {
                write!(f, "{failed}; showing the copy kept {age}")
            }
            LoadWarning::InvalidUtf8 {
                name,
                offset,
                count: 1,
            } => write!(f, "{name}: invalid UTF-8 at byte {offset}, shown as �"),
            LoadWarning::InvalidUtf8 {
                name,
                offset,
                count,
            } => write!(
                f,
                "{name}: invalid UTF-8 at byte {offset} and {} more places, shown as �",
                count - 1
            ),
        }
    }
}

/// How inputs are read: the person's marks, and the parse cache that
/// large plain-text files are looked up in and saved to, if any.
#[derive(Clone, Copy, Debug)]
pub struct LoadOptions<'a> {
    /// `--headline`, `--separator` and `[parse]`.
    pub marks: &'a Marks,
    /// `None` with `--no-cache`, or with no cache directory.
    pub cache: Option<&'a ParseCache>,
    /// How far fetching an address may go (`[web]`).
    pub web: Limits,
    /// Where fetched addresses are kept for reading offline, if anywhere.
    pub copies: Option<&'a Copies>,
    /// `--offline`: addresses are read from their kept copies only.
    pub offline: bool,
    /// Where bookmarked web articles are kept (see [`saved`]), if anywhere.
    pub bookmarked: Option<&'a Path>,
}

/// What loading said about its inputs, in input order.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Inputs that were skipped, and why.
    pub errors: Vec<LoadError>,
    /// Inputs that loaded with something worth mentioning.
    pub warnings: Vec<LoadWarning>,
}

impl Library {
    /// Loads every input; the ones that fail are reported and skipped.
    pub fn load(inputs: &[Input]) -> (Library, LoadReport) {
        Self::load_marked(inputs, &Marks::default())
    }

    /// [`Library::load`], with the person's word on how the inputs mark
    /// their articles (`--headline`, `--separator`).
    pub fn load_marked(inputs: &[Input], marks: &Marks) -> (Library, LoadReport) {
        Self::load_with(
            inputs,
            LoadOptions {
                marks,
                cache: None,
                web: Limits::default(),
                copies: None,
                offline: false,
                bookmarked: None,
            },
        )
    }

    /// [`Library::load_marked`], looking large plain-text files up in the
    /// parse cache first and saving what parsing the others found.
    pub fn load_with(inputs: &[Input], options: LoadOptions) -> (Library, LoadReport) {
        let mut library = Library::default();
        let mut report = LoadReport::default();
        let mut fetched = address::read_all(inputs, options).into_iter();
        for input in inputs {
            let read_here = || {
                let mut notes = Vec::new();
                (read_input(input, options, &mut notes), notes)
            };
            let (result, notes) = match input {
                Input::Path(path) if path.is_dir() => {
                    walk::load_folder(path, options, &mut library, &mut report);
                    continue;
                }
                Input::Url(_) => fetched.next().flatten().unwrap_or_else(read_here),
                _ => read_here(),
            };
            report.warnings.extend(notes);
            match result {
                Ok(loaded) => {
                    library.add_loaded(input.name(), loaded, &mut report);
                    if let (Some(source), Input::Url(subscription)) =
                        (library.sources.last_mut(), input)
                    {
                        source.subscribed(subscription);
                    }
                }
                Err(error) => report.errors.push(error),
            }
        }
        if library.sources.len() > 1 {
            library.merge_duplicates();
        }
        if let Some(dir) = options.bookmarked {
            library.add_bookmarked(dir, inputs, &mut report);
        }
        if let Some(cache) = options.cache {
            cache.tidy();
            report
                .warnings
                .extend(cache.take_trouble().map(LoadWarning::Cache));
        }
        if let Some(copies) = options.copies {
            report
                .warnings
                .extend(copies.take_trouble().map(LoadWarning::Copies));
        }
        (library, report)
    }

    /// The kept copies of bookmarked articles their addresses no longer
    /// give, each as a source of its own after the others. Only when some
    /// address has copies is every id derived, to see which are missing.
    fn add_bookmarked(&mut self, dir: &Path, inputs: &[Input], report: &mut LoadReport) {
        let mut have: Option<IdSet> = None;
        for input in inputs {
            let Input::Url(subscription) = input else {
                continue;
            };
            let found = saved::read(dir, &subscription.url, |id| {
                have.get_or_insert_with(|| self.ids().iter().copied().collect())
                    .contains(&id)
            });
            for found in found {
                match found {
                    saved::Found::Article(id, document) => {
                        if let Some(known) = have.as_mut() {
                            known.insert(id);
                        }
                        self.add_styled(
                            format!("{} (kept with its bookmark)", input.name()),
                            document.text,
                            document.parsed,
                            document.styles,
                        );
                        if let Some(source) = self.sources.last_mut() {
                            source.subscribed(subscription);
                        }
                    }
                    saved::Found::Damaged(said) => report.warnings.push(LoadWarning::Copies(said)),
                }
            }
        }
    }

    /// Adds what one input was read into as one more source.
    fn add_loaded(&mut self, name: String, loaded: Loaded, report: &mut LoadReport) {
        match loaded {
            Loaded::Text {
                text,
                parsed,
                ids,
                warning,
            } => {
                report.warnings.extend(warning);
                self.add_parsed(name, text, parsed);
                // Ids saved with a cached parse stand for the library's
                // while it has this one source.
                if let Some(ids) = ids
                    && self.sources.len() == 1
                    && ids.len() == self.articles.len()
                {
                    self.ids = OnceLock::from(ids);
                }
            }
            Loaded::Structured(document) => {
                self.add_styled(name, document.text, document.parsed, document.styles);
            }
        }
    }

    /// One article found in several inputs (the same front page saved on
    /// two days) is one article everywhere: the first found, with the other
    /// sources named in its meta line, so it is listed, bookmarked and
    /// counted unread once. Only for several inputs: it derives every id,
    /// which one file does not need for printing.
    fn merge_duplicates(&mut self) {
        let ids = self.ids();
        let mut first: HashMap<ArticleId, usize> = HashMap::with_capacity(ids.len());
        let mut kept = vec![false; ids.len()];
        let mut also_in: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (index, id) in ids.iter().enumerate() {
            match first.entry(*id) {
                Entry::Vacant(slot) => {
                    slot.insert(index);
                    kept[index] = true;
                }
                Entry::Occupied(original) => {
                    let original = &self.articles[*original.get()];
                    let source = self.articles[index].source;
                    let others = also_in
                        .entry((original.source, original.title_span.start))
                        .or_default();
                    if source != original.source && !others.contains(&source) {
                        others.push(source);
                    }
                }
            }
        }
        if kept.iter().all(|&kept| kept) {
            return;
        }
        let kept_ids: Vec<ArticleId> = ids
            .iter()
            .zip(&kept)
            .filter_map(|(id, &kept)| kept.then_some(*id))
            .collect();
        let articles = std::mem::take(&mut self.articles);
        self.articles = articles
            .into_iter()
            .zip(kept)
            .filter_map(|(article, kept)| kept.then_some(article))
            .collect();
        also_in.retain(|_, others| !others.is_empty());
        self.also_in = also_in;
        self.ids = OnceLock::from(kept_ids);
    }

    /// A library of one text, cleaned and parsed: for tests, benches and
    /// text that does not come from a file.
    pub fn from_text(name: &str, text: &str) -> Library {
        let (clean, _) = crate::text::clean(text.as_bytes());
        let mut library = Library::default();
        library.add(name.to_string(), clean);
        library
    }

    /// Parses already-clean text as one more source.
    pub fn add(&mut self, name: String, text: String) {
        let parsed = parse(&text);
        self.add_parsed(name, text, parsed);
    }

    /// Adds clean text as one more source, with the articles `parsed` found
    /// in it.
    fn add_parsed(&mut self, name: String, text: String, parsed: Parsed) {
        self.add_styled(name, text, parsed, Vec::new());
    }

    /// Adds a source whose text carries styled runs.
    fn add_styled(&mut self, name: String, text: String, parsed: Parsed, styles: Vec<Styled>) {
        let source = self.sources.len();
        self.ids = OnceLock::new();
        let Parsed {
            mut articles,
            blocks,
        } = parsed;
        let blocks_before = self.blocks.len();
        for article in &mut articles {
            article.source = source;
            article.block_range =
                article.block_range.start + blocks_before..article.block_range.end + blocks_before;
        }
        append_or_take(&mut self.articles, articles);
        append_or_take(&mut self.blocks, blocks);
        self.sources.push(Source {
            name,
            text,
            styles,
            tags: Vec::new(),
            full_text: false,
            address: None,
        });
    }

    /// A library of one made-up text laid out as its marks say, whatever a
    /// parser would make of it: for tests of what reads a library. Lines
    /// are paragraphs, blank lines between them; "= " marks an article's
    /// headline and "== " an in-article heading (the marks are not kept).
    #[cfg(test)]
    pub fn outlined(marked: &str) -> Library {
        use crate::article::BlockKind;
        let mut text = String::new();
        let mut parsed = Parsed::default();
        for (number, line) in marked.split('\n').enumerate() {
            let (kind, rest) = if let Some(rest) = line.strip_prefix("== ") {
                (Some(BlockKind::Heading), rest)
            } else if let Some(rest) = line.strip_prefix("= ") {
                (None, rest)
            } else {
                (Some(BlockKind::Paragraph), line)
            };
            let span = text.len()..text.len() + rest.len();
            text.push_str(rest);
            text.push('\n');
            if rest.trim().is_empty() {
                continue;
            }
            let words = rest.split_whitespace().count();
            match kind {
                None => parsed.articles.push(Article {
                    title_span: span,
                    source: 0,
                    line: number + 1,
                    block_range: parsed.blocks.len()..parsed.blocks.len(),
                    truncated: false,
                    credits: Vec::new(),
                    words: 0,
                    details: None,
                }),
                Some(kind) => {
                    parsed.blocks.push(Block {
                        kind,
                        line: number + 1,
                        span,
                    });
                    if let Some(article) = parsed.articles.last_mut() {
                        article.block_range.end = parsed.blocks.len();
                        article.words += words;
                    }
                }
            }
        }
        let mut library = Library::default();
        library.add_parsed("t".to_string(), text, parsed);
        library
    }

    /// The text of one block of an article.
    pub fn block_text(&self, article: &Article, block: &Block) -> &str {
        self.sources
            .get(article.source)
            .and_then(|source| source.text.get(block.span.clone()))
            .unwrap_or("")
    }

    /// All of an article's text, headings and paragraphs, as one slice of its
    /// source (blank lines between blocks included).
    pub fn body_text(&self, article: &Article) -> &str {
        let blocks = self.blocks(article);
        let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else {
            return "";
        };
        self.sources
            .get(article.source)
            .and_then(|source| source.text.get(first.span.start..last.span.end))
            .unwrap_or("")
    }

    /// The styled runs inside one block of an article.
    pub fn styles(&self, article: &Article, block: &Block) -> &[Styled] {
        let Some(source) = self.sources.get(article.source) else {
            return &[];
        };
        let styles = &source.styles;
        let first = styles.partition_point(|styled| styled.span.start < block.span.start);
        let count = styles[first..].partition_point(|styled| styled.span.start < block.span.end);
        &styles[first..first + count]
    }

    /// An article's paragraphs and headings, in order.
    pub fn blocks(&self, article: &Article) -> &[Block] {
        article.blocks(&self.blocks)
    }

    /// An article's in-article headings.
    pub fn headings(&self, article: &Article) -> impl Iterator<Item = &Block> {
        article.headings(&self.blocks)
    }

    /// An article's headline.
    pub fn title(&self, article: &Article) -> &str {
        article.title(self.source_text(article))
    }

    /// The id of one article, derived now: for a few articles at a time.
    pub fn id(&self, article: &Article) -> ArticleId {
        article.id(self.source_text(article), &self.blocks)
    }

    /// The id of article `index`: from the ids of all articles once they
    /// are derived (or came from the parse cache), else derived for this one
    /// alone, so a reader showing one screen of a large library does not
    /// wait for a million ids.
    pub fn id_at(&self, index: usize) -> Option<ArticleId> {
        match self.ids.get() {
            Some(ids) => ids.get(index).copied(),
            None => self.articles.get(index).map(|article| self.id(article)),
        }
    }

    /// The ids of all articles, in order, derived once on every core.
    pub fn ids(&self) -> &[ArticleId] {
        self.ids
            .get_or_init(|| derive_ids(&self.articles, |a| self.source_text(a), &self.blocks))
    }

    fn source_text(&self, article: &Article) -> &str {
        self.sources
            .get(article.source)
            .map_or("", |source| source.text.as_str())
    }

    /// "source · 1234 words · 6 min read · from Outlet, Outlet" (or
    /// "source · no text"): the line under a headline in the reading pane
    /// and in `--show`.
    pub fn meta_line(&self, article: &Article) -> String {
        let mut sources = self.source_name(article).to_string();
        if let Some(others) = self.also_in_sources(article) {
            sources.push_str(" (also in ");
            sources.push_str(&others.join(", "));
            sources.push(')');
        }
        if let Some(details) = &article.details {
            if let Some(author) = &details.author {
                sources.push_str(" · by ");
                sources.push_str(author);
            }
            if let Some(published) = details.published {
                sources.push_str(&published.format(" · %-d %b %Y").to_string());
            }
        }
        let mut meta = if article.words == 0 {
            format!("{sources} · no text")
        } else {
            format!(
                "{sources} · {} · {} min read",
                article.words_label(),
                article.reading_minutes()
            )
        };
        if !article.credits.is_empty() {
            meta.push_str(" · from ");
            meta.push_str(&article.credits.join(", "));
        }
        meta
    }

    /// The other inputs an article was also found in, by name.
    fn also_in_sources(&self, article: &Article) -> Option<Vec<&str>> {
        let others = self
            .also_in
            .get(&(article.source, article.title_span.start))?;
        Some(
            others
                .iter()
                .filter_map(|&source| self.sources.get(source))
                .map(|source| source.name.as_str())
                .collect(),
        )
    }

    /// The name of the source an article came from.
    pub fn source_name(&self, article: &Article) -> &str {
        self.sources
            .get(article.source)
            .map_or("", |source| source.name.as_str())
    }
}

/// Every article's id, in order, derived on every core; `text` gives the
/// cleaned text an article's spans index.
fn derive_ids<'t>(
    articles: &[Article],
    text: impl Fn(&Article) -> &'t str + Sync,
    blocks: &[Block],
) -> Vec<ArticleId> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let per_run = run_len(articles.len(), threads);
    map_runs(articles, per_run, |run| {
        run.iter()
            .map(|article| article.id(text(article), blocks))
            .collect::<Vec<_>>()
    })
    .concat()
}

/// Appends `more` to `all`, or takes it whole when `all` is empty: the first
/// source's million articles and blocks are never copied.
fn append_or_take<T>(all: &mut Vec<T>, mut more: Vec<T>) {
    if all.is_empty() {
        *all = more;
    } else {
        all.append(&mut more);
    }
}

/// One input, read and parsed: plain text for the segmenter, or a
/// structured format's document.
enum Loaded {
    /// Cleaned text and the articles the segmenter found in it, with
    /// their ids when the parse cache was involved (it keeps them).
    Text {
        text: String,
        parsed: Parsed,
        ids: Option<Vec<ArticleId>>,
        warning: Option<LoadWarning>,
    },
    /// A feed, page, Markdown file, e-book or mailbox.
    Structured(Document),
}

/// Reads an input: its first bytes tell its format (with its file name's
/// help), plain text streams through the cleaner to the segmenter, and
/// anything else goes to its format's reader. What is worth saying about
/// an address's kept copy goes to `notes`.
fn read_input(
    input: &Input,
    options: LoadOptions,
    notes: &mut Vec<LoadWarning>,
) -> Result<Loaded, LoadError> {
    let name = input.name();
    let mut metadata = None;
    let (format, head, rest): (Format, Vec<u8>, Box<dyn Read>) = match input {
        Input::Sample => (
            Format::Text,
            SAMPLE.as_bytes().to_vec(),
            Box::new(io::empty()),
        ),
        Input::Stdin => {
            let mut stdin = io::stdin().lock();
            let head = read_head(&mut stdin, &name)?;
            let format = formats::detect(&head, None);
            (format, head, Box::new(stdin))
        }
        Input::Path(path) => {
            let mut file = open(path, &name)?;
            metadata = file.metadata().ok();
            let head = read_head(&mut file, &name)?;
            (formats::detect(&head, Some(path)), head, Box::new(file))
        }
        Input::Url(Subscription { url, .. }) => {
            let fetched = address::obtain(url, options, notes)?;
            let claimed = fetched
                .media_type
                .as_deref()
                .and_then(Format::from_media_type)
                .or_else(|| url_path(url).and_then(|path| Format::from_extension(&path)));
            let head = &fetched.bytes[..fetched.bytes.len().min(SNIFF_BYTES)];
            let format = formats::detect_claimed(head, claimed);
            (format, fetched.bytes, Box::new(io::empty()))
        }
    };
    if format == Format::Text {
        let cache = match (input, options.cache, &metadata) {
            (Input::Path(path), Some(cache), Some(metadata))
                if metadata.len() >= MIN_CACHED_BYTES as u64 =>
            {
                Some(cache).zip(cache.stamp(path, metadata, options.marks))
            }
            _ => None,
        };
        // The cache entry is read and decoded while the text is read.
        let (read, found) = std::thread::scope(|scope| {
            let lookup = cache
                .as_ref()
                .map(|(cache, stamp)| scope.spawn(move || cache.get(stamp)));
            let size = metadata.as_ref().map(std::fs::Metadata::len);
            let read = read_clean(&name, &head, rest, size);
            (read, lookup.and_then(|lookup| lookup.join().ok().flatten()))
        });
        let (text, warning) = read?;
        let (parsed, ids) = match (cache, found.and_then(|found| found.check(&text))) {
            (_, Some(found)) => (found.parsed, Some(found.ids)),
            (Some((cache, stamp)), None) => {
                let parsed = parse_marked(&text, options.marks);
                let ids = derive_ids(&parsed.articles, |_| &text, &parsed.blocks);
                cache.put(&stamp, text.len(), &parsed, &ids);
                (parsed, Some(ids))
            }
            (None, None) => (parse_marked(&text, options.marks), None),
        };
        return Ok(Loaded::Text {
            text,
            parsed,
            ids,
            warning,
        });
    }
    let mut bytes = head;
    let mut rest = rest;
    rest.read_to_end(&mut bytes)
        .map_err(|error| io_error(error, &name))?;
    let stem = match input {
        Input::Path(path) => file_stem(path),
        Input::Url(Subscription { url, .. }) => url_path(url)
            .map(|path| file_stem(&path))
            .unwrap_or_default(),
        Input::Stdin | Input::Sample => String::new(),
    };
    formats::read(format, &bytes, &stem)
        .map(Loaded::Structured)
        .map_err(|error| LoadError::Broken {
            name,
            reason: error.reason,
        })
}

/// A file name's stem, which titles an article that has no title of its own.
fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// An address's path, for the file name at its end.
fn url_path(url: &str) -> Option<PathBuf> {
    let address = url::Url::parse(url).ok()?;
    let last = address.path_segments()?.next_back()?;
    (!last.is_empty()).then(|| PathBuf::from(last))
}

/// The first bytes of an input, enough to tell its format.
fn read_head(reader: &mut impl Read, name: &str) -> Result<Vec<u8>, LoadError> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    reader
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|error| io_error(error, name))?;
    Ok(head)
}

/// Reads plain text, cleaned: `head` (already read), then the rest of
/// `reader`, of `size` bytes in all when it is a file. The bytes are read straight into the buffer that becomes the
/// text, checked as they arrive; most dumps need no cleaning at all and are
/// never copied. From the first byte that cleaning would change, the rest
/// streams through the cleaner, which takes up where the check left off.
fn read_clean(
    name: &str,
    head: &[u8],
    rest: impl Read,
    size: Option<u64>,
) -> Result<(String, Option<LoadWarning>), LoadError> {
    let name = name.to_string();
    let mut raw: Vec<u8> = Vec::new();
    if let Some(size) = size {
        // Asked for, not assumed: a failed allocation would abort with a
        // message about bytes instead of about the file.
        let wanted = usize::try_from(size).unwrap_or(usize::MAX);
        if raw.try_reserve_exact(wanted).is_err() {
            return Err(LoadError::TooLarge {
                name,
                megabytes: size / 1_000_000,
            });
        }
        ask_for_huge_pages(&mut raw);
    }
    raw.extend_from_slice(head);
    read_cleaning(raw, rest, CHUNK_BYTES, name)
}

/// [`read_clean`] once the head is in `raw`, reading `chunk` bytes at a
/// time.
fn read_cleaning(
    mut raw: Vec<u8>,
    mut rest: impl Read,
    chunk: usize,
    name: String,
) -> Result<(String, Option<LoadWarning>), LoadError> {
    let mut unchanged = 0;
    let mut ended = false;
    loop {
        unchanged = unchanged_run(&raw, unchanged);
        let waiting = &raw[unchanged..];
        // A character cut off by the end of what was read so far may yet
        // be whole; anything else stopping the run needs the cleaner.
        let cut_off = !waiting.is_empty() && incomplete_tail_len(waiting) == waiting.len();
        if ended || !(waiting.is_empty() || cut_off) {
            break;
        }
        let read = (&mut rest)
            .take(chunk as u64)
            .read_to_end(&mut raw)
            .map_err(|error| io_error(error, &name))?;
        ended = read == 0;
    }
    // Trailing spaces at the very end are trimmed: the cleaner does that.
    while unchanged > 0 && unchanged == raw.len() && raw[unchanged - 1] == b' ' {
        unchanged -= 1;
    }
    let tail = raw.split_off(unchanged);
    let mut text = String::from_utf8(raw)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    if tail.is_empty() {
        return Ok((text, None));
    }
    let mut cleaner = Cleaner::after(&text);
    cleaner.feed(&tail, &mut text);
    if !cleaner.saw_nul() && !ended {
        feed_from(rest, &mut cleaner, &mut text, &name)?;
    }
    let report = cleaner.finish(&mut text);
    if let Some(offset) = report.first_nul {
        return Err(LoadError::Binary { name, offset });
    }
    let warning = report.invalid_utf8.map(|invalid| LoadWarning::InvalidUtf8 {
        name,
        offset: invalid.first_offset,
        count: invalid.count,
    });
    Ok((text, warning))
}

fn open(path: &Path, name: &str) -> Result<File, LoadError> {
    File::open(path).map_err(|error| io_error(error, name))
}

/// Feeds `reader` to the cleaner chunk by chunk, stopping at the first NUL:
/// a binary file is rejected without reading all of it.
fn feed_from(
    mut reader: impl Read,
    cleaner: &mut Cleaner,
    text: &mut String,
    name: &str,
) -> Result<(), LoadError> {
    let mut chunk = vec![0u8; CHUNK_BYTES];
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(io_error(error, name)),
        };
        cleaner.feed(&chunk[..read], text);
        if cleaner.saw_nul() {
            return Ok(());
        }
    }
}

fn io_error(error: io::Error, name: &str) -> LoadError {
    let name = name.to_string();
    match error.kind() {
        io::ErrorKind::NotFound => LoadError::NotFound { name },
        io::ErrorKind::PermissionDenied => LoadError::PermissionDenied { name },
        _ => LoadError::Io {
            name,
            reason: inert(&error.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_loads_under_its_own_name() {
        let (library, report) = Library::load(&[Input::Sample]);
        assert!(report.errors.is_empty() && report.warnings.is_empty());
        assert_eq!(library.sources[0].name, SAMPLE_NAME);
        assert!(!library.articles.is_empty());
    }

    #[test]
    fn all_ids_at_once_are_each_articles_own_and_follow_added_sources() {
        // More articles than one thread takes (4,096), so the runs are split.
        const COUNT: usize = 4_099;
        let text: String = (0..COUNT)
            .map(|n| format!("Headline number {n} here\n\nPost {n} says little.\n\n"))
            .collect();
        let mut library = Library::from_text("many", &text);
        // One at a time before all are derived, then all at once: the same.
        let one_by_one: Vec<Option<ArticleId>> = (0..=COUNT).map(|at| library.id_at(at)).collect();
        let ids = library.ids().to_vec();
        assert_eq!(
            one_by_one[..COUNT],
            ids.iter().copied().map(Some).collect::<Vec<_>>()
        );
        assert_eq!(one_by_one[COUNT], None, "past the end");
        assert_eq!(library.id_at(COUNT - 1), Some(ids[COUNT - 1]));
        assert_eq!(ids.len(), COUNT);
        for at in [0, 1, COUNT / 2, COUNT - 1] {
            let expected = ArticleId::derive(
                &format!("Headline number {at} here"),
                &format!("Post {at} says little."),
            );
            assert_eq!(ids[at], expected, "article {at}");
            assert_eq!(library.id(&library.articles[at]), expected);
        }
        library.add(
            "one more".into(),
            "Another Headline Here\n\nIts body.".into(),
        );
        assert_eq!(library.ids().len(), COUNT + 1);
        assert_eq!(
            library.ids()[COUNT],
            ArticleId::derive("Another Headline Here", "Its body.")
        );
    }

    #[test]
    fn sources_are_numbered_in_input_order() {
        let mut library = Library::default();
        library.add("a".into(), "First headline here\n\nbody one.".into());
        library.add("b".into(), "Second headline here\n\nbody two.".into());
        assert_eq!(library.articles[1].source, 1);
        let article = &library.articles[1];
        assert_eq!(
            library.block_text(article, &library.blocks(article)[0]),
            "body two."
        );
        assert_eq!(library.source_name(article), "b");
        assert_eq!(library.body_text(article), "body two.");
        let mut empty = article.clone();
        empty.block_range = 0..0;
        assert_eq!(library.body_text(&empty), "");
    }

    #[test]
    fn an_article_in_two_inputs_is_one_article_naming_both() {
        let dir = tempfile::tempdir().expect("temp dir");
        let day = |name: &str, extra: &str| {
            let path = dir.path().join(name);
            std::fs::write(
                &path,
                format!("Rivers rise in the north\n\nThe water came up.\n\n{extra}"),
            )
            .expect("written");
            Input::Path(path)
        };
        let inputs = [
            day("monday.txt", "Budget talks resume\n\nTalks went on."),
            day("tuesday.txt", "Schools reopen today\n\nPupils went back."),
        ];
        let (library, report) = Library::load(&inputs);
        assert!(report.errors.is_empty());
        let titles: Vec<&str> = library.articles.iter().map(|a| library.title(a)).collect();
        assert_eq!(
            titles,
            [
                "Rivers rise in the north",
                "Budget talks resume",
                "Schools reopen today"
            ]
        );
        assert_eq!(library.ids().len(), 3, "one id per article kept");
        assert_eq!(library.ids()[2], library.id(&library.articles[2]));
        let meta = library.meta_line(&library.articles[0]);
        assert!(
            meta.contains("monday.txt (also in ") && meta.contains("tuesday.txt)"),
            "{meta}"
        );
        assert!(!library.meta_line(&library.articles[1]).contains("also in"));
    }

    #[test]
    fn from_text_cleans_before_parsing() {
        let library = Library::from_text("t", "Title\u{a0}here now\r\n\r\nBody\u{1b}[1m text.");
        assert_eq!(library.title(&library.articles[0]), "Title here now");
        let article = &library.articles[0];
        assert_eq!(
            library.block_text(article, &library.blocks(article)[0]),
            "Body text."
        );
    }

    /// What the whole-input cleaner makes of `bytes`, as loading says it.
    fn cleaned_at_once(bytes: &[u8]) -> Result<(String, Option<LoadWarning>), String> {
        let (text, report) = crate::text::clean(bytes);
        if let Some(offset) = report.first_nul {
            return Err(format!("binary at {offset}"));
        }
        let warning = report.invalid_utf8.map(|invalid| LoadWarning::InvalidUtf8 {
            name: "t".into(),
            offset: invalid.first_offset,
            count: invalid.count,
        });
        Ok((text, warning))
    }

    fn read_in_chunks(
        bytes: &[u8],
        head: usize,
        chunk: usize,
    ) -> Result<(String, Option<LoadWarning>), String> {
        let head = head.min(bytes.len());
        read_cleaning(bytes[..head].to_vec(), &bytes[head..], chunk, "t".into()).map_err(|error| {
            match error {
                LoadError::Binary { offset, .. } => format!("binary at {offset}"),
                other => other.to_string(),
            }
        })
    }

    #[test]
    fn text_that_needs_no_cleaning_is_read_as_it_is() {
        let text = "Héadline “quoted”\n\nBody 😀 text.\n";
        assert_eq!(
            read_in_chunks(text.as_bytes(), 3, 2),
            Ok((text.to_string(), None))
        );
        assert_eq!(
            read_in_chunks(b"ends in spaces   ", 0, 4),
            Ok(("ends in spaces".to_string(), None))
        );
    }

    proptest::proptest! {
        #[test]
        fn reading_with_the_check_cleans_exactly_as_the_cleaner_does(
            pieces in proptest::collection::vec(0usize..PIECES.len(), 0..40),
            head in 0usize..64,
            chunk in 1usize..16,
        ) {
            let bytes: Vec<u8> = pieces.iter().flat_map(|&at| PIECES[at].iter().copied()).collect();
            proptest::prop_assert_eq!(read_in_chunks(&bytes, head, chunk), cleaned_at_once(&bytes));
        }
    }

    /// Clean text and everything the cleaner changes, to be strung together.
    const PIECES: &[&[u8]] = &[
        b"plain words",
        b" ",
        b"\n",
        b"\n\n",
        b" \n",
        b"\t",
        b"\r\n",
        b"\r",
        "é".as_bytes(),
        "“”".as_bytes(),
        "😀".as_bytes(),
        "\u{a0}".as_bytes(),
        "\u{200b}".as_bytes(),
        "\u{feff}".as_bytes(),
        "\u{2028}".as_bytes(),
        "\u{85}".as_bytes(),
        "🏴\u{e0067}\u{e0062}\u{e007f}".as_bytes(),
        b"\x1b[31m",
        b"\x1b]0;title\x07",
        b"\xff",
        b"\xe2\x82",
        b"\0",
        b"\x7f",
    ];

    #[test]
    fn dash_means_standard_input() {
        assert_eq!(Input::from_arg(Path::new("-")), Input::Stdin);
        assert_eq!(
            Input::from_arg(Path::new("a.txt")),
            Input::Path(PathBuf::from("a.txt"))
        );
    }

    #[test]
    fn read_failures_become_one_sentence_naming_the_input() {
        let denied = io_error(io::ErrorKind::PermissionDenied.into(), "secret.txt");
        assert_eq!(denied.to_string(), "secret.txt: permission denied");
        let missing = io_error(io::ErrorKind::NotFound.into(), "gone.txt");
        assert_eq!(missing.to_string(), "gone.txt: no such file");
        let other = io_error(io::Error::other("disk on fire"), "x.txt");
        assert_eq!(other.to_string(), "x.txt: cannot read: disk on fire");
    }

    #[test]
    fn warnings_count_the_other_places() {
        let one = LoadWarning::InvalidUtf8 {
            name: "f".into(),
            offset: 7,
            count: 1,
        };
        let three = LoadWarning::InvalidUtf8 {
            name: "f".into(),
            offset: 7,
            count: 3,
        };
        assert_eq!(one.to_string(), "f: invalid UTF-8 at byte 7, shown as �");
        assert_eq!(
            three.to_string(),
            "f: invalid UTF-8 at byte 7 and 2 more places, shown as �"
        );
    }
}
