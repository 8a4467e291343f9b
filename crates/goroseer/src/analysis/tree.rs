//! A call tree from weighted stacks, root to leaf, for icicle and flame graphs.
//!
//! Input stacks are leaf first, as dumps print them; the tree starts at the outermost
//! caller. Each node carries its self weight (stacks ending there) and total weight
//! (stacks passing through). The same builder serves goroutine stacks (weight = number
//! of goroutines) and heap or contention records (weight = the chosen sample value).
//!
//! The output is columnar and in depth-first pre-order with heavier children first, so
//! a renderer can lay it out in one pass: a node's children follow it, and its x
//! position is its parent's plus the totals of the siblings drawn before it.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{FrameId, FrameTable};

/// A call tree in columnar form. Node `i` is `frames[i]` called from node `parents[i]`
/// (`-1` for an outermost caller).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallTree {
    /// Sum of all input weights (stacks without frames included).
    pub total: i64,
    /// Frame of each node (an id in the document's frame table).
    pub frames: Vec<FrameId>,
    /// Parent node index of each node, `-1` for roots.
    pub parents: Vec<i32>,
    /// Weight of the stacks that end at each node.
    pub self_weights: Vec<i64>,
    /// Weight of the stacks that pass through each node (self included).
    pub total_weights: Vec<i64>,
}

#[derive(Default)]
struct Node {
    frame: FrameId,
    self_weight: i64,
    total: i64,
    children: Vec<u32>,
}

impl CallTree {
    /// Builds the tree of `stacks` (each leaf first, with its weight). Zero weights are
    /// skipped so that all-zero heap records do not clutter the graph.
    pub fn build<'a, I>(stacks: I) -> CallTree
    where
        I: IntoIterator<Item = (&'a [FrameId], i64)>,
    {
        // Node 0 is a virtual root that is not emitted.
        let mut nodes: Vec<Node> = vec![Node::default()];
        let mut index: HashMap<(u32, FrameId), u32> = HashMap::new();
        let mut total = 0i64;
        for (stack, weight) in stacks {
            total = total.saturating_add(weight);
            if weight == 0 || stack.is_empty() {
                continue;
            }
            let mut at = 0u32;
            for &frame in stack.iter().rev() {
                let next = match index.get(&(at, frame)) {
                    Some(&n) => n,
                    None => {
                        let n = nodes.len() as u32;
                        nodes.push(Node {
                            frame,
                            ..Node::default()
                        });
                        nodes[at as usize].children.push(n);
                        index.insert((at, frame), n);
                        n
                    }
                };
                let node = &mut nodes[next as usize];
                node.total = node.total.saturating_add(weight);
                at = next;
            }
            let leaf = &mut nodes[at as usize];
            leaf.self_weight = leaf.self_weight.saturating_add(weight);
        }
        let mut tree = CallTree {
            total,
            ..CallTree::default()
        };
        // Iterative pre-order walk (deep recursion in dumps must not overflow our stack).
        let mut pending: Vec<(u32, i32)> = Vec::new();
        push_children(&nodes, 0, -1, &mut pending);
        while let Some((n, parent)) = pending.pop() {
            let node = &nodes[n as usize];
            let me = tree.frames.len() as i32;
            tree.frames.push(node.frame);
            tree.parents.push(parent);
            tree.self_weights.push(node.self_weight);
            tree.total_weights.push(node.total);
            push_children(&nodes, n, me, &mut pending);
        }
        tree
    }

    /// Like [`CallTree::build`], but frames of one function at different lines are one
    /// node (what flame graphs usually show); each node's frame is the first frame of
    /// that function in the table.
    pub fn build_by_function<'a, I>(table: &FrameTable, stacks: I) -> CallTree
    where
        I: IntoIterator<Item = (&'a [FrameId], i64)>,
    {
        let mut first: HashMap<&str, FrameId> = HashMap::new();
        let canonical: Vec<FrameId> = (0..table.frames().len() as FrameId)
            .map(|id| *first.entry(&table.get(id).function).or_insert(id))
            .collect();
        let mapped: Vec<(Vec<FrameId>, i64)> = stacks
            .into_iter()
            .map(|(stack, w)| (stack.iter().map(|f| canonical[*f as usize]).collect(), w))
            .collect();
        CallTree::build(mapped.iter().map(|(s, w)| (s.as_slice(), *w)))
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// True when no stack had frames and weight.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }
}

/// Pushes `node`'s children so that the heaviest is popped first.
fn push_children(nodes: &[Node], node: u32, parent: i32, pending: &mut Vec<(u32, i32)>) {
    let mut children = nodes[node as usize].children.clone();
    crate::order::sort_by(&mut children, |a, b| {
        let (a, b) = (&nodes[*a as usize], &nodes[*b as usize]);
        b.total.cmp(&a.total).then(a.frame.cmp(&b.frame))
    });
    pending.extend(children.into_iter().rev().map(|c| (c, parent)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_common_callers_and_orders_heaviest_first() {
        // Leaf first: 3 called by 2 called by 1; 4 called by 2 called by 1.
        let a: &[FrameId] = &[3, 2, 1];
        let b: &[FrameId] = &[4, 2, 1];
        let c: &[FrameId] = &[];
        let t = CallTree::build([(a, 5), (b, 7), (c, 1)]);
        assert_eq!(t.total, 13);
        assert_eq!(t.frames, vec![1, 2, 4, 3]);
        assert_eq!(t.parents, vec![-1, 0, 1, 1]);
        assert_eq!(t.total_weights, vec![12, 12, 7, 5]);
        assert_eq!(t.self_weights, vec![0, 0, 7, 5]);
    }

    #[test]
    fn by_function_merges_lines_of_one_function() {
        let mut t = FrameTable::default();
        let leaf = t.intern("a.Leaf", "/a.go", 1);
        let m1 = t.intern("main.main", "/m.go", 3);
        let m2 = t.intern("main.main", "/m.go", 9);
        let (s1, s2) = ([leaf, m1], [leaf, m2]);
        let tree = CallTree::build_by_function(&t, [(&s1[..], 2), (&s2[..], 3)]);
        assert_eq!(tree.frames, vec![m1, leaf]);
        assert_eq!(tree.total_weights, vec![5, 5]);
    }

    #[test]
    fn recursion_makes_distinct_nodes_per_depth() {
        let a: &[FrameId] = &[1, 1, 1];
        let t = CallTree::build([(a, 2)]);
        assert_eq!(t.parents, vec![-1, 0, 1]);
        assert_eq!(t.self_weights, vec![0, 0, 2]);
    }
}
