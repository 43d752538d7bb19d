//! Regions, categories and holidays.

use lapor_tests::{TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::json;

/// Banten's regency of Tangerang and a few of its children, through the importer.
fn load_tangerang(app: &TestApp) {
    let csv = |header: &str, rows: &[&str]| format!("{header}\n{}\n", rows.join("\n"));
    use lapor_api::import::parse;
    use lapor_types::reference::RegionLevel::*;
    let mut rows = parse("p", &csv("code,name", &["36,Banten"]), Province).unwrap();
    rows.extend(
        parse(
            "r",
            &csv(
                "code,province_code,name",
                &["36.03,36,Kabupaten Tangerang", "36.71,36,Kota Tangerang"],
            ),
            Regency,
        )
        .unwrap(),
    );
    rows.extend(
        parse(
            "d",
            &csv(
                "code,regency_code,name",
                &[
                    "36.03.18,36.03,Cikupa",
                    "36.03.01,36.03,Balaraja",
                    "36.03.05,36.03,Cisoka",
                ],
            ),
            District,
        )
        .unwrap(),
    );
    rows.extend(
        parse(
            "v",
            &csv(
                "code,district_code,name",
                &[
                    "36.03.18.2001,36.03.18,Cikupa",
                    "36.03.18.2002,36.03.18,Sukamulya",
                ],
            ),
            Village,
        )
        .unwrap(),
    );
    app.with_conn(|c| lapor_api::import::import(c, &rows).unwrap());
}

async fn regions_are_public_and_searchable(app: TestApp) {
    load_tangerang(&app);
    let provinces = app.get("/api/v1/regions", None).await;
    assert_eq!(provinces.status, StatusCode::OK);
    assert_eq!(
        provinces.body["items"],
        json!([{"code": "36", "name": "Banten", "level": "province", "parent_code": null}])
    );

    let r = app.get("/api/v1/regions?parent=36.03&q=cikupa", None).await;
    assert_eq!(
        r.body["items"],
        json!([{"code": "36.03.18", "name": "Cikupa", "level": "district", "parent_code": "36.03"}])
    );
    let districts = app.get("/api/v1/regions?parent=36.03", None).await;
    let codes: Vec<&str> = districts.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["36.03.01", "36.03.05", "36.03.18"]);

    let everywhere = app.get("/api/v1/regions?q=CIKUPA", None).await;
    assert_eq!(
        everywhere.body["items"].as_array().unwrap().len(),
        2,
        "the district and the village"
    );
    let villages = app
        .get("/api/v1/regions?q=cikupa&level=village", None)
        .await;
    assert_eq!(villages.body["items"][0]["code"], "36.03.18.2001");

    let page = app.get("/api/v1/regions?parent=36.03&limit=2", None).await;
    assert_eq!(page.body["next_cursor"], "36.03.05");
    let next = app
        .get("/api/v1/regions?parent=36.03&limit=2&cursor=36.03.05", None)
        .await;
    assert_eq!(next.body["items"][0]["code"], "36.03.18");
    assert_eq!(next.body["next_cursor"], serde_json::Value::Null);

    assert_eq!(
        app.get("/api/v1/regions/36.03.18.2002", None).await.body["name"],
        "Sukamulya"
    );
    assert_eq!(
        app.get("/api/v1/regions/99.99", None).await.status,
        StatusCode::NOT_FOUND
    );
    // LIKE wildcards are searched literally.
    assert_eq!(
        app.get("/api/v1/regions?q=%25", None).await.body["items"],
        json!([])
    );
    assert_eq!(
        app.get("/api/v1/regions?limit=500", None).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

async fn reimporting_regions_renames_and_adds(app: TestApp) {
    load_tangerang(&app);
    use lapor_api::import::parse;
    let rows = parse(
        "d",
        "code,regency_code,name\n36.03.18,36.03,Cikupa Baru\n36.03.99,36.03,Kecamatan Baru\n",
        lapor_types::reference::RegionLevel::District,
    )
    .unwrap();
    let (added, renamed) = app.with_conn(|c| lapor_api::import::import(c, &rows).unwrap());
    assert_eq!((added, renamed), (1, 1));
    assert_eq!(
        app.get("/api/v1/regions/36.03.18", None).await.body["name"],
        "Cikupa Baru"
    );
    let orphan = parse(
        "d",
        "code,regency_code,name\n99.01.01,99.01,Nowhere\n",
        lapor_types::reference::RegionLevel::District,
    )
    .unwrap();
    assert!(
        app.with_conn(|c| lapor_api::import::import(c, &orphan))
            .is_err()
    );
    assert_eq!(
        app.get("/api/v1/regions/99.01.01", None).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn categories_map_to_default_institutions(app: TestApp) {
    let admin = app.admin().await;
    let regency = app
        .institution(&admin, "PEMKAB", "regional_government", None)
        .await;
    let roads = app
        .institution(&admin, "DPUPR", "unit", Some(regency))
        .await;
    let r = app
        .post(
            "/api/v1/categories",
            Some(&admin),
            json!({"name": "Infrastruktur", "default_institution_id": roads}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let infra = r.body["id"].as_i64().unwrap();
    let r = app
        .post(
            "/api/v1/categories",
            Some(&admin),
            json!({"name": "Jalan Rusak", "parent_id": infra}),
        )
        .await;
    let road = r.body["id"].as_i64().unwrap();
    assert_eq!(
        r.body,
        json!({"id": road, "name": "Jalan Rusak", "parent_id": infra, "default_institution_id": null})
    );

    let public = app.get("/api/v1/categories", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.body["items"].as_array().unwrap().len(), 2);
    let children = app
        .get(&format!("/api/v1/categories?parent_id={infra}"), None)
        .await;
    assert_eq!(children.body["items"][0]["id"], road);
    assert_eq!(
        app.get(&format!("/api/v1/categories/{road}"), None)
            .await
            .body["name"],
        "Jalan Rusak"
    );

    let dup = app
        .post(
            "/api/v1/categories",
            Some(&admin),
            json!({"name": "Jalan Rusak", "parent_id": infra}),
        )
        .await;
    assert_eq!(dup.code(), "name_taken");
    let cycle = app
        .patch(
            &format!("/api/v1/categories/{infra}"),
            Some(&admin),
            json!({"parent_id": road}),
        )
        .await;
    assert_eq!(cycle.body["errors"][0]["code"], "cycle");
    let own = app
        .patch(
            &format!("/api/v1/categories/{infra}"),
            Some(&admin),
            json!({"parent_id": infra}),
        )
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .post(
            "/api/v1/categories",
            Some(&admin),
            json!({"name": "Lain", "default_institution_id": 99999}),
        )
        .await;
    assert_eq!(unknown.fields(), vec!["default_institution_id"]);

    let moved = app
        .patch(&format!("/api/v1/categories/{road}"), Some(&admin), json!({"parent_id": null, "default_institution_id": roads, "name": "Jalan dan Jembatan"}))
        .await;
    assert_eq!(
        moved.body,
        json!({"id": road, "name": "Jalan dan Jembatan", "parent_id": null, "default_institution_id": roads})
    );
    let cleared = app
        .patch(
            &format!("/api/v1/categories/{road}"),
            Some(&admin),
            json!({"default_institution_id": null}),
        )
        .await;
    assert_eq!(
        cleared.body["default_institution_id"],
        serde_json::Value::Null
    );
    assert_eq!(cleared.body["name"], "Jalan dan Jembatan");

    let coord = app
        .token_for("koor@x.id", Role::Coordinator, Some(regency))
        .await;
    let r = app
        .post(
            "/api/v1/categories",
            Some(&coord),
            json!({"name": "Milik Saya"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post("/api/v1/categories", None, json!({"name": "Anon"}))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/categories/123456", None).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn holidays_are_seeded_and_editable_by_admins(app: TestApp) {
    let admin = app.admin().await;
    let citizen = app.token_for("warga@x.id", Role::Reporter, None).await;
    let y2026 = app.get("/api/v1/holidays?year=2026", Some(&citizen)).await;
    assert_eq!(y2026.status, StatusCode::OK);
    let items = y2026.body["items"].as_array().unwrap();
    assert!(
        items.len() >= 15,
        "national holidays of 2026 come with the migrations"
    );
    assert_eq!(
        items[0],
        json!({"date": "2026-01-01", "name": "Tahun Baru Masehi"})
    );
    assert!(
        items
            .iter()
            .all(|h| h["date"].as_str().unwrap().starts_with("2026-"))
    );

    // Collective leave is decreed yearly and added by an admin.
    let leave = json!({"date": "2026-03-23", "name": "Cuti Bersama Idul Fitri"});
    let r = app
        .post("/api/v1/holidays", Some(&admin), leave.clone())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body, leave);
    assert_eq!(
        app.post("/api/v1/holidays", Some(&admin), leave)
            .await
            .code(),
        "holiday_exists"
    );
    let after = app.get("/api/v1/holidays?year=2026", Some(&citizen)).await;
    assert_eq!(
        after.body["items"].as_array().unwrap().len(),
        items.len() + 1
    );

    assert_eq!(
        app.delete("/api/v1/holidays/2026-03-23", Some(&admin))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete("/api/v1/holidays/2026-03-23", Some(&admin))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete("/api/v1/holidays/2026-01-01", Some(&citizen))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bad = app
        .post(
            "/api/v1/holidays",
            Some(&admin),
            json!({"date": "2026-13-01", "name": "Nope"}),
        )
        .await;
    assert_eq!(bad.fields(), vec!["date"]);
    let no_name = app
        .post(
            "/api/v1/holidays",
            Some(&admin),
            json!({"date": "2026-12-31", "name": ""}),
        )
        .await;
    assert_eq!(no_name.fields(), vec!["name"]);
    assert_eq!(
        app.get("/api/v1/holidays", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let page = app.get("/api/v1/holidays?limit=3", Some(&citizen)).await;
    let cursor = page.body["next_cursor"].as_str().unwrap();
    assert_eq!(cursor, page.body["items"][2]["date"].as_str().unwrap());
    let next = app
        .get(
            &format!("/api/v1/holidays?limit=3&cursor={cursor}"),
            Some(&citizen),
        )
        .await;
    assert!(next.body["items"][0]["date"].as_str().unwrap() > cursor);
    assert_eq!(
        app.get("/api/v1/holidays?cursor=yesterday", Some(&citizen))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

both_backends!(
    regions_are_public_and_searchable,
    reimporting_regions_renames_and_adds,
    categories_map_to_default_institutions,
    holidays_are_seeded_and_editable_by_admins,
);

/// `GET /site` names the deployment's home region (where place pickers start) without a
/// sign-in; none by default.
#[actix_web::test]
async fn the_site_names_its_home_region() {
    let home = TestApp::start_with(
        lapor_tests::Backend::Sqlite,
        &[("LAPOR_HOME_REGION", "36.03".to_owned())],
    )
    .await;
    let r = home.get("/api/v1/site", None).await;
    assert_eq!(r.body["home_region"], "36.03");
    assert_eq!(r.body["time_zone"], "Asia/Jakarta");
    assert_eq!(
        r.body["map"]["tiles"],
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    );
    // The web app may load the tiles: their origin is in its Content-Security-Policy.
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("img-src 'self' data: blob: https://tile.openstreetmap.org;"),
        "{csp}"
    );
    let plain = TestApp::start(lapor_tests::Backend::Sqlite).await;
    let r = plain.get("/api/v1/site", None).await;
    assert_eq!(r.body["home_region"], serde_json::Value::Null);
}
