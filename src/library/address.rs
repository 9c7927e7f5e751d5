//! Addresses read for the library: fetched several at a time but one at a
//! time per host ([`web::politely`]), each asked for conditionally when a copy is kept, the copy renewed when the body
//! changed, and the kept copy read instead when offline or when the fetch
//! fails.

use std::time::SystemTime;

use super::{Input, LoadError, LoadOptions, LoadWarning, Loaded, read_input};
use crate::offline::Found;
use crate::text::inert;
use crate::web::{self, FetchError, Fetched, Outcome, Reason};

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
    let kept = match options.copies.map(|copies| copies.get(url)) {
        Some(Found::Kept(kept)) => Some(kept),
        Some(Found::Damaged(said)) => {
            notes.push(LoadWarning::Copies(said));
            None
        }
        Some(Found::Nothing) | None => None,
    };
    if options.offline {
        return kept
            .map(|kept| kept.fetched)
            .ok_or_else(|| LoadError::NotKept { name: inert(url) });
    }
    let known = kept
        .as_ref()
        .map(|kept| kept.fetched.validators.clone())
        .unwrap_or_default();
    match (web::fetch(url, options.web, &known), kept) {
        (Ok(Outcome::Fetched(fetched)), _) => {
            if let Some(copies) = options.copies {
                copies.put(url, &fetched, SystemTime::now());
            }
            Ok(fetched)
        }
        (Ok(Outcome::NotModified), Some(kept)) => Ok(kept.fetched),
        (Ok(Outcome::NotModified), None) => Err(LoadError::Fetch(FetchError {
            url: inert(url),
            reason: Reason::Status(304),
        })),
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
