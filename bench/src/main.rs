//! `lapor-bench`: the benchmark of issue "Statistics, search and speed". On an empty database it
//! seeds the demo regency and N reports by bulk SQL, runs the real `lapor serve`, drives
//! concurrent HTTP load at each endpoint, measures the same intake writes sent straight to the
//! database in the same run, and prints one table. See docs/PERFORMANCE.md.

use anyhow::{Context, bail};
use clap::Parser;
use diesel::RunQueryDsl;
use lapor_api::db::{self, DbConn};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "Seed, load and measure lapor")]
struct Args {
    /// An empty database the benchmark may fill (it is left filled).
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Reports to seed.
    #[arg(long, default_value_t = 1000)]
    reports: i64,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Requests per endpoint (each endpoint also stops after `--seconds`).
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// The `lapor` binary to run (use a release build for figures that mean something).
    #[arg(long, default_value = "target/release/lapor")]
    server: PathBuf,
    /// Measure a database an earlier run seeded, without seeding again.
    #[arg(long)]
    reuse: bool,
}

const SECRET: &str = "bench-secret-bench-secret-bench-secret!!";
const PASSWORD: &str = "lapor-demo-2026";

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let data = tempfile::tempdir()?;
    let lapor = |cmd: &str| -> anyhow::Result<()> {
        let out = Command::new(&args.server)
            .arg(cmd)
            .args((cmd == "seed").then_some("--demo"))
            .env("DATABASE_URL", &args.database_url)
            .env("LAPOR_DATA_DIR", data.path())
            .env("RUST_LOG", "warn")
            .output()
            .with_context(|| format!("running {}", args.server.display()))?;
        if !out.status.success() {
            bail!("lapor {cmd}: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(())
    };
    lapor("migrate")?;
    let pool = db::pool(&args.database_url, (args.concurrency as u32).max(2))
        .map_err(|e| anyhow::anyhow!("database: {e}"))?;
    if !args.reuse {
        lapor("seed")?;
        let started = Instant::now();
        seed_reports(&mut *pool.get()?, args.reports)?;
        eprintln!(
            "seeded {} reports in {:.1} s",
            args.reports,
            started.elapsed().as_secs_f64()
        );
    }
    // The statistics rollups, as the job runner builds them. (Not a whole jobs round: the seeded
    // year of deadlines was never swept, and sweeping it is not what is measured here.)
    let started = Instant::now();
    let counted = lapor_api::jobs::rollup::refresh(&mut *pool.get()?, chrono::Utc::now())
        .map_err(|e| anyhow::anyhow!("rollups: {}", e.internal.or(e.detail).unwrap_or_default()))?;
    eprintln!(
        "statistics rollups: {counted} scope-months in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let tracking: Vec<String> = sample_tracking_ids(&mut *pool.get()?)?;

    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut server = Server(
        Command::new(&args.server)
            .arg("serve")
            .env("DATABASE_URL", &args.database_url)
            .env("LAPOR_DATA_DIR", data.path())
            .env("LAPOR_JWT_SECRET", SECRET)
            .env("LAPOR_LISTEN", format!("127.0.0.1:{port}"))
            .env("LAPOR_JOBS_INTERVAL", "0")
            .env("LAPOR_DB_POOL_SIZE", "16")
            // The limits still count every hit (their cost is part of what is measured), with
            // rules no benchmark run reaches: it files and tracks as few clients, very fast.
            .env("LAPOR_LIMIT_FILING", "100000000/1h")
            .env("LAPOR_LIMIT_TRACK", "100000000/1m")
            .env("LAPOR_LIMIT_SIGN_IN_ADDRESS", "100000/1m")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()?,
    );
    let base = format!("http://127.0.0.1:{port}");
    let runtime = tokio::runtime::Runtime::new()?;
    let rows = runtime.block_on(load(&args, &base, &tracking, &mut server))?;

    let raw = raw_intake(&pool, &args)?;
    print_table(&args, &rows, raw, server.peak_rss_kib());
    let errors: usize = rows.iter().map(|r| r.errors).sum();
    if errors > 0 {
        bail!("{errors} requests failed");
    }
    Ok(())
}

/// The server process, killed on drop.
struct Server(Child);

impl Server {
    /// Peak resident memory so far (Linux `VmHWM`), in KiB.
    fn peak_rss_kib(&self) -> Option<u64> {
        self.status_kib("VmHWM:")
    }

    fn rss_kib(&self) -> Option<u64> {
        self.status_kib("VmRSS:")
    }

    /// A memory line of `/proc/<pid>/status`, in KiB.
    fn status_kib(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with(field))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The demo's ids the seed needs: the regency, its units, categories, a citizen, a coordinator.
fn ids(conn: &mut DbConn, sql: &str) -> anyhow::Result<Vec<i64>> {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let rows: Vec<Id> = diesel::sql_query(sql).load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// N reports over the past year in every status (10 % submitted, 10 % dispatched, 10 % in
/// progress, 10 % resolved, 50 % closed with a rating, 10 % archived; one in seven overdue),
/// their dispositions and feedback — by bulk SQL, 100,000 at a time.
fn seed_reports(conn: &mut DbConn, n: i64) -> anyhow::Result<()> {
    let one = |conn: &mut DbConn, sql: &str| -> anyhow::Result<i64> {
        ids(conn, sql)?
            .first()
            .copied()
            .context("the demo seed is missing")
    };
    let root = one(
        conn,
        "SELECT id FROM institutions WHERE code = 'PEMKAB-TNG'",
    )?;
    let citizen = one(
        conn,
        "SELECT id FROM users WHERE email = 'warga@demo.lapor.test'",
    )?;
    let coordinator = one(
        conn,
        "SELECT id FROM users WHERE email = 'koordinator@demo.lapor.test'",
    )?;
    let pg = matches!(conn, DbConn::Pg(_));
    let mut from = 1;
    while from <= n {
        let to = (from + 99_999).min(n);
        let sql = if pg {
            pg_reports(from, to, root, citizen)
        } else {
            sqlite_reports(from, to, root, citizen)
        };
        diesel::sql_query(sql).execute(conn)?;
        eprintln!("  {to} reports");
        from = to + 1;
    }
    let (dispositions, feedback) = if pg {
        (
            format!(
                "INSERT INTO dispositions (report_id, institution_id, instruction, status, created_by, created_at, updated_at, response_due_at, responded_at)
                 SELECT r.id, u.ids[1 + r.id % array_length(u.ids, 1)], 'Mohon ditindaklanjuti',
                   CASE r.status WHEN 'dispatched' THEN 'pending' WHEN 'in_progress' THEN 'accepted' ELSE 'completed' END,
                   {coordinator}, r.dispatched_at, r.dispatched_at, r.dispatched_at + INTERVAL '7 days', r.first_response_at
                 FROM reports r, (SELECT array_agg(id ORDER BY id) AS ids FROM institutions WHERE kind = 'unit') u
                 WHERE r.dispatched_at IS NOT NULL"
            ),
            "INSERT INTO report_feedback (report_id, verdict, rating, comment, created_at)
             SELECT id, 'accept', 1 + id % 5, '', closed_at FROM reports WHERE status = 'closed'",
        )
    } else {
        (
            format!(
                "WITH units AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM institutions WHERE kind = 'unit')
                 INSERT INTO dispositions (report_id, institution_id, instruction, status, created_by, created_at, updated_at, response_due_at, responded_at)
                 SELECT r.id, units.id, 'Mohon ditindaklanjuti',
                   CASE r.status WHEN 'dispatched' THEN 'pending' WHEN 'in_progress' THEN 'accepted' ELSE 'completed' END,
                   {coordinator}, r.dispatched_at, r.dispatched_at, datetime(r.dispatched_at, '+7 days'), r.first_response_at
                 FROM reports r JOIN units ON units.i = r.id % (SELECT count(*) FROM units)
                 WHERE r.dispatched_at IS NOT NULL"
            ),
            "INSERT INTO report_feedback (report_id, verdict, rating, comment, created_at)
             SELECT id, 'accept', 1 + id % 5, '', closed_at FROM reports WHERE status = 'closed'",
        )
    };
    diesel::sql_query(dispositions).execute(conn)?;
    diesel::sql_query(feedback).execute(conn)?;
    diesel::sql_query("ANALYZE").execute(conn)?;
    Ok(())
}

/// Titles are "<subject> <problem> di <place>": 25 × 20 × 40 = 20,000 of them, so a two-word
/// search matches a fraction of a percent of the reports, as in real data, not a tenth.
const SUBJECTS: [&str; 25] = [
    "Jalan",
    "Lampu jalan",
    "Saluran air",
    "Jembatan",
    "Trotoar",
    "Pasar",
    "Puskesmas",
    "Sekolah",
    "Terminal",
    "Taman kota",
    "Pipa PDAM",
    "Tiang listrik",
    "Gorong-gorong",
    "Halte bus",
    "Kantor kelurahan",
    "Rumah sakit",
    "Tempat sampah",
    "Pohon tumbang",
    "Parkir liar",
    "Angkot",
    "Pedagang kaki lima",
    "Rambu lalu lintas",
    "Drainase",
    "Lapangan",
    "Posyandu",
];
const PROBLEMS: [&str; 20] = [
    "rusak",
    "mati",
    "tersumbat",
    "berlubang",
    "retak",
    "bocor",
    "kotor",
    "macet",
    "banjir",
    "tidak terawat",
    "ambruk",
    "bau",
    "gelap",
    "licin",
    "berbahaya",
    "terbengkalai",
    "penuh",
    "lambat",
    "ditutup",
    "hilang",
];
const PLACES: [&str; 40] = [
    "Cikupa",
    "Balaraja",
    "Tigaraksa",
    "Curug",
    "Kelapa Dua",
    "Pasar Kemis",
    "Cisoka",
    "Jayanti",
    "Kresek",
    "Kronjo",
    "Mauk",
    "Rajeg",
    "Sepatan",
    "Teluknaga",
    "Kosambi",
    "Pakuhaji",
    "Sindang Jaya",
    "Sukadiri",
    "Legok",
    "Pagedangan",
    "Panongan",
    "Cisauk",
    "Jambe",
    "Solear",
    "Gunung Kaler",
    "Mekar Baru",
    "Sukamulya",
    "Kemiri",
    "Mekarsari",
    "Bitung",
    "Citra Raya",
    "Binong",
    "Bojong",
    "Suka Asih",
    "Talaga",
    "Dukuh",
    "Pete",
    "Ranca Buaya",
    "Sentul",
    "Cileles",
];

/// The word tables as SQL both backends understand (`WITH` items), and the joins that pick a
/// report's words by its number `n`.
fn words_sql() -> (String, &'static str) {
    let table = |name: &str, words: &[&str]| {
        let rows: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| format!("({i}, '{w}')"))
            .collect();
        format!("{name}(i, w) AS (VALUES {})", rows.join(", "))
    };
    (
        [
            table("subj", &SUBJECTS),
            table("prob", &PROBLEMS),
            table("place", &PLACES),
        ]
        .join(", "),
        "JOIN subj ON subj.i = n % 25 JOIN prob ON prob.i = (n / 25) % 20 JOIN place ON place.i = (n / 500) % 40",
    )
}

const TITLE_SQL: &str = "subj.w || ' ' || prob.w || ' di ' || place.w || ' nomor ' || n";
const BODY_SQL: &str = "'Laporan warga: ' || subj.w || ' ' || prob.w || ' di ' || place.w || ', mohon segera ditindaklanjuti. Nomor ' || n";

/// A valid, unique tracking id for report `n` (`LPR-XXXXX-XXXXX`: `n` in base 30 over the
/// tracking alphabet), as SQL both backends understand.
fn tracking_sql() -> String {
    const ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    let digit = |k: u32| {
        format!(
            "substr('{ALPHABET}', CAST(1 + ((n / {}) % 30) AS INTEGER), 1)",
            30i64.pow(k)
        )
    };
    let half = |ks: [u32; 5]| ks.map(digit).join(" || ");
    format!(
        "'LPR-' || {} || '-' || {}",
        half([9, 8, 7, 6, 5]),
        half([4, 3, 2, 1, 0])
    )
}

fn pg_reports(from: i64, to: i64, root: i64, citizen: i64) -> String {
    let (words, joins) = words_sql();
    let tracking = tracking_sql();
    // Each status gets its stage times; `c` is the filing time.
    format!(
        "WITH {words}
         INSERT INTO reports (tracking_id, kind, title, body, incident_date, region_code, address, category_id, institution_id,
           reporter_id, anonymous, confidential, channel, status, version, verified_at, created_at, updated_at, verify_due_at,
           dispatched_at, resolve_due_at, first_response_at, resolved_at, feedback_due_at, closed_at, overdue_at)
         SELECT {tracking},
           (ARRAY['complaint','complaint','complaint','aspiration','information_request'])[1 + n % 5],
           {TITLE_SQL}, {BODY_SQL},
           DATE '2025-11-01' + (n % 360)::int, d.codes[1 + n % array_length(d.codes, 1)], 'Alamat ' || n,
           k.ids[1 + n % array_length(k.ids, 1)], {root}, {citizen}, n % 4 = 0, n % 20 = 0, 'web', s.status, 1,
           CASE WHEN s.status <> 'submitted' THEN c + INTERVAL '1 day' END, c, c, c + INTERVAL '5 days',
           CASE WHEN s.status NOT IN ('submitted', 'archived') THEN c + INTERVAL '1 day' END,
           CASE WHEN s.status NOT IN ('submitted', 'archived') THEN c + INTERVAL '21 days' END,
           CASE WHEN s.status IN ('in_progress', 'resolved', 'closed') THEN c + INTERVAL '3 days' END,
           CASE WHEN s.status IN ('resolved', 'closed') THEN c + INTERVAL '10 days' END,
           CASE WHEN s.status = 'resolved' THEN c + INTERVAL '24 days' END,
           CASE WHEN s.status = 'closed' THEN c + INTERVAL '15 days' END,
           CASE WHEN n % 7 = 0 THEN c + INTERVAL '6 days' END
         FROM generate_series({from}::bigint, {to}::bigint) AS n
         CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE code LIKE '36.03.__') d
         CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM categories) k
         CROSS JOIN LATERAL (SELECT TIMESTAMP '2025-11-01' + make_interval(days => (n % 360)::int, secs => (n % 86400)::int) AS c) t
         CROSS JOIN LATERAL (SELECT (ARRAY['submitted','dispatched','in_progress','resolved','closed','closed','closed','closed','closed','archived'])[1 + n % 10] AS status) s
         {joins}"
    )
}

fn sqlite_reports(from: i64, to: i64, root: i64, citizen: i64) -> String {
    let tracking = tracking_sql();
    let (words, joins) = words_sql();
    let at = |days: u32| format!("datetime(c, '+{days} days')");
    format!(
        "WITH RECURSIVE seq(n) AS (SELECT {from} UNION ALL SELECT n + 1 FROM seq WHERE n < {to}), {words},
         regs AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i FROM regions WHERE code LIKE '36.03.__'),
         cats AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM categories),
         gen AS (
           SELECT n, datetime('2025-11-01', '+' || (n % 360) || ' days', '+' || (n % 86400) || ' seconds') AS c,
             CASE n % 10 WHEN 0 THEN 'submitted' WHEN 1 THEN 'dispatched' WHEN 2 THEN 'in_progress' WHEN 3 THEN 'resolved'
               WHEN 9 THEN 'archived' ELSE 'closed' END AS status
           FROM seq)
         INSERT INTO reports (tracking_id, kind, title, body, incident_date, region_code, address, category_id, institution_id,
           reporter_id, anonymous, confidential, channel, status, version, verified_at, created_at, updated_at, verify_due_at,
           dispatched_at, resolve_due_at, first_response_at, resolved_at, feedback_due_at, closed_at, overdue_at)
         SELECT {tracking},
           CASE n % 5 WHEN 3 THEN 'aspiration' WHEN 4 THEN 'information_request' ELSE 'complaint' END,
           {TITLE_SQL}, {BODY_SQL},
           date('2025-11-01', '+' || (n % 360) || ' days'),
           regs.code, 'Alamat ' || n, cats.id,
           {root}, {citizen}, n % 4 = 0, n % 20 = 0, 'web', status, 1,
           CASE WHEN status <> 'submitted' THEN {d1} END, c, c, {d5},
           CASE WHEN status NOT IN ('submitted', 'archived') THEN {d1} END,
           CASE WHEN status NOT IN ('submitted', 'archived') THEN {d21} END,
           CASE WHEN status IN ('in_progress', 'resolved', 'closed') THEN {d3} END,
           CASE WHEN status IN ('resolved', 'closed') THEN {d10} END,
           CASE WHEN status = 'resolved' THEN {d24} END,
           CASE WHEN status = 'closed' THEN {d15} END,
           CASE WHEN n % 7 = 0 THEN {d6} END
         FROM gen
         JOIN regs ON regs.i = gen.n % (SELECT count(*) FROM regs)
         JOIN cats ON cats.i = gen.n % (SELECT count(*) FROM cats)
         {joins}",
        d1 = at(1),
        d3 = at(3),
        d5 = at(5),
        d6 = at(6),
        d10 = at(10),
        d15 = at(15),
        d21 = at(21),
        d24 = at(24),
    )
}

fn sample_tracking_ids(conn: &mut DbConn) -> anyhow::Result<Vec<String>> {
    #[derive(diesel::QueryableByName)]
    struct Tracking {
        #[diesel(sql_type = diesel::sql_types::Text)]
        tracking_id: String,
    }
    let rows: Vec<Tracking> = diesel::sql_query(
        "SELECT tracking_id FROM reports WHERE confidential = FALSE AND tracking_id NOT LIKE 'LPR-RAW%'
         ORDER BY id DESC LIMIT 1000",
    )
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.tracking_id).collect())
}

/// One endpoint's figures under load, and its latency alone (one request at a time).
struct Row {
    name: &'static str,
    done: usize,
    errors: usize,
    per_second: f64,
    p50: f64,
    p95: f64,
    p99: f64,
    alone_p50: f64,
    alone_p95: f64,
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

async fn load(
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
fn raw_intake(pool: &db::DbPool, args: &Args) -> anyhow::Result<f64> {
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

fn print_table(args: &Args, rows: &[Row], raw_per_second: f64, peak_rss_kib: Option<u64>) {
    let backend = if args.database_url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!(
        "\n{backend}, {} reports, {} in flight, up to {} requests or {} s per endpoint; then alone \
         (one at a time), up to a quarter of the requests or half the time\n",
        args.reports, args.concurrency, args.requests, args.seconds
    );
    println!(
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors | alone p50 ms | alone p95 ms |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        println!(
            "| {} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {:.1} | {:.1} |",
            r.name, r.done, r.per_second, r.p50, r.p95, r.p99, r.errors, r.alone_p50, r.alone_p95
        );
    }
    let intake = rows
        .iter()
        .find(|r| matches!(r.name, "intake (POST /reports)"))
        .map_or(0.0, |r| r.per_second);
    println!(
        "\nintake {intake:.0}/s vs the same writes straight to the database {raw_per_second:.0}/s: ratio {:.2}",
        intake / raw_per_second
    );
    if let Some(kib) = peak_rss_kib {
        println!("server peak RSS: {:.1} MiB", kib as f64 / 1024.0);
    }
}
