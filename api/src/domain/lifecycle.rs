//! The report lifecycle (docs/REPORTS.md, "Lifecycle") as one pure state machine: every status change
//! of a report goes through `next`, so an illegal one is refused in one place.

use lapor_types::reports::DispositionStatus;
use lapor_types::reports::ReportStatus::{self, *};

/// What happens to a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The coordinator checks (and may correct) a new report; a held one returns to the queue.
    Verify,
    /// The coordinator asks the reporter for information first.
    Hold,
    /// The reporter answers a held report's question.
    ReporterReply,
    /// The coordinator files a report away (not public service, duplicate, spam …).
    Archive,
    /// The first disposition is made (more may follow in any open status).
    Dispatch,
    /// A unit posts its first public response.
    FirstResponse,
    /// Every active disposition is complete.
    Resolve,
    /// Every disposition was declined or recalled: back to the coordinator to re-route.
    Return,
    /// The reporter accepts the resolution, or the reply window passes.
    Close,
    /// The reporter disputes the resolution: the work reopens.
    Dispute,
}

/// The refusal of an illegal transition, naming the current status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Illegal {
    pub status: ReportStatus,
    pub action: Action,
}

/// The status after `action`, or why it cannot happen now.
pub fn next(status: ReportStatus, action: Action) -> Result<ReportStatus, Illegal> {
    let to = match (status, action) {
        (Submitted | OnHold, Action::Verify) => Submitted,
        (Submitted, Action::Hold) => OnHold,
        (OnHold, Action::ReporterReply) => Submitted,
        (Submitted | OnHold, Action::Archive) => Archived,
        (Submitted, Action::Dispatch) => Dispatched,
        (Dispatched | InProgress, Action::Dispatch) => status,
        (Dispatched, Action::FirstResponse) => InProgress,
        (Dispatched | InProgress, Action::Resolve) => Resolved,
        (Dispatched | InProgress, Action::Return) => Submitted,
        (Resolved, Action::Close) => Closed,
        (Resolved, Action::Dispute) => InProgress,
        _ => return Err(Illegal { status, action }),
    };
    Ok(to)
}

/// What happens to a disposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DispositionAction {
    Accept,
    /// "Not our authority", with a reason.
    Decline,
    Complete,
    /// The coordinator takes it back.
    Recall,
    /// The reporter disputed the resolution: the unit works on.
    Reopen,
}

/// The status of a disposition after `action`; `Err` carries the current one.
pub fn next_disposition(
    status: DispositionStatus,
    action: DispositionAction,
) -> Result<DispositionStatus, DispositionStatus> {
    use DispositionAction as A;
    use DispositionStatus as D;
    match (status, action) {
        (D::Pending, A::Accept) => Ok(D::Accepted),
        (D::Pending | D::Accepted, A::Decline) => Ok(D::Declined),
        (D::Accepted, A::Complete) => Ok(D::Completed),
        (D::Pending | D::Accepted, A::Recall) => Ok(D::Recalled),
        (D::Completed, A::Reopen) => Ok(D::Accepted),
        _ => Err(status),
    }
}

/// Whether a disposition still counts for its report (it was neither declined nor recalled).
pub fn counts(status: DispositionStatus) -> bool {
    !matches!(
        status,
        DispositionStatus::Declined | DispositionStatus::Recalled
    )
}

/// What the dispositions of a report, after a change, mean for the report: resolved when every
/// one that counts is completed; returned to the coordinator when none counts any more.
pub fn after_dispositions(statuses: &[DispositionStatus]) -> Option<Action> {
    let counting: Vec<_> = statuses.iter().copied().filter(|s| counts(*s)).collect();
    if counting.is_empty() {
        Some(Action::Return)
    } else if counting.iter().all(|s| *s == DispositionStatus::Completed) {
        Some(Action::Resolve)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ReportStatus; 7] = [
        Submitted, OnHold, Dispatched, InProgress, Resolved, Closed, Archived,
    ];

    /// The whole table: (from, action) → Some(to) where legal; every other pair must be refused.
    fn expected(from: ReportStatus, action: Action) -> Option<ReportStatus> {
        use Action::*;
        let legal: &[(ReportStatus, Action, ReportStatus)] = &[
            (Submitted, Verify, Submitted),
            (OnHold, Verify, Submitted),
            (Submitted, Hold, OnHold),
            (OnHold, ReporterReply, Submitted),
            (Submitted, Archive, Archived),
            (OnHold, Archive, Archived),
            (Submitted, Dispatch, Dispatched),
            (Dispatched, Dispatch, Dispatched),
            (InProgress, Dispatch, InProgress),
            (Dispatched, FirstResponse, InProgress),
            (Dispatched, Resolve, Resolved),
            (InProgress, Resolve, Resolved),
            (Dispatched, Return, Submitted),
            (InProgress, Return, Submitted),
            (Resolved, Close, Closed),
            (Resolved, Dispute, InProgress),
        ];
        legal
            .iter()
            .find(|(f, a, _)| *f == from && *a == action)
            .map(|(_, _, to)| *to)
    }

    #[test]
    fn every_transition_is_as_specified() {
        use Action::*;
        let actions = [
            Verify,
            Hold,
            ReporterReply,
            Archive,
            Dispatch,
            FirstResponse,
            Resolve,
            Return,
            Close,
            Dispute,
        ];
        for from in ALL {
            for action in actions {
                match expected(from, action) {
                    Some(to) => assert_eq!(next(from, action), Ok(to), "{from:?} {action:?}"),
                    None => assert_eq!(
                        next(from, action),
                        Err(Illegal {
                            status: from,
                            action
                        }),
                        "{from:?} {action:?} must be refused"
                    ),
                }
            }
        }
    }

    #[test]
    fn closed_and_archived_are_final() {
        use Action::*;
        for action in [Verify, Hold, Dispatch, Resolve, Dispute, Close, Archive] {
            assert!(next(Closed, action).is_err());
            assert!(next(Archived, action).is_err());
        }
    }

    #[test]
    fn disposition_transitions() {
        use DispositionAction as A;
        use DispositionStatus as D;
        let all = [
            D::Pending,
            D::Accepted,
            D::Declined,
            D::Completed,
            D::Recalled,
        ];
        let legal = [
            (D::Pending, A::Accept, D::Accepted),
            (D::Pending, A::Decline, D::Declined),
            (D::Accepted, A::Decline, D::Declined),
            (D::Accepted, A::Complete, D::Completed),
            (D::Pending, A::Recall, D::Recalled),
            (D::Accepted, A::Recall, D::Recalled),
            (D::Completed, A::Reopen, D::Accepted),
        ];
        for from in all {
            for action in [A::Accept, A::Decline, A::Complete, A::Recall, A::Reopen] {
                let expected = legal
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to)
                    .ok_or(from);
                assert_eq!(
                    next_disposition(from, action),
                    expected,
                    "{from:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn dispositions_decide_resolution_and_return() {
        use DispositionStatus as D;
        assert_eq!(
            after_dispositions(&[D::Completed, D::Completed]),
            Some(Action::Resolve)
        );
        assert_eq!(
            after_dispositions(&[D::Completed, D::Declined]),
            Some(Action::Resolve)
        );
        assert_eq!(after_dispositions(&[D::Completed, D::Accepted]), None);
        assert_eq!(after_dispositions(&[D::Pending]), None);
        assert_eq!(
            after_dispositions(&[D::Declined, D::Recalled]),
            Some(Action::Return)
        );
        assert_eq!(after_dispositions(&[]), Some(Action::Return));
    }

    #[test]
    fn the_main_story() {
        let mut s = Submitted;
        for action in [
            Action::Verify,
            Action::Dispatch,
            Action::FirstResponse,
            Action::Resolve,
            Action::Dispute,
            Action::Resolve,
            Action::Close,
        ] {
            s = next(s, action).unwrap();
        }
        assert_eq!(s, Closed);
    }
}
