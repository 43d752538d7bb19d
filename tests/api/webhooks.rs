//! Webhooks (docs/INTEGRATION.md): each change an account may see, sent to its receivers signed
//! (Standard Webhooks), in order per report, retried on the schedule, never to an address
//! webhooks may not call, and managed only by their owner (or an admin). The story with a real
//! `lapor serve` killed mid-way and an off-the-shelf verifier is `cli::webhooks_survive_a_kill`.

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use lapor_api::domain::webhooks::signature;
use lapor_tests::{Backend, Regency, SmtpSink, TestApp, both_backends, on_both};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What a receiver got.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: String,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }

    fn verifies(&self, secret: &str) -> bool {
        let id = &self.headers["webhook-id"];
        let ts: i64 = self.headers["webhook-timestamp"].parse().unwrap();
        self.headers["webhook-signature"] == signature(&[secret], id, ts, &self.body)
    }
}

/// A status and, maybe, a `Retry-After`.
type Answer = (u16, Option<&'static str>);

/// A real HTTP receiver in the test: records every request and answers from a script (status
/// and `Retry-After`), 204 once the script is spent.
#[derive(Clone)]
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<Answer>>>,
    /// How long it takes to answer, and the most requests it ever had open at once.
    slow: Arc<Mutex<std::time::Duration>>,
    most_at_once: Arc<AtomicUsize>,
}

impl Receiver {
    fn start() -> Receiver {
        let got = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::new()));
        let slow = Arc::new(Mutex::new(std::time::Duration::ZERO));
        let (open, most_at_once) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (g, sc) = (got.clone(), script.clone());
        let (sl, op, most) = (slow.clone(), open.clone(), most_at_once.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = HttpServer::new(move || {
            let (g, sc) = (g.clone(), sc.clone());
            let (sl, op, most) = (sl.clone(), op.clone(), most.clone());
            App::new().default_service(web::to(move |req: HttpRequest, body: String| {
                let (g, sc) = (g.clone(), sc.clone());
                let (sl, op, most) = (sl.clone(), op.clone(), most.clone());
                async move {
                    let now_open = op.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now_open, Ordering::SeqCst);
                    let wait = *sl.lock().unwrap();
                    actix_web::rt::time::sleep(wait).await;
                    op.fetch_sub(1, Ordering::SeqCst);
                    let headers = req
                        .headers()
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
                        .collect();
                    g.lock().unwrap().push(Received { headers, body });
                    let (status, retry_after) =
                        sc.lock().unwrap().pop_front().unwrap_or((204, None));
                    let mut answer =
                        HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
                    if let Some(wait) = retry_after {
                        answer.insert_header(("Retry-After", wait));
                    }
                    answer.finish()
                }
            }))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        actix_web::rt::spawn(server);
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks/lapor"),
            got,
            script,
            slow,
            most_at_once,
        }
    }

    fn answer(&self, answers: &[Answer]) {
        self.script.lock().unwrap().extend(answers.iter().copied());
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

/// An app whose webhooks may call 127.0.0.1, on a clock the test moves.
async fn app_with_receivers(backend: Backend) -> TestApp {
    TestApp::start_with(
        backend,
        &[
            ("LAPOR_NOW", "2027-01-04T01:00:00Z".to_owned()),
            ("LAPOR_WEBHOOK_ALLOW_PRIVATE", "true".to_owned()),
        ],
    )
    .await
}

/// An integrator with a key for filing, reading the feed and managing webhooks.
async fn integrator(app: &TestApp, w: &Regency, email: &str) -> (i64, String) {
    let id = app.create_user(email, Role::Integrator, None);
    let scopes = [
        "reports:read",
        "reports:write",
        "changes:read",
        "webhooks:manage",
    ];
    let key = app
        .ok(
            "/api/v1/api-keys",
            &w.admin,
            json!({"user_id": id, "name": "Kanal WhatsApp", "scopes": scopes}),
        )
        .await;
    (id, key["secret"].as_str().unwrap().to_owned())
}

fn whatsapp_report() -> Value {
    json!({
        "kind": "complaint",
        "channel": "whatsapp",
        "title": "Lampu jalan mati di Cikupa",
        "body": "Lampu penerangan jalan di depan pasar Cikupa mati sejak dua minggu lalu.",
        "incident_date": "2027-01-01",
        "region_code": "36.03.18",
        "address": "Pasar Cikupa",
        "on_behalf_of": {"name": "Budi Santoso", "phone": "081234567890"},
    })
}

/// Delivery rounds until the receiver holds `n` requests (a round on PostgreSQL may gather
/// nothing while another test's transaction runs: the feed's horizon waits for it).
async fn deliver_until(app: &TestApp, receiver: &Receiver, n: usize) -> Vec<Received> {
    for _ in 0..200 {
        app.webhooks().await;
        if receiver.got().len() >= n {
            return receiver.got();
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the receiver got {} of {n} requests", receiver.got().len());
}

async fn a_webhook_gets_each_change_signed_in_order_and_retried(backend: Backend) {
    let app = app_with_receivers(backend).await;
    let w = app.regency().await;
    let (_, key) = integrator(&app, &w, "wa@kanal.id").await;
    let receiver = Receiver::start();
    let created = app
        .post(
            "/api/v1/webhooks",
            Some(&key),
            json!({"url": receiver.url, "kinds": []}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    let hook = created.body["id"].as_i64().unwrap();
    let listed = app.get("/api/v1/webhooks", Some(&key)).await;
    assert!(
        !listed.body.to_string().contains(&secret),
        "the secret is shown once"
    );

    let report = app.ok("/api/v1/reports", &key, whatsapp_report()).await["id"]
        .as_i64()
        .unwrap();
    w.dispose(&app, report).await;
    // The first attempt fails: the report's later changes wait behind it.
    receiver.answer(&[(500, None)]);
    let first = deliver_until(&app, &receiver, 1).await;
    assert_eq!(
        first.len(),
        1,
        "nothing passes a failed change of its report"
    );
    let deliveries = app
        .get(
            &format!("/api/v1/webhooks/{hook}/deliveries?pending=true"),
            Some(&key),
        )
        .await;
    let oldest = deliveries.body["items"].as_array().unwrap().last().unwrap();
    assert_eq!(oldest["attempts"], 1);
    assert_eq!(oldest["recent_attempts"][0]["status"], 500);
    assert_eq!(oldest["recent_attempts"][0]["failure"], "http_status");
    assert_eq!(
        oldest["recent_attempts"][0]["error"],
        "HTTP 500 Internal Server Error"
    );
    let next: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(oldest["next_attempt_at"].clone()).unwrap();
    let wait = (next - app.now()).num_milliseconds();
    assert!(
        (4_500..=5_500).contains(&wait),
        "5 s, with jitter: {wait} ms"
    );
    app.webhooks().await;
    assert_eq!(receiver.got().len(), 1, "not before its time");

    app.advance(chrono::Duration::seconds(6));
    let got = deliver_until(&app, &receiver, 4).await;
    let feed = app.get("/api/v1/changes", Some(&key)).await.body["items"].clone();
    let feed = feed.as_array().unwrap();
    assert_eq!(
        got.len(),
        feed.len() + 1,
        "each change once, the first twice"
    );
    assert_eq!(got[0].body, got[1].body, "a retry sends the same body");
    for (received, change) in got[1..].iter().zip(feed) {
        assert!(received.verifies(&secret), "{:?}", received.headers);
        let body = received.json();
        assert_eq!(body["data"], *change, "the feed's change, as it is");
        assert_eq!(
            body["type"],
            format!("report.{}", change["kind"].as_str().unwrap())
        );
        assert_eq!(received.headers["webhook-id"], change["id"].to_string());
        assert_eq!(received.headers["content-type"], "application/json");
    }
    let kinds: Vec<Value> = got[1..]
        .iter()
        .map(|r| r.json()["data"]["kind"].clone())
        .collect();
    assert_eq!(
        kinds,
        [json!("submitted"), json!("verified"), json!("disposed")]
    );
    let shown = app
        .get(&format!("/api/v1/webhooks/{hook}"), Some(&key))
        .await;
    assert_eq!(
        shown.body["failing_since"],
        Value::Null,
        "a success ends the spell"
    );

    // Redelivered: the same id and body again.
    let delivered = app
        .get(&format!("/api/v1/webhooks/{hook}/deliveries"), Some(&key))
        .await;
    let newest = &delivered.body["items"][0];
    assert!(newest["delivered_at"].is_string());
    let path = format!(
        "/api/v1/webhooks/{hook}/deliveries/{}/redeliver",
        newest["id"]
    );
    assert_eq!(
        app.post(&path, Some(&key), json!({})).await.status,
        StatusCode::ACCEPTED
    );
    let again = deliver_until(&app, &receiver, 5).await;
    assert_eq!(again[4].body, again[3].body);
    assert_eq!(
        again[4].headers["webhook-id"],
        again[3].headers["webhook-id"]
    );
}

async fn kinds_filter_and_rotation_signs_with_both_secrets_for_a_day(backend: Backend) {
    let app = app_with_receivers(backend).await;
    let w = app.regency().await;
    let (_, key) = integrator(&app, &w, "wa@kanal.id").await;
    let receiver = Receiver::start();
    let created = app
        .ok(
            "/api/v1/webhooks",
            &key,
            json!({"url": receiver.url, "kinds": ["disposed"]}),
        )
        .await;
    let (hook, old) = (created["id"].as_i64().unwrap(), created["secret"].clone());
    let rotated = app
        .ok(
            &format!("/api/v1/webhooks/{hook}/rotate-secret"),
            &key,
            json!({}),
        )
        .await;
    let new = rotated["secret"].as_str().unwrap();
    // Not again within the day the old one still signs.
    let again = app
        .post(
            &format!("/api/v1/webhooks/{hook}/rotate-secret"),
            Some(&key),
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "rotation_pending");
    let report = app.ok("/api/v1/reports", &key, whatsapp_report()).await["id"]
        .as_i64()
        .unwrap();
    w.dispose(&app, report).await;
    let got = deliver_until(&app, &receiver, 1).await;
    assert_eq!(
        got[0].json()["type"],
        "report.disposed",
        "only the kinds asked for"
    );
    let signatures: Vec<&str> = got[0].headers["webhook-signature"].split(' ').collect();
    let (id, ts) = (
        &got[0].headers["webhook-id"],
        got[0].headers["webhook-timestamp"].parse().unwrap(),
    );
    assert_eq!(
        signatures,
        [
            signature(&[new], id, ts, &got[0].body),
            signature(&[old.as_str().unwrap()], id, ts, &got[0].body),
        ]
    );

    app.advance(chrono::Duration::hours(25));
    let second = app.ok("/api/v1/reports", &key, whatsapp_report()).await["id"]
        .as_i64()
        .unwrap();
    w.dispose(&app, second).await;
    let got = deliver_until(&app, &receiver, 2).await;
    assert!(
        got[1].verifies(new),
        "after a day only the new secret signs"
    );
}

async fn gone_or_three_days_failing_turn_it_off_and_on_again_loses_nothing(backend: Backend) {
    let smtp = SmtpSink::start();
    let app = TestApp::start_with(
        backend,
        &[
            ("LAPOR_NOW", "2027-01-04T01:00:00Z".to_owned()),
            ("LAPOR_WEBHOOK_ALLOW_PRIVATE", "true".to_owned()),
            ("LAPOR_SMTP_URL", smtp.url()),
        ],
    )
    .await;
    let w = app.regency().await;
    let (_, key) = integrator(&app, &w, "wa@kanal.id").await;
    let receiver = Receiver::start();
    let hook = app
        .ok("/api/v1/webhooks", &key, json!({"url": receiver.url}))
        .await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/webhooks/{hook}");
    receiver.answer(&[(410, None)]);
    app.ok("/api/v1/reports", &key, whatsapp_report()).await;
    deliver_until(&app, &receiver, 1).await;
    let off = app.get(&path, Some(&key)).await.body;
    assert_eq!(
        (off["active"].clone(), off["disabled_reason"].clone()),
        (json!(false), json!("gone"))
    );
    let mail = smtp.mail_to(&app, "wa@kanal.id").await;
    assert!(
        mail.iter()
            .any(|m| m.contains(&format!("Webhook {hook}")) && m.contains("410 Gone")),
        "{mail:?}"
    );

    // Changes while it is off wait; none is sent.
    let report = app.ok("/api/v1/reports", &key, whatsapp_report()).await["id"]
        .as_i64()
        .unwrap();
    w.dispose(&app, report).await;
    app.webhooks().await;
    assert_eq!(receiver.got().len(), 1);
    let on = app.patch(&path, Some(&key), json!({"active": true})).await;
    assert_eq!(on.body["disabled_reason"], Value::Null);
    let got = deliver_until(&app, &receiver, 5).await;
    assert_eq!(got[1].body, got[0].body, "the refused one again");
    let later: Vec<Value> = got[1..]
        .iter()
        .filter(|r| r.json()["data"]["report_id"] == report)
        .map(|r| r.json()["data"]["kind"].clone())
        .collect();
    assert_eq!(
        later,
        ["submitted", "verified", "disposed"].map(|k| json!(k)),
        "then everything that happened while off, in order"
    );

    // Three days of failures.
    receiver.answer(&[(503, None); 20]);
    app.ok("/api/v1/reports", &key, whatsapp_report()).await;
    deliver_until(&app, &receiver, 6).await;
    for _ in 0..10 {
        app.advance(chrono::Duration::hours(11));
        app.webhooks().await;
    }
    let off = app.get(&path, Some(&key)).await.body;
    assert_eq!(off["disabled_reason"], "failing", "{off}");
    let attempts = receiver.got().len() - 5;
    assert!(
        (7..=9).contains(&attempts),
        "5 s, 5 min, 30 min, 2 h, 5 h, 10 h … for 3 days: {attempts}"
    );
    let mail = smtp.mail_to(&app, "wa@kanal.id").await;
    assert!(mail.iter().any(|m| m.contains("tiga hari")), "{mail:?}");
}

/// Each failed attempt says why, as a kind the web app words (and the detail beside it): a
/// receiver that is not listening, and an address lapor may not call (one stored before the
/// rules refused it: sending checks again).
async fn each_failed_attempt_says_why(backend: Backend) {
    let app = app_with_receivers(backend).await;
    let w = app.regency().await;
    let (_, key) = integrator(&app, &w, "wa@kanal.id").await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let hook = app.ok("/api/v1/webhooks", &key, json!({"url": url})).await["id"]
        .as_i64()
        .unwrap();
    app.ok("/api/v1/reports", &key, whatsapp_report()).await;
    // Rounds until the delivery has `n` attempts (see deliver_until); its latest.
    let last_attempt = async |n: usize| {
        let path = format!("/api/v1/webhooks/{hook}/deliveries");
        for _ in 0..200 {
            app.webhooks().await;
            let page = app.get(&path, Some(&key)).await.body;
            if page["items"][0]["attempts"] == n {
                return page["items"][0]["recent_attempts"][0].clone();
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("no attempt {n}");
    };
    let unreachable = last_attempt(1).await;
    assert_eq!(unreachable["failure"], "unreachable", "{unreachable}");
    assert_eq!(unreachable["status"], Value::Null);
    assert!(
        unreachable["error"]
            .as_str()
            .unwrap()
            .starts_with("could not connect"),
        "{unreachable}"
    );
    app.with_conn(|conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query("UPDATE webhooks SET url = 'http://169.254.169.254/hook'")
            .execute(conn)
            .unwrap();
    });
    app.advance(chrono::Duration::seconds(6));
    let refused = last_attempt(2).await;
    assert_eq!(refused["failure"], "refused_address", "{refused}");
}

async fn webhooks_belong_to_their_account(backend: Backend) {
    let app = app_with_receivers(backend).await;
    let w = app.regency().await;
    let (integrator_id, key) = integrator(&app, &w, "wa@kanal.id").await;
    let (_, other_key) = integrator(&app, &w, "sms@kanal.id").await;
    let sibling_unit = app
        .institution(&w.admin, "DINKES", "unit", Some(w.regency))
        .await;
    let sibling = app
        .token_for("dinkes@tng.go.id", Role::Liaison, Some(sibling_unit))
        .await;
    let receiver = Receiver::start();
    let body = json!({"url": receiver.url});
    let mine = app.ok("/api/v1/webhooks", &key, body.clone()).await["id"]
        .as_i64()
        .unwrap();
    let liaisons = app.ok("/api/v1/webhooks", &w.liaison, body.clone()).await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/webhooks/{mine}");
    for (token, who) in [
        (&other_key, "another integrator"),
        (&sibling, "a sibling unit's liaison"),
    ] {
        assert_eq!(
            app.get(&path, Some(token)).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
        let patched = app
            .patch(&path, Some(token), json!({"active": false}))
            .await;
        assert_eq!(patched.status, StatusCode::NOT_FOUND, "{who}");
        assert_eq!(
            app.delete(&path, Some(token)).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
        let deliveries = app.get(&format!("{path}/deliveries"), Some(token)).await;
        assert_eq!(deliveries.status, StatusCode::NOT_FOUND, "{who}");
        let listed = app.get("/api/v1/webhooks", Some(token)).await;
        assert_eq!(listed.body["items"], json!([]), "{who}");
    }
    let sibling_own = app
        .get(&format!("/api/v1/webhooks/{liaisons}"), Some(&sibling))
        .await;
    assert_eq!(sibling_own.status, StatusCode::NOT_FOUND);
    // A citizen has none; an admin makes them for an account that may hold keys, not itself.
    let citizen = app
        .post("/api/v1/webhooks", Some(&w.citizen), body.clone())
        .await;
    assert_eq!(citizen.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post("/api/v1/webhooks", Some(&w.admin), body.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let for_other = json!({"url": receiver.url, "user_id": integrator_id});
    assert_eq!(
        app.post("/api/v1/webhooks", Some(&w.liaison), for_other.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let made = app
        .post("/api/v1/webhooks", Some(&w.admin), for_other)
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let citizen_id = app.create_user("warga@example.id", Role::Reporter, None);
    let refused = app
        .post(
            "/api/v1/webhooks",
            Some(&w.admin),
            json!({"url": receiver.url, "user_id": citizen_id}),
        )
        .await;
    assert_eq!(refused.code(), "validation_failed", "{}", refused.body);
    let all = app.get("/api/v1/webhooks", Some(&w.admin)).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 3);
    assert_eq!(app.get(&path, Some(&w.admin)).await.status, StatusCode::OK);
    // A key without the scope.
    let reader = app.create_user("dw@kanal.id", Role::Integrator, None);
    let reader_key = app
        .ok(
            "/api/v1/api-keys",
            &w.admin,
            json!({"user_id": reader, "name": "DW", "scopes": ["changes:read"]}),
        )
        .await["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let scoped = app.get("/api/v1/webhooks", Some(&reader_key)).await;
    assert_eq!(scoped.code(), "insufficient_scope");
    assert_eq!(
        app.delete(&path, Some(&key)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&path, Some(&key)).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn webhook_urls_must_reach_a_public_address(app: TestApp) {
    let w = app.regency().await;
    let (_, key) = integrator(&app, &w, "wa@kanal.id").await;
    let refusals = [
        (
            json!({"url": "http://127.0.0.1:9/hook"}),
            "url",
            "not_allowed",
        ),
        (
            json!({"url": "http://localhost:9/hook"}),
            "url",
            "not_allowed",
        ),
        (json!({"url": "http://[::1]/hook"}), "url", "not_allowed"),
        (
            json!({"url": "http://169.254.169.254/latest/meta-data/"}),
            "url",
            "not_allowed",
        ),
        (json!({"url": "http://10.0.0.8/hook"}), "url", "not_allowed"),
        (json!({"url": "http://0x7f.1/hook"}), "url", "not_allowed"),
        (
            json!({"url": "http://[::127.0.0.1]/hook"}),
            "url",
            "not_allowed",
        ),
        (
            json!({"url": "http://[2002:7f00:1::]/hook"}),
            "url",
            "not_allowed",
        ),
        (
            json!({"url": "http://168.63.129.16/machine"}),
            "url",
            "not_allowed",
        ),
        (
            json!({"url": "http://93.184.216.34:0/hook"}),
            "url",
            "invalid",
        ),
        (json!({"url": "ftp://example.org/hook"}), "url", "invalid"),
        (
            json!({"url": "https://user:pass@example.org/hook"}),
            "url",
            "invalid",
        ),
        (json!({"url": "not a url"}), "url", "invalid"),
        (json!({"url": "http://exa\u{0}mple.org/"}), "url", "invalid"),
        (
            json!({"url": format!("https://example.org/{}", "a".repeat(2000))}),
            "url",
            "length",
        ),
        (
            json!({"url": "https://example.org/", "kinds": ["disposed", "disposed"]}),
            "kinds",
            "kinds",
        ),
        (
            json!({"url": "https://example.org/", "kinds": ["deadline_approaching"]}),
            "kinds",
            "kinds",
        ),
    ];
    for (body, field, code) in refusals {
        let r = app.post("/api/v1/webhooks", Some(&key), body.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.body
        );
        let errors = r.body["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["code"] == code),
            "{body}: {}",
            r.body
        );
    }
    for garbage in [
        json!({"url": 5}),
        json!({"url": "https://example.org/", "kinds": ["nope"]}),
        json!({"url": "https://example.org/", "extra": 1}),
    ] {
        let r = app
            .post("/api/v1/webhooks", Some(&key), garbage.clone())
            .await;
        assert!(r.status.is_client_error(), "{garbage}: {}", r.status);
    }
    let local = app
        .post(
            "/api/v1/webhooks",
            Some(&key),
            json!({"url": "http://localhost:9/"}),
        )
        .await;
    assert!(
        !local.body.to_string().contains("127.0.0.1"),
        "the address a name resolves to is not told: {}",
        local.body
    );
    let listed = app.get("/api/v1/webhooks", Some(&key)).await;
    assert_eq!(listed.body["items"], json!([]), "nothing stored");
    // A public address written as such needs no name lookup; an account has at most ten.
    for n in 0..10 {
        let url = format!("https://93.184.216.34/hook/{n}");
        app.ok("/api/v1/webhooks", &key, json!({"url": url})).await;
    }
    let eleventh = app
        .post(
            "/api/v1/webhooks",
            Some(&key),
            json!({"url": "https://93.184.216.34/hook/10"}),
        )
        .await;
    assert_eq!(eleventh.fields(), ["user_id"], "{}", eleventh.body);
    assert!(eleventh.body.to_string().contains("too_many"));
    // Even where private addresses are allowed, metadata addresses are not; nor a change of URL
    // to one.
    let allowed = app_with_receivers(app.backend).await;
    let w = allowed.regency().await;
    let (_, key) = integrator(&allowed, &w, "wa@kanal.id").await;
    let metadata = json!({"url": "http://169.254.169.254/"});
    let r = allowed
        .post("/api/v1/webhooks", Some(&key), metadata.clone())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let hook = allowed
        .ok(
            "/api/v1/webhooks",
            &key,
            json!({"url": "http://127.0.0.1:9/hook"}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let r = allowed
        .patch(&format!("/api/v1/webhooks/{hook}"), Some(&key), metadata)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Two replicas' rounds at once send each delivery once.
async fn replicas_never_send_the_same_delivery_at_once(backend: Backend) {
    let app = app_with_receivers(backend).await;
    let w = app.regency().await;
    let (_, key) = integrator(&app, &w, "wa@kanal.id").await;
    let receiver = Receiver::start();
    app.ok("/api/v1/webhooks", &key, json!({"url": receiver.url}))
        .await;
    for _ in 0..12 {
        app.ok("/api/v1/reports", &key, whatsapp_report()).await;
    }
    for _ in 0..200 {
        futures_util::future::join(app.webhooks(), app.webhooks()).await;
        if receiver.got().len() >= 12 {
            break;
        }
    }
    let mut ids: Vec<String> = receiver
        .got()
        .iter()
        .map(|r| r.headers["webhook-id"].clone())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!((ids.len(), n), (12, 12), "each once");
}

/// A slow receiver holds one sender at a time, never the round: its deliveries go one by one
/// while another webhook's go meanwhile.
async fn a_slow_receiver_holds_one_sender(backend: Backend) {
    let app = app_with_receivers(backend).await;
    let w = app.regency().await;
    let (_, slow_key) = integrator(&app, &w, "lambat@kanal.id").await;
    let (_, quick_key) = integrator(&app, &w, "cepat@kanal.id").await;
    let (slow, quick) = (Receiver::start(), Receiver::start());
    *slow.slow.lock().unwrap() = std::time::Duration::from_millis(300);
    app.ok("/api/v1/webhooks", &slow_key, json!({"url": slow.url}))
        .await;
    app.ok("/api/v1/webhooks", &quick_key, json!({"url": quick.url}))
        .await;
    for _ in 0..4 {
        app.ok("/api/v1/reports", &slow_key, whatsapp_report())
            .await;
        app.ok("/api/v1/reports", &quick_key, whatsapp_report())
            .await;
    }
    deliver_until(&app, &slow, 4).await;
    deliver_until(&app, &quick, 4).await;
    assert_eq!(
        slow.most_at_once.load(Ordering::SeqCst),
        1,
        "one delivery of a webhook at a time"
    );
    // Three slow webhooks of one account hold two senders, not three.
    let (_, many_key) = integrator(&app, &w, "banyak@kanal.id").await;
    let shared = Receiver::start();
    *shared.slow.lock().unwrap() = std::time::Duration::from_millis(300);
    for path in ["a", "b", "c"] {
        let url = format!("{}/{path}", shared.url);
        app.ok("/api/v1/webhooks", &many_key, json!({"url": url}))
            .await;
    }
    for _ in 0..2 {
        app.ok("/api/v1/reports", &many_key, whatsapp_report())
            .await;
    }
    deliver_until(&app, &shared, 6).await;
    assert_eq!(
        shared.most_at_once.load(Ordering::SeqCst),
        2,
        "two per account"
    );
}

both_backends!(webhook_urls_must_reach_a_public_address);
on_both!(
    a_webhook_gets_each_change_signed_in_order_and_retried,
    kinds_filter_and_rotation_signs_with_both_secrets_for_a_day,
    webhooks_belong_to_their_account,
    replicas_never_send_the_same_delivery_at_once,
    gone_or_three_days_failing_turn_it_off_and_on_again_loses_nothing,
    webhooks_survive_a_kill_and_a_flaky_receiver,
    a_slow_receiver_holds_one_sender,
    each_failed_attempt_says_why,
);

/// The receiver of `tests/support/webhook_receiver.py`: Python, verifying with the
/// `standardwebhooks` package, failing every third request.
struct PyReceiver {
    child: std::process::Child,
    url: String,
    secret: std::path::PathBuf,
    out: std::path::PathBuf,
}

impl PyReceiver {
    fn start(dir: &std::path::Path) -> PyReceiver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (secret, out) = (dir.join("webhook-secret"), dir.join("received.jsonl"));
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/support/webhook_receiver.py");
        let mut child = std::process::Command::new(lapor_tests::test_python())
            .arg(script)
            .arg(port.to_string())
            .args([&secret, &out])
            .spawn()
            .expect("python with standardwebhooks: `make test` installs it");
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return PyReceiver {
                    child,
                    url: format!("http://127.0.0.1:{port}/lapor"),
                    secret,
                    out,
                };
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the webhook receiver did not start (is standardwebhooks installed?)");
    }

    /// What it accepted (and refused), in order.
    fn lines(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for PyReceiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The story: a real `lapor serve` delivers a scripted story's changes to a receiver
/// that fails a third of its requests and verifies every signature with an off-the-shelf
/// library; the server is killed (SIGKILL) mid-story and started again. The receiver ends with
/// every change the feed has, none lost, duplicates only with the same id and body, in order
/// per report.
async fn webhooks_survive_a_kill_and_a_flaky_receiver(backend: Backend) {
    use lapor_tests::Server;
    let app = app_with_receivers(backend).await;
    let w = app.regency().await;
    let (_, key) = integrator(&app, &w, "wa@kanal.id").await;
    let receiver = PyReceiver::start(app.db.dir.path());
    let hook = app
        .ok("/api/v1/webhooks", &key, json!({"url": receiver.url}))
        .await;
    std::fs::write(&receiver.secret, hook["secret"].as_str().unwrap()).unwrap();
    let env = [
        ("DATABASE_URL", app.db.url.as_str()),
        ("LAPOR_JWT_SECRET", lapor_tests::SECRET),
        // The system clock: retries fall due as time passes.
        ("LAPOR_JOBS_INTERVAL", "0"),
        ("LAPOR_WEBHOOK_INTERVAL", "1"),
        ("LAPOR_WEBHOOK_ALLOW_PRIVATE", "true"),
    ];
    let server = Server::start(app.db.dir.path(), &env).await;
    // Filed and disposed while the server delivers.
    let mut reports = Vec::new();
    for _ in 0..3 {
        let id = app.ok("/api/v1/reports", &key, whatsapp_report()).await["id"]
            .as_i64()
            .unwrap();
        reports.push((id, w.dispose(&app, id).await));
    }
    for _ in 0..600 {
        if receiver.lines().len() >= 3 {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(receiver.lines().len() >= 3, "delivering before the kill");
    drop(server); // SIGKILL
    for (id, d) in &reports {
        w.resolve(&app, *id, *d).await;
    }
    let server = Server::start(app.db.dir.path(), &env).await;

    // Until the receiver holds exactly what the feed has (on PostgreSQL the feed, too, may
    // wait for other tests' transactions).
    let (mut accepted, mut wanted) = (BTreeSet::new(), BTreeSet::new());
    for _ in 0..1200 {
        let feed = app.get("/api/v1/changes?limit=500", Some(&key)).await.body;
        wanted = feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].to_string())
            .collect();
        accepted = receiver
            .lines()
            .iter()
            .filter_map(|l| l["id"].as_str().map(str::to_owned))
            .collect();
        if accepted == wanted && wanted.len() >= 3 * 7 {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    drop(server);
    let lines = receiver.lines();
    let refused: Vec<&Value> = lines.iter().filter(|l| l.get("error").is_some()).collect();
    assert!(
        refused.is_empty(),
        "signatures the library refused: {refused:?}"
    );
    assert_eq!(accepted, wanted, "every change, none lost, nothing else");
    assert!(
        wanted.len() >= 3 * 7,
        "the story's changes: {}",
        wanted.len()
    );
    let mut first_body: HashMap<String, String> = HashMap::new();
    let mut order: HashMap<i64, Vec<i64>> = HashMap::new();
    for line in &lines {
        let (id, body) = (line["id"].as_str().unwrap(), line["body"].as_str().unwrap());
        match first_body.get(id) {
            Some(first) => assert_eq!(first, body, "a duplicate is the same delivery"),
            None => {
                first_body.insert(id.to_owned(), body.to_owned());
                let data = &serde_json::from_str::<Value>(body).unwrap()["data"];
                order
                    .entry(data["report_id"].as_i64().unwrap())
                    .or_default()
                    .push(data["id"].as_i64().unwrap());
            }
        }
    }
    for (report, ids) in order {
        assert!(
            ids.is_sorted(),
            "report {report}'s changes in order: {ids:?}"
        );
    }
}
