//! Addresses read for the library: fetched several at a time but one at a
//! time per host (a site with many feeds is not hammered), each asked for
//! conditionally when a copy is kept, the copy renewed when the body
//! changed, and the kept copy read instead when offline or when the fetch
//! fails.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use super::{Input, LoadError, LoadOptions, LoadWarning, Loaded, read_input};
use crate::offline::Found;
use crate::text::inert;
use crate::web::{self, FetchError, Fetched, Outcome, Reason};

/// Addresses fetched at once, at most: enough to hide most of each one's
/// round trips, few enough to be a polite client on a slow line.
const AT_ONCE: usize = 6;

/// One input read: what it loaded into (or why not), and what is worth
/// saying about it either way.
pub(super) type Read = (Result<Loaded, LoadError>, Vec<LoadWarning>);

/// Reads every address among `inputs`, in their order; `None` for one a
/// reader thread did not get to (it is then read where it stands).
pub(super) fn read_all(inputs: &[Input], options: LoadOptions) -> Vec<Option<Read>> {
    let addresses: Vec<&Input> = inputs
        .iter()
        .filter(|input| matches!(input, Input::Url(_)))
        .collect();
    let mut hosts: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (index, input) in addresses.iter().enumerate() {
        let Input::Url(subscription) = input else {
            continue;
        };
        let group = *hosts.entry(host(&subscription.url)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(index);
    }
    let slots: Vec<Mutex<Option<Read>>> = addresses.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE.min(groups.len()) {
            scope.spawn(|| {
                while let Some(group) = groups.get(next.fetch_add(1, Ordering::Relaxed)) {
                    for &index in group {
                        let mut notes = Vec::new();
                        let read = read_input(addresses[index], options, &mut notes);
                        if let Ok(mut slot) = slots[index].lock() {
                            *slot = Some((read, notes));
                        }
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect()
}

/// An address's host, lower case, for taking turns; the whole address
/// when it has none (it will fail alone).
fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|address| address.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_else(|| url.to_string())
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
