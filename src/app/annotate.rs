//! What a selection in the article can become: evidence for a field (the
//! field picker, offering the value the selection states), or the start of
//! an incident the extraction missed (the edit form, prefilled by the
//! rules read over the selected sentences).

use std::ops::Range;

use super::edit_form::EditForm;
use super::text_input::InputKey;
use crate::dataset::{Dataset, FieldKind, Incident, PartialDate};
use crate::evidence::casualty::{self, Casualty};
use crate::extract::{Draft, Extractor, Valued};
use crate::review::{FieldValue, ReviewField};

/// One row of the field picker.
#[derive(Debug, Clone, PartialEq)]
pub struct PickChoice {
    pub field: ReviewField,
    pub kind: FieldKind,
    /// The value the selection states for the field, when it states one
    /// (a count the casualty reader finds, a gazetteer name).
    pub offered: Option<FieldValue>,
    /// The field's value now.
    pub current: Option<FieldValue>,
}

/// The field picker: which field the selection is evidence for.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPicker {
    /// The incident (dataset index) the evidence is for.
    pub incident: usize,
    /// The source (index into its sources) the selection is in.
    pub source: usize,
    /// The selected bytes of the article's cleaned text.
    pub range: Range<usize>,
    /// The selected text, for the picker's title.
    pub quote: String,
    pub choices: Vec<PickChoice>,
    pub focus: usize,
}

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    Picking,
    Cancelled,
    Chosen(PickChoice),
}

impl FieldPicker {
    pub fn new(
        incident: usize,
        source: usize,
        range: Range<usize>,
        quote: &str,
        shown: &Incident,
        offer: impl Fn(ReviewField) -> Option<FieldValue>,
    ) -> FieldPicker {
        let choices: Vec<PickChoice> = ReviewField::ALL
            .iter()
            .map(|&field| PickChoice {
                field,
                kind: field.group(),
                offered: offer(field),
                current: field.value_of(shown),
            })
            .collect();
        // The first field the selection states a value for is the likely one.
        let focus = choices
            .iter()
            .position(|c| c.offered.is_some())
            .unwrap_or(0);
        FieldPicker {
            incident,
            source,
            range,
            quote: quote.to_string(),
            choices,
            focus,
        }
    }

    /// Up and down move, a digit or Enter chooses, Esc closes.
    pub fn input(&mut self, key: InputKey) -> Picked {
        let n = self.choices.len();
        match key {
            InputKey::Esc => return Picked::Cancelled,
            InputKey::Up | InputKey::BackTab => self.focus = (self.focus + n - 1) % n,
            InputKey::Down | InputKey::Tab => self.focus = (self.focus + 1) % n,
            InputKey::Enter => return self.chosen(self.focus),
            InputKey::Char(c) => {
                if let Some(d) = c.to_digit(10).and_then(|d| usize::try_from(d).ok()) {
                    if (1..=n).contains(&d) {
                        return self.chosen(d - 1);
                    }
                }
            }
            _ => {}
        }
        Picked::Picking
    }

    fn chosen(&self, i: usize) -> Picked {
        self.choices
            .get(i)
            .cloned()
            .map_or(Picked::Picking, Picked::Chosen)
    }
}

/// The value `text` (a selection) states for `field`: for killed and
/// wounded the count the casualty reader finds, for province and district
/// the gazetteer's name.
pub fn offered_value(
    field: ReviewField,
    text: &str,
    dataset: &Dataset,
    extractor: Option<&Extractor>,
) -> Option<FieldValue> {
    let count = |c: Casualty| {
        let reading = casualty::read(text, c)?;
        // A range ("dozens") states no one number to offer.
        (reading.count.high.is_none_or(|h| h == reading.count.low))
            .then_some(FieldValue::Count(reading.count.low))
    };
    let name = text.trim();
    match field {
        ReviewField::Killed => count(Casualty::Killed),
        ReviewField::Wounded => count(Casualty::Wounded),
        ReviewField::Province => {
            let m = extractor.map(Extractor::matcher);
            m.and_then(|m| {
                m.province_named(name)
                    .map(|p| m.province_name(p).to_string())
            })
            .or_else(|| dataset.province_aliases.get(&name.to_lowercase()).cloned())
            .map(FieldValue::Text)
        }
        ReviewField::District => {
            let m = extractor?.matcher();
            let (d, _) = m.district_named(name)?;
            Some(FieldValue::Text(m.district_name(d).to_string()))
        }
        _ => None,
    }
}

/// An incident the reviewer is adding: the form, and the evidence the
/// rules found for its prefilled values.
#[derive(Debug, Clone)]
pub struct NewIncident {
    pub form: Box<EditForm>,
    /// The document (index into the dataset's documents) it comes from.
    pub document: usize,
    /// The values the form opened with.
    pub prefill: Box<Incident>,
    /// Evidence for the prefilled values: (field, bytes of the cleaned text).
    pub spans: Vec<(ReviewField, Range<usize>)>,
}

/// The first draft the rules read in `text[sentences]` that overlaps the
/// selection, as an incident's values and their evidence (byte ranges of
/// `text`). The selection is the evidence for the event type when the
/// rules give none.
pub fn prefill(
    extractor: Option<&Extractor>,
    text: &str,
    sentences: Range<usize>,
    selection: Range<usize>,
    published: Option<&PartialDate>,
) -> (Incident, Vec<(ReviewField, Range<usize>)>) {
    let mut incident = Incident::default();
    let mut spans: Vec<(ReviewField, Range<usize>)> = Vec::new();
    let slice = text.get(sentences.clone()).unwrap_or("");
    let drafts = extractor.map_or_else(Vec::new, |e| e.extract(slice, published));
    let at = |r: &Range<usize>| sentences.start + r.start..sentences.start + r.end;
    let overlaps = |d: &Draft| {
        d.sentences
            .iter()
            .any(|s| at(s).start < selection.end && at(s).end > selection.start)
    };
    if let Some(d) = drafts.iter().find(|d| overlaps(d)).or(drafts.first()) {
        let mut put = |field: ReviewField, value: FieldValue, found: &[Range<usize>]| {
            field.set_value(&mut incident, Some(&value));
            spans.extend(found.iter().map(|r| (field, at(r))));
        };
        let text_fields: [(ReviewField, &Option<Valued<String>>); 6] = [
            (ReviewField::Province, &d.province),
            (ReviewField::District, &d.district),
            (ReviewField::Location, &d.location),
            (ReviewField::Perpetrator, &d.perpetrator),
            (ReviewField::Target, &d.target),
            (ReviewField::EventType, &d.event_type),
        ];
        if let Some(v) = &d.date {
            put(
                ReviewField::Date,
                FieldValue::Text(v.value.to_string()),
                &v.spans,
            );
        }
        for (field, v) in text_fields {
            if let Some(v) = v {
                put(field, FieldValue::Text(v.value.clone()), &v.spans);
            }
        }
        for (field, v) in [
            (ReviewField::Killed, &d.killed),
            (ReviewField::Wounded, &d.wounded),
        ] {
            if let Some(v) = v {
                put(field, FieldValue::Count(v.value), &v.spans);
            }
        }
    }
    if !spans.iter().any(|(f, _)| *f == ReviewField::EventType) {
        spans.push((ReviewField::EventType, selection));
    }
    (incident, spans)
}

impl PartialEq for NewIncident {
    fn eq(&self, other: &NewIncident) -> bool {
        // The prefill is what the form opened with.
        self.form == other.form && self.document == other.document && self.spans == other.spans
    }
}
