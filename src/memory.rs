//! Hints to the kernel about large buffers.

/// Asks the kernel to back a large buffer's memory with huge pages where it
/// allows them (Linux's transparent huge pages in `madvise` mode, the
/// usual default): filling 166 MB is then some eighty page faults instead
/// of forty thousand, which were half the cost of reading a large dump.
/// Only a hint: the kernel may ignore it, and nothing changes but speed.
pub fn ask_for_huge_pages<T>(buffer: &mut Vec<T>) {
    const HUGE_PAGE: usize = 2 << 20;
    let bytes = buffer.capacity().saturating_mul(size_of::<T>());
    if bytes < 4 * HUGE_PAGE {
        return;
    }
    let start = buffer.as_mut_ptr() as usize;
    let aligned = start.next_multiple_of(HUGE_PAGE);
    let end = (start + bytes) / HUGE_PAGE * HUGE_PAGE;
    // SAFETY: the range lies inside the allocation `buffer` owns, and
    // MADV_HUGEPAGE changes only how its pages are backed, never what they
    // hold; a refusal is harmless and ignored.
    unsafe {
        libc::madvise(
            aligned as *mut libc::c_void,
            end - aligned,
            libc::MADV_HUGEPAGE,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hinted_buffer_keeps_what_it_holds() {
        let mut buffer: Vec<u64> = Vec::with_capacity(3 << 20);
        buffer.extend(0..1000);
        ask_for_huge_pages(&mut buffer);
        buffer.extend(1000..3 << 20);
        assert!(buffer.iter().enumerate().all(|(at, &n)| n == at as u64));
        let mut small = vec![7u8; 10];
        ask_for_huge_pages(&mut small);
        assert_eq!(small, [7; 10]);
    }
}
