//! Rate limits: how often one client address or one account may try something
//! (docs/SECURITY.md, "Limits"). Counting is actix-extensible-rate-limit's fixed window, kept in
//! this process's memory or, with `LAPOR_RATE_LIMIT_STORE=database`, in the database so that
//! every replica counts the same hits.

use crate::db::DbPool;
use crate::error::ApiError;
use crate::store::rate_limits;
use actix_extensible_rate_limit::HeaderCompatibleOutput;
use actix_extensible_rate_limit::backend::memory::InMemoryBackend;
use actix_extensible_rate_limit::backend::{
    Backend, Decision, SimpleBackend, SimpleInput, SimpleOutput,
};
use actix_web::rt::time::Instant;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use std::net::IpAddr;
use std::time::Duration;

/// At most `max` in `per` (a fixed window that starts with the first hit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub max: u64,
    pub per: Duration,
}

impl Rule {
    /// Parses `5/15m`: a count, a slash, a period in `s`, `m`, `h` or `d`.
    pub fn parse(raw: &str) -> Option<Rule> {
        let (max, period) = raw.trim().split_once('/')?;
        let unit = match period.chars().last()? {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        let count: u64 = period[..period.len() - 1].parse().ok()?;
        let rule = Rule {
            max: max.parse().ok()?,
            per: Duration::from_secs(count.checked_mul(unit)?),
        };
        (rule.max > 0 && !rule.per.is_zero()).then_some(rule)
    }

    /// Parses a comma-separated list of rules, all of which hold at once (`5/1m,10/15m`).
    pub fn parse_all(raw: &str) -> Option<Vec<Rule>> {
        raw.split(',').map(Rule::parse).collect()
    }
}

/// What is limited. Each has its rules in `Rules`.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// Failed sign-ins to one account from one address: a growing delay.
    SignIn,
    /// Failed sign-ins from one address, whatever the account.
    SignInAddress,
    Register,
    Refresh,
    Track,
    /// Emailed links to one address (registration, new password): past it, no more are sent,
    /// though the answer stays the same.
    Mail,
    /// Requests made with one API key.
    ApiKey,
}

/// The request-rate rules, from `LAPOR_LIMIT_*` (defaults in `config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub sign_in: Vec<Rule>,
    pub sign_in_address: Vec<Rule>,
    pub register: Vec<Rule>,
    pub refresh: Vec<Rule>,
    pub track: Vec<Rule>,
    pub mail: Vec<Rule>,
    pub api_key: Vec<Rule>,
}

impl Rules {
    fn of(&self, limit: Limit) -> (&'static str, &[Rule]) {
        match limit {
            Limit::SignIn => ("sign-in", &self.sign_in),
            Limit::SignInAddress => ("sign-in-address", &self.sign_in_address),
            Limit::Register => ("register", &self.register),
            Limit::Refresh => ("refresh", &self.refresh),
            Limit::Track => ("track", &self.track),
            Limit::Mail => ("mail", &self.mail),
            Limit::ApiKey => ("api-key", &self.api_key),
        }
    }
}

/// Where the counters live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    Memory,
    Database,
}

#[derive(Clone)]
enum Store {
    Memory(InMemoryBackend),
    Database(DatabaseBackend),
}

pub struct Limits {
    store: Store,
    rules: Rules,
}

/// Hits counted against a limit; `Limits::give_back` uncounts them.
#[must_use]
pub struct Taken(Vec<String>);

impl Limits {
    /// Counters in memory (with a sweep of expired ones every minute) or in `pool`'s database.
    pub fn new(kind: StoreKind, rules: Rules, pool: DbPool) -> Limits {
        let store = match kind {
            StoreKind::Memory => Store::Memory(
                InMemoryBackend::builder()
                    .with_gc_interval(Some(Duration::from_secs(60)))
                    .build(),
            ),
            StoreKind::Database => Store::Database(DatabaseBackend { pool }),
        };
        Limits { store, rules }
    }

    /// Counts one hit on `key` under every rule of `limit`; 429 `rate_limited` with
    /// `Retry-After` when any rule is over, and then counts nothing (waiting is not punished).
    pub async fn take(&self, limit: Limit, key: &str) -> Result<Taken, ApiError> {
        let (name, rules) = self.rules.of(limit);
        let mut taken = Vec::with_capacity(rules.len());
        let mut wait = 0;
        for (tier, rule) in rules.iter().enumerate() {
            let input = SimpleInput {
                interval: rule.per,
                max_requests: rule.max,
                key: format!("{name}/{tier}/{key}"),
            };
            let (decision, output) = self.request(input.clone()).await?;
            taken.push(input.key);
            if decision.is_denied() {
                wait = wait.max(output.seconds_until_reset());
            }
        }
        if wait > 0 {
            self.give_back(Taken(taken)).await;
            return Err(ApiError::rate_limited(wait));
        }
        Ok(Taken(taken))
    }

    /// Uncounts hits (a sign-in that succeeded, a request the server could not serve). A
    /// failure here only leaves a hit counted, so it is logged, not returned.
    pub async fn give_back(&self, taken: Taken) {
        for key in taken.0 {
            let done = match &self.store {
                Store::Memory(memory) => memory.rollback(key).await.map_err(|never| match never {}),
                Store::Database(database) => database.rollback(key).await,
            };
            if let Err(e) = done {
                log::warn!("rate limit: could not give a hit back: {}", e.code);
            }
        }
    }

    /// Forgets every counter of `key` under `limit`: a successful sign-in clears its delay.
    pub async fn clear(&self, limit: Limit, key: &str) {
        let (name, rules) = self.rules.of(limit);
        for tier in 0..rules.len() {
            let key = format!("{name}/{tier}/{key}");
            let done = match &self.store {
                Store::Memory(memory) => memory
                    .remove_key(&key)
                    .await
                    .map_err(|never| match never {}),
                Store::Database(database) => database.remove_key(&key).await,
            };
            if let Err(e) = done {
                log::warn!("rate limit: could not clear a counter: {}", e.code);
            }
        }
    }

    async fn request(&self, input: SimpleInput) -> Result<(Decision, SimpleOutput), ApiError> {
        let (decision, output, _) = match &self.store {
            Store::Memory(memory) => match memory.request(input).await {
                Ok(answer) => answer,
                Err(never) => match never {},
            },
            Store::Database(database) => database.request(input).await?,
        };
        Ok((decision, output))
    }
}

/// Checks a quota counted from stored rows (reports filed, bytes uploaded) over a sliding
/// window: `used(since)` answers the amount since `since` and when the oldest of it came. Adding
/// `adding` must keep every rule's amount within its max, or 429 `rate_limited` with a
/// `Retry-After` of when that oldest row leaves the window.
pub fn check_quota(
    rules: &[Rule],
    now: chrono::NaiveDateTime,
    adding: u64,
    mut used: impl FnMut(
        chrono::NaiveDateTime,
    ) -> diesel::QueryResult<(u64, Option<chrono::NaiveDateTime>)>,
) -> Result<(), ApiError> {
    for rule in rules {
        let per = chrono::Duration::from_std(rule.per).map_err(ApiError::internal)?;
        let (amount, oldest) = used(now - per)?;
        if amount.saturating_add(adding) > rule.max {
            let wait = oldest.map_or(per, |oldest| oldest + per - now);
            return Err(ApiError::rate_limited(
                u64::try_from(wait.num_seconds()).unwrap_or(1),
            ));
        }
    }
    Ok(())
}

/// How much of one kind of work each caller has running or waiting: past `per_caller` a caller
/// is refused, so that no one caller fills a queue everyone shares.
pub struct InFlight {
    per_caller: usize,
    callers: std::sync::Mutex<std::collections::HashMap<i64, usize>>,
}

/// A caller's place in an `InFlight`, given up when dropped.
pub struct Entered {
    flight: std::sync::Arc<InFlight>,
    caller: i64,
}

impl InFlight {
    pub fn new(per_caller: usize) -> std::sync::Arc<InFlight> {
        std::sync::Arc::new(InFlight {
            per_caller,
            callers: Default::default(),
        })
    }

    /// A place for `caller`, unless they already hold `per_caller` of them.
    pub fn enter(self: &std::sync::Arc<Self>, caller: i64) -> Option<Entered> {
        let mut callers = self.callers.lock().unwrap_or_else(|e| e.into_inner());
        let held = callers.entry(caller).or_default();
        if *held >= self.per_caller {
            return None;
        }
        *held += 1;
        Some(Entered {
            flight: self.clone(),
            caller,
        })
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        let mut callers = self
            .flight
            .callers
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(held) = callers.get_mut(&self.caller) {
            *held -= 1;
            if *held == 0 {
                callers.remove(&self.caller);
            }
        }
    }
}

/// Fixed-window counters in the `rate_limits` table, one upsert per hit. Windows run on the
/// system clock, not on a clock pinned by `LAPOR_NOW`.
#[derive(Clone)]
pub struct DatabaseBackend {
    pool: DbPool,
}

impl DatabaseBackend {
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut crate::db::DbConn) -> diesel::QueryResult<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let pool = self.pool.clone();
        web::block(move || Ok(work(&mut *pool.get()?)?)).await?
    }
}

impl Backend<SimpleInput> for DatabaseBackend {
    type Output = SimpleOutput;
    type RollbackToken = String;
    type Error = ApiError;

    async fn request(
        &self,
        input: SimpleInput,
    ) -> Result<(Decision, SimpleOutput, String), ApiError> {
        let now = chrono::Utc::now().naive_utc();
        let per = chrono::Duration::from_std(input.interval).map_err(ApiError::internal)?;
        let key = input.key.clone();
        let (hits, resets_at) = self
            .run(move |conn| rate_limits::hit(conn, &key, now, now + per))
            .await?;
        let left = (resets_at - now).to_std().unwrap_or_default();
        let output = SimpleOutput {
            limit: input.max_requests,
            remaining: input.max_requests.saturating_sub(hits),
            reset: Instant::now() + left,
        };
        Ok((
            Decision::from_allowed(hits <= input.max_requests),
            output,
            input.key,
        ))
    }

    async fn rollback(&self, key: String) -> Result<(), ApiError> {
        self.run(move |conn| rate_limits::unhit(conn, &key)).await
    }
}

impl SimpleBackend for DatabaseBackend {
    async fn remove_key(&self, key: &str) -> Result<(), ApiError> {
        let key = key.to_owned();
        self.run(move |conn| rate_limits::forget(conn, &key)).await
    }
}

/// The client's address, as limits key it: the TCP peer, or behind `LAPOR_PROXY_HOPS` proxies
/// the address the outermost of them saw (counted from the right of `X-Forwarded-For`, which
/// each proxy appends to; entries further left are whatever the client sent). IPv6 clients are
/// keyed by their /64, which one subscriber usually holds whole.
pub struct ClientAddr(pub String);

impl ClientAddr {
    pub fn of(req: &HttpRequest, proxy_hops: usize) -> ClientAddr {
        let forwarded = (proxy_hops > 0)
            .then(|| {
                let hops: Vec<&str> = req
                    .headers()
                    .get_all("x-forwarded-for")
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .map(str::trim)
                    .collect();
                let at = hops.len().checked_sub(proxy_hops)?;
                hops[at].parse::<IpAddr>().ok()
            })
            .flatten();
        let ip = forwarded.or_else(|| req.peer_addr().map(|a| a.ip()));
        ClientAddr(match ip {
            Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
            Some(IpAddr::V6(v6)) => v6.to_canonical().to_string(),
            Some(ip) => ip.to_string(),
            None => "unknown".to_owned(),
        })
    }
}

impl FromRequest for ClientAddr {
    type Error = ApiError;
    type Future = std::future::Ready<Result<ClientAddr, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let hops = req
            .app_data::<web::Data<crate::state::AppState>>()
            .map_or(0, |s| s.config.proxy_hops);
        std::future::ready(Ok(ClientAddr::of(req, hops)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn in_flight_bounds_each_caller_alone() {
        let flight = InFlight::new(2);
        let (a1, a2) = (flight.enter(1), flight.enter(1));
        assert!(a1.is_some() && a2.is_some());
        assert!(flight.enter(1).is_none(), "a third for caller 1");
        assert!(flight.enter(2).is_some(), "caller 2 is not held up");
        drop(a1);
        assert!(flight.enter(1).is_some(), "a place came free");
    }

    #[test]
    fn rules_parse() {
        assert_eq!(
            Rule::parse("5/15m"),
            Some(Rule {
                max: 5,
                per: Duration::from_secs(900)
            })
        );
        assert_eq!(Rule::parse_all("5/1m,10/1d").map(|r| r.len()), Some(2));
        for bad in [
            "",
            "5",
            "5/",
            "5/m",
            "0/1m",
            "5/0s",
            "x/1m",
            "5/1w",
            "5/99999999999999999d",
        ] {
            assert_eq!(Rule::parse(bad), None, "{bad}");
        }
    }

    fn addr(hops: usize, forwarded: Option<&str>) -> String {
        let mut req = TestRequest::default().peer_addr("10.0.0.9:4000".parse().unwrap());
        if let Some(f) = forwarded {
            req = req.insert_header(("X-Forwarded-For", f));
        }
        ClientAddr::of(&req.to_http_request(), hops).0
    }

    #[test]
    fn the_address_comes_from_the_trusted_hop_only() {
        // Without proxies a client-sent header changes nothing.
        assert_eq!(addr(0, Some("1.2.3.4")), "10.0.0.9");
        // One proxy: the entry it appended, not what the client put before it.
        assert_eq!(addr(1, Some("6.6.6.6, 203.0.113.7")), "203.0.113.7");
        assert_eq!(
            addr(2, Some("6.6.6.6, 203.0.113.7, 10.1.1.1")),
            "203.0.113.7"
        );
        // Fewer entries than proxies, or garbage: the peer.
        assert_eq!(addr(2, Some("203.0.113.7")), "10.0.0.9");
        assert_eq!(addr(1, Some("not an address")), "10.0.0.9");
        assert_eq!(addr(1, None), "10.0.0.9");
        assert_eq!(addr(1, Some("2001:db8:1:2:3:4:5:6")), "2001:db8:1:2::/64");
        assert_eq!(addr(1, Some("::ffff:203.0.113.7")), "203.0.113.7");
    }
}
