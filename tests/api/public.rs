//! The public feed and supports.

use lapor_tests::{PHOTO, TestApp, both_backends, pdf};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn the_feed_shows_verified_public_reports_and_counts_supports(app: TestApp) {
    app.load_tangerang();
    let admin = app.admin().await;
    let regency = app.government(&admin, "PEMKAB", "36.03").await;
    let coordinator = app
        .token_for("koor@tng.go.id", Role::Coordinator, Some(regency))
        .await;
    let siti = app.token_for("siti@example.id", Role::Reporter, None).await;
    let budi = app.token_for("budi@example.id", Role::Reporter, None).await;
    let file =
        async |title: &str, anonymous: bool, confidential: bool, verify: bool| -> i64 {
            let r = app
            .post("/api/v1/reports", Some(&siti), json!({
                "kind": "aspiration",
                "title": title,
                "body": "Mohon ditambah lampu penerangan jalan di sepanjang jalan desa kami.",
                "incident_date": "2026-11-01",
                "region_code": "36.03.18",
                "address": "Jl. Desa Cikupa",
                "anonymous": anonymous,
                "confidential": confidential,
            }))
            .await;
            let id = r.body["id"].as_i64().unwrap();
            if verify {
                let v = app
                    .post(
                        &format!("/api/v1/reports/{id}/verify"),
                        Some(&coordinator),
                        json!({}),
                    )
                    .await;
                assert_eq!(v.status, StatusCode::OK);
            }
            id
        };
    let named = file("Lampu jalan desa kurang", false, false, true).await;
    let anonymous = file("Lampu jalan desa mati", true, false, true).await;
    let secret = file("Lampu jalan desa rahasia", false, true, true).await;
    let unverified = file("Lampu jalan belum dicek", false, false, false).await;

    let feed = app.get("/api/v1/public/reports", None).await;
    assert_eq!(feed.status, StatusCode::OK);
    let ids: Vec<i64> = feed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![anonymous, named],
        "verified and public only, newest first"
    );
    let by_id = |id: i64| {
        feed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id(named)["reporter_name"], "Test User");
    assert_eq!(by_id(anonymous)["reporter_name"], Value::Null);
    assert_eq!(by_id(anonymous)["anonymous"], true);
    let text = feed.body.to_string();
    assert!(!text.contains("siti@") && !text.contains("rahasia"));

    let r = app
        .post(
            &format!("/api/v1/reports/{named}/supports"),
            Some(&budi),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body, json!({"report_id": named, "support_count": 1}));
    let again = app
        .post(
            &format!("/api/v1/reports/{named}/supports"),
            Some(&budi),
            json!({}),
        )
        .await;
    assert_eq!(again.code(), "already_supported");
    let r = app
        .post(
            &format!("/api/v1/reports/{named}/supports"),
            Some(&siti),
            json!({}),
        )
        .await;
    assert_eq!(r.body["support_count"], 2);
    for hidden in [secret, unverified] {
        let r = app
            .post(
                &format!("/api/v1/reports/{hidden}/supports"),
                Some(&budi),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        app.post(
            &format!("/api/v1/reports/{named}/supports"),
            None,
            json!({})
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let officer = app
        .post(
            &format!("/api/v1/reports/{named}/supports"),
            Some(&coordinator),
            json!({}),
        )
        .await;
    assert_eq!(officer.status, StatusCode::FORBIDDEN);
    let feed = app.get("/api/v1/public/reports?q=kurang", None).await;
    assert_eq!(feed.body["items"][0]["support_count"], 2);
    assert_eq!(feed.body["items"].as_array().unwrap().len(), 1);
    let page = app.get("/api/v1/public/reports?limit=1", None).await;
    assert_eq!(page.body["next_cursor"], anonymous.to_string());
    assert_eq!(
        app.get("/api/v1/public/reports?region=36.03&kind=complaint", None)
            .await
            .body["items"],
        json!([])
    );
}

async fn a_public_report_shows_its_answers_and_the_photos_allowed(app: TestApp) {
    let c = app.regency().await;
    let file = async |title: &str, public_photos: bool, confidential: bool| -> i64 {
        let r = app.ok("/api/v1/reports", &c.citizen, json!({
            "kind": "complaint",
            "title": title,
            "body": "Jalan berlubang besar di depan sekolah, berbahaya bagi pengendara motor.",
            "incident_date": "2026-11-01",
            "region_code": "36.03.18",
            "address": "Jl. Raya Cikupa km 2",
            "confidential": confidential,
            "public_photos": public_photos,
        })).await;
        let id = r["id"].as_i64().unwrap();
        for (name, bytes) in [("jalan.jpg", PHOTO.to_vec()), ("surat.pdf", pdf(2000))] {
            let up = app
                .upload(
                    &format!("/api/v1/reports/{id}/attachments"),
                    &c.citizen,
                    name,
                    bytes,
                )
                .await;
            assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
        }
        id
    };
    let shown = file("Jalan berlubang depan sekolah", true, false).await;
    let kept = file("Jalan berlubang dekat pasar", false, false).await;
    let secret = file("Jalan berlubang rahasia", true, true).await;
    // Not yet verified: not public.
    assert_eq!(
        app.get(&format!("/api/v1/public/reports/{shown}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    for id in [shown, kept, secret] {
        let d = c.dispose(&app, id).await;
        c.resolve(&app, id, d).await;
    }
    app.ok(
        &format!("/api/v1/reports/{shown}/followups"),
        &c.liaison,
        json!({"kind": "note", "body": "Catatan internal anggaran."}),
    )
    .await;
    // Photos that came after verification never show: the unit's own, and the reporter's
    // sent with a reply (which may be private).
    let mut later = Vec::new();
    for who in [&c.liaison, &c.citizen] {
        let up = app
            .upload(
                &format!("/api/v1/reports/{shown}/attachments"),
                who,
                "Budi Santoso.jpg",
                PHOTO.to_vec(),
            )
            .await;
        assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
        later.push(up.body["id"].clone());
    }

    let page = app
        .get(&format!("/api/v1/public/reports/{shown}"), None)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        page.body["report"]["title"],
        "Jalan berlubang depan sekolah"
    );
    assert_eq!(page.body["address"], "Jl. Raya Cikupa km 2");
    assert_eq!(
        page.body["responses"][0]["body"],
        "Sudah kami jadwalkan minggu ini."
    );
    assert_eq!(
        page.body["resolutions"][0]["body"],
        "Jalan sudah ditambal dan diaspal ulang."
    );
    let text = page.body.to_string();
    assert!(
        !text.contains("Catatan internal") && !text.contains("siti@"),
        "{text}"
    );
    // The photo, not the PDF; served without a sign-in.
    let photos = page.body["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 1, "{}", page.body);
    assert_eq!(photos[0]["content_type"], "image/jpeg");
    assert_eq!(
        photos[0]["file_name"],
        format!("attachment-{}.jpg", photos[0]["id"]),
        "the uploaded name stays private"
    );
    for id in &later {
        assert_eq!(
            app.get(&format!("/api/v1/public/attachments/{id}"), None)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    let photo = app
        .get(
            &format!("/api/v1/public/attachments/{}", photos[0]["id"]),
            None,
        )
        .await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.headers["content-type"], "image/jpeg");

    // Without the reporter's consent no photo shows or downloads; a confidential report has
    // no public page at all.
    assert_eq!(page.body["disputes"], json!([]));
    // A disputed resolution says so (the fact, not the reporter's words).
    app.ok(
        &format!("/api/v1/reports/{kept}/feedback"),
        &c.citizen,
        json!({"verdict": "dispute", "rating": 1, "comment": "Lubangnya masih ada di sisi kiri."}),
    )
    .await;
    let private = app
        .get(&format!("/api/v1/public/reports/{kept}"), None)
        .await;
    assert_eq!(private.body["disputes"].as_array().unwrap().len(), 1);
    assert!(
        !private.body.to_string().contains("Lubangnya"),
        "{}",
        private.body
    );
    assert_eq!(private.body["photos"], json!([]));
    assert_eq!(
        private.body["resolutions"][0]["body"],
        "Jalan sudah ditambal dan diaspal ulang."
    );
    for report in [kept, secret] {
        let files = app
            .get(
                &format!("/api/v1/reports/{report}/attachments"),
                Some(&c.citizen),
            )
            .await;
        for f in files.body.as_array().unwrap() {
            let r = app
                .get(&format!("/api/v1/public/attachments/{}", f["id"]), None)
                .await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{report}: {}",
                f["file_name"]
            );
        }
    }
    assert_eq!(
        app.get(&format!("/api/v1/public/reports/{secret}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let all = app
        .get(
            &format!("/api/v1/reports/{shown}/attachments"),
            Some(&c.citizen),
        )
        .await;
    let pdf_id = all
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["content_type"] == "application/pdf")
        .unwrap()["id"]
        .clone();
    assert_eq!(
        app.get(&format!("/api/v1/public/attachments/{pdf_id}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    for bad in ["x", "0", "-1", "99999999999999999999"] {
        let r = app
            .get(&format!("/api/v1/public/reports/{bad}"), None)
            .await;
        assert!(
            matches!(r.status, StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND),
            "{bad}: {}",
            r.status
        );
    }
}

async fn public_statistics_come_from_the_rollup(app: TestApp) {
    let c = app.regency().await;
    // Before the job runner has counted anything: busy, come back.
    let early = app.get("/api/v1/public/stats", None).await;
    assert_eq!(
        early.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        early.body
    );
    assert_eq!(early.code(), "busy");
    assert!(early.headers.get("retry-after").is_some());
    let mut ids = Vec::new();
    for (region, title) in [
        ("36.03.18", "Lampu jalan mati di Cikupa"),
        ("36.03.18.2001", "Jalan rusak di desa"),
        ("36.03.01", "Sampah menumpuk di Balaraja"),
    ] {
        let r = app
            .ok(
                "/api/v1/reports",
                &c.citizen,
                json!({
                    "kind": "complaint", "title": title,
                    "body": "Sudah lebih dari seminggu belum ada penanganan dari petugas setempat.",
                    "incident_date": "2026-11-01", "region_code": region, "address": "Jl. Raya",
                    "confidential": region == "36.03.01",
                }),
            )
            .await;
        ids.push(r["id"].as_i64().unwrap());
    }
    let d = c.dispose(&app, ids[0]).await;
    c.resolve(&app, ids[0], d).await;
    app.jobs().await;
    let stats = app.get("/api/v1/public/stats", None).await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.body);
    assert_eq!(
        (
            stats.body["received"].clone(),
            stats.body["resolved"].clone()
        ),
        (json!(3), json!(1))
    );
    // Districts by count, named; a confidential report counts, its words never show.
    assert_eq!(
        stats.body["by_district"][0],
        json!({"code": "36.03.18", "name": "Cikupa", "count": 2})
    );
    assert_eq!(stats.body["by_district"][1]["code"], "36.03.01");
    assert!(
        !stats.body.to_string().contains("Sampah menumpuk"),
        "no report text"
    );
}

both_backends!(
    the_feed_shows_verified_public_reports_and_counts_supports,
    a_public_report_shows_its_answers_and_the_photos_allowed,
    public_statistics_come_from_the_rollup,
);
