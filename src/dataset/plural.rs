//! Counts in messages as English writes them: "1 incident", "3 incidents".

/// `n` and the noun, singular for one: `count(1, "incident")` is
/// "1 incident", `count(2, "incident")` "2 incidents".
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

/// [`count`] of a `usize`.
pub fn of(n: usize, noun: &str) -> String {
    count(u64::try_from(n).unwrap_or(u64::MAX), noun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_the_rest_plural() {
        assert_eq!(of(1, "incident"), "1 incident");
        assert_eq!(of(0, "incident"), "0 incidents");
        assert_eq!(of(46, "incident"), "46 incidents");
        assert_eq!(of(2, "entry"), "2 entries");
        assert_eq!(of(2, "key"), "2 keys");
        assert_eq!(of(1, "error"), "1 error");
    }
}
