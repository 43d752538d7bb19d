//! Statistics institutions are judged on (docs/STATS.md, "Definitions"): each viewer's figures cover
//! exactly the reports they may see.

use crate::reports::ReportQuery;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::Validate;

wire_enum!(
    /// The period of a trend's points (weeks start on Monday, in the deployment's time zone).
    Interval {
        Week = "week",
        Month = "month",
    }
);

wire_enum!(
    /// What the league table is sorted by.
    LeagueSort {
        Dispositions = "dispositions",
        RespondedRate = "responded_rate",
        OnTimeRate = "on_time_rate",
        CompletedRate = "completed_rate",
        OverdueRate = "overdue_rate",
        MedianResponseHours = "median_response_hours",
        Rating = "rating",
    }
);

wire_enum!(
    SortOrder {
        Asc = "asc",
        Desc = "desc",
    }
);

crate::reports::with_report_filters! {
    /// Query of the statistics endpoints: the report list's filters, plus what one endpoint
    /// uses (`interval` for the trend, `sort`/`order` for the league table, `top` for topics).
    pub struct StatsQuery {
        /// Trend: `week` (default) or `month`.
        pub interval: Option<Interval>,
        /// League table: the column to sort by (default `dispositions`).
        pub sort: Option<LeagueSort>,
        /// League table: `desc` (default) or `asc`; rows without a figure come last either way.
        pub order: Option<SortOrder>,
        /// Topics: categories and words per region (1–50, default 10).
        #[validate(range(min = 1, max = 50))]
        pub top: Option<usize>,
    }
}

impl StatsQuery {
    /// The report list's filters of this query.
    pub fn filters(&self) -> ReportQuery {
        ReportQuery {
            status: self.status,
            kind: self.kind,
            channel: self.channel,
            category_id: self.category_id,
            institution_id: self.institution_id,
            region: self.region.clone(),
            created_from: self.created_from,
            created_to: self.created_to,
            q: self.q.clone(),
            ..ReportQuery::default()
        }
    }
}

/// A count under a key (a status, kind, category id, district code or institution id).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub key: String,
    pub count: i64,
}

/// How long something took, in hours: median and 90th percentile (nearest rank), each the start
/// of its bucket — whole hours below 48, 6-hour steps below 30 days, whole days beyond.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timing {
    pub count: i64,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

/// Share of stages that ended by their deadline, among those ended and those still open past
/// it (0–1; `null` when there are none).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnTime {
    pub verify: Option<f64>,
    pub first_response: Option<f64>,
    pub resolve: Option<f64>,
}

/// The reporters' ratings (their latest verdict per report).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratings {
    pub count: i64,
    pub average: Option<f64>,
    /// How many of each rating, 1 to 5.
    pub distribution: [i64; 5],
}

/// `GET /stats/summary`. Rates are 0–1 over the reports not archived (`null` when none). For
/// admins, coordinators and supervisors filtering by whole months, kind and category only, the
/// figures are the job runner's rollups, as of its last round (docs/STATS.md).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatsSummary {
    pub total: i64,
    pub by_status: Vec<Tally>,
    pub by_kind: Vec<Tally>,
    /// Key: the category id, or `none`.
    pub by_category: Vec<Tally>,
    /// Key: the district code (`36.03.18`).
    pub by_region: Vec<Tally>,
    /// Dispositions per unit. Key: the institution id.
    pub by_unit: Vec<Tally>,
    /// Of the `submitted` in `by_status`, those a coordinator has verified: waiting for their
    /// disposition, no longer for verification.
    pub awaiting_disposition: i64,
    /// Reports with a public response from a unit.
    pub followed_up_rate: Option<f64>,
    /// Reports resolved or closed.
    pub finished_rate: Option<f64>,
    /// Reports that were ever past a deadline.
    pub overdue_rate: Option<f64>,
    pub on_time: OnTime,
    /// From the first disposition to the first public response.
    pub first_response: Timing,
    /// From filing to resolution.
    pub resolution: Timing,
    pub rating: Ratings,
}

/// `GET /public/stats`: what anyone may know of the deployment's work.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStats {
    /// Reports received (archived ones too).
    pub received: i64,
    /// Reports resolved or closed.
    pub resolved: i64,
    /// Of the reports resolved, the share resolved by their deadline (0–1; `null` when none).
    pub resolved_on_time_rate: Option<f64>,
    /// The districts with most reports, most first (at most 30).
    pub by_district: Vec<RegionTally>,
}

/// A count for a region, with its name.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionTally {
    pub code: String,
    pub name: String,
    pub count: i64,
}

/// A unit's row in the league table (`GET /stats/institutions`), over the dispositions it got.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstitutionStats {
    pub institution_id: i64,
    pub name: String,
    pub dispositions: i64,
    /// Answered with a public response (or completed).
    pub responded_rate: Option<f64>,
    /// Answered by the response deadline, among those answered and those late still open.
    pub on_time_rate: Option<f64>,
    pub completed_rate: Option<f64>,
    /// Ever past the response deadline.
    pub overdue_rate: Option<f64>,
    pub first_response: Timing,
    /// The ratings of the reports it handled.
    pub rating: Ratings,
}

/// One period of the trend.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    /// The period's first day (a Monday, or the 1st of a month).
    pub period_start: NaiveDate,
    /// Reports filed in the period.
    pub filed: i64,
    /// Reports resolved in the period (and still resolved or closed).
    pub finished: i64,
    /// Reports that went past a deadline in the period.
    pub overdue: i64,
}

/// `GET /stats/trend`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trend {
    pub interval: Interval,
    pub points: Vec<TrendPoint>,
}

/// What a district's reports are about (`GET /stats/topics`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionTopics {
    /// The district code.
    pub region_code: String,
    pub reports: i64,
    /// Key: the category id, or `none`.
    pub categories: Vec<Tally>,
    /// The most frequent words of the titles (common Indonesian words left out).
    pub words: Vec<Tally>,
}
