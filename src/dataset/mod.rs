//! The incident model and everything needed to read it from disk: format
//! detection (JSON, JSONL, and ACLED/UCDP/GTD CSV exports), schema validation,
//! and making untrusted text safe for a terminal.

mod code_points;
mod csv_import;
mod date;
mod diagnostic;
mod field;
mod id_table;
mod invisible;
mod json_read;
mod json_sources;
mod json_value;
mod load;
mod model;
pub mod plural;
mod read_error;
pub use read_error::ReadError;
mod record;
mod resolve;
pub mod sanitize;
mod write_jsonl;

pub use compact_str::CompactString;
pub use date::PartialDate;
pub use diagnostic::{Diagnostic, Location, Severity};
pub use field::{
    fields_of, key, number_of_fields, Field, FieldKind, ValueKind, COUNT_FIELDS, DOCUMENT_KEYS,
    FIELD_COUNT, FIELD_NAMES, INCIDENT_KEYS, SOURCE_KEYS, SPAN_KEYS, TEXT_FIELDS,
};
pub use id_table::IdTable;
pub use load::{load_bytes, load_path, load_path_sharing, Arrived, Loaded, Progress, SAMPLE_NAME};
pub use model::{
    line_number, Anchor, Dataset, Document, Evidence, EvidenceFlags, Extra, FieldName, Incident,
    LocateMethod, Located, Source, Span, Warning, WarningKind, Warnings, CASUALTY_FIELDS,
    INCIDENT_FIELDS,
};
pub use write_jsonl::{incident_record, write_jsonl};
