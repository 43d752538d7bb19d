//! Deadlines that hold: the SLA sweep on a manual clock (overdue flags, escalation events,
//! warnings, notifications, emails through a real SMTP server, auto-close), twice = no change;
//! two `lapor jobs` processes at once on PostgreSQL; the SLA policy API; the one extension of a
//! disposition; the "needs investigation" flag; and the notifications API.

use lapor_api::jobs::Round;
use lapor_tests::{Backend, SmtpSink, TestApp, both_backends, lapor_bin};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Monday 4 January 2027, 08:00 in Jakarta.
const MONDAY: &str = "2027-01-04T01:00:00Z";

async fn file(app: &TestApp, citizen: &str, title: &str) -> i64 {
    app.ok(
        "/api/v1/reports",
        citizen,
        json!({
            "kind": "complaint",
            "title": title,
            "body": "Jalan berlubang besar di depan sekolah, sudah dua bulan tidak diperbaiki.",
            "incident_date": "2026-11-01",
            "region_code": "36.03.18",
            "address": "Jl. Raya Cikupa km 3",
        }),
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

/// Verifies and disposes a report to the unit; returns the disposition id.
async fn report(app: &TestApp, id: i64, token: &str) -> Value {
    let r = app.get(&format!("/api/v1/reports/{id}"), Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

async fn kinds(app: &TestApp, token: &str) -> Vec<String> {
    let r = app
        .get("/api/v1/notifications?limit=200", Some(token))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn events(app: &TestApp, id: i64, token: &str) -> Vec<Value> {
    let r = app
        .get(&format!("/api/v1/reports/{id}/events"), Some(token))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.as_array().unwrap().clone()
}

fn days(n: i64) -> chrono::Duration {
    chrono::Duration::days(n)
}

fn unsent(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use lapor_api::db::schema::outbox_emails;
    app.with_conn(|conn| {
        outbox_emails::table
            .filter(outbox_emails::sent_at.is_null())
            .count()
            .get_result(conn)
            .unwrap()
    })
}

async fn the_sweep(backend: Backend) {
    let smtp = SmtpSink::start();
    let app = TestApp::start_with(
        backend,
        &[
            ("LAPOR_NOW", MONDAY.to_owned()),
            ("LAPOR_SMTP_URL", smtp.url()),
        ],
    )
    .await;
    let c = app.regency().await;
    // A: never verified. B: disposed at once, then answered late, resolved, never accepted.
    let a = file(&app, &c.citizen, "Lampu jalan mati sejak lama").await;
    let b = file(&app, &c.citizen, "Jalan berlubang di depan sekolah").await;
    let d = c.dispose(&app, b).await;
    let filed = report(&app, a, &c.citizen).await;
    // Tuesday 5 January 2027 is Isra Mikraj: three working days end on Friday.
    assert_eq!(
        filed["verify_due_at"], "2027-01-08T17:00:00Z",
        "3 working days, a holiday skipped"
    );
    let disposed = report(&app, b, &c.citizen).await;
    assert_eq!(disposed["dispatched_at"], "2027-01-04T01:00:00Z");
    assert_eq!(
        disposed["resolve_due_at"], "2027-01-25T17:00:00Z",
        "14 working days"
    );
    let listed = app
        .get(
            &format!("/api/v1/reports/{b}/dispositions"),
            Some(&c.liaison),
        )
        .await;
    assert_eq!(
        listed.body[0]["response_due_at"], "2027-01-12T17:00:00Z",
        "5 working days"
    );

    // Nothing is due yet; the notifications of verify and dispose leave as email.
    let first = app.jobs().await;
    assert_eq!((first.passed, first.approaching, first.closed), (0, 0, 0));
    assert!(first.sent >= 3, "{first:?}");
    assert_eq!(first.failed, 0);
    assert_eq!(unsent(&app), 0);

    // Tuesday 12th, 09:00: A's verification is late; B's response is due tonight.
    app.advance(days(8) + chrono::Duration::hours(1));
    let round = app.jobs().await;
    assert_eq!(
        (round.passed, round.approaching, round.closed),
        (1, 1, 0),
        "{round:?}"
    );
    let again = app.jobs().await;
    // (The statistics rollups count the changed month again: not a change.)
    assert_eq!(
        Round {
            counted: 0,
            ..again
        },
        Round::default(),
        "a second sweep changes nothing"
    );
    let late = report(&app, a, &c.coordinator).await;
    assert_eq!(late["overdue_at"], "2027-01-12T02:00:00Z");
    let passed: Vec<Value> = events(&app, a, &c.coordinator)
        .await
        .into_iter()
        .filter(|e| e["action"] == "deadline_passed")
        .collect();
    assert_eq!(passed.len(), 1);
    assert_eq!(passed[0]["details"]["stage"], "verify");
    assert!(
        kinds(&app, &c.coordinator)
            .await
            .contains(&"deadline_passed".to_owned())
    );
    assert!(
        kinds(&app, &c.supervisor)
            .await
            .contains(&"deadline_passed".to_owned())
    );
    assert_eq!(
        kinds(&app, &c.liaison).await,
        ["deadline_approaching", "disposed"]
    );

    // Wednesday 13th: B's response is late: flagged, escalated, on the unit's overdue list.
    app.advance(days(1));
    let round = app.jobs().await;
    assert_eq!(
        (round.passed, round.approaching, round.closed),
        (1, 0, 0),
        "{round:?}"
    );
    let overdue = app
        .get(
            &format!(
                "/api/v1/dispositions?overdue=true&institution_id={}",
                c.unit
            ),
            Some(&c.coordinator),
        )
        .await;
    assert_eq!(overdue.status, StatusCode::OK, "{}", overdue.body);
    let listed: Vec<i64> = overdue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, [d]);
    assert!(overdue.body["items"][0]["overdue_at"].is_string());
    let late_reports = app
        .get("/api/v1/reports?overdue=true", Some(&c.supervisor))
        .await;
    let ids: Vec<i64> = late_reports.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [a], "B is late in its response, not in its resolution");
    assert_eq!(kinds(&app, &c.liaison).await[0], "deadline_passed");

    // The unit answers and completes: resolved, the reply window opens.
    c.resolve(&app, b, d).await;
    let resolved = report(&app, b, &c.citizen).await;
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(
        resolved["feedback_due_at"], "2027-01-27T17:00:00Z",
        "10 working days"
    );
    let overdue = app
        .get(
            &format!(
                "/api/v1/dispositions?overdue=true&institution_id={}",
                c.unit
            ),
            Some(&c.coordinator),
        )
        .await;
    assert_eq!(
        overdue.body["items"],
        json!([]),
        "a completed disposition is late no more"
    );

    // The reporter never answers: after the window, the sweep closes B and says so.
    app.advance(days(15));
    let round = app.jobs().await;
    assert_eq!(round.closed, 1, "{round:?}");
    assert_eq!(
        Round {
            counted: 0,
            ..app.jobs().await
        },
        Round::default()
    );
    let closed = report(&app, b, &c.citizen).await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["closed_at"], "2027-01-28T02:00:00Z");
    let last = events(&app, b, &c.citizen)
        .await
        .into_iter()
        .find(|e| e["action"] == "auto_closed")
        .expect("an auto_closed event");
    assert_eq!(last["to_status"], "closed");
    let citizen = kinds(&app, &c.citizen).await;
    for kind in [
        "auto_closed",
        "resolved",
        "followup_response",
        "disposed",
        "verified",
    ] {
        assert!(citizen.contains(&kind.to_owned()), "{kind} in {citizen:?}");
    }

    // Every notification of someone with an address went out through SMTP, once.
    assert_eq!(unsent(&app), 0);
    let mail = smtp.messages();
    let to_citizen: Vec<&String> = mail
        .iter()
        .filter(|m| m.contains("siti@example.id"))
        .collect();
    assert_eq!(
        to_citizen.len(),
        citizen.len(),
        "one email per notification"
    );
    let tracking = closed["tracking_id"].as_str().unwrap();
    assert!(
        to_citizen
            .iter()
            .any(|m| m.contains(tracking) && m.contains("report closed automatically"))
    );
    assert!(
        !mail.iter().any(|m| m.contains("Jalan berlubang besar")),
        "no report text in email"
    );
}

#[actix_web::test]
async fn the_sweep_on_sqlite() {
    the_sweep(Backend::Sqlite).await;
}

#[actix_web::test]
async fn the_sweep_on_postgres() {
    the_sweep(Backend::Postgres).await;
}

/// Two replicas sweep at once: each late report is escalated once, with one event and one
/// notification per coordinator and supervisor.
#[actix_web::test]
async fn two_processes_sweep_each_thing_once_on_postgres() {
    // More than a batch (100): the round walks on past the first.
    const ITEMS: i64 = 140;
    let app = TestApp::start_with(
        Backend::Postgres,
        &[
            ("LAPOR_NOW", MONDAY.to_owned()),
            ("LAPOR_LIMIT_FILING", format!("{ITEMS}/1d")),
        ],
    )
    .await;
    let c = app.regency().await;
    let mut ids = Vec::new();
    for n in 0..ITEMS {
        ids.push(
            file(
                &app,
                &c.citizen,
                &format!("Laporan nomor {n} tentang jalan"),
            )
            .await,
        );
    }
    app.advance(days(10));
    let now = app.now().to_rfc3339();
    let spawn = || {
        std::process::Command::new(lapor_bin())
            .arg("jobs")
            .env("DATABASE_URL", &app.db.url)
            .env("LAPOR_DATA_DIR", app.db.dir.path())
            .env("LAPOR_NOW", &now)
            .env("RUST_LOG", "warn")
            .output()
    };
    let (one, two) = std::thread::scope(|s| {
        let one = s.spawn(spawn);
        let two = s.spawn(spawn);
        (one.join().unwrap().unwrap(), two.join().unwrap().unwrap())
    });
    let mut passed = 0;
    for out in [&one, &two] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let round: Value = serde_json::from_slice(&out.stdout).unwrap();
        passed += round["passed"].as_i64().unwrap();
    }
    assert_eq!(
        passed, ITEMS,
        "the two processes shared the work, none twice"
    );
    for id in ids {
        let escalated = events(&app, id, &c.coordinator)
            .await
            .iter()
            .filter(|e| e["action"] == "deadline_passed")
            .count();
        assert_eq!(escalated, 1, "report {id}");
    }
    assert_eq!(kinds(&app, &c.coordinator).await.len() as i64, ITEMS);
    assert_eq!(kinds(&app, &c.supervisor).await.len() as i64, ITEMS);
    let last = app.jobs().await;
    assert_eq!(
        (last.passed, last.approaching, last.closed, last.sent),
        (0, 0, 0, 0),
        "and nothing is left"
    );
}

/// The outbox survives an SMTP outage: mail waits, is retried later, and none is lost.
#[actix_web::test]
async fn mail_waits_out_an_smtp_outage() {
    let mut smtp = SmtpSink::reserve();
    let app = TestApp::start_with(
        Backend::Sqlite,
        &[
            ("LAPOR_NOW", MONDAY.to_owned()),
            ("LAPOR_SMTP_URL", smtp.url()),
        ],
    )
    .await;
    let c = app.regency().await;
    let a = file(&app, &c.citizen, "Lampu jalan mati sejak lama").await;
    c.dispose(&app, a).await;
    let down = app.jobs().await;
    assert_eq!(down.sent, 0);
    let queued = unsent(&app);
    assert!(
        queued >= 3 && down.failed as i64 == queued,
        "{down:?}, {queued} queued"
    );
    // Not retried before its backoff…
    assert_eq!(app.jobs().await.failed, 0);
    smtp.listen();
    app.advance(chrono::Duration::minutes(2));
    let up = app.jobs().await;
    assert_eq!((up.sent as i64, up.failed), (queued, 0));
    assert_eq!(unsent(&app), 0);
    assert_eq!(smtp.messages().len() as i64, queued);
}

async fn the_sla_policy_is_admin_editable_and_sets_deadlines(app: TestApp) {
    let c = app.regency().await;
    let rules = app.get("/api/v1/sla-policies", Some(&c.citizen)).await;
    assert_eq!(rules.status, StatusCode::OK);
    let built_in: Vec<(String, i64)> = rules
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                format!(
                    "{}/{}",
                    r["stage"].as_str().unwrap(),
                    r["kind"].as_str().unwrap_or("*")
                ),
                r["amount"].as_i64().unwrap(),
            )
        })
        .collect();
    for rule in [
        ("verify/*", 3),
        ("first_response/*", 5),
        ("resolve/complaint", 14),
        ("resolve/aspiration", 5),
        ("resolve/information_request", 5),
        ("investigation/*", 60),
        ("feedback/*", 10),
    ] {
        assert!(
            built_in.contains(&(rule.0.to_owned(), rule.1)),
            "{rule:?} in {built_in:?}"
        );
    }
    let verify_rule = rules
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["stage"] == "verify")
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    // Tangerang: units answer within 2 × 24 hours.
    let tangerang = json!({"stage": "first_response", "institution_id": c.regency, "amount": 48, "unit": "hours"});
    let denied = app
        .post(
            "/api/v1/sla-policies",
            Some(&c.coordinator),
            tangerang.clone(),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let created = app
        .post("/api/v1/sla-policies", Some(&c.admin), tangerang.clone())
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["built_in"], false);
    assert_eq!(
        app.post("/api/v1/sla-policies", Some(&c.admin), tangerang)
            .await
            .code(),
        "already_exists"
    );
    let wrong = app
        .post(
            "/api/v1/sla-policies",
            Some(&c.admin),
            json!({"stage": "verify", "category_id": 1, "amount": 2, "unit": "working_days"}),
        )
        .await;
    assert_eq!(wrong.fields(), ["category_id"]);
    let zero = app
        .post(
            "/api/v1/sla-policies",
            Some(&c.admin),
            json!({"stage": "verify", "amount": 0, "unit": "weeks"}),
        )
        .await;
    assert_eq!(zero.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.delete(
            &format!("/api/v1/sla-policies/{verify_rule}"),
            Some(&c.admin)
        )
        .await
        .code(),
        "built_in"
    );
    let faster = app
        .patch(
            &format!("/api/v1/sla-policies/{verify_rule}"),
            Some(&c.admin),
            json!({"amount": 16, "unit": "working_hours"}),
        )
        .await;
    assert_eq!(faster.status, StatusCode::OK, "{}", faster.body);
    assert_eq!(faster.body["unit"], "working_hours");

    let id = file(&app, &c.citizen, "Jalan berlubang di depan sekolah").await;
    let filed = report(&app, id, &c.citizen).await;
    let created_at =
        chrono::DateTime::parse_from_rfc3339(filed["created_at"].as_str().unwrap()).unwrap();
    let verify_due =
        chrono::DateTime::parse_from_rfc3339(filed["verify_due_at"].as_str().unwrap()).unwrap();
    assert!(
        verify_due - created_at <= chrono::Duration::days(5),
        "16 working hours, not 3 working days: {filed}"
    );
    let d = c.dispose(&app, id).await;
    let disposition = app
        .get(
            &format!("/api/v1/reports/{id}/dispositions"),
            Some(&c.coordinator),
        )
        .await
        .body[0]
        .clone();
    assert_eq!(disposition["id"], d);
    let sent =
        chrono::DateTime::parse_from_rfc3339(disposition["created_at"].as_str().unwrap()).unwrap();
    let due =
        chrono::DateTime::parse_from_rfc3339(disposition["response_due_at"].as_str().unwrap())
            .unwrap();
    let off = (due - sent - chrono::Duration::hours(48)).abs();
    assert!(
        off < chrono::Duration::seconds(1),
        "the regency's rule covers its unit: {disposition}"
    );

    let removed = app
        .delete(
            &format!("/api/v1/sla-policies/{}", created.body["id"]),
            Some(&c.admin),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
}

async fn a_disposition_is_extended_once_with_a_reason(app: TestApp) {
    let c = app.regency().await;
    let id = file(&app, &c.citizen, "Jalan berlubang di depan sekolah").await;
    let d = c.dispose(&app, id).await;
    let before = report(&app, id, &c.coordinator).await;
    let path = format!("/api/v1/dispositions/{d}/extension");
    let body = json!({"working_days": 5, "reason": "Menunggu anggaran perubahan"});
    assert_eq!(
        app.post(&path, Some(&c.citizen), body.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&path, Some(&c.supervisor), body.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bad = app
        .post(
            &path,
            Some(&c.liaison),
            json!({"working_days": 0, "reason": "x"}),
        )
        .await;
    assert_eq!(bad.fields().len(), 2, "{}", bad.body);
    let extended = app.post(&path, Some(&c.liaison), body.clone()).await;
    assert_eq!(extended.status, StatusCode::OK, "{}", extended.body);
    assert_eq!(
        extended.body["extension_reason"],
        "Menunggu anggaran perubahan"
    );
    assert!(extended.body["extended_at"].is_string());
    let after = report(&app, id, &c.coordinator).await;
    assert!(after["resolve_due_at"].as_str() > before["resolve_due_at"].as_str());
    assert_eq!(
        app.post(&path, Some(&c.coordinator), body).await.code(),
        "already_extended"
    );
    let timeline = events(&app, id, &c.citizen).await;
    let event = timeline
        .iter()
        .find(|e| e["action"] == "deadline_extended")
        .expect("in the timeline");
    assert_eq!(event["details"]["reason"], "Menunggu anggaran perubahan");
    assert!(
        kinds(&app, &c.citizen)
            .await
            .contains(&"deadline_extended".to_owned())
    );
}

async fn a_report_needing_investigation_gets_longer(app: TestApp) {
    let c = app.regency().await;
    let id = file(&app, &c.citizen, "Dugaan pungutan liar di kelurahan").await;
    c.dispose(&app, id).await;
    let before = report(&app, id, &c.coordinator).await;
    let path = format!("/api/v1/reports/{id}/investigation");
    let body = json!({"needs_investigation": true, "reason": "Perlu pemeriksaan inspektorat"});
    assert_eq!(
        app.post(&path, Some(&c.liaison), body.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let stale = app
        .post(
            &path,
            Some(&c.coordinator),
            json!({"needs_investigation": true, "reason": "Perlu pemeriksaan", "version": 1}),
        )
        .await;
    assert_eq!(stale.code(), "version_conflict");
    let flagged = app.post(&path, Some(&c.coordinator), body).await;
    assert_eq!(flagged.status, StatusCode::OK, "{}", flagged.body);
    assert_eq!(flagged.body["needs_investigation"], true);
    let start =
        chrono::DateTime::parse_from_rfc3339(before["dispatched_at"].as_str().unwrap()).unwrap();
    let due =
        chrono::DateTime::parse_from_rfc3339(flagged.body["resolve_due_at"].as_str().unwrap())
            .unwrap();
    assert!(
        due - start > chrono::Duration::days(80),
        "60 working days: {}",
        flagged.body
    );
    let cleared = app
        .post(
            &path,
            Some(&c.coordinator),
            json!({"needs_investigation": false, "reason": "Ternyata cukup ditangani unit"}),
        )
        .await;
    assert_eq!(cleared.body["resolve_due_at"], before["resolve_due_at"]);
}

async fn notifications_are_each_users_own(app: TestApp) {
    let c = app.regency().await;
    let id = file(&app, &c.citizen, "Jalan berlubang di depan sekolah").await;
    c.dispose(&app, id).await;
    let count = app
        .get("/api/v1/notifications/unread-count", Some(&c.citizen))
        .await;
    assert_eq!(count.body["unread"], 2, "verified, disposed");
    let mine = app
        .get("/api/v1/notifications?unread=true", Some(&c.citizen))
        .await;
    let first = mine.body["items"][0].clone();
    assert_eq!(first["report_id"], id);
    assert!(first["details"]["tracking_id"].is_string());
    let n = first["id"].as_i64().unwrap();
    // Someone else's notification does not exist for you.
    let theirs = app
        .post(
            &format!("/api/v1/notifications/{n}/read"),
            Some(&c.liaison),
            json!({}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let read = app
        .ok(
            &format!("/api/v1/notifications/{n}/read"),
            &c.citizen,
            json!({}),
        )
        .await;
    assert_eq!(read["marked"], 1);
    assert_eq!(
        app.get("/api/v1/notifications/unread-count", Some(&c.citizen))
            .await
            .body["unread"],
        1
    );
    let unread = app
        .get("/api/v1/notifications?unread=true", Some(&c.citizen))
        .await;
    assert_eq!(unread.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.ok("/api/v1/notifications/read-all", &c.citizen, json!({}))
            .await["marked"],
        1
    );
    assert_eq!(
        app.get("/api/v1/notifications/unread-count", Some(&c.citizen))
            .await
            .body["unread"],
        0
    );
    assert_eq!(
        app.get("/api/v1/notifications/unread-count", Some(&c.liaison))
            .await
            .body["unread"],
        1,
        "disposed"
    );
    assert_eq!(
        app.get("/api/v1/notifications", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

both_backends!(
    the_sla_policy_is_admin_editable_and_sets_deadlines,
    a_disposition_is_extended_once_with_a_reason,
    a_report_needing_investigation_gets_longer,
    notifications_are_each_users_own,
);
