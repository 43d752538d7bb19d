//! The deadlines of a report's stages (docs/DEADLINES.md): set when a stage starts, stopped
//! while the report waits for its reporter, kept as UTC instants with each stage's start and end,
//! so statistics can measure on-time rates without replaying events.

use super::lifecycle::Action;
use super::sla::{Calendar, Period};
use chrono::{DateTime, Utc};
use lapor_types::reports::{ReportKind, ReportStatus};
use lapor_types::sla::{SlaStage, SlaUnit};

impl Period {
    pub fn new(amount: u32, unit: SlaUnit) -> Period {
        match unit {
            SlaUnit::WorkingDays => Period::WorkingDays(amount),
            SlaUnit::WorkingHours => Period::WorkingHours(amount),
            SlaUnit::Hours => Period::Hours(amount),
        }
    }
}

/// One rule of the SLA policy; `None` scopes match anything.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub stage: SlaStage,
    pub kind: Option<ReportKind>,
    pub category_id: Option<i64>,
    /// The materialized path (`/1/5/`) of the institution the rule names; it covers the subtree.
    pub institution_path: Option<String>,
    pub period: Period,
}

/// What a rule is matched against.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub kind: ReportKind,
    pub category_id: Option<i64>,
    /// The path of the institution whose deadline this is.
    pub institution_path: Option<&'a str>,
}

/// The SLA policy: the rules admins keep (the national defaults are built-in rules).
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub rules: Vec<Rule>,
}

impl Policy {
    /// The period of `stage` for `subject`: the most specific matching rule's — category before
    /// institution (the nearest ancestor first) before kind before the stage's default.
    pub fn period(&self, stage: SlaStage, subject: Subject) -> Option<Period> {
        self.rules
            .iter()
            .filter(|r| r.stage == stage)
            .filter(|r| r.kind.is_none_or(|k| k == subject.kind))
            .filter(|r| r.category_id.is_none_or(|c| Some(c) == subject.category_id))
            .filter(|r| {
                r.institution_path.as_deref().is_none_or(|p| {
                    subject
                        .institution_path
                        .is_some_and(|mine| mine.starts_with(p))
                })
            })
            .max_by_key(|r| {
                (
                    r.category_id.is_some(),
                    r.institution_path.as_deref().map_or(0, str::len),
                    r.kind.is_some(),
                )
            })
            .map(|r| r.period)
    }

    /// How long a unit has for its first response (`subject.institution_path`: the unit's).
    pub fn first_response(&self, subject: Subject) -> Period {
        self.period(SlaStage::FirstResponse, subject)
            .unwrap_or(Period::WorkingDays(5))
    }

    /// The periods of a report's own stages.
    pub fn periods(&self, subject: Subject, needs_investigation: bool) -> Periods {
        let national = |stage, days| {
            self.period(stage, subject)
                .unwrap_or(Period::WorkingDays(days))
        };
        Periods {
            verify: national(SlaStage::Verify, 3),
            resolve: if needs_investigation {
                national(SlaStage::Investigation, 60)
            } else {
                self.period(SlaStage::Resolve, subject)
                    .unwrap_or_else(|| resolution(subject.kind))
            },
            feedback: national(SlaStage::Feedback, 10),
        }
    }
}

/// The national resolution periods by kind: complaints 14 working days, aspirations and
/// information requests 5 (the fallback should an admin's rules leave a kind uncovered).
fn resolution(kind: ReportKind) -> Period {
    match kind {
        ReportKind::Complaint => Period::WorkingDays(14),
        ReportKind::Aspiration | ReportKind::InformationRequest => Period::WorkingDays(5),
    }
}

/// How long a report's stages take under the policy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Periods {
    pub verify: Period,
    pub resolve: Period,
    pub feedback: Period,
}

/// A report's stage times.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stages {
    pub verify_due_at: Option<DateTime<Utc>>,
    pub held_at: Option<DateTime<Utc>>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub feedback_due_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// The stage times after `action` moved a report out of `from` at `now`.
pub fn after(
    stages: &Stages,
    action: Action,
    from: ReportStatus,
    periods: &Periods,
    now: DateTime<Utc>,
    calendar: &Calendar,
) -> Stages {
    let mut s = stages.clone();
    match action {
        Action::Hold => s.held_at = Some(now),
        // The reporter's time does not count against the coordinator.
        Action::Verify | Action::ReporterReply if from == ReportStatus::OnHold => {
            if let (Some(due), Some(held)) = (s.verify_due_at, s.held_at) {
                s.verify_due_at = Some(calendar.resume(due, periods.verify, held, now));
            }
            s.held_at = None;
        }
        // A re-route does not restart the citizen's clock.
        Action::Dispatch if s.dispatched_at.is_none() => {
            s.dispatched_at = Some(now);
            s.resolve_due_at = Some(calendar.due(now, periods.resolve));
        }
        Action::FirstResponse => s.first_response_at = s.first_response_at.or(Some(now)),
        Action::Resolve => {
            s.resolved_at = Some(now);
            s.feedback_due_at = Some(calendar.due(now, periods.feedback));
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

    fn subject(
        kind: ReportKind,
        category_id: Option<i64>,
        institution_path: Option<&str>,
    ) -> Subject<'_> {
        Subject {
            kind,
            category_id,
            institution_path,
        }
    }

    fn rule(
        stage: SlaStage,
        kind: Option<ReportKind>,
        category_id: Option<i64>,
        institution_path: Option<&str>,
        period: Period,
    ) -> Rule {
        Rule {
            stage,
            kind,
            category_id,
            institution_path: institution_path.map(str::to_owned),
            period,
        }
    }

    #[test]
    fn without_rules_the_national_defaults_hold() {
        let none = Policy::default();
        let complaint = none.periods(subject(ReportKind::Complaint, None, None), false);
        assert_eq!(
            complaint,
            Periods {
                verify: Period::WorkingDays(3),
                resolve: Period::WorkingDays(14),
                feedback: Period::WorkingDays(10),
            }
        );
        let aspiration = none.periods(subject(ReportKind::Aspiration, None, None), false);
        assert_eq!(aspiration.resolve, Period::WorkingDays(5));
        let investigated = none.periods(subject(ReportKind::Complaint, None, None), true);
        assert_eq!(investigated.resolve, Period::WorkingDays(60));
    }

    #[test]
    fn the_most_specific_rule_wins() {
        use ReportKind::*;
        use SlaStage::*;
        let policy = Policy {
            rules: vec![
                rule(
                    Resolve,
                    Some(Complaint),
                    None,
                    None,
                    Period::WorkingDays(14),
                ),
                rule(
                    Resolve,
                    Some(Complaint),
                    Some(7),
                    None,
                    Period::WorkingDays(7),
                ),
                rule(Resolve, None, None, Some("/1/"), Period::WorkingDays(10)),
                rule(FirstResponse, None, None, None, Period::WorkingDays(5)),
                // Tangerang: 2 × 24 hours, and one unit faster still.
                rule(FirstResponse, None, None, Some("/1/"), Period::Hours(48)),
                rule(
                    FirstResponse,
                    None,
                    None,
                    Some("/1/4/"),
                    Period::WorkingHours(3),
                ),
            ],
        };
        let at = |k, c, p| policy.period(Resolve, subject(k, c, p));
        assert_eq!(at(Complaint, None, None), Some(Period::WorkingDays(14)));
        assert_eq!(
            at(Complaint, Some(7), Some("/1/4/")),
            Some(Period::WorkingDays(7))
        );
        assert_eq!(
            at(Complaint, Some(8), Some("/1/4/")),
            Some(Period::WorkingDays(10))
        );
        assert_eq!(
            at(Complaint, None, Some("/2/")),
            Some(Period::WorkingDays(14))
        );
        assert_eq!(
            at(Aspiration, Some(7), None),
            None,
            "no rule: the caller's default"
        );
        let respond = |p| policy.period(FirstResponse, subject(Complaint, None, p));
        assert_eq!(respond(Some("/1/4/9/")), Some(Period::WorkingHours(3)));
        assert_eq!(respond(Some("/1/5/")), Some(Period::Hours(48)));
        assert_eq!(
            respond(Some("/10/")),
            Some(Period::WorkingDays(5)),
            "/1/ is not /10/"
        );
        assert_eq!(respond(None), Some(Period::WorkingDays(5)));
    }

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
            verify_due_at: Some(cal.due(wib("2026-11-23 09:00"), Period::WorkingDays(3))),
            ..Default::default()
        };
        let kind = &Policy::default().periods(subject(ReportKind::Complaint, None, None), false);
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
        assert_eq!(dispatched.dispatched_at, Some(wib("2026-12-01 10:00")));
        assert_eq!(rerouted.dispatched_at, dispatched.dispatched_at);
    }
}
