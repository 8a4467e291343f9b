//! Stable sorting through one compiled sort.
//!
//! `slice::sort_by` is generic over the element type and the closure, so every call site
//! compiles its own copy of the standard library's stable sort (driftsort, ~4.7 KB of wasm
//! each). The analysis sorts in some thirty places — groups, sites, annotations, tree
//! children — and those copies were a fifth of the page's wasm. Here the sort runs once,
//! on indices, with the comparison behind a `dyn` call; each call site only adds a small
//! permutation loop. Every list sorted here is small or sorted once per analysis, so the
//! indirect call costs nothing measurable.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order — `slice::sort_by`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order = stable_order(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, &mut order);
}

/// Sorts `items` by `key`, keeping items with equal keys in their order —
/// `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their `Ord` order, keeping equal items in their order — `slice::sort`.
/// Also what replaces `slice::sort_unstable` for types whose equal values cannot be told
/// apart (integers, tuples of them, strings): there the result is the same, and one
/// compiled sort fewer ends up in the wasm.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The indices `0..len` in stable sorted order: the one place the sort is compiled.
fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`, in place, one
/// cycle of the permutation at a time (`order` is used up as the visited marks).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same result as the standard library's stable sort, including the order of
        /// equal keys (the second field tells equal keys apart).
        #[test]
        fn same_as_std_stable_sort(keys in proptest::collection::vec(0u8..6, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |item| std::cmp::Reverse(item.0));
            let mut std = items.clone();
            std.sort_by_key(|item| std::cmp::Reverse(item.0));
            prop_assert_eq!(&ours, &std);
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = items;
            // `sort_by` itself is what is compared here.
            #[allow(clippy::unnecessary_sort_by)]
            std.sort_by(|a, b| a.0.cmp(&b.0));
            prop_assert_eq!(ours, std);
        }

        /// `sort` gives what `sort_unstable` gives where equal values are the same.
        #[test]
        fn sort_is_sort_unstable_of_plain_values(values in proptest::collection::vec((0u8..6, 0u32..4), 0..200)) {
            let mut ours = values.clone();
            sort(&mut ours);
            let mut std = values;
            std.sort_unstable();
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn edge_cases() {
        let mut empty: Vec<u32> = Vec::new();
        sort_by_key(&mut empty, |x| *x);
        assert!(empty.is_empty());
        let mut words = vec!["pear", "fig", "apple", "kiwi"];
        sort_by_key(&mut words, |w| w.len());
        assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
    }
}
