//! Denial of service: what one hostile client can cost the server (docs/SECURITY.md, Limits).

use futures_util::future::join_all;
use lapor_tests::{Backend, SECRET, Server, TestDb};
use reqwest::StatusCode;
use serde_json::json;

/// 200 failed sign-ins at once, with unknown emails (each still verifies a dummy hash): the real
/// server hashes one per core at a time, the rest wait briefly or get 503 `busy` with
/// `Retry-After`, and its memory stays flat (it reached 3.6 GB before hashing was bounded).
#[actix_web::test]
async fn a_burst_of_failed_sign_ins_keeps_memory_flat() {
    let db = TestDb::new(Backend::Sqlite);
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("LAPOR_JWT_SECRET", SECRET),
    ];
    let server = Server::start(db.dir.path(), &env).await;
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/auth/login", server.base);
    let attempts = (0..200).map(|i| {
        client
            .post(&url)
            .json(
                &json!({"email": format!("nobody{i}@example.id"), "password": "not the password"}),
            )
            .send()
    });
    for answer in join_all(attempts).await {
        let answer = answer.unwrap();
        match answer.status() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(answer.headers().contains_key("retry-after"));
                let problem: serde_json::Value = answer.json().await.unwrap();
                assert_eq!(problem["code"], "busy");
            }
            other => panic!("a failed sign-in answered {other}"),
        }
    }
    let peak = server.peak_memory();
    assert!(peak < 300 << 20, "peak memory {} MB", peak >> 20);
}
