//! Work over a large slice in runs, at most one thread per core working
//! them: how folio uses every core for per-article work (ids, folded
//! headlines and text, a feed's entries).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Fewer items than this are worked on one thread: spawning costs more.
const PARALLEL_MIN_ITEMS: usize = 4_096;

/// How many of `count` items to put in each run so `threads` threads share
/// them, or all of them in one run when there are too few to be worth it.
pub fn run_len(count: usize, threads: usize) -> usize {
    if count < PARALLEL_MIN_ITEMS {
        count
    } else {
        count.div_ceil(threads.max(1))
    }
}

/// `work` applied to each run of `run_len` items of `items` (the last run
/// may be shorter), the runs on threads of their own, the results in order.
/// A single run is worked on this thread; a panic in any run is raised here.
pub fn map_runs<T: Sync, R: Send>(
    items: &[T],
    run_len: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    map_ranges(items.len(), run_len, |range| work(&items[range]))
}

/// [`map_runs`] over the indices `0..count`: for work that reads several
/// slices at the same places. At most one thread per core works the runs,
/// each taking the next run when it finishes one, so runs of uneven cost
/// still keep every core busy; this thread is one of them.
pub fn map_ranges<R: Send>(
    count: usize,
    run_len: usize,
    work: impl Fn(std::ops::Range<usize>) -> R + Sync,
) -> Vec<R> {
    let run_len = run_len.max(1);
    if count <= run_len {
        return vec![work(0..count)];
    }
    let runs = count.div_ceil(run_len);
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, runs);
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let run = next.fetch_add(1, Ordering::Relaxed);
            if run >= runs {
                return done;
            }
            let start = run * run_len;
            done.push((run, work(start..(start + run_len).min(count))));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers).map(|_| scope.spawn(worker)).collect();
        let mut done = worker();
        for handle in handles {
            done.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    });
    done.sort_unstable_by_key(|(run, _)| *run);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Runs per thread for work whose items vary in cost (an entry's HTML may
/// be a line or a chapter): small enough that no thread is left with the
/// long tail.
const RUNS_PER_THREAD: usize = 8;

/// [`run_len`] for items of uneven cost: several runs a thread.
pub fn uneven_run_len(count: usize, threads: usize) -> usize {
    if count < PARALLEL_MIN_ITEMS {
        count
    } else {
        count.div_ceil(threads.max(1) * RUNS_PER_THREAD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_worked_in_order_and_cover_every_item() {
        let items: Vec<u32> = (0..10).collect();
        let sums = map_runs(&items, 4, |run| run.iter().sum::<u32>());
        assert_eq!(sums, [6, 22, 17]);
        assert_eq!(map_runs(&items, 0, <[u32]>::len), vec![1; 10]);
        assert_eq!(map_runs(&items, 100, <[u32]>::len), [10]);
        assert_eq!(map_runs(&[] as &[u32], 4, <[u32]>::len), [0]);
        assert_eq!(map_ranges(10, 4, |range| range), [0..4, 4..8, 8..10]);
        assert_eq!(map_ranges(0, 4, |range| (range.start, range.end)), [(0, 0)]);
        let many = map_ranges(1_000, 7, |range| range);
        assert_eq!(many.len(), 143, "more runs than threads are all worked");
        assert!(
            many.windows(2).all(|pair| pair[0].end == pair[1].start),
            "and come back in order"
        );
    }

    #[test]
    fn few_items_make_one_run_and_many_one_per_thread() {
        assert_eq!(run_len(10, 2), 10);
        assert_eq!(
            run_len(PARALLEL_MIN_ITEMS + 1, 2),
            PARALLEL_MIN_ITEMS / 2 + 1
        );
        assert_eq!(run_len(PARALLEL_MIN_ITEMS, 0), PARALLEL_MIN_ITEMS);
        assert_eq!(uneven_run_len(10, 2), 10);
        assert_eq!(
            uneven_run_len(PARALLEL_MIN_ITEMS * 16, 2),
            PARALLEL_MIN_ITEMS
        );
    }
}
