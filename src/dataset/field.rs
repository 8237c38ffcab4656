//! The incident's fields and the record keys of the format, defined once.
//!
//! Every list of fields the program uses — the reader's checks, the JSON
//! Lines writer, evidence field names, review corrections and the journal,
//! query filters, the search index's columns — is derived from the table
//! in [`incident_fields!`] below, so adding a field means adding its row
//! there (and its member of `Incident`) plus its tests. The keys of records that are
//! not fields (`type`, `id`, `sources`, the keys of a source and of an
//! evidence span) are the constants of [`key`].

use std::fmt;

/// The keys of records in the format that are not incident fields. Matches
/// on keys use these constants as patterns, so each name is written once.
pub mod key {
    pub const TYPE: &str = "type";
    pub const ID: &str = "id";
    pub const CONFIDENCE: &str = "confidence";
    pub const SOURCES: &str = "sources";
    /// Of a source.
    pub const DOCUMENT: &str = "document";
    /// Of a source.
    pub const EVIDENCE: &str = "evidence";
    /// Of an evidence span.
    pub const FIELD: &str = "field";
    /// Of an evidence span.
    pub const START: &str = "start";
    /// Of an evidence span.
    pub const END: &str = "end";
    /// Of an evidence span.
    pub const QUOTE: &str = "quote";
    /// Of a document.
    pub const TEXT: &str = "text";
}

/// What a field's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// A string.
    Text,
    /// A string that should parse as a partial date (`YYYY[-MM[-DD]]`).
    Date,
    /// A non-negative integer; `null` is unknown, which is not zero.
    Count,
}

/// Fields grouped by what they describe; each group has its own colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Casualties,
    Place,
    Actors,
    Date,
    Other,
}

impl FieldKind {
    pub const ALL: [FieldKind; 5] = [
        FieldKind::Casualties,
        FieldKind::Place,
        FieldKind::Actors,
        FieldKind::Date,
        FieldKind::Other,
    ];

    /// The group of a field named in evidence; `Other` for a name the
    /// format does not define.
    pub fn of(field: &str) -> FieldKind {
        Field::from_name(field).map_or(FieldKind::Other, Field::group)
    }

    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Casualties => "casualties",
            FieldKind::Place => "place",
            FieldKind::Actors => "actors",
            FieldKind::Date => "date",
            FieldKind::Other => "other",
        }
    }
}

/// Whether two short names (a record's keys, field names) are equal,
/// compared byte by byte: for a few bytes this is several times faster
/// than the call to `memcmp` that `==` makes. A `const fn`, so tables of
/// names can be worked out as the program is compiled too.
#[inline]
pub(crate) const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The table of fields: one row per field, its variant, its name in the
/// format (and the journal), the [`Incident`] member holding it, what it
/// holds, its evidence group, and the name a query filter types for it.
/// `incident_fields!(m)` hands the rows to macro `m`: here to declare
/// [`Field`], in the model to reach each field's member of [`Incident`].
///
/// [`Incident`]: super::Incident
macro_rules! incident_fields {
    ($then:ident) => {
        $then! {
            Date { name: "date", member: date, holds: Date, group: Date, filter: "date" },
            Province { name: "province", member: province, holds: Text, group: Place, filter: "province" },
            District { name: "district", member: district, holds: Text, group: Place, filter: "district" },
            Location { name: "location", member: location, holds: Text, group: Place, filter: "location" },
            Perpetrator { name: "perpetrator", member: perpetrator, holds: Text, group: Actors, filter: "perp" },
            Target { name: "target", member: target, holds: Text, group: Actors, filter: "target" },
            EventType { name: "event_type", member: event_type, holds: Text, group: Other, filter: "type" },
            Killed { name: "killed", member: killed, holds: Count, group: Casualties, filter: "killed" },
            Wounded { name: "wounded", member: wounded, holds: Count, group: Casualties, filter: "wounded" },
        }
    };
}
pub(super) use incident_fields;

/// Declares [`Field`] and what each field is from the rows of
/// [`incident_fields!`].
macro_rules! declare_fields {
    ($(
        $variant:ident {
            name: $name:literal,
            member: $member:ident,
            holds: $holds:ident,
            group: $group:ident,
            filter: $filter:literal $(,)?
        }
    ),* $(,)?) => {
        /// An incident field the format defines, in display order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field {
            $($variant,)*
        }

        impl Field {
            /// Every field, in display order.
            pub const ALL: [Field; [$(Field::$variant),*].len()] = [$(Field::$variant),*];

            /// The field's name in the format and in the review journal.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name,)*
                }
            }

            /// What the field holds.
            pub const fn kind(self) -> ValueKind {
                match self {
                    $(Field::$variant => ValueKind::$holds,)*
                }
            }

            /// The group its evidence is coloured by.
            pub const fn group(self) -> FieldKind {
                match self {
                    $(Field::$variant => FieldKind::$group,)*
                }
            }

            /// The name typed before a query filter's `:` (the format's
            /// name is accepted too).
            pub const fn filter_name(self) -> &'static str {
                match self {
                    $(Field::$variant => $filter,)*
                }
            }
        }
    };
}

incident_fields!(declare_fields);

/// How many fields there are.
pub const FIELD_COUNT: usize = Field::ALL.len();

/// Every field's name, in display order.
pub const FIELD_NAMES: [&str; FIELD_COUNT] = names(&Field::ALL);

impl Field {
    /// The field of a name as the format writes it.
    #[inline]
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| same_name(f.name(), name))
    }

    /// Its place in [`Field::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    pub const fn is_count(self) -> bool {
        matches!(self.kind(), ValueKind::Count)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// In the review journal a field is its name.
impl serde::Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Field, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("variant identifier")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Field, E> {
                Field::from_name(v).ok_or_else(|| E::unknown_variant(v, &FIELD_NAMES))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

/// The fields of one kind, in display order; `N` must be their number
/// (checked as the program is compiled).
pub const fn fields_of<const N: usize>(kinds: &[ValueKind]) -> [Field; N] {
    let mut out = [Field::Date; N];
    let (mut i, mut n) = (0, 0);
    while i < FIELD_COUNT {
        let f = Field::ALL[i];
        let mut k = 0;
        while k < kinds.len() {
            if f.kind() as u8 == kinds[k] as u8 {
                assert!(n < N, "N is less than the number of such fields");
                out[n] = f;
                n += 1;
            }
            k += 1;
        }
        i += 1;
    }
    assert!(n == N, "N is not the number of such fields");
    out
}

/// How many fields are of these kinds.
pub const fn number_of_fields(kinds: &[ValueKind]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < FIELD_COUNT {
        let mut k = 0;
        while k < kinds.len() {
            if Field::ALL[i].kind() as u8 == kinds[k] as u8 {
                n += 1;
            }
            k += 1;
        }
        i += 1;
    }
    n
}

/// The names of `fields`.
pub const fn names<const N: usize>(fields: &[Field; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = fields[i].name();
        i += 1;
    }
    out
}

/// The counts (the casualty figures).
pub const COUNT_FIELDS: [Field; number_of_fields(&[ValueKind::Count])] =
    fields_of(&[ValueKind::Count]);

/// The fields held as text (the date included), in display order.
pub const TEXT_FIELDS: [Field; number_of_fields(&[ValueKind::Date, ValueKind::Text])] =
    fields_of(&[ValueKind::Date, ValueKind::Text]);

/// `before`, then `middle`, then `after`; `N` must be their total length.
const fn concat<const N: usize>(
    before: &[&'static str],
    middle: &[&'static str],
    after: &[&'static str],
) -> [&'static str; N] {
    let mut out = [""; N];
    let mut n = 0;
    let parts = [before, middle, after];
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[n] = parts[p][i];
            n += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(n == N, "N is not the number of keys");
    out
}

/// The keys of an incident record in the format (with `type` in JSONL);
/// an unknown field cannot take one of these names.
pub const INCIDENT_KEYS: [&str; FIELD_COUNT + 4] = concat(
    &[key::TYPE, key::ID],
    &FIELD_NAMES,
    &[key::CONFIDENCE, key::SOURCES],
);

/// The keys of a document record in the format.
pub const DOCUMENT_KEYS: [&str; 8] = [
    key::TYPE,
    key::ID,
    "title",
    "outlet",
    "url",
    "published",
    "language",
    key::TEXT,
];

/// The keys of a source.
pub const SOURCE_KEYS: [&str; 2] = [key::DOCUMENT, key::EVIDENCE];

/// The keys of an evidence span.
pub const SPAN_KEYS: [&str; 4] = [key::FIELD, key::START, key::END, key::QUOTE];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_fields_map_both_ways() {
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
            assert_eq!(Field::ALL[f.index()], f);
        }
        assert_eq!(Field::from_name("confidence"), None);
        assert_eq!(
            FIELD_NAMES,
            [
                "date",
                "province",
                "district",
                "location",
                "perpetrator",
                "target",
                "event_type",
                "killed",
                "wounded",
            ]
        );
        assert_eq!(COUNT_FIELDS, [Field::Killed, Field::Wounded]);
        assert_eq!(TEXT_FIELDS.len() + COUNT_FIELDS.len(), FIELD_COUNT);
    }

    #[test]
    fn fields_serialise_as_their_names() {
        let json = serde_json::to_string(&Field::ALL).expect("serialises");
        assert_eq!(
            json,
            r#"["date","province","district","location","perpetrator","target","event_type","killed","wounded"]"#
        );
        let back: Vec<Field> = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, Field::ALL);
        let e = serde_json::from_str::<Field>(r#""casualties""#).expect_err("no such field");
        assert!(
            e.to_string()
                .starts_with("unknown variant `casualties`, expected one of `date`, `province`"),
            "{e}"
        );
    }
}
