//! Denial of service: what one hostile client can cost the server (docs/SECURITY.md, Limits).

use futures_util::future::join_all;
use lapor_api::limits::{Limit, Limits, StoreKind};
use lapor_tests::{Backend, PASSWORD, Resp, SECRET, Server, TestApp, TestDb};
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

#[actix_web::test]
async fn guessing_a_password_slows_the_guesser_not_the_owner_sqlite() {
    guessing_a_password_slows_the_guesser_not_the_owner(Backend::Sqlite).await;
}

#[actix_web::test]
async fn guessing_a_password_slows_the_guesser_not_the_owner_postgres() {
    guessing_a_password_slows_the_guesser_not_the_owner(Backend::Postgres).await;
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

#[actix_web::test]
async fn per_address_limits_sqlite() {
    per_address_limits(Backend::Sqlite).await;
}

#[actix_web::test]
async fn per_address_limits_postgres() {
    per_address_limits(Backend::Postgres).await;
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

#[actix_web::test]
async fn filing_is_limited_per_citizen_sqlite() {
    filing_is_limited_per_citizen(Backend::Sqlite).await;
}

#[actix_web::test]
async fn filing_is_limited_per_citizen_postgres() {
    filing_is_limited_per_citizen(Backend::Postgres).await;
}

fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00".to_vec();
    bytes.resize(len, 0x42);
    bytes
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
        app.upload(&path, &c.citizen, "foto.jpg", jpeg(len)).await
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

#[actix_web::test]
async fn attachments_are_bounded_sqlite() {
    attachments_are_bounded(Backend::Sqlite).await;
}

#[actix_web::test]
async fn attachments_are_bounded_postgres() {
    attachments_are_bounded(Backend::Postgres).await;
}
