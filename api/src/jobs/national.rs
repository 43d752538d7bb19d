//! National sync rounds (docs/NATIONAL.md): fetch the masters once a day, import the complaints
//! the national platform disposed to the regency, and check the linked complaints that are due
//! for follow-ups and status changes made there — within a request budget a minute. `serve` runs
//! a round every `LAPOR_NATIONAL_INTERVAL` seconds, `lapor sync` one.
//!
//! A round stops at the first call the national side does not answer (an outage): nothing is
//! lost, the next round starts again where the database says it stands.

use crate::auth::Viewer;
use crate::config::National;
use crate::domain::national::{self as map, INSTITUTION_HEADER, Unexpected};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::national as links;
use crate::workflow::national::{self as flow, Imported, MASTERS_FOR};
use lapor_types::problem::ErrorCode;
use serde::Serialize;
use serde_json::Value;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long the national side may take to answer.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Linked complaints checked in one round at most (the budget usually ends it sooner).
const CHECKS_PER_ROUND: i64 = 500;

/// What one round did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Synced {
    /// Complaints imported as new reports.
    pub imported: usize,
    /// Linked complaints checked.
    pub checked: usize,
    /// Events taken into timelines (national follow-ups and status changes).
    pub news: usize,
    /// Whether the masters were fetched again.
    pub masters: bool,
    /// Calls that failed (the round stops at the first the national side did not answer).
    pub failed: usize,
    /// Whether the round stopped because this minute's budget was spent.
    pub budget_spent: bool,
}

/// Why a call failed.
#[derive(Debug)]
enum CallError {
    /// The minute's budget is spent: the rest waits for the next round.
    Budget,
    /// No usable answer (unreachable, timed out, 5xx, or a refusal): the round stops.
    Failed(String),
    /// An answer lapor cannot read: this item is skipped and the error recorded.
    Unexpected(Unexpected),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Budget => write!(f, "the request budget of this minute is spent"),
            CallError::Failed(why) => write!(f, "{why}"),
            CallError::Unexpected(e) => write!(f, "{e}"),
        }
    }
}

impl From<Unexpected> for CallError {
    fn from(e: Unexpected) -> CallError {
        CallError::Unexpected(e)
    }
}

/// Requests a minute: a window that starts again each minute.
struct Budget {
    per_minute: u32,
    window: Mutex<(Instant, u32)>,
}

impl Budget {
    fn take(&self) -> bool {
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if window.0.elapsed() >= Duration::from_secs(60) {
            *window = (Instant::now(), 0);
        }
        if window.1 >= self.per_minute {
            return false;
        }
        window.1 += 1;
        true
    }
}

/// The national API's client: its base URL, both credentials on every call, and the budget.
pub struct Connector {
    client: reqwest::Client,
    settings: National,
    budget: Budget,
}

impl Connector {
    pub fn new(settings: &National) -> reqwest::Result<Connector> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .user_agent(concat!("lapor-national/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Connector {
            client,
            settings: settings.clone(),
            budget: Budget {
                per_minute: settings.budget_per_minute,
                window: Mutex::new((Instant::now(), 0)),
            },
        })
    }

    async fn get(&self, path: &str) -> Result<Value, CallError> {
        if !self.budget.take() {
            return Err(CallError::Budget);
        }
        let url = format!("{}{path}", self.settings.url);
        let answer = self
            .client
            .get(&url)
            .bearer_auth(&self.settings.token)
            .header(INSTITUTION_HEADER, &self.settings.institution_token)
            .send()
            .await
            // Without the URL: it may carry what the operator put in LAPOR_NATIONAL_URL.
            .map_err(|e| CallError::Failed(format!("GET {path}: {}", e.without_url())))?;
        let status = answer.status();
        if !status.is_success() {
            return Err(CallError::Failed(format!("GET {path}: HTTP {status}")));
        }
        answer
            .json()
            .await
            .map_err(|e| CallError::Unexpected(Unexpected(format!("GET {path}: {e}"))))
    }

    /// Every page of a paged listing, from the first, until one says no more follows.
    async fn all_pages<T>(
        &self,
        path: impl Fn(u32) -> String,
        read: impl Fn(&Value) -> Result<map::Page<T>, Unexpected>,
    ) -> Result<Vec<T>, CallError> {
        let mut items = Vec::new();
        for page in 1.. {
            let got = read(&self.get(&path(page)).await?)?;
            items.extend(got.items);
            if !got.more {
                break;
            }
        }
        Ok(items)
    }
}

/// One round. Errors only when the database is away; the national side's failures are
/// counted and recorded for the admins (`national_sync_state`): one it did not answer ends the
/// round, a complaint lapor cannot take is skipped (and tried again next round).
pub async fn round(state: &AppState, connector: &Connector) -> Result<Synced, ApiError> {
    let mut synced = Synced::default();
    let mut skipped = None;
    let outcome = steps(state, connector, &mut synced, &mut skipped).await;
    let now = state.clock.now().naive_utc();
    let error = match outcome {
        Ok(()) => {
            state
                .db(move |conn| Ok(links::succeeded(conn, now)?))
                .await?;
            skipped
        }
        Err(CallError::Budget) => {
            synced.budget_spent = true;
            skipped
        }
        Err(e) => {
            synced.failed += 1;
            Some(e.to_string())
        }
    };
    if let Some(error) = error {
        log::warn!("national sync: {error}");
        state
            .db(move |conn| Ok(links::failed(conn, now, &error)?))
            .await?;
    }
    Ok(synced)
}

/// An item's failure: one lapor cannot take is noted in `skipped` and counted; any other ends
/// the round.
fn skip<T>(
    result: Result<T, CallError>,
    synced: &mut Synced,
    skipped: &mut Option<String>,
) -> Result<Option<T>, CallError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(CallError::Unexpected(e)) => {
            synced.failed += 1;
            *skipped = Some(e.to_string());
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

async fn steps(
    state: &AppState,
    connector: &Connector,
    synced: &mut Synced,
    skipped: &mut Option<String>,
) -> Result<(), CallError> {
    let settings = &connector.settings;
    let db_failed = |e: ApiError| CallError::Failed(format!("database: {e}"));
    // Before any call: without its account a round could import nothing.
    let account = settings.account.clone();
    let viewer = state
        .db(move |conn| flow::account(conn, &account))
        .await
        .map_err(|e| CallError::Failed(e.to_string()))?;
    let fetched = state
        .db(|conn| Ok(links::state(conn)?.masters_at))
        .await
        .map_err(db_failed)?;
    if fetched.is_none_or(|at| at + MASTERS_FOR <= state.clock.now().naive_utc()) {
        let institutions = map::institutions(&connector.get(map::INSTITUTIONS_PATH).await?)?;
        let templates = map::templates(&connector.get(map::TEMPLATES_PATH).await?)?;
        let now = state.clock.now().naive_utc();
        state
            .db(move |conn| flow::keep_masters(conn, &institutions, &templates, now))
            .await
            .map_err(db_failed)?;
        synced.masters = true;
    }

    // Down: what the national side disposed to the regency and lapor has not imported yet.
    let listed = connector
        .all_pages(|p| map::page_path(map::INBOX_PATH, p), map::listed)
        .await?;
    let ids: Vec<i64> = listed.iter().map(|l| l.id).collect();
    let known = state
        .db(move |conn| Ok(links::linked(conn, &ids)?))
        .await
        .map_err(db_failed)?;
    for id in listed
        .into_iter()
        .map(|l| l.id)
        .filter(|id| !known.contains(id))
    {
        let imported = import(state, connector, &viewer, id).await;
        if let Some(Imported::New(report)) = skip(imported, synced, skipped)? {
            log::info!("national sync: complaint {id} imported as report {report}");
            synced.imported += 1;
        }
    }

    // Both ways: the linked complaints due for a check.
    let now = state.clock.now().naive_utc();
    let due = state
        .db(move |conn| Ok(links::due(conn, now, CHECKS_PER_ROUND)?))
        .await
        .map_err(db_failed)?;
    for link in due {
        let checked = check(state, connector, link).await;
        if let Some(news) = skip(checked, synced, skipped)? {
            synced.news += news;
            synced.checked += 1;
        }
    }
    Ok(())
}

/// Fetches complaint `id` and files it as a report (unless it is linked meanwhile).
async fn import(
    state: &AppState,
    connector: &Connector,
    viewer: &Viewer,
    id: i64,
) -> Result<Imported, CallError> {
    let complaint = map::complaint(&connector.get(&map::complaint_path(id)).await?)?;
    let (site, viewer, region) = (
        state.site(),
        viewer.clone(),
        connector.settings.region.clone(),
    );
    state
        .db(move |conn| flow::import(conn, site, &viewer, &complaint, &region))
        .await
        .map_err(|e| refused(e, &format!("complaint {id} cannot be imported")))
}

/// Fetches a linked complaint and its follow-ups, and takes what is new into the timeline.
async fn check(
    state: &AppState,
    connector: &Connector,
    link: links::LinkRow,
) -> Result<usize, CallError> {
    let Some(id) = link.complaint_id else {
        return Ok(0);
    };
    let complaint = map::complaint(&connector.get(&map::complaint_path(id)).await?)?;
    let followups = connector
        .all_pages(|p| map::followups_path(id, p), map::followups)
        .await?;
    let (site, own) = (state.site(), connector.settings.institution_id);
    state
        .db(move |conn| flow::take_news(conn, site, &link, complaint.status, &followups, own))
        .await
        .map_err(|e| refused(e, &format!("complaint {id} cannot be checked")))
}

/// The database away ends the round; any other refusal skips the item (named with its fields'
/// refusals, for the admins).
fn refused(e: ApiError, what: &str) -> CallError {
    if e.code == ErrorCode::DatabaseUnavailable {
        return CallError::Failed(format!("database: {e}"));
    }
    let fields: Vec<String> = e
        .errors
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect();
    CallError::Unexpected(Unexpected(format!("{what}: {e} {}", fields.join("; "))))
}

/// Runs a round every `LAPOR_NATIONAL_INTERVAL` seconds on the server's runtime.
pub fn spawn(state: actix_web::web::Data<AppState>, connector: Connector, every: u64) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(Duration::from_secs(every));
        loop {
            tick.tick().await;
            match round(&state, &connector).await {
                Ok(synced) if synced != Synced::default() => {
                    log::info!("national sync: {synced:?}")
                }
                Ok(_) => {}
                Err(e) => log::warn!("national sync: round failed, retrying next tick: {e}"),
            }
        }
    });
}
