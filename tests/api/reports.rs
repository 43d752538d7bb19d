//! Reports: intake, idempotency, tracking, scoped reading, and the coordinator's first actions.

use lapor_tests::{TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A regency (root) with a roads unit, a second regency, a category routed to the roads unit,
/// Cikupa's regions, and one account per role.
struct World {
    admin: String,
    citizen: String,
    other_citizen: String,
    coordinator: String,
    other_coordinator: String,
    supervisor: String,
    liaison: String,
    roads: i64,
    category: i64,
}

async fn world(app: &TestApp) -> World {
    app.load_tangerang();

    let admin = app.admin().await;
    let regency = app.government(&admin, "PEMKAB", "36.03").await;
    let roads = app
        .institution(&admin, "DPUPR", "unit", Some(regency))
        .await;
    let elsewhere = app
        .institution(&admin, "PEMKOT", "regional_government", None)
        .await;
    let category = app
        .post(
            "/api/v1/categories",
            Some(&admin),
            json!({"name": "Jalan Rusak", "default_institution_id": roads}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    World {
        citizen: app.token_for("siti@example.id", Role::Reporter, None).await,
        other_citizen: app.token_for("budi@example.id", Role::Reporter, None).await,
        coordinator: app
            .token_for("koor@tng.go.id", Role::Coordinator, Some(regency))
            .await,
        other_coordinator: app
            .token_for("koor@kota.go.id", Role::Coordinator, Some(elsewhere))
            .await,
        supervisor: app
            .token_for("inspektorat@tng.go.id", Role::Supervisor, Some(regency))
            .await,
        liaison: app
            .token_for("pupr@tng.go.id", Role::Liaison, Some(roads))
            .await,
        admin,
        roads,
        category,
    }
}

fn report(w: &World) -> Value {
    json!({
        "kind": "complaint",
        "title": "Jalan berlubang di Cikupa",
        "body": "Jalan raya Cikupa dekat pasar berlubang besar sejak dua minggu dan membahayakan pengendara motor.",
        "incident_date": "2026-11-20",
        "region_code": "36.03.18.2001",
        "address": "Jl. Raya Cikupa dekat Pasar Cikupa",
        "latitude": -6.2364,
        "longitude": 106.5087,
        "category_id": w.category,
    })
}

async fn file(app: &TestApp, token: &str, body: Value) -> Value {
    let r = app.post("/api/v1/reports", Some(token), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

async fn a_citizen_files_and_follows_a_report(app: TestApp) {
    let w = world(&app).await;
    let r = file(&app, &w.citizen, report(&w)).await;
    let id = r["id"].as_i64().unwrap();
    let tracking = r["tracking_id"].as_str().unwrap();
    assert!(
        tracking.starts_with("LPR-") && tracking.len() == 15,
        "{tracking}"
    );
    assert_eq!(r["status"], "submitted");
    assert_eq!(r["version"], 1);
    assert_eq!(r["channel"], "web");
    assert_eq!(
        r["institution_id"], w.roads,
        "routed by the category's default institution"
    );
    assert_eq!(r["reporter"]["email"], "siti@example.id");

    let mine = app.get("/api/v1/reports?mine=true", Some(&w.citizen)).await;
    assert_eq!(mine.body["items"][0]["id"], id);
    let events = app
        .get(&format!("/api/v1/reports/{id}/events"), Some(&w.citizen))
        .await;
    assert_eq!(events.body[0]["action"], "submitted");
    assert_eq!(events.body[0]["to_status"], "submitted");

    let typed = tracking.to_lowercase().replace('-', " ");
    let public = app
        .get(
            &format!("/api/v1/track/{}", typed.replace(' ', "%20")),
            None,
        )
        .await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert_eq!(public.body["status"], "submitted");
    assert_eq!(public.body["title"], "Jalan berlubang di Cikupa");
    assert_eq!(public.body["timeline"][0]["action"], "submitted");
    let text = public.body.to_string();
    assert!(
        !text.contains("siti") && !text.contains("Siti"),
        "no reporter on the public page"
    );
    assert_eq!(
        app.get("/api/v1/track/LPR-22222-22222", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/track/anything", None).await.code(),
        "not_found"
    );
}

async fn confidential_reports_show_only_their_status_publicly(app: TestApp) {
    let w = world(&app).await;
    let mut body = report(&w);
    body["confidential"] = json!(true);
    let r = file(&app, &w.citizen, body).await;
    let public = app
        .get(
            &format!("/api/v1/track/{}", r["tracking_id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(public.body["status"], "submitted");
    assert_eq!(public.body["title"], Value::Null);
    assert_eq!(public.body["timeline"], json!([]));
    assert!(!public.body.to_string().contains("berlubang"));
}

async fn intake_validates_and_writes_nothing_bad(app: TestApp) {
    let w = world(&app).await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("incident_date", json!("2999-01-01"), "future"),
        ("region_code", json!("36.03.99.9999"), "unknown"),
        ("region_code", json!("36.03"), "length"),
        ("body", json!("terlalu pendek"), "length"),
        ("body", json!("x".repeat(10001)), "length"),
        ("title", json!("pendek"), "length"),
        ("category_id", json!(424242), "unknown"),
        ("institution_id", json!(424242), "unknown"),
        ("kind", json!("praise"), "invalid"),
        ("channel", json!("sms"), "not_allowed"),
    ];
    for (field, value, code) in cases {
        let mut body = report(&w);
        body[field] = value;
        let r = app.post("/api/v1/reports", Some(&w.citizen), body).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            r.body
        );
        assert_eq!(r.body["errors"][0]["field"], field, "{}", r.body);
        assert_eq!(r.body["errors"][0]["code"], code, "{}", r.body);
    }
    let mut half = report(&w);
    half.as_object_mut().unwrap().remove("longitude");
    assert_eq!(
        app.post("/api/v1/reports", Some(&w.citizen), half)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let district = app
        .post("/api/v1/reports", Some(&w.citizen), {
            let mut b = report(&w);
            b["region_code"] = json!("36.03.18");
            b
        })
        .await;
    assert_eq!(
        district.status,
        StatusCode::CREATED,
        "districts are accepted too"
    );
    for officer in [&w.coordinator, &w.liaison, &w.admin] {
        assert_eq!(
            app.post("/api/v1/reports", Some(officer), report(&w))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        app.post("/api/v1/reports", None, report(&w)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let all = app.get("/api/v1/reports", Some(&w.admin)).await;
    assert_eq!(
        all.body["items"].as_array().unwrap().len(),
        1,
        "only the valid report exists"
    );
}

async fn idempotency_keys_make_retries_safe(app: TestApp) {
    let w = world(&app).await;
    let send = |body: Value, key: &'static str| {
        app.client
            .post(format!("{}/api/v1/reports", app.base))
            .bearer_auth(&w.citizen)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = send(report(&w), "retry-1").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = send(report(&w), "retry-1").await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["tracking_id"], first["tracking_id"]);

    let mut other = report(&w);
    other["title"] = json!("Judul yang lain sama sekali");
    let reused = send(other, "retry-1").await.unwrap();
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let reused: Value = reused.json().await.unwrap();
    assert_eq!(reused["code"], "idempotency_key_reused");

    let (a, b) =
        futures_util::future::join(send(report(&w), "race"), send(report(&w), "race")).await;
    let (a, b): (Value, Value) = (
        a.unwrap().json().await.unwrap(),
        b.unwrap().json().await.unwrap(),
    );
    assert_eq!(
        a["id"], b["id"],
        "one report for one key, even at once: {a} {b}"
    );

    let all = app.get("/api/v1/reports?limit=100", Some(&w.citizen)).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
}

async fn each_viewer_sees_what_their_scope_covers(app: TestApp) {
    let w = world(&app).await;
    let mut body = report(&w);
    body["anonymous"] = json!(true);
    body["confidential"] = json!(true);
    let r = file(&app, &w.citizen, body).await;
    let id = r["id"].as_i64().unwrap();
    let path = format!("/api/v1/reports/{id}");

    for (who, token) in [
        ("reporter", &w.citizen),
        ("coordinator", &w.coordinator),
        ("admin", &w.admin),
    ] {
        let r = app.get(&path, Some(token)).await;
        assert_eq!(r.status, StatusCode::OK, "{who}");
        assert_eq!(r.body["reporter"]["email"], "siti@example.id", "{who}");
    }
    let sup = app.get(&path, Some(&w.supervisor)).await;
    assert_eq!(sup.status, StatusCode::OK);
    assert!(
        sup.body.get("reporter").is_none(),
        "anonymous: hidden from the supervisor"
    );
    let events = app
        .get(&format!("{path}/events"), Some(&w.supervisor))
        .await;
    assert_eq!(events.body[0]["actor"], Value::Null);
    assert!(!events.body.to_string().contains("Test User"));
    assert!(
        !app.get("/api/v1/reports", Some(&w.supervisor))
            .await
            .body
            .to_string()
            .contains("siti@")
    );

    for (who, token) in [
        ("other citizen", &w.other_citizen),
        ("other coordinator", &w.other_coordinator),
        ("liaison", &w.liaison),
    ] {
        let r = app.get(&path, Some(token)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who}");
        assert_eq!(
            app.get(&format!("{path}/events"), Some(token)).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
        let verify = app
            .post(
                &format!("{path}/verify"),
                Some(token),
                json!({"version": 1}),
            )
            .await;
        // A coordinator is told "not found" outside the scope; other roles never verify.
        let expected = if who == "other coordinator" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(verify.status, expected, "{who}");
        let list = app.get("/api/v1/reports", Some(token)).await;
        assert_eq!(list.body["items"], json!([]), "{who}");
    }
    for token in [&w.supervisor, &w.citizen] {
        let r = app
            .post(
                &format!("{path}/verify"),
                Some(token),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "visible but not theirs to verify"
        );
    }
    assert_eq!(app.get(&path, None).await.status, StatusCode::UNAUTHORIZED);
}

async fn coordinators_verify_hold_and_archive(app: TestApp) {
    let w = world(&app).await;
    let r = file(&app, &w.citizen, report(&w)).await;
    let id = r["id"].as_i64().unwrap();
    let path = format!("/api/v1/reports/{id}");

    let held = app
        .post(
            &format!("{path}/hold"),
            Some(&w.coordinator),
            json!({"version": 1, "question": "Di sisi jalan yang mana?"}),
        )
        .await;
    assert_eq!(held.status, StatusCode::OK, "{}", held.body);
    assert_eq!(held.body["status"], "on_hold");
    assert_eq!(held.body["version"], 2);

    let stale = app
        .post(
            &format!("{path}/verify"),
            Some(&w.coordinator),
            json!({"version": 1}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.code(), "version_conflict");

    let verified = app
        .post(
            &format!("{path}/verify"),
            Some(&w.coordinator),
            json!({"version": 2, "title": "Jalan Raya Cikupa berlubang", "confidential": true}),
        )
        .await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
    assert_eq!(verified.body["status"], "submitted");
    assert_eq!(verified.body["title"], "Jalan Raya Cikupa berlubang");
    assert_eq!(verified.body["confidential"], true);
    assert!(verified.body["verified_at"].is_string());

    let events = app.get(&format!("{path}/events"), Some(&w.citizen)).await;
    let actions: Vec<&str> = events
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["submitted", "held", "verified"]);
    assert_eq!(
        events.body[1]["details"]["question"],
        "Di sisi jalan yang mana?"
    );
    assert_eq!(
        events.body[2]["details"]["corrected"]["title"]["before"],
        "Jalan berlubang di Cikupa"
    );
    assert_eq!(events.body[2]["from_status"], "on_hold");

    let no_original = app
        .post(
            &format!("{path}/archive"),
            Some(&w.coordinator),
            json!({"version": 3, "reason": "duplicate", "note": "sudah ada"}),
        )
        .await;
    assert_eq!(no_original.status, StatusCode::UNPROCESSABLE_ENTITY);
    let itself = app
        .post(
            &format!("{path}/archive"),
            Some(&w.coordinator),
            json!({"version": 3, "reason": "duplicate", "note": "sudah ada", "duplicate_of": id}),
        )
        .await;
    assert_eq!(itself.body["errors"][0]["code"], "self");
    let original = file(&app, &w.other_citizen, report(&w)).await;
    let archived = app
        .post(&format!("{path}/archive"), Some(&w.coordinator), json!({"version": 3, "reason": "duplicate", "note": "sudah ada", "duplicate_of": original["id"]}))
        .await;
    assert_eq!(archived.status, StatusCode::OK, "{}", archived.body);
    assert_eq!(archived.body["status"], "archived");
    let events = app
        .get(&format!("{path}/events"), Some(&w.coordinator))
        .await;
    assert_eq!(
        events.body[3]["details"]["duplicate_of"],
        original["tracking_id"]
    );

    let late = app
        .post(
            &format!("{path}/verify"),
            Some(&w.coordinator),
            json!({"version": 4}),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(late.code(), "illegal_transition");
    assert_eq!(late.body["current_status"], "archived", "{}", late.body);
    assert_eq!(
        app.get(&path, Some(&w.citizen)).await.body["version"],
        4,
        "the refused action changed nothing"
    );
}

async fn lists_filter_and_page(app: TestApp) {
    let w = world(&app).await;
    for i in 0..3 {
        let mut b = report(&w);
        b["title"] = json!(format!("Lampu jalan mati nomor {i}"));
        b["kind"] = json!("aspiration");
        b["body"] = json!(
            "Lampu penerangan jalan di perumahan sudah mati selama seminggu, mohon diperbaiki."
        );
        b["region_code"] = json!("36.03.01");
        file(&app, &w.citizen, b).await;
    }
    let other = file(&app, &w.other_citizen, report(&w)).await;
    let count = |v: &Value| v["items"].as_array().unwrap().len();
    assert_eq!(
        count(&app.get("/api/v1/reports?", Some(&w.coordinator)).await.body),
        4
    );
    assert_eq!(
        count(
            &app.get("/api/v1/reports?kind=aspiration", Some(&w.coordinator))
                .await
                .body
        ),
        3
    );
    assert_eq!(
        count(
            &app.get("/api/v1/reports?region=36.03.18", Some(&w.coordinator))
                .await
                .body
        ),
        1
    );
    assert_eq!(
        count(
            &app.get("/api/v1/reports?region=36.03", Some(&w.coordinator))
                .await
                .body
        ),
        4
    );
    assert_eq!(
        count(
            &app.get("/api/v1/reports?region=36.0", Some(&w.coordinator))
                .await
                .body
        ),
        0,
        "prefixes are whole code parts"
    );
    assert_eq!(
        count(
            &app.get("/api/v1/reports?q=LAMPU", Some(&w.coordinator))
                .await
                .body
        ),
        3
    );
    assert_eq!(
        count(
            &app.get("/api/v1/reports?q=pasar", Some(&w.coordinator))
                .await
                .body
        ),
        1,
        "the body is searched too"
    );
    // Full-text search: every word, as the start of a word, in any case.
    let search = async |q: &str| {
        count(
            &app.get(&format!("/api/v1/reports?q={q}"), Some(&w.coordinator))
                .await
                .body,
        )
    };
    assert_eq!(search("lampu%20perumahan").await, 3);
    assert_eq!(search("lampu%20pasar").await, 0, "all words must match");
    assert_eq!(search("penerang").await, 3, "a word's start finds it");
    assert_eq!(search("LAMPU%20Mati").await, 3, "case does not matter");
    assert_eq!(
        search("%22lampu%22%20OR%20*%20NEAR(").await,
        0,
        "query syntax is words like any other"
    );
    let empty = app
        .get("/api/v1/reports?q=%22%22%20*", Some(&w.coordinator))
        .await;
    assert_eq!(empty.fields(), ["q"]);
    // A corrected title is searchable at once.
    let corrected = app
        .post(
            &format!("/api/v1/reports/{}/verify", other["id"]),
            Some(&w.coordinator),
            json!({"title": "Trotoar amblas di depan pasar Cikupa"}),
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
    assert_eq!(search("trotoar%20amblas").await, 1);
    assert_eq!(
        count(
            &app.get("/api/v1/reports?status=on_hold", Some(&w.coordinator))
                .await
                .body
        ),
        0
    );
    assert_eq!(
        count(
            &app.get(
                "/api/v1/reports?created_from=2000-01-01&created_to=2999-01-01",
                Some(&w.coordinator)
            )
            .await
            .body
        ),
        4
    );
    assert_eq!(
        count(
            &app.get(
                "/api/v1/reports?created_to=2000-01-01",
                Some(&w.coordinator)
            )
            .await
            .body
        ),
        0
    );
    assert_eq!(
        count(
            &app.get("/api/v1/reports?mine=true", Some(&w.other_citizen))
                .await
                .body
        ),
        1
    );

    let first = app
        .get("/api/v1/reports?limit=3", Some(&w.coordinator))
        .await;
    let ids: Vec<i64> = first.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|p| p[0] > p[1]), "newest first");
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let rest = app
        .get(
            &format!("/api/v1/reports?limit=3&cursor={cursor}"),
            Some(&w.coordinator),
        )
        .await;
    assert_eq!(count(&rest.body), 1);
    assert_eq!(rest.body["next_cursor"], Value::Null);
    // A queue works oldest first, paging forward.
    let first = app
        .get("/api/v1/reports?order=oldest&limit=3", Some(&w.coordinator))
        .await;
    let oldest: Vec<i64> = first.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert!(
        oldest.windows(2).all(|p| p[0] < p[1]),
        "oldest first: {oldest:?}"
    );
    assert!(
        oldest[0] < *ids.iter().min().unwrap(),
        "the one left off the newest three leads"
    );
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let rest = app
        .get(
            &format!("/api/v1/reports?order=oldest&limit=3&cursor={cursor}"),
            Some(&w.coordinator),
        )
        .await;
    assert_eq!(
        rest.body["items"][0]["id"], other["id"],
        "the newest comes last"
    );
    assert_eq!(
        app.get("/api/v1/reports?order=random", Some(&w.coordinator))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get("/api/v1/reports?status=lost", Some(&w.coordinator))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

both_backends!(
    a_citizen_files_and_follows_a_report,
    confidential_reports_show_only_their_status_publicly,
    intake_validates_and_writes_nothing_bad,
    idempotency_keys_make_retries_safe,
    each_viewer_sees_what_their_scope_covers,
    coordinators_verify_hold_and_archive,
    lists_filter_and_page,
);

async fn reports_naming_no_institution_go_to_whoever_serves_their_region(app: TestApp) {
    use lapor_api::import::parse;
    use lapor_types::reference::RegionLevel::*;
    let mut rows = parse("p", "code,name\n36,Banten\n11,Aceh\n", Province).unwrap();
    rows.extend(
        parse(
            "r",
            "code,p,name\n36.03,36,Kabupaten Tangerang\n11.01,11,Kabupaten Aceh Selatan\n",
            Regency,
        )
        .unwrap(),
    );
    rows.extend(parse("d", "code,r,name\n36.03.18,36.03,Cikupa\n36.03.01,36.03,Balaraja\n11.01.01,11.01,Bakongan\n", District).unwrap());
    app.with_conn(|c| lapor_api::import::import(c, &rows).unwrap());
    let admin = app.admin().await;
    let national = app.institution(&admin, "NASIONAL", "national", None).await;
    let regency = app
        .post("/api/v1/institutions", Some(&admin), json!({"code": "PEMKAB", "name": "Pemkab Tangerang", "kind": "regional_government", "parent_id": national, "region_code": "36.03"}))
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let district = app
        .post("/api/v1/institutions", Some(&admin), json!({"code": "KEC-CIKUPA", "name": "Kecamatan Cikupa", "kind": "unit", "parent_id": regency, "region_code": "36.03.18"}))
        .await;
    assert_eq!(district.status, StatusCode::CREATED, "{}", district.body);
    assert_eq!(district.body["region_code"], "36.03.18");
    let district = district.body["id"].as_i64().unwrap();
    let unknown_area = app
        .post("/api/v1/institutions", Some(&admin), json!({"code": "X", "name": "Nowhere office", "kind": "unit", "parent_id": regency, "region_code": "99.99"}))
        .await;
    assert_eq!(unknown_area.body["errors"][0]["field"], "region_code");

    let citizen = app.token_for("siti@example.id", Role::Reporter, None).await;
    let national_coord = app
        .token_for("pusat@lapor.go.id", Role::Coordinator, Some(national))
        .await;
    let regency_coord = app
        .token_for("koor@tng.go.id", Role::Coordinator, Some(regency))
        .await;
    let body = |region: &str| {
        json!({
            "kind": "complaint",
            "title": "Lampu lalu lintas mati",
            "body": "Lampu lalu lintas di simpang empat mati sejak tadi pagi, lalu lintas macet total.",
            "incident_date": "2026-11-01",
            "region_code": region,
            "address": "Simpang empat",
        })
    };
    let cikupa = file(&app, &citizen, body("36.03.18")).await;
    assert_eq!(
        cikupa["institution_id"], district,
        "the most specific area wins"
    );
    let balaraja = file(&app, &citizen, body("36.03.01")).await;
    assert_eq!(balaraja["institution_id"], regency);
    let aceh = file(&app, &citizen, body("11.01.01")).await;
    assert_eq!(
        aceh["institution_id"],
        Value::Null,
        "nobody serves Aceh here"
    );

    let ids = |list: Value| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    let by_regency = ids(app.get("/api/v1/reports", Some(&regency_coord)).await.body);
    assert!(
        by_regency.contains(&cikupa["id"].as_i64().unwrap())
            && by_regency.contains(&balaraja["id"].as_i64().unwrap())
    );
    assert!(
        !by_regency.contains(&aceh["id"].as_i64().unwrap()),
        "not a regency's business"
    );
    let by_nation = ids(app.get("/api/v1/reports", Some(&national_coord)).await.body);
    assert_eq!(
        by_nation.len(),
        3,
        "the national coordinators see the unplaced one too"
    );
}

both_backends!(reports_naming_no_institution_go_to_whoever_serves_their_region,);

async fn verification_is_due_in_three_working_days_around_holidays(app: TestApp) {
    let w = world(&app).await;
    let first = file(&app, &w.citizen, report(&w)).await;
    let parse = |v: &Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let created = parse(&first["created_at"]);
    let holidays: Vec<chrono::NaiveDate> = app.with_conn(|c| {
        lapor_api::store::holidays::dates_from(c, created.date_naive() - chrono::Duration::days(1))
            .unwrap()
    });
    let calendar = lapor_api::domain::sla::Calendar::new(chrono_tz::Asia::Jakarta, holidays);
    let expected = calendar.due(created, lapor_api::domain::sla::Period::WorkingDays(3));
    assert_eq!(parse(&first["verify_due_at"]), expected);

    // Declare a fortnight of collective leave from tomorrow: the deadline moves past it.
    let jakarta_today = created
        .with_timezone(&chrono_tz::Asia::Jakarta)
        .date_naive();
    for n in 1..=14 {
        let day = jakarta_today + chrono::Duration::days(n);
        let r = app
            .post(
                "/api/v1/holidays",
                Some(&w.admin),
                json!({"date": day, "name": "Cuti Bersama"}),
            )
            .await;
        assert!(r.status == StatusCode::CREATED || r.code() == "holiday_exists");
    }
    let second = file(&app, &w.citizen, report(&w)).await;
    let due = parse(&second["verify_due_at"]);
    assert!(
        due - parse(&second["created_at"]) > chrono::Duration::days(17),
        "{due}"
    );
    let local = due.with_timezone(&chrono_tz::Asia::Jakarta);
    assert_eq!(
        local.time(),
        chrono::NaiveTime::MIN,
        "due at the end of a WIB day"
    );
}

both_backends!(verification_is_due_in_three_working_days_around_holidays,);

async fn stages_get_deadlines_and_overdue_reports_are_listed(app: TestApp) {
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
    use lapor_api::db::schema::reports as table;
    let w = world(&app).await;
    let r = file(&app, &w.citizen, report(&w)).await;
    let id = r["id"].as_i64().unwrap();
    let overdue = |token: String| {
        let app = &app;
        async move {
            let list = app.get("/api/v1/reports?overdue=true", Some(&token)).await;
            list.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(overdue(w.coordinator.clone()).await, Vec::<i64>::new());
    let past = chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    app.with_conn(|c| {
        diesel::update(table::table.find(id))
            .set(table::verify_due_at.eq(past))
            .execute(c)
            .unwrap()
    });
    assert_eq!(
        overdue(w.coordinator.clone()).await,
        vec![id],
        "verification is late"
    );

    app.post(
        &format!("/api/v1/reports/{id}/verify"),
        Some(&w.coordinator),
        json!({}),
    )
    .await;
    let d = app
        .post(
            &format!("/api/v1/reports/{id}/dispositions"),
            Some(&w.coordinator),
            json!({"institution_id": w.roads, "instruction": "Mohon ditangani"}),
        )
        .await;
    assert!(d.body["response_due_at"].is_string(), "{}", d.body);
    let dispatched = app
        .get(&format!("/api/v1/reports/{id}"), Some(&w.coordinator))
        .await;
    let resolve_due = dispatched.body["resolve_due_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(resolve_due.as_str() > dispatched.body["created_at"].as_str().unwrap());
    assert_eq!(
        overdue(w.coordinator.clone()).await,
        Vec::<i64>::new(),
        "dispatched in time now"
    );
    app.with_conn(|c| {
        diesel::update(table::table.find(id))
            .set(table::resolve_due_at.eq(past))
            .execute(c)
            .unwrap()
    });
    assert_eq!(
        overdue(w.coordinator.clone()).await,
        vec![id],
        "resolution is late"
    );
    assert_eq!(
        overdue(w.other_citizen.clone()).await,
        Vec::<i64>::new(),
        "still scoped"
    );

    let liaison_response = app
        .post(
            &format!("/api/v1/reports/{id}/followups"),
            Some(&w.liaison),
            json!({"kind": "response", "body": "Sedang kami tangani."}),
        )
        .await;
    assert_eq!(liaison_response.status, StatusCode::CREATED);
    let answered = app
        .get(&format!("/api/v1/reports/{id}"), Some(&w.coordinator))
        .await;
    assert!(answered.body["first_response_at"].is_string());
    assert_eq!(answered.body["resolved_at"], Value::Null);
}

async fn lists_export_and_statistics_filter_by_channel(app: TestApp) {
    let c = app.regency().await;
    for channel in ["web", "mobile", "mobile"] {
        app.ok("/api/v1/reports", &c.citizen, json!({
            "kind": "complaint", "title": format!("Laporan lewat {channel}"),
            "body": "Lampu jalan mati sudah seminggu di depan balai desa kami.",
            "incident_date": "2026-11-01", "region_code": "36.03.18", "address": "Jl. Raya Cikupa",
            "channel": channel,
        })).await;
    }
    let listed = app
        .get("/api/v1/reports?channel=mobile", Some(&c.coordinator))
        .await;
    assert_eq!(
        listed.body["items"].as_array().unwrap().len(),
        2,
        "{}",
        listed.body
    );
    let stats = app
        .get("/api/v1/stats/summary?channel=web", Some(&c.coordinator))
        .await;
    assert_eq!(stats.body["total"], 1, "{}", stats.body);
    let csv = app
        .get(
            "/api/v1/reports/export.csv?channel=mobile",
            Some(&c.coordinator),
        )
        .await;
    assert_eq!(
        csv.body.as_str().unwrap().lines().count(),
        3,
        "a header and two rows"
    );
    let bad = app
        .get("/api/v1/reports?channel=pigeon", Some(&c.coordinator))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

both_backends!(
    stages_get_deadlines_and_overdue_reports_are_listed,
    lists_export_and_statistics_filter_by_channel,
);
