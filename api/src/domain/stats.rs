//! The statistics, computed from the facts of the reports and dispositions a viewer may see.
//! Pure: facts in, figures out — the same whatever the facts came from.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use lapor_types::reports::{DispositionStatus, ReportKind, ReportStatus};
use lapor_types::stats::{
    InstitutionStats, Interval, OnTime, Ratings, RegionTopics, StatsSummary, Tally, Timing,
    TrendPoint,
};
use serde::{Deserialize, Serialize};
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
    /// Verified by a coordinator (a submitted one waits for its disposition).
    pub verified: bool,
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

/// Most first; ties by key, so the order is stable.
fn tallies(map: &BTreeMap<String, i64>) -> Vec<Tally> {
    let mut out: Vec<Tally> = map
        .iter()
        .map(|(key, &count)| Tally {
            key: key.clone(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    out
}

/// How many times each key comes.
fn count_keys<K: Ord>(keys: impl IntoIterator<Item = K>) -> BTreeMap<K, i64> {
    let mut map = BTreeMap::new();
    for key in keys {
        *map.entry(key).or_default() += 1;
    }
    map
}

/// A category's key in tallies and rollups: its id, or `none`.
pub fn category_key(category_id: Option<i64>) -> String {
    category_id.map_or_else(|| "none".to_owned(), |c| c.to_string())
}

fn add_counts<K: Ord + Clone>(into: &mut BTreeMap<K, i64>, from: &BTreeMap<K, i64>) {
    for (key, count) in from {
        *into.entry(key.clone()).or_default() += count;
    }
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn hours(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

/// Durations as a histogram of hour buckets (bucket start → count), so that figures add up:
/// whole hours below two days, six hours below thirty days, whole days beyond.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Hours(BTreeMap<u32, i64>);

impl Hours {
    pub fn bucket(hours: f64) -> u32 {
        let h = hours.max(0.0).floor() as u32;
        match h {
            0..48 => h,
            48..720 => h - h % 6,
            _ => h - h % 24,
        }
    }

    pub fn record(&mut self, hours: f64) {
        *self.0.entry(Self::bucket(hours)).or_default() += 1;
    }

    fn add(&mut self, other: &Hours) {
        add_counts(&mut self.0, &other.0);
    }

    /// Median and 90th percentile by nearest rank, each the start of its bucket.
    pub fn timing(&self) -> Timing {
        let count: i64 = self.0.values().sum();
        let rank = |p: f64| {
            let wanted = ((p * count as f64).ceil() as i64).max(1);
            let mut seen = 0;
            self.0.iter().find_map(|(&bucket, &n)| {
                seen += n;
                (seen >= wanted).then_some(f64::from(bucket))
            })
        };
        Timing {
            count,
            median_hours: rank(0.5),
            p90_hours: rank(0.9),
        }
    }
}

/// One stage's deadlines: those judged (ended, or still open past the deadline) and those of
/// them ended by it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Judged {
    pub judged: i64,
    pub timely: i64,
}

impl Judged {
    fn of<T>(
        items: &[T],
        due: impl Fn(&T) -> Option<DateTime<Utc>>,
        ended: impl Fn(&T) -> Option<DateTime<Utc>>,
        open: impl Fn(&T) -> bool,
        now: DateTime<Utc>,
    ) -> Judged {
        let mut j = Judged::default();
        for item in items {
            let Some(due) = due(item) else { continue };
            match ended(item) {
                Some(at) => {
                    j.judged += 1;
                    j.timely += i64::from(at <= due);
                }
                None if open(item) && due < now => j.judged += 1,
                None => {}
            }
        }
        j
    }

    fn add(&mut self, other: Judged) {
        self.judged += other.judged;
        self.timely += other.timely;
    }

    fn rate(self) -> Option<f64> {
        rate(self.timely, self.judged)
    }
}

/// How many of each rating, 1 to 5 (anything else is not a rating).
fn count_ratings(values: impl IntoIterator<Item = i32>) -> [i64; 5] {
    let mut counts = [0; 5];
    for v in values {
        if let Some(slot) = usize::try_from(v - 1).ok().and_then(|i| counts.get_mut(i)) {
            *slot += 1;
        }
    }
    counts
}

fn add_ratings(into: &mut [i64; 5], from: &[i64; 5]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

pub fn ratings(distribution: [i64; 5]) -> Ratings {
    let count: i64 = distribution.iter().sum();
    let sum: i64 = distribution.iter().zip(1..).map(|(n, v)| n * v).sum();
    Ratings {
        count,
        average: (count > 0).then(|| sum as f64 / count as f64),
        distribution,
    }
}

fn responded(d: &DispositionFact) -> bool {
    d.responded_at.is_some() || d.status == DispositionStatus::Completed
}

/// What a summary is made of, in sums that add up: the figures of two sets of reports are
/// the sum of their figures. A rollup stores them per month; a summary folds them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub total: i64,
    pub by_status: BTreeMap<String, i64>,
    pub by_kind: BTreeMap<String, i64>,
    pub by_category: BTreeMap<String, i64>,
    pub by_region: BTreeMap<String, i64>,
    pub by_unit: BTreeMap<String, i64>,
    /// Of `by_status`'s submitted, those verified and waiting for their disposition (rollups
    /// counted before it was kept were counted again by migration 021).
    #[serde(default)]
    pub awaiting_disposition: i64,
    /// Reports not archived: the rates' whole.
    pub live: i64,
    pub followed_up: i64,
    pub finished: i64,
    pub overdue: i64,
    pub verify: Judged,
    pub response: Judged,
    pub resolve: Judged,
    pub first_response: Hours,
    pub resolution: Hours,
    pub ratings: [i64; 5],
}

/// A unit's figures over the dispositions it got, in sums that add up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitFigures {
    pub dispositions: i64,
    pub responded: i64,
    pub completed: i64,
    pub overdue: i64,
    pub on_time: Judged,
    pub first_response: Hours,
    pub ratings: [i64; 5],
}

/// Per unit (institution id).
pub type Units = BTreeMap<i64, UnitFigures>;

impl Figures {
    /// The figures of these reports and their dispositions, deadlines judged at `now`.
    pub fn of(
        reports: &[ReportFact],
        dispositions: &[DispositionFact],
        now: DateTime<Utc>,
    ) -> Self {
        let live: Vec<&ReportFact> = reports
            .iter()
            .filter(|r| r.status != ReportStatus::Archived)
            .collect();
        let count = |f: fn(&ReportFact) -> bool| live.iter().filter(|r| f(r)).count() as i64;
        let mut first_response = Hours::default();
        let mut resolution = Hours::default();
        for r in &live {
            if let (Some(from), Some(to)) = (r.dispatched_at, r.first_response_at) {
                first_response.record(hours(from, to));
            }
            if let Some(to) = r.resolved_at {
                resolution.record(hours(r.created_at, to));
            }
        }
        Figures {
            total: reports.len() as i64,
            by_status: count_keys(reports.iter().map(|r| r.status.as_str().to_owned())),
            by_kind: count_keys(reports.iter().map(|r| r.kind.as_str().to_owned())),
            by_category: count_keys(reports.iter().map(|r| category_key(r.category_id))),
            by_region: count_keys(reports.iter().map(|r| district(&r.region_code).to_owned())),
            by_unit: count_keys(dispositions.iter().map(|d| d.institution_id.to_string())),
            awaiting_disposition: reports
                .iter()
                .filter(|r| r.status == ReportStatus::Submitted && r.verified)
                .count() as i64,
            live: live.len() as i64,
            followed_up: count(|r| r.first_response_at.is_some()),
            finished: count(|r| matches!(r.status, ReportStatus::Resolved | ReportStatus::Closed)),
            overdue: count(|r| r.overdue_at.is_some()),
            verify: Judged::of(
                &live,
                |r| r.verify_due_at,
                |r| r.dispatched_at,
                |r| r.status == ReportStatus::Submitted,
                now,
            ),
            response: Judged::of(
                dispositions,
                |d| d.response_due_at,
                |d| d.responded_at,
                |d| !responded(d),
                now,
            ),
            resolve: Judged::of(
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
            first_response,
            resolution,
            ratings: count_ratings(live.iter().filter_map(|r| r.rating)),
        }
    }

    pub fn add(&mut self, other: &Figures) {
        self.total += other.total;
        add_counts(&mut self.by_status, &other.by_status);
        add_counts(&mut self.by_kind, &other.by_kind);
        add_counts(&mut self.by_category, &other.by_category);
        add_counts(&mut self.by_region, &other.by_region);
        add_counts(&mut self.by_unit, &other.by_unit);
        self.awaiting_disposition += other.awaiting_disposition;
        self.live += other.live;
        self.followed_up += other.followed_up;
        self.finished += other.finished;
        self.overdue += other.overdue;
        self.verify.add(other.verify);
        self.response.add(other.response);
        self.resolve.add(other.resolve);
        self.first_response.add(&other.first_response);
        self.resolution.add(&other.resolution);
        add_ratings(&mut self.ratings, &other.ratings);
    }

    pub fn summary(&self) -> StatsSummary {
        StatsSummary {
            total: self.total,
            by_status: tallies(&self.by_status),
            by_kind: tallies(&self.by_kind),
            by_category: tallies(&self.by_category),
            by_region: tallies(&self.by_region),
            by_unit: tallies(&self.by_unit),
            awaiting_disposition: self.awaiting_disposition,
            followed_up_rate: rate(self.followed_up, self.live),
            finished_rate: rate(self.finished, self.live),
            overdue_rate: rate(self.overdue, self.live),
            on_time: OnTime {
                verify: self.verify.rate(),
                first_response: self.response.rate(),
                resolve: self.resolve.rate(),
            },
            first_response: self.first_response.timing(),
            resolution: self.resolution.timing(),
            rating: ratings(self.ratings),
        }
    }
}

/// Each unit's figures over these dispositions (ratings: their reports').
pub fn units(
    reports: &[ReportFact],
    dispositions: &[DispositionFact],
    now: DateTime<Utc>,
) -> Units {
    let rating_of: HashMap<i64, i32> = reports
        .iter()
        .filter_map(|r| Some((r.id, r.rating?)))
        .collect();
    let mut by_unit: BTreeMap<i64, Vec<&DispositionFact>> = BTreeMap::new();
    for d in dispositions {
        by_unit.entry(d.institution_id).or_default().push(d);
    }
    by_unit
        .into_iter()
        .map(|(id, ds)| {
            let mut first_response = Hours::default();
            for d in &ds {
                if let Some(at) = d.responded_at {
                    first_response.record(hours(d.created_at, at));
                }
            }
            let count =
                |f: &dyn Fn(&DispositionFact) -> bool| ds.iter().filter(|d| f(d)).count() as i64;
            let figures = UnitFigures {
                dispositions: ds.len() as i64,
                responded: count(&responded),
                completed: count(&|d| d.status == DispositionStatus::Completed),
                overdue: count(&|d| d.overdue_at.is_some()),
                on_time: Judged::of(
                    &ds,
                    |d| d.response_due_at,
                    |d| d.responded_at,
                    |d| !responded(d),
                    now,
                ),
                first_response,
                ratings: count_ratings(
                    ds.iter()
                        .filter_map(|d| rating_of.get(&d.report_id).copied()),
                ),
            };
            (id, figures)
        })
        .collect()
}

pub fn add_units(into: &mut Units, from: &Units) {
    for (id, f) in from {
        let u = into.entry(*id).or_default();
        u.dispositions += f.dispositions;
        u.responded += f.responded;
        u.completed += f.completed;
        u.overdue += f.overdue;
        u.on_time.add(f.on_time);
        u.first_response.add(&f.first_response);
        add_ratings(&mut u.ratings, &f.ratings);
    }
}

/// One row per unit of `names` (the caller's subtree) with dispositions, in no particular
/// order (the caller sorts).
pub fn league(names: &HashMap<i64, String>, units: &Units) -> Vec<InstitutionStats> {
    units
        .iter()
        .filter_map(|(id, u)| {
            let n = u.dispositions;
            Some(InstitutionStats {
                institution_id: *id,
                name: names.get(id)?.clone(),
                dispositions: n,
                responded_rate: rate(u.responded, n),
                on_time_rate: u.on_time.rate(),
                completed_rate: rate(u.completed, n),
                overdue_rate: rate(u.overdue, n),
                first_response: u.first_response.timing(),
                rating: ratings(u.ratings),
            })
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

/// Filed, finished and overdue per period, added up a batch of reports at a time.
#[derive(Debug, Default)]
pub struct TrendCounts(BTreeMap<NaiveDate, [i64; 3]>);

impl TrendCounts {
    pub fn add(&mut self, reports: &[ReportFact], interval: Interval, tz: Tz) {
        let mut add = |at: Option<DateTime<Utc>>, column: usize| {
            if let Some(at) = at {
                self.0.entry(period_start(at, interval, tz)).or_default()[column] += 1;
            }
        };
        for r in reports {
            add(Some(r.created_at), 0);
            if matches!(r.status, ReportStatus::Resolved | ReportStatus::Closed) {
                add(r.resolved_at, 1);
            }
            add(r.overdue_at, 2);
        }
    }

    /// Every period from the first to the last (gaps are zeros, so a chart's axis is the
    /// calendar's).
    pub fn points(&self, interval: Interval) -> Vec<TrendPoint> {
        let (Some(first), Some(last)) = (
            self.0.keys().next().copied(),
            self.0.keys().next_back().copied(),
        ) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut at = first;
        while at <= last {
            let [filed, finished, overdue] = self.0.get(&at).copied().unwrap_or_default();
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

/// Per district: reports, categories and title words, added up a batch at a time.
#[derive(Debug, Default)]
pub struct TopicCounts(BTreeMap<String, DistrictTopics>);

#[derive(Debug, Default)]
struct DistrictTopics {
    reports: i64,
    categories: BTreeMap<String, i64>,
    words: BTreeMap<String, i64>,
}

impl TopicCounts {
    pub fn add(&mut self, rows: &[TopicRow]) {
        for (region, category, title) in rows {
            let d = self.0.entry(district(region).to_owned()).or_default();
            d.reports += 1;
            *d.categories.entry(category_key(*category)).or_default() += 1;
            for word in topic_words(title) {
                *d.words.entry(word).or_default() += 1;
            }
        }
    }

    /// Busiest district first (at most `TOPIC_REGIONS`), each with its `top` categories and
    /// words.
    pub fn topics(&self, top: usize) -> Vec<RegionTopics> {
        let mut out: Vec<RegionTopics> = self
            .0
            .iter()
            .map(|(region, d)| {
                let mut categories = tallies(&d.categories);
                categories.truncate(top);
                let mut words = tallies(&d.words);
                words.truncate(top);
                RegionTopics {
                    region_code: region.clone(),
                    reports: d.reports,
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
            verified: false,
            rating: None,
        }
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let timing = |values: &[f64]| {
            let mut h = Hours::default();
            values.iter().for_each(|&v| h.record(v));
            h.timing()
        };
        let t = timing(&(1..=10).map(f64::from).collect::<Vec<_>>());
        assert_eq!(
            (t.count, t.median_hours, t.p90_hours),
            (10, Some(5.0), Some(9.0))
        );
        assert_eq!(timing(&[7.5]).p90_hours, Some(7.0), "the bucket's start");
        assert_eq!(timing(&[]), Timing::default());
        // Coarser buckets further out, so a month's histogram stays small.
        assert_eq!(
            [47.9, 53.0, 100.0, 719.0, 800.0].map(Hours::bucket),
            [47, 48, 96, 714, 792]
        );
    }

    #[test]
    fn ratings_count_one_to_five_only() {
        let r = ratings(count_ratings([5, 4, 4, 0, 6]));
        assert_eq!(r.count, 3);
        assert_eq!(r.distribution, [0, 0, 0, 2, 1]);
        assert_eq!(r.average, Some(13.0 / 3.0));
        assert_eq!(ratings([0; 5]).average, None);
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
        waiting.verified = true;
        let archived = fact(4, ReportStatus::Archived);
        let reports = [answered, late, waiting, archived];
        let s = Figures::of(&reports, &[], now).summary();
        assert_eq!(s.total, 4);
        assert_eq!(
            s.by_status[0],
            Tally {
                key: "submitted".into(),
                count: 2
            }
        );
        assert_eq!(
            s.awaiting_disposition, 1,
            "of the two submitted, one is verified"
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
    fn figures_add_up() {
        let now = at("2027-01-20T01:00:00Z");
        let mut answered = fact(1, ReportStatus::Resolved);
        answered.dispatched_at = Some(at("2027-01-05T01:00:00Z"));
        answered.first_response_at = Some(at("2027-01-06T01:00:00Z"));
        answered.resolved_at = Some(at("2027-01-09T01:00:00Z"));
        answered.rating = Some(2);
        let mut late = fact(2, ReportStatus::Submitted);
        late.kind = ReportKind::Aspiration;
        late.overdue_at = Some(at("2027-01-09T00:00:00Z"));
        let (a, b) = ([answered], [late, fact(3, ReportStatus::Archived)]);
        let mut sum = Figures::of(&a, &[], now);
        sum.add(&Figures::of(&b, &[], now));
        let all: Vec<ReportFact> = a.iter().chain(&b).cloned().collect();
        assert_eq!(sum, Figures::of(&all, &[], now));
        assert_eq!(sum.summary().total, 3);
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
        let names = HashMap::from([(10, "Dinas PUPR".to_owned()), (11, "Dinkes".to_owned())]);
        let dispositions = [
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
        ];
        let rows = league(&names, &units(&[rated], &dispositions, now));
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
        let trend = |reports: &[ReportFact], interval| {
            let mut counts = TrendCounts::default();
            counts.add(reports, interval, tz);
            counts.points(interval)
        };
        let weeks = trend(&[a.clone(), b], Interval::Week);
        let starts: Vec<String> = weeks.iter().map(|p| p.period_start.to_string()).collect();
        assert_eq!(starts, ["2027-01-04", "2027-01-11", "2027-01-18"]);
        assert_eq!(
            weeks
                .iter()
                .map(|p| (p.filed, p.finished, p.overdue))
                .collect::<Vec<_>>(),
            [(1, 0, 0), (1, 0, 1), (0, 1, 0)]
        );
        let months = trend(&[a], Interval::Month);
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
        let mut counts = TopicCounts::default();
        counts.add(&reports);
        let t = counts.topics(2);
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
