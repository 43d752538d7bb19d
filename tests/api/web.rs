//! The web app at `/`: its files, its index for the pages it routes itself, and nothing outside
//! its directory; the API's own 404s untouched.

use lapor_tests::{Backend, TestApp};
use reqwest::StatusCode;

async fn get(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let r = app
        .client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (r.status(), kind, r.text().await.unwrap())
}

#[actix_web::test]
async fn the_server_serves_the_web_app() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>LAPOR!</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("app.js"), "export default 1;").unwrap();
    std::fs::write(dist.path().join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.path().join(".env"), "SECRET=1").unwrap();
    let app = TestApp::start_with(
        Backend::Sqlite,
        &[("LAPOR_WEB_DIR", dist.path().display().to_string())],
    )
    .await;

    let (status, kind, body) = get(&app, "/").await;
    assert_eq!(
        (status, kind.as_str()),
        (StatusCode::OK, "text/html; charset=utf-8")
    );
    assert!(body.contains("LAPOR!"));
    let (_, kind, body) = get(&app, "/lacak/LPR-2K7QX-9MZ4D").await;
    assert!(
        kind.starts_with("text/html") && body.contains("LAPOR!"),
        "a page the app routes"
    );
    assert_eq!(get(&app, "/app.js").await.1, "text/javascript");
    assert_eq!(get(&app, "/app_bg.wasm").await.1, "application/wasm");
    for missing in [
        "/missing.js",
        "/.env",
        "/api/v1/nothing-here",
        "/%2e%2e/Cargo.toml",
    ] {
        let (status, kind, _) = get(&app, missing).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(kind, "application/problem+json", "{missing}");
    }
    // A POST to a page path is no page.
    let r = app.post("/lacak/x", None, serde_json::json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn without_a_built_app_the_root_is_a_404_problem() {
    let empty = tempfile::tempdir().unwrap();
    let app = TestApp::start_with(
        Backend::Sqlite,
        &[("LAPOR_WEB_DIR", empty.path().display().to_string())],
    )
    .await;
    let (status, kind, _) = get(&app, "/").await;
    assert_eq!(
        (status, kind.as_str()),
        (StatusCode::NOT_FOUND, "application/problem+json")
    );
}

/// Security headers on every answer — the web app's, the API's, errors, the docs — and HSTS only
/// when lapor is configured as served over HTTPS.
#[actix_web::test]
async fn every_answer_carries_the_security_headers() {
    let plain = TestApp::start(Backend::Sqlite).await;
    for path in [
        "/healthz",
        "/api/v1/categories",
        "/api/v1/nothing-here",
        "/docs/",
    ] {
        let r = plain
            .client
            .get(format!("{}{path}", plain.base))
            .send()
            .await
            .unwrap();
        let header = |name: &str| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        let csp = header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("script-src 'unsafe-inline'"), "{path}: {csp}");
        assert!(header("strict-transport-security").is_empty(), "{path}");
    }
    let https = TestApp::start_with(Backend::Sqlite, &[("LAPOR_HTTPS", "true".into())]).await;
    let r = https
        .client
        .get(format!("{}/healthz", https.base))
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
}
