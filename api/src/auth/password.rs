//! argon2id password hashes (the crate's defaults: m = 19 MiB, t = 2, p = 1 — OWASP's minimum).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::LazyLock;

pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the email is unknown, so a failed sign-in takes as long
/// whether or not the account exists.
static DUMMY: LazyLock<String> =
    LazyLock::new(|| hash("not-a-real-password-lapor").unwrap_or_default());

pub fn burn_time(password: &str) {
    verify(password, &DUMMY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password() {
        let h = hash("rahasia-123").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("rahasia-123", &h));
        assert!(!verify("rahasia-124", &h));
        assert!(!verify("rahasia-123", "not a hash"));
        assert_ne!(h, hash("rahasia-123").unwrap(), "salted");
    }
}
