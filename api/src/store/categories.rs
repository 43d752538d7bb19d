use crate::db::DbConn;
use crate::db::schema::categories;
use diesel::prelude::*;
use lapor_types::reference::{Category, CategoryQuery};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = categories)]
pub struct CategoryRow {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub default_institution_id: Option<i64>,
}

impl CategoryRow {
    pub fn to_wire(&self) -> Category {
        Category {
            id: self.id,
            name: self.name.clone(),
            parent_id: self.parent_id,
            default_institution_id: self.default_institution_id,
        }
    }
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = categories)]
pub struct CategoryChanges {
    pub name: Option<String>,
    pub parent_id: Option<Option<i64>>,
    pub default_institution_id: Option<Option<i64>>,
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<CategoryRow>> {
    categories::table
        .find(id)
        .select(CategoryRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(
    conn: &mut DbConn,
    name: &str,
    parent_id: Option<i64>,
    default_institution_id: Option<i64>,
) -> QueryResult<CategoryRow> {
    let id: i64 = diesel::insert_into(categories::table)
        .values((
            categories::name.eq(name),
            categories::parent_id.eq(parent_id),
            categories::default_institution_id.eq(default_institution_id),
        ))
        .returning(categories::id)
        .get_result(conn)?;
    get(conn, id)?.ok_or(diesel::result::Error::NotFound)
}

pub fn update(conn: &mut DbConn, id: i64, changes: &CategoryChanges) -> QueryResult<()> {
    diesel::update(categories::table.find(id))
        .set(changes)
        .execute(conn)
        .map(|_| ())
}

/// Whether a sibling (same parent) already has this name.
pub fn name_taken(
    conn: &mut DbConn,
    name: &str,
    parent_id: Option<i64>,
    except: Option<i64>,
) -> QueryResult<bool> {
    let mut query = categories::table
        .filter(categories::name.eq(name))
        .filter(categories::id.ne(except.unwrap_or(0)))
        .select(categories::id)
        .into_boxed();
    query = match parent_id {
        Some(p) => query.filter(categories::parent_id.eq(p)),
        None => query.filter(categories::parent_id.is_null()),
    };
    Ok(query.first::<i64>(conn).optional()?.is_some())
}

/// The chain of ancestors of a category, nearest first (for cycle checks).
pub fn ancestors(conn: &mut DbConn, id: i64) -> QueryResult<Vec<i64>> {
    let mut chain = Vec::new();
    let mut current = get(conn, id)?.and_then(|c| c.parent_id);
    while let Some(parent) = current {
        if chain.contains(&parent) {
            break;
        }
        chain.push(parent);
        current = get(conn, parent)?.and_then(|c| c.parent_id);
    }
    Ok(chain)
}

pub fn list(
    conn: &mut DbConn,
    q: &CategoryQuery,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<CategoryRow>> {
    let mut query = categories::table
        .select(CategoryRow::as_select())
        .into_boxed();
    if let Some(parent) = q.parent_id {
        query = query.filter(categories::parent_id.eq(parent));
    }
    if let Some(after) = after {
        query = query.filter(categories::id.gt(after));
    }
    query.order(categories::id).limit(limit + 1).load(conn)
}
