//! Denial of service: what one hostile client can cost the server (docs/SECURITY.md, Limits).

use futures_util::future::join_all;
use lapor_api::limits::{Limit, Limits, StoreKind};
use lapor_tests::{Backend, PASSWORD, Resp, SECRET, Server, TestApp, TestDb, pdf};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// 200 failed sign-ins at once, with unknown emails (each still verifies a dummy hash): the real
/// server hashes one per core at a time, the rest wait briefly or get 503 `busy` with
/// `Retry-After`, and its memory stays flat (it reached 3.6 GB before hashing was bounded).
#[actix_web::test]
async fn a_burst_of_failed_sign_ins_keeps_memory_flat() {
    let db = TestDb::new(Backend::Sqlite);
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("LAPOR_JWT_SECRET", SECRET),
        // One address: the sign-in limits would answer most of the burst before any hashing.
        ("LAPOR_LIMIT_SIGN_IN_ADDRESS", "1000/1m"),
    ];
    let server = Server::start(db.dir.path(), &env).await;
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/auth/login", server.base);
    let attempts = (0..200).map(|i| {
        client
            .post(&url)
            .json(
                &json!({"email": format!("nobody{i}@example.id"), "password": "not the password"}),
            )
            .send()
    });
    for answer in join_all(attempts).await {
        let answer = answer.unwrap();
        match answer.status() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(answer.headers().contains_key("retry-after"));
                let problem: serde_json::Value = answer.json().await.unwrap();
                assert_eq!(problem["code"], "busy");
            }
            other => panic!("a failed sign-in answered {other}"),
        }
    }
    let peak = server.peak_memory();
    assert!(peak < 300 << 20, "peak memory {} MB", peak >> 20);
}

/// A server behind one proxy of ours (`LAPOR_PROXY_HOPS=1`), with short windows to wait out.
async fn throttled(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let mut settings = vec![("LAPOR_PROXY_HOPS", "1".to_owned())];
    settings.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    TestApp::start_with(backend, &settings).await
}

/// POSTs JSON as the client at `addr`, as our proxy forwards it; `spoofed` is what the client
/// itself put in `X-Forwarded-For`.
async fn post_from(app: &TestApp, addr: &str, spoofed: &str, path: &str, body: Value) -> Resp {
    let forwarded = if spoofed.is_empty() {
        addr.to_owned()
    } else {
        format!("{spoofed}, {addr}")
    };
    let req = app
        .client
        .post(format!("{}{path}", app.base))
        .header("X-Forwarded-For", forwarded)
        .json(&body);
    Resp::read(req.send().await.unwrap()).await
}

/// A 429 `rate_limited` problem; answers its `Retry-After` seconds.
fn limited(r: &Resp) -> u64 {
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(r.code(), "rate_limited");
    let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait >= 1, "Retry-After {wait}");
    wait
}

async fn wait_out(seconds: u64) {
    actix_web::rt::time::sleep(std::time::Duration::from_secs(seconds)).await;
}

fn sign_in(email: &str, password: &str) -> Value {
    json!({"email": email, "password": password})
}

const LOGIN: &str = "/api/v1/auth/login";
const ATTACKER: &str = "203.0.113.66";
const OWNER: &str = "198.51.100.7";

/// Guessing one account's password from one address slows down (a delay that grows by tier),
/// while its owner, elsewhere, signs in as usual; after the delay a right password gets in and
/// clears the count. The client cannot dodge by sending its own `X-Forwarded-For`.
async fn guessing_a_password_slows_the_guesser_not_the_owner(backend: Backend) {
    let app = throttled(backend, &[("LAPOR_LIMIT_SIGN_IN", "3/2s,6/1h")]).await;
    app.create_user("siti@example.id", Role::Reporter, None);
    for n in 0..3 {
        let spoof = format!("10.9.9.{n}");
        let r = post_from(
            &app,
            ATTACKER,
            &spoof,
            LOGIN,
            sign_in("siti@example.id", "tebakan1"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
    // Over the first tier: refused before any password check, even the right one.
    let right = sign_in("SITI@example.id", PASSWORD);
    let wait = limited(&post_from(&app, ATTACKER, "10.9.9.9", LOGIN, right.clone()).await);
    assert!(wait <= 2, "the first tier's window is 2 s, not {wait}");
    let owner = post_from(&app, OWNER, "", LOGIN, right.clone()).await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);

    wait_out(wait).await;
    let back = post_from(&app, ATTACKER, "", LOGIN, right.clone()).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    // That success cleared the count: three more failures are 401s, not 429s, and then the
    // delay starts again.
    for _ in 0..3 {
        let r = post_from(
            &app,
            ATTACKER,
            "",
            LOGIN,
            sign_in("siti@example.id", "x1234567"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
    limited(&post_from(&app, ATTACKER, "", LOGIN, right).await);
}

/// One address trying many accounts (a password spray) is limited across accounts; other
/// addresses are not.
#[actix_web::test]
async fn a_password_spray_from_one_address_is_limited() {
    let app = throttled(Backend::Sqlite, &[("LAPOR_LIMIT_SIGN_IN_ADDRESS", "4/1h")]).await;
    for n in 0..4 {
        let r = post_from(
            &app,
            ATTACKER,
            "",
            LOGIN,
            sign_in(&format!("u{n}@example.id"), "Password1"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
    let wait = limited(
        &post_from(
            &app,
            ATTACKER,
            "",
            LOGIN,
            sign_in("u9@example.id", "Password1"),
        )
        .await,
    );
    assert!(wait > 3000, "an hour's window: {wait}");
    app.create_user("budi@example.id", Role::Reporter, None);
    let other = post_from(&app, OWNER, "", LOGIN, sign_in("budi@example.id", PASSWORD)).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);
}

/// Registering, refreshing and tracking are limited per address; the limit lets the same
/// address back in once its window is over.
async fn per_address_limits(backend: Backend) {
    let app = throttled(
        backend,
        &[
            ("LAPOR_LIMIT_REGISTER", "2/2s"),
            ("LAPOR_LIMIT_REFRESH", "2/2s"),
            ("LAPOR_LIMIT_TRACK", "2/2s"),
        ],
    )
    .await;
    let register = |n: u32| json!({"name": "Warga", "email": format!("warga{n}@example.id"), "password": "rahasia-sekali"});
    const REGISTER: &str = "/api/v1/auth/register";
    for n in 0..2 {
        let r = post_from(&app, ATTACKER, "", REGISTER, register(n)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let wait = limited(&post_from(&app, ATTACKER, "", REGISTER, register(2)).await);
    let elsewhere = post_from(&app, OWNER, "", REGISTER, register(3)).await;
    assert_eq!(elsewhere.status, StatusCode::CREATED, "{}", elsewhere.body);

    const REFRESH: &str = "/api/v1/auth/refresh";
    let garbage = json!({"refresh_token": "not-a-token"});
    for _ in 0..2 {
        let r = post_from(&app, ATTACKER, "", REFRESH, garbage.clone()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
    limited(&post_from(&app, ATTACKER, "", REFRESH, garbage).await);

    let track = |addr: &'static str| {
        app.client
            .get(format!("{}/api/v1/track/LPR-AAAAA-AAAAA", app.base))
            .header("X-Forwarded-For", addr)
            .send()
    };
    for _ in 0..2 {
        assert_eq!(
            track(ATTACKER).await.unwrap().status(),
            StatusCode::NOT_FOUND
        );
    }
    limited(&Resp::read(track(ATTACKER).await.unwrap()).await);
    assert_eq!(track(OWNER).await.unwrap().status(), StatusCode::NOT_FOUND);

    wait_out(wait).await;
    let again = post_from(&app, ATTACKER, "", REGISTER, register(4)).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
}

/// On PostgreSQL the counters live in the database: a second replica (here a second set of
/// limits over the same database) sees the hits the first one counted.
#[actix_web::test]
async fn replicas_share_the_counters_on_postgres() {
    let app = throttled(Backend::Postgres, &[("LAPOR_LIMIT_TRACK", "3/1h")]).await;
    assert_eq!(app.state.config.rate_limit_store, StoreKind::Database);
    for _ in 0..2 {
        let r = app
            .client
            .get(format!("{}/api/v1/track/LPR-AAAAA-AAAAA", app.base))
            .header("X-Forwarded-For", ATTACKER)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    let other_replica = Limits::new(
        StoreKind::Database,
        app.state.config.limits.clone(),
        app.pool.clone(),
    );
    let third = other_replica.take(Limit::Track, ATTACKER).await;
    assert!(third.is_ok(), "the third of three");
    let fourth = other_replica
        .take(Limit::Track, ATTACKER)
        .await
        .err()
        .unwrap();
    assert_eq!(fourth.status.as_u16(), 429);
    assert!(fourth.retry_after.is_some_and(|s| s > 3000));
}

/// A citizen files at most `LAPOR_LIMIT_FILING`; the window slides with the server's clock.
async fn filing_is_limited_per_citizen(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        &[
            ("LAPOR_NOW", "2027-01-04T01:00:00Z".to_owned()),
            ("LAPOR_LIMIT_FILING", "2/1h,3/1d".to_owned()),
        ],
    )
    .await;
    let c = app.regency().await;
    let other = app.token_for("budi@example.id", Role::Reporter, None).await;
    let report = json!({
        "kind": "complaint",
        "title": "Lampu jalan mati",
        "body": "Lampu jalan di depan masjid mati sejak seminggu, jalan gelap sekali malam hari.",
        "incident_date": "2026-12-20",
        "region_code": "36.03.18",
        "address": "Jl. Raya Cikupa",
    });
    for _ in 0..2 {
        app.ok("/api/v1/reports", &c.citizen, report.clone()).await;
    }
    let r = app
        .post("/api/v1/reports", Some(&c.citizen), report.clone())
        .await;
    let wait = limited(&r);
    assert!(
        (3000..=3600).contains(&wait),
        "until the first leaves the hour: {wait}"
    );
    app.ok("/api/v1/reports", &other, report.clone()).await;

    app.advance(chrono::Duration::minutes(61));
    app.ok("/api/v1/reports", &c.citizen, report.clone()).await;
    // Three today: the day's limit holds though the hour's has room.
    let day = limited(
        &app.post("/api/v1/reports", Some(&c.citizen), report.clone())
            .await,
    );
    assert!(day > 3600, "{day}");
    app.advance(chrono::Duration::hours(24));
    app.ok("/api/v1/reports", &c.citizen, report).await;
}

/// A report holds a bounded number of files and bytes (409 `attachment_quota`), and an account
/// uploads a bounded number of bytes a day (429): thirty 1 MiB files to one report no longer
/// fill a disk. Refused uploads leave no file behind.
async fn attachments_are_bounded(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        &[
            ("LAPOR_NOW", "2027-01-04T01:00:00Z".to_owned()),
            ("LAPOR_MAX_REPORT_ATTACHMENTS", "2".to_owned()),
            ("LAPOR_MAX_REPORT_ATTACHMENT_BYTES", "50000".to_owned()),
            ("LAPOR_LIMIT_UPLOAD_BYTES", "70000/1d".to_owned()),
        ],
    )
    .await;
    let c = app.regency().await;
    let report = json!({
        "kind": "complaint",
        "title": "Sampah menumpuk di pasar",
        "body": "Sampah menumpuk di pinggir pasar sejak seminggu dan menimbulkan bau tidak sedap.",
        "incident_date": "2026-12-20",
        "region_code": "36.03.18",
        "address": "Pasar Cikupa",
    });
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            app.ok("/api/v1/reports", &c.citizen, report.clone()).await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let files =
        || std::fs::read_dir(app.db.dir.path().join("attachments")).map_or(0, |d| d.count());
    let up = async |id: i64, len: usize| {
        let path = format!("/api/v1/reports/{id}/attachments");
        app.upload(&path, &c.citizen, "surat.pdf", pdf(len)).await
    };
    assert_eq!(up(ids[0], 30_000).await.status, StatusCode::CREATED);
    let over_bytes = up(ids[0], 30_000).await;
    assert_eq!(
        over_bytes.status,
        StatusCode::CONFLICT,
        "{}",
        over_bytes.body
    );
    assert_eq!(over_bytes.code(), "attachment_quota");
    assert_eq!(up(ids[0], 1_000).await.status, StatusCode::CREATED);
    let over_count = up(ids[0], 1_000).await;
    assert_eq!(over_count.code(), "attachment_quota");
    assert_eq!(files(), 2, "refused files are not kept");

    // 31,000 bytes today; 39,000 more is past the day's 70,000.
    assert_eq!(up(ids[1], 35_000).await.status, StatusCode::CREATED);
    let wait = limited(&up(ids[2], 10_000).await);
    assert!(wait > 3600, "{wait}");
    assert_eq!(files(), 3);
    app.advance(chrono::Duration::hours(25));
    assert_eq!(up(ids[2], 10_000).await.status, StatusCode::CREATED);
}

/// Copies report `id` `n` times under new tracking ids, straight in the database.
fn copy_report(app: &TestApp, id: i64, n: usize) {
    let columns = "kind, title, body, incident_date, region_code, address, category_id, \
                   institution_id, reporter_id, anonymous, confidential, channel, status, \
                   version, created_at, updated_at, verify_due_at, needs_investigation";
    let sql = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
         INSERT INTO reports (tracking_id, {columns}) \
         SELECT 'LPR-T' || CAST(n.i AS TEXT), {columns} FROM n, reports WHERE reports.id = {id}"
    );
    app.with_conn(|conn| diesel::RunQueryDsl::execute(diesel::sql_query(sql), conn))
        .unwrap();
}

/// Starts `GET /reports/export.csv` on a socket with a small receive buffer, reads the status
/// line and then nothing more: a client that stalls.
fn stalled_export(app: &TestApp, token: &str) -> (socket2::Socket, String) {
    use std::io::{Read, Write};
    let addr: std::net::SocketAddr = app.base.trim_start_matches("http://").parse().unwrap();
    let mut socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket.connect(&addr.into()).unwrap();
    write!(
        socket,
        "GET /api/v1/reports/export.csv HTTP/1.1\r\nHost: lapor\r\nAuthorization: Bearer {token}\r\n\r\n"
    )
    .unwrap();
    let mut status = [0u8; 12];
    socket.read_exact(&mut status).unwrap();
    (socket, String::from_utf8_lossy(&status).into_owned())
}

/// Exports whose clients read nothing hold no database connection: with all of them stalled,
/// `/readyz`, the public feed and sign-in still answer at once (before, ten such exports held
/// every connection and those answered 503 for minutes). Exports run `LAPOR_MAX_EXPORTS` at once
/// (503 `busy` past that), one per account (429), and a stalled one is given up after
/// `LAPOR_EXPORT_STALL_TIMEOUT`: its answer is cut, not silently short, and its place frees.
async fn stalled_exports_starve_nothing(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        &[
            ("LAPOR_MAX_EXPORTS", "4".to_owned()),
            ("LAPOR_EXPORT_STALL_TIMEOUT", "2".to_owned()),
        ],
    )
    .await;
    let c = app.regency().await;
    let long = "Jalan berlubang besar di depan sekolah dasar, sudah dua bulan tidak diperbaiki. ";
    let r = app
        .ok(
            "/api/v1/reports",
            &c.citizen,
            json!({
                "kind": "complaint",
                "title": "Jalan berlubang",
                "body": long.repeat(15),
                "incident_date": "2026-11-01",
                "region_code": "36.03.18",
                "address": "Jl. Raya Cikupa",
            }),
        )
        .await;
    const COPIES: usize = 5999;
    copy_report(&app, r["id"].as_i64().unwrap(), COPIES);

    let mut officers = Vec::new();
    for n in 0..10 {
        let email = format!("admin{n}@tng.go.id");
        officers.push(app.token_for(&email, Role::Admin, None).await);
    }
    let stalled: Vec<_> = officers.iter().map(|t| stalled_export(&app, t)).collect();
    let started = stalled.iter().filter(|(_, s)| s == "HTTP/1.1 200").count();
    let refused = stalled.iter().filter(|(_, s)| s == "HTTP/1.1 503").count();
    assert_eq!((started, refused), (4, 6), "four run, the rest are busy");

    let quick = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(1))
        .build()
        .unwrap();
    for path in ["/readyz", "/api/v1/public/reports"] {
        let r = quick.get(format!("{}{path}", app.base)).send().await;
        assert_eq!(r.map(|r| r.status()).ok(), Some(StatusCode::OK), "{path}");
    }
    let login = quick
        .post(format!("{}{LOGIN}", app.base))
        .json(&sign_in("siti@example.id", PASSWORD))
        .send()
        .await;
    assert_eq!(login.map(|r| r.status()).ok(), Some(StatusCode::OK));
    let again = app
        .get("/api/v1/reports/export.csv", Some(&officers[0]))
        .await;
    assert_eq!(limited(&again), 30);

    // Given up after the stall timeout: the first officer exports again, whole.
    let mut whole = None;
    for _ in 0..40 {
        let r = app
            .client
            .get(format!("{}/api/v1/reports/export.csv", app.base))
            .bearer_auth(&officers[0])
            .send()
            .await
            .unwrap();
        if r.status() == StatusCode::OK {
            whole = Some(r.text().await.unwrap());
            break;
        }
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        wait_out(1).await;
    }
    let whole = whole.expect("the stalled export was never given up");
    let rows = csv::Reader::from_reader(whole.as_bytes()).records().count();
    assert_eq!(rows, COPIES + 1);

    // The stalled answers end cut: no last chunk of a finished body.
    for (mut socket, status) in stalled.into_iter().filter(|(_, s)| s == "HTTP/1.1 200") {
        use std::io::Read;
        socket
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut rest = Vec::new();
        let _ = socket.read_to_end(&mut rest);
        assert!(rest.len() > 1000, "{status}: {} bytes", rest.len());
        assert!(
            !rest.ends_with(b"0\r\n\r\n"),
            "a given-up export looks whole"
        );
    }
}

/// One caller's burst of statistics does not queue ahead of everyone: while the counting
/// turns are taken (held here by the test, as two long computations would), a citizen sends 60
/// at once; four wait for a turn and 56 are refused at once, and an admin's request waits behind
/// those four only. (Before, all 60 queued ahead of the admin's.)
#[actix_web::test]
async fn one_caller_cannot_fill_the_statistics_queue() {
    use futures_util::StreamExt;
    let app = TestApp::start(Backend::Sqlite).await;
    let c = app.regency().await;
    let turns = app.state.stats_permits.clone();
    let held = turns
        .acquire_many_owned(lapor_api::state::STATS_AT_ONCE as u32)
        .await
        .unwrap();
    let mut burst: futures_util::stream::FuturesUnordered<_> = (0..60)
        .map(|_| app.get("/api/v1/stats/topics", Some(&c.citizen)))
        .collect();
    let within = std::time::Duration::from_secs(30);
    for _ in 0..56 {
        let r = actix_web::rt::time::timeout(within, burst.next())
            .await
            .expect("the burst queued instead of being refused")
            .unwrap();
        assert_eq!(r.code(), "rate_limited");
    }
    let admin = app.get("/api/v1/stats/trend", Some(&c.admin));
    drop(held);
    let (rest, admin) = futures_util::join!(burst.collect::<Vec<_>>(), admin);
    assert_eq!(admin.status, StatusCode::OK, "{}", admin.body);
    assert_eq!(rest.len(), 4);
    assert!(rest.iter().all(|r| r.status == StatusCode::OK));
}

/// Quotas hold under concurrent requests: 20 filings at once by one citizen file exactly the
/// quota's worth, and 12 uploads at once to one report store exactly its files' worth (the
/// quota checks run under a lock on the citizen's and the report's rows on PostgreSQL).
async fn quotas_hold_under_concurrency(backend: Backend) {
    let app = TestApp::start_with(
        backend,
        &[
            ("LAPOR_LIMIT_FILING", "3/1h".to_owned()),
            ("LAPOR_MAX_REPORT_ATTACHMENTS", "4".to_owned()),
        ],
    )
    .await;
    let c = app.regency().await;
    let report = json!({
        "kind": "complaint",
        "title": "Drainase tersumbat",
        "body": "Drainase di depan pasar tersumbat sampah dan air meluap ke jalan setiap hujan.",
        "incident_date": "2026-11-20",
        "region_code": "36.03.18",
        "address": "Pasar Cikupa",
    });
    let filings = (0..20).map(|_| app.post("/api/v1/reports", Some(&c.citizen), report.clone()));
    let filed = join_all(filings).await;
    let created: Vec<&Resp> = filed
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .collect();
    assert_eq!(
        created.len(),
        3,
        "{:?}",
        filed.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(
        filed
            .iter()
            .all(|r| r.status == StatusCode::CREATED || r.status == StatusCode::TOO_MANY_REQUESTS)
    );

    let id = created[0].body["id"].as_i64().unwrap();
    let path = format!("/api/v1/reports/{id}/attachments");
    let uploads = (0..12).map(|_| app.upload(&path, &c.citizen, "surat.pdf", pdf(2000)));
    let stored = join_all(uploads).await;
    let kept = stored
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        kept,
        4,
        "{:?}",
        stored.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let files = std::fs::read_dir(app.db.dir.path().join("attachments")).map_or(0, |d| d.count());
    assert_eq!(files, 4, "refused uploads leave no file");
}

lapor_tests::on_both!(
    guessing_a_password_slows_the_guesser_not_the_owner,
    per_address_limits,
    filing_is_limited_per_citizen,
    attachments_are_bounded,
    stalled_exports_starve_nothing,
    quotas_hold_under_concurrency,
);
