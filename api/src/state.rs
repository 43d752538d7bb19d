//! What every handler shares: the pool, the token keys and the settings.

use crate::auth::tokens::JwtKeys;
use crate::config::Config;
use crate::db::{DbConn, DbPool};
use crate::error::ApiError;
use actix_web::web;

pub struct AppState {
    pub pool: DbPool,
    pub jwt: JwtKeys,
    pub config: Config,
}

impl AppState {
    /// Runs blocking database work on actix's thread pool with a pooled connection.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
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
