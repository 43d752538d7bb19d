//! The screens, one module each.

mod account;
mod file_report;
mod home;
mod track;

pub use account::{Account, Register, SignIn, provide_me};
pub use file_report::FileReport;
pub use home::Home;
pub use track::Track;
