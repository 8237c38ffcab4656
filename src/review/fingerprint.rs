//! A stable fingerprint of an incident as extracted, so a decision can tell
//! when the dataset changed under it.
//!
//! The fingerprint is FNV-1a 64 over a canonical byte serialisation, written
//! `fnv1a64:` and 16 lower-case hex digits. The serialisation, in order:
//!
//! - for each of `date, province, district, location, perpetrator, target,
//!   event_type` (the values as loaded, i.e. after cleaning): `N` when absent,
//!   or `S`, the UTF-8 length as 8 bytes little-endian, then the bytes;
//! - for `killed`, `wounded`: `N` when unknown, or `I` and the count as
//!   8 bytes little-endian;
//! - `R` and the number of sources (8 bytes LE); for each source its
//!   document id (as a string above), the number of evidence items (8 bytes
//!   LE), and for each item its field name (as a string), then `O`, start
//!   and end (8 bytes LE each) for offsets, or `Q` and the quote (as a string).
//!
//! Length prefixes make the encoding unambiguous; fixed-width little-endian
//! integers make it the same on every platform and run. The incident id,
//! confidence and unknown fields are not part of it: they do not change
//! what a reviewer judged. Changing this encoding changes every
//! fingerprint, so it would need a new name (`fnv1a64v2:`).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::dataset::{Anchor, Field, Incident, ValueKind};

/// The fields the encoding covers, in its order. Not `Field::ALL`: the
/// encoding is a format of its own, and a field added to the dataset format
/// would change every fingerprint (see the module documentation).
const ENCODED_FIELDS: [Field; 9] = [
    Field::Date,
    Field::Province,
    Field::District,
    Field::Location,
    Field::Perpetrator,
    Field::Target,
    Field::EventType,
    Field::Killed,
    Field::Wounded,
];

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
const PREFIX: &str = "fnv1a64:";

/// FNV-1a 64, fed incrementally.
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a64(u64);

impl Default for Fnv1a64 {
    fn default() -> Self {
        Fnv1a64(FNV_OFFSET)
    }
}

impl Fnv1a64 {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    pub fn finish(self) -> u64 {
        self.0
    }

    fn u64(&mut self, n: u64) {
        self.write(&n.to_le_bytes());
    }

    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }

    fn str(&mut self, s: &str) {
        self.write(b"S");
        self.len(s.len());
        self.write(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.write(b"N"),
        }
    }

    fn opt_count(&mut self, n: Option<u64>) {
        match n {
            Some(n) => {
                self.write(b"I");
                self.u64(n);
            }
            None => self.write(b"N"),
        }
    }
}

/// FNV-1a 64 of a byte string (journal file names use it too).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = Fnv1a64::default();
    h.write(bytes);
    h.finish()
}

/// The fingerprint of an incident's extracted fields and evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Fingerprint(pub u64);

impl Fingerprint {
    pub fn of(incident: &Incident) -> Fingerprint {
        let mut h = Fnv1a64::default();
        for field in ENCODED_FIELDS {
            match field.kind() {
                ValueKind::Text | ValueKind::Date => h.opt_str(field.text(incident)),
                ValueKind::Count => h.opt_count(field.count(incident)),
            }
        }
        h.write(b"R");
        h.len(incident.sources.len());
        for source in &incident.sources {
            h.str(&source.document_id);
            h.len(source.evidence.len());
            for ev in &source.evidence {
                h.str(&ev.field);
                match ev.anchor() {
                    Anchor::Offsets { start, end } => {
                        h.write(b"O");
                        h.len(start);
                        h.len(end);
                    }
                    Anchor::Quote(q) => {
                        h.write(b"Q");
                        h.str(q);
                    }
                }
            }
        }
        Fingerprint(h.finish())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}{:016x}", self.0)
    }
}

impl From<Fingerprint> for String {
    fn from(f: Fingerprint) -> String {
        f.to_string()
    }
}

impl TryFrom<String> for Fingerprint {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.strip_prefix(PREFIX)
            .filter(|hex| hex.len() == 16)
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
            .map(Fingerprint)
            .ok_or_else(|| format!("fingerprint must be {PREFIX} and 16 hex digits, not {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Evidence, Source};

    fn incident() -> Incident {
        Incident {
            id: "inc-1".into(),
            date: Some("2019-03-11".into()),
            province: Some("Kirkuk".into()),
            killed: Some(4),
            wounded: None,
            sources: vec![Source {
                document_id: "doc-1".into(),
                document: None,
                evidence: vec![Evidence::new(
                    "killed",
                    Anchor::Offsets { start: 3, end: 9 },
                )],
            }],
            ..Incident::default()
        }
    }

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprint_is_pinned_across_runs_and_platforms() {
        // Computed independently (a Python transcription of the encoding in
        // the module docs). If this changes, every journal's decisions would be
        // reported as "changed since review".
        assert_eq!(
            Fingerprint::of(&incident()).to_string(),
            "fnv1a64:dae6fe1ff936126d"
        );
    }

    #[test]
    fn every_reviewed_part_changes_the_fingerprint_but_the_id_does_not() {
        let base = Fingerprint::of(&incident());
        let mut i = incident();
        i.id = "other".into();
        i.confidence = Some(0.2);
        assert_eq!(Fingerprint::of(&i), base);
        let changes: Vec<fn(&mut Incident)> = vec![
            |i| i.killed = None,
            |i| i.killed = Some(5),
            |i| i.wounded = Some(0),
            |i| i.province = Some("Kirkuk ".into()),
            |i| i.district = Some("".into()),
            |i| {
                i.sources[0].evidence[0] =
                    Evidence::new("killed", Anchor::Offsets { start: 3, end: 10 })
            },
            |i| i.sources[0].evidence[0].field = "wounded".into(),
            |i| i.sources[0].document_id = "doc-2".into(),
            |i| i.sources.clear(),
        ];
        for change in changes {
            let mut i = incident();
            change(&mut i);
            assert_ne!(Fingerprint::of(&i), base, "{i:?}");
        }
        // Moving text between adjacent fields is a change too.
        let mut a = incident();
        a.province = Some("ab".into());
        a.district = Some("c".into());
        let mut b = incident();
        b.province = Some("a".into());
        b.district = Some("bc".into());
        assert_ne!(Fingerprint::of(&a), Fingerprint::of(&b));
    }

    #[test]
    fn text_form_round_trips() {
        let f = Fingerprint::of(&incident());
        let json = serde_json::to_string(&f).expect("serialises");
        let back: Fingerprint = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, f);
        assert!(serde_json::from_str::<Fingerprint>("\"md5:00\"").is_err());
    }
}
