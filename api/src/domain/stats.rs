//! The statistics, computed from the facts of the reports and dispositions a viewer may see.
//! Pure: facts in, figures out — the same whatever the facts came from.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use lapor_types::reports::{DispositionStatus, ReportKind, ReportStatus};
use lapor_types::stats::{
    InstitutionStats, Interval, OnTime, Ratings, RegionTopics, StatsSummary, Tally, Timing,
    TrendPoint,
};
use std::collections::{BTreeMap, HashMap};

/// What statistics need of a report.
#[derive(Debug, Clone)]
pub struct ReportFact {
    pub id: i64,
    pub status: ReportStatus,
    pub kind: ReportKind,
    pub category_id: Option<i64>,
    pub region_code: String,
    pub created_at: DateTime<Utc>,
    pub verify_due_at: Option<DateTime<Utc>>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolve_due_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub overdue_at: Option<DateTime<Utc>>,
    /// The reporter's latest rating.
    pub rating: Option<i32>,
}

/// What statistics need of a disposition (only those that count: pending, accepted, completed).
#[derive(Debug, Clone)]
pub struct DispositionFact {
    pub report_id: i64,
    pub institution_id: i64,
    pub status: DispositionStatus,
    pub created_at: DateTime<Utc>,
    pub response_due_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub overdue_at: Option<DateTime<Utc>>,
}

/// The district (`36.03.18`) of a region code; shorter codes stand for themselves.
pub fn district(code: &str) -> &str {
    match code.match_indices('.').nth(2) {
        Some((at, _)) => &code[..at],
        None => code,
    }
}

fn tally<K: ToString>(counts: impl IntoIterator<Item = K>) -> Vec<Tally> {
    let mut map: BTreeMap<String, i64> = BTreeMap::new();
    for key in counts {
        *map.entry(key.to_string()).or_default() += 1;
    }
    let mut out: Vec<Tally> = map
        .into_iter()
        .map(|(key, count)| Tally { key, count })
        .collect();
    // Most first; ties by key, so the order is stable.
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    out
}

fn rate(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn hours(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

/// Median and 90th percentile by nearest rank.
pub fn timing(mut hours: Vec<f64>) -> Timing {
    hours.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        let n = hours.len();
        (n > 0).then(|| hours[((p * n as f64).ceil() as usize).clamp(1, n) - 1])
    };
    Timing {
        count: hours.len() as i64,
        median_hours: rank(0.5),
        p90_hours: rank(0.9),
    }
}

pub fn ratings(values: impl IntoIterator<Item = i32>) -> Ratings {
    let mut r = Ratings::default();
    let mut sum = 0i64;
    for v in values {
        if let Some(slot) = usize::try_from(v - 1)
            .ok()
            .and_then(|i| r.distribution.get_mut(i))
        {
            *slot += 1;
            r.count += 1;
            sum += i64::from(v);
        }
    }
    r.average = (r.count > 0).then(|| sum as f64 / r.count as f64);
    r
}

/// One stage's on-time share: ended by the deadline, over ended plus still open past it.
fn on_time<T>(
    items: &[T],
    due: impl Fn(&T) -> Option<DateTime<Utc>>,
    ended: impl Fn(&T) -> Option<DateTime<Utc>>,
    open: impl Fn(&T) -> bool,
    now: DateTime<Utc>,
) -> Option<f64> {
    let (mut timely, mut judged) = (0, 0);
    for item in items {
        let Some(due) = due(item) else { continue };
        match ended(item) {
            Some(at) => {
                judged += 1;
                if at <= due {
                    timely += 1;
                }
            }
            None if open(item) && due < now => judged += 1,
            None => {}
        }
    }
    rate(timely, judged)
}

fn responded(d: &DispositionFact) -> bool {
    d.responded_at.is_some() || d.status == DispositionStatus::Completed
}

pub fn summary(
    reports: &[ReportFact],
    dispositions: &[DispositionFact],
    now: DateTime<Utc>,
) -> StatsSummary {
    let live: Vec<&ReportFact> = reports
        .iter()
        .filter(|r| r.status != ReportStatus::Archived)
        .collect();
    let n = live.len();
    let count = |f: fn(&ReportFact) -> bool| live.iter().filter(|r| f(r)).count();
    StatsSummary {
        total: reports.len() as i64,
        by_status: tally(reports.iter().map(|r| r.status.as_str())),
        by_kind: tally(reports.iter().map(|r| r.kind.as_str())),
        by_category: tally(reports.iter().map(|r| {
            r.category_id
                .map_or_else(|| "none".to_owned(), |c| c.to_string())
        })),
        by_region: tally(reports.iter().map(|r| district(&r.region_code))),
        by_unit: tally(dispositions.iter().map(|d| d.institution_id)),
        followed_up_rate: rate(count(|r| r.first_response_at.is_some()), n),
        finished_rate: rate(
            count(|r| matches!(r.status, ReportStatus::Resolved | ReportStatus::Closed)),
            n,
        ),
        overdue_rate: rate(count(|r| r.overdue_at.is_some()), n),
        on_time: OnTime {
            verify: on_time(
                &live,
                |r| r.verify_due_at,
                |r| r.dispatched_at,
                |r| r.status == ReportStatus::Submitted,
                now,
            ),
            first_response: on_time(
                dispositions,
                |d| d.response_due_at,
                |d| d.responded_at,
                |d| !responded(d),
                now,
            ),
            resolve: on_time(
                &live,
                |r| r.resolve_due_at,
                |r| r.resolved_at,
                |r| {
                    matches!(
                        r.status,
                        ReportStatus::Dispatched | ReportStatus::InProgress
                    )
                },
                now,
            ),
        },
        first_response: timing(
            live.iter()
                .filter_map(|r| Some(hours(r.dispatched_at?, r.first_response_at?)))
                .collect(),
        ),
        resolution: timing(
            live.iter()
                .filter_map(|r| Some(hours(r.created_at, r.resolved_at?)))
                .collect(),
        ),
        rating: ratings(live.iter().filter_map(|r| r.rating)),
    }
}

/// One row per unit with dispositions, in no particular order (the caller sorts).
pub fn league(
    units: &HashMap<i64, String>,
    reports: &[ReportFact],
    dispositions: &[DispositionFact],
    now: DateTime<Utc>,
) -> Vec<InstitutionStats> {
    let rating_of: HashMap<i64, i32> = reports
        .iter()
        .filter_map(|r| Some((r.id, r.rating?)))
        .collect();
    let mut by_unit: BTreeMap<i64, Vec<&DispositionFact>> = BTreeMap::new();
    for d in dispositions {
        if units.contains_key(&d.institution_id) {
            by_unit.entry(d.institution_id).or_default().push(d);
        }
    }
    by_unit
        .into_iter()
        .map(|(id, ds)| {
            let n = ds.len();
            InstitutionStats {
                institution_id: id,
                name: units.get(&id).cloned().unwrap_or_default(),
                dispositions: n as i64,
                responded_rate: rate(ds.iter().filter(|d| responded(d)).count(), n),
                on_time_rate: on_time(
                    &ds,
                    |d| d.response_due_at,
                    |d| d.responded_at,
                    |d| !responded(d),
                    now,
                ),
                completed_rate: rate(
                    ds.iter()
                        .filter(|d| d.status == DispositionStatus::Completed)
                        .count(),
                    n,
                ),
                overdue_rate: rate(ds.iter().filter(|d| d.overdue_at.is_some()).count(), n),
                first_response: timing(
                    ds.iter()
                        .filter_map(|d| Some(hours(d.created_at, d.responded_at?)))
                        .collect(),
                ),
                rating: ratings(
                    ds.iter()
                        .filter_map(|d| rating_of.get(&d.report_id).copied()),
                ),
            }
        })
        .collect()
}

/// The first day of the period `at` falls in, in the deployment's time zone.
pub fn period_start(at: DateTime<Utc>, interval: Interval, tz: Tz) -> NaiveDate {
    let day = at.with_timezone(&tz).date_naive();
    match interval {
        Interval::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        Interval::Month => day.with_day(1).unwrap_or(day),
    }
}

fn next_period(start: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Week => start + Duration::days(7),
        Interval::Month => start
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(start + Duration::days(31)),
    }
}

/// Filed, finished and overdue per period, every period from the first to the last (gaps are
/// zeros, so a chart's axis is the calendar's).
pub fn trend(reports: &[ReportFact], interval: Interval, tz: Tz) -> Vec<TrendPoint> {
    let mut points: BTreeMap<NaiveDate, [i64; 3]> = BTreeMap::new();
    let mut add = |at: Option<DateTime<Utc>>, column: usize| {
        if let Some(at) = at {
            points.entry(period_start(at, interval, tz)).or_default()[column] += 1;
        }
    };
    for r in reports {
        add(Some(r.created_at), 0);
        if matches!(r.status, ReportStatus::Resolved | ReportStatus::Closed) {
            add(r.resolved_at, 1);
        }
        add(r.overdue_at, 2);
    }
    let (Some(first), Some(last)) = (
        points.keys().next().copied(),
        points.keys().next_back().copied(),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = first;
    while at <= last {
        let [filed, finished, overdue] = points.get(&at).copied().unwrap_or_default();
        out.push(TrendPoint {
            period_start: at,
            filed,
            finished,
            overdue,
        });
        at = next_period(at, interval);
    }
    out
}

/// Words too common to say what a report is about.
const STOP_WORDS: &[&str] = &[
    "ada", "adalah", "agar", "akan", "atau", "bagi", "banyak", "belum", "bisa", "dalam", "dan",
    "dari", "dengan", "depan", "di", "dekat", "hari", "ini", "itu", "juga", "kami", "karena", "ke",
    "kepada", "kita", "lagi", "masih", "mohon", "nomor", "oleh", "pada", "para", "saat", "sampai",
    "sangat", "saya", "sejak", "sekali", "sudah", "tidak", "tolong", "untuk", "warga", "yang",
];

/// The words of a title worth counting: lower-cased, three letters or more, not a number, not
/// a stop word.
pub fn topic_words(title: &str) -> impl Iterator<Item = String> + '_ {
    title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

/// A report as topics see it: region code, category, title.
pub type TopicRow = (String, Option<i64>, String);

/// At most this many regions in a topics answer (the busiest).
pub const TOPIC_REGIONS: usize = 100;

/// Per district, busiest first: the most frequent categories and title words.
pub fn topics(reports: &[TopicRow], top: usize) -> Vec<RegionTopics> {
    let mut by_region: BTreeMap<&str, Vec<&TopicRow>> = BTreeMap::new();
    for r in reports {
        by_region.entry(district(&r.0)).or_default().push(r);
    }
    let mut out: Vec<RegionTopics> = by_region
        .into_iter()
        .map(|(region, rs)| {
            let mut categories = tally(
                rs.iter()
                    .map(|r| r.1.map_or_else(|| "none".to_owned(), |c| c.to_string())),
            );
            categories.truncate(top);
            let mut words = tally(rs.iter().flat_map(|r| topic_words(&r.2)));
            words.truncate(top);
            RegionTopics {
                region_code: region.to_owned(),
                reports: rs.len() as i64,
                categories,
                words,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.reports
            .cmp(&a.reports)
            .then(a.region_code.cmp(&b.region_code))
    });
    out.truncate(TOPIC_REGIONS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn fact(id: i64, status: ReportStatus) -> ReportFact {
        ReportFact {
            id,
            status,
            kind: ReportKind::Complaint,
            category_id: None,
            region_code: "36.03.18.2001".into(),
            created_at: at("2027-01-04T01:00:00Z"),
            verify_due_at: Some(at("2027-01-08T17:00:00Z")),
            dispatched_at: None,
            first_response_at: None,
            resolve_due_at: None,
            resolved_at: None,
            overdue_at: None,
            rating: None,
        }
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let t = timing((1..=10).map(f64::from).collect());
        assert_eq!(
            (t.count, t.median_hours, t.p90_hours),
            (10, Some(5.0), Some(9.0))
        );
        assert_eq!(timing(vec![7.0]).p90_hours, Some(7.0));
        assert_eq!(timing(Vec::new()), Timing::default());
    }

    #[test]
    fn ratings_count_one_to_five_only() {
        let r = ratings([5, 4, 4, 0, 6]);
        assert_eq!(r.count, 3);
        assert_eq!(r.distribution, [0, 0, 0, 2, 1]);
        assert_eq!(r.average, Some(13.0 / 3.0));
        assert_eq!(ratings([]).average, None);
    }

    #[test]
    fn the_summary_counts_rates_and_times() {
        let now = at("2027-01-20T01:00:00Z");
        let mut answered = fact(1, ReportStatus::Closed);
        answered.dispatched_at = Some(at("2027-01-05T01:00:00Z"));
        answered.first_response_at = Some(at("2027-01-05T13:00:00Z"));
        answered.resolve_due_at = Some(at("2027-01-25T17:00:00Z"));
        answered.resolved_at = Some(at("2027-01-06T01:00:00Z"));
        answered.rating = Some(4);
        let mut late = fact(2, ReportStatus::Submitted);
        late.overdue_at = Some(at("2027-01-09T00:00:00Z"));
        let mut waiting = fact(3, ReportStatus::Submitted);
        waiting.verify_due_at = Some(at("2027-01-25T17:00:00Z"));
        waiting.category_id = Some(7);
        let archived = fact(4, ReportStatus::Archived);
        let s = summary(&[answered, late, waiting, archived], &[], now);
        assert_eq!(s.total, 4);
        assert_eq!(
            s.by_status[0],
            Tally {
                key: "submitted".into(),
                count: 2
            }
        );
        assert_eq!(
            s.by_region,
            [Tally {
                key: "36.03.18".into(),
                count: 4
            }]
        );
        assert_eq!(s.by_category.len(), 2);
        // Archived reports are left out of the rates: 3 count.
        assert_eq!(s.followed_up_rate, Some(1.0 / 3.0));
        assert_eq!(s.finished_rate, Some(1.0 / 3.0));
        assert_eq!(s.overdue_rate, Some(1.0 / 3.0));
        // Verification: one on time, one still open past its deadline, one not yet due.
        assert_eq!(s.on_time.verify, Some(0.5));
        assert_eq!(s.on_time.resolve, Some(1.0));
        assert_eq!(s.on_time.first_response, None);
        assert_eq!(s.first_response.median_hours, Some(12.0));
        assert_eq!(s.resolution.median_hours, Some(48.0));
        assert_eq!(s.rating.average, Some(4.0));
    }

    #[test]
    fn the_league_judges_each_unit_by_its_dispositions() {
        let now = at("2027-01-20T01:00:00Z");
        let d = |report_id, institution_id, responded: Option<&str>, status| DispositionFact {
            report_id,
            institution_id,
            status,
            created_at: at("2027-01-04T01:00:00Z"),
            response_due_at: Some(at("2027-01-11T17:00:00Z")),
            responded_at: responded.map(at),
            overdue_at: None,
        };
        let mut rated = fact(1, ReportStatus::Closed);
        rated.rating = Some(5);
        let units = HashMap::from([(10, "Dinas PUPR".to_owned()), (11, "Dinkes".to_owned())]);
        let rows = league(
            &units,
            &[rated],
            &[
                d(
                    1,
                    10,
                    Some("2027-01-05T01:00:00Z"),
                    DispositionStatus::Completed,
                ),
                d(2, 10, None, DispositionStatus::Pending),
                d(
                    3,
                    11,
                    Some("2027-01-15T01:00:00Z"),
                    DispositionStatus::Accepted,
                ),
                d(4, 99, None, DispositionStatus::Pending),
            ],
            now,
        );
        assert_eq!(rows.len(), 2, "units outside the scope are left out");
        let pupr = &rows[0];
        assert_eq!((pupr.institution_id, pupr.dispositions), (10, 2));
        assert_eq!(pupr.responded_rate, Some(0.5));
        assert_eq!(
            pupr.on_time_rate,
            Some(0.5),
            "one on time, one open and late"
        );
        assert_eq!(pupr.completed_rate, Some(0.5));
        assert_eq!(pupr.first_response.median_hours, Some(24.0));
        assert_eq!(pupr.rating.average, Some(5.0));
        assert_eq!(rows[1].on_time_rate, Some(0.0));
    }

    #[test]
    fn trends_fill_the_calendar() {
        let tz = chrono_tz::Asia::Jakarta;
        let mut a = fact(1, ReportStatus::Resolved);
        a.resolved_at = Some(at("2027-01-20T01:00:00Z"));
        let mut b = fact(2, ReportStatus::Submitted);
        // Sunday 17 January, 23:30 in Jakarta: still the week of the 11th.
        b.created_at = at("2027-01-17T16:30:00Z");
        b.overdue_at = Some(at("2027-01-17T16:30:00Z"));
        let weeks = trend(&[a.clone(), b], Interval::Week, tz);
        let starts: Vec<String> = weeks.iter().map(|p| p.period_start.to_string()).collect();
        assert_eq!(starts, ["2027-01-04", "2027-01-11", "2027-01-18"]);
        assert_eq!(
            weeks
                .iter()
                .map(|p| (p.filed, p.finished, p.overdue))
                .collect::<Vec<_>>(),
            [(1, 0, 0), (1, 0, 1), (0, 1, 0)]
        );
        let months = trend(&[a], Interval::Month, tz);
        assert_eq!(months.len(), 1);
        assert_eq!(months[0].period_start.to_string(), "2027-01-01");
    }

    #[test]
    fn topics_name_the_frequent_words_per_district() {
        let reports = vec![
            (
                "36.03.18.2001".to_owned(),
                Some(1),
                "Jalan rusak di depan pasar".to_owned(),
            ),
            (
                "36.03.18".to_owned(),
                Some(1),
                "Jalan berlubang, jalan rusak parah".to_owned(),
            ),
            (
                "36.03.01".to_owned(),
                None,
                "Sampah menumpuk 3 hari".to_owned(),
            ),
        ];
        let t = topics(&reports, 2);
        assert_eq!(t[0].region_code, "36.03.18");
        assert_eq!(t[0].reports, 2);
        assert_eq!(
            t[0].words,
            [
                Tally {
                    key: "jalan".into(),
                    count: 3
                },
                Tally {
                    key: "rusak".into(),
                    count: 2
                }
            ]
        );
        assert_eq!(
            t[0].categories,
            [Tally {
                key: "1".into(),
                count: 2
            }]
        );
        assert_eq!(t[1].words[0].key, "menumpuk");
        assert_eq!(district("36.03"), "36.03");
    }
}
