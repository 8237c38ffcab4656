//! Records found by their ids, in 5 bytes a slot.
//!
//! Loading a million records checks every id for duplicates and looks up
//! every cited document, and a hash map of `&str` to an index takes 25
//! bytes a slot (two slots per record): 50 MB, the peak of a whole load's
//! memory. This table holds only each record's number and asks the caller
//! for the id when it needs to compare. Hashing is foldhash: several times
//! faster than the standard SipHash, and still seeded at random per process.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// Record numbers, keyed by the ids the caller's `id_of` gives them.
pub struct IdTable {
    table: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl IdTable {
    pub fn with_capacity(records: usize) -> IdTable {
        IdTable {
            table: HashTable::with_capacity(records),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    /// Adds record `n` with id `id`, unless a record with that id is there
    /// already: then returns that record's number and adds nothing.
    ///
    /// Record numbers past `u32::MAX` are not indexed (four billion records
    /// do not fit in memory anyway): they are never found as duplicates.
    pub fn insert<'a>(
        &mut self,
        n: usize,
        id: &str,
        id_of: impl Fn(u32) -> &'a str,
    ) -> Option<u32> {
        let Ok(n) = u32::try_from(n) else {
            return None;
        };
        let hash = self.hasher.hash_one(id);
        let hasher = &self.hasher;
        match self
            .table
            .entry(hash, |&k| id_of(k) == id, |&k| hasher.hash_one(id_of(k)))
        {
            hashbrown::hash_table::Entry::Occupied(there) => Some(*there.get()),
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(n);
                None
            }
        }
    }

    /// The number of the record with id `id`.
    pub fn get<'a>(&self, id: &str, id_of: impl Fn(u32) -> &'a str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        self.table.find(hash, |&k| id_of(k) == id).copied()
    }
}

/// Records found by id, after their duplicates were found.
pub enum IdIndex {
    /// Every id sorts after the one before it: no two are equal, and a
    /// binary search finds one. Datasets written by a program are often in
    /// id order; checking that reads the records once, in order, where a
    /// hash table waits for memory at every record.
    Increasing,
    /// The first record of each id.
    Table(IdTable),
}

impl IdIndex {
    /// Indexes `count` records by the ids `id_of` gives them; returns the
    /// index and the numbers of the records whose id an earlier record has
    /// (in order). `increasing`: the caller knows the ids to be in
    /// increasing order already.
    pub fn build<'a>(
        count: usize,
        id_of: impl Fn(u32) -> &'a str,
        increasing: bool,
    ) -> (IdIndex, Vec<usize>) {
        let number = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        if increasing || (1..count).all(|n| id_of(number(n - 1)) < id_of(number(n))) {
            return (IdIndex::Increasing, Vec::new());
        }
        let mut table = IdTable::with_capacity(count);
        let mut duplicates = Vec::new();
        for n in 0..count {
            if table.insert(n, id_of(number(n)), &id_of).is_some() {
                duplicates.push(n);
            }
        }
        (IdIndex::Table(table), duplicates)
    }

    /// The number of the record with id `id` among the `count` indexed
    /// (for [`IdIndex::Increasing`], records past `u32::MAX` are found too).
    pub fn get<'a>(&self, id: &str, count: usize, id_of: impl Fn(u32) -> &'a str) -> Option<u32> {
        match self {
            IdIndex::Table(table) => table.get(id, id_of),
            IdIndex::Increasing => {
                let (mut low, mut high) = (0, count);
                while low < high {
                    let mid = low + (high - low) / 2;
                    let k = u32::try_from(mid).ok()?;
                    match id_of(k).cmp(id) {
                        std::cmp::Ordering::Less => low = mid + 1,
                        std::cmp::Ordering::Greater => high = mid,
                        std::cmp::Ordering::Equal => return Some(k),
                    }
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both kinds of index find every id and report the same duplicates.
    #[test]
    fn an_index_finds_what_a_table_finds() {
        for ids in [
            &["a", "b", "c", "d"][..],
            &["a", "b", "b", "c"],
            &["b", "a", "c", "a", "b"],
            &[],
            &["only"],
            &["x", "x"],
        ] {
            let id_of = |k: u32| ids[k as usize];
            let (index, duplicates) = IdIndex::build(ids.len(), id_of, false);
            let mut table = IdTable::with_capacity(0);
            let expected: Vec<usize> = (0..ids.len())
                .filter(|&n| table.insert(n, ids[n], id_of).is_some())
                .collect();
            assert_eq!(duplicates, expected, "{ids:?}");
            let sorted = ids.windows(2).all(|w| w[0] < w[1]);
            assert_eq!(matches!(index, IdIndex::Increasing), sorted, "{ids:?}");
            for id in ids.iter().chain(&["", "zz", "aa"]) {
                assert_eq!(
                    index.get(id, ids.len(), id_of),
                    table.get(id, id_of),
                    "{id:?} in {ids:?}"
                );
            }
        }
    }

    #[test]
    fn finds_records_by_id_and_reports_the_first_of_a_duplicate() {
        let ids = ["a", "b", "a", "c", "b"];
        let mut table = IdTable::with_capacity(2);
        let firsts: Vec<Option<u32>> = ids
            .iter()
            .enumerate()
            .map(|(n, id)| table.insert(n, id, |k| ids[k as usize]))
            .collect();
        assert_eq!(firsts, [None, None, Some(0), None, Some(1)]);
        assert_eq!(table.get("c", |k| ids[k as usize]), Some(3));
        assert_eq!(table.get("b", |k| ids[k as usize]), Some(1));
        assert_eq!(table.get("z", |k| ids[k as usize]), None);
    }
}
