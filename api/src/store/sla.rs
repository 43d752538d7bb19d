//! The SLA policy's rules.

use crate::db::DbConn;
use crate::db::schema::{institutions, sla_policies};
use crate::domain::deadlines::{Policy, Rule};
use crate::domain::sla::Period;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lapor_types::reports::ReportKind;
use lapor_types::sla::{NewSlaPolicy, SlaPolicy, SlaStage, SlaUnit};

#[derive(Queryable, Selectable)]
#[diesel(table_name = sla_policies)]
pub struct PolicyRow {
    pub id: i64,
    pub stage: SlaStage,
    pub kind: Option<ReportKind>,
    pub category_id: Option<i64>,
    pub institution_id: Option<i64>,
    pub amount: i32,
    pub unit: SlaUnit,
    pub built_in: bool,
    pub updated_at: NaiveDateTime,
}

impl PolicyRow {
    pub fn to_wire(&self) -> SlaPolicy {
        SlaPolicy {
            id: self.id,
            stage: self.stage,
            kind: self.kind,
            category_id: self.category_id,
            institution_id: self.institution_id,
            amount: self.amount,
            unit: self.unit,
            built_in: self.built_in,
            updated_at: self.updated_at.and_utc(),
        }
    }
}

/// Every rule, ordered by stage and scope (a few dozen rows at most).
pub fn list(conn: &mut DbConn) -> QueryResult<Vec<PolicyRow>> {
    sla_policies::table
        .select(PolicyRow::as_select())
        .order((sla_policies::stage, sla_policies::id))
        .load(conn)
}

pub fn get(conn: &mut DbConn, id: i64) -> QueryResult<Option<PolicyRow>> {
    sla_policies::table
        .find(id)
        .select(PolicyRow::as_select())
        .first(conn)
        .optional()
}

/// The policy in force, with each rule's institution as its path.
pub fn policy(conn: &mut DbConn) -> QueryResult<Policy> {
    let rows: Vec<(PolicyRow, Option<String>)> = sla_policies::table
        .left_join(institutions::table)
        .select((PolicyRow::as_select(), institutions::path.nullable()))
        .load(conn)?;
    let rules = rows
        .into_iter()
        .map(|(r, path)| Rule {
            stage: r.stage,
            kind: r.kind,
            category_id: r.category_id,
            institution_path: path,
            period: Period::new(u32::try_from(r.amount).unwrap_or(1), r.unit),
        })
        .collect();
    Ok(Policy { rules })
}

pub fn insert(conn: &mut DbConn, new: &NewSlaPolicy) -> QueryResult<PolicyRow> {
    let id: i64 = diesel::insert_into(sla_policies::table)
        .values((
            sla_policies::stage.eq(new.stage.as_str()),
            sla_policies::kind.eq(new.kind.map(ReportKind::as_str)),
            sla_policies::category_id.eq(new.category_id),
            sla_policies::institution_id.eq(new.institution_id),
            sla_policies::amount.eq(new.amount),
            sla_policies::unit.eq(new.unit.as_str()),
            sla_policies::updated_at.eq(super::now()),
        ))
        .returning(sla_policies::id)
        .get_result(conn)?;
    get(conn, id)?.ok_or(diesel::result::Error::NotFound)
}

/// Returns whether the rule exists.
pub fn set_period(conn: &mut DbConn, id: i64, amount: i32, unit: SlaUnit) -> QueryResult<bool> {
    Ok(diesel::update(sla_policies::table.find(id))
        .set((
            sla_policies::amount.eq(amount),
            sla_policies::unit.eq(unit.as_str()),
            sla_policies::updated_at.eq(super::now()),
        ))
        .execute(conn)?
        == 1)
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    diesel::delete(sla_policies::table.find(id))
        .execute(conn)
        .map(|_| ())
}
