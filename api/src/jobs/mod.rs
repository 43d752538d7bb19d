//! Background jobs: the SLA sweep, the email outbox and the statistics rollups. `serve` runs them every
//! `LAPOR_JOBS_INTERVAL` seconds; `lapor jobs` runs one round (for cron, or a drill with
//! `LAPOR_NOW`). Safe on several replicas at once: see `sweep` and `mail`.

pub mod mail;
pub mod rollup;
pub mod sweep;

use crate::clock;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::state::{AppState, Site};
use actix_web::web;
use mail::{Delivered, Mailer};
use serde::Serialize;
use std::sync::Arc;
use sweep::Swept;

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
pub fn run_once(conn: &mut DbConn, site: Site, mailer: Option<&Mailer>) -> Result<Round, ApiError> {
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
    Ok(Round {
        passed,
        approaching,
        closed,
        sent,
        failed,
        counted,
    })
}

/// Runs a round every `LAPOR_JOBS_INTERVAL` seconds on the server's runtime (off when 0). A
/// failed round (the database away) is logged and tried again at the next tick.
pub fn spawn(state: web::Data<AppState>, mailer: Option<Mailer>) {
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
            match state
                .db(move |conn| run_once(conn, site, mailer.as_deref()))
                .await
            {
                Ok(round) if round != Round::default() => log::info!("jobs: {round:?}"),
                Ok(_) => {}
                Err(e) => log::warn!(
                    "jobs: round failed ({}), retrying next tick: {}",
                    e.code,
                    e.internal.or(e.detail).unwrap_or_default()
                ),
            }
        }
    });
}
