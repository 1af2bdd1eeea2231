//! The connection scan's queue of landed labels: a monotone radix heap.
//!
//! The scan pops labels in (available time, id) order, and every label it
//! queues is available no earlier than the last one popped (a leg, a walk
//! or a service stop only moves forward in time) with a larger id (ids
//! are handed out in order). For such a monotone sequence a radix heap
//! (Ahuja, Mehlhorn, Orlin and Tarjan, "Faster algorithms for the shortest
//! path problem", J. ACM 37(2), 1990) is an exact priority queue that moves
//! each key at most once per bit of the key, into buckets read in order:
//! cheaper than a binary heap's sift-down over a large heap, which missed
//! the cache at every level (docs/performance.md).
//!
//! Keys are `(t - base) << 32 | id` with `base` the first time queued,
//! which orders exactly as `(t, id)`. A label outside that (a time before
//! `base`, more than 2^32 s after it, or before the last one popped: the
//! scan never queues one, but the queue does not rely on it) goes to a
//! binary heap beside, and the smaller of the two comes out first: the
//! order is (t, id) in every case.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::units::Secs;

/// A min-queue of `(time, id)`, exact for any sequence and fastest when
/// pushes are monotone (module docs).
#[derive(Debug)]
pub(super) struct ArrivalQueue {
    /// The first time pushed: keys count from it.
    base: Option<Secs>,
    /// The last key popped: every key in `buckets` is above it.
    last: u64,
    /// `buckets[i]` holds keys whose highest bit differing from `last`
    /// is bit `i - 1` (`buckets[0]`: equal to `last`, only while the
    /// smallest key is being popped).
    buckets: Vec<Vec<u64>>,
    /// Keys in `buckets`.
    len: usize,
    /// The smallest key in `buckets`, when known: a peek that is not
    /// followed by a pop (the scan peeks once per connection) reads its
    /// bucket once.
    min: Option<u64>,
    /// What the buckets cannot hold.
    spill: BinaryHeap<Reverse<(Secs, u32)>>,
}

/// Bucket of key `k` relative to `last` (`k >= last`).
fn bucket(k: u64, last: u64) -> usize {
    (u64::BITS - (k ^ last).leading_zeros()) as usize
}

impl ArrivalQueue {
    /// An empty queue.
    pub(super) fn new() -> ArrivalQueue {
        ArrivalQueue {
            base: None,
            last: 0,
            buckets: vec![Vec::new(); 65],
            len: 0,
            min: None,
            spill: BinaryHeap::new(),
        }
    }

    /// Whether the queue is empty.
    pub(super) fn is_empty(&self) -> bool {
        self.len == 0 && self.spill.is_empty()
    }

    /// Queues `id` at time `t`.
    pub(super) fn push(&mut self, t: Secs, id: u32) {
        let base = *self.base.get_or_insert(t);
        let key = u64::try_from(t.0 - base.0)
            .ok()
            .filter(|&d| d < 1 << 32)
            .map(|d| d << 32 | u64::from(id))
            .filter(|&k| k >= self.last);
        match key {
            Some(k) => {
                self.buckets[bucket(k, self.last)].push(k);
                self.len += 1;
                if let Some(m) = self.min {
                    self.min = Some(m.min(k));
                }
            }
            None => self.spill.push(Reverse((t, id))),
        }
    }

    /// The smallest `(time, id)` queued.
    pub(super) fn peek(&mut self) -> Option<(Secs, u32)> {
        let bucketed = self.min_key().map(|k| self.unkey(k));
        let spilled = self.spill.peek().map(|r| r.0);
        match (bucketed, spilled) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Removes and returns the smallest `(time, id)` queued.
    pub(super) fn pop(&mut self) -> Option<(Secs, u32)> {
        let first = self.peek()?;
        if self.spill.peek().is_some_and(|r| r.0 == first) {
            self.spill.pop();
            return Some(first);
        }
        let k = self.min.take().expect("peek found it");
        let i = bucket(k, self.last);
        if i > 0 {
            let mut keys = std::mem::take(&mut self.buckets[i]);
            self.last = k;
            for &x in &keys {
                // Every key of bucket i differs from the new `last` below
                // bit i - 1: it moves to a lower bucket.
                self.buckets[bucket(x, k)].push(x);
            }
            // Keep the allocation for the next time this bucket fills.
            keys.clear();
            self.buckets[i] = keys;
        }
        let popped = self.buckets[0].pop();
        debug_assert_eq!(popped, Some(k));
        self.len -= 1;
        Some(first)
    }

    /// `(time, id)` of key `k`.
    fn unkey(&self, k: u64) -> (Secs, u32) {
        let base = self.base.expect("a key was pushed");
        (Secs(base.0 + (k >> 32) as i64), k as u32)
    }

    /// The smallest key in the buckets.
    fn min_key(&mut self) -> Option<u64> {
        if self.len == 0 {
            return None;
        }
        if self.min.is_none() {
            let b = self
                .buckets
                .iter()
                .find(|b| !b.is_empty())
                .expect("len counts the keys");
            self.min = b.iter().copied().min();
        }
        self.min
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random pushes and pops, monotone or not, against a binary heap.
    fn run(seed: u64, monotone: bool) {
        let mut rng = seed;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let (mut q, mut oracle) = (ArrivalQueue::new(), BinaryHeap::new());
        let mut id = 0u32;
        let mut now = 1_600_000_000i64;
        for _ in 0..20_000 {
            let r = next();
            if r % 3 == 0 {
                let got = q.pop();
                let want = oracle.pop().map(|Reverse(x)| x);
                assert_eq!(got, want, "seed {seed}");
                if let Some((t, _)) = got {
                    now = now.max(t.0);
                }
            } else {
                let dt = match r % 7 {
                    0 => 0,
                    1 => (r >> 8) as i64 % 100_000,
                    _ => (r >> 8) as i64 % 3_600,
                };
                let t = if monotone {
                    now + dt
                } else {
                    // Before the last pop, before the base, or far on.
                    match r % 11 {
                        0 => now - dt - 1,
                        1 => now + (1i64 << 33),
                        _ => now + dt,
                    }
                };
                q.push(Secs(t), id);
                oracle.push(Reverse((Secs(t), id)));
                if id == 0 {
                    // Nothing is queued before the first time (the scan's
                    // start).
                    now = t;
                }
                id += 1;
            }
            assert_eq!(q.peek(), oracle.peek().map(|r| r.0));
            assert_eq!(q.is_empty(), oracle.is_empty());
        }
        if monotone {
            assert!(q.spill.is_empty(), "seed {seed}: a monotone push spilled");
        }
        while let Some(Reverse(want)) = oracle.pop() {
            assert_eq!(q.pop(), Some(want));
        }
        assert!(q.is_empty() && q.pop().is_none());
    }

    #[test]
    fn pops_in_time_and_id_order_like_a_binary_heap() {
        for seed in 1..=20 {
            run(seed, true);
            run(seed * 7919, false);
        }
    }

    #[test]
    fn monotone_pushes_stay_in_the_buckets() {
        let mut q = ArrivalQueue::new();
        for (i, t) in [5, 5, 9, 7, 100, 6].into_iter().enumerate() {
            q.push(Secs(t), i as u32);
        }
        assert_eq!(q.pop(), Some((Secs(5), 0)));
        q.push(Secs(5), 6);
        assert_eq!(q.pop(), Some((Secs(5), 1)));
        assert_eq!(q.pop(), Some((Secs(5), 6)));
        assert_eq!(q.pop(), Some((Secs(6), 5)));
        assert!(q.spill.is_empty());
    }
}
