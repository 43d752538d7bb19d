//! Driving load: concurrent HTTP requests at each endpoint, then the same intake writes straight
//! to the database, for the ratio.

use crate::{Args, PASSWORD, Server};
use anyhow::{Context, bail};
use diesel::RunQueryDsl;
use lapor_api::db::{self, DbConn};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// One endpoint's figures under load, and its latency alone (one request at a time).
pub struct Row {
    pub name: &'static str,
    pub done: usize,
    pub errors: usize,
    pub per_second: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub alone_p50: f64,
    pub alone_p95: f64,
}

/// How hard one pass drives an endpoint.
#[derive(Clone, Copy)]
struct Pace {
    concurrency: usize,
    requests: usize,
    seconds: u64,
}

async fn login(client: &reqwest::Client, base: &str, email: &str) -> anyhow::Result<String> {
    let body: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": PASSWORD}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .context("no access token")
}

/// What one request of a scenario is.
#[derive(Clone)]
enum Call {
    Get(String),
    Track,
    File,
}

pub async fn load(
    args: &Args,
    base: &str,
    tracking: &[String],
    server: &mut Server,
) -> anyhow::Result<Vec<Row>> {
    let client = reqwest::Client::new();
    for _ in 0..400 {
        if client.get(format!("{base}/readyz")).send().await.is_ok() {
            break;
        }
        if let Some(status) = server.0.try_wait()? {
            bail!("the server exited: {status}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let coordinator = login(&client, base, "koordinator@demo.lapor.test").await?;
    let citizen = login(&client, base, "warga@demo.lapor.test").await?;
    let scenarios: [(&'static str, Call, &String); 8] = [
        (
            "stats summary",
            Call::Get("/api/v1/stats/summary".into()),
            &coordinator,
        ),
        (
            "stats league table",
            Call::Get("/api/v1/stats/institutions".into()),
            &coordinator,
        ),
        (
            "list: newest",
            Call::Get("/api/v1/reports?limit=50".into()),
            &coordinator,
        ),
        (
            "list: status + region",
            Call::Get("/api/v1/reports?status=submitted&region=36.03.18&limit=50".into()),
            &coordinator,
        ),
        (
            "full-text search",
            Call::Get("/api/v1/reports?q=lampu%20mati&limit=50".into()),
            &coordinator,
        ),
        ("tracking lookup", Call::Track, &citizen),
        ("intake (POST /reports)", Call::File, &citizen),
        (
            "list: mine",
            Call::Get("/api/v1/reports?mine=true&limit=20".into()),
            &citizen,
        ),
    ];
    let mut rows = Vec::new();
    for (name, call, token) in scenarios {
        let before = server.rss_kib();
        let loaded = Pace {
            concurrency: args.concurrency,
            requests: args.requests,
            seconds: args.seconds,
        };
        let alone = Pace {
            concurrency: 1,
            requests: args.requests.div_ceil(4),
            seconds: args.seconds.div_ceil(2),
        };
        let mut row = run(loaded, &client, base, name, call.clone(), token, tracking).await;
        let single = run(alone, &client, base, name, call, token, tracking).await;
        row.errors += single.errors;
        (row.alone_p50, row.alone_p95) = (single.p50, single.p95);
        eprintln!(
            "{name}: {} requests, {} errors, RSS {} → {} KiB",
            row.done,
            row.errors,
            before.unwrap_or(0),
            server.rss_kib().unwrap_or(0)
        );
        rows.push(row);
    }
    Ok(rows)
}

async fn run(
    pace: Pace,
    client: &reqwest::Client,
    base: &str,
    name: &'static str,
    call: Call,
    token: &str,
    tracking: &[String],
) -> Row {
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(pace.seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..pace.concurrency {
        let (client, base, call, token, next) = (
            client.clone(),
            base.to_owned(),
            call.clone(),
            token.to_owned(),
            next.clone(),
        );
        let tracking = tracking.to_vec();
        let total = pace.requests;
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut errors = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total || Instant::now() > deadline {
                    return (times, errors);
                }
                let request = match &call {
                    Call::Get(path) => client.get(format!("{base}{path}")),
                    Call::Track => {
                        let id = &tracking[i % tracking.len().max(1)];
                        client.get(format!("{base}/api/v1/track/{id}"))
                    }
                    Call::File => client.post(format!("{base}/api/v1/reports")).json(&serde_json::json!({
                        "kind": "complaint",
                        "title": format!("Jalan rusak di depan sekolah {i}"),
                        "body": "Jalan di depan sekolah berlubang besar, membahayakan anak-anak.",
                        "incident_date": "2026-11-01",
                        "region_code": "36.03.18",
                        "address": "Jl. Raya Cikupa",
                    })),
                };
                let at = Instant::now();
                let ok = request
                    .bearer_auth(&token)
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false);
                times.push(at.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    errors += 1;
                }
            }
        }));
    }
    let mut times = Vec::new();
    let mut errors = 0;
    for task in tasks {
        if let Ok((t, e)) = task.await {
            times.extend(t);
            errors += e;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        let n = times.len();
        if n == 0 {
            return f64::NAN;
        }
        times[((p * n as f64).ceil() as usize).clamp(1, n) - 1]
    };
    Row {
        name,
        done: times.len(),
        errors,
        per_second: times.len() as f64 / elapsed,
        p50: pct(0.5),
        p95: pct(0.95),
        p99: pct(0.99),
        alone_p50: f64::NAN,
        alone_p95: f64::NAN,
    }
}

/// The intake's writes sent straight to the database — a report row and its event row in one
/// transaction — from as many connections as the load had requests in flight: the ceiling the
/// endpoint is compared with.
pub fn raw_intake(pool: &db::DbPool, args: &Args) -> anyhow::Result<f64> {
    let total = args.requests;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let done = std::thread::scope(|s| -> anyhow::Result<usize> {
        let workers: Vec<_> = (0..args.concurrency)
            .map(|_| {
                let next = next.clone();
                s.spawn(move || -> anyhow::Result<usize> {
                    let mut conn = pool.get()?;
                    let mut done = 0;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= total || Instant::now() > deadline {
                            return Ok(done);
                        }
                        db::write_transaction(&mut conn, |c| raw_insert(c, i))?;
                        done += 1;
                    }
                })
            })
            .collect();
        let mut done = 0;
        for w in workers {
            done += w
                .join()
                .map_err(|_| anyhow::anyhow!("a raw writer panicked"))??;
        }
        Ok(done)
    })?;
    Ok(done as f64 / started.elapsed().as_secs_f64())
}

fn raw_insert(conn: &mut DbConn, i: usize) -> Result<(), diesel::result::Error> {
    let now = "CURRENT_TIMESTAMP";
    // Unique per run, so a database can be measured again (`--reuse`).
    let run = std::process::id();
    diesel::sql_query(format!(
        "INSERT INTO reports (tracking_id, kind, title, body, incident_date, region_code, address, institution_id,
           reporter_id, anonymous, confidential, channel, status, version, created_at, updated_at, verify_due_at)
         SELECT 'LPR-RAW{run}-{i:010}', 'complaint', 'Jalan rusak di depan sekolah {i}',
           'Jalan di depan sekolah berlubang besar, membahayakan anak-anak.', '2026-11-01', '36.03.18', 'Jl. Raya Cikupa',
           (SELECT id FROM institutions WHERE code = 'PEMKAB-TNG'), (SELECT id FROM users WHERE email = 'warga@demo.lapor.test'),
           FALSE, FALSE, 'web', 'submitted', 1, {now}, {now}, {now}"
    ))
    .execute(conn)?;
    diesel::sql_query(format!(
        "INSERT INTO report_events (report_id, actor_id, action, details, created_at)
         SELECT id, reporter_id, 'submitted', '{{}}', {now} FROM reports WHERE tracking_id = 'LPR-RAW{run}-{i:010}'"
    ))
    .execute(conn)?;
    Ok(())
}
