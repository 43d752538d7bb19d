use crate::db::schema::regions;
use crate::db::{DbConn, MultiBackend, contains_pattern, lower};
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use lapor_types::reference::{Region, RegionLevel, RegionQuery};
use std::collections::HashMap;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq)]
#[diesel(table_name = regions)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: Option<String>,
}

impl RegionRow {
    pub fn to_wire(&self) -> Region {
        Region {
            code: self.code.clone(),
            name: self.name.clone(),
            level: RegionLevel::of_code(&self.code).unwrap_or(RegionLevel::Village),
            parent_code: self.parent_code.clone(),
        }
    }
}

pub fn get(conn: &mut DbConn, code: &str) -> QueryResult<Option<RegionRow>> {
    regions::table
        .find(code)
        .select(RegionRow::as_select())
        .first(conn)
        .optional()
}

pub fn any(conn: &mut DbConn) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(regions::table.select(regions::code))).get_result(conn)
}

pub fn list(
    conn: &mut DbConn,
    q: &RegionQuery,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<RegionRow>> {
    let mut query = regions::table.select(RegionRow::as_select()).into_boxed();
    match (&q.parent, &q.q, q.level) {
        (Some(parent), _, _) => query = query.filter(regions::parent_code.eq(parent.clone())),
        // Without a parent, a search or a level, the list starts at the top: the provinces.
        (None, None, None) => query = query.filter(regions::parent_code.is_null()),
        _ => {}
    }
    if let Some(text) = &q.q {
        query = query.filter(
            lower(regions::name)
                .like(contains_pattern(text))
                .escape('\\'),
        );
    }
    if let Some(level) = q.level {
        query = query.filter(regions::level.eq(level.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(regions::code.gt(after.to_owned()));
    }
    query.order(regions::code).limit(limit + 1).load(conn)
}

/// Rows per INSERT: 4 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535.
const INSERT_BATCH: usize = 2000;

/// Inserts new regions and renames changed ones; returns (inserted, updated). Parents must come
/// before their children in `rows`.
pub fn upsert(conn: &mut DbConn, rows: &[RegionRow]) -> QueryResult<(usize, usize)> {
    let existing: HashMap<String, String> = regions::table
        .select((regions::code, regions::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let (old, new): (Vec<&RegionRow>, Vec<&RegionRow>) =
        rows.iter().partition(|r| existing.contains_key(&r.code));
    let mut updated = 0;
    for row in old {
        if existing.get(&row.code) != Some(&row.name) {
            diesel::update(regions::table.find(&row.code))
                .set(regions::name.eq(&row.name))
                .execute(conn)?;
            updated += 1;
        }
    }
    // diesel's multi-backend connection has no batch insert: one statement of many bound rows
    // (the whole country, 91,000 rows, is loaded by the first migration of every database).
    let mut inserted = 0;
    for batch in new.chunks(INSERT_BATCH) {
        let rows: Vec<String> = (0..batch.len())
            .map(|i| {
                let p = |k| crate::db::placeholder(conn, 4 * i + k);
                format!("({}, {}, {}, {})", p(1), p(2), p(3), p(4))
            })
            .collect();
        // Two replicas loading a new database at once: the second adds nothing.
        let sql = format!(
            "INSERT INTO regions (code, name, level, parent_code) VALUES {} \
             ON CONFLICT (code) DO NOTHING",
            rows.join(", ")
        );
        let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
        for row in batch {
            query = query
                .bind::<Text, _>(&row.code)
                .bind::<Text, _>(&row.name)
                .bind::<Text, _>(&row.level)
                .bind::<Nullable<Text>, _>(&row.parent_code);
        }
        inserted += query.execute(conn)?;
    }
    Ok((inserted, updated))
}
