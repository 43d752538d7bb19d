//! Test harness: the real server on a free port over a fresh database — a SQLite file in a temp
//! directory, or a new PostgreSQL database — one per test, so tests run in parallel.
//! `both_backends!` turns each test into one test per backend.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::{Connection, PgConnection, RunQueryDsl};
use lapor_api::auth::{password, tokens::JwtKeys};
use lapor_api::config::Config;
use lapor_api::db::{self, DbConn, DbPool};
use lapor_api::jobs::national::{Connector, Synced};
use lapor_api::jobs::webhooks::{Dispatched, Dispatcher};
use lapor_api::jobs::{self, Round, mail::Mailer};
use lapor_api::state::AppState;
use lapor_api::store;
use lapor_types::users::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub use serde_json;

pub const SECRET: &str = "test-secret-test-secret-test-secret!";
pub const PASSWORD: &str = "correct horse battery";

/// A real 16×16 JPEG without metadata (`tests/api/fixtures`, made with ImageMagick's `-strip`).
pub const PHOTO: &[u8] = include_bytes!("../api/fixtures/photo.jpg");

/// A PDF of `len` bytes (stored as sent: only photos are rewritten), for tests about sizes.
pub fn pdf(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(len, b' ');
    bytes
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("LAPOR_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh, empty database; removed again on drop.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
    /// The PostgreSQL database's name.
    pub pg_name: Option<String>,
}

impl TestDb {
    pub fn new(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        match backend {
            Backend::Sqlite => TestDb {
                url: format!("sqlite://{}", dir.path().join("lapor.db").display()),
                dir,
                pg_name: None,
            },
            Backend::Postgres => {
                let name = format!("lapor_test_{}", uuid::Uuid::new_v4().simple());
                let admin = postgres_admin_url();
                let mut conn = PgConnection::establish(&admin).unwrap_or_else(|e| {
                    panic!("PostgreSQL at {admin} (set LAPOR_TEST_POSTGRES_URL): {e}")
                });
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .unwrap();
                let (base, _) = admin.rsplit_once('/').unwrap();
                TestDb {
                    url: format!("{base}/{name}"),
                    dir,
                    pg_name: Some(name),
                }
            }
        }
    }

    pub fn config(&self) -> Config {
        self.config_with(&[])
    }

    /// The test configuration plus `extra` settings (e.g. `LAPOR_NOW`, `LAPOR_SMTP_URL`).
    pub fn config_with(&self, extra: &[(&str, String)]) -> Config {
        let vars = [
            ("DATABASE_URL", self.url.clone()),
            ("LAPOR_DATA_DIR", self.dir.path().display().to_string()),
            ("LAPOR_JWT_SECRET", SECRET.to_owned()),
            ("LAPOR_DB_POOL_SIZE", "4".to_owned()),
            ("LAPOR_MAX_JSON_BYTES", "16384".to_owned()),
            ("LAPOR_MAX_ATTACHMENT_BYTES", "65536".to_owned()),
        ];
        Config::from_lookup(|name| {
            extra
                .iter()
                .chain(vars.iter())
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        })
        .unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name
            && let Ok(mut conn) = PgConnection::establish(&postgres_admin_url())
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn);
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Resp {
    /// The problem `code` of an error answer (asserting it is problem+json).
    pub fn code(&self) -> &str {
        let ct = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(ct, "application/problem+json", "body: {}", self.body);
        assert_eq!(self.body["status"], self.status.as_u16(), "{}", self.body);
        self.body["code"].as_str().unwrap_or_default()
    }

    /// The fields named in a validation problem.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub pool: DbPool,
    pub db: TestDb,
    pub backend: Backend,
    pub state: actix_web::web::Data<AppState>,
}

impl TestApp {
    pub async fn start(backend: Backend) -> TestApp {
        TestApp::start_with(backend, &[]).await
    }

    /// A server with extra settings: `LAPOR_NOW` gives it a manual clock tests move with
    /// `advance`; `LAPOR_SMTP_URL` makes it queue email.
    pub async fn start_with(backend: Backend, settings: &[(&str, String)]) -> TestApp {
        let db = TestDb::new(backend);
        let config = db.config_with(settings);
        let pool = db::pool(&config.database_url, config.db_pool_size).unwrap();
        db::run_migrations(&mut pool.get().unwrap()).unwrap();
        let jwt = JwtKeys::new(SECRET.as_bytes(), config.access_token_ttl_secs);
        let state = actix_web::web::Data::new(AppState::new(pool.clone(), jwt, config));
        let app_state = state.clone();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = actix_web::HttpServer::new(move || lapor_api::app(state.clone()))
            .workers(1)
            .disable_signals()
            .listen(listener)
            .unwrap()
            .run();
        actix_web::rt::spawn(server);
        TestApp {
            base: format!("http://127.0.0.1:{port}"),
            // Idle connections are dropped before the server's 5 s keep-alive closes them, so a
            // request never races the server closing the connection it reuses.
            client: reqwest::Client::builder()
                .pool_idle_timeout(std::time::Duration::from_secs(2))
                .build()
                .unwrap(),
            pool,
            db,
            backend,
            state: app_state,
        }
    }

    /// POSTs and asserts success; returns the body.
    pub async fn ok(&self, path: &str, token: &str, body: Value) -> Value {
        let r = self.post(path, Some(token), body).await;
        assert!(r.status.is_success(), "{path}: {} {}", r.status, r.body);
        r.body
    }

    /// The server's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.state.clock.now()
    }

    /// Moves the server's manual clock on (started with `LAPOR_NOW`).
    pub fn advance(&self, by: chrono::Duration) {
        assert!(self.state.clock.advance(by), "start the app with LAPOR_NOW");
    }

    /// One round of the background jobs, as `serve` runs them, at the server's clock.
    pub async fn jobs(&self) -> Round {
        let mailer = Mailer::from_config(&self.state.config).unwrap();
        let site = self.state.site();
        self.state
            .db(move |conn| Ok(jobs::run_once(conn, site, mailer.as_ref())))
            .await
            .unwrap()
            .unwrap()
    }

    /// One round of webhook deliveries, as `serve` runs them, at the server's clock.
    pub async fn webhooks(&self) -> Dispatched {
        let dispatcher = Dispatcher::new(self.state.config.webhook_allow_private).unwrap();
        jobs::webhooks::round(&self.state, &dispatcher)
            .await
            .unwrap()
    }

    /// One national sync round, as `serve` runs them, at the server's clock (a fresh request
    /// budget each time).
    pub async fn national(&self) -> Synced {
        let settings = self
            .state
            .config
            .national
            .as_ref()
            .expect("LAPOR_NATIONAL_URL set");
        let connector = Connector::new(settings).unwrap();
        jobs::national::round(&self.state, &connector)
            .await
            .unwrap()
    }

    pub fn conn(&self) -> db::PooledConn {
        self.pool.get().unwrap()
    }

    /// Sends `body` (if any) as JSON with `token` (if any) as bearer.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        Resp::read(req.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::PATCH, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Resp {
        self.call(Method::DELETE, path, token, None).await
    }

    /// Sends raw bytes with a content type.
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Resp {
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        Resp::read(req.send().await.unwrap()).await
    }

    /// Uploads `bytes` as the multipart field `file` named `name`.
    pub async fn upload(&self, path: &str, token: &str, name: &str, bytes: Vec<u8>) -> Resp {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let form = reqwest::multipart::Form::new().part("file", part);
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .multipart(form);
        Resp::read(req.send().await.unwrap()).await
    }

    /// Creates an account straight in the database (password `PASSWORD`); returns its id.
    pub fn create_user(&self, email: &str, role: Role, institution_id: Option<i64>) -> i64 {
        let hash = password::hash(PASSWORD).unwrap();
        let mut conn = self.conn();
        store::users::insert(
            &mut conn,
            &store::users::NewUserRow {
                name: "Test User",
                email,
                phone: None,
                password_hash: &hash,
                role: role.as_str(),
                institution_id,
            },
        )
        .unwrap()
        .id
    }

    pub async fn login(&self, email: &str) -> Value {
        let r = self
            .post(
                "/api/v1/auth/login",
                None,
                json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.body
    }

    /// An account of `role` and its access token.
    pub async fn token_for(&self, email: &str, role: Role, institution_id: Option<i64>) -> String {
        self.create_user(email, role, institution_id);
        self.login(email).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn admin(&self) -> String {
        self.token_for("admin@test.id", Role::Admin, None).await
    }

    /// Creates an institution through the API; returns its id.
    pub async fn institution(
        &self,
        admin: &str,
        code: &str,
        kind: &str,
        parent: Option<i64>,
    ) -> i64 {
        let r = self
            .post(
                "/api/v1/institutions",
                Some(admin),
                json!({"code": code, "name": format!("Institution {code}"), "kind": kind, "parent_id": parent}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_i64().unwrap()
    }

    /// Loads Banten, Kabupaten Tangerang (36.03), the districts Cikupa (36.03.18) and Balaraja
    /// (36.03.01), and the village Cikupa (36.03.18.2001), through the importer.
    pub fn load_tangerang(&self) {
        use lapor_api::import::parse;
        use lapor_types::reference::RegionLevel::*;
        let mut rows = parse("p", "code,name\n36,Banten\n", Province).unwrap();
        rows.extend(parse("r", "code,p,name\n36.03,36,Kabupaten Tangerang\n", Regency).unwrap());
        rows.extend(
            parse(
                "d",
                "code,r,name\n36.03.18,36.03,Cikupa\n36.03.01,36.03,Balaraja\n",
                District,
            )
            .unwrap(),
        );
        rows.extend(parse("v", "code,d,name\n36.03.18.2001,36.03.18,Cikupa\n", Village).unwrap());
        self.with_conn(|c| lapor_api::import::import(c, &rows).unwrap());
    }

    /// Creates a root regional government serving `region`; returns its id.
    pub async fn government(&self, admin: &str, code: &str, region: &str) -> i64 {
        let r = self
            .post(
                "/api/v1/institutions",
                Some(admin),
                json!({"code": code, "name": format!("Pemerintah {code}"), "kind": "regional_government", "region_code": region}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_i64().unwrap()
    }

    pub fn with_conn<T>(&self, f: impl FnOnce(&mut DbConn) -> T) -> T {
        f(&mut self.conn())
    }
}

impl Resp {
    pub async fn read(res: reqwest::Response) -> Resp {
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Resp {
            status,
            headers,
            body,
        }
    }
}

/// A small regency to test with: Kabupaten Tangerang's government with one unit, and one
/// account per role.
pub struct Regency {
    pub regency: i64,
    pub unit: i64,
    pub admin: String,
    pub citizen: String,
    pub coordinator: String,
    pub liaison: String,
    pub supervisor: String,
}

impl TestApp {
    pub async fn regency(&self) -> Regency {
        self.load_tangerang();
        let admin = self.admin().await;
        let regency = self.government(&admin, "PEMKAB", "36.03").await;
        let unit = self
            .institution(&admin, "DPUPR", "unit", Some(regency))
            .await;
        Regency {
            regency,
            unit,
            citizen: self
                .token_for("siti@example.id", Role::Reporter, None)
                .await,
            coordinator: self
                .token_for("koor@tng.go.id", Role::Coordinator, Some(regency))
                .await,
            liaison: self
                .token_for("pupr@tng.go.id", Role::Liaison, Some(unit))
                .await,
            supervisor: self
                .token_for("inspektorat@tng.go.id", Role::Supervisor, Some(regency))
                .await,
            admin,
        }
    }
}

impl Regency {
    /// The coordinator verifies report `id` and disposes it to the unit; returns the
    /// disposition's id.
    pub async fn dispose(&self, app: &TestApp, id: i64) -> i64 {
        let r = format!("/api/v1/reports/{id}");
        app.ok(&format!("{r}/verify"), &self.coordinator, json!({}))
            .await;
        app.ok(
            &format!("{r}/dispositions"),
            &self.coordinator,
            json!({"institution_id": self.unit, "instruction": "Mohon diperbaiki"}),
        )
        .await["id"]
            .as_i64()
            .unwrap()
    }

    /// The unit accepts disposition `d` of report `id`, responds and completes it: the report
    /// is resolved.
    pub async fn resolve(&self, app: &TestApp, id: i64, d: i64) {
        let unit = &self.liaison;
        app.ok(&format!("/api/v1/dispositions/{d}/accept"), unit, json!({}))
            .await;
        let response = json!({"kind": "response", "body": "Sudah kami jadwalkan minggu ini."});
        app.ok(&format!("/api/v1/reports/{id}/followups"), unit, response)
            .await;
        let done = json!({"resolution": "Jalan sudah ditambal dan diaspal ulang."});
        app.ok(&format!("/api/v1/dispositions/{d}/complete"), unit, done)
            .await;
    }
}

/// The Python that has aiosmtpd: `LAPOR_TEST_PYTHON` (`make test` sets it to the virtual
/// environment it installs), else that environment if present, else `python3`.
pub fn test_python() -> PathBuf {
    if let Ok(python) = std::env::var("LAPOR_TEST_PYTHON") {
        return PathBuf::from(python);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// The fake national SP4N-LAPOR! platform (`tools/fake_national.py`, docs/NATIONAL.md): its own
/// process, speaking the national API over HTTP, keeping its state in `dir`, failing on demand.
pub struct FakeNational {
    pub url: String,
    child: std::process::Child,
    client: reqwest::Client,
}

/// The credentials the fake accepts, and the regency's id there.
pub const FAKE_BEARER: &str = "fake-bearer";
pub const FAKE_INSTITUTION_TOKEN: &str = "fake-institution-token";
pub const FAKE_INSTITUTION_ID: i64 = 3603;

impl FakeNational {
    pub fn start(dir: &Path) -> FakeNational {
        use std::io::BufRead;
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tools/fake_national.py");
        let mut child = Command::new(test_python())
            .arg(script)
            .args(["--port", "0", "--state"])
            .arg(dir.join("fake-national.json"))
            .args([
                "--bearer",
                FAKE_BEARER,
                "--institution-token",
                FAKE_INSTITUTION_TOKEN,
            ])
            .args(["--institution-id", &FAKE_INSTITUTION_ID.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the fake national platform");
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the fake did not start: {line:?}"))
            .to_owned();
        FakeNational {
            url,
            child,
            client: reqwest::Client::new(),
        }
    }

    /// The settings that point lapor at the fake, importing as `account` into `region`.
    pub fn settings(&self, account: &str, region: &str) -> Vec<(&'static str, String)> {
        vec![
            ("LAPOR_NATIONAL_URL", self.url.clone()),
            ("LAPOR_NATIONAL_TOKEN", FAKE_BEARER.to_owned()),
            (
                "LAPOR_NATIONAL_INSTITUTION_TOKEN",
                FAKE_INSTITUTION_TOKEN.to_owned(),
            ),
            (
                "LAPOR_NATIONAL_INSTITUTION_ID",
                FAKE_INSTITUTION_ID.to_string(),
            ),
            ("LAPOR_NATIONAL_ACCOUNT", account.to_owned()),
            ("LAPOR_NATIONAL_REGION", region.to_owned()),
        ]
    }

    /// A control call (`/_fake/…`): never faulted, no credentials.
    pub async fn control(&self, path: &str, body: Value) -> Value {
        let r = self
            .client
            .post(format!("{}/_fake/{path}", self.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap()
    }

    /// A citizen files on the national site and it is disposed to the regency; its id.
    pub async fn complaint(&self, body: Value) -> i64 {
        self.control("complaints", body).await["id"]
            .as_i64()
            .unwrap()
    }

    /// Everything the fake holds.
    pub async fn state(&self) -> Value {
        let url = format!("{}/_fake/state", self.url);
        self.client
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

impl Drop for FakeNational {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A real SMTP server (Python's aiosmtpd) that keeps what it receives in a Maildir.
pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<std::process::Child>,
}

impl SmtpSink {
    /// A free port with no server on it yet (`listen` starts one): mail sent there fails.
    pub fn reserve() -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        SmtpSink {
            port,
            dir: tempfile::tempdir().unwrap(),
            child: None,
        }
    }

    pub fn start() -> SmtpSink {
        let mut sink = SmtpSink::reserve();
        sink.listen();
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts the server and waits until it accepts connections.
    pub fn listen(&mut self) {
        let child = Command::new(test_python())
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(self.dir.path().join("mail"))
            .stdout(Stdio::null())
            .spawn()
            .expect("python with aiosmtpd: run the tests with `make test`, which installs it");
        self.child = Some(child);
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!(
            "aiosmtpd did not start on port {} ({}): `make test` installs it",
            self.port,
            test_python().display()
        );
    }

    /// Every message received, raw.
    pub fn messages(&self) -> Vec<String> {
        let new = self.dir.path().join("mail").join("new");
        let Ok(entries) = std::fs::read_dir(new) else {
            return Vec::new();
        };
        entries
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    }

    /// The messages to `to`, after a round of `app`'s jobs sent what was queued, with
    /// quoted-printable soft breaks undone.
    pub async fn mail_to(&self, app: &TestApp, to: &str) -> Vec<String> {
        app.jobs().await;
        self.messages()
            .into_iter()
            .filter(|m| m.contains(&format!("To: {to}")))
            .map(|m| {
                m.replace("=\r\n", "")
                    .replace("=\n", "")
                    .replace("=3D", "=")
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `lapor` in `dir` with only the given settings (none inherited from the test's environment).
pub fn lapor(dir: &Path, env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(lapor_bin());
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("RUST_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// What a finished command printed, both streams.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A running `lapor serve`, stopped on drop.
pub struct Server {
    pub child: std::process::Child,
    pub base: String,
}

impl Server {
    pub async fn start(dir: &Path, env: &[(&str, &str)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let mut env = env.to_vec();
        env.push(("LAPOR_LISTEN", &listen));
        let child = lapor(dir, &env)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            base: format!("http://{listen}"),
        };
        let client = reqwest::Client::new();
        // Poll until it answers (bounded); readiness, not timing, is what is checked.
        for _ in 0..200 {
            if let Ok(r) = client.get(format!("{}/readyz", server.base)).send().await
                && r.status() == StatusCode::OK
            {
                return server;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("lapor serve did not become ready");
    }
}

impl Server {
    /// The server's peak resident memory so far (VmHWM), in bytes.
    pub fn peak_memory(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap();
        kb * 1024
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `lapor` binary, built by `cargo build` before the tests (the README's test command does).
pub fn lapor_bin() -> PathBuf {
    if let Ok(path) = std::env::var("LAPOR_BIN") {
        return PathBuf::from(path);
    }
    // target/debug/deps/api-… → target/debug/lapor
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().unwrap().parent().unwrap().join("lapor");
    assert!(
        path.exists(),
        "{} is missing: run `cargo build -p lapor-api` first (`make test` does)",
        path.display()
    );
    path
}

/// Runs each `async fn name(app: TestApp)` of a test module on a fresh app on both databases,
/// as the tests `name::sqlite` and `name::postgres` (the functions stay plain items, so
/// rustfmt formats them).
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    super::$name($crate::TestApp::start($crate::Backend::Sqlite).await).await
                }

                #[actix_web::test]
                async fn postgres() {
                    super::$name($crate::TestApp::start($crate::Backend::Postgres).await).await
                }
            }
        )*
    };
}

/// Runs each `async fn name(backend: Backend)` of a test module on both databases, as the tests
/// `name::sqlite` and `name::postgres` (for tests that start their app with settings).
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    super::$name($crate::Backend::Sqlite).await;
                }

                #[actix_web::test]
                async fn postgres() {
                    super::$name($crate::Backend::Postgres).await;
                }
            }
        )*
    };
}
