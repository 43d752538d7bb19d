//! Statistics rollups: for every wide scope (everything, and each coordinator's subtree), the
//! figures of each month of filing per kind and category, so that a dashboard sums a few
//! hundred rows instead of counting a million reports. Each round counts again the months
//! whose reports changed since the scope's last round (every change leaves a report event;
//! deadlines passing leave theirs through the sweep, which runs first), or every month for a
//! scope not built yet. A month is replaced in one transaction, so a reader sees the old
//! figures or the new, never half; replicas running rounds at once skip a month another one is
//! counting.

use crate::db::{DbConn, claim_work, write_transaction};
use crate::domain::policy::ReportScope;
use crate::domain::stats::{
    self, DispositionFact, Figures, ReportFact, Units, add_units, category_key,
};
use crate::jobs::JobError;
use crate::store::stats::{self as store_stats, RollupRow};
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use diesel::QueryResult;
use lapor_types::reports::ReportQuery;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Each round looks back this far before the last, so that the events of a transaction that
/// committed after the last round began are not missed (a month changed within it is counted
/// again by the next rounds too: cheap next to missing a change).
const MARGIN: Duration = Duration::minutes(2);

fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// Brings every rollup up to date; returns how many scope-months were counted.
pub fn refresh(conn: &mut DbConn, now: DateTime<Utc>) -> Result<usize, JobError> {
    let mut counted = 0;
    for scope in store_stats::rollup_scopes(conn)? {
        let Some(key) = scope.rollup_key() else {
            continue;
        };
        let months: BTreeSet<NaiveDate> = match store_stats::rollup_state(conn, &key)? {
            Some((at, _)) => store_stats::changed_since(conn, at - MARGIN)?
                .into_iter()
                .map(|t| month_of(t.date()))
                .collect(),
            None => every_month(conn)?,
        };
        for &month in &months {
            // A replica counting the same month at the same time has it: skip it.
            counted += write_transaction(conn, |conn| {
                if !claim_work(conn, &format!("stats_rollup {key} {month}"))? {
                    return Ok::<_, diesel::result::Error>(0);
                }
                let rows = count_month(conn, &scope, month, now)?;
                store_stats::replace_rollup_month(conn, &key, month, &rows)?;
                Ok(1)
            })?;
        }
        write_transaction(conn, |conn| {
            if claim_work(conn, &format!("stats_rollup {key}"))? {
                store_stats::set_rollup_refreshed_at(conn, &key, now.naive_utc())?;
            }
            Ok::<_, diesel::result::Error>(())
        })?;
    }
    Ok(counted)
}

/// Every month from the first filing to the last.
fn every_month(conn: &mut DbConn) -> QueryResult<BTreeSet<NaiveDate>> {
    let (Some(first), Some(last)) = store_stats::filing_span(conn)? else {
        return Ok(BTreeSet::new());
    };
    let last = month_of(last.date());
    Ok(std::iter::successors(Some(month_of(first.date())), |m| {
        m.checked_add_months(Months::new(1))
    })
    .take_while(|m| *m <= last)
    .collect())
}

/// The scope's reports filed in `month`, per kind and category.
fn count_month(
    conn: &mut DbConn,
    scope: &ReportScope,
    month: NaiveDate,
    now: DateTime<Utc>,
) -> QueryResult<Vec<RollupRow>> {
    let q = ReportQuery {
        created_from: Some(month),
        created_to: month
            .checked_add_months(Months::new(1))
            .and_then(|next| next.pred_opt()),
        ..ReportQuery::default()
    };
    let mut cells: BTreeMap<(String, String), (Figures, Units)> = BTreeMap::new();
    store_stats::each_report_chunk(conn, scope, &q, |conn, reports| {
        let dispositions = store_stats::dispositions_of(conn, &reports)?;
        let cell_of = |r: &ReportFact| (r.kind.as_str().to_owned(), category_key(r.category_id));
        let cell_by_id: HashMap<i64, (String, String)> =
            reports.iter().map(|r| (r.id, cell_of(r))).collect();
        let mut groups: BTreeMap<(String, String), (Vec<ReportFact>, Vec<DispositionFact>)> =
            BTreeMap::new();
        for d in dispositions {
            if let Some(cell) = cell_by_id.get(&d.report_id) {
                groups.entry(cell.clone()).or_default().1.push(d);
            }
        }
        for r in reports {
            groups.entry(cell_of(&r)).or_default().0.push(r);
        }
        for (cell, (reports, dispositions)) in groups {
            let (figures, units) = cells.entry(cell).or_default();
            figures.add(&Figures::of(&reports, &dispositions, now));
            add_units(units, &stats::units(&reports, &dispositions, now));
        }
        Ok(())
    })?;
    Ok(cells
        .into_iter()
        .map(|((kind, category), (figures, units))| RollupRow {
            kind,
            category,
            figures,
            units,
        })
        .collect())
}
