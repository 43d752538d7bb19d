use crate::db::schema::institutions;
use crate::db::{DbConn, contains_pattern, lower};
use diesel::prelude::*;
use lapor_types::reference::{Institution, InstitutionKind, InstitutionQuery};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = institutions)]
pub struct InstitutionRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: InstitutionKind,
    pub parent_id: Option<i64>,
    /// Ancestry, e.g. `/1/5/12/` for institution 12 under 5 under 1.
    pub path: String,
    pub active: bool,
    pub region_code: Option<String>,
}

impl InstitutionRow {
    pub fn to_wire(&self) -> Institution {
        Institution {
            id: self.id,
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind,
            parent_id: self.parent_id,
            active: self.active,
            region_code: self.region_code.clone(),
        }
    }
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<InstitutionRow>> {
    institutions::table
        .find(id)
        .select(InstitutionRow::as_select())
        .first(conn)
        .optional()
}

pub fn code_taken(conn: &mut DbConn, code: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        institutions::table.filter(institutions::code.eq(code)),
    ))
    .get_result(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    institutions::table.count().get_result(conn)
}

/// Inserts under `parent` (its row, if any) and sets the path from the new id.
pub fn insert(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    kind: InstitutionKind,
    parent: Option<&InstitutionRow>,
    region_code: Option<&str>,
) -> QueryResult<InstitutionRow> {
    let now = super::now();
    let id: i64 = diesel::insert_into(institutions::table)
        .values((
            institutions::code.eq(code),
            institutions::name.eq(name),
            institutions::kind.eq(kind.as_str()),
            institutions::parent_id.eq(parent.map(|p| p.id)),
            institutions::path.eq(""),
            institutions::active.eq(true),
            institutions::region_code.eq(region_code),
            institutions::created_at.eq(now),
            institutions::updated_at.eq(now),
        ))
        .returning(institutions::id)
        .get_result(conn)?;
    let path = format!("{}{id}/", parent.map_or("/", |p| p.path.as_str()));
    diesel::update(institutions::table.find(id))
        .set(institutions::path.eq(path))
        .execute(conn)?;
    get(conn, id)?.ok_or(diesel::result::Error::NotFound)
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = institutions)]
pub struct InstitutionChanges {
    pub code: Option<String>,
    pub name: Option<String>,
    pub active: Option<bool>,
    pub parent_id: Option<Option<i64>>,
    pub region_code: Option<Option<String>>,
    pub updated_at: Option<chrono::NaiveDateTime>,
}

pub fn update(conn: &mut DbConn, id: i64, changes: &InstitutionChanges) -> QueryResult<()> {
    diesel::update(institutions::table.find(id))
        .set(changes)
        .execute(conn)
        .map(|_| ())
}

/// Rewrites the paths of a moved subtree: every path starting with `old` starts with `new`.
pub fn move_subtree(conn: &mut DbConn, old: &str, new: &str) -> QueryResult<()> {
    let rows: Vec<(i64, String)> = institutions::table
        .filter(institutions::path.like(format!("{old}%")))
        .select((institutions::id, institutions::path))
        .load(conn)?;
    for (id, path) in rows {
        let moved = format!("{new}{}", &path[old.len()..]);
        diesel::update(institutions::table.find(id))
            .set(institutions::path.eq(moved))
            .execute(conn)?;
    }
    Ok(())
}

pub fn list(
    conn: &mut DbConn,
    q: &InstitutionQuery,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<InstitutionRow>> {
    let mut query = institutions::table
        .select(InstitutionRow::as_select())
        .into_boxed();
    if let Some(parent) = q.parent_id {
        query = query.filter(institutions::parent_id.eq(parent));
    }
    if let Some(kind) = q.kind {
        query = query.filter(institutions::kind.eq(kind.as_str()));
    }
    if let Some(active) = q.active {
        query = query.filter(institutions::active.eq(active));
    }
    if let Some(text) = &q.q {
        let pattern = contains_pattern(text);
        query = query.filter(
            lower(institutions::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(institutions::code).like(pattern).escape('\\')),
        );
    }
    if let Some(after) = after {
        query = query.filter(institutions::id.gt(after));
    }
    query.order(institutions::id).limit(limit + 1).load(conn)
}

/// The active institution serving the most specific area that contains `region` (a code or an
/// ancestor of it), if any.
pub fn serving(conn: &mut DbConn, region: &str) -> QueryResult<Option<InstitutionRow>> {
    let mut areas = vec![region.to_owned()];
    let mut code = region;
    while let Some((parent, _)) = code.rsplit_once('.') {
        areas.push(parent.to_owned());
        code = parent;
    }
    let candidates: Vec<InstitutionRow> = institutions::table
        .filter(institutions::active.eq(true))
        .filter(institutions::region_code.eq_any(&areas))
        .order(institutions::id)
        .select(InstitutionRow::as_select())
        .load(conn)?;
    Ok(candidates
        .into_iter()
        .max_by_key(|i| i.region_code.as_ref().map_or(0, String::len)))
}
