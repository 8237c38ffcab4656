//! The value of each compared field, normalised so that spellings of one
//! thing compare equal, and agreement and Cohen's kappa over matched pairs.

use std::collections::HashMap;

use serde::Serialize;

use crate::dataset::{Incident, PartialDate};
use crate::evidence::fold::fold_str;
use crate::evidence::gazetteer::{key, Gazetteers};

/// The fields compared on matched pairs, in report order.
pub const COMPARED_FIELDS: [&str; 9] = [
    "killed",
    "wounded",
    "province",
    "district",
    "location",
    "date",
    "perpetrator",
    "target",
    "event_type",
];

/// Fields with a lenient agreement besides the exact one: word containment
/// for free text, and for the date the same day as far as the less precise
/// date goes.
const LENIENT_FIELDS: [&str; 4] = ["location", "date", "perpetrator", "target"];

/// Fields Cohen's kappa is worked out for: those whose values are
/// categories. Dates and locations are nearly unique to an incident, so
/// kappa there says no more than the raw agreement does.
const KAPPA_FIELDS: [&str; 7] = [
    "killed",
    "wounded",
    "province",
    "district",
    "perpetrator",
    "target",
    "event_type",
];

/// A field's value as compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    Count(u64),
    /// A place's canonical name through the gazetteers, else its key.
    Place(String),
    Date(DateValue),
    /// Folded words: case, white space and punctuation do not count.
    Words(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DateValue {
    Parsed(PartialDate),
    /// A date that does not parse, compared as folded text.
    Unparsed(String),
}

/// The words of a free-text value: folded, split at anything that is not
/// a letter or a digit.
pub(super) fn words(text: &str) -> Vec<String> {
    fold_str(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The canonical province for a name: the gazetteers' name, else the name's
/// key (so two spellings of a province no gazetteer knows still meet).
pub(super) fn province(name: &str, gaz: &Gazetteers) -> Option<String> {
    let name = gaz
        .province(name)
        .map_or_else(|| key(name), |p| p.name.clone());
    (!name.is_empty()).then_some(name)
}

/// [`province`] for districts.
pub(super) fn district(name: &str, gaz: &Gazetteers) -> Option<String> {
    let name = gaz
        .district(name)
        .map_or_else(|| key(name), |(_, d)| d.name.clone());
    (!name.is_empty()).then_some(name)
}

/// The value of one of [`COMPARED_FIELDS`] (`None`: no value, including a
/// text that is only punctuation and white space).
pub(super) fn value(field: &str, incident: &Incident, gaz: &Gazetteers) -> Option<Value> {
    let text = |t: Option<&str>| {
        let w = words(t?);
        (!w.is_empty()).then_some(Value::Words(w))
    };
    match field {
        "killed" => incident.killed.map(Value::Count),
        "wounded" => incident.wounded.map(Value::Count),
        "province" => province(incident.province.as_deref()?, gaz).map(Value::Place),
        "district" => district(incident.district.as_deref()?, gaz).map(Value::Place),
        "date" => match incident.date_parsed {
            Some(d) => Some(Value::Date(DateValue::Parsed(d))),
            None => {
                let w = words(incident.date.as_deref()?).join(" ");
                (!w.is_empty()).then_some(Value::Date(DateValue::Unparsed(w)))
            }
        },
        other => text(incident.text_field(other)),
    }
}

/// The lenient agreement of two values of a field that has one.
fn lenient(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Words(a), Value::Words(b)) => {
            let contains = |big: &[String], small: &[String]| small.iter().all(|w| big.contains(w));
            contains(a, b) || contains(b, a)
        }
        (Value::Date(DateValue::Parsed(a)), Value::Date(DateValue::Parsed(b))) => {
            a.year == b.year
                && (a.month.is_none() || b.month.is_none() || a.month == b.month)
                && (a.day.is_none() || b.day.is_none() || a.day == b.day)
        }
        (a, b) => a == b,
    }
}

/// The category a value counts as for kappa.
fn category(v: &Value) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Place(p) => p.clone(),
        Value::Date(DateValue::Parsed(d)) => d.to_string(),
        Value::Date(DateValue::Unparsed(s)) => s.clone(),
        Value::Words(w) => w.join(" "),
    }
}

/// How the two sides agree on one field over the matched pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldAgreement {
    pub field: &'static str,
    /// Pairs where both sides have a value.
    pub compared: usize,
    /// Of those, pairs whose values are equal.
    pub agree: usize,
    /// `agree / compared`; `None` when nothing was compared.
    pub agreement: Option<f64>,
    /// For location, perpetrator, target: pairs where one value's words
    /// all occur in the other; for the date: equal as far as the less
    /// precise one goes. `None` for the other fields.
    pub lenient_agree: Option<usize>,
    pub lenient_agreement: Option<f64>,
    /// Cohen's kappa over the compared pairs, for categorical fields;
    /// `None` when it is undefined (nothing compared, or chance agreement
    /// is certain because both sides use one category only).
    pub kappa: Option<f64>,
    /// Pairs where REFERENCE has a value and OTHER has none.
    pub missing_in_other: usize,
    /// Pairs where OTHER has a value and REFERENCE has none.
    pub extra_in_other: usize,
    /// Pairs where neither has a value.
    pub neither: usize,
}

/// Agreement on `field` over pairs of values (reference, other).
pub(super) fn agreement(
    field: &'static str,
    pairs: &[(Option<Value>, Option<Value>)],
) -> FieldAgreement {
    let mut out = FieldAgreement {
        field,
        compared: 0,
        agree: 0,
        agreement: None,
        lenient_agree: None,
        lenient_agreement: None,
        kappa: None,
        missing_in_other: 0,
        extra_in_other: 0,
        neither: 0,
    };
    let has_lenient = LENIENT_FIELDS.contains(&field);
    let mut lenient_agree = 0;
    let mut categories = Vec::new();
    for pair in pairs {
        match pair {
            (Some(a), Some(b)) => {
                out.compared += 1;
                out.agree += usize::from(a == b);
                if has_lenient {
                    lenient_agree += usize::from(lenient(a, b));
                }
                categories.push((category(a), category(b)));
            }
            (Some(_), None) => out.missing_in_other += 1,
            (None, Some(_)) => out.extra_in_other += 1,
            (None, None) => out.neither += 1,
        }
    }
    out.agreement = ratio(out.agree, out.compared);
    if has_lenient {
        out.lenient_agree = Some(lenient_agree);
        out.lenient_agreement = ratio(lenient_agree, out.compared);
    }
    if KAPPA_FIELDS.contains(&field) {
        out.kappa = cohen_kappa(&categories);
    }
    out
}

/// `part / whole`, `None` when `whole` is 0.
pub(super) fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Cohen's kappa of two raters' categories for the same items:
/// (p_o − p_e) / (1 − p_e), with p_o the observed agreement and p_e the
/// agreement expected by chance from each rater's category frequencies.
/// `None` when there are no items or p_e is 1 (one category only).
pub fn cohen_kappa<S: AsRef<str>>(ratings: &[(S, S)]) -> Option<f64> {
    if ratings.is_empty() {
        return None;
    }
    let n = ratings.len() as f64;
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut second: HashMap<&str, usize> = HashMap::new();
    let mut agree = 0usize;
    for (a, b) in ratings {
        let (a, b) = (a.as_ref(), b.as_ref());
        *first.entry(a).or_default() += 1;
        *second.entry(b).or_default() += 1;
        agree += usize::from(a == b);
    }
    let observed = agree as f64 / n;
    // Summed in a fixed order, so the same table always gives the same bits.
    let mut shared: Vec<(&str, usize)> = first.into_iter().collect();
    shared.sort_unstable();
    let expected: f64 = shared
        .iter()
        .map(|(c, k)| *k as f64 * second.get(c).copied().unwrap_or(0) as f64)
        .sum::<f64>()
        / (n * n);
    let room = 1.0 - expected;
    (room > 1e-12).then(|| (observed - expected) / room)
}
