//! The public feed and supports.

use lapor_tests::both_backends;
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends! {
    async fn the_feed_shows_verified_public_reports_and_counts_supports(app: TestApp) {
        app.load_tangerang();
        let admin = app.admin().await;
        let regency = app.government(&admin, "PEMKAB", "36.03").await;
        let coordinator = app.token_for("koor@tng.go.id", Role::Coordinator, Some(regency)).await;
        let siti = app.token_for("siti@example.id", Role::Reporter, None).await;
        let budi = app.token_for("budi@example.id", Role::Reporter, None).await;
        let file = async |title: &str, anonymous: bool, confidential: bool, verify: bool| -> i64 {
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
                let v = app.post(&format!("/api/v1/reports/{id}/verify"), Some(&coordinator), json!({})).await;
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
        let ids: Vec<i64> = feed.body["items"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, vec![anonymous, named], "verified and public only, newest first");
        let by_id = |id: i64| feed.body["items"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!(by_id(named)["reporter_name"], "Test User");
        assert_eq!(by_id(anonymous)["reporter_name"], Value::Null);
        assert_eq!(by_id(anonymous)["anonymous"], true);
        let text = feed.body.to_string();
        assert!(!text.contains("siti@") && !text.contains("rahasia"));

        let r = app.post(&format!("/api/v1/reports/{named}/supports"), Some(&budi), json!({})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.body, json!({"report_id": named, "support_count": 1}));
        let again = app.post(&format!("/api/v1/reports/{named}/supports"), Some(&budi), json!({})).await;
        assert_eq!(again.code(), "already_supported");
        let r = app.post(&format!("/api/v1/reports/{named}/supports"), Some(&siti), json!({})).await;
        assert_eq!(r.body["support_count"], 2);
        for hidden in [secret, unverified] {
            let r = app.post(&format!("/api/v1/reports/{hidden}/supports"), Some(&budi), json!({})).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(app.post(&format!("/api/v1/reports/{named}/supports"), None, json!({})).await.status, StatusCode::UNAUTHORIZED);
        let officer = app.post(&format!("/api/v1/reports/{named}/supports"), Some(&coordinator), json!({})).await;
        assert_eq!(officer.status, StatusCode::FORBIDDEN);
        let feed = app.get("/api/v1/public/reports?q=kurang", None).await;
        assert_eq!(feed.body["items"][0]["support_count"], 2);
        assert_eq!(feed.body["items"].as_array().unwrap().len(), 1);
        let page = app.get("/api/v1/public/reports?limit=1", None).await;
        assert_eq!(page.body["next_cursor"], anonymous.to_string());
        assert_eq!(app.get("/api/v1/public/reports?region=36.03&kind=complaint", None).await.body["items"], json!([]));
    }
}
