//! Dates in a sentence: absolute ones (`On 9 May 2020`, `May 9, 2020`,
//! `04/30/1993:`, `2020-05-09`, `on March 3`), and ones relative to the
//! publication date (`late on Wednesday` in an article published on a
//! Thursday is the day before; `on Sunday` is the most recent Sunday on or
//! before publication; `yesterday`; `last month`).

use std::ops::Range;

use super::segment::Word;

use crate::dataset::PartialDate;

/// A date found in text, and the bytes it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub date: PartialDate,
    pub bytes: Range<usize>,
    /// Worked out from the publication date (a weekday, `yesterday`).
    pub relative: bool,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// `word` lower-cased in `buf`, when it is short enough to be a month or
/// a weekday (none is longer than nine letters): no allocation per word.
fn lower_short<'a>(word: &str, buf: &'a mut [u8; 9]) -> Option<&'a str> {
    let out = buf.get_mut(..word.len())?;
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

fn month_of(word: &str) -> Option<u8> {
    let mut buf = [0; 9];
    let w = lower_short(word.trim_end_matches('.'), &mut buf)?;
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| {
        *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
    })?;
    // "May" is also a verb: only capitalised, it is the month.
    if i == 4 && !word.starts_with('M') {
        return None;
    }
    u8::try_from(i + 1).ok()
}

fn weekday_of(word: &str) -> Option<u32> {
    let mut buf = [0; 9];
    let w = lower_short(word, &mut buf)?;
    WEEKDAYS
        .iter()
        .position(|d| *d == w)
        .and_then(|i| u32::try_from(i).ok())
}

fn words(text: &str) -> Vec<Word<'_>> {
    super::segment::words(text, &['/', '-', '.'])
}

fn day_number(w: &str) -> Option<u8> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let n: u8 = digits.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

fn year_number(w: &str) -> Option<u16> {
    if w.len() != 4 {
        return None;
    }
    let y: u16 = w.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

fn valid(year: u16, month: u8, day: u8) -> Option<PartialDate> {
    PartialDate::new(year, Some(month), Some(day))
}

fn month_date(year: u16, month: u8) -> Option<PartialDate> {
    PartialDate::new(year, Some(month), None)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn day_number_of(p: &PartialDate) -> Option<i64> {
    Some(days_from_civil(
        i64::from(p.year),
        u32::from(p.month?),
        u32::from(p.day?),
    ))
}

fn date_of_day(n: i64) -> Option<PartialDate> {
    let (y, m, d) = civil_from_days(n);
    valid(
        u16::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

/// The dates `text` gives, in order. `published` resolves weekdays,
/// `yesterday` and dates without a year; without it those give nothing.
pub fn find_dates(text: &str, published: Option<&PartialDate>) -> Vec<FoundDate> {
    let ws = words(text);
    let pub_day = published.and_then(day_number_of);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let w = ws[i].text;
        let next = |k: usize| ws.get(i + k).map(|x| x.text);
        let span = |from: usize, to: usize| ws[from].bytes.start..ws[to].bytes.end;
        let mut push = |date: Option<PartialDate>, bytes: Range<usize>, relative: bool| {
            if let Some(date) = date {
                out.push(FoundDate {
                    date,
                    bytes,
                    relative,
                });
            }
        };
        // 9 May 2020 / 9 May
        if let (Some(d), Some(m)) = (day_number(w), next(1).and_then(month_of)) {
            if let Some(y) = next(2).and_then(year_number) {
                push(valid(y, m, d), span(i, i + 2), false);
                i += 3;
            } else {
                push(without_year(m, d, published), span(i, i + 1), true);
                i += 2;
            }
            continue;
        }
        if let Some(m) = month_of(w) {
            // May 9, 2020 / May 9 / May 2020
            if let Some(d) = next(1).and_then(day_number) {
                if let Some(y) = next(2).and_then(year_number) {
                    push(valid(y, m, d), span(i, i + 2), false);
                    i += 3;
                } else {
                    push(without_year(m, d, published), span(i, i + 1), true);
                    i += 2;
                }
                continue;
            }
            if let Some(y) = next(1).and_then(year_number) {
                push(month_date(y, m), span(i, i + 1), false);
                i += 2;
                continue;
            }
            // "In January": the last January up to publication.
            let after_in = i > 0 && ws[i - 1].text.eq_ignore_ascii_case("in");
            if let (true, Some(p)) = (after_in, published) {
                let later = p.month.is_some_and(|pm| m > pm);
                let year = if later {
                    p.year.checked_sub(1)
                } else {
                    Some(p.year)
                };
                push(
                    year.and_then(|y| month_date(y, m)),
                    ws[i].bytes.clone(),
                    true,
                );
                i += 1;
                continue;
            }
        }
        if let Some(d) = numeric(w) {
            push(Some(d), ws[i].bytes.clone(), false);
            i += 1;
            continue;
        }
        let is = |word: &str| w.eq_ignore_ascii_case(word);
        if let Some(p) = pub_day {
            if let Some(wd) = weekday_of(w) {
                // 1970-01-01 was a Thursday (3, counting Monday as 0).
                let pub_wd = (p + 3).rem_euclid(7);
                let back = (pub_wd - i64::from(wd)).rem_euclid(7);
                push(date_of_day(p - back), ws[i].bytes.clone(), true);
                i += 1;
                continue;
            }
            if is("yesterday") {
                push(date_of_day(p - 1), ws[i].bytes.clone(), true);
            } else if is("today") || is("tonight") {
                push(date_of_day(p), ws[i].bytes.clone(), true);
            } else if is("last") && next(1).is_some_and(|n| n.eq_ignore_ascii_case("month")) {
                let (y, m, _) = civil_from_days(p);
                let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
                push(
                    u16::try_from(y)
                        .ok()
                        .and_then(|y| month_date(y, u8::try_from(m).ok()?)),
                    span(i, i + 1),
                    true,
                );
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A day and month without a year: the publication's year, or the one
/// before when that would put it after publication.
fn without_year(month: u8, day: u8, published: Option<&PartialDate>) -> Option<PartialDate> {
    let p = published?;
    let this = valid(p.year, month, day)?;
    let later = match (p.month, p.day) {
        (Some(pm), Some(pd)) => (month, day) > (pm, pd),
        (Some(pm), None) => month > pm,
        _ => false,
    };
    if later {
        valid(p.year.checked_sub(1)?, month, day)
    } else {
        Some(this)
    }
}

/// `2020-05-09`, or `04/30/1993` (month first, as the GTD writes it;
/// day first when the first number cannot be a month).
fn numeric(w: &str) -> Option<PartialDate> {
    if w.len() == 10 && w.as_bytes().get(4) == Some(&b'-') {
        return PartialDate::parse(w).filter(|d| d.day.is_some() && d.year >= 1900);
    }
    let parts: Vec<&str> = w.split('/').collect();
    if parts.len() != 3 || parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    let a: u8 = parts[0].parse().ok()?;
    let b: u8 = parts[1].parse().ok()?;
    let y = year_number(parts[2])?;
    let (m, d) = if a > 12 { (b, a) } else { (a, b) };
    valid(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PartialDate {
        PartialDate::parse(s).expect("a date")
    }

    fn dates(text: &str, published: Option<&str>) -> Vec<String> {
        let pd = published.map(p);
        find_dates(text, pd.as_ref())
            .into_iter()
            .map(|f| format!("{}={}", &text[f.bytes], f.date))
            .collect()
    }

    #[test]
    fn absolute_dates_in_several_orders() {
        assert_eq!(
            dates("On 9 May 2020, gunmen", None),
            ["9 May 2020=2020-05-09"]
        );
        assert_eq!(dates("on May 9, 2020 in", None), ["May 9, 2020=2020-05-09"]);
        assert_eq!(
            dates("04/30/1993: Assailants", None),
            ["04/30/1993=1993-04-30"]
        );
        assert_eq!(
            dates("30/04/1993 Assailants", None),
            ["30/04/1993=1993-04-30"]
        );
        assert_eq!(dates("(2019-03-11)", None), ["2019-03-11=2019-03-11"]);
        assert_eq!(
            dates("In December 2017, Iraq", None),
            ["December 2017=2017-12"]
        );
        assert_eq!(dates("on the 3rd of", None), Vec::<String>::new());
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(dates("the toll may 5 rise", None).is_empty());
    }

    #[test]
    fn weekdays_are_the_most_recent_on_or_before_publication() {
        // 2021-11-25 was a Thursday.
        let pubd = Some("2021-11-25");
        assert_eq!(
            dates("late on Wednesday night", pubd),
            ["Wednesday=2021-11-24"]
        );
        assert_eq!(dates("on Thursday", pubd), ["Thursday=2021-11-25"]);
        assert_eq!(dates("on Friday", pubd), ["Friday=2021-11-19"]);
        assert_eq!(dates("yesterday", pubd), ["yesterday=2021-11-24"]);
        assert!(dates("on Wednesday", None).is_empty());
    }

    #[test]
    fn a_date_without_year_takes_the_publication_year_or_the_one_before() {
        assert_eq!(
            dates("on March 3", Some("2020-05-01")),
            ["March 3=2020-03-03"]
        );
        assert_eq!(
            dates("on 30 December", Some("2020-01-02")),
            ["30 December=2019-12-30"]
        );
    }

    #[test]
    fn in_a_month_is_the_last_such_month() {
        assert_eq!(
            dates("In January, twin", Some("2021-06-11")),
            ["January=2021-01"]
        );
        assert_eq!(dates("in August", Some("2021-03-01")), ["August=2020-08"]);
        assert!(dates("in August", None).is_empty());
    }

    #[test]
    fn last_month_is_a_month() {
        assert_eq!(
            dates("Last month, a bomb", Some("2020-01-15")),
            ["Last month=2019-12"]
        );
    }

    #[test]
    fn day_numbers_round_trip() {
        for n in [-1000, 0, 18_000, 19_000, 20_000] {
            let (y, m, d) = civil_from_days(n);
            assert_eq!(days_from_civil(y, m, d), n);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }
}
