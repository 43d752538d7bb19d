//! The SLA calendar: deadlines in working days or working hours, in the deployment's time zone,
//! minus weekends and holidays (national holidays and collective leave). Pure: the holidays come
//! in, instants go out (UTC).
//!
//! - `WorkingDays(n)`: until the end of the n-th working day after the day it starts (the day of
//!   receipt does not count, as in Indonesian practice: "5 hari kerja").
//! - `WorkingHours(n)`: n hours of office time (08:00–16:00 on working days), from the start.
//! - `Hours(n)`: n clock hours, whatever the day (e.g. Tangerang's 2 × 24 hours).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    WorkingDays(u32),
    WorkingHours(u32),
    Hours(u32),
}

#[derive(Debug, Clone)]
pub struct Calendar {
    tz: Tz,
    holidays: BTreeSet<NaiveDate>,
    opens: NaiveTime,
    closes: NaiveTime,
}

impl Calendar {
    pub fn new(tz: Tz, holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar {
            tz,
            holidays: holidays.into_iter().collect(),
            opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            closes: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default(),
        }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// The UTC instant of a local wall-clock time (the earliest, should the zone ever repeat it).
    fn instant(&self, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        self.tz
            .from_local_datetime(&day.and_time(time))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| day.and_time(time).and_utc())
    }

    /// The first working day on or after `day`.
    fn working_from(&self, mut day: NaiveDate) -> NaiveDate {
        while !self.is_working_day(day) {
            day = day.succ_opt().unwrap_or(day);
        }
        day
    }

    /// When a period that starts at `start` is due.
    pub fn due(&self, start: DateTime<Utc>, period: Period) -> DateTime<Utc> {
        match period {
            Period::Hours(h) => start + Duration::hours(i64::from(h)),
            Period::WorkingDays(n) => {
                let mut day = self.local_date(start);
                let mut left = n;
                if left == 0 {
                    day = self.working_from(day);
                }
                while left > 0 {
                    day = day.succ_opt().unwrap_or(day);
                    if self.is_working_day(day) {
                        left -= 1;
                    }
                }
                // The end of that day is the start of the next, local time.
                self.instant(day.succ_opt().unwrap_or(day), NaiveTime::MIN)
            }
            Period::WorkingHours(h) => self.add_office_time(start, Duration::hours(i64::from(h))),
        }
    }

    /// A deadline moved on by `period` (an extension). A working-day deadline is the end of its
    /// day, so the added days count from that day.
    pub fn extend(&self, due: DateTime<Utc>, period: Period) -> DateTime<Utc> {
        match period {
            Period::WorkingDays(_) => self.due(due - Duration::seconds(1), period),
            Period::WorkingHours(_) | Period::Hours(_) => self.due(due, period),
        }
    }

    /// `amount` of office time after `start`.
    fn add_office_time(&self, start: DateTime<Utc>, amount: Duration) -> DateTime<Utc> {
        let mut left = amount;
        let mut at = start;
        loop {
            let day = self.local_date(at);
            if self.is_working_day(day) {
                let open = self.instant(day, self.opens);
                let close = self.instant(day, self.closes);
                let from = at.max(open);
                if from < close {
                    let today = close - from;
                    if left <= today {
                        return from + left;
                    }
                    left -= today;
                }
            }
            let next = self.working_from(day.succ_opt().unwrap_or(day));
            at = self.instant(next, self.opens);
        }
    }

    /// A deadline after the clock stood still from `paused` to `resumed` (a report on hold):
    /// what was left of the period at the pause is granted again from the resumption.
    pub fn resume(
        &self,
        due: DateTime<Utc>,
        period: Period,
        paused: DateTime<Utc>,
        resumed: DateTime<Utc>,
    ) -> DateTime<Utc> {
        if paused >= due || resumed <= paused {
            return due;
        }
        match period {
            Period::Hours(_) => due + (resumed - paused),
            Period::WorkingDays(_) => {
                let last = self.local_date(due - Duration::seconds(1));
                let mut day = self.local_date(paused);
                let mut left = 0;
                while day < last {
                    day = day.succ_opt().unwrap_or(day);
                    if self.is_working_day(day) {
                        left += 1;
                    }
                }
                self.due(resumed, Period::WorkingDays(left))
            }
            Period::WorkingHours(_) => {
                let left = self.office_time_between(paused, due);
                self.add_office_time(resumed, left)
            }
        }
    }

    /// Office time between two instants.
    fn office_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let mut total = Duration::zero();
        let mut day = self.local_date(from);
        while day <= self.local_date(to) {
            if self.is_working_day(day) {
                let open = self.instant(day, self.opens).max(from);
                let close = self.instant(day, self.closes).min(to);
                if close > open {
                    total += close - open;
                }
            }
            day = match day.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A WIB (UTC+7) wall-clock time as a UTC instant.
    fn wib(s: &str) -> DateTime<Utc> {
        let local = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        chrono_tz::Asia::Jakarta
            .from_local_datetime(&local)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn calendar(holidays: &[&str]) -> Calendar {
        Calendar::new(chrono_tz::Asia::Jakarta, holidays.iter().map(|h| d(h)))
    }

    #[test]
    fn weekends_do_not_count() {
        let c = calendar(&[]);
        // Filed Thursday 2026-11-26: Fri, Mon, Tue → due at the end of Tuesday.
        assert_eq!(
            c.due(wib("2026-11-26 10:00"), Period::WorkingDays(3)),
            wib("2026-12-02 00:00")
        );
        // Filed on Saturday: Mon, Tue, Wed.
        assert_eq!(
            c.due(wib("2026-11-28 09:00"), Period::WorkingDays(3)),
            wib("2026-12-03 00:00")
        );
        // 5 working days from a Monday end on the next Monday.
        assert_eq!(
            c.due(wib("2026-11-23 16:30"), Period::WorkingDays(5)),
            wib("2026-12-01 00:00")
        );
    }

    #[test]
    fn a_holiday_on_a_friday_is_skipped() {
        // 2026-04-03 is Good Friday.
        let c = calendar(&["2026-04-03"]);
        assert_eq!(
            c.due(wib("2026-04-01 10:00"), Period::WorkingDays(2)),
            wib("2026-04-07 00:00")
        );
        assert!(!c.is_working_day(d("2026-04-03")));
        assert!(c.is_working_day(d("2026-04-02")));
    }

    #[test]
    fn the_idul_fitri_chain_with_collective_leave() {
        // Idul Fitri 2026: 20–21 March (Fri–Sat), collective leave 18, 19, 23, 24 March.
        let c = calendar(&[
            "2026-03-18",
            "2026-03-19",
            "2026-03-20",
            "2026-03-21",
            "2026-03-23",
            "2026-03-24",
        ]);
        // Filed Tuesday 17 March: next working days are 25, 26, 27 March.
        assert_eq!(
            c.due(wib("2026-03-17 09:00"), Period::WorkingDays(3)),
            wib("2026-03-28 00:00")
        );
        assert_eq!(
            c.due(wib("2026-03-17 09:00"), Period::WorkingDays(1)),
            wib("2026-03-26 00:00")
        );
    }

    #[test]
    fn deadlines_cross_the_year_end() {
        let c = calendar(&["2026-12-25", "2027-01-01"]);
        // Filed Wednesday 23 Dec 2026: 24 (Thu), 28, 29, 30, 31, 4 Jan… 14 working days.
        let due = c.due(wib("2026-12-23 11:00"), Period::WorkingDays(14));
        assert_eq!(
            due,
            wib("2027-01-15 00:00"),
            "the 14th working day is Thursday 14 January"
        );
        assert_eq!(
            c.due(wib("2026-12-31 15:00"), Period::WorkingDays(1)),
            wib("2027-01-05 00:00")
        );
    }

    #[test]
    fn working_hours_count_office_time_only() {
        let c = calendar(&[]);
        // Friday 15:00 + 3 working hours: 1 h on Friday, 2 h on Monday from 08:00.
        assert_eq!(
            c.due(wib("2026-11-27 15:00"), Period::WorkingHours(3)),
            wib("2026-11-30 10:00")
        );
        // Before opening: counted from 08:00.
        assert_eq!(
            c.due(wib("2026-11-30 06:00"), Period::WorkingHours(2)),
            wib("2026-11-30 10:00")
        );
        // After closing: the next working morning.
        assert_eq!(
            c.due(wib("2026-11-30 18:00"), Period::WorkingHours(8)),
            wib("2026-12-01 16:00")
        );
        // Clock hours ignore the calendar: 2 × 24 hours.
        assert_eq!(
            c.due(wib("2026-11-27 15:00"), Period::Hours(48)),
            wib("2026-11-29 15:00")
        );
    }

    #[test]
    fn time_zones_decide_which_day_it_is() {
        let jakarta = calendar(&[]);
        let jayapura = Calendar::new(chrono_tz::Asia::Jayapura, []);
        // 2026-11-27 23:30 WIB is already Saturday 01:30 in Jayapura (WIT, UTC+9).
        let start = wib("2026-11-27 23:30");
        assert_eq!(
            jakarta.due(start, Period::WorkingDays(1)),
            wib("2026-12-01 00:00")
        );
        let wit_end_of_monday = jayapura.due(start, Period::WorkingDays(1));
        assert_eq!(
            wit_end_of_monday,
            wib("2026-11-30 22:00"),
            "midnight WIT is 22:00 WIB"
        );
        // Stored as UTC.
        assert_eq!(
            jakarta.due(start, Period::WorkingDays(1)).to_rfc3339(),
            "2026-11-30T17:00:00+00:00"
        );
    }

    #[test]
    fn an_extension_adds_a_period_to_the_deadline() {
        let c = calendar(&[]);
        let due = c.due(wib("2026-11-23 10:00"), Period::WorkingDays(5));
        assert_eq!(due, wib("2026-12-01 00:00"));
        // Extending by 5 working days counts from the old deadline's day.
        let extended = c.extend(due, Period::WorkingDays(5));
        assert_eq!(extended, wib("2026-12-08 00:00"));
        assert_eq!(
            c.extend(wib("2026-12-01 16:00"), Period::WorkingHours(3)),
            wib("2026-12-02 11:00")
        );
    }

    #[test]
    fn time_on_hold_does_not_count() {
        let c = calendar(&[]);
        let start = wib("2026-11-23 10:00"); // Monday
        let due = c.due(start, Period::WorkingDays(5)); // end of Monday 30 Nov
        // Held Tuesday 24 Nov; 4 working days were left (Wed–Mon minus … : 25, 26, 27, 30).
        let resumed = c.resume(
            due,
            Period::WorkingDays(5),
            wib("2026-11-24 09:00"),
            wib("2026-12-02 14:00"),
        );
        assert_eq!(
            resumed,
            wib("2026-12-09 00:00"),
            "4 working days after Wed 2 Dec: 3, 4, 7, 8"
        );
        // Working hours: 2 h left at the pause are granted again after it.
        let due_h = c.due(wib("2026-11-23 08:00"), Period::WorkingHours(4)); // Mon 12:00
        let resumed_h = c.resume(
            due_h,
            Period::WorkingHours(4),
            wib("2026-11-23 10:00"),
            wib("2026-11-25 15:00"),
        );
        assert_eq!(resumed_h, wib("2026-11-26 09:00"));
        // Clock hours move by the length of the pause.
        let due_c = c.due(wib("2026-11-23 08:00"), Period::Hours(48));
        assert_eq!(
            c.resume(
                due_c,
                Period::Hours(48),
                wib("2026-11-24 08:00"),
                wib("2026-11-24 20:00")
            ),
            wib("2026-11-25 20:00")
        );
        // A pause after the deadline changes nothing.
        assert_eq!(
            c.resume(
                due,
                Period::WorkingDays(5),
                wib("2026-12-05 08:00"),
                wib("2026-12-07 08:00")
            ),
            due
        );
    }

    #[test]
    fn zero_working_days_is_the_end_of_the_next_working_day_or_today() {
        let c = calendar(&[]);
        assert_eq!(
            c.due(wib("2026-11-28 10:00"), Period::WorkingDays(0)),
            wib("2026-12-01 00:00")
        );
        assert_eq!(
            c.due(wib("2026-11-30 10:00"), Period::WorkingDays(0)),
            wib("2026-12-01 00:00")
        );
    }
}
