//! Where "now" comes from. Production reads the system clock; tests and drills pin it (a manual
//! clock, or `LAPOR_NOW` for a process) and move it forward instead of sleeping.
//!
//! Workflow code asks [`now`]. `AppState::db` runs each piece of database work inside
//! [`Clock::scope`], so every write of one request sees the app's clock without every store
//! function taking `now` as an argument.

use chrono::{DateTime, Duration, Utc};
use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    /// Stands still until moved; microseconds since the epoch.
    Manual(Arc<AtomicI64>),
}

thread_local! {
    static CURRENT: RefCell<Option<Clock>> = const { RefCell::new(None) };
}

impl Clock {
    pub fn manual(at: DateTime<Utc>) -> Clock {
        Clock::Manual(Arc::new(AtomicI64::new(at.timestamp_micros())))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Manual(micros) => {
                DateTime::from_timestamp_micros(micros.load(Ordering::SeqCst)).unwrap_or_default()
            }
        }
    }

    /// Moves a manual clock on; the system clock cannot be moved, so this returns false there.
    pub fn advance(&self, by: Duration) -> bool {
        match self {
            Clock::System => false,
            Clock::Manual(micros) => {
                micros.fetch_add(by.num_microseconds().unwrap_or(i64::MAX), Ordering::SeqCst);
                true
            }
        }
    }

    /// Runs `work` with this clock as [`now`] on the current thread.
    pub fn scope<T>(&self, work: impl FnOnce() -> T) -> T {
        struct Restore(Option<Clock>);
        impl Drop for Restore {
            fn drop(&mut self) {
                CURRENT.with(|c| *c.borrow_mut() = self.0.take());
            }
        }
        let _restore = Restore(CURRENT.with(|c| c.borrow_mut().replace(self.clone())));
        work()
    }
}

/// The time by the clock in scope (the system clock outside any scope).
pub fn now() -> DateTime<Utc> {
    CURRENT
        .with(|c| c.borrow().as_ref().map(Clock::now))
        .unwrap_or_else(Utc::now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_in_scope_is_now_until_moved() {
        let start = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let clock = Clock::manual(start);
        clock.scope(|| {
            assert_eq!(now(), start);
            assert!(clock.advance(Duration::days(3)));
            assert_eq!(now(), start + Duration::days(3));
            // Scopes nest and restore.
            Clock::System.scope(|| assert!(now() > start - Duration::days(3650)));
            assert_eq!(now(), start + Duration::days(3));
        });
        assert_ne!(now(), start + Duration::days(3));
        assert!(!Clock::System.advance(Duration::days(1)));
    }
}
