//! Typed settings, read once from the environment (see `.env.example`). Bad values stop the start
//! with a message naming the variable.

use crate::limits::{Rule, Rules, StoreKind};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("{name}: {problem}")]
    Invalid { name: &'static str, problem: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub listen: SocketAddr,
    /// Explicit secret from `LAPOR_JWT_SECRET`; when absent, one is kept in the data directory
    /// (see `auth::secret`).
    pub jwt_secret: Option<String>,
    pub data_dir: PathBuf,
    pub environment: Environment,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    /// `LAPOR_SESSION_MAX_AGE`: a sign-in ends this long after it started, however often its
    /// tokens were refreshed.
    pub session_max_age_secs: i64,
    pub db_pool_size: u32,
    pub max_json_bytes: usize,
    /// Where uploaded attachments are stored (generated names only).
    pub attachments_dir: PathBuf,
    pub max_attachment_bytes: u64,
    /// The time zone working days are counted in.
    pub time_zone: chrono_tz::Tz,
    /// `LAPOR_HOME_REGION`: the region the deployment serves (a Kemendagri code such as `36.03`),
    /// where the web app's place picker starts; none: all of Indonesia.
    pub home_region: Option<String>,
    /// `LAPOR_MAP_TILES`: the map tiles' URL, `{z}/{x}/{y}` filled in by the web app (default
    /// OpenStreetMap's); its origin is added to the web app's Content-Security-Policy.
    pub map_tiles: String,
    /// `LAPOR_MAP_ATTRIBUTION`: the credit the tiles' licence asks for.
    pub map_attribution: String,
    /// `LAPOR_MAP_CENTER`: `latitude,longitude,zoom` where a map without a pin opens.
    pub map_center: MapCenter,
    /// `LAPOR_NOW`: a pinned clock, for tests and drills only (refused in production).
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// `LAPOR_SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…`, or `smtp://host:25` for a
    /// plain local relay); without it no email is queued.
    pub smtp_url: Option<String>,
    /// `LAPOR_MAIL_FROM`: the sender of notification emails.
    pub mail_from: String,
    /// `LAPOR_PUBLIC_URL`: where people reach lapor, for the links in emails.
    pub public_url: String,
    /// `LAPOR_JOBS_INTERVAL`: seconds between background job runs in `serve`; 0 turns them off
    /// on this replica (another one, or `lapor jobs` from cron, runs them).
    pub jobs_interval_secs: u64,
    /// `LAPOR_WEBHOOK_INTERVAL`: seconds between gatherings of changes into webhook deliveries
    /// in `serve`, and an idle sender's rest (default 2); 0 turns webhook delivery off on this
    /// replica.
    pub webhook_interval_secs: u64,
    /// `LAPOR_WEBHOOK_ALLOW_PRIVATE`: webhooks may call loopback and private-network addresses
    /// (the regency's own systems; tests). Link-local and metadata addresses stay refused.
    pub webhook_allow_private: bool,
    /// `LAPOR_WEB_DIR`: the built web app served at `/` (when it holds an `index.html`).
    pub web_dir: PathBuf,
    /// `LAPOR_HTTPS`: people reach lapor over HTTPS (a TLS proxy in front), so answers carry HSTS.
    pub https: bool,
    /// `LAPOR_PROXY_HOPS`: how many proxies of ours stand in front, appending to
    /// `X-Forwarded-For` (see `limits::ClientAddr`); 0 trusts no such header.
    pub proxy_hops: usize,
    /// `LAPOR_RATE_LIMIT_STORE`: `memory` (the default on SQLite) or `database` (the default on
    /// PostgreSQL, where replicas share the counters).
    pub rate_limit_store: StoreKind,
    /// `LAPOR_LIMIT_SIGN_IN`, `…_SIGN_IN_ADDRESS`, `…_REGISTER`, `…_REFRESH`, `…_TRACK`, `…_MAIL`,
    /// `…_API_KEY`.
    pub limits: Rules,
    /// `LAPOR_LIMIT_FILING`: reports one citizen may file.
    pub filing_limits: Vec<Rule>,
    /// `LAPOR_LIMIT_UPLOAD_BYTES`: attachment bytes one account may upload.
    pub upload_limits: Vec<Rule>,
    /// `LAPOR_MAX_REPORT_ATTACHMENTS`: files one report may hold.
    pub max_report_attachments: i64,
    /// `LAPOR_MAX_REPORT_ATTACHMENT_BYTES`: bytes of files one report may hold.
    pub max_report_attachment_bytes: u64,
    /// `LAPOR_MAX_EXPORTS`: CSV exports running at once (one per account).
    pub max_exports: usize,
    /// `LAPOR_EXPORT_STALL_TIMEOUT`: seconds an export waits for a client that reads nothing
    /// before it gives up.
    pub export_stall_secs: u64,
    /// `LAPOR_NATIONAL_*`: sync with the national platform; off without `LAPOR_NATIONAL_URL`.
    pub national: Option<National>,
}

/// How lapor reaches the national SP4N-LAPOR! platform (docs/NATIONAL.md, Setup).
#[derive(Clone, PartialEq)]
pub struct National {
    /// `LAPOR_NATIONAL_URL`: the API's base URL (the SPLP gateway's).
    pub url: String,
    /// `LAPOR_NATIONAL_TOKEN`: the bearer token.
    pub token: String,
    /// `LAPOR_NATIONAL_INSTITUTION_TOKEN`: the institution token (the `token` header).
    pub institution_token: String,
    /// `LAPOR_NATIONAL_INSTITUTION_ID`: the regency's institution id on the national side.
    pub institution_id: i64,
    /// `LAPOR_NATIONAL_ACCOUNT`: the email of the integrator account imported complaints are
    /// filed by (channel `national_sync`).
    pub account: String,
    /// `LAPOR_NATIONAL_REGION`: the district (or village) an imported complaint is placed in
    /// when its national location names none lapor knows.
    pub region: String,
    /// `LAPOR_NATIONAL_BUDGET`: requests a minute this replica may make (default 60).
    pub budget_per_minute: u32,
    /// `LAPOR_NATIONAL_INTERVAL`: seconds between sync rounds in `serve` (default 60); 0 turns
    /// sync off on this replica (`lapor sync` from cron, or another replica, runs it).
    pub interval_secs: u64,
}

// Hand-written so the tokens never reach a log line.
impl std::fmt::Debug for National {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("National")
            .field("url", &redact_url(&self.url))
            .field("token", &"<set>")
            .field("institution_token", &"<set>")
            .field("institution_id", &self.institution_id)
            .field("account", &self.account)
            .field("region", &self.region)
            .field("budget_per_minute", &self.budget_per_minute)
            .field("interval_secs", &self.interval_secs)
            .finish()
    }
}

/// The `LAPOR_NATIONAL_*` settings, when `LAPOR_NATIONAL_URL` turns sync on: every other one
/// it needs must be there too.
fn national(lookup: &impl Fn(&str) -> Option<String>) -> Result<Option<National>, ConfigError> {
    let Some(url) = lookup("LAPOR_NATIONAL_URL") else {
        return Ok(None);
    };
    if origin(&url).is_none() {
        return Err(invalid("LAPOR_NATIONAL_URL", "must be an http(s) URL"));
    }
    let needed = |name: &'static str| {
        lookup(name).ok_or_else(|| invalid(name, "must be set when LAPOR_NATIONAL_URL is"))
    };
    let region = needed("LAPOR_NATIONAL_REGION")?;
    if !region_code(&region) || region.len() < 8 {
        return Err(invalid(
            "LAPOR_NATIONAL_REGION",
            "must be a district or village code such as 36.03.18",
        ));
    }
    Ok(Some(National {
        url: url.trim_end_matches('/').to_owned(),
        token: needed("LAPOR_NATIONAL_TOKEN")?,
        institution_token: needed("LAPOR_NATIONAL_INSTITUTION_TOKEN")?,
        institution_id: needed("LAPOR_NATIONAL_INSTITUTION_ID")?
            .parse()
            .map_err(|_| invalid("LAPOR_NATIONAL_INSTITUTION_ID", "must be a number"))?,
        account: needed("LAPOR_NATIONAL_ACCOUNT")?,
        region,
        budget_per_minute: positive(lookup, "LAPOR_NATIONAL_BUDGET", 60)?,
        interval_secs: parse(lookup, "LAPOR_NATIONAL_INTERVAL", "60")?,
    }))
}

// Hand-written so the secret never reaches a log line.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("listen", &self.listen)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "<set>"))
            .field("data_dir", &self.data_dir)
            .field("environment", &self.environment)
            .field("access_token_ttl_secs", &self.access_token_ttl_secs)
            .field("refresh_token_ttl_secs", &self.refresh_token_ttl_secs)
            .field("session_max_age_secs", &self.session_max_age_secs)
            .field("db_pool_size", &self.db_pool_size)
            .field("max_json_bytes", &self.max_json_bytes)
            .field("attachments_dir", &self.attachments_dir)
            .field("max_attachment_bytes", &self.max_attachment_bytes)
            .field("time_zone", &self.time_zone)
            .field("home_region", &self.home_region)
            .field("map_tiles", &self.map_tiles)
            .field("map_center", &self.map_center)
            .field("now", &self.now)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .field("jobs_interval_secs", &self.jobs_interval_secs)
            .field("webhook_interval_secs", &self.webhook_interval_secs)
            .field("webhook_allow_private", &self.webhook_allow_private)
            .field("web_dir", &self.web_dir)
            .field("https", &self.https)
            .field("proxy_hops", &self.proxy_hops)
            .field("rate_limit_store", &self.rate_limit_store)
            .field("limits", &self.limits)
            .field("filing_limits", &self.filing_limits)
            .field("upload_limits", &self.upload_limits)
            .field("max_report_attachments", &self.max_report_attachments)
            .field(
                "max_report_attachment_bytes",
                &self.max_report_attachment_bytes,
            )
            .field("max_exports", &self.max_exports)
            .field("export_stall_secs", &self.export_stall_secs)
            .field("national", &self.national)
            .finish()
    }
}

/// The shortest `LAPOR_JWT_SECRET` accepted in production (bytes).
pub const MIN_SECRET_LEN: usize = 32;

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let data_dir = PathBuf::from(lookup("LAPOR_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = lookup("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("lapor.db").display()));
        if !(database_url.starts_with("sqlite://")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(invalid(
                "DATABASE_URL",
                "must start with sqlite:// or postgres://",
            ));
        }
        let environment = match lookup("LAPOR_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(_) => return Err(invalid("LAPOR_ENV", "must be development or production")),
        };
        let jwt_secret = lookup("LAPOR_JWT_SECRET");
        if environment == Environment::Production
            && jwt_secret.as_ref().is_none_or(|s| s.len() < MIN_SECRET_LEN)
        {
            return Err(invalid(
                "LAPOR_JWT_SECRET",
                &format!(
                    "must be set to at least {MIN_SECRET_LEN} bytes when LAPOR_ENV=production"
                ),
            ));
        }
        let now = match lookup("LAPOR_NOW") {
            None => None,
            Some(_) if environment == Environment::Production => {
                return Err(invalid(
                    "LAPOR_NOW",
                    "pins the clock for tests and drills; not with LAPOR_ENV=production",
                ));
            }
            Some(raw) => Some(
                chrono::DateTime::parse_from_rfc3339(&raw)
                    .map_err(|_| invalid("LAPOR_NOW", "must be an RFC 3339 instant"))?
                    .to_utc(),
            ),
        };
        let smtp_url = lookup("LAPOR_SMTP_URL");
        if let Some(url) = &smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            return Err(invalid(
                "LAPOR_SMTP_URL",
                "must start with smtp:// or smtps://",
            ));
        }
        let rate_limit_store = match lookup("LAPOR_RATE_LIMIT_STORE").as_deref() {
            None if database_url.starts_with("sqlite://") => StoreKind::Memory,
            None | Some("database") => StoreKind::Database,
            Some("memory") => StoreKind::Memory,
            Some(_) => {
                return Err(invalid(
                    "LAPOR_RATE_LIMIT_STORE",
                    "must be memory or database",
                ));
            }
        };
        let home_region = lookup("LAPOR_HOME_REGION");
        if let Some(code) = &home_region
            && !region_code(code)
        {
            return Err(invalid(
                "LAPOR_HOME_REGION",
                "must be a region code such as 36 or 36.03",
            ));
        }
        let map_tiles = lookup("LAPOR_MAP_TILES")
            .unwrap_or_else(|| "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned());
        if origin(&map_tiles).is_none()
            || !["{z}", "{x}", "{y}"].iter().all(|p| map_tiles.contains(p))
        {
            return Err(invalid(
                "LAPOR_MAP_TILES",
                "must be an http(s) URL with {z}, {x} and {y}",
            ));
        }
        let map_center = match lookup("LAPOR_MAP_CENTER") {
            None => MapCenter::INDONESIA,
            Some(raw) => MapCenter::parse(&raw).ok_or_else(|| {
                invalid(
                    "LAPOR_MAP_CENTER",
                    "must be latitude,longitude,zoom, e.g. -6.2,106.5,11",
                )
            })?,
        };
        let national = national(&lookup)?;
        Ok(Config {
            national,
            map_tiles,
            map_attribution: lookup("LAPOR_MAP_ATTRIBUTION")
                .unwrap_or_else(|| "© OpenStreetMap contributors".to_owned()),
            map_center,
            home_region,
            proxy_hops: parse(&lookup, "LAPOR_PROXY_HOPS", "0")?,
            rate_limit_store,
            limits: Rules {
                sign_in: rules(&lookup, "LAPOR_LIMIT_SIGN_IN", "5/1m,10/15m,20/1h")?,
                sign_in_address: rules(&lookup, "LAPOR_LIMIT_SIGN_IN_ADDRESS", "30/15m")?,
                register: rules(&lookup, "LAPOR_LIMIT_REGISTER", "10/1h")?,
                refresh: rules(&lookup, "LAPOR_LIMIT_REFRESH", "120/1m")?,
                track: rules(&lookup, "LAPOR_LIMIT_TRACK", "30/1m")?,
                mail: rules(&lookup, "LAPOR_LIMIT_MAIL", "3/1h")?,
                api_key: rules(&lookup, "LAPOR_LIMIT_API_KEY", "600/1m")?,
            },
            filing_limits: rules(&lookup, "LAPOR_LIMIT_FILING", "10/1h,30/1d")?,
            upload_limits: rules(&lookup, "LAPOR_LIMIT_UPLOAD_BYTES", "209715200/1d")?,
            max_report_attachments: positive(&lookup, "LAPOR_MAX_REPORT_ATTACHMENTS", 20)?,
            max_report_attachment_bytes: positive(
                &lookup,
                "LAPOR_MAX_REPORT_ATTACHMENT_BYTES",
                100 * 1024 * 1024,
            )?,
            max_exports: positive(&lookup, "LAPOR_MAX_EXPORTS", 4)?,
            export_stall_secs: positive(&lookup, "LAPOR_EXPORT_STALL_TIMEOUT", 30)?,
            database_url,
            now,
            smtp_url,
            public_url: lookup("LAPOR_PUBLIC_URL")
                .map(|url| url.trim_end_matches('/').to_owned())
                .unwrap_or_else(|| "http://localhost:8080".to_owned()),
            mail_from: lookup("LAPOR_MAIL_FROM")
                .unwrap_or_else(|| "LAPOR <noreply@localhost>".to_owned()),
            jobs_interval_secs: parse(&lookup, "LAPOR_JOBS_INTERVAL", "60")?,
            webhook_interval_secs: parse(&lookup, "LAPOR_WEBHOOK_INTERVAL", "2")?,
            webhook_allow_private: parse(&lookup, "LAPOR_WEBHOOK_ALLOW_PRIVATE", "false")?,
            listen: parse(&lookup, "LAPOR_LISTEN", "0.0.0.0:8080")?,
            jwt_secret,
            environment,
            access_token_ttl_secs: positive(&lookup, "LAPOR_ACCESS_TOKEN_TTL", 900)?,
            refresh_token_ttl_secs: positive(&lookup, "LAPOR_REFRESH_TOKEN_TTL", 30 * 24 * 3600)?,
            session_max_age_secs: positive(&lookup, "LAPOR_SESSION_MAX_AGE", 90 * 24 * 3600)?,
            db_pool_size: positive(&lookup, "LAPOR_DB_POOL_SIZE", 10)?,
            max_json_bytes: positive(&lookup, "LAPOR_MAX_JSON_BYTES", 64 * 1024)?,
            attachments_dir: lookup("LAPOR_ATTACHMENTS_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| data_dir.join("attachments")),
            max_attachment_bytes: positive(
                &lookup,
                "LAPOR_MAX_ATTACHMENT_BYTES",
                10 * 1024 * 1024,
            )?,
            time_zone: parse(&lookup, "LAPOR_TIME_ZONE", "Asia/Jakarta")?,
            web_dir: PathBuf::from(
                lookup("LAPOR_WEB_DIR").unwrap_or_else(|| "frontend/dist".into()),
            ),
            https: parse(&lookup, "LAPOR_HTTPS", "false")?,
            data_dir,
        })
    }
}

/// Where a map opens: its centre and zoom level (0–19).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapCenter {
    pub latitude: f64,
    pub longitude: f64,
    pub zoom: u8,
}

impl MapCenter {
    /// All of Indonesia.
    pub const INDONESIA: MapCenter = MapCenter {
        latitude: -2.5,
        longitude: 118.0,
        zoom: 4,
    };

    /// `latitude,longitude,zoom`.
    pub fn parse(raw: &str) -> Option<MapCenter> {
        let mut parts = raw.split(',').map(str::trim);
        let (lat, lon, zoom) = (parts.next()?, parts.next()?, parts.next()?);
        let center = MapCenter {
            latitude: lat.parse().ok()?,
            longitude: lon.parse().ok()?,
            zoom: zoom.parse().ok()?,
        };
        let fits = (-85.0..=85.0).contains(&center.latitude)
            && (-180.0..=180.0).contains(&center.longitude)
            && center.zoom <= 19;
        (parts.next().is_none() && fits).then_some(center)
    }
}

/// The `scheme://host[:port]` of an http(s) URL.
pub fn origin(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_end];
    let clean = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
    clean.then(|| &url[..url.len() - rest.len() + host_end])
}

/// A Kemendagri region code: `36`, `36.03`, `36.03.18` or `36.03.18.2009`.
fn region_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    parts.len() <= 4
        && parts
            .iter()
            .zip([2, 2, 2, 4])
            .all(|(part, len)| part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
}

fn invalid(name: &'static str, problem: &str) -> ConfigError {
    ConfigError::Invalid {
        name,
        problem: problem.to_owned(),
    }
}

fn parse<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: &str,
) -> Result<T, ConfigError> {
    let raw = lookup(name).unwrap_or_else(|| default.to_owned());
    raw.parse()
        .map_err(|_| invalid(name, &format!("cannot parse {raw:?}")))
}

/// Rate-limit rules such as `5/1m,10/15m` (see `limits::Rule`).
fn rules(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: &str,
) -> Result<Vec<Rule>, ConfigError> {
    let raw = lookup(name).unwrap_or_else(|| default.to_owned());
    Rule::parse_all(&raw).ok_or_else(|| {
        invalid(
            name,
            &format!("cannot parse {raw:?}: write rules such as 5/1m,20/1h (count/period in s, m, h or d)"),
        )
    })
}

fn positive<T: std::str::FromStr + PartialOrd + Default + ToString>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    let value: T = parse(lookup, name, &default.to_string())?;
    if value > T::default() {
        Ok(value)
    } else {
        Err(invalid(name, "must be greater than zero"))
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn zero_configuration_uses_sqlite_in_the_data_dir() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://data/lapor.db");
        assert_eq!(c.listen.to_string(), "0.0.0.0:8080");
        assert_eq!(c.environment, Environment::Development);
        assert_eq!(c.jwt_secret, None);
        let moved = config(&[("LAPOR_DATA_DIR", "/var/lib/lapor")]).unwrap();
        assert_eq!(moved.database_url, "sqlite:///var/lib/lapor/lapor.db");
        assert_eq!(
            moved.attachments_dir,
            PathBuf::from("/var/lib/lapor/attachments")
        );
        assert_eq!(c.max_attachment_bytes, 10 * 1024 * 1024);
        assert_eq!(c.time_zone, chrono_tz::Asia::Jakarta);
    }

    #[test]
    fn national_sync_needs_all_its_settings_and_never_logs_its_tokens() {
        assert_eq!(config(&[]).unwrap().national, None, "off by default");
        let all = [
            (
                "LAPOR_NATIONAL_URL",
                "https://api-splp.layanan.go.id/lapor/3.0.0/",
            ),
            ("LAPOR_NATIONAL_TOKEN", "bearer-secret-1"),
            ("LAPOR_NATIONAL_INSTITUTION_TOKEN", "institution-secret-2"),
            ("LAPOR_NATIONAL_INSTITUTION_ID", "3603"),
            ("LAPOR_NATIONAL_ACCOUNT", "nasional@tng.go.id"),
            ("LAPOR_NATIONAL_REGION", "36.03.18"),
        ];
        let c = config(&all).unwrap();
        let national = c.national.clone().unwrap();
        assert_eq!(national.url, "https://api-splp.layanan.go.id/lapor/3.0.0");
        assert_eq!(
            (national.budget_per_minute, national.interval_secs),
            (60, 60)
        );
        let logged = format!("{c:?}");
        assert!(
            !logged.contains("secret-1") && !logged.contains("secret-2"),
            "{logged}"
        );
        for (missing, _) in &all[1..] {
            let without: Vec<_> = all.iter().filter(|(k, _)| k != missing).copied().collect();
            assert!(
                matches!(config(&without), Err(ConfigError::Invalid { name, .. }) if name == *missing),
                "{missing}"
            );
        }
        for (name, bad) in [
            ("LAPOR_NATIONAL_URL", "api-splp.layanan.go.id"),
            ("LAPOR_NATIONAL_INSTITUTION_ID", "kabupaten"),
            ("LAPOR_NATIONAL_REGION", "36.03"),
        ] {
            let mut vars = all.to_vec();
            vars.retain(|(k, _)| *k != name);
            vars.push((name, bad));
            assert!(
                matches!(config(&vars), Err(ConfigError::Invalid { name: n, .. }) if n == name),
                "{name}={bad}"
            );
        }
    }

    #[test]
    fn the_home_region_is_a_region_code() {
        assert_eq!(config(&[]).unwrap().home_region, None);
        for good in ["36", "36.03", "36.03.18", "36.03.18.2009"] {
            let c = config(&[("LAPOR_HOME_REGION", good)]).unwrap();
            assert_eq!(c.home_region.as_deref(), Some(good));
        }
        for bad in [
            "",
            "3",
            "36.3",
            "36.03.",
            "36.03.18.20",
            "36.03.18.2009.1",
            "ab",
        ] {
            assert!(
                matches!(
                    config(&[("LAPOR_HOME_REGION", bad)]),
                    Err(ConfigError::Invalid {
                        name: "LAPOR_HOME_REGION",
                        ..
                    })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_map_settings_are_checked() {
        let c = config(&[]).unwrap();
        assert_eq!(c.map_center, MapCenter::INDONESIA);
        assert_eq!(origin(&c.map_tiles), Some("https://tile.openstreetmap.org"));
        let own = config(&[
            (
                "LAPOR_MAP_TILES",
                "http://tiles.tng.go.id:8081/osm/{z}/{x}/{y}.png",
            ),
            ("LAPOR_MAP_CENTER", "-6.2, 106.5, 11"),
        ])
        .unwrap();
        assert_eq!(origin(&own.map_tiles), Some("http://tiles.tng.go.id:8081"));
        assert_eq!(own.map_center.zoom, 11);
        for (name, bad) in [
            ("LAPOR_MAP_TILES", "ftp://x/{z}/{x}/{y}"),
            ("LAPOR_MAP_TILES", "https://x/tiles.png"),
            ("LAPOR_MAP_TILES", "https://a b/{z}/{x}/{y}"),
            ("LAPOR_MAP_TILES", "https:///{z}/{x}/{y}"),
            ("LAPOR_MAP_CENTER", "-6.2,106.5"),
            ("LAPOR_MAP_CENTER", "-96,106.5,11"),
            ("LAPOR_MAP_CENTER", "-6.2,106.5,30"),
            ("LAPOR_MAP_CENTER", "a,b,c"),
        ] {
            assert!(
                matches!(config(&[(name, bad)]), Err(ConfigError::Invalid { name: n, .. }) if n == name),
                "{name}={bad}"
            );
        }
    }

    #[test]
    fn production_requires_a_long_secret() {
        let short = config(&[("LAPOR_ENV", "production"), ("LAPOR_JWT_SECRET", "short")]);
        assert!(matches!(
            short,
            Err(ConfigError::Invalid {
                name: "LAPOR_JWT_SECRET",
                ..
            })
        ));
        let missing = config(&[("LAPOR_ENV", "production")]);
        assert!(missing.is_err());
        let long = "x".repeat(MIN_SECRET_LEN);
        assert!(config(&[("LAPOR_ENV", "production"), ("LAPOR_JWT_SECRET", &long)]).is_ok());
        let pinned = config(&[
            ("LAPOR_ENV", "production"),
            ("LAPOR_JWT_SECRET", &long),
            ("LAPOR_NOW", "2027-01-04T01:00:00Z"),
        ]);
        assert!(matches!(
            pinned,
            Err(ConfigError::Invalid {
                name: "LAPOR_NOW",
                ..
            })
        ));
    }

    #[test]
    fn bad_values_name_the_variable() {
        let cases = [
            ("LAPOR_LISTEN", "nowhere"),
            ("LAPOR_ENV", "staging"),
            ("DATABASE_URL", "mysql://x"),
            ("LAPOR_DB_POOL_SIZE", "0"),
            ("LAPOR_ACCESS_TOKEN_TTL", "-5"),
            ("LAPOR_TIME_ZONE", "Mars/Olympus"),
            ("LAPOR_NOW", "yesterday"),
            ("LAPOR_SMTP_URL", "mail.example.org"),
            ("LAPOR_JOBS_INTERVAL", "-1"),
        ];
        for (name, value) in cases {
            let err = config(&[(name, value)]).err();
            assert!(
                matches!(err, Some(ConfigError::Invalid { name: n, .. }) if n == name),
                "{name}={value}"
            );
        }
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let c = config(&[
            ("LAPOR_JWT_SECRET", "very-secret-value"),
            ("DATABASE_URL", "postgres://lapor:hunter2@db/lapor"),
            ("LAPOR_SMTP_URL", "smtp://mailer:smtp-pass@mail:587"),
        ])
        .unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("very-secret-value"));
        assert!(!shown.contains("hunter2"));
        assert!(!shown.contains("smtp-pass"));
        assert!(shown.contains("postgres://lapor:***@db/lapor"));
    }
}
