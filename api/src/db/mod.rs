//! The database: one codebase over PostgreSQL and SQLite through diesel's `MultiConnection`,
//! pooled with r2d2. This module is the only place that may look at which backend is in use.

pub mod columns;
pub mod schema;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq)]
pub enum DbUrl {
    Postgres(String),
    Sqlite(PathBuf),
}

impl DbUrl {
    pub fn parse(url: &str) -> Result<DbUrl, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path, e.g. sqlite://data/lapor.db".into());
            }
            Ok(DbUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DbUrl::Postgres(url.to_owned()))
        } else {
            Err("DATABASE_URL must start with sqlite:// or postgres://".into())
        }
    }
}

/// Whether the database answers (the readiness probe): one `SELECT 1`.
pub fn ping(conn: &mut DbConn) -> QueryResult<()> {
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}

/// Opens connections of the backend the URL names, set up the way the code expects.
#[derive(QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = diesel::sql_types::Text)]
    journal_mode: String,
}

#[derive(Debug)]
pub struct Manager {
    url: DbUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        match &self.url {
            DbUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConn::Pg)
                .map_err(r2d2::Error::ConnectionError),
            DbUrl::Sqlite(path) => open_sqlite(path).map(DbConn::Sqlite),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

/// A SQLite connection set up the way the code expects: busy_timeout first, so a second writer
/// waits instead of failing; foreign keys on (SQLite leaves them off unless asked).
fn open_sqlite(path: &Path) -> Result<SqliteConnection, r2d2::Error> {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())
        .map_err(r2d2::Error::ConnectionError)?;
    conn.batch_execute(
        "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
    )
    .map_err(r2d2::Error::QueryError)?;
    Ok(conn)
}

/// Builds the pool. SQLite's file (and its directory) is created on first use, and switched to
/// WAL (readers work beside the one writer; the mode is kept in the file) here, once, before
/// the pool opens its connections side by side: switching needs the file to itself, and a
/// switch racing the pool's other new connections failed one of them ("database is locked").
pub fn pool(database_url: &str, max_size: u32) -> Result<DbPool, BoxError> {
    let url = DbUrl::parse(database_url)?;
    if let DbUrl::Sqlite(path) = &url {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = open_sqlite(path)?;
        let mode: JournalMode = diesel::sql_query("PRAGMA journal_mode").get_result(&mut conn)?;
        if !mode.journal_mode.eq_ignore_ascii_case("wal") {
            conn.batch_execute("PRAGMA journal_mode = WAL;")?;
        }
    }
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        // A database that is away answers 503 within this time instead of hanging requests.
        .connection_timeout(Duration::from_secs(5))
        .build(Manager { url })?;
    Ok(pool)
}

/// Runs `work` in a transaction meant to write. On SQLite it begins `IMMEDIATE`: it takes the
/// write lock up front (waiting up to the busy timeout), because two deferred transactions that
/// both read and then write deadlock, and SQLite fails one with "database is locked".
pub fn write_transaction<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let DbConn::Sqlite(lite) = conn else {
        return conn.transaction(work);
    };
    let depth = AnsiTransactionManager::transaction_manager_status_mut(lite).transaction_depth()?;
    if depth.is_some() {
        // Already inside one: the lock is held; nest with a savepoint.
        return conn.transaction(work);
    }
    AnsiTransactionManager::begin_transaction_sql(lite, "BEGIN IMMEDIATE")?;
    match work(conn) {
        Ok(value) => {
            <DbConn as TransactionManager<DbConn>>::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            <DbConn as TransactionManager<DbConn>>::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

/// Claims reports for background work inside the caller's write transaction: those of `ids`
/// no other worker holds. PostgreSQL locks the rows (`FOR UPDATE SKIP LOCKED`), so replicas
/// sweeping at once share the work instead of queueing on it; SQLite's `BEGIN IMMEDIATE`
/// already holds the only write lock.
pub fn claim_reports(conn: &mut DbConn, ids: &[i64]) -> diesel::QueryResult<Vec<i64>> {
    use diesel::sql_types::{Array, BigInt};
    #[derive(diesel::QueryableByName)]
    struct Claimed {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    match conn {
        DbConn::Pg(pg) => {
            let rows: Vec<Claimed> = diesel::sql_query(
                "SELECT id FROM reports WHERE id = ANY($1) ORDER BY id FOR UPDATE SKIP LOCKED",
            )
            .bind::<Array<BigInt>, _>(ids)
            .load(pg)?;
            Ok(rows.into_iter().map(|c| c.id).collect())
        }
        DbConn::Sqlite(_) => Ok(ids.to_vec()),
    }
}

/// The change feed's horizon (docs/INTEGRATION.md, "Never a skipped change"): on PostgreSQL
/// the oldest transaction still running — every event of a transaction below it has committed
/// or never will, and every transaction to come gets a higher id. Read in its own statement
/// before the feed's (READ COMMITTED: the feed's own snapshot then sees all those commits).
/// `None` on SQLite, whose writers take turns, so id order is commit order.
pub fn feed_horizon(conn: &mut DbConn) -> diesel::QueryResult<Option<i64>> {
    use diesel::sql_types::BigInt;
    #[derive(diesel::QueryableByName)]
    struct Horizon {
        #[diesel(sql_type = BigInt)]
        horizon: i64,
    }
    match conn {
        DbConn::Pg(pg) => {
            let rows: Vec<Horizon> = diesel::sql_query(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon",
            )
            .load(pg)?;
            Ok(rows.first().map(|h| h.horizon))
        }
        DbConn::Sqlite(_) => Ok(None),
    }
}

/// Claims the named piece of background work inside the caller's write transaction, until it
/// ends: false when another worker holds it. PostgreSQL takes a transaction-scoped advisory
/// lock without waiting; SQLite's `BEGIN IMMEDIATE` already holds the only write lock.
pub fn claim_work(conn: &mut DbConn, name: &str) -> diesel::QueryResult<bool> {
    use diesel::sql_types::{Bool, Text};
    #[derive(diesel::QueryableByName)]
    struct Claimed {
        #[diesel(sql_type = Bool)]
        claimed: bool,
    }
    match conn {
        DbConn::Pg(pg) => {
            let rows: Vec<Claimed> =
                diesel::sql_query("SELECT pg_try_advisory_xact_lock(hashtext($1)) AS claimed")
                    .bind::<Text, _>(name)
                    .load(pg)?;
            Ok(rows.first().is_some_and(|c| c.claimed))
        }
        DbConn::Sqlite(_) => Ok(true),
    }
}

/// Applies pending migrations; returns the versions applied. On PostgreSQL an advisory lock
/// keeps replicas that start together from migrating at once.
pub fn run_migrations(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let applied = match conn {
        DbConn::Pg(pg) => {
            pg.batch_execute("SELECT pg_advisory_lock(7270001)")?;
            let result = pg
                .run_pending_migrations(PG_MIGRATIONS)
                .map(|versions| versions.iter().map(|v| v.to_string()).collect());
            pg.batch_execute("SELECT pg_advisory_unlock(7270001)")?;
            result?
        }
        DbConn::Sqlite(lite) => lite
            .run_pending_migrations(SQLITE_MIGRATIONS)?
            .iter()
            .map(|v| v.to_string())
            .collect(),
    };
    Ok(applied)
}

/// The `n`th (from 1) bind placeholder of raw SQL on this connection's backend.
pub fn placeholder(conn: &DbConn, n: usize) -> String {
    match conn {
        DbConn::Pg(_) => format!("${n}"),
        DbConn::Sqlite(_) => "?".to_owned(),
    }
}

/// Rows whose writers `lock_row` serializes.
#[derive(Debug, Clone, Copy)]
pub enum Locked {
    User,
    Report,
    Webhook,
}

impl Locked {
    fn table(self) -> &'static str {
        match self {
            Locked::User => "users",
            Locked::Report => "reports",
            Locked::Webhook => "webhooks",
        }
    }
}

/// Holds the row `id` of `table` until the transaction ends, so that quotas counted from stored
/// rows (reports a citizen filed, files a report holds) hold under concurrent requests:
/// PostgreSQL takes a row lock; SQLite's write transactions run one at a time already.
pub fn lock_row(conn: &mut DbConn, table: Locked, id: i64) -> QueryResult<()> {
    if let DbConn::Pg(pg) = conn {
        let table = table.table();
        diesel::sql_query(format!("SELECT id FROM {table} WHERE id = $1 FOR UPDATE"))
            .bind::<diesel::sql_types::BigInt, _>(id)
            .execute(pg)?;
    }
    Ok(())
}

/// Like `lock_row`, without waiting: false when another transaction holds the row (or there is
/// none), so replicas doing the same background work each take different rows.
pub fn try_lock_row(conn: &mut DbConn, table: Locked, id: i64) -> QueryResult<bool> {
    let DbConn::Pg(pg) = conn else {
        return Ok(true);
    };
    let table = table.table();
    let locked = diesel::sql_query(format!(
        "SELECT id FROM {table} WHERE id = $1 FOR UPDATE SKIP LOCKED"
    ))
    .bind::<diesel::sql_types::BigInt, _>(id)
    .execute(pg)?;
    Ok(locked == 1)
}

/// Reverts every migration (used by the migration round-trip test).
pub fn revert_all_migrations(conn: &mut DbConn) -> Result<usize, BoxError> {
    let reverted = match conn {
        DbConn::Pg(pg) => pg.revert_all_migrations(PG_MIGRATIONS)?.len(),
        DbConn::Sqlite(lite) => lite.revert_all_migrations(SQLITE_MIGRATIONS)?.len(),
    };
    Ok(reverted)
}

diesel::define_sql_function! {
    /// Lower-cases text in SQL, the same way on both backends (for case-insensitive search).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The words of a search, as the full-text indexes see them: letters and digits, lower-cased;
/// at most 8.
pub fn search_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_lowercase)
        .collect()
}

/// A filter on `reports`: every word of `words` starts a word of the title or body (so `jalan`
/// also finds `jalanan`). PostgreSQL uses the stored `search_vector` (`to_tsvector('simple', …)`
/// of both) and its GIN index, SQLite
/// the FTS5 table `reports_search`. Words are letters and digits only (`search_words`), so
/// neither query syntax can be injected.
pub fn text_search(
    conn: &DbConn,
    words: &[String],
) -> Box<
    dyn BoxableExpression<schema::reports::table, MultiBackend, SqlType = diesel::sql_types::Bool>,
> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Text};
    match conn {
        DbConn::Pg(_) => {
            let query: Vec<String> = words.iter().map(|w| format!("{w}:*")).collect();
            Box::new(
                sql::<Bool>("reports.search_vector @@ to_tsquery('simple', ")
                    .bind::<Text, _>(query.join(" & "))
                    .sql(")"),
            )
        }
        DbConn::Sqlite(_) => {
            let query: Vec<String> = words.iter().map(|w| format!("\"{w}\"*")).collect();
            Box::new(
                sql::<Bool>(
                    "reports.id IN (SELECT rowid FROM reports_search WHERE reports_search MATCH ",
                )
                .bind::<Text, _>(query.join(" "))
                .sql(")"),
            )
        }
    }
}

/// A LIKE pattern matching `text` anywhere, with LIKE's wildcards in it taken literally.
pub fn contains_pattern(text: &str) -> String {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_backend() {
        assert_eq!(
            DbUrl::parse("sqlite://data/lapor.db"),
            Ok(DbUrl::Sqlite(PathBuf::from("data/lapor.db")))
        );
        assert_eq!(
            DbUrl::parse("sqlite:///var/lib/lapor.db"),
            Ok(DbUrl::Sqlite(PathBuf::from("/var/lib/lapor.db")))
        );
        assert!(matches!(
            DbUrl::parse("postgres://db/lapor"),
            Ok(DbUrl::Postgres(_))
        ));
        assert!(DbUrl::parse("sqlite://").is_err());
        assert!(DbUrl::parse("mysql://db").is_err());
    }

    #[test]
    fn search_words_are_letters_and_digits() {
        assert_eq!(
            search_words("Jalan RUSAK, km-3 \"x\" OR 1=1 & É"),
            ["jalan", "rusak", "km", "3", "x", "or", "1", "1"]
        );
        assert!(search_words(" -- ").is_empty());
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("Cikupa"), "%cikupa%");
        assert_eq!(contains_pattern("50%_off"), "%50\\%\\_off%");
    }

    #[test]
    fn sqlite_connections_are_set_up() {
        let dir = std::env::temp_dir().join(format!("lapor-db-{}", uuid::Uuid::new_v4()));
        let pool = pool(&format!("sqlite://{}/t.db", dir.display()), 1).unwrap();
        let mut conn = pool.get().unwrap();
        let DbConn::Sqlite(lite) = &mut *conn else {
            panic!("expected SQLite")
        };
        #[derive(QueryableByName)]
        struct Setting {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            foreign_keys: i32,
        }
        let s: Setting = diesel::sql_query("PRAGMA foreign_keys")
            .get_result(lite)
            .unwrap();
        assert_eq!(s.foreign_keys, 1);
        let mode: JournalMode = diesel::sql_query("PRAGMA journal_mode")
            .get_result(lite)
            .unwrap();
        assert_eq!(mode.journal_mode, "wal");
        let _ = std::fs::remove_dir_all(dir);
    }
}
