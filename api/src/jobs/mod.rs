//! Background jobs: the SLA sweep, the email outbox and the statistics rollups — `serve` runs
//! them every `LAPOR_JOBS_INTERVAL` seconds, `lapor jobs` one round (for cron, or a drill with
//! `LAPOR_NOW`) — and, on their own schedules, webhook deliveries and national sync. Safe on
//! several replicas at once: see `sweep` and `mail`.

pub mod mail;
pub mod national;
pub mod rollup;
pub mod sweep;
pub mod webhooks;

use crate::clock;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::state::{AppState, Site};
use actix_web::web;
use lapor_types::problem::ErrorCode;
use mail::{Delivered, Mailer};
use serde::Serialize;
use std::sync::Arc;
use sweep::Swept;

/// Why a round, or one item of it, failed.
#[derive(Debug)]
pub enum JobError {
    /// The database cannot be reached (or its write lock not had in time): the round ends and
    /// the next tick tries again.
    Unavailable(String),
    /// One piece of work could not be done: a refusal of the workflow (the reporter answered at
    /// that moment, say) or a fault.
    Failed { code: ErrorCode, detail: String },
}

impl From<ApiError> for JobError {
    fn from(e: ApiError) -> JobError {
        let detail = e.internal.or(e.detail).unwrap_or_default();
        match e.code {
            ErrorCode::DatabaseUnavailable => JobError::Unavailable(detail),
            code => JobError::Failed { code, detail },
        }
    }
}

impl From<diesel::result::Error> for JobError {
    fn from(e: diesel::result::Error) -> JobError {
        ApiError::from(e).into()
    }
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Unavailable(detail) => write!(f, "database unavailable: {detail}"),
            JobError::Failed { code, detail } => write!(f, "{code}: {detail}"),
        }
    }
}

impl std::error::Error for JobError {}

/// How long a delivered webhook delivery stays in its webhook's log.
const KEEP_DELIVERED: chrono::Duration = chrono::Duration::days(30);

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Round {
    pub passed: usize,
    pub approaching: usize,
    pub closed: usize,
    pub sent: usize,
    pub failed: usize,
    /// Scope-months of statistics counted again.
    pub counted: usize,
}

/// The sweep, then the outbox (so the sweep's own emails leave in the same round), then the
/// rollups (which count what the sweep marked).
pub fn run_once(conn: &mut DbConn, site: Site, mailer: Option<&Mailer>) -> Result<Round, JobError> {
    let Swept {
        passed,
        approaching,
        closed,
    } = sweep::run(conn, site)?;
    let Delivered { sent, failed } = match mailer {
        Some(mailer) => mail::deliver(conn, mailer)?,
        None => Delivered::default(),
    };
    let counted = rollup::refresh(conn, clock::now())?;
    // Rate-limit windows run on the system clock (`limits`), whatever clock is in scope.
    crate::store::rate_limits::forget_expired(conn, chrono::Utc::now().naive_utc())?;
    crate::store::email_links::forget_expired(conn, clock::now().naive_utc())?;
    crate::store::webhooks::forget_delivered(conn, clock::now().naive_utc() - KEEP_DELIVERED)?;
    Ok(Round {
        passed,
        approaching,
        closed,
        sent,
        failed,
        counted,
    })
}

/// Runs a round every `LAPOR_JOBS_INTERVAL` seconds on the server's runtime (off when 0), and
/// webhook deliveries every `LAPOR_WEBHOOK_INTERVAL` seconds. A failed round (the database
/// away) is logged and tried again at the next tick.
pub fn spawn(state: web::Data<AppState>, mailer: Option<Mailer>) {
    spawn_webhooks(state.clone());
    spawn_national(state.clone());
    let every = state.config.jobs_interval_secs;
    if every == 0 {
        log::info!("background jobs are off on this replica (LAPOR_JOBS_INTERVAL=0)");
        return;
    }
    let mailer = mailer.map(Arc::new);
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(std::time::Duration::from_secs(every));
        loop {
            tick.tick().await;
            let site = state.site();
            let mailer = mailer.clone();
            let round = state
                .db(move |conn| Ok(run_once(conn, site, mailer.as_deref())))
                .await
                .map_err(JobError::from)
                .and_then(|round| round);
            match round {
                Ok(round) if round != Round::default() => log::info!("jobs: {round:?}"),
                Ok(_) => {}
                Err(e) => log::warn!("jobs: round failed, retrying next tick: {e}"),
            }
        }
    });
}

fn spawn_national(state: web::Data<AppState>) {
    let Some(settings) = state.config.national.clone() else {
        return;
    };
    if settings.interval_secs == 0 {
        log::info!("national sync is off on this replica (LAPOR_NATIONAL_INTERVAL=0)");
        return;
    }
    match national::Connector::new(&settings) {
        Ok(connector) => national::spawn(state, connector, settings.interval_secs),
        Err(e) => log::error!("national sync cannot start: {e}"),
    }
}

fn spawn_webhooks(state: web::Data<AppState>) {
    let every = state.config.webhook_interval_secs;
    if every == 0 {
        log::info!("webhook delivery is off on this replica (LAPOR_WEBHOOK_INTERVAL=0)");
        return;
    }
    let dispatcher = match webhooks::Dispatcher::new(state.config.webhook_allow_private) {
        Ok(dispatcher) => dispatcher,
        Err(e) => {
            log::error!("webhook delivery cannot start: {e}");
            return;
        }
    };
    webhooks::spawn(state, dispatcher, chrono::Duration::seconds(every as i64));
}
