//! Queries, one module per aggregate. Functions take a connection and return diesel results;
//! handlers compose them (inside a transaction where writes belong together).

pub mod api_keys;
pub mod attachments;
pub mod categories;
pub mod changes;
pub mod deadlines;
pub mod dispositions;
pub mod email_links;
pub mod followups;
pub mod holidays;
pub mod institutions;
pub mod national;
pub mod notifications;
pub mod outbox;
pub mod rate_limits;
pub mod refresh_tokens;
pub mod regions;
pub mod reports;
pub mod sessions;
pub mod sla;
pub mod stats;
pub mod users;
pub mod webhooks;

use crate::error::ApiError;
use lapor_types::Page;

pub const DEFAULT_LIMIT: i64 = 50;

/// Rows fetched with `limit + 1` become a page: the extra row only says there is a next page,
/// whose cursor is the key of the last row shown.
pub fn page<T>(mut rows: Vec<T>, limit: i64, key: impl Fn(&T) -> String) -> Page<T> {
    let limit = usize::try_from(limit).unwrap_or(0);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = if more { rows.last().map(key) } else { None };
    Page {
        items: rows,
        next_cursor,
    }
}

/// Cursors of id-ordered lists are the last id seen.
pub fn id_cursor(cursor: &Option<String>) -> Result<Option<i64>, ApiError> {
    cursor
        .as_deref()
        .map(|c| {
            c.parse::<i64>()
                .map_err(|_| ApiError::field("cursor", "invalid", "not a cursor this list gave"))
        })
        .transpose()
}

/// The current time by the clock in scope, as stored (UTC, without zone).
pub fn now() -> chrono::NaiveDateTime {
    crate::clock::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_say_when_more_follow() {
        let p = page(vec![1, 2, 3], 2, |n| n.to_string());
        assert_eq!(p.items, vec![1, 2]);
        assert_eq!(p.next_cursor.as_deref(), Some("2"));
        let last = page(vec![1, 2], 2, |n| n.to_string());
        assert_eq!(last.next_cursor, None);
    }

    #[test]
    fn cursors_must_be_ids() {
        assert_eq!(id_cursor(&Some("17".into())).unwrap(), Some(17));
        assert_eq!(id_cursor(&None).unwrap(), None);
        assert_eq!(
            id_cursor(&Some("x".into())).unwrap_err().code,
            lapor_types::problem::ErrorCode::ValidationFailed
        );
    }
}
