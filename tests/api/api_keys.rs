//! API keys (docs/INTEGRATION.md): created by admins for integrators and staff, shown once,
//! stored hashed, bounded by their scopes, their account's role and their institution, and dead
//! at once when revoked or expired.

use lapor_tests::{Backend, Resp, SmtpSink, TestApp, both_backends, on_both};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A report an integrator files for a citizen who wrote on WhatsApp.
fn whatsapp_report(institution_id: Option<i64>) -> Value {
    json!({
        "kind": "complaint",
        "title": "Lampu jalan mati di Cikupa",
        "body": "Lampu penerangan jalan di depan pasar Cikupa mati sejak dua minggu lalu.",
        "incident_date": "2026-11-01",
        "region_code": "36.03.18",
        "address": "Pasar Cikupa",
        "channel": "whatsapp",
        "institution_id": institution_id,
    })
}

/// Files `body` with `token` under an `Idempotency-Key`.
async fn idempotent(app: &TestApp, token: &str, idempotency_key: &str, body: Value) -> Resp {
    let sent = app
        .client
        .post(format!("{}/api/v1/reports", app.base))
        .bearer_auth(token)
        .header("Idempotency-Key", idempotency_key)
        .json(&body)
        .send()
        .await
        .unwrap();
    Resp::read(sent).await
}

/// Creates a key through the API and returns the answer (asserting 201).
async fn key(app: &TestApp, admin: &str, body: Value) -> Value {
    let r = app.post("/api/v1/api-keys", Some(admin), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

fn secret(created: &Value) -> String {
    created["secret"].as_str().unwrap().to_owned()
}

async fn a_key_is_shown_once_stored_hashed_and_revoked_at_once(app: TestApp) {
    let w = app.regency().await;
    let integrator = app.create_user("wa@kanal.id", Role::Integrator, None);
    let created = key(
        &app,
        &w.admin,
        json!({"user_id": integrator, "name": "WhatsApp", "scopes": ["reports:read", "reports:write"]}),
    )
    .await;
    let secret = secret(&created);
    assert!(
        secret.starts_with("lapor_") && secret.len() > 40,
        "{secret}"
    );
    assert_eq!(created["prefix"], secret[..14]);
    assert_eq!(created["last_used_at"], Value::Null);

    // Only a hash is kept: the secret is nowhere in the table.
    let id = created["id"].as_i64().unwrap();
    let stored: Vec<(String, String)> = app.with_conn(|conn| {
        use diesel::prelude::*;
        use lapor_api::db::schema::api_keys;
        api_keys::table
            .select((api_keys::prefix, api_keys::secret_hash))
            .load(conn)
            .unwrap()
    });
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].1.contains(&secret[6..]) && stored[0].0.len() == 14);

    // The list never shows it.
    let list = app.get("/api/v1/api-keys", Some(&w.admin)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["items"][0]["id"], id);
    assert!(!list.body.to_string().contains(&secret[6..]));
    assert_eq!(list.body["items"][0].get("secret"), None);

    // The key acts as its account.
    let me = app.get("/api/v1/me", Some(&secret)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(
        (me.body["id"].as_i64(), me.body["role"].as_str()),
        (Some(integrator), Some("integrator"))
    );
    let filed = app
        .post("/api/v1/reports", Some(&secret), whatsapp_report(None))
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(filed.body["channel"], "whatsapp");
    let report = filed.body["id"].as_i64().unwrap();
    let read = app
        .get(&format!("/api/v1/reports/{report}"), Some(&secret))
        .await;
    assert_eq!(read.status, StatusCode::OK);
    let used = app.get("/api/v1/api-keys", Some(&w.admin)).await;
    assert!(
        used.body["items"][0]["last_used_at"].is_string(),
        "{}",
        used.body
    );

    // Revoked: 401 on the next request; revoking again changes nothing; unknown ids are 404.
    let path = format!("/api/v1/api-keys/{id}");
    assert_eq!(
        app.delete(&path, Some(&w.admin)).await.status,
        StatusCode::NO_CONTENT
    );
    let refused = app.get("/api/v1/me", Some(&secret)).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.code(), "invalid_token");
    let first =
        app.get("/api/v1/api-keys", Some(&w.admin)).await.body["items"][0]["revoked_at"].clone();
    assert!(first.is_string());
    assert_eq!(
        app.delete(&path, Some(&w.admin)).await.status,
        StatusCode::NO_CONTENT
    );
    let again = app.get("/api/v1/api-keys", Some(&w.admin)).await;
    assert_eq!(again.body["items"][0]["revoked_at"], first);
    assert_eq!(
        app.delete("/api/v1/api-keys/999999", Some(&w.admin))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn scopes_and_the_role_bound_what_a_key_does(app: TestApp) {
    let w = app.regency().await;
    let integrator = app.create_user("wa@kanal.id", Role::Integrator, None);
    let reader = secret(
        &key(
            &app,
            &w.admin,
            json!({"user_id": integrator, "name": "Gudang data", "scopes": ["reports:read"]}),
        )
        .await,
    );
    assert_eq!(
        app.get("/api/v1/reports", Some(&reader)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/categories", Some(&reader)).await.status,
        StatusCode::OK
    );
    for (method, path) in [
        (reqwest::Method::POST, "/api/v1/reports"),
        (reqwest::Method::GET, "/api/v1/api-keys"),
        (reqwest::Method::GET, "/api/v1/users"),
        (reqwest::Method::GET, "/api/v1/notifications"),
        (reqwest::Method::DELETE, "/api/v1/me/sessions"),
    ] {
        let r = app
            .call(
                method.clone(),
                path,
                Some(&reader),
                Some(whatsapp_report(None)),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {}",
            r.body
        );
        assert_eq!(r.code(), "insufficient_scope", "{method} {path}");
    }
    // No key creates keys, whatever its account.
    let r = app
        .post(
            "/api/v1/api-keys",
            Some(&reader),
            json!({"user_id": integrator, "name": "x", "scopes": ["reports:read"]}),
        )
        .await;
    assert_eq!(r.code(), "insufficient_scope");

    // A key cannot do what its account's role cannot: a supervisor does not file.
    let supervisor = app.create_user("data@tng.go.id", Role::Supervisor, Some(w.regency));
    let writer = secret(
        &key(&app, &w.admin, json!({"user_id": supervisor, "name": "Dasbor", "scopes": ["reports:read", "reports:write"]})).await,
    );
    let r = app
        .post("/api/v1/reports", Some(&writer), whatsapp_report(None))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.code(), "forbidden");
    assert_eq!(
        app.get("/api/v1/stats/summary", Some(&writer)).await.status,
        StatusCode::OK
    );

    // Deactivating the account ends its keys at once.
    let deactivate = app
        .patch(
            &format!("/api/v1/users/{supervisor}"),
            Some(&w.admin),
            json!({"active": false}),
        )
        .await;
    assert_eq!(deactivate.status, StatusCode::OK, "{}", deactivate.body);
    assert_eq!(
        app.get("/api/v1/reports", Some(&writer)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Garbage is a 401, never more.
    for token in [
        "lapor_",
        "lapor_nothing-like-a-key",
        &format!("lapor_{}", "x".repeat(8000)),
    ] {
        let r = app.get("/api/v1/me", Some(token)).await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "{}",
            &token[..20.min(token.len())]
        );
        assert_eq!(r.code(), "invalid_token");
    }
}

async fn who_may_hold_and_create_keys(app: TestApp) {
    let w = app.regency().await;
    let integrator = app.create_user("wa@kanal.id", Role::Integrator, None);
    let body = json!({"user_id": integrator, "name": "WhatsApp", "scopes": ["reports:read"]});
    for token in [&w.coordinator, &w.supervisor, &w.liaison, &w.citizen] {
        let r = app
            .post("/api/v1/api-keys", Some(token), body.clone())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert_eq!(
            app.get("/api/v1/api-keys", Some(token)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        app.post("/api/v1/api-keys", None, body).await.status,
        StatusCode::UNAUTHORIZED
    );

    let admin_id = app.get("/api/v1/me", Some(&w.admin)).await.body["id"].clone();
    let citizen_id = app.get("/api/v1/me", Some(&w.citizen)).await.body["id"].clone();
    let liaison_id = app.get("/api/v1/me", Some(&w.liaison)).await.body["id"].clone();
    let sibling = app
        .institution(&w.admin, "DINKES", "unit", Some(w.regency))
        .await;
    let gone = app.create_user("lama@kanal.id", Role::Integrator, None);
    app.patch(
        &format!("/api/v1/users/{gone}"),
        Some(&w.admin),
        json!({"active": false}),
    )
    .await;
    for (bad, field) in [
        (
            json!({"user_id": admin_id, "name": "Admin", "scopes": ["reports:read"]}),
            "user_id",
        ),
        (
            json!({"user_id": citizen_id, "name": "Warga", "scopes": ["reports:read"]}),
            "user_id",
        ),
        (
            json!({"user_id": gone, "name": "Lama", "scopes": ["reports:read"]}),
            "user_id",
        ),
        (
            json!({"user_id": 999999, "name": "Hantu", "scopes": ["reports:read"]}),
            "user_id",
        ),
        (
            json!({"user_id": liaison_id, "name": "Sibling", "scopes": ["reports:read"], "institution_id": sibling}),
            "institution_id",
        ),
        (
            json!({"user_id": liaison_id, "name": "Superior", "scopes": ["reports:read"], "institution_id": w.regency}),
            "institution_id",
        ),
        (
            json!({"user_id": integrator, "name": "Lewat", "scopes": ["reports:read"], "expires_at": "2020-01-01T00:00:00Z"}),
            "expires_at",
        ),
        (
            json!({"user_id": integrator, "name": "Kosong", "scopes": []}),
            "scopes",
        ),
        (
            json!({"user_id": integrator, "name": "   ", "scopes": ["reports:read"]}),
            "name",
        ),
        (
            json!({"user_id": integrator, "name": "Jauh", "scopes": ["reports:read"], "expires_at": "2099-01-01T00:00:00Z"}),
            "expires_at",
        ),
        (
            json!({"user_id": integrator, "name": "Dua", "scopes": ["reports:read", "reports:read"]}),
            "scopes",
        ),
    ] {
        let r = app
            .post("/api/v1/api-keys", Some(&w.admin), bad.clone())
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
        assert_eq!(r.fields(), [field], "{bad}");
    }
    for garbage in [
        json!({"user_id": integrator, "name": "Asing", "scopes": ["admin:all"]}),
        json!({"user_id": integrator, "name": "Nul\u{0}", "scopes": ["reports:read"]}),
        json!({"user_id": "satu", "name": "Tipe", "scopes": ["reports:read"]}),
        json!({"user_id": integrator, "name": "x".repeat(10_000), "scopes": ["reports:read"]}),
    ] {
        let r = app
            .post("/api/v1/api-keys", Some(&w.admin), garbage.clone())
            .await;
        assert!(r.status.is_client_error(), "{garbage}: {}", r.status);
        r.code();
    }
    let listed = app.get("/api/v1/api-keys", Some(&w.admin)).await;
    assert_eq!(
        listed.body["items"],
        json!([]),
        "nothing refused was stored"
    );
}

async fn a_limited_key_files_and_sees_within_its_institution(app: TestApp) {
    let w = app.regency().await;
    let sibling = app
        .institution(&w.admin, "DINKES", "unit", Some(w.regency))
        .await;
    let integrator = app.create_user("wa@kanal.id", Role::Integrator, None);
    let limited = secret(
        &key(&app, &w.admin, json!({"user_id": integrator, "name": "Kanal PUPR", "scopes": ["reports:read", "reports:write"], "institution_id": w.unit})).await,
    );
    let r = app
        .post(
            "/api/v1/reports",
            Some(&limited),
            whatsapp_report(Some(w.unit)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for outside in [Some(sibling), Some(w.regency), None] {
        let r = app
            .post("/api/v1/reports", Some(&limited), whatsapp_report(outside))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{outside:?}: {}",
            r.body
        );
        assert_eq!(r.fields(), ["institution_id"]);
    }

    // Reading is limited too: another key of the same account files to the sibling; the
    // limited key neither lists that report, nor reads it, nor gets it back by replaying.
    let wide = secret(
        &key(&app, &w.admin, json!({"user_id": integrator, "name": "Kanal semua", "scopes": ["reports:read", "reports:write"]})).await,
    );
    let elsewhere = idempotent(&app, &wide, "sms-1", whatsapp_report(Some(sibling))).await;
    assert_eq!(elsewhere.status, StatusCode::CREATED, "{}", elsewhere.body);
    let other = elsewhere.body["id"].as_i64().unwrap();
    let listed = app.get("/api/v1/reports", Some(&limited)).await;
    assert_eq!(
        listed.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        listed.body
    );
    assert_eq!(listed.body["items"][0]["institution_id"], w.unit);
    let read = app
        .get(&format!("/api/v1/reports/{other}"), Some(&limited))
        .await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    let replay = idempotent(&app, &limited, "sms-1", whatsapp_report(Some(sibling))).await;
    assert_eq!(replay.status, StatusCode::NOT_FOUND, "{}", replay.body);
    let replay = idempotent(&app, &wide, "sms-1", whatsapp_report(Some(sibling))).await;
    assert_eq!(
        replay.body["id"], other,
        "the wide key gets its report back"
    );

    // A key limited to a unit stops when its account leaves that unit.
    let liaison = app.create_user("pupr2@tng.go.id", Role::Liaison, Some(w.unit));
    let unit_key = secret(
        &key(&app, &w.admin, json!({"user_id": liaison, "name": "Aplikasi PUPR", "scopes": ["reports:read"], "institution_id": w.unit})).await,
    );
    assert_eq!(
        app.get("/api/v1/reports", Some(&unit_key)).await.status,
        StatusCode::OK
    );
    let moved = app
        .patch(
            &format!("/api/v1/users/{liaison}"),
            Some(&w.admin),
            json!({"institution_id": sibling}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let r = app.get("/api/v1/reports", Some(&unit_key)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert_eq!(r.code(), "invalid_token");

    // A supervisor's key limited to the unit sees the unit's reports, not the sibling's.
    let mut citizen_report = whatsapp_report(Some(sibling));
    citizen_report["channel"] = json!("web");
    let theirs = app
        .post("/api/v1/reports", Some(&w.citizen), citizen_report)
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);
    let supervisor = app.create_user("data@tng.go.id", Role::Supervisor, Some(w.regency));
    let narrow = secret(
        &key(&app, &w.admin, json!({"user_id": supervisor, "name": "Dasbor PUPR", "scopes": ["reports:read"], "institution_id": w.unit})).await,
    );
    let seen = app.get("/api/v1/reports", Some(&narrow)).await;
    let institutions: Vec<i64> = seen.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["institution_id"].as_i64().unwrap())
        .collect();
    assert_eq!(institutions, [w.unit], "{}", seen.body);
    let other = theirs.body["id"].as_i64().unwrap();
    let hidden = app
        .get(&format!("/api/v1/reports/{other}"), Some(&narrow))
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let wide = app
        .get(&format!("/api/v1/reports/{other}"), Some(&w.supervisor))
        .await;
    assert_eq!(wide.status, StatusCode::OK, "the account itself sees it");
}

both_backends!(
    a_key_is_shown_once_stored_hashed_and_revoked_at_once,
    scopes_and_the_role_bound_what_a_key_does,
    who_may_hold_and_create_keys,
    a_limited_key_files_and_sees_within_its_institution,
);

async fn an_expired_key_stops_at_once(backend: Backend) {
    let app =
        TestApp::start_with(backend, &[("LAPOR_NOW", "2027-01-04T01:00:00Z".to_owned())]).await;
    let admin = app.admin().await;
    let integrator = app.create_user("wa@kanal.id", Role::Integrator, None);
    let expires = (app.now() + chrono::Duration::hours(1)).to_rfc3339();
    let secret = secret(
        &key(&app, &admin, json!({"user_id": integrator, "name": "Sejam", "scopes": ["reports:read"], "expires_at": expires})).await,
    );
    assert_eq!(
        app.get("/api/v1/reports", Some(&secret)).await.status,
        StatusCode::OK
    );
    app.advance(chrono::Duration::minutes(61));
    let r = app.get("/api/v1/reports", Some(&secret)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.code(), "invalid_token");
}

async fn each_key_has_its_own_rate_limit(backend: Backend) {
    let app = TestApp::start_with(backend, &[("LAPOR_LIMIT_API_KEY", "3/1h".to_owned())]).await;
    let admin = app.admin().await;
    let integrator = app.create_user("wa@kanal.id", Role::Integrator, None);
    let body = json!({"user_id": integrator, "name": "Satu", "scopes": ["reports:read"]});
    let first = secret(&key(&app, &admin, body.clone()).await);
    let second = secret(&key(&app, &admin, body).await);
    for _ in 0..3 {
        assert_eq!(
            app.get("/api/v1/reports", Some(&first)).await.status,
            StatusCode::OK
        );
    }
    let refused = app.get("/api/v1/reports", Some(&first)).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.code(), "rate_limited");
    assert!(refused.headers.get("retry-after").is_some());
    assert_eq!(
        app.get("/api/v1/reports", Some(&second)).await.status,
        StatusCode::OK,
        "another key counts apart"
    );
    let person = app.get("/api/v1/reports", Some(&admin)).await;
    assert_eq!(
        person.status,
        StatusCode::OK,
        "a signed-in person is not counted"
    );
}

on_both!(
    an_expired_key_stops_at_once,
    each_key_has_its_own_rate_limit
);

async fn an_integrator_files_for_a_citizen_who_hears_by_email(backend: Backend) {
    let smtp = SmtpSink::start();
    let app = TestApp::start_with(backend, &[("LAPOR_SMTP_URL", smtp.url())]).await;
    let w = app.regency().await;
    let integrator = app.create_user("wa@kanal.id", Role::Integrator, None);
    let channel_key = secret(
        &key(&app, &w.admin, json!({"user_id": integrator, "name": "WhatsApp", "scopes": ["reports:read", "reports:write"]})).await,
    );
    let mut report = whatsapp_report(Some(w.regency));
    report["anonymous"] = json!(true);
    report["on_behalf_of"] =
        json!({"name": "Budi Santoso", "email": "Budi@Example.id", "phone": "081234567890"});
    let filed = app
        .post("/api/v1/reports", Some(&channel_key), report.clone())
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let budi = json!({"name": "Budi Santoso", "email": "budi@example.id", "phone": "081234567890"});
    assert_eq!(filed.body["on_behalf_of"], budi);
    let (id, tracking) = (
        filed.body["id"].as_i64().unwrap(),
        filed.body["tracking_id"].as_str().unwrap().to_owned(),
    );
    let received = smtp.mail_to(&app, "budi@example.id").await;
    assert_eq!(received.len(), 1, "{received:?}");
    assert!(received[0].contains(&tracking) && received[0].contains("diterima"));

    // The report's coordinators know who filed it; the unit it goes to does not (anonymous).
    let r = format!("/api/v1/reports/{id}");
    let seen = app.get(&r, Some(&w.coordinator)).await;
    assert_eq!(seen.body["on_behalf_of"], budi, "{}", seen.body);
    let d = w.dispose(&app, id).await;
    assert!(d > 0);
    for token in [&w.liaison, &w.supervisor] {
        let unit = app.get(&r, Some(token)).await;
        assert_eq!(unit.status, StatusCode::OK, "{}", unit.body);
        assert!(!unit.body.to_string().contains("Budi"), "{}", unit.body);
    }
    let public = app.get(&format!("/api/v1/public/reports/{id}"), None).await;
    assert!(!public.body.to_string().contains("Budi"), "{}", public.body);
    let tracked = app.get(&format!("/api/v1/track/{tracking}"), None).await;
    assert!(
        !tracked.body.to_string().contains("Budi"),
        "{}",
        tracked.body
    );
    // Verified and disposed: Budi hears of both, by email.
    let news = smtp.mail_to(&app, "budi@example.id").await;
    assert_eq!(news.len(), 3, "receipt, verified, disposed: {news:?}");

    // Not on the citizens' own channels (the default is `web`): the contact would show nowhere.
    for channel in [json!("web"), json!("mobile"), Value::Null] {
        let mut web = report.clone();
        web["channel"] = channel.clone();
        let r = app.post("/api/v1/reports", Some(&channel_key), web).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{channel}: {}",
            r.body
        );
        assert_eq!(r.fields(), ["on_behalf_of"]);
    }

    // Only integrators file for others, and a citizen must be reachable.
    let mut citizens = report.clone();
    citizens["channel"] = json!("web");
    let refused = app
        .post("/api/v1/reports", Some(&w.citizen), citizens)
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(refused.fields(), ["on_behalf_of"]);
    for (contact, field) in [
        (json!({"name": "Budi"}), "on_behalf_of"),
        (
            json!({"name": "Budi", "email": "bukan-email"}),
            "on_behalf_of.email",
        ),
        (json!({"name": "Budi", "phone": "12"}), "on_behalf_of.phone"),
        (
            json!({"name": "B", "phone": "081234567890"}),
            "on_behalf_of.name",
        ),
        (
            json!({"name": "   ", "phone": "081234567890"}),
            "on_behalf_of.name",
        ),
        (
            json!({"name": "Budi", "phone": "081234567890", "nik": "3603"}),
            "on_behalf_of.nik",
        ),
    ] {
        report["on_behalf_of"] = contact.clone();
        let r = app
            .post("/api/v1/reports", Some(&channel_key), report.clone())
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{contact}: {}",
            r.body
        );
        assert_eq!(r.fields(), [field], "{contact}: {}", r.body);
    }
    let mine = app.get("/api/v1/reports", Some(&channel_key)).await;
    assert_eq!(
        mine.body["items"].as_array().unwrap().len(),
        1,
        "nothing refused was filed"
    );
}

on_both!(an_integrator_files_for_a_citizen_who_hears_by_email);
