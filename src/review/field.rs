//! The incident fields a reviewer can correct, their values, and a compact
//! copy of an incident's extracted fields kept in every journal entry (so
//! "changed since review" can say which field changed).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::dataset::{Incident, PartialDate};

/// A correctable field of an incident, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewField {
    Date,
    Province,
    District,
    Location,
    Perpetrator,
    Target,
    EventType,
    Killed,
    Wounded,
}

impl ReviewField {
    pub const ALL: [ReviewField; 9] = [
        ReviewField::Date,
        ReviewField::Province,
        ReviewField::District,
        ReviewField::Location,
        ReviewField::Perpetrator,
        ReviewField::Target,
        ReviewField::EventType,
        ReviewField::Killed,
        ReviewField::Wounded,
    ];

    /// The field's name in the dataset and the journal.
    pub fn name(self) -> &'static str {
        match self {
            ReviewField::Date => "date",
            ReviewField::Province => "province",
            ReviewField::District => "district",
            ReviewField::Location => "location",
            ReviewField::Perpetrator => "perpetrator",
            ReviewField::Target => "target",
            ReviewField::EventType => "event_type",
            ReviewField::Killed => "killed",
            ReviewField::Wounded => "wounded",
        }
    }

    pub fn parse(name: &str) -> Option<ReviewField> {
        ReviewField::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn is_count(self) -> bool {
        matches!(self, ReviewField::Killed | ReviewField::Wounded)
    }

    /// The field's value in an incident; `None` is empty text or an unknown count.
    pub fn value_of(self, incident: &Incident) -> Option<FieldValue> {
        match self {
            ReviewField::Killed => incident.killed.map(FieldValue::Count),
            ReviewField::Wounded => incident.wounded.map(FieldValue::Count),
            text => incident
                .text_field(text.name())
                .map(|s| FieldValue::Text(s.to_string())),
        }
    }

    /// Validates what a person typed for this field (the edit form).
    ///
    /// Dates must be `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and exist; counts
    /// must be a non-negative integer or `unknown` (also an empty input).
    /// Text is trimmed; empty text clears the field.
    pub fn parse_input(self, input: &str) -> Result<Option<FieldValue>, String> {
        let input = input.trim();
        if self.is_count() {
            if input.is_empty() || input.eq_ignore_ascii_case("unknown") {
                return Ok(None);
            }
            return input
                .parse::<u64>()
                .map(|n| Some(FieldValue::Count(n)))
                .map_err(|_| {
                    format!(
                        "{} must be a non-negative whole number or \"unknown\", not {input:?}",
                        self.name()
                    )
                });
        }
        if input.is_empty() {
            return Ok(None);
        }
        if self == ReviewField::Date && PartialDate::parse(input).is_none() {
            return Err(format!(
                "date must be YYYY, YYYY-MM or YYYY-MM-DD (a real date), not {input:?}"
            ));
        }
        Ok(Some(FieldValue::Text(input.to_string())))
    }

    /// Whether a stored value fits this field (journal entries are checked
    /// on replay with the same rules as the edit form).
    pub fn accepts(self, value: Option<&FieldValue>) -> bool {
        match (self, value) {
            (_, None) => true,
            (f, Some(FieldValue::Count(_))) => f.is_count(),
            (ReviewField::Date, Some(FieldValue::Text(t))) => PartialDate::parse(t).is_some(),
            (f, Some(FieldValue::Text(t))) => !f.is_count() && !t.trim().is_empty(),
        }
    }
}

impl fmt::Display for ReviewField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A field value as stored in the journal: text (JSON string) or a count
/// (JSON number). The absence of a value (`Option::None`, JSON `null`) is
/// empty text or an unknown count.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    Count(u64),
    Text(String),
}

impl FieldValue {
    /// As shown to a person: counts as numbers, text as is.
    pub fn display(value: Option<&FieldValue>, field: ReviewField) -> String {
        match value {
            Some(FieldValue::Count(n)) => n.to_string(),
            Some(FieldValue::Text(t)) => t.clone(),
            None if field.is_count() => "unknown".into(),
            None => String::new(),
        }
    }

    /// The JSON value written into an exported dataset.
    pub fn to_json(value: Option<&FieldValue>) -> serde_json::Value {
        match value {
            Some(FieldValue::Count(n)) => serde_json::Value::from(*n),
            Some(FieldValue::Text(t)) => serde_json::Value::from(t.as_str()),
            None => serde_json::Value::Null,
        }
    }
}

/// The correctable fields of an incident as extracted: a compact copy kept
/// in each journal entry. Absent fields are omitted when written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perpetrator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wounded: Option<u64>,
}

impl Extracted {
    pub fn of(incident: &Incident) -> Extracted {
        Extracted {
            date: incident.date.as_deref().map(str::to_owned),
            province: incident.province.as_deref().map(str::to_owned),
            district: incident.district.as_deref().map(str::to_owned),
            location: incident.location.as_deref().map(str::to_owned),
            perpetrator: incident.perpetrator.as_deref().map(str::to_owned),
            target: incident.target.as_deref().map(str::to_owned),
            event_type: incident.event_type.as_deref().map(str::to_owned),
            killed: incident.killed,
            wounded: incident.wounded,
        }
    }

    pub fn get(&self, field: ReviewField) -> Option<FieldValue> {
        let text = |t: &Option<String>| t.clone().map(FieldValue::Text);
        match field {
            ReviewField::Date => text(&self.date),
            ReviewField::Province => text(&self.province),
            ReviewField::District => text(&self.district),
            ReviewField::Location => text(&self.location),
            ReviewField::Perpetrator => text(&self.perpetrator),
            ReviewField::Target => text(&self.target),
            ReviewField::EventType => text(&self.event_type),
            ReviewField::Killed => self.killed.map(FieldValue::Count),
            ReviewField::Wounded => self.wounded.map(FieldValue::Count),
        }
    }

    /// The fields whose values differ, in display order.
    pub fn diff(&self, now: &Extracted) -> Vec<FieldChange> {
        ReviewField::ALL
            .into_iter()
            .filter_map(|field| {
                let (then, current) = (self.get(field), now.get(field));
                (then != current).then_some(FieldChange {
                    field,
                    reviewed: then,
                    now: current,
                })
            })
            .collect()
    }
}

/// One field that differs between the incident as reviewed and as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: ReviewField,
    /// The extracted value when the decision was made.
    pub reviewed: Option<FieldValue>,
    /// The extracted value in the dataset now.
    pub now: Option<FieldValue>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_form_input_is_validated_per_field() {
        let f = ReviewField::Killed;
        assert_eq!(f.parse_input(" 12 "), Ok(Some(FieldValue::Count(12))));
        assert_eq!(f.parse_input("Unknown"), Ok(None));
        assert!(f.parse_input("-3").is_err());
        assert!(f.parse_input("2.5").is_err());
        let d = ReviewField::Date;
        assert_eq!(
            d.parse_input("2019-03"),
            Ok(Some(FieldValue::Text("2019-03".into())))
        );
        let e = d.parse_input("2019-02-30").expect_err("no such day");
        assert!(e.contains("YYYY-MM-DD"), "{e}");
        assert_eq!(ReviewField::Province.parse_input("  "), Ok(None));
    }

    #[test]
    fn stored_values_must_fit_the_field() {
        assert!(!ReviewField::Killed.accepts(Some(&FieldValue::Text("4".into()))));
        assert!(!ReviewField::Location.accepts(Some(&FieldValue::Count(4))));
        assert!(!ReviewField::Date.accepts(Some(&FieldValue::Text("last week".into()))));
        assert!(ReviewField::Wounded.accepts(None));
    }

    #[test]
    fn values_serialise_as_plain_json() {
        let v: Vec<Option<FieldValue>> =
            serde_json::from_str(r#"[3, "Kirkuk", null]"#).expect("parses");
        assert_eq!(
            v,
            vec![
                Some(FieldValue::Count(3)),
                Some(FieldValue::Text("Kirkuk".into())),
                None
            ]
        );
        for f in ReviewField::ALL {
            assert_eq!(ReviewField::parse(f.name()), Some(f));
        }
    }
}
