//! The JWT signing secret: `LAPOR_JWT_SECRET` when set; otherwise a random secret generated on
//! first run and kept in `<data dir>/jwt-secret` (mode 0600), so sessions survive a restart.

use crate::config::Config;
use rand::RngCore;
use std::io::Write;
use std::path::Path;

pub const SECRET_FILE: &str = "jwt-secret";

pub fn load_or_create(config: &Config) -> std::io::Result<Vec<u8>> {
    if let Some(secret) = &config.jwt_secret {
        if secret.len() < crate::config::MIN_SECRET_LEN {
            log::warn!(
                "LAPOR_JWT_SECRET is shorter than {} bytes; production mode would refuse it",
                crate::config::MIN_SECRET_LEN
            );
        }
        return Ok(secret.as_bytes().to_vec());
    }
    let path = config.data_dir.join(SECRET_FILE);
    match std::fs::read_to_string(&path) {
        Ok(existing) if existing.trim().len() >= crate::config::MIN_SECRET_LEN => {
            Ok(existing.trim().as_bytes().to_vec())
        }
        Ok(_) => Err(std::io::Error::other(format!(
            "{} is too short; delete it to generate a new one",
            path.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(&path),
        Err(e) => Err(e),
    }
}

fn create(path: &Path) -> std::io::Result<Vec<u8>> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(secret.as_bytes())?;
            file.sync_all()?;
            log::info!("generated a JWT secret in {}", path.display());
            Ok(secret.into_bytes())
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(std::fs::read_to_string(path)?.trim().as_bytes().to_vec())
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_reused_with_private_mode() {
        let dir = std::env::temp_dir().join(format!("lapor-secret-{}", uuid::Uuid::new_v4()));
        let dir_s = dir.display().to_string();
        let config =
            Config::from_lookup(|n| (n == "LAPOR_DATA_DIR").then(|| dir_s.clone())).unwrap();
        let first = load_or_create(&config).unwrap();
        let second = load_or_create(&config).unwrap();
        assert_eq!(first, second);
        assert!(first.len() >= crate::config::MIN_SECRET_LEN);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(SECRET_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
