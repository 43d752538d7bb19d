//! Registration confirmed by email and a new password by an emailed link, through a real SMTP
//! server: the answers never tell whether an address has an account, a link alone creates or
//! takes over nothing, and every link works once.

use lapor_tests::{Backend, PASSWORD, SmtpSink, TestApp, on_both};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn with_email(backend: Backend, smtp: &SmtpSink, extra: &[(&str, &str)]) -> TestApp {
    let mut settings = vec![
        ("LAPOR_SMTP_URL", smtp.url()),
        ("LAPOR_PUBLIC_URL", "https://lapor.example.id/".to_owned()),
    ];
    settings.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    TestApp::start_with(backend, &settings).await
}

/// The token of the link to `page` in `message`.
fn token(message: &str, page: &str) -> String {
    let link = format!("https://lapor.example.id{page}#");
    let at = message
        .find(&link)
        .unwrap_or_else(|| panic!("no {link} in {message}"))
        + link.len();
    message[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn register(email: &str, password: &str) -> Value {
    json!({"name": "Warga Tangerang", "email": email, "password": password})
}

async fn registration_is_confirmed_by_email(backend: Backend) {
    let smtp = SmtpSink::start();
    let app = with_email(backend, &smtp, &[]).await;
    app.create_user("siti@example.id", Role::Reporter, None);

    // A taken address and a new one get the same answer; neither is an account yet.
    let taken = app
        .post(
            "/api/v1/auth/register",
            None,
            register("siti@example.id", "rahasia-baru"),
        )
        .await;
    let new = app
        .post(
            "/api/v1/auth/register",
            None,
            register("Budi@Example.id", "rahasia-budi"),
        )
        .await;
    assert_eq!(
        (taken.status, new.status),
        (StatusCode::ACCEPTED, StatusCode::ACCEPTED)
    );
    assert_eq!(
        taken.body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["sent_to"]
    );
    assert_eq!(new.body["sent_to"], "Budi@Example.id");
    let early = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "budi@example.id", "password": "rahasia-budi"}),
        )
        .await;
    assert_eq!(early.status, StatusCode::UNAUTHORIZED);

    let to_siti = smtp.mail_to(&app, "siti@example.id").await;
    assert_eq!(to_siti.len(), 1);
    assert!(
        to_siti[0].contains("already has an account") && !to_siti[0].contains("#"),
        "{}",
        to_siti[0]
    );
    let to_budi = smtp.mail_to(&app, "budi@example.id").await;
    assert_eq!(to_budi.len(), 1);
    let link = token(&to_budi[0], "/daftar/konfirmasi");
    assert_eq!(link.len(), 43);

    const CONFIRM: &str = "/api/v1/auth/register/confirm";
    let wrong = app
        .post(
            CONFIRM,
            None,
            json!({"token": link, "password": "tebakan-saja"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let forged = app
        .post(
            CONFIRM,
            None,
            json!({"token": "x".repeat(43), "password": "rahasia-budi"}),
        )
        .await;
    assert_eq!(forged.code(), "invalid_link");
    let done = app
        .post(
            CONFIRM,
            None,
            json!({"token": link, "password": "rahasia-budi"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let me = app
        .get("/api/v1/me", done.body["access_token"].as_str())
        .await;
    assert_eq!(me.body["email"], "budi@example.id");
    assert_eq!(me.body["role"], "reporter");
    let again = app
        .post(
            CONFIRM,
            None,
            json!({"token": link, "password": "rahasia-budi"}),
        )
        .await;
    assert_eq!(again.code(), "invalid_link", "a link works once");
}

/// Someone registers a stranger's address with a password of their own. The stranger, who
/// registers too, gets two links; the stranger's password does not confirm the intruder's
/// registration, theirs does, and afterwards the intruder's link is dead.
async fn a_registration_of_someone_else_s_address_goes_nowhere(backend: Backend) {
    let smtp = SmtpSink::start();
    let app = with_email(backend, &smtp, &[]).await;
    let intruder = app
        .post(
            "/api/v1/auth/register",
            None,
            register("carol@example.id", "punya-penyusup"),
        )
        .await;
    assert_eq!(intruder.status, StatusCode::ACCEPTED);
    let owner = app
        .post(
            "/api/v1/auth/register",
            None,
            register("carol@example.id", "punya-carol"),
        )
        .await;
    assert_eq!(owner.status, StatusCode::ACCEPTED);
    let mail = smtp.mail_to(&app, "carol@example.id").await;
    assert_eq!(mail.len(), 2);
    let links: Vec<String> = mail
        .iter()
        .map(|m| token(m, "/daftar/konfirmasi"))
        .collect();
    const CONFIRM: &str = "/api/v1/auth/register/confirm";
    let results: Vec<StatusCode> = {
        let mut out = Vec::new();
        for link in &links {
            out.push(
                app.post(
                    CONFIRM,
                    None,
                    json!({"token": link, "password": "punya-carol"}),
                )
                .await
                .status,
            );
        }
        out
    };
    assert_eq!(
        results.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{results:?}"
    );
    // The intruder's link with the owner's password: refused (401), or dead once the owner's
    // link made the account (404) — the messages come in either order.
    assert!(
        results.iter().all(|s| [
            StatusCode::OK,
            StatusCode::UNAUTHORIZED,
            StatusCode::NOT_FOUND
        ]
        .contains(s)),
        "{results:?}"
    );
    for link in &links {
        let late = app
            .post(
                CONFIRM,
                None,
                json!({"token": link, "password": "punya-penyusup"}),
            )
            .await;
        assert_eq!(late.code(), "invalid_link");
    }
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "carol@example.id", "password": "punya-penyusup"}),
        )
        .await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
}

/// A new password by an emailed link: asked for an address with an account and one without,
/// the answers are the same and only the owner gets mail; the link sets the password once and
/// ends every session; more requests than `LAPOR_LIMIT_MAIL` send nothing more.
async fn a_forgotten_password_is_reset_by_email(backend: Backend) {
    let smtp = SmtpSink::start();
    let app = with_email(backend, &smtp, &[("LAPOR_LIMIT_MAIL", "2/1h")]).await;
    let old = app.token_for("siti@example.id", Role::Reporter, None).await;
    const ASK: &str = "/api/v1/auth/password-reset";
    let known = app
        .post(ASK, None, json!({"email": "SITI@example.id"}))
        .await;
    let unknown = app
        .post(ASK, None, json!({"email": "nobody@example.id"}))
        .await;
    assert_eq!(
        (known.status, unknown.status),
        (StatusCode::ACCEPTED, StatusCode::ACCEPTED)
    );
    assert_eq!(
        known.body.as_object().unwrap().len(),
        unknown.body.as_object().unwrap().len()
    );
    for _ in 0..3 {
        assert_eq!(
            app.post(ASK, None, json!({"email": "siti@example.id"}))
                .await
                .status,
            StatusCode::ACCEPTED
        );
    }
    assert!(smtp.mail_to(&app, "nobody@example.id").await.is_empty());
    let mail = smtp.mail_to(&app, "siti@example.id").await;
    assert_eq!(mail.len(), 2, "the mail limit held");
    let link = token(&mail[0], "/sandi/baru");
    // Sent mail keeps no text in the database: a backup or replica holds no working link.
    let bodies: Vec<String> = app.with_conn(|conn| {
        use diesel::prelude::*;
        use lapor_api::db::schema::outbox_emails;
        outbox_emails::table
            .select(outbox_emails::body)
            .load(conn)
            .unwrap()
    });
    assert!(
        !bodies.is_empty() && bodies.iter().all(String::is_empty),
        "{bodies:?}"
    );

    const RESET: &str = "/api/v1/auth/password-reset/confirm";
    let short = app
        .post(
            RESET,
            None,
            json!({"token": link, "new_password": "pendek"}),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .post(
            RESET,
            None,
            json!({"token": link, "new_password": "sandi-baru-siti"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.body);
    assert_eq!(
        app.get("/api/v1/me", Some(&old)).await.status,
        StatusCode::UNAUTHORIZED,
        "sessions ended"
    );
    let again = app
        .post(
            RESET,
            None,
            json!({"token": link, "new_password": "sandi-lain-lagi"}),
        )
        .await;
    assert_eq!(again.code(), "invalid_link");
    let other = token(&mail[1], "/sandi/baru");
    let spent = app
        .post(
            RESET,
            None,
            json!({"token": other, "new_password": "sandi-lain-lagi"}),
        )
        .await;
    assert_eq!(
        spent.code(),
        "invalid_link",
        "one reset spends every link of the account"
    );
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "siti@example.id", "password": "sandi-baru-siti"}),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
    let stale = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "siti@example.id", "password": PASSWORD}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
}

on_both!(
    registration_is_confirmed_by_email,
    a_registration_of_someone_else_s_address_goes_nowhere,
    a_forgotten_password_is_reset_by_email
);

/// Without email, an account is usable at once and there is no reset by email (an admin sets a
/// new password).
#[actix_web::test]
async fn without_email_there_is_no_reset_link() {
    let app = TestApp::start(Backend::Sqlite).await;
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            register("budi@example.id", "rahasia-budi"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let ask = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({"email": "budi@example.id"}),
        )
        .await;
    assert_eq!(ask.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ask.code(), "no_email");
}
