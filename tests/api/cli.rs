//! The `lapor` binary itself: zero-configuration start, the secret that survives a restart,
//! production checks, create-admin, the demo seed, region import, and the committed spec.

use lapor_tests::{Backend, Server, TestDb, lapor, text};
use reqwest::StatusCode;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

async fn login(base: &str, email: &str, password: &str) -> serde_json::Value {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn me(base: &str, token: &str) -> StatusCode {
    reqwest::Client::new()
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

#[actix_web::test]
async fn zero_configuration_start_keeps_sessions_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut create = lapor(dir.path(), &[])
        .args([
            "create-admin",
            "--email",
            "root@lapor.test",
            "--name",
            "Root Admin",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long admin password\n")
        .unwrap();
    let out = create.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        dir.path().join("data/lapor.db").exists(),
        "SQLite is the default"
    );

    let server = Server::start(dir.path(), &[]).await;
    let tokens = login(&server.base, "root@lapor.test", "a long admin password").await;
    let token = tokens["access_token"].as_str().unwrap().to_owned();
    assert_eq!(me(&server.base, &token).await, StatusCode::OK);
    drop(server);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("data/jwt-secret"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = Server::start(dir.path(), &[]).await;
    assert_eq!(
        me(&again.base, &token).await,
        StatusCode::OK,
        "the secret was kept"
    );

    let dup = lapor(dir.path(), &[])
        .args([
            "create-admin",
            "--email",
            "ROOT@lapor.test",
            "--name",
            "Again",
            "--password-stdin",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!dup.status.success());
}

#[test]
fn create_admin_rejects_a_weak_password() {
    let dir = tempfile::tempdir().unwrap();
    let mut create = lapor(dir.path(), &[])
        .args([
            "create-admin",
            "--email",
            "a@lapor.test",
            "--name",
            "Admin",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let out = create.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("password"), "{}", text(&out));
}

#[test]
fn production_mode_refuses_a_missing_or_short_secret() {
    let dir = tempfile::tempdir().unwrap();
    for env in [
        vec![("LAPOR_ENV", "production")],
        vec![
            ("LAPOR_ENV", "production"),
            ("LAPOR_JWT_SECRET", "too-short"),
        ],
    ] {
        let out = lapor(dir.path(), &env).arg("serve").output().unwrap();
        assert!(!out.status.success());
        assert!(text(&out).contains("LAPOR_JWT_SECRET"), "{}", text(&out));
    }
    let bad = lapor(dir.path(), &[("LAPOR_LISTEN", "not-an-address")])
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(text(&bad).contains("LAPOR_LISTEN"));
}

fn seed_twice(backend: Backend) {
    let db = TestDb::new(backend);
    let dir = db.dir.path();
    let env = [("DATABASE_URL", db.url.as_str())];
    let first = lapor(dir, &env).args(["seed", "--demo"]).output().unwrap();
    assert!(first.status.success(), "{}", text(&first));
    let out = text(&first);
    assert!(out.contains("13 institutions"), "{out}");
    for role in [
        "admin",
        "coordinator",
        "liaison",
        "supervisor",
        "integrator",
        "reporter",
    ] {
        assert!(out.contains(role), "{role}: {out}");
    }
    assert!(out.contains(lapor_api::seed::DEMO_PASSWORD));
    let second = lapor(dir, &env).args(["seed", "--demo"]).output().unwrap();
    assert!(!second.status.success());
    assert!(text(&second).contains("already"), "{}", text(&second));
    let production = lapor(
        dir,
        &[
            ("DATABASE_URL", db.url.as_str()),
            ("LAPOR_ENV", "production"),
            ("LAPOR_JWT_SECRET", &"s".repeat(40)),
        ],
    )
    .args(["seed", "--demo"])
    .output()
    .unwrap();
    assert!(!production.status.success());
}

#[test]
fn demo_seed_runs_once_on_sqlite() {
    seed_twice(Backend::Sqlite);
}

#[test]
fn demo_seed_runs_once_on_postgres() {
    seed_twice(Backend::Postgres);
}

#[actix_web::test]
async fn the_demo_seed_gives_a_working_kabupaten_tangerang() {
    let db = TestDb::new(Backend::Sqlite);
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("LAPOR_JWT_SECRET", lapor_tests::SECRET),
    ];
    let out = lapor(db.dir.path(), &env)
        .args(["seed", "--demo"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let server = Server::start(db.dir.path(), &env).await;
    let items = |v: serde_json::Value| v["items"].as_array().unwrap().clone();

    let districts =
        items(get_json(&server.base, "/api/v1/regions?parent=36.03&limit=100", None).await);
    assert_eq!(districts.len(), 29);
    let mut villages = 0;
    for d in &districts {
        let path = format!(
            "/api/v1/regions?parent={}&limit=100",
            d["code"].as_str().unwrap()
        );
        villages += items(get_json(&server.base, &path, None).await).len();
    }
    assert_eq!(villages, 274);
    let categories = items(get_json(&server.base, "/api/v1/categories", None).await);
    assert!(
        categories.len() >= 8
            && categories
                .iter()
                .all(|c| !c["default_institution_id"].is_null())
    );

    let coordinator = login(
        &server.base,
        "koordinator@demo.lapor.test",
        lapor_api::seed::DEMO_PASSWORD,
    )
    .await;
    let token = coordinator["access_token"].as_str();
    let units = items(
        get_json(
            &server.base,
            "/api/v1/institutions?kind=unit&limit=100",
            token,
        )
        .await,
    );
    assert!(units.len() >= 8);
    let officers = items(get_json(&server.base, "/api/v1/users", token).await);
    let roles: Vec<&str> = officers
        .iter()
        .map(|u| u["role"].as_str().unwrap())
        .collect();
    assert!(
        roles.contains(&"liaison") && roles.iter().all(|r| *r == "liaison" || *r == "coordinator")
    );
}

async fn get_json(base: &str, path: &str, token: Option<&str>) -> serde_json::Value {
    let mut req = reqwest::Client::new().get(format!("{base}{path}"));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

/// Every new database has the regions of Indonesia from its first migration: `lapor serve`
/// without the demo takes a citizen's report for a village far from Tangerang.
async fn a_fresh_install_takes_reports_from_anywhere(backend: Backend) {
    let db = TestDb::new(backend);
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("LAPOR_JWT_SECRET", lapor_tests::SECRET),
    ];
    let server = Server::start(db.dir.path(), &env).await;
    let client = reqwest::Client::new();
    let provinces = get_json(&server.base, "/api/v1/regions?limit=100", None).await;
    assert_eq!(provinces["items"].as_array().unwrap().len(), 38);
    let village = get_json(&server.base, "/api/v1/regions/11.01.01.2001", None).await;
    assert_eq!(village["name"], "Keude Bakongan");

    let citizen =
        json!({"name": "Cut Nyak", "email": "cut@example.id", "password": lapor_tests::PASSWORD});
    let registered = client
        .post(format!("{}/api/v1/auth/register", server.base))
        .json(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), StatusCode::CREATED);
    let tokens = login(&server.base, "cut@example.id", lapor_tests::PASSWORD).await;
    let filed = client
        .post(format!("{}/api/v1/reports", server.base))
        .bearer_auth(tokens["access_token"].as_str().unwrap())
        .json(&json!({
            "kind": "complaint",
            "title": "Jembatan desa putus",
            "body": "Jembatan penghubung dusun putus sejak banjir minggu lalu, anak-anak tidak bisa sekolah.",
            "incident_date": "2026-11-20",
            "region_code": "11.01.01.2001",
            "address": "Dusun Keude, dekat meunasah",
        }))
        .send()
        .await
        .unwrap();
    let status = filed.status();
    let body: serde_json::Value = filed.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["region_code"], "11.01.01.2001");
}

#[actix_web::test]
async fn a_fresh_install_takes_reports_from_anywhere_on_sqlite() {
    a_fresh_install_takes_reports_from_anywhere(Backend::Sqlite).await;
}

#[actix_web::test]
async fn a_fresh_install_takes_reports_from_anywhere_on_postgres() {
    a_fresh_install_takes_reports_from_anywhere(Backend::Postgres).await;
}

/// Replicas starting together on a new database: both migrate and load the regions, once.
#[test]
fn replicas_migrating_a_new_database_together_load_the_regions_once() {
    let db = TestDb::new(Backend::Postgres);
    let env = [("DATABASE_URL", db.url.as_str())];
    let replicas: Vec<_> = (0..2)
        .map(|_| {
            lapor(db.dir.path(), &env)
                .arg("migrate")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for replica in replicas {
        let out = replica.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
    }
    let mut conn = lapor_api::db::pool(&db.url, 1).unwrap().get().unwrap();
    let rows = lapor_api::import::bundled().unwrap();
    let (added, renamed) = lapor_api::import::import(&mut conn, &rows).unwrap();
    assert_eq!((added, renamed), (0, 0), "all {} were there", rows.len());
}

/// `lapor import-regions` brings updates: a renamed district and a new village.
#[test]
fn import_regions_reads_a_directory() {
    let db = TestDb::new(Backend::Sqlite);
    let env = [("DATABASE_URL", db.url.as_str())];
    let update = tempfile::tempdir().unwrap();
    std::fs::write(
        update.path().join("districts.csv"),
        "code,regency_code,name\n36.03.18,36.03,Cikupa Raya\n",
    )
    .unwrap();
    std::fs::write(
        update.path().join("villages-baru.csv"),
        "code,district_code,name\n36.03.18.2099,36.03.18,Desa Baru\n",
    )
    .unwrap();
    let import = || {
        lapor(db.dir.path(), &env)
            .arg("import-regions")
            .arg(update.path())
            .output()
            .unwrap()
    };
    let out = import();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1 added, 1 renamed, 2 read"),
        "{}",
        text(&out)
    );
    let again = import();
    assert!(
        text(&again).contains("0 added, 0 renamed"),
        "{}",
        text(&again)
    );
    let empty = tempfile::tempdir().unwrap();
    let none = lapor(db.dir.path(), &env)
        .arg("import-regions")
        .arg(empty.path())
        .output()
        .unwrap();
    assert!(!none.status.success());
}

/// openapi.yaml is what the code says; regenerate it with `make openapi`.
#[test]
fn the_committed_spec_matches_the_code() {
    let out = lapor(Path::new("."), &[]).arg("openapi").output().unwrap();
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi.yaml"))
            .unwrap_or_default();
    // The first lines that differ, so the failure says what drifted.
    let drift: Vec<String> = generated
        .lines()
        .zip(committed.lines().chain(std::iter::repeat("<end of file>")))
        .enumerate()
        .filter(|(_, (g, c))| g != c)
        .take(10)
        .map(|(n, (g, c))| format!("line {}:\n  committed: {c}\n  code:      {g}", n + 1))
        .collect();
    assert!(
        generated == committed,
        "openapi.yaml differs from the code: run `make openapi` (cargo run -p lapor-api -- openapi > openapi.yaml) and commit it\n{}{}",
        drift.join("\n"),
        if generated.lines().count() < committed.lines().count() {
            "\n(the committed file is longer)"
        } else {
            ""
        }
    );
}

/// `lapor serve` runs the background jobs by itself: a report filed on Monday and never
/// verified is escalated to its coordinator once the server's clock says it is late.
#[actix_web::test]
async fn serve_runs_the_sla_sweep_by_itself() {
    use lapor_tests::TestApp;
    use lapor_types::users::Role;
    let monday = "2027-01-04T01:00:00Z";
    let app = TestApp::start_with(Backend::Sqlite, &[("LAPOR_NOW", monday.to_owned())]).await;
    app.load_tangerang();
    let admin = app.admin().await;
    let regency = app.government(&admin, "PEMKAB", "36.03").await;
    let coordinator = app
        .token_for("koor@tng.go.id", Role::Coordinator, Some(regency))
        .await;
    let citizen = app.token_for("siti@example.id", Role::Reporter, None).await;
    let filed = app
        .post(
            "/api/v1/reports",
            Some(&citizen),
            json!({
                "kind": "complaint",
                "title": "Lampu jalan mati sejak lama",
                "body": "Lampu jalan di depan pasar mati sejak dua minggu, rawan kejahatan.",
                "incident_date": "2026-11-01",
                "region_code": "36.03.18",
                "address": "Jl. Raya Cikupa km 3",
            }),
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);

    let later = "2027-01-14T01:00:00Z";
    let env = [
        ("DATABASE_URL", app.db.url.as_str()),
        ("LAPOR_JWT_SECRET", lapor_tests::SECRET),
        ("LAPOR_NOW", later),
        ("LAPOR_JOBS_INTERVAL", "1"),
    ];
    let server = Server::start(app.db.dir.path(), &env).await;
    let client = reqwest::Client::new();
    let mut unread = 0;
    // Poll (bounded) until the server's own job round has run.
    for _ in 0..200 {
        let r: serde_json::Value = client
            .get(format!("{}/api/v1/notifications/unread-count", server.base))
            .bearer_auth(&coordinator)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        unread = r["unread"].as_i64().unwrap();
        if unread > 0 {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(unread, 1, "one deadline_passed notification");
    let id = filed.body["id"].as_i64().unwrap();
    let report = get_json(
        &server.base,
        &format!("/api/v1/reports/{id}"),
        Some(&coordinator),
    )
    .await;
    assert_eq!(report["overdue_at"], later);
}
