//! The error contract: problem+json with stable codes for every kind of bad request.

use lapor_tests::{TestApp, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn unknown_routes_are_problem_404(app: TestApp) {
    let r = app.get("/api/v1/no-such-thing", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.code(), "not_found");
    let id = r.headers.get("x-request-id").unwrap().to_str().unwrap();
    assert_eq!(r.body["request_id"], id);
    // A route asked with a method it does not answer: 405, and which ones it does.
    let r = app.post("/api/v1/site", None, json!({})).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        "{}",
        r.body
    );
    assert_eq!(r.headers["allow"], "GET");
    let r = app.delete("/api/v1/reports/12", None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{}", r.body);
    assert_eq!(r.headers["allow"], "GET");
    let r = app.delete("/api/v1/reports/12/nothing", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

async fn a_sane_incoming_request_id_is_kept(app: TestApp) {
    let res = app
        .client
        .get(format!("{}/api/v1/nope", app.base))
        .header("x-request-id", "trace-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-123");
    let evil = app
        .client
        .get(format!("{}/healthz", app.base))
        .header("x-request-id", "a b\tc")
        .send()
        .await
        .unwrap();
    assert_ne!(evil.headers()["x-request-id"], "a b\tc");
}

async fn malformed_json_is_400(app: TestApp) {
    let r = app
        .post_raw("/api/v1/auth/login", "application/json", "{\"email\":")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.code(), "malformed_json");
}

async fn wrong_types_and_missing_fields_name_the_field(app: TestApp) {
    let r = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": 5, "password": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "validation_failed");
    assert_eq!(r.fields(), vec!["email"]);

    let missing = app
        .post("/api/v1/auth/register", None, json!({"name": "Siti"}))
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("missing field")
    );

    let unknown = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "a@b.id", "password": "x", "admin": true}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn other_content_types_are_415(app: TestApp) {
    let r = app
        .post_raw("/api/v1/auth/login", "text/plain", "email=a")
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.code(), "unsupported_media_type");
}

async fn oversized_bodies_are_413(app: TestApp) {
    let huge = format!(
        "{{\"email\":\"{}\",\"password\":\"x\"}}",
        "a".repeat(20_000)
    );
    let r = app
        .post_raw("/api/v1/auth/login", "application/json", huge)
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.code(), "payload_too_large");
}

async fn bad_path_ids_are_400(app: TestApp) {
    let admin = app.admin().await;
    for path in [
        "/api/v1/institutions/abc",
        "/api/v1/institutions/99999999999999999999",
        "/api/v1/users/1.5",
    ] {
        let r = app.get(path, Some(&admin)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(r.code(), "invalid_path");
    }
    let r = app
        .delete("/api/v1/holidays/2026-02-30", Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

async fn bad_query_parameters_are_422(app: TestApp) {
    let admin = app.admin().await;
    for query in [
        "limit=0",
        "limit=101",
        "limit=ten",
        "parent_id=x",
        "kind=planet",
        "unknown=1",
        "cursor=zz",
    ] {
        let r = app
            .get(&format!("/api/v1/institutions?{query}"), Some(&admin))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            r.body
        );
        assert_eq!(r.code(), "validation_failed");
    }
}

async fn health_and_readiness(app: TestApp) {
    let r = app.get("/healthz", None).await;
    assert_eq!(r.body, json!({"status": "ok"}));
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, json!({"status": "ok"}));
}

async fn the_spec_and_swagger_ui_are_served(app: TestApp) {
    let spec = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(spec.status, StatusCode::OK);
    assert!(spec.body["paths"]["/api/v1/auth/login"]["post"].is_object());
    let ui = app
        .client
        .get(format!("{}/docs/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ui.status(), StatusCode::OK);
    assert!(ui.text().await.unwrap().contains("swagger"));
    let asset = app
        .client
        .get(format!("{}/docs/swagger-ui.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        asset.status(),
        StatusCode::OK,
        "Swagger UI assets are served locally"
    );
}

async fn an_unknown_value_in_an_enum_column_fails_loudly(app: TestApp) {
    let c = app.regency().await;
    let filed = app
        .ok(
            "/api/v1/reports",
            &c.citizen,
            json!({
                "kind": "complaint",
                "title": "Lampu jalan mati di Cikupa",
                "body": "Lampu jalan di Jl. Raya Cikupa mati sejak seminggu, rawan kecelakaan.",
                "incident_date": "2026-11-01",
                "region_code": "36.03.18",
                "address": "Jl. Raya Cikupa",
            }),
        )
        .await;
    let id = filed["id"].as_i64().unwrap();
    let read = app.with_conn(|c| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE reports SET status = 'mystery' WHERE id = {id}"
            )),
            c,
        )
        .unwrap();
        lapor_api::store::reports::get(c, id)
    });
    // Never read as some default status: the read fails, naming the value.
    match read {
        Err(diesel::result::Error::DeserializationError(e)) => {
            assert!(format!("{e:?}").contains("mystery"), "{e:?}")
        }
        other => panic!("expected a deserialisation error, got {other:?}"),
    }
}

async fn a_wrong_method_is_a_problem_too(app: TestApp) {
    let r = app
        .call(Method::PUT, "/api/v1/auth/login", None, Some(json!({})))
        .await;
    assert!(r.status.is_client_error());
    assert!(!r.code().is_empty());
}

both_backends!(
    unknown_routes_are_problem_404,
    a_sane_incoming_request_id_is_kept,
    malformed_json_is_400,
    wrong_types_and_missing_fields_name_the_field,
    other_content_types_are_415,
    oversized_bodies_are_413,
    bad_path_ids_are_400,
    bad_query_parameters_are_422,
    health_and_readiness,
    the_spec_and_swagger_ui_are_served,
    an_unknown_value_in_an_enum_column_fails_loudly,
    a_wrong_method_is_a_problem_too,
);

/// While PostgreSQL refuses this database, requests get 503 problems (never a hang or a 500);
/// once it accepts connections again, the same server answers normally.
#[actix_web::test]
async fn a_database_that_goes_away_gives_503_then_recovers() {
    use diesel::{Connection, PgConnection, RunQueryDsl};
    let app = TestApp::start(lapor_tests::Backend::Postgres).await;
    let name = app.db.pg_name.clone().unwrap();
    let mut admin = PgConnection::establish(&lapor_tests::postgres_admin_url()).unwrap();
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);

    diesel::sql_query(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        .execute(&mut admin)
        .unwrap();
    diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    .execute(&mut admin)
    .unwrap();
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.code(), "database_unavailable");
    let r = app.get("/api/v1/categories", None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);

    diesel::sql_query(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .execute(&mut admin)
        .unwrap();
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/categories", None).await.status,
        StatusCode::OK
    );
}

/// Who the caller is decides before what they sent: 401, then 403 for a role that never may,
/// then 400/415/422 for the body or query. Each case runs many times, because the caller's
/// session is looked up in the database while the body is read, and the body used to win that
/// race (a signed-out caller's malformed body got 400, a citizen's bad body to an admin route
/// 422 or 403 by chance).
async fn authorization_comes_before_validation(backend: lapor_tests::Backend) {
    let app = TestApp::start(backend).await;
    use lapor_types::users::Role;
    let citizen = app.token_for("siti@example.id", Role::Reporter, None).await;
    let admin = app.admin().await;
    let signed_in = app.login("siti@example.id").await;
    let ended = signed_in["access_token"].as_str().unwrap().to_owned();
    let refresh = json!({"refresh_token": signed_in["refresh_token"]});
    assert_eq!(
        app.post("/api/v1/auth/logout", None, refresh).await.status,
        StatusCode::NO_CONTENT
    );

    let send = async |token: Option<&str>, content_type: &str, body: &'static str| {
        let mut req = app
            .client
            .post(format!("{}/api/v1/categories", app.base))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        lapor_tests::Resp::read(req.send().await.unwrap()).await
    };
    let json = "application/json";
    for _ in 0..15 {
        for (token, content_type, body, status) in [
            (None, json, "{", 401),
            (Some(ended.as_str()), json, "{", 401),
            (Some(ended.as_str()), "text/plain", "x", 401),
            (Some(citizen.as_str()), json, "{", 403),
            (Some(citizen.as_str()), json, r#"{"name": 5}"#, 403),
            (Some(citizen.as_str()), "text/plain", "x", 403),
            (Some(admin.as_str()), json, "{", 400),
            (Some(admin.as_str()), "text/plain", "x", 415),
            (Some(admin.as_str()), json, r#"{"name": 5}"#, 422),
        ] {
            let r = send(token, content_type, body).await;
            assert_eq!(
                r.status.as_u16(),
                status,
                "{token:?} {content_type} {body}: {}",
                r.body
            );
        }
        let query = app.get("/api/v1/reports?limit=abc", Some(&ended)).await;
        assert_eq!(query.status, StatusCode::UNAUTHORIZED, "{}", query.body);
        let verify = app
            .post(
                "/api/v1/reports/1/verify",
                Some(&citizen),
                json!({"title": 5}),
            )
            .await;
        assert_eq!(verify.status, StatusCode::FORBIDDEN, "{}", verify.body);
        for path in [
            "/api/v1/stats/institutions?top=abc",
            "/api/v1/dispositions?limit=abc",
        ] {
            let r = app.get(path, Some(&citizen)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
        }
        let holiday = app
            .delete("/api/v1/holidays/2026-02-30", Some(&citizen))
            .await;
        assert_eq!(holiday.status, StatusCode::FORBIDDEN, "{}", holiday.body);
        let path = app.get("/api/v1/reports/abc", Some(&ended)).await;
        assert_eq!(path.status, StatusCode::UNAUTHORIZED, "{}", path.body);
    }
}

/// Every status the server answers is in its spec: each operation of the served spec is probed
/// without a token, as a citizen and as an admin, with an out-of-range id, a body of the wrong
/// type and an empty JSON object; whatever comes back must be a documented response of that
/// operation (an outside fuzzer once found 400 `invalid_path` and 415 undocumented on 30).
#[actix_web::test]
async fn every_answer_is_documented() {
    use lapor_types::users::Role;
    let app = TestApp::start(lapor_tests::Backend::Sqlite).await;
    let admin = app.admin().await;
    let citizen = app.token_for("siti@example.id", Role::Reporter, None).await;
    let spec = app.get("/api/v1/openapi.json", None).await.body;
    let mut probed = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let documented: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            let json_body = op["requestBody"]["content"]
                .get("application/json")
                .is_some();
            let concrete = |id: &str| {
                let mut p = path.clone();
                for param in op["parameters"].as_array().into_iter().flatten() {
                    let name = param["name"].as_str().unwrap();
                    let value = match (
                        param["schema"]["type"].as_str(),
                        param["schema"]["format"].as_str(),
                    ) {
                        (Some("string"), Some("date")) => "2026-02-30",
                        (Some("string"), _) => "LPR-AAAAA-AAAAA",
                        _ => id,
                    };
                    p = p.replace(&format!("{{{name}}}"), value);
                }
                p
            };
            for (token, id, content_type, body) in [
                (None, "1", "application/json", "{}"),
                (Some(&citizen), "1", "application/json", "{}"),
                (
                    Some(&admin),
                    "9223372036854775808",
                    "application/json",
                    "{}",
                ),
                (Some(&admin), "999999", "text/plain", "x"),
                (Some(&admin), "999999", "application/json", "{}"),
            ] {
                let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let mut req = app
                    .client
                    .request(method.clone(), format!("{}{}", app.base, concrete(id)));
                if let Some(token) = token {
                    req = req.bearer_auth(token);
                }
                if json_body {
                    req = req.header("content-type", content_type).body(body);
                }
                let status = req.send().await.unwrap().status().as_u16().to_string();
                assert!(
                    documented.contains(&&status),
                    "{method} {path} ({content_type} {body}, id {id}, token: {}) answered {status}, documented {documented:?}",
                    token.is_some()
                );
                probed += 1;
            }
        }
    }
    assert!(probed > 300, "{probed} probes");
}

/// The object comes before the body too: a caller of the right role but outside the object's
/// scope is told 404 (or 403 when they see it but it is not theirs) whatever their body holds;
/// only a caller who may act on it learns what is wrong with the body.
async fn the_object_is_checked_before_the_body(backend: lapor_tests::Backend) {
    use lapor_types::users::Role;
    let app = TestApp::start(backend).await;
    let c = app.regency().await;
    let report = json!({
        "kind": "complaint",
        "title": "Jembatan retak",
        "body": "Jembatan di desa kami retak besar sejak banjir bulan lalu, berbahaya dilewati.",
        "incident_date": "2026-11-01",
        "region_code": "36.03.18",
        "address": "Desa Cikupa",
    });
    let id = app.ok("/api/v1/reports", &c.citizen, report).await["id"]
        .as_i64()
        .unwrap();
    let d = c.dispose(&app, id).await;
    let city = app
        .institution(&c.admin, "PEMKOT", "regional_government", None)
        .await;
    let stranger = app
        .token_for("koor@kota.go.id", Role::Coordinator, Some(city))
        .await;
    let health = app
        .institution(&c.admin, "DINKES", "unit", Some(c.regency))
        .await;
    let other_unit = app
        .token_for("dinkes@tng.go.id", Role::Liaison, Some(health))
        .await;
    let other_citizen = app.token_for("budi@example.id", Role::Reporter, None).await;
    let bad = json!({"title": 5, "reason": 5, "resolution": 5, "kind": "bogus", "verdict": 5, "working_days": "x", "name": 5});
    for (token, path, status) in [
        (&stranger, format!("/api/v1/reports/{id}/verify"), 404),
        (&stranger, format!("/api/v1/reports/{id}/hold"), 404),
        (&stranger, format!("/api/v1/reports/{id}/archive"), 404),
        (
            &stranger,
            format!("/api/v1/reports/{id}/investigation"),
            404,
        ),
        (&stranger, format!("/api/v1/reports/{id}/dispositions"), 404),
        (&stranger, format!("/api/v1/reports/{id}/followups"), 404),
        (
            &other_unit,
            format!("/api/v1/dispositions/{d}/decline"),
            404,
        ),
        (
            &other_unit,
            format!("/api/v1/dispositions/{d}/complete"),
            404,
        ),
        (
            &other_unit,
            format!("/api/v1/dispositions/{d}/extension"),
            404,
        ),
        (
            &other_citizen,
            format!("/api/v1/reports/{id}/feedback"),
            404,
        ),
        // Seen, but not theirs: the coordinator sees the disposition, it is the unit's to decline.
        (
            &c.coordinator,
            format!("/api/v1/dispositions/{d}/decline"),
            403,
        ),
        (
            &c.supervisor,
            format!("/api/v1/reports/{id}/followups"),
            403,
        ),
        (&c.admin, "/api/v1/categories/999999".to_owned(), 404),
        (&c.admin, "/api/v1/institutions/999999".to_owned(), 404),
        (&c.admin, "/api/v1/users/999999".to_owned(), 404),
        (&c.admin, "/api/v1/sla-policies/999999".to_owned(), 404),
        // Whoever may act on it learns what is wrong with the body.
        (&c.coordinator, format!("/api/v1/reports/{id}/hold"), 422),
        (&c.liaison, format!("/api/v1/dispositions/{d}/decline"), 422),
    ] {
        let method =
            if path.starts_with("/api/v1/reports") || path.starts_with("/api/v1/dispositions") {
                reqwest::Method::POST
            } else {
                reqwest::Method::PATCH
            };
        let r = app
            .call(method, &path, Some(token), Some(bad.clone()))
            .await;
        assert_eq!(r.status.as_u16(), status, "{path}: {}", r.body);
    }
}

lapor_tests::on_both!(
    authorization_comes_before_validation,
    the_object_is_checked_before_the_body,
);
