//! Splitting a shipment list over machines: `--shard K/N` keeps the rows
//! whose id hashes to shard K.
//!
//! The hash is 64-bit FNV-1a of the id's UTF-8 bytes: fixed by its
//! definition (not Rust's `Hash`, which may change between releases), so
//! the same id lands in the same shard on every machine and every run.

/// Shard `k` of `n` (1-based, `1 <= k <= n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, 1-based.
    pub k: u32,
    /// How many.
    pub n: u32,
}

/// A `--shard` that is not `K/N` with `1 <= K <= N`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a shard; write K/N with 1 <= K <= N, e.g. 2/8")]
pub struct ShardError(pub String);

impl Shard {
    /// Reads `K/N`.
    ///
    /// # Errors
    /// [`ShardError`], whose message says what is accepted.
    pub fn parse(text: &str) -> Result<Shard, ShardError> {
        let bad = || ShardError(text.to_string());
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Whether the row with shipment id `id` belongs to `shard`.
pub fn in_shard(id: &str, shard: Shard) -> bool {
    fnv1a(id.as_bytes()) % u64::from(shard.n) == u64::from(shard.k - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv1a_and_every_id_is_in_exactly_one_shard() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        for i in 0..1000 {
            let id = format!("S{i}");
            let n = (1..=7)
                .filter(|&k| in_shard(&id, Shard { k, n: 7 }))
                .count();
            assert_eq!(n, 1, "{id}");
        }
        assert_eq!(Shard::parse("2/8"), Ok(Shard { k: 2, n: 8 }));
        for bad in ["0/8", "9/8", "2", "a/b", "1/0"] {
            assert_eq!(Shard::parse(bad), Err(ShardError(bad.into())), "{bad}");
        }
    }
}
