//! Sends the outbox through SMTP. Each email is leased in a short write of its own, sent outside
//! any transaction, then marked sent — or failed, to be tried again later (never dropped): an
//! SMTP outage delays mail and loses none. A crash between sending and marking sends it twice
//! rather than never.

use crate::config::Config;
use crate::db::DbConn;
use crate::jobs::JobError;
use crate::store::{self, outbox};
use lettre::message::Mailbox;
use lettre::{Message, SmtpTransport, Transport};

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

/// What one delivery round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub failed: usize,
}

impl Mailer {
    /// The mailer `LAPOR_SMTP_URL` asks for; `None` without one.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Mailer>> {
        let Some(url) = &config.smtp_url else {
            return Ok(None);
        };
        let transport = SmtpTransport::from_url(url)
            .map_err(|e| anyhow::anyhow!("LAPOR_SMTP_URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = config
            .mail_from
            .parse()
            .map_err(|e| anyhow::anyhow!("LAPOR_MAIL_FROM: {e}"))?;
        Ok(Some(Mailer { transport, from }))
    }

    fn send(&self, email: &outbox::Email) -> Result<(), String> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(email
                .recipient
                .parse()
                .map_err(|e| format!("recipient: {e}"))?)
            .subject(&email.subject)
            .body(email.body.clone())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Sends every email that is due, in batches, until none is left.
pub fn deliver(conn: &mut DbConn, mailer: &Mailer) -> Result<Delivered, JobError> {
    let mut done = Delivered::default();
    loop {
        let now = store::now();
        let due = outbox::due(conn, now, 100)?;
        if due.is_empty() {
            return Ok(done);
        }
        for id in due {
            // Another worker may have leased it since: then it is theirs.
            let Some(email) = outbox::lease(conn, id, now)? else {
                continue;
            };
            match mailer.send(&email) {
                Ok(()) => {
                    outbox::mark_sent(conn, id)?;
                    done.sent += 1;
                }
                Err(error) => {
                    log::warn!(
                        "email {id} not sent (attempt {}): {error}",
                        email.attempts + 1
                    );
                    outbox::mark_failed(conn, &email, &error)?;
                    done.failed += 1;
                }
            }
        }
    }
}
