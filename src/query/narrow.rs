//! When a new query can only list fewer incidents than the last one, the
//! search looks at the last result only.
//!
//! `new` *refines* `old` when every term of `old` has its own term in `new`
//! that implies it. Since all terms must hold, an incident matching `new`
//! then satisfies every term of `old`: new matches ⊆ old matches. A term
//! implies another when:
//! - they are the same term (negated or not, same value up to ASCII case);
//! - fuzzy words: the new word starts with the old one (typing more letters
//!   at the end): a word prefix's prefix is one, and so is the start of a
//!   fuzzy match (see [`text::fuzzy_matches`]). Letters typed elsewhere can
//!   make a match that the old word had not (`kk` → `kirk` in "Kirkuk");
//! - exact phrases, and `district:` `location:` `perp:` `target:` `type:`
//!   `outlet:` values: the new one contains the old one;
//! - counts with the same operator: `>=`/`>` with a larger or equal number,
//!   `<=`/`<` with a smaller or equal one;
//! - `date:` periods and ranges: the new one lies within the old one.
//!
//! A negated term implies only itself (a longer excluded word excludes less).
//! New terms beyond those matched only narrow further.

use super::ast::{Cmp, CountTest, DateTest, Query, Term, TermKind, TextField};
use super::text;

/// Whether every incident matching `new` matches `old`.
pub fn refines(new: &Query, old: &Query) -> bool {
    let mut used = vec![false; new.terms.len()];
    old.terms.iter().all(|o| {
        let found = new
            .terms
            .iter()
            .enumerate()
            .find(|(n, t)| !used[*n] && implies(t, o));
        match found {
            Some((n, _)) => {
                used[n] = true;
                true
            }
            None => false,
        }
    })
}

/// Whether `new` holding for an incident means `old` holds.
fn implies(new: &Term, old: &Term) -> bool {
    if new.negated != old.negated {
        return false;
    }
    if new.negated {
        return same(&new.kind, &old.kind);
    }
    match (&new.kind, &old.kind) {
        (TermKind::Fuzzy(n), TermKind::Fuzzy(o)) => text::fold(n).starts_with(&text::fold(o)),
        (TermKind::Exact(n), TermKind::Exact(o)) => text::contains(n, &text::fold(o)),
        (TermKind::Text(TextField::Province, n), TermKind::Text(TextField::Province, o)) => {
            n.trim().to_lowercase() == o.trim().to_lowercase()
        }
        (TermKind::Text(fnew, n), TermKind::Text(fold, o)) => {
            fnew == fold && text::contains(n, &text::fold(o))
        }
        (
            TermKind::Count(fnew, CountTest::Compare(cn, n)),
            TermKind::Count(fold, CountTest::Compare(co, o)),
        ) if fnew == fold && cn == co => match cn {
            Cmp::Ge | Cmp::Gt => n >= o,
            Cmp::Le | Cmp::Lt => n <= o,
            Cmp::Eq => n == o,
        },
        (TermKind::Date(n), TermKind::Date(o)) => match (span(n), span(o)) {
            (Some((ns, ne)), Some((os, oe))) => ns >= os && ne <= oe,
            _ => n == o,
        },
        (n, o) => same(n, o),
    }
}

/// The days a `Within` or `Range` date test admits.
fn span(test: &DateTest) -> Option<(u32, u32)> {
    match *test {
        DateTest::Within(d) => Some(d.period()),
        DateTest::Range(a, b) => Some((a.period().0, b.period().1)),
        DateTest::Compare(..) => None,
    }
}

fn same(a: &TermKind, b: &TermKind) -> bool {
    match (a, b) {
        (TermKind::Fuzzy(x), TermKind::Fuzzy(y)) | (TermKind::Exact(x), TermKind::Exact(y)) => {
            x.eq_ignore_ascii_case(y)
        }
        (TermKind::Text(f, x), TermKind::Text(g, y)) => f == g && x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn q(text: &str) -> Query {
        parse(text).expect("valid query")
    }

    #[test]
    fn typing_more_narrows() {
        for (old, new) in [
            ("", "k"),
            ("k", "ki"),
            ("kirk", "kirkuk"),
            ("kirkuk", "kirkuk is"),
            ("\"check", "\"checkpoint\""),
            ("perp:isl", "perp:islamic"),
            ("killed>=2", "killed>=20"),
            ("date:2020", "date:2020-05"),
            ("date:2019..2021", "date:2020-05"),
            ("!ied", "!IED kirkuk"),
            ("province:kirkuk", "Province:KIRKUK diyala"),
            ("a b", "bb aa"),
        ] {
            assert!(refines(&q(new), &q(old)), "{new:?} should refine {old:?}");
        }
    }

    #[test]
    fn widening_or_changing_does_not_narrow() {
        for (old, new) in [
            ("kirkuk", "kirku"),
            ("kirkuk", "kirkux"),
            ("kk", "kirkuk"),
            ("!ied", "!iedx"),
            ("killed<=2", "killed<=20"),
            ("killed>=2", "killed>2"),
            ("date:2020-05", "date:2020"),
            ("province:kirk", "province:kirkuk"),
            ("kirkuk diyala", "kirkuk"),
            ("a a", "aa"),
            ("\"check\"", "check"),
        ] {
            assert!(
                !refines(&q(new), &q(old)),
                "{new:?} must not refine {old:?}"
            );
        }
    }
}
