//! Registration, sign-in, refresh rotation with reuse detection, sign-out, and token checks.

use lapor_tests::{PASSWORD, SECRET, TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn a_citizen_registers_signs_in_and_sees_themself(app: TestApp) {
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "Siti Aminah", "email": "Siti@Example.ID", "phone": "+6281234567890", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["role"], "reporter");
    assert_eq!(r.body["email"], "siti@example.id");
    assert!(r.body.get("password").is_none() && r.body.get("password_hash").is_none());

    let tokens = app.login("SITI@example.id").await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let me = app.get("/api/v1/me", tokens["access_token"].as_str()).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["name"], "Siti Aminah");
    assert_eq!(me.body["institution_id"], serde_json::Value::Null);
}

async fn registering_an_email_twice_is_409(app: TestApp) {
    let body = json!({"name": "Siti", "email": "siti@example.id", "password": PASSWORD});
    assert_eq!(
        app.post("/api/v1/auth/register", None, body.clone())
            .await
            .status,
        StatusCode::CREATED
    );
    let again = json!({"name": "Siti", "email": "SITI@example.id", "password": PASSWORD});
    let r = app.post("/api/v1/auth/register", None, again).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "email_taken");
}

async fn registration_validates_every_field(app: TestApp) {
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "S", "email": "not-an-email", "phone": "12ab", "password": "short"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.fields(), vec!["email", "name", "password", "phone"]);
    let long = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "x".repeat(121), "email": "a@b.id", "password": "p".repeat(129)}),
        )
        .await;
    assert_eq!(long.fields(), vec!["name", "password"]);
    // Long enough, but only spaces.
    let blank = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "   ", "email": "a@b.id", "password": " ".repeat(12)}),
        )
        .await;
    assert_eq!(blank.fields(), vec!["name", "password"], "{}", blank.body);
    assert!(
        blank.body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["code"] == "blank")
    );
    let count = app.with_conn(|c| lapor_api::store::users::email_taken(c, "a@b.id").unwrap());
    assert!(!count, "nothing was written");
}

async fn wrong_passwords_and_unknown_emails_look_the_same(app: TestApp) {
    app.create_user("budi@example.id", Role::Reporter, None);
    let wrong = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "budi@example.id", "password": "nope-nope"}),
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "nobody@example.id", "password": "nope-nope"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    assert_eq!(unknown.code(), "invalid_credentials");
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
    assert_eq!(wrong.headers["www-authenticate"], "Bearer");
}

async fn refresh_tokens_rotate_and_reuse_revokes_the_family(app: TestApp) {
    app.create_user("budi@example.id", Role::Reporter, None);
    let first = app.login("budi@example.id").await;
    let r1 = first["refresh_token"].as_str().unwrap();

    let second = app
        .post("/api/v1/auth/refresh", None, json!({"refresh_token": r1}))
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let r2 = second.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2);
    let me = app
        .get("/api/v1/me", second.body["access_token"].as_str())
        .await;
    assert_eq!(me.status, StatusCode::OK);

    // A thief replays the spent token: refused, and the family (r2 too) is revoked.
    let replay = app
        .post("/api/v1/auth/refresh", None, json!({"refresh_token": r1}))
        .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.code(), "refresh_token_reused");
    let after = app
        .post("/api/v1/auth/refresh", None, json!({"refresh_token": r2}))
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.code(), "invalid_refresh_token");

    // Another sign-in is another family, untouched.
    let other = app.login("budi@example.id").await;
    let ok = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": other["refresh_token"]}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

async fn a_new_password_or_signing_out_everywhere_ends_every_session(app: TestApp) {
    app.create_user("budi@example.id", Role::Reporter, None);
    let phone = app.login("budi@example.id").await;
    let laptop = app.login("budi@example.id").await;
    let token = laptop["access_token"].as_str().unwrap();
    let wrong = json!({"current_password": "not it at all", "new_password": "a brand new secret"});
    let r = app.post("/api/v1/me/password", Some(token), wrong).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNAUTHORIZED, "invalid_credentials")
    );
    assert_eq!(
        app.get("/api/v1/me", Some(token)).await.status,
        StatusCode::OK,
        "nothing changed"
    );
    let short = json!({"current_password": PASSWORD, "new_password": "short"});
    assert_eq!(
        app.post("/api/v1/me/password", Some(token), short)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let spaces = json!({"current_password": PASSWORD, "new_password": " ".repeat(10)});
    assert_eq!(
        app.post("/api/v1/me/password", Some(token), spaces)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let change = json!({"current_password": PASSWORD, "new_password": "a brand new secret"});
    let r = app.post("/api/v1/me/password", Some(token), change).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    for session in [&phone, &laptop] {
        assert_eq!(
            app.get("/api/v1/me", session["access_token"].as_str())
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let refresh = json!({"refresh_token": session["refresh_token"]});
        assert_eq!(
            app.post("/api/v1/auth/refresh", None, refresh).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let old = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "budi@example.id", "password": PASSWORD}),
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "budi@example.id", "password": "a brand new secret"}),
        )
        .await;
    assert_eq!(new.status, StatusCode::OK);

    let again = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "budi@example.id", "password": "a brand new secret"}),
        )
        .await;
    let r = app
        .delete("/api/v1/me/sessions", new.body["access_token"].as_str())
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    for session in [&new.body, &again.body] {
        assert_eq!(
            app.get("/api/v1/me", session["access_token"].as_str())
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
}

async fn only_one_of_two_concurrent_refreshes_wins(app: TestApp) {
    app.create_user("budi@example.id", Role::Reporter, None);
    let tokens = app.login("budi@example.id").await;
    let body = json!({"refresh_token": tokens["refresh_token"]});
    let (a, b) = futures_util::future::join(
        app.post("/api/v1/auth/refresh", None, body.clone()),
        app.post("/api/v1/auth/refresh", None, body),
    )
    .await;
    let ok = [a.status, b.status]
        .iter()
        .filter(|s| **s == StatusCode::OK)
        .count();
    assert_eq!(ok, 1, "{:?} {:?}", a.status, b.status);
    assert!(
        [a.status, b.status]
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::UNAUTHORIZED)
    );
}

async fn logout_revokes_the_refresh_token(app: TestApp) {
    app.create_user("budi@example.id", Role::Reporter, None);
    let tokens = app.login("budi@example.id").await;
    let body = json!({"refresh_token": tokens["refresh_token"]});
    let access = tokens["access_token"].as_str().unwrap();
    let other = app.login("budi@example.id").await;
    let r = app.post("/api/v1/auth/logout", None, body.clone()).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.post("/api/v1/auth/refresh", None, body.clone()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let me = app.get("/api/v1/me", Some(access)).await;
    assert_eq!(
        me.status,
        StatusCode::UNAUTHORIZED,
        "the access token ended with its session"
    );
    assert_eq!(me.code(), "invalid_token");
    let elsewhere = app.get("/api/v1/me", other["access_token"].as_str()).await;
    assert_eq!(elsewhere.status, StatusCode::OK, "another sign-in goes on");
    // Logging out twice is harmless.
    assert_eq!(
        app.post("/api/v1/auth/logout", None, body).await.status,
        StatusCode::NO_CONTENT
    );
    let unknown = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": "made-up"}),
        )
        .await;
    assert_eq!(unknown.code(), "invalid_refresh_token");
}

async fn missing_forged_expired_and_alg_none_tokens_are_401(app: TestApp) {
    let id = app.create_user("budi@example.id", Role::Admin, None);
    let none = app.get("/api/v1/me", None).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.code(), "unauthenticated");

    let now = chrono::Utc::now().timestamp();
    let claims = json!({"sub": id.to_string(), "sid": "s", "iat": now, "exp": now + 600});
    let forged = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"someone-elses-secret-someone-else"),
    )
    .unwrap();
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &json!({"sub": id.to_string(), "sid": "s", "iat": now - 7200, "exp": now - 3600}),
        &jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap();
    // alg "none": a header and claims, no signature.
    use base64::Engine;
    let encode = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
    let alg_none = format!(
        "{}.{}.",
        encode(r#"{"alg":"none","typ":"JWT"}"#),
        encode(&claims.to_string())
    );
    let cases = [
        (forged.as_str(), "invalid_token"),
        (expired.as_str(), "token_expired"),
        (alg_none.as_str(), "invalid_token"),
        ("not.a.jwt", "invalid_token"),
    ];
    for (token, code) in cases {
        let r = app.get("/api/v1/me", Some(token)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{token}");
        assert_eq!(r.code(), code, "{token}");
    }
    let basic = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .header("authorization", "Basic YWRtaW46YWRtaW4=")
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
}

async fn deactivated_accounts_lose_access_at_once(app: TestApp) {
    let admin = app.admin().await;
    let budi = app.create_user("budi@example.id", Role::Reporter, None);
    let tokens = app.login("budi@example.id").await;
    let access = tokens["access_token"].as_str().unwrap();
    let r = app
        .patch(
            &format!("/api/v1/users/{budi}"),
            Some(&admin),
            json!({"active": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.get("/api/v1/me", Some(access)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let refresh = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": tokens["refresh_token"]}),
        )
        .await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "budi@example.id", "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.code(), "invalid_credentials");
}

both_backends!(
    a_citizen_registers_signs_in_and_sees_themself,
    registering_an_email_twice_is_409,
    registration_validates_every_field,
    wrong_passwords_and_unknown_emails_look_the_same,
    refresh_tokens_rotate_and_reuse_revokes_the_family,
    a_new_password_or_signing_out_everywhere_ends_every_session,
    only_one_of_two_concurrent_refreshes_wins,
    logout_revokes_the_refresh_token,
    missing_forged_expired_and_alg_none_tokens_are_401,
    deactivated_accounts_lose_access_at_once,
);

/// A sign-in ends `LAPOR_SESSION_MAX_AGE` after it started, however often it was refreshed.
async fn sessions_end_at_their_maximum_age(backend: lapor_tests::Backend) {
    let settings = [
        ("LAPOR_NOW", "2027-01-04T01:00:00Z".to_owned()),
        ("LAPOR_SESSION_MAX_AGE", (90 * 86400).to_string()),
        ("LAPOR_REFRESH_TOKEN_TTL", (60 * 86400).to_string()),
    ];
    let app = lapor_tests::TestApp::start_with(backend, &settings).await;
    app.create_user("budi@example.id", Role::Reporter, None);
    let mut tokens = app.login("budi@example.id").await;
    for _ in 0..2 {
        app.advance(chrono::Duration::days(40));
        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": tokens["refresh_token"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "day 40 and 80: {}", r.body);
        tokens = r.body;
    }
    app.advance(chrono::Duration::days(11));
    let access = tokens["access_token"].as_str();
    assert_eq!(
        app.get("/api/v1/me", access).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": tokens["refresh_token"]}),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNAUTHORIZED, "invalid_refresh_token")
    );
}

#[actix_web::test]
async fn sessions_end_at_their_maximum_age_on_sqlite() {
    sessions_end_at_their_maximum_age(lapor_tests::Backend::Sqlite).await;
}

#[actix_web::test]
async fn sessions_end_at_their_maximum_age_on_postgres() {
    sessions_end_at_their_maximum_age(lapor_tests::Backend::Postgres).await;
}
