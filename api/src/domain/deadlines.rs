//! The deadlines of a report's stages (DOMAIN.md, "Deadlines"): set when a stage starts, stopped
//! while the report waits for its reporter, kept as UTC instants with each stage's start and end,
//! so statistics can measure on-time rates without replaying events.

use super::lifecycle::Action;
use super::sla::{Calendar, Period};
use chrono::{DateTime, Utc};
use lapor_types::reports::{ReportKind, ReportStatus};

/// Verification and disposition by the coordinator (the national default).
pub const VERIFY: Period = Period::WorkingDays(3);
/// A unit's first response to a disposition.
pub const FIRST_RESPONSE: Period = Period::WorkingDays(5);
/// The reporter's reply window after resolution.
pub const FEEDBACK: Period = Period::WorkingDays(10);

/// Resolution, by kind: complaints 14 working days, aspirations and information requests 5.
pub fn resolution(kind: ReportKind) -> Period {
    match kind {
        ReportKind::Complaint => Period::WorkingDays(14),
        ReportKind::Aspiration | ReportKind::InformationRequest => Period::WorkingDays(5),
    }
}

/// A report's stage times.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stages {
    pub verify_due_at: Option<DateTime<Utc>>,
    pub held_at: Option<DateTime<Utc>>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub feedback_due_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// The stage times after `action` moved a report of `kind` out of `from` at `now`.
pub fn after(
    stages: &Stages,
    action: Action,
    from: ReportStatus,
    kind: ReportKind,
    now: DateTime<Utc>,
    calendar: &Calendar,
) -> Stages {
    let mut s = stages.clone();
    match action {
        Action::Hold => s.held_at = Some(now),
        // The reporter's time does not count against the coordinator.
        Action::Verify | Action::ReporterReply if from == ReportStatus::OnHold => {
            if let (Some(due), Some(held)) = (s.verify_due_at, s.held_at) {
                s.verify_due_at = Some(calendar.resume(due, VERIFY, held, now));
            }
            s.held_at = None;
        }
        // A re-route does not restart the citizen's clock.
        Action::Dispatch if s.resolve_due_at.is_none() => {
            s.resolve_due_at = Some(calendar.due(now, resolution(kind)));
        }
        Action::FirstResponse => s.first_response_at = s.first_response_at.or(Some(now)),
        Action::Resolve => {
            s.resolved_at = Some(now);
            s.feedback_due_at = Some(calendar.due(now, FEEDBACK));
        }
        Action::Dispute => {
            s.resolved_at = None;
            s.feedback_due_at = None;
        }
        Action::Close => {
            s.closed_at = Some(now);
            s.feedback_due_at = None;
        }
        _ => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn wib(s: &str) -> DateTime<Utc> {
        let local = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        chrono_tz::Asia::Jakarta
            .from_local_datetime(&local)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn each_stage_sets_its_times() {
        let cal = Calendar::new(chrono_tz::Asia::Jakarta, []);
        let filed = Stages {
            verify_due_at: Some(cal.due(wib("2026-11-23 09:00"), VERIFY)),
            ..Default::default()
        };
        let kind = ReportKind::Complaint;
        let held = after(
            &filed,
            Action::Hold,
            ReportStatus::Submitted,
            kind,
            wib("2026-11-24 09:00"),
            &cal,
        );
        assert_eq!(held.held_at, Some(wib("2026-11-24 09:00")));
        // Held Tuesday with Wed and Thu left; back on Monday 30th: Tue 1, Wed 2 Dec.
        let back = after(
            &held,
            Action::ReporterReply,
            ReportStatus::OnHold,
            kind,
            wib("2026-11-30 10:00"),
            &cal,
        );
        assert_eq!(back.held_at, None);
        assert_eq!(back.verify_due_at, Some(wib("2026-12-03 00:00")));

        let dispatched = after(
            &back,
            Action::Dispatch,
            ReportStatus::Submitted,
            kind,
            wib("2026-12-01 10:00"),
            &cal,
        );
        assert_eq!(
            dispatched.resolve_due_at,
            Some(wib("2026-12-22 00:00")),
            "14 working days"
        );
        let rerouted = after(
            &dispatched,
            Action::Dispatch,
            ReportStatus::Submitted,
            kind,
            wib("2026-12-10 10:00"),
            &cal,
        );
        assert_eq!(
            rerouted.resolve_due_at, dispatched.resolve_due_at,
            "a re-route keeps the clock"
        );

        let answered = after(
            &dispatched,
            Action::FirstResponse,
            ReportStatus::Dispatched,
            kind,
            wib("2026-12-02 10:00"),
            &cal,
        );
        assert_eq!(answered.first_response_at, Some(wib("2026-12-02 10:00")));
        let resolved = after(
            &answered,
            Action::Resolve,
            ReportStatus::InProgress,
            kind,
            wib("2026-12-04 10:00"),
            &cal,
        );
        assert_eq!(
            resolved.feedback_due_at,
            Some(wib("2026-12-19 00:00")),
            "10 working days"
        );
        let disputed = after(
            &resolved,
            Action::Dispute,
            ReportStatus::Resolved,
            kind,
            wib("2026-12-05 10:00"),
            &cal,
        );
        assert_eq!(
            (disputed.resolved_at, disputed.feedback_due_at),
            (None, None)
        );
        let closed = after(
            &resolved,
            Action::Close,
            ReportStatus::Resolved,
            kind,
            wib("2026-12-08 10:00"),
            &cal,
        );
        assert_eq!(closed.closed_at, Some(wib("2026-12-08 10:00")));
        assert_eq!(resolution(ReportKind::Aspiration), Period::WorkingDays(5));
    }
}
