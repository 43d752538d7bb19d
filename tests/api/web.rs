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
