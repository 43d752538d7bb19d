use crate::db::schema::{institutions, sessions, users};
use crate::db::{DbConn, contains_pattern, lower};
use diesel::prelude::*;
use lapor_types::users::{Role, User, UserQuery};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub password_hash: String,
    pub role: Role,
    pub institution_id: Option<i64>,
    pub active: bool,
}

impl UserRow {
    pub fn to_wire(&self) -> User {
        User {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            role: self.role,
            institution_id: self.institution_id,
            active: self.active,
        }
    }
}

/// A new account.
pub struct NewUserRow<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: Option<&'a str>,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub institution_id: Option<i64>,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub name: Option<String>,
    pub phone: Option<Option<String>>,
    pub password_hash: Option<String>,
    pub role: Option<String>,
    pub institution_id: Option<Option<i64>>,
    pub active: Option<bool>,
    pub updated_at: Option<chrono::NaiveDateTime>,
}

/// Emails are compared lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Inserts an active account (name trimmed, email lower-cased).
pub fn insert(conn: &mut DbConn, row: &NewUserRow) -> QueryResult<UserRow> {
    let now = super::now();
    let id: i64 = diesel::insert_into(users::table)
        .values((
            users::name.eq(row.name.trim()),
            users::email.eq(normalize_email(row.email)),
            users::phone.eq(row.phone),
            users::password_hash.eq(row.password_hash),
            users::role.eq(row.role),
            users::institution_id.eq(row.institution_id),
            users::active.eq(true),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .returning(users::id)
        .get_result(conn)?;
    get(conn, id)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<UserRow> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
}

pub fn by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(normalize_email(email)))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn email_taken(conn: &mut DbConn, email: &str) -> QueryResult<bool> {
    Ok(by_email(conn, email)?.is_some())
}

pub fn update(conn: &mut DbConn, id: i64, changes: &UserChanges) -> QueryResult<UserRow> {
    diesel::update(users::table.find(id))
        .set(changes)
        .execute(conn)?;
    get(conn, id)
}

/// `within`: a coordinator's scope — only the officers (coordinators and liaisons) of
/// institutions whose path starts with it.
pub fn list(
    conn: &mut DbConn,
    q: &UserQuery,
    within: Option<&str>,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<UserRow>> {
    let mut query = users::table.select(UserRow::as_select()).into_boxed();
    if let Some(prefix) = within {
        // What `policy::may_manage` lets a coordinator change: the liaisons of the subtree and
        // the coordinators below its own institution (not its peers, nor itself).
        let subtree = institutions::table
            .filter(institutions::path.like(format!("{prefix}%")))
            .select(institutions::id.nullable());
        let own = institutions::table
            .filter(institutions::path.eq(prefix.to_owned()))
            .select(institutions::id.nullable());
        query = query.filter(users::institution_id.eq_any(subtree)).filter(
            users::role.eq(Role::Liaison.as_str()).or(users::role
                .eq(Role::Coordinator.as_str())
                .and(diesel::dsl::not(users::institution_id.eq_any(own)))),
        );
    }
    if let Some(role) = q.role {
        query = query.filter(users::role.eq(role.as_str()));
    }
    if let Some(inst) = q.institution_id {
        query = query.filter(users::institution_id.eq(inst));
    }
    if let Some(text) = &q.q {
        let pattern = contains_pattern(text);
        query = query.filter(
            lower(users::name)
                .like(pattern.clone())
                .escape('\\')
                .or(users::email.like(pattern).escape('\\')),
        );
    }
    if let Some(after) = after {
        query = query.filter(users::id.gt(after));
    }
    query.order(users::id).limit(limit + 1).load(conn)
}

/// A user with the ancestry path and kind of their institution.
pub type WithInstitution = (UserRow, Option<String>, Option<String>);

/// The user of a live session (not ended, started after `since`), with the ancestry path and
/// kind of their institution (for scope checks): one query per request.
pub fn in_session(
    conn: &mut DbConn,
    id: i64,
    session: &str,
    since: chrono::NaiveDateTime,
) -> QueryResult<Option<WithInstitution>> {
    users::table
        .inner_join(sessions::table)
        .left_join(institutions::table)
        .filter(users::id.eq(id))
        .filter(sessions::id.eq(session))
        .filter(sessions::ended_at.is_null())
        .filter(sessions::started_at.gt(since))
        .select((
            UserRow::as_select(),
            institutions::path.nullable(),
            institutions::kind.nullable(),
        ))
        .first(conn)
        .optional()
}

/// A user with the ancestry path and kind of their institution.
pub fn with_institution(conn: &mut DbConn, id: i64) -> QueryResult<Option<WithInstitution>> {
    users::table
        .left_join(institutions::table)
        .filter(users::id.eq(id))
        .select((
            UserRow::as_select(),
            institutions::path.nullable(),
            institutions::kind.nullable(),
        ))
        .first(conn)
        .optional()
}
