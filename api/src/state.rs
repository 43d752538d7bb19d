//! What every handler shares: the pool, the token keys, the settings and the clock.

use crate::auth::tokens::JwtKeys;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{DbConn, DbPool};
use crate::error::ApiError;
use crate::limits::InFlight;
use actix_web::web;
use std::sync::Arc;

/// What workflow code needs of the settings: the time zone deadlines are counted in, and
/// whether notifications are also emailed.
#[derive(Debug, Clone, Copy)]
pub struct Site {
    pub time_zone: chrono_tz::Tz,
    pub email: bool,
}

pub struct AppState {
    pub pool: DbPool,
    pub jwt: JwtKeys,
    pub config: Config,
    pub clock: Clock,
    /// Statistics counted from the reports themselves (not from a rollup) read every selected
    /// report: at most this many at once, so a burst of them queues instead of taking every
    /// core and connection.
    pub stats_permits: Arc<tokio::sync::Semaphore>,
    /// Rollup sums already read (`store::stats::RollupCache`).
    pub rollups: Arc<crate::store::stats::RollupCache>,
    /// Password hashing for requests: one per core at a time.
    pub hashers: crate::auth::password::Hashers,
    pub limits: crate::limits::Limits,
    /// Statistics each caller has running or waiting (`STATS_PER_CALLER`).
    pub stats_callers: Arc<InFlight>,
    /// CSV exports running: `LAPOR_MAX_EXPORTS` in all, one per account.
    pub exports: Arc<tokio::sync::Semaphore>,
    pub exporters: Arc<InFlight>,
    /// The web app's Content-Security-Policy, with the map tiles' origin.
    pub app_csp: actix_web::http::header::HeaderValue,
}

/// How long (s) a request waits for a password hashing turn before 503 `busy`.
pub const HASH_WAIT_SECS: u32 = 2;

/// Statistics computed at once.
pub const STATS_AT_ONCE: usize = 2;

/// Statistics one caller may have running or waiting (the dashboard asks four at once); more
/// are refused (429), so one caller's burst cannot queue ahead of everyone else.
pub const STATS_PER_CALLER: usize = 4;

impl AppState {
    /// The state of a server: the clock is the system's unless `LAPOR_NOW` pinned it.
    pub fn new(pool: DbPool, jwt: JwtKeys, config: Config) -> AppState {
        let clock = config.now.map(Clock::manual).unwrap_or_default();
        let limits = crate::limits::Limits::new(
            config.rate_limit_store,
            config.limits.clone(),
            pool.clone(),
        );
        let exports = Arc::new(tokio::sync::Semaphore::new(config.max_exports));
        let app_csp = crate::routes::middleware::app_csp(&config);
        AppState {
            app_csp,
            pool,
            jwt,
            config,
            clock,
            stats_permits: Arc::new(tokio::sync::Semaphore::new(STATS_AT_ONCE)),
            rollups: Default::default(),
            limits,
            stats_callers: InFlight::new(STATS_PER_CALLER),
            exports,
            exporters: InFlight::new(1),
            hashers: crate::auth::password::Hashers::new(
                std::thread::available_parallelism().map_or(1, |n| n.get()),
                std::time::Duration::from_secs(HASH_WAIT_SECS.into()),
            ),
        }
    }

    pub fn site(&self) -> Site {
        Site {
            time_zone: self.config.time_zone,
            email: self.config.smtp_url.is_some(),
        }
    }

    /// Runs blocking database work on actix's thread pool with a pooled connection.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let clock = self.clock.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            clock.scope(|| work(&mut conn))
        })
        .await?
    }

    /// Runs password hashing on the hashers; 503 `busy` when no turn comes free in time.
    pub async fn hashing<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        self.hashers
            .run(work)
            .await
            .map_err(|_| ApiError::busy(HASH_WAIT_SECS))
    }

    /// Like `db`, inside one transaction: all of `work` is written, or none of it.
    pub async fn tx<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        self.db(move |conn| crate::db::write_transaction(conn, work))
            .await
    }
}
