//! Dates as people read them: in the deployment's time zone (WIB, UTC+7, by default), with the
//! month in words of the chosen language.

use crate::i18n::Lang;
use chrono::{DateTime, Datelike, FixedOffset, Offset, Timelike, Utc};

/// Western Indonesia Time, the default zone.
pub const WIB: (i32, &str) = (7 * 3600, "WIB");

const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

const MONTHS_ID_LONG: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS_ID: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The zone as an offset (UTC when it cannot be one).
pub fn zone((offset, _): (i32, &str)) -> FixedOffset {
    FixedOffset::east_opt(offset).unwrap_or(Utc.fix())
}

/// A day: `3 Des 2026`, `3 Dec 2026`.
pub fn date(day: chrono::NaiveDate, lang: Lang) -> String {
    let months = if lang == Lang::Id {
        MONTHS_ID
    } else {
        MONTHS_EN
    };
    format!(
        "{} {} {}",
        day.day(),
        months[day.month0() as usize],
        day.year()
    )
}

/// A deadline in plain words: the day by which it is due — `Kamis, 4 Desember 2026` — or, when
/// it falls within a day, that day and its time. A deadline at midnight means the end of the
/// day before (deadlines end with a working day), so it names that day.
pub fn deadline(at: DateTime<Utc>, lang: Lang, tz: (i32, &str)) -> String {
    let local = at.with_timezone(&zone(tz));
    let midnight = local.hour() == 0 && local.minute() == 0;
    let day = if midnight {
        local.date_naive().pred_opt().unwrap_or(local.date_naive())
    } else {
        local.date_naive()
    };
    let (weekdays, months) = if lang == Lang::Id {
        (WEEKDAYS_ID, MONTHS_ID_LONG)
    } else {
        (WEEKDAYS_EN, MONTHS_EN_LONG)
    };
    let text = format!(
        "{}, {} {} {}",
        weekdays[day.weekday().num_days_from_monday() as usize],
        day.day(),
        months[day.month0() as usize],
        day.year()
    );
    if midnight {
        return text;
    }
    let (sep, at_word) = if lang == Lang::Id {
        ('.', "pukul")
    } else {
        (':', "at")
    };
    format!(
        "{text} {at_word} {:02}{sep}{:02} {}",
        local.hour(),
        local.minute(),
        tz.1
    )
}

/// `30 Nov 2026 10.05 WIB` (Indonesian writes hours with a dot), `30 Nov 2026 10:05 WIB`.
pub fn date_time(at: DateTime<Utc>, lang: Lang, tz: (i32, &str)) -> String {
    let local = at.with_timezone(&zone(tz));
    let zone = tz.1;
    let months = if lang == Lang::Id {
        MONTHS_ID
    } else {
        MONTHS_EN
    };
    let month = months[local.month0() as usize];
    let sep = if lang == Lang::Id { '.' } else { ':' };
    format!(
        "{} {month} {} {:02}{sep}{:02} {zone}",
        local.day(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// The browser's clock (chrono's own `now` needs its `wasmbind` feature and its weight).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// How long until `due` (`3 hari lagi`, `in 3 days`), or how late it is (`terlambat 2 jam`,
/// `2 hours late`): whole days from a day on, whole hours below; `true` when late.
pub fn countdown(due: DateTime<Utc>, now: DateTime<Utc>, lang: Lang) -> (String, bool) {
    let late = due < now;
    let hours = (due - now).num_hours().abs();
    let (n, unit) = match (hours >= 24, lang) {
        (true, Lang::Id) => (hours / 24, "hari"),
        (false, Lang::Id) => (hours, "jam"),
        (true, Lang::En) => (hours / 24, if hours / 24 == 1 { "day" } else { "days" }),
        (false, Lang::En) => (hours, if hours == 1 { "hour" } else { "hours" }),
    };
    let text = match (late, lang) {
        (false, Lang::Id) => format!("{n} {unit} lagi"),
        (false, Lang::En) => format!("in {n} {unit}"),
        (true, Lang::Id) => format!("terlambat {n} {unit}"),
        (true, Lang::En) => format!("{n} {unit} late"),
    };
    (text, late)
}

/// A file size: `820 KB`, `4.2 MB` (`4,2 MB` in Indonesian).
pub fn size(bytes: u64, lang: Lang) -> String {
    if bytes < 1024 * 1024 {
        return format!("{} KB", bytes.div_ceil(1024));
    }
    let tenths = (bytes * 10).div_ceil(1024 * 1024);
    let sep = if lang == Lang::Id { ',' } else { '.' };
    format!("{}{sep}{} MB", tenths / 10, tenths % 10)
}

/// A share (0–1) as a whole percentage; a dash when there is none. (Floats are rounded to
/// integers before printing: formatting an `f64` links ~20 KB of code into the app.)
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(
        || "–".into(),
        |r| format!("{}%", (r * 100.0).round() as i64),
    )
}

/// A figure with one decimal (`4,5` in Indonesian, `4.5` in English); a dash when none.
pub fn one_decimal(value: Option<f64>, lang: Lang) -> String {
    let Some(tenths) = value.map(|v| (v * 10.0).round() as i64) else {
        return "–".into();
    };
    let sep = if lang == Lang::Id { ',' } else { '.' };
    format!("{}{sep}{}", tenths / 10, (tenths % 10).abs())
}

/// A date input's value (`2026-11-02`); `None` when empty or no date. (By hand: chrono's
/// format parser would add its weight to the app.)
pub fn input_date(value: &str) -> Option<chrono::NaiveDate> {
    let mut parts = value.trim().splitn(3, '-').map(str::parse::<u32>);
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// A tracking id as typed: trimmed, upper-cased; `None` when it cannot be one.
pub fn tracking_id(typed: &str) -> Option<String> {
    let id = typed.trim().to_uppercase();
    let ok = id.len() <= 32
        && !id.is_empty()
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_local_and_in_the_language() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T17:05:00Z")
            .unwrap()
            .to_utc();
        // 17:05 UTC is already the 1st of December in Jakarta.
        assert_eq!(date_time(at, Lang::Id, WIB), "1 Des 2026 00.05 WIB");
        assert_eq!(date_time(at, Lang::En, WIB), "1 Dec 2026 00:05 WIB");
        assert_eq!(
            date_time(at, Lang::En, (9 * 3600, "WIT")),
            "1 Dec 2026 02:05 WIT"
        );
    }

    #[test]
    fn deadlines_name_the_last_day() {
        // Midnight in Jakarta starting Saturday the 5th: due by the end of Friday the 4th.
        let midnight = DateTime::parse_from_rfc3339("2026-12-04T17:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(deadline(midnight, Lang::Id, WIB), "Jumat, 4 Desember 2026");
        assert_eq!(deadline(midnight, Lang::En, WIB), "Friday, 4 December 2026");
        let afternoon = DateTime::parse_from_rfc3339("2026-12-04T08:30:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            deadline(afternoon, Lang::Id, WIB),
            "Jumat, 4 Desember 2026 pukul 15.30 WIB"
        );
        assert_eq!(date(afternoon.date_naive(), Lang::Id), "4 Des 2026");
    }

    #[test]
    fn date_inputs_are_read_or_refused() {
        assert_eq!(
            input_date("2026-11-02").map(|d| d.to_string()),
            Some("2026-11-02".into())
        );
        assert_eq!(input_date(""), None);
        assert_eq!(input_date("2026-02-30"), None);
    }

    #[test]
    fn countdowns_say_how_long_and_whether_late() {
        let now = DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z")
            .unwrap()
            .to_utc();
        let at = |h: i64| now + chrono::Duration::hours(h);
        assert_eq!(
            countdown(at(75), now, Lang::Id),
            ("3 hari lagi".into(), false)
        );
        assert_eq!(
            countdown(at(5), now, Lang::En),
            ("in 5 hours".into(), false)
        );
        assert_eq!(
            countdown(at(-49), now, Lang::En),
            ("2 days late".into(), true)
        );
        assert_eq!(
            countdown(at(-1), now, Lang::Id),
            ("terlambat 1 jam".into(), true)
        );
    }

    #[test]
    fn sizes_and_shares_read_plainly() {
        assert_eq!(size(800 * 1024, Lang::En), "800 KB");
        assert_eq!(size(4_400_000, Lang::Id), "4,2 MB");
        assert_eq!(size(10 * 1024 * 1024, Lang::En), "10.0 MB");
        assert_eq!(percent(Some(0.456)), "46%");
        assert_eq!(percent(None), "–");
        assert_eq!(one_decimal(Some(4.46), Lang::Id), "4,5");
        assert_eq!(one_decimal(Some(3.0), Lang::En), "3.0");
        assert_eq!(one_decimal(None, Lang::En), "–");
    }

    #[test]
    fn tracking_ids_are_normalised_or_refused() {
        assert_eq!(
            tracking_id("  lpr-2k7qx-9mz4d "),
            Some("LPR-2K7QX-9MZ4D".into())
        );
        assert_eq!(tracking_id(""), None);
        assert_eq!(tracking_id("LPR/../x"), None);
    }
}
