//! Addresses read for the library: fetched several at a time but one at a
//! time per host ([`web::politely`]), each asked for conditionally when a copy is kept, the copy renewed when the body
//! changed, and the kept copy read instead when offline or when the fetch
//! fails.

use std::time::SystemTime;

use super::{Input, LoadError, LoadOptions, LoadWarning, Loaded, read_input};
use crate::offline::{Copies, Found, Kept};
use crate::text::inert;
use crate::web::{self, FetchError, Fetched, Limits, Outcome, Reason};

/// One input read: what it loaded into (or why not), and what is worth
/// saying about it either way.
pub(super) type Read = (Result<Loaded, LoadError>, Vec<LoadWarning>);

/// Reads every address among `inputs`, in their order, several at once
/// ([`web::politely`]); `None` for one that was not reached (it is then
/// read where it stands).
pub(super) fn read_all(inputs: &[Input], options: LoadOptions) -> Vec<Option<Read>> {
    let addresses: Vec<(&Input, &str)> = inputs
        .iter()
        .filter_map(|input| match input {
            Input::Url(subscription) => Some((input, subscription.url.as_str())),
            _ => None,
        })
        .collect();
    let urls: Vec<&str> = addresses.iter().map(|(_, url)| *url).collect();
    let mut slots: Vec<Option<Read>> = addresses.iter().map(|_| None).collect();
    web::politely(
        &urls,
        |index| {
            let mut notes = Vec::new();
            let read = read_input(addresses[index].0, options, &mut notes);
            (read, notes)
        },
        |batch| {
            for (index, read) in batch {
                slots[index] = Some(read);
            }
        },
    );
    slots
}

/// The body of `url`: fetched (only if changed, when a copy is kept) and
/// kept, or the kept copy when offline or when the fetch fails, which
/// `notes` then says.
pub(super) fn obtain(
    url: &str,
    options: LoadOptions,
    notes: &mut Vec<LoadWarning>,
) -> Result<Fetched, LoadError> {
    let kept = options.copies.and_then(|copies| kept(copies, url, notes));
    if options.offline {
        return kept
            .map(|kept| kept.fetched)
            .ok_or_else(|| LoadError::NotKept { name: inert(url) });
    }
    match (
        fetch_and_keep(url, options.web, options.copies, kept.as_ref()),
        kept,
    ) {
        (Ok(Outcome::Fetched(fetched)), _) => Ok(fetched),
        (Ok(Outcome::NotModified), Some(kept)) => Ok(kept.fetched),
        (Ok(Outcome::NotModified), None) => Err(LoadError::Fetch(not_asked(url))),
        (Err(failed), Some(kept)) => {
            notes.push(LoadWarning::Stale {
                age: kept.age(SystemTime::now()),
                failed,
            });
            Ok(kept.fetched)
        }
        (Err(failed), None) => Err(failed.into()),
    }
}

/// Fetches `url` again and keeps what came, for a refresh: whether its
/// copy changed, or why the fetch failed (the old copy is kept then).
pub fn renew(url: &str, limits: Limits, copies: &Copies) -> Result<bool, FetchError> {
    let kept = kept(copies, url, &mut Vec::new());
    match fetch_and_keep(url, limits, Some(copies), kept.as_ref())? {
        Outcome::Fetched(fetched) => {
            Ok(kept.is_none_or(|kept| kept.fetched.bytes != fetched.bytes))
        }
        Outcome::NotModified if kept.is_some() => Ok(false),
        Outcome::NotModified => Err(not_asked(url)),
    }
}

/// The copy kept of `url`; a damaged one is moved aside and noted.
fn kept(copies: &Copies, url: &str, notes: &mut Vec<LoadWarning>) -> Option<Kept> {
    match copies.get(url) {
        Found::Kept(kept) => Some(kept),
        Found::Damaged(said) => {
            notes.push(LoadWarning::Copies(said));
            None
        }
        Found::Nothing => None,
    }
}

/// Fetches `url`, asking only for a change when `kept` has validators, and
/// keeps a new body in `copies`.
fn fetch_and_keep(
    url: &str,
    limits: Limits,
    copies: Option<&Copies>,
    kept: Option<&Kept>,
) -> Result<Outcome, FetchError> {
    let known = kept
        .map(|kept| kept.fetched.validators.clone())
        .unwrap_or_default();
    let outcome = web::fetch(url, limits, &known)?;
    if let (Outcome::Fetched(fetched), Some(copies)) = (&outcome, copies) {
        copies.put(url, fetched, SystemTime::now());
    }
    Ok(outcome)
}

/// A 304 to a request that asked nothing: the server's mistake.
fn not_asked(url: &str) -> FetchError {
    FetchError {
        url: inert(url),
        reason: Reason::Status(304),
    }
}
