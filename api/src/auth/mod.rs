//! Who is calling: passwords (argon2id), access tokens (JWT, HS256 pinned), rotating refresh
//! tokens, the signing secret, and the request extractors that put the caller in each handler's
//! signature.

pub mod extract;
pub mod password;
pub mod secret;
pub mod tokens;

pub use extract::{Admin, Citizen, Coordinator, Filer, Officer, Staff, UserManager, Viewer};
