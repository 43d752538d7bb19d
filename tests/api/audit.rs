//! The access gaps the audit of the running server found (docs/SECURITY.md): each reproduced,
//! on both databases.

use lapor_tests::{Regency, TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The regency, a second unit (health) with its own coordinator and liaison, and an anonymous,
/// confidential report of the regency verified and disposed to both units.
struct Scene {
    c: Regency,
    health: i64,
    health_coordinator: String,
    health_liaison: String,
    report: i64,
    to_roads: i64,
    to_health: i64,
}

async fn scene(app: &TestApp) -> Scene {
    let c = app.regency().await;
    let health = app
        .institution(&c.admin, "DINKES", "unit", Some(c.regency))
        .await;
    let health_coordinator = app
        .token_for("koor.dinkes@tng.go.id", Role::Coordinator, Some(health))
        .await;
    let health_liaison = app
        .token_for("dinkes@tng.go.id", Role::Liaison, Some(health))
        .await;
    let filed = app
        .post("/api/v1/reports", Some(&c.citizen), json!({
            "kind": "complaint",
            "title": "Pungutan liar di puskesmas dan jalan",
            "body": "Petugas meminta uang tambahan, dan jalan menuju puskesmas berlubang besar.",
            "incident_date": "2026-11-01",
            "region_code": "36.03.18",
            "address": "Puskesmas Cikupa",
            "anonymous": true,
            "confidential": true,
        }))
        .await;
    let report = filed.body["id"].as_i64().unwrap();
    let r = format!("/api/v1/reports/{report}");
    app.ok(&format!("{r}/verify"), &c.coordinator, json!({}))
        .await;
    let dispose = async |unit: i64| {
        let body = json!({"institution_id": unit, "instruction": "Mohon ditindaklanjuti segera"});
        app.ok(&format!("{r}/dispositions"), &c.coordinator, body)
            .await["id"]
            .as_i64()
            .unwrap()
    };
    let to_roads = dispose(c.unit).await;
    let to_health = dispose(health).await;
    Scene {
        c,
        health,
        health_coordinator,
        health_liaison,
        report,
        to_roads,
        to_health,
    }
}

async fn a_sub_units_coordinator_cannot_act_on_another_units_disposition_or_the_report(
    app: TestApp,
) {
    let s = scene(&app).await;
    let dinkes = Some(s.health_coordinator.as_str());
    assert_eq!(
        app.get(&format!("/api/v1/reports/{}", s.report), dinkes)
            .await
            .status,
        StatusCode::OK,
        "seen through its disposition"
    );

    let recall = app
        .post(
            &format!("/api/v1/dispositions/{}/recall", s.to_roads),
            dinkes,
            json!({}),
        )
        .await;
    assert_eq!(recall.status, StatusCode::FORBIDDEN);
    let extend = json!({"working_days": 20, "reason": "Perlu waktu tambahan"});
    let r = app
        .post(
            &format!("/api/v1/dispositions/{}/extension", s.to_roads),
            dinkes,
            extend.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let flag = json!({"needs_investigation": true, "reason": "Perlu pemeriksaan"});
    let r = app
        .post(
            &format!("/api/v1/reports/{}/investigation", s.report),
            dinkes,
            flag.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let archive = app
        .post(
            &format!("/api/v1/reports/{}/archive", s.report),
            dinkes,
            json!({"reason": "spam", "note": "bukan urusan kami"}),
        )
        .await;
    assert_eq!(archive.status, StatusCode::FORBIDDEN);
    let roads = app
        .get(
            &format!("/api/v1/reports/{}/dispositions", s.report),
            Some(&s.c.coordinator),
        )
        .await;
    let roads = roads
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == s.to_roads)
        .unwrap()
        .clone();
    assert_eq!(
        (roads["status"].as_str(), &roads["extended_at"]),
        (Some("pending"), &Value::Null),
        "nothing changed"
    );

    // The report's own coordinator may; the health unit's coordinator may for its own unit.
    let r = app
        .post(
            &format!("/api/v1/dispositions/{}/extension", s.to_roads),
            Some(&s.c.coordinator),
            extend.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/dispositions/{}/extension", s.to_health),
            dinkes,
            extend,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/reports/{}/investigation", s.report),
            Some(&s.c.coordinator),
            flag,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn an_anonymous_reporter_is_known_only_to_the_reports_own_coordinators(app: TestApp) {
    let s = scene(&app).await;
    let path = format!("/api/v1/reports/{}", s.report);
    let own = app.get(&path, Some(&s.c.coordinator)).await;
    assert_eq!(own.body["reporter"]["email"], "siti@example.id");
    for officer in [
        &s.health_coordinator,
        &s.health_liaison,
        &s.c.liaison,
        &s.c.supervisor,
    ] {
        let seen = app.get(&path, Some(officer)).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert_eq!(seen.body["reporter"], Value::Null, "{}", seen.body);
        let listed = app.get("/api/v1/reports", Some(officer)).await;
        assert!(
            listed.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["reporter"].is_null())
        );
    }
}

async fn verifying_makes_a_report_more_private_never_less(app: TestApp) {
    let c = app.regency().await;
    let filed = app
        .post(
            "/api/v1/reports",
            Some(&c.citizen),
            json!({
                "kind": "complaint",
                "title": "Lampu jalan mati sejak lama",
                "body": "Lampu jalan di depan pasar mati sejak dua minggu, rawan kejahatan.",
                "incident_date": "2026-11-01",
                "region_code": "36.03.18",
                "address": "Pasar Cikupa",
                "anonymous": true,
            }),
        )
        .await;
    let id = filed.body["id"].as_i64().unwrap();
    let verify = format!("/api/v1/reports/{id}/verify");
    let r = app
        .post(&verify, Some(&c.coordinator), json!({"anonymous": false}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"][0]["code"], "reporter_consent_needed");
    let report = app
        .get(&format!("/api/v1/reports/{id}"), Some(&c.coordinator))
        .await;
    assert_eq!(
        (
            report.body["status"].as_str(),
            report.body["anonymous"].as_bool()
        ),
        (Some("submitted"), Some(true))
    );
    let r = app
        .post(&verify, Some(&c.coordinator), json!({"confidential": true}))
        .await;
    assert_eq!(
        (r.status, r.body["confidential"].as_bool()),
        (StatusCode::OK, Some(true))
    );
}

async fn a_unit_that_declined_sees_nothing_of_the_report_in_its_inbox(app: TestApp) {
    let s = scene(&app).await;
    let inbox = |token: String| {
        let app = &app;
        async move {
            app.get("/api/v1/dispositions", Some(&token)).await.body["items"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let before = inbox(s.c.liaison.clone()).await;
    assert_eq!(
        before[0]["report"]["title"],
        "Pungutan liar di puskesmas dan jalan"
    );
    app.ok(
        &format!("/api/v1/dispositions/{}/decline", s.to_roads),
        &s.c.liaison,
        json!({"reason": "Bukan wewenang kami"}),
    )
    .await;
    assert_eq!(
        app.get(&format!("/api/v1/reports/{}", s.report), Some(&s.c.liaison))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let after = inbox(s.c.liaison.clone()).await;
    assert_eq!(after[0]["id"], s.to_roads);
    assert_eq!(
        (&after[0]["report"], &after[0]["instruction"]),
        (&Value::Null, &json!("")),
        "{}",
        after[0]
    );
    let health = inbox(s.health_liaison.clone()).await;
    assert_eq!(
        health[0]["report"]["title"], "Pungutan liar di puskesmas dan jalan",
        "a unit still on it sees it"
    );
    assert_eq!(s.health, health[0]["institution_id"].as_i64().unwrap());
}

async fn a_coordinator_cannot_take_over_a_peer_or_set_an_officers_password(app: TestApp) {
    let c = app.regency().await;
    let peer = app.create_user("koor2@tng.go.id", Role::Coordinator, Some(c.regency));
    let health = app
        .institution(&c.admin, "DINKES", "unit", Some(c.regency))
        .await;
    let below = app.create_user("koor.dinkes@tng.go.id", Role::Coordinator, Some(health));
    let liaison = app.create_user("dinkes@tng.go.id", Role::Liaison, Some(health));
    let patch = |id: i64, body: Value| {
        let app = &app;
        let token = c.coordinator.clone();
        async move {
            app.patch(&format!("/api/v1/users/{id}"), Some(&token), body)
                .await
        }
    };
    // A peer is not theirs at all (404, before anything the body asks); a liaison of their
    // subtree is, but setting a password is the admins' (403).
    let r = patch(peer, json!({"password": "taken over now"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = patch(liaison, json!({"password": "taken over now"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        patch(peer, json!({"active": false})).await.status,
        StatusCode::NOT_FOUND,
        "a peer is not theirs"
    );
    // Their list holds exactly the accounts they may change.
    let listed = app
        .get("/api/v1/users?limit=100", Some(&c.coordinator))
        .await;
    let ids: Vec<i64> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    assert!(
        ids.contains(&below) && ids.contains(&liaison),
        "{}",
        listed.body
    );
    assert!(
        !ids.contains(&peer),
        "a peer is not listed: {}",
        listed.body
    );
    let login = json!({"email": "koor2@tng.go.id", "password": "taken over now"});
    assert_eq!(
        app.post("/api/v1/auth/login", None, login).await.status,
        StatusCode::UNAUTHORIZED
    );
    app.login("koor2@tng.go.id").await;

    assert_eq!(
        patch(below, json!({"active": false})).await.status,
        StatusCode::OK,
        "a sub-unit's coordinator is"
    );
    assert_eq!(
        patch(liaison, json!({"name": "Penghubung Dinkes"}))
            .await
            .status,
        StatusCode::OK
    );
    let admin = app
        .patch(
            &format!("/api/v1/users/{liaison}"),
            Some(&c.admin),
            json!({"password": "reset by the admin"}),
        )
        .await;
    assert_eq!(admin.status, StatusCode::OK);
}

both_backends!(
    a_sub_units_coordinator_cannot_act_on_another_units_disposition_or_the_report,
    an_anonymous_reporter_is_known_only_to_the_reports_own_coordinators,
    verifying_makes_a_report_more_private_never_less,
    a_unit_that_declined_sees_nothing_of_the_report_in_its_inbox,
    a_coordinator_cannot_take_over_a_peer_or_set_an_officers_password,
);
