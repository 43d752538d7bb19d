//! `GET /reports/export.csv`: the report list as CSV, streamed. A blocking task pages through
//! the scoped, filtered reports by id (1,000 at a time) and hands each page to the response
//! through a small channel, so memory stays flat for a million rows and a client that stops
//! reading stops the export.

use crate::auth::Viewer;
use crate::db::DbConn;
use crate::domain::policy;
use crate::error::ApiError;
use crate::routes::extract::ValidQuery;
use crate::routes::reports::shown_all;
use crate::state::AppState;
use crate::store::reports::{self as store_reports, ReportRow};
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, web};
use diesel::prelude::*;
use futures_util::StreamExt;
use lapor_types::reports::{Report, ReportQuery};

const BATCH: i64 = 1000;

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

/// Reports the caller may see, with the list's filters, as CSV (UTF-8, a header row, newest
/// first). The reporter's name, email and phone are filled only where the list would show them.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "CSV, streamed; `cursor` and `limit` are ignored (the export is whole)", content_type = "text/csv"),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Invalid query"),
        (status = 503, description = "The database is unavailable"),
    )
)]
#[get("/reports/export.csv")]
pub async fn export_reports(
    state: web::Data<AppState>,
    viewer: Viewer,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Bytes, ApiError>>(4);
    let pool = state.pool.clone();
    let clock = state.clock.clone();
    actix_web::rt::task::spawn_blocking(move || {
        clock.scope(|| {
            let result = pool
                .get()
                .map_err(ApiError::from)
                .and_then(|mut conn| produce(&mut conn, &viewer, &q, &tx));
            if let Err(e) = result {
                // Before the first page this becomes the answer; later it cuts the stream.
                let _ = tx.blocking_send(Err(e));
            }
        })
    });
    // The first page decides the status: a database that is away is a 503, not a broken file.
    let first = rx
        .recv()
        .await
        .ok_or_else(|| ApiError::internal("the export ended before its header"))??;
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| {
            if let Err(e) = &chunk {
                log::warn!("export cut short: {} {:?}", e.code, e.internal);
            }
            (chunk, rx)
        })
    });
    let body = futures_util::stream::once(async move { Ok::<_, ApiError>(first) })
        .chain(rest)
        .map(|chunk| chunk.map_err(actix_web::Error::from));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"reports.csv\"",
        ))
        .streaming(body))
}

/// Writes the header and every page to `tx`; stops early when the client has gone.
fn produce(
    conn: &mut DbConn,
    viewer: &Viewer,
    q: &ReportQuery,
    tx: &tokio::sync::mpsc::Sender<Result<Bytes, ApiError>>,
) -> Result<(), ApiError> {
    let scope = policy::report_scope(viewer);
    let mut before: Option<i64> = None;
    loop {
        let mut out = csv::Writer::from_writer(Vec::new());
        if before.is_none() {
            out.write_record(HEADER).map_err(ApiError::internal)?;
        }
        let mut query = store_reports::filtered(conn, &scope, q, None)
            .select(ReportRow::as_select())
            .order(crate::db::schema::reports::id.desc())
            .limit(BATCH);
        if let Some(id) = before {
            query = query.filter(crate::db::schema::reports::id.lt(id));
        }
        let rows: Vec<ReportRow> = query.load(conn)?;
        for report in shown_all(conn, viewer, &rows)? {
            out.write_record(record(&report))
                .map_err(ApiError::internal)?;
        }
        let chunk = out.into_inner().map_err(ApiError::internal)?;
        if tx.blocking_send(Ok(Bytes::from(chunk))).is_err() {
            return Ok(());
        }
        match rows.last() {
            Some(last) if rows.len() as i64 == BATCH => before = Some(last.id),
            _ => return Ok(()),
        }
    }
}

fn record(r: &Report) -> Vec<String> {
    let time =
        |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    let reporter = r.reporter.as_ref();
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
        reporter.map(|p| cell(&p.name)).unwrap_or_default(),
        reporter.map(|p| cell(&p.email)).unwrap_or_default(),
        reporter
            .and_then(|p| p.phone.as_deref())
            .map(cell)
            .unwrap_or_default(),
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
