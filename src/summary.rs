//! Casualties per province: pure arithmetic over a set of incidents.
//!
//! Unknown counts are not zero: they add nothing to the sums and are counted
//! on their own, so a reader sees how much of a total is missing.

use std::collections::HashMap;

use serde::Serialize;

use crate::dataset::Incident;

/// The label for incidents without a province.
pub const UNKNOWN_PROVINCE: &str = "(unknown)";

/// Counts for one province, or for everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub incidents: u64,
    pub killed: u64,
    pub wounded: u64,
    pub killed_unknown: u64,
    pub wounded_unknown: u64,
}

impl Totals {
    fn add(&mut self, incident: &Incident) {
        self.incidents += 1;
        match incident.killed {
            Some(k) => self.killed = self.killed.saturating_add(k),
            None => self.killed_unknown += 1,
        }
        match incident.wounded {
            Some(w) => self.wounded = self.wounded.saturating_add(w),
            None => self.wounded_unknown += 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvinceTotals {
    pub province: String,
    #[serde(flatten)]
    pub totals: Totals,
}

/// Casualties per province, largest first, and the overall total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub provinces: Vec<ProvinceTotals>,
    pub total: Totals,
}

/// The key a province groups under: case and surrounding space do not split
/// a province in two.
fn group_key(province: Option<&str>) -> String {
    match province.map(str::trim) {
        Some(p) if !p.is_empty() => p.to_lowercase(),
        _ => String::new(),
    }
}

/// Sums the incidents given. Provinces are sorted by killed, then wounded,
/// then incidents (all descending), then by name, so ties are stable.
pub fn summarize<'a>(incidents: impl IntoIterator<Item = &'a Incident>) -> Summary {
    let mut by_key: HashMap<String, ProvinceTotals> = HashMap::new();
    let mut total = Totals::default();
    for incident in incidents {
        total.add(incident);
        let province = incident
            .province_canonical
            .as_deref()
            .or(incident.province.as_deref());
        let key = group_key(province);
        by_key
            .entry(key)
            .or_insert_with(|| ProvinceTotals {
                province: match province.map(str::trim) {
                    Some(p) if !p.is_empty() => p.to_string(),
                    _ => UNKNOWN_PROVINCE.to_string(),
                },
                totals: Totals::default(),
            })
            .totals
            .add(incident);
    }
    let mut provinces: Vec<ProvinceTotals> = by_key.into_values().collect();
    provinces.sort_by(|a, b| {
        (b.totals.killed, b.totals.wounded, b.totals.incidents)
            .cmp(&(a.totals.killed, a.totals.wounded, a.totals.incidents))
            .then_with(|| a.province.cmp(&b.province))
    });
    Summary { provinces, total }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inc(province: Option<&str>, killed: Option<u64>, wounded: Option<u64>) -> Incident {
        Incident {
            province: province.map(str::to_owned),
            killed,
            wounded,
            ..Incident::default()
        }
    }

    #[test]
    fn unknown_counts_are_counted_not_added() {
        let incidents = [
            inc(Some("Kirkuk"), Some(3), None),
            inc(Some("kirkuk "), None, Some(4)),
            inc(Some("Kirkuk"), Some(0), Some(0)),
        ];
        let s = summarize(&incidents);
        assert_eq!(s.provinces.len(), 1);
        let k = &s.provinces[0];
        assert_eq!(k.province, "Kirkuk");
        assert_eq!(
            k.totals,
            Totals {
                incidents: 3,
                killed: 3,
                wounded: 4,
                killed_unknown: 1,
                wounded_unknown: 1
            }
        );
        assert_eq!(s.total, k.totals);
    }

    #[test]
    fn sorted_by_killed_with_unknown_province_grouped() {
        let incidents = [
            inc(Some("Diyala"), Some(1), Some(9)),
            inc(None, Some(5), Some(0)),
            inc(Some("  "), Some(1), None),
            inc(Some("Anbar"), Some(7), Some(1)),
            inc(Some("Basra"), Some(1), Some(9)),
        ];
        let s = summarize(&incidents);
        let names: Vec<_> = s.provinces.iter().map(|p| p.province.as_str()).collect();
        assert_eq!(names, ["Anbar", "(unknown)", "Basra", "Diyala"]);
        assert_eq!(s.provinces[1].totals.incidents, 2);
        assert_eq!(s.provinces[1].totals.killed, 6);
        assert_eq!(s.total.killed, 15);
        assert_eq!(s.total.wounded, 19);
        assert_eq!(s.total.wounded_unknown, 1);
    }

    #[test]
    fn empty_set_sums_to_zero() {
        let s = summarize(&[]);
        assert!(s.provinces.is_empty());
        assert_eq!(s.total, Totals::default());
    }

    #[test]
    fn json_shape_matches_the_documented_one() {
        let s = summarize(&[inc(Some("Kirkuk"), Some(2), None)]);
        let v = serde_json::to_value(&s).expect("serialises");
        assert_eq!(
            v,
            serde_json::json!({
                "provinces": [{"province": "Kirkuk", "incidents": 1, "killed": 2, "wounded": 0,
                                "killed_unknown": 0, "wounded_unknown": 1}],
                "total": {"incidents": 1, "killed": 2, "wounded": 0, "killed_unknown": 0, "wounded_unknown": 1}
            })
        );
    }
}
