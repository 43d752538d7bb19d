use crate::db::DbConn;
use crate::db::schema::holidays;
use chrono::NaiveDate;
use diesel::prelude::*;
use lapor_types::reference::Holiday;

pub fn exists(conn: &mut DbConn, date: NaiveDate) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(holidays::table.find(date))).get_result(conn)
}

pub fn insert(conn: &mut DbConn, holiday: &Holiday) -> QueryResult<()> {
    diesel::insert_into(holidays::table)
        .values((
            holidays::date.eq(holiday.date),
            holidays::name.eq(&holiday.name),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Returns whether a holiday was removed.
pub fn delete(conn: &mut DbConn, date: NaiveDate) -> QueryResult<bool> {
    Ok(diesel::delete(holidays::table.find(date)).execute(conn)? == 1)
}

/// Holidays in `[from, to)` after the cursor date, in date order.
pub fn list(
    conn: &mut DbConn,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    after: Option<NaiveDate>,
    limit: i64,
) -> QueryResult<Vec<Holiday>> {
    let mut query = holidays::table
        .select((holidays::date, holidays::name))
        .into_boxed();
    if let Some(from) = from {
        query = query.filter(holidays::date.ge(from));
    }
    if let Some(to) = to {
        query = query.filter(holidays::date.lt(to));
    }
    if let Some(after) = after {
        query = query.filter(holidays::date.gt(after));
    }
    Ok(query
        .order(holidays::date)
        .limit(limit + 1)
        .load::<(NaiveDate, String)>(conn)?
        .into_iter()
        .map(|(date, name)| Holiday { date, name })
        .collect())
}

/// Every holiday from `from` on (the table is small: a few dozen days a year).
pub fn dates_from(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<NaiveDate>> {
    holidays::table
        .filter(holidays::date.ge(from))
        .select(holidays::date)
        .order(holidays::date)
        .load(conn)
}
