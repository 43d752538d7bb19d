//! `GET /reports/export.csv`: the report list as CSV, streamed. The export pages through the
//! scoped, filtered reports by id, 250 at a time, each page on a pooled connection taken for
//! that page only, and hands the pages to the response through a small channel: memory stays
//! flat for a million rows, and a client that reads slowly holds no connection. One that reads
//! nothing for `LAPOR_EXPORT_STALL_TIMEOUT` seconds is given up on (its answer is cut, never
//! silently short). `LAPOR_MAX_EXPORTS` run at once, one per account (docs/SECURITY.md).

use crate::auth::Viewer;
use crate::db::DbConn;
use crate::domain::policy;
use crate::error::ApiError;
use crate::routes::extract::ValidQuery;
use crate::state::AppState;
use crate::store::reports::{self as store_reports};
use crate::workflow::reports::shown_all;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, web};
use futures_util::StreamExt;
use lapor_types::reports::{Report, ReportQuery};
use std::sync::Arc;
use std::time::Duration;

/// Reports a page holds: 250 of the longest (about 40 KB of text each) are 10 MB in memory
/// while the page is cut into parts.
const BATCH: i64 = 250;

/// The most CSV the channel carries at once: a page is cut into parts of this size, each its
/// own buffer, so a client that stops reading pins a few of them (not a page of long reports)
/// and the export cannot run far ahead of what is sent.
const PART: usize = 64 * 1024;

const HEADER: [&str; 24] = [
    "id",
    "tracking_id",
    "created_at",
    "kind",
    "status",
    "title",
    "body",
    "category_id",
    "institution_id",
    "region_code",
    "channel",
    "anonymous",
    "confidential",
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "verify_due_at",
    "dispatched_at",
    "resolve_due_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "overdue_at",
    "needs_investigation",
];

/// Seconds to come back after an export was refused for running ones.
const EXPORT_RETRY_SECS: u32 = 30;

/// What the export channel carries: a page of CSV, or the end of the export. A channel that
/// closes without the end means the export was given up.
type Piece = Result<Option<Bytes>, ApiError>;

/// Reports the caller may see, with the list's filters, as CSV (UTF-8, a header row, newest
/// first; `mine` as in the list). The reporter's name, email and phone are filled only where the
/// list would show them — for a report an integrator filed, the citizen's it filed for.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "CSV, streamed; `cursor` and `limit` are ignored (the export is whole)", content_type = "text/csv"),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Invalid query"),
        (status = 429, description = "The caller's previous export is still running (`rate_limited`, with `Retry-After`)"),
        (status = 503, description = "The database is unavailable, or `LAPOR_MAX_EXPORTS` exports are running (`busy`, with `Retry-After`)"),
    )
)]
#[get("/reports/export.csv")]
pub async fn export_reports(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let own = state
        .exporters
        .enter(viewer.id)
        .ok_or_else(|| ApiError::rate_limited(EXPORT_RETRY_SECS.into()))?;
    let slot = state
        .exports
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::busy(EXPORT_RETRY_SECS))?;
    let job = Arc::new((viewer, q));
    // The first page decides the status: a database that is away is a 503, not a broken file.
    let (first, mut next) = page(&state, &job, None).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Piece>(2);
    let stall = Duration::from_secs(state.config.export_stall_secs);
    let state = state.into_inner();
    actix_web::rt::spawn(async move {
        let _running = (own, slot);
        let send = async |piece: Piece| {
            // False when the client is gone or read nothing for `stall`: the export ends.
            matches!(
                actix_web::rt::time::timeout(stall, tx.send(piece)).await,
                Ok(Ok(()))
            )
        };
        let mut parts = first;
        loop {
            for part in parts {
                if !send(Ok(Some(part))).await {
                    return;
                }
            }
            parts = match next {
                Some(before) => match page(&state, &job, Some(before)).await {
                    Ok((rows, after)) => {
                        next = after;
                        rows
                    }
                    Err(e) => {
                        send(Err(e)).await;
                        return;
                    }
                },
                None => {
                    send(Ok(None)).await;
                    return;
                }
            };
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Some(Ok(Some(rows))) => Some((Ok(rows), rx)),
            Some(Ok(None)) => None,
            Some(Err(e)) => {
                log::warn!("export cut short: {} {:?}", e.code, e.internal);
                Some((Err(e), rx))
            }
            None => Some((
                Err(ApiError::internal(
                    "export given up: the client read nothing",
                )),
                rx,
            )),
        }
    })
    // After an error the answer is cut: nothing more is read.
    .scan(false, |failed, chunk| {
        let stop = *failed;
        *failed = chunk.is_err();
        std::future::ready((!stop).then_some(chunk))
    })
    .map(|chunk| chunk.map_err(actix_web::Error::from));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"reports.csv\"",
        ))
        .streaming(body))
}

/// One page of CSV (with the header row first) in parts of about `PART` bytes, on a connection
/// of its own, and the id to continue before, if there may be more.
async fn page(
    state: &AppState,
    job: &Arc<(Viewer, ReportQuery)>,
    before: Option<i64>,
) -> Result<(Vec<Bytes>, Option<i64>), ApiError> {
    let job = job.clone();
    state
        .db(move |conn| rows(conn, &job.0, &job.1, before))
        .await
}

fn rows(
    conn: &mut DbConn,
    viewer: &Viewer,
    q: &ReportQuery,
    before: Option<i64>,
) -> Result<(Vec<Bytes>, Option<i64>), ApiError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    if before.is_none() {
        out.write_record(HEADER).map_err(ApiError::internal)?;
    }
    let scope = policy::report_scope(viewer);
    let mine = q.mine.unwrap_or(false).then_some(viewer.id);
    let rows = store_reports::export_batch(conn, &scope, q, mine, before, BATCH)?;
    let mut parts = Vec::new();
    for report in shown_all(conn, viewer, &rows)? {
        out.write_record(record(&report))
            .map_err(ApiError::internal)?;
        out.flush().map_err(ApiError::internal)?;
        if out.get_ref().len() >= PART {
            let full = std::mem::replace(&mut out, csv::Writer::from_writer(Vec::new()));
            parts.push(Bytes::from(full.into_inner().map_err(ApiError::internal)?));
        }
    }
    let rest = out.into_inner().map_err(ApiError::internal)?;
    if !rest.is_empty() {
        parts.push(Bytes::from(rest));
    }
    let after = rows
        .last()
        .filter(|_| rows.len() as i64 == BATCH)
        .map(|last| last.id);
    Ok((parts, after))
}

fn record(r: &Report) -> Vec<String> {
    let time =
        |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    // The citizen an integrator filed for is the report's reporter to whoever reads the file.
    let (name, email, phone) = match (&r.on_behalf_of, &r.reporter) {
        (Some(c), _) => (Some(&c.name), c.email.as_ref(), c.phone.as_ref()),
        (None, Some(p)) => (Some(&p.name), Some(&p.email), p.phone.as_ref()),
        (None, None) => (None, None, None),
    };
    let text = |v: Option<&String>| v.map(|v| cell(v)).unwrap_or_default();
    vec![
        r.id.to_string(),
        r.tracking_id.clone(),
        r.created_at.to_rfc3339(),
        r.kind.as_str().to_owned(),
        r.status.as_str().to_owned(),
        cell(&r.title),
        cell(&r.body),
        r.category_id.map(|c| c.to_string()).unwrap_or_default(),
        r.institution_id.map(|c| c.to_string()).unwrap_or_default(),
        r.region_code.clone(),
        r.channel.as_str().to_owned(),
        r.anonymous.to_string(),
        r.confidential.to_string(),
        text(name),
        text(email),
        text(phone),
        time(r.verify_due_at),
        time(r.dispatched_at),
        time(r.resolve_due_at),
        time(r.first_response_at),
        time(r.resolved_at),
        time(r.closed_at),
        time(r.overdue_at),
        r.needs_investigation.to_string(),
    ]
}

/// Text a citizen wrote, made safe for spreadsheets: a cell starting with `=`, `+`, `-`, `@` or
/// a control character would run as a formula (CSV injection), so it gets a leading `'`.
fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-1+2"), "'-1+2");
        assert_eq!(cell("Jalan rusak"), "Jalan rusak");
        assert_eq!(cell(""), "");
    }
}
