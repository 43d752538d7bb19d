//! API keys (docs/INTEGRATION.md): stored by the SHA-256 of their secret, never the secret.

use crate::db::DbConn;
use crate::db::columns::Listed;
use crate::db::schema::{api_keys, institutions, users};
use crate::store::users::{UserRow, WithInstitution};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lapor_types::integration::{ApiKey, ApiScope};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub prefix: String,
    pub scopes: Listed<ApiScope>,
    pub institution_id: Option<i64>,
    pub expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl ApiKeyRow {
    pub fn to_wire(&self) -> ApiKey {
        ApiKey {
            id: self.id,
            user_id: self.user_id,
            name: self.name.clone(),
            prefix: self.prefix.clone(),
            scopes: self.scopes.0.clone(),
            institution_id: self.institution_id,
            expires_at: self.expires_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            last_used_at: self.last_used_at.map(|t| t.and_utc()),
            revoked_at: self.revoked_at.map(|t| t.and_utc()),
        }
    }
}

/// A key to store: its secret only as `secret_hash`.
pub struct NewApiKeyRow<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub prefix: &'a str,
    pub secret_hash: &'a str,
    pub scopes: &'a [ApiScope],
    pub institution_id: Option<i64>,
    pub expires_at: Option<NaiveDateTime>,
    pub created_by: i64,
}

pub fn insert(conn: &mut DbConn, key: &NewApiKeyRow) -> QueryResult<ApiKeyRow> {
    let id: i64 = diesel::insert_into(api_keys::table)
        .values((
            api_keys::user_id.eq(key.user_id),
            api_keys::name.eq(key.name.trim()),
            api_keys::prefix.eq(key.prefix),
            api_keys::secret_hash.eq(key.secret_hash),
            api_keys::scopes.eq(Listed::to_text(key.scopes)),
            api_keys::institution_id.eq(key.institution_id),
            api_keys::expires_at.eq(key.expires_at),
            api_keys::created_by.eq(key.created_by),
            api_keys::created_at.eq(super::now()),
        ))
        .returning(api_keys::id)
        .get_result(conn)?;
    get(conn, id)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<ApiKeyRow> {
    api_keys::table
        .find(id)
        .select(ApiKeyRow::as_select())
        .first(conn)
}

/// Keys by id, optionally of one account, after the cursor `after`.
pub fn list(
    conn: &mut DbConn,
    user_id: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ApiKeyRow>> {
    let mut query = api_keys::table.select(ApiKeyRow::as_select()).into_boxed();
    if let Some(user_id) = user_id {
        query = query.filter(api_keys::user_id.eq(user_id));
    }
    if let Some(after) = after {
        query = query.filter(api_keys::id.gt(after));
    }
    query.order(api_keys::id).limit(limit + 1).load(conn)
}

/// Revokes a key; false when there is none (a second revocation keeps the first time).
pub fn revoke(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<bool> {
    let revoked = diesel::update(
        api_keys::table
            .find(id)
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(at))
    .execute(conn)?;
    if revoked == 1 {
        return Ok(true);
    }
    let exists = api_keys::table
        .find(id)
        .select(api_keys::id)
        .first::<i64>(conn);
    Ok(exists.optional()?.is_some())
}

/// The key with this secret's hash, if it is neither revoked nor expired at `now`, with its
/// account and the ancestry path and kind of the account's institution: one query.
pub fn usable(
    conn: &mut DbConn,
    secret_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(ApiKeyRow, WithInstitution)>> {
    let found = api_keys::table
        .inner_join(users::table.on(users::id.eq(api_keys::user_id)))
        .left_join(institutions::table.on(institutions::id.nullable().eq(users::institution_id)))
        .filter(api_keys::secret_hash.eq(secret_hash))
        .filter(api_keys::revoked_at.is_null())
        .filter(
            api_keys::expires_at
                .is_null()
                .or(api_keys::expires_at.gt(now)),
        )
        .select((
            ApiKeyRow::as_select(),
            UserRow::as_select(),
            institutions::path.nullable(),
            institutions::kind.nullable(),
        ))
        .first(conn)
        .optional()?;
    Ok(found.map(|(key, user, path, kind)| (key, (user, path, kind))))
}

/// Records a use, at most once a minute per key (one cheap conditional update).
pub fn touch(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<()> {
    let stale = now - chrono::Duration::seconds(60);
    diesel::update(
        api_keys::table.find(id).filter(
            api_keys::last_used_at
                .is_null()
                .or(api_keys::last_used_at.lt(stale)),
        ),
    )
    .set(api_keys::last_used_at.eq(now))
    .execute(conn)
    .map(|_| ())
}
