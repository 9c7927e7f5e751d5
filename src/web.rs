//! Fetching an address over HTTP(S): one blocking request (folio's threads
//! need no async runtime), with the bounds a reader owes the person and the
//! server — a connect and a total timeout, a size cap, a bounded number of
//! redirects, gzip, proxies from the environment, a `User-Agent` naming
//! folio — and every failure said in one sentence that names the address.
//! A fetch can be conditional: with the validators a server gave last time
//! (`ETag`, `Last-Modified`), an unchanged body costs one small round trip.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ureq::Agent;
use ureq::http::{HeaderMap, StatusCode, header};

use crate::text::inert;

/// Redirects followed before giving up: enough for http→https→www→path,
/// few enough that a loop ends at once.
pub const MAX_REDIRECTS: u32 = 10;

/// How long connecting (DNS, TCP, TLS) may take, whatever the total allows.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Sent with every request, so a server's owner can see who is asking.
const USER_AGENT: &str = concat!("folio/", env!("CARGO_PKG_VERSION"), " (terminal reader)");

/// The size cap unless configured otherwise, in megabytes.
pub const DEFAULT_MAX_MEGABYTES: u16 = 50;

/// The total timeout unless configured otherwise, in seconds.
pub const DEFAULT_TIMEOUT_SECONDS: u16 = 30;

/// How far one fetch may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of body (after decompression) past which the fetch fails.
    pub max_bytes: u64,
    /// Time for the whole exchange, redirects and body included.
    pub timeout: Duration,
}

impl Limits {
    /// A cap of `megabytes` and a total timeout of `seconds`.
    pub fn new(megabytes: u16, seconds: u16) -> Limits {
        Limits {
            max_bytes: u64::from(megabytes) * 1_000_000,
            timeout: Duration::from_secs(u64::from(seconds)),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new(DEFAULT_MAX_MEGABYTES, DEFAULT_TIMEOUT_SECONDS)
    }
}

/// What a fetch brought back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The body, decompressed.
    pub bytes: Vec<u8>,
    /// The media type the server gave (`application/rss+xml`), lower case,
    /// without parameters.
    pub media_type: Option<String>,
    /// What to send next time to learn whether the body changed.
    pub validators: Validators,
}

/// What a server said identifies a body, sent back to ask whether it
/// changed (`If-None-Match`, `If-Modified-Since`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` header, as given.
    pub etag: Option<String>,
    /// The `Last-Modified` header, as given.
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether the server gave anything to ask with.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }

    /// The validators in a response's headers; a value that is not
    /// visible ASCII could not be sent back, so it is not kept.
    fn from_headers(headers: &HeaderMap) -> Validators {
        let value = |name| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|value| {
                    !value.is_empty()
                        && value
                            .bytes()
                            .all(|byte| byte.is_ascii_graphic() || byte == b' ')
                })
                .map(str::to_string)
        };
        Validators {
            etag: value(header::ETAG),
            last_modified: value(header::LAST_MODIFIED),
        }
    }
}

/// What a conditional fetch found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A body: new, changed, or asked for without validators.
    Fetched(Fetched),
    /// The server says the body the validators name is still current.
    NotModified,
}

/// Why a fetch failed; shown as one sentence naming the address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchError {
    /// The address as given, made inert.
    pub url: String,
    /// What went wrong.
    pub reason: Reason,
}

/// What went wrong with a fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Not an http:// or https:// address with a host.
    BadAddress(String),
    /// The host name did not resolve; the resolver's words, if it had any.
    NoSuchHost(Option<String>),
    /// Nothing listens there.
    Refused,
    /// No answer in time.
    TimedOut(Duration),
    /// The secure connection could not be made.
    Tls(String),
    /// The server answered with an error status.
    Status(u16),
    /// Redirects went on past [`MAX_REDIRECTS`].
    TooManyRedirects,
    /// The body went past the size cap.
    TooLarge(u64),
    /// Anything else on the way, in the words of the layer that said it.
    Other(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = &self.url;
        match &self.reason {
            Reason::BadAddress(why) => write!(f, "{url}: not an address folio can fetch ({why})"),
            Reason::NoSuchHost(None) => write!(f, "{url}: no such host (the name did not resolve)"),
            Reason::NoSuchHost(Some(why)) => {
                write!(f, "{url}: no such host (the name did not resolve: {why})")
            }
            Reason::Refused => write!(f, "{url}: connection refused"),
            Reason::TimedOut(limit) => {
                write!(
                    f,
                    "{url}: no answer within {} s (timed out)",
                    limit.as_secs()
                )
            }
            Reason::Tls(why) => write!(f, "{url}: the secure connection failed ({why})"),
            Reason::Status(code) => {
                let reason = StatusCode::from_u16(*code)
                    .ok()
                    .and_then(|status| status.canonical_reason())
                    .map(|reason| format!(" {reason}"))
                    .unwrap_or_default();
                write!(f, "{url}: the server answered HTTP {code}{reason}")
            }
            Reason::TooManyRedirects => {
                write!(f, "{url}: more than {MAX_REDIRECTS} redirects (a loop?)")
            }
            Reason::TooLarge(limit) => write!(
                f,
                "{url}: larger than {} MB, folio's limit ([web] max-megabytes)",
                limit / 1_000_000
            ),
            Reason::Other(why) => write!(f, "{url}: {why}"),
        }
    }
}

impl std::error::Error for FetchError {}

/// Whether a command-line argument is a web address rather than a path:
/// it starts with `http://` or `https://`, in any case.
pub fn is_address(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Addresses worked on at once, at most: enough to hide most of each one's
/// round trips, few enough to be a polite client on a slow line.
pub const AT_ONCE: usize = 6;

/// Runs `work` for each of `urls` (by its place), [`AT_ONCE`] at a time
/// but one at a time per host, so a site with many feeds is not hammered.
/// Results come back to this thread as they are ready, in batches: `each`
/// gets every result that finished while it was busy with the last batch,
/// so slow handling (reloading a library) coalesces instead of queueing.
pub fn politely<T: Send>(
    urls: &[&str],
    work: impl Fn(usize) -> T + Sync,
    mut each: impl FnMut(Vec<(usize, T)>),
) {
    let mut hosts: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (index, url) in urls.iter().enumerate() {
        let group = *hosts.entry(host(url)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(index);
    }
    let next = AtomicUsize::new(0);
    let (sender, results) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE.min(groups.len()) {
            let sender = sender.clone();
            let (groups, next, work) = (&groups, &next, &work);
            scope.spawn(move || {
                while let Some(group) = groups.get(next.fetch_add(1, Ordering::Relaxed)) {
                    for &index in group {
                        if sender.send((index, work(index))).is_err() {
                            return;
                        }
                    }
                }
            });
        }
        drop(sender);
        while let Ok(first) = results.recv() {
            let mut batch = vec![first];
            batch.extend(results.try_iter());
            each(batch);
        }
    });
}

/// An address's host, lower case, for taking turns; the whole address
/// when it has none (it will fail alone).
fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|address| address.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_else(|| url.to_string())
}

/// Fetches `url` with a GET, within `limits`; with validators from a
/// copy kept earlier (`known`), asks for the body only if it changed.
pub fn fetch(url: &str, limits: Limits, known: &Validators) -> Result<Outcome, FetchError> {
    let fail = |reason| FetchError {
        url: inert(url),
        reason,
    };
    let address =
        url::Url::parse(url).map_err(|error| fail(Reason::BadAddress(error.to_string())))?;
    if !matches!(address.scheme(), "http" | "https") || address.host_str().is_none() {
        return Err(fail(Reason::BadAddress(
            "it needs http:// or https:// and a host".into(),
        )));
    }
    let agent: Agent = Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .timeout_connect(Some(CONNECT_TIMEOUT.min(limits.timeout)))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(USER_AGENT)
        .http_status_as_error(false)
        .build()
        .into();
    let secure = address.scheme() == "https";
    let mut request = agent.get(address.as_str());
    if let Some(etag) = &known.etag {
        request = request.header(header::IF_NONE_MATCH, etag);
    }
    if let Some(since) = &known.last_modified {
        request = request.header(header::IF_MODIFIED_SINCE, since);
    }
    let mut response = request
        .call()
        .map_err(|error| fail(reason(error, limits, secure)))?;
    let status = response.status().as_u16();
    if status == 304 && !known.is_empty() {
        return Ok(Outcome::NotModified);
    }
    // Redirects are followed; one left (no Location) is no body to read.
    if status >= 300 {
        return Err(fail(Reason::Status(status)));
    }
    let validators = Validators::from_headers(response.headers());
    let media_type = response
        .body()
        .mime_type()
        .map(|media| media.trim().to_ascii_lowercase());
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|error| fail(reason(error, limits, false)))?;
    Ok(Outcome::Fetched(Fetched {
        bytes,
        media_type,
        validators,
    }))
}

/// What ureq's error means for the person; `connecting` when it came
/// before any answer on a secure connection, where bad data is TLS's.
fn reason(error: ureq::Error, limits: Limits, connecting: bool) -> Reason {
    match error {
        ureq::Error::HostNotFound => Reason::NoSuchHost(None),
        ureq::Error::Timeout(_) => Reason::TimedOut(limits.timeout),
        ureq::Error::TooManyRedirects => Reason::TooManyRedirects,
        ureq::Error::BodyExceedsLimit(limit) => Reason::TooLarge(limit),
        ureq::Error::StatusCode(code) => Reason::Status(code),
        ureq::Error::Tls(why) => Reason::Tls(why.to_string()),
        ureq::Error::Rustls(error) => Reason::Tls(error.to_string()),
        ureq::Error::BadUri(why) => Reason::BadAddress(why),
        ureq::Error::Decompress(_, _) => {
            Reason::Other("the compressed body is damaged".to_string())
        }
        ureq::Error::Io(error) => io_reason(&error, limits, connecting),
        other => Reason::Other(other.to_string()),
    }
}

/// The words the standard library's resolver starts its failures with.
const LOOKUP_FAILED: &str = "failed to lookup address information: ";

fn io_reason(error: &io::Error, limits: Limits, connecting: bool) -> Reason {
    let words = error.to_string();
    if let Some(why) = words.strip_prefix(LOOKUP_FAILED) {
        return Reason::NoSuchHost(Some(why.to_string()));
    }
    match error.kind() {
        io::ErrorKind::InvalidData if connecting => Reason::Tls(words),
        io::ErrorKind::ConnectionRefused => Reason::Refused,
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Reason::TimedOut(limits.timeout),
        io::ErrorKind::ConnectionReset | io::ErrorKind::UnexpectedEof => {
            Reason::Other("the server closed the connection midway".to_string())
        }
        _ => Reason::Other(words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_told_from_paths_by_their_scheme() {
        assert!(is_address("https://example.org/feed.xml"));
        assert!(is_address("HTTP://example.org"));
        assert!(!is_address("httpdocs/feed.xml"));
        assert!(!is_address("ftp://example.org/feed"));
        assert!(!is_address("-"));
        assert!(!is_address("https:"));
    }

    #[test]
    fn politely_works_on_each_address_once_and_one_host_in_turn() {
        use std::sync::Mutex;
        let urls = [
            "https://a.test/1",
            "https://b.test/1",
            "https://A.test/2",
            "https://a.test/3",
            "not an address",
        ];
        let busy: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());
        let overlapped = AtomicUsize::new(0);
        let mut seen = Vec::new();
        politely(
            &urls,
            |index| {
                let host = host(urls[index]);
                let at_once = {
                    let mut busy = busy.lock().unwrap();
                    let count = busy.entry(host.clone()).or_default();
                    *count += 1;
                    *count
                };
                if at_once > 1 {
                    overlapped.fetch_add(1, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(20));
                *busy.lock().unwrap().get_mut(&host).unwrap() -= 1;
                index * 10
            },
            |batch| seen.extend(batch),
        );
        seen.sort_unstable();
        assert_eq!(seen, [(0, 0), (1, 10), (2, 20), (3, 30), (4, 40)]);
        assert_eq!(
            overlapped.load(Ordering::Relaxed),
            0,
            "one host was asked twice at once"
        );
    }

    #[test]
    fn an_address_without_a_host_is_refused_before_any_request() {
        let limits = Limits::new(1, 1);
        let error = fetch("https://", limits, &Validators::default()).unwrap_err();
        assert!(matches!(error.reason, Reason::BadAddress(_)), "{error}");
        assert!(error.to_string().starts_with("https://: not an address"));
    }

    #[test]
    fn an_address_with_escapes_is_named_inert() {
        let limits = Limits::new(1, 1);
        let error = fetch("http://exa\u{1b}[31mmple/", limits, &Validators::default()).unwrap_err();
        assert!(!error.to_string().contains('\u{1b}'), "{error}");
    }
}
