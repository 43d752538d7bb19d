//! Pure domain logic, no I/O: the rules the handlers apply.

pub mod deadlines;
pub mod filetype;
pub mod lifecycle;
pub mod national;
pub mod policy;
pub mod scrub;
pub mod sla;
pub mod stats;
pub mod tracking;
pub mod webhooks;
