//! Enum columns: stored as their wire names (text) and read back typed. A value no variant has —
//! a corrupt row, or one a newer version wrote — fails the query loudly, never reads as a
//! default.

use super::MultiBackend;
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::sql_types::Text;
use lapor_types::integration::ApiScope;
use lapor_types::reference::InstitutionKind;
use lapor_types::reports::{
    Channel, DispositionStatus, EventKind, FollowupKind, ReportKind, ReportStatus,
};
use lapor_types::sla::{SlaStage, SlaUnit};
use lapor_types::users::Role;

macro_rules! text_enums {
    ($($ty:ty),+ $(,)?) => {$(
        impl FromSql<Text, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
                <$ty>::parse(&text).ok_or_else(|| {
                    format!("{text:?} is not a {} lapor knows", stringify!($ty)).into()
                })
            }
        }

        impl Queryable<Text, MultiBackend> for $ty {
            type Row = Self;

            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }
    )+};
}

text_enums!(
    ReportStatus,
    ReportKind,
    Channel,
    DispositionStatus,
    FollowupKind,
    EventKind,
    Role,
    InstitutionKind,
    SlaStage,
    SlaUnit,
);

/// An API key's scopes, stored space-separated; an unknown one fails the read like any enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Scopes(pub Vec<ApiScope>);

impl Scopes {
    pub fn to_text(scopes: &[ApiScope]) -> String {
        scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl FromSql<Text, MultiBackend> for Scopes {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
        text.split_whitespace()
            .map(|s| ApiScope::parse(s).ok_or_else(|| format!("{s:?} is not a scope lapor knows")))
            .collect::<Result<_, _>>()
            .map(Scopes)
            .map_err(Into::into)
    }
}

impl Queryable<Text, MultiBackend> for Scopes {
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}
