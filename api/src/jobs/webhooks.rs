//! Sends webhook deliveries (docs/INTEGRATION.md, Webhooks): each round gathers the feed's new
//! changes into deliveries, then claims due ones a few at a time, sends them outside any
//! transaction — signed, 15 s at most, no redirects, only to allowed addresses — and records
//! each attempt. A crash between sending and recording sends that delivery again (same
//! `webhook-id`) rather than never.

use crate::domain::webhooks::{TIMEOUT, may_call, signature};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, webhooks::DeliveryRow};
use crate::workflow::webhooks::{self as flow, Outcome};
use chrono::Duration;
use lapor_types::integration::AttemptFailure;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::net::{IpAddr, SocketAddr};
use std::rc::Rc;
use std::sync::Arc;

/// Deliveries sent at once by one replica.
const SENDERS: usize = 8;

/// Attempts one round makes at most, so gathering comes round again.
const PER_ROUND: usize = 400;

/// How long a claimed delivery is left to its sender: twice the timeout, so it never runs out
/// while the attempt can still be answered.
const LEASE: Duration = Duration::seconds(30);

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dispatched {
    /// Deliveries made from new changes.
    pub gathered: usize,
    pub delivered: usize,
    pub failed: usize,
}

/// A claimed delivery, its webhook's account and URL, and the secrets that sign it now.
struct Outgoing {
    delivery: DeliveryRow,
    owner: i64,
    url: String,
    secrets: Vec<String>,
}

/// The HTTP client of webhooks.
pub struct Dispatcher {
    client: reqwest::Client,
    allow_private: bool,
}

impl Dispatcher {
    pub fn new(allow_private: bool) -> reqwest::Result<Dispatcher> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            // Straight to the receiver: a proxy from the environment would connect for us,
            // past the guard.
            .no_proxy()
            .dns_resolver(Arc::new(Guard { allow_private }))
            .user_agent(concat!("lapor-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Dispatcher {
            client,
            allow_private,
        })
    }

    async fn send(&self, outgoing: &Outgoing) -> Outcome {
        let Outgoing {
            delivery,
            url,
            secrets,
            ..
        } = outgoing;
        let started = std::time::Instant::now();
        let elapsed = || i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
        let failed = |(failure, error): (AttemptFailure, String)| Outcome {
            status: None,
            latency_ms: elapsed(),
            failure: Some(failure),
            error: Some(error),
            retry_after: None,
        };
        // Addresses written as such never reach the resolver: checked here.
        if let Err(e) = literal_allowed(url, self.allow_private) {
            return failed((AttemptFailure::RefusedAddress, e));
        }
        let id = delivery.change_id.to_string();
        // The receiver compares it with its own clock: the real time, whatever clock is in scope.
        let timestamp = chrono::Utc::now().timestamp();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let sent = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header(
                "webhook-signature",
                signature(&secrets, &id, timestamp, &delivery.payload),
            )
            .body(delivery.payload.clone())
            .send()
            .await;
        match sent {
            Ok(answer) => {
                let status = answer.status();
                let retry_after = answer
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(retry_after);
                // The body is not read: a receiver's answer is its status.
                let failed = !status.is_success();
                Outcome {
                    status: Some(status.as_u16()),
                    latency_ms: elapsed(),
                    failure: failed.then_some(AttemptFailure::HttpStatus),
                    error: failed.then(|| format!("HTTP {status}")),
                    retry_after,
                }
            }
            Err(e) => failed(describe(&e)),
        }
    }
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.trim().parse::<i64>() {
        return Some(Duration::seconds(secs.clamp(0, 86_400)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    Some(at.with_timezone(&chrono::Utc) - chrono::Utc::now())
}

/// A transport error: its kind, and a line without the URL (the webhook's owner knows it).
fn describe(e: &reqwest::Error) -> (AttemptFailure, String) {
    let (mut failure, kind) = if e.is_timeout() {
        (AttemptFailure::TimedOut, "timed out")
    } else if e.is_connect() {
        (AttemptFailure::Unreachable, "could not connect")
    } else {
        (AttemptFailure::Failed, "request failed")
    };
    let mut cause = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        cause = inner.to_string();
        if inner.is::<Refused>() {
            failure = AttemptFailure::RefusedAddress;
        } else if cause.contains("certificate") {
            // rustls says "invalid peer certificate: …": reached, but not trusted.
            failure = AttemptFailure::Certificate;
        }
        source = inner.source();
    }
    let line = if cause.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {cause}")
    };
    (failure, line.chars().take(300).collect())
}

/// The guard's refusal of a name resolving to an address lapor may not call.
#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} resolves to an address webhooks may not call", self.0)
    }
}

impl std::error::Error for Refused {}

/// Resolves a webhook's host and refuses it when any of its addresses is one lapor may not
/// call, at the moment of connecting (a name that changes its address after it was checked
/// gains nothing).
struct Guard {
    allow_private: bool,
}

impl Resolve for Guard {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let addrs = resolve(name.as_str(), 0, allow_private).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

async fn resolve(host: &str, port: u16, allow_private: bool) -> Result<Vec<SocketAddr>, BoxError> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port)).await?.collect();
    if addrs.is_empty() {
        return Err(format!("{host} has no address").into());
    }
    // The address itself is not told: no caller is to learn lapor's name lookups.
    if addrs.iter().any(|a| !may_call(a.ip(), allow_private)) {
        return Err(Refused(host.to_owned()).into());
    }
    Ok(addrs)
}

/// Checks a URL written as an address (`http://10.0.0.1/`).
fn literal_allowed(url: &str, allow_private: bool) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
    let ip = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        _ => return Ok(()),
    };
    if may_call(ip, allow_private) {
        Ok(())
    } else {
        Err(format!("{ip} is an address webhooks may not call"))
    }
}

/// Checks a webhook URL before it is stored: `http`/`https`, no credentials, a host that
/// resolves only to addresses lapor may call. Answers it as it is stored (normalised:
/// `http:example.org` is `http://example.org/`); 422 on `field` otherwise.
pub async fn check_url(field: &str, url: &str, allow_private: bool) -> Result<String, ApiError> {
    let refuse = |code: &str, message: String| -> Result<String, ApiError> {
        Err(ApiError::field(field, code, message))
    };
    let Ok(parsed) = reqwest::Url::parse(url.trim()) else {
        return refuse("invalid", "not an absolute http(s) URL".to_owned());
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return refuse("invalid", "only http and https URLs".to_owned());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return refuse(
            "invalid",
            "no credentials in the URL: receivers verify the signature".to_owned(),
        );
    }
    if let Err(e) = literal_allowed(parsed.as_str(), allow_private) {
        return refuse("not_allowed", e);
    }
    let (Some(_), Some(port)) = (parsed.host_str(), parsed.port_or_known_default()) else {
        return refuse("invalid", "the URL has no host".to_owned());
    };
    if port == 0 {
        return refuse("invalid", "port 0 is no port".to_owned());
    }
    if let Some(url::Host::Domain(domain)) = parsed.host()
        && let Err(e) = resolve(domain, port, allow_private).await
    {
        let code = if e.is::<Refused>() {
            "not_allowed"
        } else {
            "unresolvable"
        };
        return refuse(code, e.to_string());
    }
    Ok(parsed.into())
}

/// One round, for `lapor jobs` and tests: gather, then send what is due until nothing is (or
/// the round's share is spent).
pub async fn round(state: &AppState, dispatcher: &Dispatcher) -> Result<Dispatched, ApiError> {
    let senders = Senders::default();
    let gathered = state.db(flow::gather).await?;
    let workers = (0..SENDERS).map(|_| async {
        while senders.spent() < PER_ROUND && senders.next(state, dispatcher).await? {}
        Ok::<_, ApiError>(())
    });
    for worked in futures_util::future::join_all(workers).await {
        worked?;
    }
    Ok(Dispatched {
        gathered,
        ..senders.done.get()
    })
}

/// For `serve`: gathers every `every`, and keeps `SENDERS` workers each sending the next due
/// delivery as soon as its last one is done (resting `every` when none is due), so neither a
/// slow receiver nor a long backlog holds back anyone else's changes.
pub fn spawn(state: actix_web::web::Data<AppState>, dispatcher: Dispatcher, every: Duration) {
    let every = every.to_std().unwrap_or(std::time::Duration::from_secs(2));
    let gatherer = state.clone();
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = gatherer.db(flow::gather).await {
                log::warn!("webhooks: gathering failed, retrying next tick: {e}");
            }
        }
    });
    let shared = Rc::new((Senders::default(), dispatcher));
    for _ in 0..SENDERS {
        let (state, shared) = (state.clone(), shared.clone());
        actix_web::rt::spawn(async move {
            loop {
                let (senders, dispatcher) = &*shared;
                match senders.next(&state, dispatcher).await {
                    Ok(true) => {}
                    Ok(false) => actix_web::rt::time::sleep(every).await,
                    Err(e) => {
                        log::warn!("webhooks: sending failed, retrying: {e}");
                        actix_web::rt::time::sleep(every).await;
                    }
                }
            }
        });
    }
}

/// Deliveries of one account's webhooks in flight at once on a replica: its ten webhooks,
/// all slow, hold two senders, not all of them.
const PER_ACCOUNT: usize = 2;

/// What the workers of a replica share (they run on one thread).
#[derive(Default)]
struct Senders {
    done: Cell<Dispatched>,
    /// The webhooks (and their accounts) with a delivery in flight here.
    busy: RefCell<Vec<(i64, i64)>>,
    /// One claim at a time, so two workers never take the same webhook.
    claiming: tokio::sync::Mutex<()>,
}

impl Senders {
    fn spent(&self) -> usize {
        let done = self.done.get();
        done.delivered + done.failed
    }

    /// Sends the next due delivery; false when none is.
    async fn next(&self, state: &AppState, dispatcher: &Dispatcher) -> Result<bool, ApiError> {
        let Some(outgoing) = self.claim(state).await? else {
            return Ok(false);
        };
        let outcome = dispatcher.send(&outgoing).await;
        let delivery = outgoing.delivery;
        self.busy
            .borrow_mut()
            .retain(|(hook, _)| *hook != delivery.webhook_id);
        let mut done = self.done.get();
        if outcome.delivered() {
            done.delivered += 1;
        } else {
            done.failed += 1;
            log::info!(
                "webhook {} delivery {} (change {}) failed: {}",
                delivery.webhook_id,
                delivery.id,
                delivery.change_id,
                outcome.error.as_deref().unwrap_or_default()
            );
        }
        self.done.set(done);
        let site = state.site();
        state
            .tx(move |conn| flow::record(conn, site, &delivery, &outcome))
            .await?;
        Ok(true)
    }

    async fn claim(&self, state: &AppState) -> Result<Option<Outgoing>, ApiError> {
        let _turn = self.claiming.lock().await;
        let (hooks, owners): (Vec<i64>, Vec<i64>) = self.busy.borrow().iter().copied().unzip();
        let full: Vec<i64> = owners
            .iter()
            .copied()
            .filter(|o| owners.iter().filter(|x| *x == o).count() >= PER_ACCOUNT)
            .collect();
        let claimed = state
            .db(move |conn| {
                let now = store::now();
                let claimed = store::webhooks::claim(conn, now, now + LEASE, &hooks, &full)?;
                Ok(claimed.map(|(delivery, hook)| Outgoing {
                    secrets: hook.signing_secrets(now),
                    owner: hook.user_id,
                    url: hook.url,
                    delivery,
                }))
            })
            .await?;
        if let Some(outgoing) = &claimed {
            self.busy
                .borrow_mut()
                .push((outgoing.delivery.webhook_id, outgoing.owner));
        }
        Ok(claimed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("120"), Some(Duration::seconds(120)));
        assert_eq!(retry_after(" 0 "), Some(Duration::zero()));
        assert_eq!(retry_after("999999999"), Some(Duration::days(1)));
        let later = (chrono::Utc::now() + Duration::hours(1)).to_rfc2822();
        let wait = retry_after(&later).unwrap();
        assert!(wait > Duration::minutes(59) && wait <= Duration::hours(1));
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn literal_addresses_are_checked_before_any_connection() {
        assert!(literal_allowed("http://169.254.169.254/latest/meta-data", true).is_err());
        assert!(literal_allowed("http://[::1]:8080/", false).is_err());
        assert!(literal_allowed("http://[::1]:8080/", true).is_ok());
        assert!(literal_allowed("http://127.0.0.1/", false).is_err());
        assert!(literal_allowed("https://93.184.216.34/hook", false).is_ok());
        assert!(literal_allowed("https://example.org/hook", false).is_ok());
    }
}
