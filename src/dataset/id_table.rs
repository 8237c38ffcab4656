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

#[cfg(test)]
mod tests {
    use super::*;

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
