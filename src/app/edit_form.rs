//! The edit form (`e`): one text field per incident field, validated as
//! typed, with province completion from the gazetteer.

use super::text_input::{InputKey, TextInput};
use crate::dataset::Incident;
use crate::review::{FieldValue, ReviewField};

/// One field of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub field: ReviewField,
    pub input: TextInput,
    /// The value shown when the form opened.
    pub original: Option<FieldValue>,
    /// Why the current text is not a valid value.
    pub error: Option<String>,
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormOutcome {
    /// Still editing.
    Editing,
    /// Closed without saving.
    Cancelled,
    /// Saved: the fields whose value changed, with old and new values.
    Saved(Vec<(ReviewField, Option<FieldValue>, Option<FieldValue>)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EditForm {
    /// Index of the incident in the dataset.
    pub incident: usize,
    pub incident_id: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// Province names to complete from (canonical gazetteer names).
    provinces: Vec<String>,
    /// Shown when Enter was pressed with invalid fields.
    pub message: Option<String>,
}

impl EditForm {
    /// A form showing `shown` (the incident with corrections applied).
    pub fn new(incident: usize, shown: &Incident, provinces: Vec<String>) -> EditForm {
        let fields = ReviewField::ALL
            .iter()
            .map(|&field| {
                let original = field.value_of(shown);
                let text = match (&original, field.is_count()) {
                    (None, true) => "unknown".to_string(),
                    _ => FieldValue::display(original.as_ref(), field),
                };
                FormField {
                    field,
                    input: TextInput::new(&text),
                    original,
                    error: None,
                }
            })
            .collect();
        EditForm {
            incident,
            incident_id: shown.id.to_string(),
            fields,
            focus: 0,
            provinces,
            message: None,
        }
    }

    /// Province names that complete what is typed in the province field.
    pub fn suggestions(&self) -> Vec<&str> {
        let Some(f) = self.fields.get(self.focus) else {
            return Vec::new();
        };
        if f.field != ReviewField::Province {
            return Vec::new();
        }
        let typed = f.input.text().trim().to_lowercase();
        if typed.is_empty() {
            return Vec::new();
        }
        self.provinces
            .iter()
            .filter(|p| {
                let p = p.to_lowercase();
                p.starts_with(&typed) && p != typed
            })
            .take(5)
            .map(String::as_str)
            .collect()
    }

    fn validate(f: &mut FormField) {
        f.error = f.field.parse_input(f.input.text()).err();
    }

    pub fn input(&mut self, key: InputKey) -> FormOutcome {
        self.message = None;
        let n = self.fields.len();
        match key {
            InputKey::Esc => return FormOutcome::Cancelled,
            InputKey::Up | InputKey::BackTab => self.focus = (self.focus + n - 1) % n,
            InputKey::Down => self.focus = (self.focus + 1) % n,
            InputKey::Tab => {
                let first = self.suggestions().first().map(|s| s.to_string());
                match first {
                    Some(name) => {
                        let f = &mut self.fields[self.focus];
                        f.input.set(&name);
                        Self::validate(f);
                    }
                    None => self.focus = (self.focus + 1) % n,
                }
            }
            InputKey::Enter => return self.save(),
            other => {
                let f = &mut self.fields[self.focus];
                if f.input.edit(other) {
                    Self::validate(f);
                }
            }
        }
        FormOutcome::Editing
    }

    fn save(&mut self) -> FormOutcome {
        let mut changes = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            match f.field.parse_input(f.input.text()) {
                Ok(value) if value != f.original => {
                    changes.push((f.field, f.original.clone(), value));
                }
                Ok(_) => {}
                Err(e) => {
                    self.focus = i;
                    self.message = Some(format!("{}: {e}", f.field.name()));
                    return FormOutcome::Editing;
                }
            }
        }
        FormOutcome::Saved(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident() -> Incident {
        Incident {
            id: "i1".into(),
            date: Some("2021-03-04".into()),
            province: Some("Kerkuk".into()),
            killed: Some(3),
            ..Incident::default()
        }
    }

    fn form() -> EditForm {
        EditForm::new(
            0,
            &incident(),
            vec!["Kirkuk".into(), "Karbala".into(), "Diyala".into()],
        )
    }

    fn type_text(f: &mut EditForm, text: &str) {
        for c in text.chars() {
            f.input(InputKey::Char(c));
        }
    }

    fn clear(f: &mut EditForm) {
        f.input(InputKey::End);
        f.input(InputKey::DeleteToStart);
    }

    #[test]
    fn opens_with_the_shown_values() {
        let f = form();
        let text: Vec<&str> = f.fields.iter().map(|x| x.input.text()).collect();
        assert_eq!(text[0], "2021-03-04");
        assert_eq!(text[1], "Kerkuk");
        assert_eq!(text[7], "3");
        assert_eq!(text[8], "unknown");
    }

    #[test]
    fn values_are_validated_as_typed() {
        let mut f = form();
        clear(&mut f);
        type_text(&mut f, "2021-13");
        assert!(f.fields[0].error.is_some());
        f.input(InputKey::Backspace);
        f.input(InputKey::Backspace);
        type_text(&mut f, "12");
        assert_eq!(f.fields[0].error, None);
        f.focus = 7;
        clear(&mut f);
        type_text(&mut f, "-2");
        assert!(f.fields[7].error.is_some());
        assert_eq!(
            f.input(InputKey::Enter),
            FormOutcome::Editing,
            "invalid: not saved"
        );
        assert!(f
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("killed")));
    }

    #[test]
    fn saving_reports_only_changed_fields() {
        let mut f = form();
        f.focus = 7;
        clear(&mut f);
        type_text(&mut f, "5");
        f.focus = 8;
        clear(&mut f);
        type_text(&mut f, "unknown");
        assert_eq!(
            f.input(InputKey::Enter),
            FormOutcome::Saved(vec![(
                ReviewField::Killed,
                Some(FieldValue::Count(3)),
                Some(FieldValue::Count(5))
            )])
        );
    }

    #[test]
    fn province_completes_from_the_gazetteer() {
        let mut f = form();
        f.input(InputKey::Down);
        clear(&mut f);
        type_text(&mut f, "k");
        assert_eq!(f.suggestions(), ["Kirkuk", "Karbala"]);
        type_text(&mut f, "i");
        f.input(InputKey::Tab);
        assert_eq!(f.fields[1].input.text(), "Kirkuk");
        assert_eq!(f.focus, 1, "completing does not move on");
        f.input(InputKey::Tab);
        assert_eq!(f.focus, 2, "nothing left to complete: next field");
        assert_eq!(f.input(InputKey::Esc), FormOutcome::Cancelled);
    }
}
