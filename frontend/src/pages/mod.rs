//! The screens, one module each.

mod account;
mod home;
mod track;

pub use account::{Account, SignIn, provide_me};
pub use home::Home;
pub use track::Track;
