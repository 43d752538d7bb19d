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

/// A wire enum that `Listed` can store.
pub trait Named: Sized + Copy {
    fn name(self) -> &'static str;
    fn named(name: &str) -> Option<Self>;
}

macro_rules! named {
    ($($ty:ty),+) => {$(
        impl Named for $ty {
            fn name(self) -> &'static str {
                self.as_str()
            }

            fn named(name: &str) -> Option<Self> {
                <$ty>::parse(name)
            }
        }
    )+};
}

named!(ApiScope, EventKind);

/// A list of wire enums stored space-separated (an API key's scopes, a webhook's kinds); an
/// unknown name fails the read like any enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed<T>(pub Vec<T>);

impl<T: Named> Listed<T> {
    pub fn to_text(items: &[T]) -> String {
        items.iter().map(|s| s.name()).collect::<Vec<_>>().join(" ")
    }
}

impl<T: Named> FromSql<Text, MultiBackend> for Listed<T> {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
        text.split_whitespace()
            .map(|s| T::named(s).ok_or_else(|| format!("{s:?} is not a name lapor knows")))
            .collect::<Result<_, _>>()
            .map(Listed)
            .map_err(Into::into)
    }
}

impl<T: Named> Queryable<Text, MultiBackend> for Listed<T> {
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}
