//! Dates as people read them: in the deployment's time zone (WIB, UTC+7, by default), with the
//! month in words of the chosen language.

use crate::i18n::Lang;
use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};

/// Western Indonesia Time, the default zone.
pub const WIB: (i32, &str) = (7 * 3600, "WIB");

const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `30 Nov 2026 10.05 WIB` (Indonesian writes hours with a dot), `30 Nov 2026 10:05 WIB`.
pub fn date_time(at: DateTime<Utc>, lang: Lang, (offset, zone): (i32, &str)) -> String {
    let Some(tz) = FixedOffset::east_opt(offset) else {
        return at.to_rfc3339();
    };
    let local = at.with_timezone(&tz);
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
    fn date_inputs_are_read_or_refused() {
        assert_eq!(
            input_date("2026-11-02").map(|d| d.to_string()),
            Some("2026-11-02".into())
        );
        assert_eq!(input_date(""), None);
        assert_eq!(input_date("2026-02-30"), None);
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
