//! Pure domain logic, no I/O: the rules the handlers apply.

pub mod policy;
