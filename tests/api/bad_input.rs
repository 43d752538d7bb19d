//! Every endpoint that takes a body, fed missing fields, wrong types and over-long strings:
//! each answer is a 422 problem naming the field, and nothing is written.

use diesel::{QueryDsl, RunQueryDsl};
use lapor_api::db::schema::{categories, holidays, institutions, refresh_tokens, users};
use lapor_tests::{TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Row counts of every table a body can write to.
fn counts(app: &TestApp) -> [i64; 5] {
    app.with_conn(|c| {
        [
            users::table.count().get_result(c).unwrap(),
            refresh_tokens::table.count().get_result(c).unwrap(),
            institutions::table.count().get_result(c).unwrap(),
            categories::table.count().get_result(c).unwrap(),
            holidays::table.count().get_result(c).unwrap(),
        ]
    })
}

struct Case {
    method: Method,
    path: String,
    body: Value,
    /// Fields that may be left out.
    optional: &'static [&'static str],
}

fn case(method: Method, path: String, body: Value, optional: &'static [&'static str]) -> Case {
    Case {
        method,
        path,
        body,
        optional,
    }
}

async fn bad_bodies_are_422_and_change_nothing(app: TestApp) {
    let admin = app.admin().await;
    let regency = app
        .institution(&admin, "PEMKAB", "regional_government", None)
        .await;
    let user = app.create_user("warga@x.id", Role::Reporter, None);
    let category = app
        .post("/api/v1/categories", Some(&admin), json!({"name": "Umum"}))
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let cases = [
        case(
            Method::POST,
            "/api/v1/auth/register".into(),
            json!({"name": "Siti", "email": "s@x.id", "phone": "08123456789", "password": "long enough"}),
            &["phone"],
        ),
        case(
            Method::POST,
            "/api/v1/auth/login".into(),
            json!({"email": "warga@x.id", "password": "wrong password"}),
            &[],
        ),
        case(
            Method::POST,
            "/api/v1/auth/refresh".into(),
            json!({"refresh_token": "abc"}),
            &[],
        ),
        case(
            Method::POST,
            "/api/v1/auth/logout".into(),
            json!({"refresh_token": "abc"}),
            &[],
        ),
        case(
            Method::POST,
            "/api/v1/users".into(),
            json!({"name": "Petugas", "email": "p@x.id", "phone": "08123456789", "role": "liaison", "institution_id": regency, "password": "long enough"}),
            &["phone", "institution_id"],
        ),
        case(
            Method::PATCH,
            format!("/api/v1/users/{user}"),
            json!({"name": "Nama", "phone": "08123456789", "role": "reporter", "institution_id": null, "active": true, "password": "long enough"}),
            &[
                "name",
                "phone",
                "role",
                "institution_id",
                "active",
                "password",
            ],
        ),
        case(
            Method::POST,
            "/api/v1/institutions".into(),
            json!({"code": "DINAS", "name": "Dinas", "kind": "unit", "parent_id": regency}),
            &["parent_id"],
        ),
        case(
            Method::PATCH,
            format!("/api/v1/institutions/{regency}"),
            json!({"code": "PEMKAB2", "name": "Pemkab", "active": true, "parent_id": regency}),
            &["code", "name", "active", "parent_id"],
        ),
        case(
            Method::POST,
            "/api/v1/categories".into(),
            json!({"name": "Jalan", "parent_id": category, "default_institution_id": regency}),
            &["parent_id", "default_institution_id"],
        ),
        case(
            Method::PATCH,
            format!("/api/v1/categories/{category}"),
            json!({"name": "Jalan", "parent_id": null, "default_institution_id": regency}),
            &["name", "parent_id", "default_institution_id"],
        ),
        case(
            Method::POST,
            "/api/v1/holidays".into(),
            json!({"date": "2027-06-01", "name": "Cuti Bersama"}),
            &[],
        ),
    ];
    let before = counts(&app);
    for c in &cases {
        let fields: Vec<String> = c.body.as_object().unwrap().keys().cloned().collect();
        for field in &fields {
            let mut wrong_type = c.body.clone();
            wrong_type[field] = json!([1, 2]);
            let mut too_long = c.body.clone();
            too_long[field] = json!("x".repeat(5000));
            let mut missing = c.body.clone();
            missing.as_object_mut().unwrap().remove(field);
            let mut variants = vec![("wrong type", wrong_type), ("too long", too_long)];
            // PostgreSQL cannot store a NUL: refused as a bad field on both databases.
            if let Some(text) = c.body[field].as_str() {
                let mut nul = c.body.clone();
                nul[field] = json!(format!("{text}\u{0}"));
                variants.push(("with a NUL", nul));
            }
            if !c.optional.contains(&field.as_str()) {
                variants.push(("missing", missing));
            }
            for (what, body) in variants {
                let r = app
                    .call(c.method.clone(), &c.path, Some(&admin), Some(body))
                    .await;
                assert_eq!(
                    r.status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{} {} {field} {what}: {}",
                    c.method,
                    c.path,
                    r.body
                );
                assert_eq!(r.code(), "validation_failed");
                assert!(
                    r.fields().contains(field) || what == "missing",
                    "{} {} {field} {what}: {}",
                    c.method,
                    c.path,
                    r.body
                );
            }
        }
        let r = app
            .call(c.method.clone(), &c.path, Some(&admin), Some(json!([])))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{} {} array body",
            c.method,
            c.path
        );
    }
    assert_eq!(counts(&app), before, "no bad request wrote anything");
}

async fn nul_characters_are_4xx_everywhere(app: TestApp) {
    app.load_tangerang();
    let citizen = app.token_for("siti@example.id", Role::Reporter, None).await;
    for path in [
        "/api/v1/regions?q=%00",
        "/api/v1/regions?cursor=a%00",
        "/api/v1/regions/%00",
        "/api/v1/regions/36%00",
        "/api/v1/reports?q=x%00",
    ] {
        let r = app.get(path, Some(&citizen)).await;
        assert!(
            r.status.is_client_error(),
            "{path}: {} {}",
            r.status,
            r.body
        );
        assert!(!r.code().is_empty());
    }
    // Who asks still comes first: 401 without a token, 403 for a role that never may.
    assert_eq!(
        app.get("/api/v1/users/1%00", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.patch("/api/v1/categories/1%00", Some(&citizen), json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "siti@example.id\u{0}", "password": "x"}),
        )
        .await;
    assert_eq!(
        login.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        login.body
    );
    assert_eq!(login.fields(), ["email"]);
    let report = json!({"kind": "complaint", "title": "Jalan\u{0} rusak parah", "body": "Jalan rusak parah di depan pasar sudah berbulan-bulan.", "incident_date": "2026-11-01", "region_code": "36.03.18", "address": "Pasar"});
    let filed = app.post("/api/v1/reports", Some(&citizen), report).await;
    assert_eq!(filed.fields(), ["title"]);
}

both_backends!(
    bad_bodies_are_422_and_change_nothing,
    nul_characters_are_4xx_everywhere,
);
