//! Where an incident stands in review.

/// The review status of one incident.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReviewStatus {
    #[default]
    Unreviewed,
    Accepted,
    Rejected,
    Flagged,
    Corrected,
    /// An incident a reviewer added (the extraction missed it), while not
    /// rejected or flagged: accepting and correcting it keep it added.
    Added,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 6] = [
        ReviewStatus::Unreviewed,
        ReviewStatus::Accepted,
        ReviewStatus::Rejected,
        ReviewStatus::Flagged,
        ReviewStatus::Corrected,
        ReviewStatus::Added,
    ];

    /// The name used in filters (`status:accepted`) and in files.
    pub fn name(self) -> &'static str {
        match self {
            ReviewStatus::Unreviewed => "unreviewed",
            ReviewStatus::Accepted => "accepted",
            ReviewStatus::Rejected => "rejected",
            ReviewStatus::Flagged => "flagged",
            ReviewStatus::Corrected => "corrected",
            ReviewStatus::Added => "added",
        }
    }

    pub fn parse(name: &str) -> Option<ReviewStatus> {
        let name = name.to_ascii_lowercase();
        ReviewStatus::ALL.into_iter().find(|s| s.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::parse(s.name()), Some(s));
        }
        assert_eq!(
            ReviewStatus::parse("ACCEPTED"),
            Some(ReviewStatus::Accepted)
        );
        assert_eq!(ReviewStatus::parse("maybe"), None);
    }
}
