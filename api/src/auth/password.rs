//! argon2id password hashes (the crate's defaults: m = 19 MiB, t = 2, p = 1 — OWASP's minimum),
//! and the `Hashers` that run them for requests.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use tokio::sync::{Semaphore, oneshot};

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

type Job = Box<dyn FnOnce() + Send>;

/// Password work for requests (sign-in, registration, a new password), one hash per core at a
/// time on threads of its own: each hash takes 19 MiB, and on the shared blocking pool (hundreds
/// of threads, an allocator arena each) a burst of failed sign-ins kept gigabytes
/// (docs/SECURITY.md). A caller waits at most `wait` for a turn, then gets `Busy`.
pub struct Hashers {
    turns: Semaphore,
    jobs: Mutex<Sender<Job>>,
    wait: Duration,
}

/// No hashing turn came free in time: answer 503 `busy` with `Retry-After`.
#[derive(Debug)]
pub struct Busy;

impl Hashers {
    pub fn new(threads: usize, wait: Duration) -> Hashers {
        let (jobs, queue) = channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("hasher-{i}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while taking a job, not while running it.
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                log::error!("cannot start a password hashing thread: {e}");
            }
        }
        Hashers {
            turns: Semaphore::new(threads),
            jobs: Mutex::new(jobs),
            wait,
        }
    }

    /// Runs `work` on a hashing thread once a turn is free.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let _turn = actix_web::rt::time::timeout(self.wait, self.turns.acquire())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        self.jobs
            .lock()
            .map_err(|_| Busy)?
            .send(job)
            .map_err(|_| Busy)?;
        result.await.map_err(|_| Busy)
    }
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

    #[actix_web::test]
    async fn hashers_take_turns_and_refuse_when_the_wait_is_over() {
        let hashers = Arc::new(Hashers::new(1, Duration::from_millis(50)));
        let (release, held) = std::sync::mpsc::channel::<()>();
        let first = {
            let hashers = hashers.clone();
            actix_web::rt::spawn(async move { hashers.run(move || held.recv().is_ok()).await })
        };
        // Wait (bounded) until the first job holds the only turn.
        for _ in 0..200 {
            if hashers.turns.available_permits() == 0 {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(hashers.run(|| ()).await.is_err(), "no turn within the wait");
        release.send(()).unwrap();
        assert!(first.await.unwrap().unwrap());
        assert_eq!(hashers.run(|| 7).await.unwrap(), 7, "free again");
    }
}
