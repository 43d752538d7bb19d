//! The wire contract of the lapor API: every request and response body, shared by the server
//! (`lapor-api`) and the web app, so a changed field breaks the build instead of production.
//!
//! No diesel, no actix: this crate compiles to `wasm32-unknown-unknown`. OpenAPI schemas are
//! derived behind the `openapi` feature, which only the server enables.

/// A string enum as it travels: each variant has its wire name (serde, `as_str`/`parse` for the
/// database, `ALL` for the spec and choice lists). The wire name is a `tt`, not a `literal`:
/// utoipa reads serde's `rename` only from a plain token.
macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident {
        $($(#[$vdoc:meta])* $variant:ident = $wire:tt),+ $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $wire)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod auth;
pub mod integration;
pub mod notifications;
pub mod problem;
pub mod reference;
pub mod reports;
pub mod sla;
pub mod stats;
pub mod users;

use serde::{Deserialize, Serialize};

/// A page of a list. `next_cursor` is opaque; pass it back as `cursor` for the next page. It is
/// `null` on the last page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Deserializes a field that distinguishes "absent" (`None`) from "set to null" (`Some(None)`),
/// for PATCH bodies that may clear an optional value.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// `GET /site`: what a client needs to know of this deployment before anyone signs in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Site {
    /// The region the deployment serves (`LAPOR_HOME_REGION`, e.g. `36.03` for Kabupaten
    /// Tangerang): where a place picker starts. `null`: all of Indonesia.
    pub home_region: Option<String>,
    /// The IANA time zone deadlines are counted in (`LAPOR_TIME_ZONE`).
    pub time_zone: String,
    pub map: MapSettings,
}

/// The maps of the web app: where tiles come from and where a map without a pin opens.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapSettings {
    /// A tile URL with `{z}`, `{x}` and `{y}` (`LAPOR_MAP_TILES`).
    pub tiles: String,
    /// The credit the tiles' licence asks for, shown on every map.
    pub attribution: String,
    pub latitude: f64,
    pub longitude: f64,
    pub zoom: u8,
}

/// Answer of `GET /healthz` and `GET /readyz`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when healthy.
    pub status: String,
}
