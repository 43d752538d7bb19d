//! The whole story through the API: file (with a photo) → verify → dispose to two units → one declines, the
//! coordinator re-routes → units respond and complete → the citizen disputes → the unit completes
//! again → the citizen accepts and rates; with the timeline showing each step.

use lapor_tests::{PHOTO, TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Cast {
    citizen: String,
    coordinator: String,
    roads: (i64, String),
    health: (i64, String),
    environment: (i64, String),
    bridges: (i64, String),
    supervisor: String,
}

async fn cast(app: &TestApp) -> Cast {
    app.load_tangerang();
    let admin = app.admin().await;
    let regency = app.government(&admin, "PEMKAB", "36.03").await;
    let unit = async |code: &str, parent: i64, email: &str| {
        let id = app.institution(&admin, code, "unit", Some(parent)).await;
        (id, app.token_for(email, Role::Liaison, Some(id)).await)
    };
    let roads = unit("DPUPR", regency, "pupr@tng.go.id").await;
    let health = unit("DINKES", regency, "dinkes@tng.go.id").await;
    let environment = unit("DLHK", regency, "dlhk@tng.go.id").await;
    let bridges = unit("BINAMARGA", roads.0, "binamarga@tng.go.id").await;
    Cast {
        citizen: app.token_for("siti@example.id", Role::Reporter, None).await,
        coordinator: app
            .token_for("koor@tng.go.id", Role::Coordinator, Some(regency))
            .await,
        supervisor: app
            .token_for("inspektorat@tng.go.id", Role::Supervisor, Some(regency))
            .await,
        roads,
        health,
        environment,
        bridges,
    }
}

async fn status(app: &TestApp, id: i64, token: &str) -> String {
    app.get(&format!("/api/v1/reports/{id}"), Some(token))
        .await
        .body["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn the_whole_story(app: TestApp) {
    let c = cast(&app).await;
    let report = app.ok("/api/v1/reports", &c.citizen, json!({
        "kind": "complaint",
        "title": "Sampah menumpuk dan jalan rusak",
        "body": "Sampah menumpuk di pinggir jalan yang juga rusak, warga sering sakit karena baunya.",
        "incident_date": "2026-11-01",
        "region_code": "36.03.18",
        "address": "Jl. Raya Cikupa km 3",
        "anonymous": true,
    })).await;
    let id = report["id"].as_i64().unwrap();
    let r = format!("/api/v1/reports/{id}");
    let attached = app
        .upload(
            &format!("{r}/attachments"),
            &c.citizen,
            "sampah.jpg",
            PHOTO.to_vec(),
        )
        .await;
    assert_eq!(attached.status, StatusCode::CREATED, "{}", attached.body);

    // Liaisons see nothing before a disposition reaches them.
    assert_eq!(
        app.get(&r, Some(&c.roads.1)).await.status,
        StatusCode::NOT_FOUND
    );
    let early = app
        .post(
            &format!("{r}/dispositions"),
            Some(&c.coordinator),
            json!({"institution_id": c.roads.0, "instruction": "Mohon ditangani"}),
        )
        .await;
    assert_eq!(early.code(), "not_verified");

    app.ok(&format!("{r}/verify"), &c.coordinator, json!({}))
        .await;
    let to_roads = app
        .ok(
            &format!("{r}/dispositions"),
            &c.coordinator,
            json!({"institution_id": c.roads.0, "instruction": "Perbaiki jalan"}),
        )
        .await;
    let to_health = app
        .ok(
            &format!("{r}/dispositions"),
            &c.coordinator,
            json!({"institution_id": c.health.0, "instruction": "Tangani sampah"}),
        )
        .await;
    assert_eq!(status(&app, id, &c.citizen).await, "dispatched");
    let twice = app
        .post(
            &format!("{r}/dispositions"),
            Some(&c.coordinator),
            json!({"institution_id": c.roads.0, "instruction": "Lagi ya"}),
        )
        .await;
    assert_eq!(twice.code(), "already_disposed");

    // The roads liaison sees it, without the anonymous reporter; its inbox has it.
    let seen = app.get(&r, Some(&c.roads.1)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.get("reporter").is_none());
    let inbox = app
        .get("/api/v1/dispositions?status=pending", Some(&c.roads.1))
        .await;
    assert_eq!(inbox.body["items"][0]["id"], to_roads["id"]);
    let brief = &inbox.body["items"][0]["report"];
    assert_eq!(
        (&brief["title"], &brief["status"]),
        (
            &json!("Sampah menumpuk dan jalan rusak"),
            &json!("dispatched")
        ),
        "{brief}"
    );
    assert!(brief["tracking_id"].as_str().unwrap().starts_with("LPR-"));
    assert_eq!(
        inbox.body["items"].as_array().unwrap().len(),
        1,
        "only its own unit's"
    );

    // Health declines: not their authority. The coordinator re-routes to the environment unit.
    let declined = app
        .ok(
            &format!("/api/v1/dispositions/{}/decline", to_health["id"]),
            &c.health.1,
            json!({"reason": "Bukan wewenang Dinas Kesehatan"}),
        )
        .await;
    assert_eq!(declined["status"], "declined");
    assert_eq!(
        app.get(&r, Some(&c.health.1)).await.status,
        StatusCode::NOT_FOUND,
        "declined: no longer theirs"
    );
    let to_env = app
        .ok(
            &format!("{r}/dispositions"),
            &c.coordinator,
            json!({"institution_id": c.environment.0, "instruction": "Angkut sampah"}),
        )
        .await;

    // Roads accepts, divides the work with its bridges sub-unit, responds and completes.
    let wrong_unit = app
        .post(
            &format!("/api/v1/dispositions/{}/accept", to_roads["id"]),
            Some(&c.environment.1),
            json!({}),
        )
        .await;
    assert_eq!(wrong_unit.status, StatusCode::FORBIDDEN);
    app.ok(
        &format!("/api/v1/dispositions/{}/accept", to_roads["id"]),
        &c.roads.1,
        json!({}),
    )
    .await;
    let sub = app.ok(&format!("{r}/dispositions"), &c.roads.1, json!({"institution_id": c.bridges.0, "instruction": "Tambal jalan", "parent_disposition_id": to_roads["id"]})).await;
    let sideways = app.post(&format!("{r}/dispositions"), Some(&c.roads.1), json!({"institution_id": c.health.0, "instruction": "Bukan sub-unit", "parent_disposition_id": to_roads["id"]})).await;
    assert_eq!(
        sideways.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        sideways.body
    );
    assert_eq!(sideways.body["errors"][0]["code"], "not_sub_unit");
    app.ok(
        &format!("{r}/followups"),
        &c.roads.1,
        json!({"kind": "response", "body": "Tim kami akan menambal jalan minggu ini."}),
    )
    .await;
    assert_eq!(status(&app, id, &c.citizen).await, "in_progress");
    app.ok(
        &format!("{r}/followups"),
        &c.roads.1,
        json!({"kind": "note", "body": "Anggaran dari pos pemeliharaan rutin."}),
    )
    .await;
    app.ok(
        &format!("/api/v1/dispositions/{}/accept", sub["id"]),
        &c.bridges.1,
        json!({}),
    )
    .await;
    for (unit, d) in [(&c.bridges, &sub), (&c.roads, &to_roads)] {
        app.ok(
            &format!("/api/v1/dispositions/{}/complete", d["id"]),
            &unit.1,
            json!({"resolution": "Jalan sudah ditambal."}),
        )
        .await;
    }
    assert_eq!(
        status(&app, id, &c.citizen).await,
        "in_progress",
        "the environment unit is not done"
    );
    let early_feedback = app
        .post(
            &format!("{r}/feedback"),
            Some(&c.citizen),
            json!({"verdict": "accept", "rating": 5}),
        )
        .await;
    assert_eq!(early_feedback.code(), "illegal_transition");

    app.ok(
        &format!("/api/v1/dispositions/{}/accept", to_env["id"]),
        &c.environment.1,
        json!({}),
    )
    .await;
    app.ok(
        &format!("/api/v1/dispositions/{}/complete", to_env["id"]),
        &c.environment.1,
        json!({"resolution": "Sampah sudah diangkut."}),
    )
    .await;
    assert_eq!(status(&app, id, &c.citizen).await, "resolved");

    // A dispute says what is not resolved; without it nothing changes.
    for comment in ["", "  no  "] {
        let bare = app
            .post(
                &format!("{r}/feedback"),
                Some(&c.citizen),
                json!({"verdict": "dispute", "rating": 2, "comment": comment}),
            )
            .await;
        assert_eq!(
            bare.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            bare.body
        );
        assert_eq!(
            bare.body["errors"][0]["code"], "dispute_reason",
            "{}",
            bare.body
        );
    }
    assert_eq!(status(&app, id, &c.citizen).await, "resolved");
    // The citizen disputes: work reopens; the environment unit completes again.
    let disputed = app
        .ok(
            &format!("{r}/feedback"),
            &c.citizen,
            json!({"verdict": "dispute", "rating": 2, "comment": "Sampah datang lagi"}),
        )
        .await;
    assert_eq!(disputed["status"], "in_progress");
    let reopened = app
        .get(&format!("{r}/dispositions"), Some(&c.coordinator))
        .await;
    let statuses: Vec<&str> = reopened
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        vec!["accepted", "declined", "accepted", "accepted"]
    );
    for (unit, d) in [
        (&c.bridges, &sub),
        (&c.roads, &to_roads),
        (&c.environment, &to_env),
    ] {
        app.ok(
            &format!("/api/v1/dispositions/{}/complete", d["id"]),
            &unit.1,
            json!({"resolution": "Sudah ditangani lagi."}),
        )
        .await;
    }
    assert_eq!(status(&app, id, &c.citizen).await, "resolved");
    let resolved = app.get(&r, Some(&c.citizen)).await;
    assert!(
        resolved.body["feedback_due_at"].is_string() && resolved.body["resolved_at"].is_string()
    );
    let closed = app
        .ok(
            &format!("{r}/feedback"),
            &c.citizen,
            json!({"verdict": "accept", "rating": 4, "comment": "Terima kasih"}),
        )
        .await;
    assert_eq!(closed["status"], "closed");
    assert!(closed["closed_at"].is_string() && closed["first_response_at"].is_string());
    assert_eq!(
        closed["feedback_due_at"],
        Value::Null,
        "answered: the window is over"
    );
    let after = app
        .post(
            &format!("{r}/followups"),
            Some(&c.citizen),
            json!({"kind": "reply", "body": "Masih ada?"}),
        )
        .await;
    assert_eq!(after.code(), "report_closed");

    // The timeline tells the story; the internal note only to officers.
    let events = app.get(&format!("{r}/events"), Some(&c.coordinator)).await;
    let actions: Vec<&str> = events
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec![
            "submitted",
            "attachment_added",
            "verified",
            "disposed",
            "disposed",
            "disposition_declined",
            "disposed",
            "disposition_accepted",
            "disposed",
            "followup_response",
            "followup_note",
            "disposition_accepted",
            "disposition_completed",
            "disposition_completed",
            "disposition_accepted",
            "disposition_completed",
            "resolved",
            "disputed",
            "disposition_completed",
            "disposition_completed",
            "disposition_completed",
            "resolved",
            "accepted",
        ]
    );
    let citizen_view = app.get(&format!("{r}/events"), Some(&c.citizen)).await;
    assert!(!citizen_view.body.to_string().contains("followup_note"));
    let thread = app.get(&format!("{r}/followups"), Some(&c.citizen)).await;
    assert_eq!(
        thread.body.as_array().unwrap().len(),
        1,
        "the response, not the note"
    );
    let officer_thread = app.get(&format!("{r}/followups"), Some(&c.roads.1)).await;
    assert_eq!(officer_thread.body.as_array().unwrap().len(), 2);
    let supervisor_events = app.get(&format!("{r}/events"), Some(&c.supervisor)).await;
    assert_eq!(
        supervisor_events.body[0]["actor"],
        Value::Null,
        "the anonymous reporter stays hidden"
    );
    let public = app
        .get(
            &format!("/api/v1/track/{}", report["tracking_id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(public.body["status"], "closed");
}

async fn a_held_report_returns_with_the_reply_and_all_declined_return_to_the_coordinator(
    app: TestApp,
) {
    let c = cast(&app).await;
    let report = app.ok("/api/v1/reports", &c.citizen, json!({
        "kind": "information_request",
        "title": "Jadwal posyandu di Cikupa",
        "body": "Mohon informasi jadwal posyandu balita di Kecamatan Cikupa untuk bulan depan.",
        "incident_date": "2026-11-01",
        "region_code": "36.03.18",
        "address": "Kecamatan Cikupa",
    })).await;
    let id = report["id"].as_i64().unwrap();
    let r = format!("/api/v1/reports/{id}");
    app.ok(
        &format!("{r}/hold"),
        &c.coordinator,
        json!({"question": "Desa yang mana?"}),
    )
    .await;
    let not_reporter = app
        .post(
            &format!("{r}/followups"),
            Some(&c.coordinator),
            json!({"kind": "reply", "body": "Desa Cikupa"}),
        )
        .await;
    assert_eq!(not_reporter.status, StatusCode::FORBIDDEN);
    app.ok(
        &format!("{r}/followups"),
        &c.citizen,
        json!({"kind": "reply", "body": "Desa Cikupa"}),
    )
    .await;
    assert_eq!(status(&app, id, &c.citizen).await, "submitted");
    let citizen_note = app
        .post(
            &format!("{r}/followups"),
            Some(&c.citizen),
            json!({"kind": "note", "body": "catatan"}),
        )
        .await;
    assert_eq!(citizen_note.status, StatusCode::FORBIDDEN);
    let supervisor_note = app
        .post(
            &format!("{r}/followups"),
            Some(&c.supervisor),
            json!({"kind": "response", "body": "jawaban"}),
        )
        .await;
    assert_eq!(supervisor_note.status, StatusCode::FORBIDDEN);

    // With If-Match instead of a body version; a stale one is refused.
    let stale = app
        .client
        .post(format!("{}{r}/verify", app.base))
        .bearer_auth(&c.coordinator)
        .header("If-Match", "\"1\"")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let current = app.get(&r, Some(&c.coordinator)).await;
    let etag = current.headers["etag"].to_str().unwrap().to_owned();
    let fresh = app
        .client
        .post(format!("{}{r}/verify", app.base))
        .bearer_auth(&c.coordinator)
        .header("If-Match", etag)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), StatusCode::OK);

    let d = app
        .ok(
            &format!("{r}/dispositions"),
            &c.coordinator,
            json!({"institution_id": c.health.0, "instruction": "Beri jadwal"}),
        )
        .await;
    app.ok(
        &format!("/api/v1/dispositions/{}/decline", d["id"]),
        &c.health.1,
        json!({"reason": "Jadwal dikelola puskesmas"}),
    )
    .await;
    assert_eq!(
        status(&app, id, &c.citizen).await,
        "submitted",
        "back to the coordinator"
    );
    let d2 = app
        .ok(
            &format!("{r}/dispositions"),
            &c.coordinator,
            json!({"institution_id": c.health.0, "instruction": "Mohon dicek lagi"}),
        )
        .await;
    app.ok(
        &format!("/api/v1/dispositions/{}/recall", d2["id"]),
        &c.coordinator,
        json!({}),
    )
    .await;
    assert_eq!(status(&app, id, &c.citizen).await, "submitted");
    let again = app
        .post(
            &format!("/api/v1/dispositions/{}/recall", d2["id"]),
            Some(&c.coordinator),
            json!({}),
        )
        .await;
    assert_eq!(again.code(), "illegal_transition");
    let complete_pending = app
        .ok(
            &format!("{r}/dispositions"),
            &c.coordinator,
            json!({"institution_id": c.roads.0, "instruction": "x y z"}),
        )
        .await;
    let r2 = app
        .post(
            &format!("/api/v1/dispositions/{}/complete", complete_pending["id"]),
            Some(&c.roads.1),
            json!({"resolution": "Selesai dikerjakan"}),
        )
        .await;
    assert_eq!(r2.code(), "illegal_transition", "accept first");
    let citizen_inbox = app.get("/api/v1/dispositions", Some(&c.citizen)).await;
    assert_eq!(citizen_inbox.status, StatusCode::FORBIDDEN);
}

both_backends!(
    the_whole_story,
    a_held_report_returns_with_the_reply_and_all_declined_return_to_the_coordinator,
);
