//! The screens, one module each.

mod account;
mod admin;
mod api_keys;
mod dashboard;
mod feed;
mod file_report;
pub mod home;
mod lists;
mod notifications;
mod password;
mod report;
mod track;
mod webhooks;

pub use account::{Account, ConfirmRegistrationPage, Register, SignIn};
pub use admin::Admin;
pub use dashboard::Dashboard;
pub use feed::{Feed, Published};
pub use file_report::FileReport;
pub use home::Home;
pub use lists::{Inbox, MyReports, Queue};
pub use notifications::Notifications;
pub use password::{ForgotPassword, NewPassword};
pub use report::ReportPage;
pub use track::Track;
