//! Work over a large slice, one run of it per thread: how folio uses every
//! core for per-article work (ids, folded headlines and text).

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
/// slices at the same places.
pub fn map_ranges<R: Send>(
    count: usize,
    run_len: usize,
    work: impl Fn(std::ops::Range<usize>) -> R + Sync,
) -> Vec<R> {
    let run_len = run_len.max(1);
    if count <= run_len {
        return vec![work(0..count)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .step_by(run_len)
            .map(|start| scope.spawn(move || work(start..(start + run_len).min(count))))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
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
    }

    #[test]
    fn few_items_make_one_run_and_many_one_per_thread() {
        assert_eq!(run_len(10, 2), 10);
        assert_eq!(
            run_len(PARALLEL_MIN_ITEMS + 1, 2),
            PARALLEL_MIN_ITEMS / 2 + 1
        );
        assert_eq!(run_len(PARALLEL_MIN_ITEMS, 0), PARALLEL_MIN_ITEMS);
    }
}
