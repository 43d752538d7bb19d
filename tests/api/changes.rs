//! The change feed (docs/INTEGRATION.md): every change the caller may see, oldest first, each
//! once — and, on PostgreSQL, none skipped while transactions commit out of order.

use diesel::prelude::*;
use lapor_api::db::schema::report_events;
use lapor_tests::{TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The first `expected` changes `token` may see, read `limit` at a time. On PostgreSQL a read
/// may stop short while other transactions on the server (other tests) are still running: it
/// reads again until it has them all, then once more to see that nothing else comes.
async fn follow(app: &TestApp, token: &str, limit: i64, expected: usize) -> Vec<Value> {
    let (mut items, mut after) = (Vec::new(), String::new());
    for read in 0.. {
        let query = if after.is_empty() {
            format!("?limit={limit}")
        } else {
            format!("?limit={limit}&after={after}")
        };
        let page = app
            .get(&format!("/api/v1/changes{query}"), Some(token))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        items.extend(page.body["items"].as_array().unwrap().iter().cloned());
        after = page.body["next_cursor"].as_str().unwrap().to_owned();
        if page.body["more"] == false && items.len() >= expected {
            return items;
        }
        assert!(read < 5000, "the feed stopped short: {items:?}");
        if page.body["more"] == false {
            actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
    unreachable!()
}

/// How many changes are stored.
fn stored(app: &TestApp) -> usize {
    app.with_conn(|conn| {
        report_events::table
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    }) as usize
}

/// An anonymous citizen's report.
fn pothole() -> Value {
    json!({
        "kind": "complaint",
        "title": "Jalan berlubang di depan sekolah",
        "body": "Jalan berlubang besar di depan sekolah, sudah dua bulan tidak diperbaiki.",
        "incident_date": "2026-11-01",
        "region_code": "36.03.18",
        "address": "Jl. Raya Cikupa km 3",
        "anonymous": true,
    })
}

fn kinds(items: &[Value]) -> Vec<&str> {
    items.iter().map(|c| c["kind"].as_str().unwrap()).collect()
}

async fn the_feed_tells_each_caller_what_it_may_see(app: TestApp) {
    let w = app.regency().await;
    let filed = app
        .post("/api/v1/reports", Some(&w.citizen), pothole())
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_i64().unwrap();
    let d = w.dispose(&app, id).await;
    let note = json!({"kind": "note", "body": "Rahasia internal: perlu truk penyedot."});
    app.ok(&format!("/api/v1/reports/{id}/followups"), &w.liaison, note)
        .await;
    w.resolve(&app, id, d).await;

    // The admin sees the whole story, once each, in order; the text never travels.
    let all = follow(&app, &w.admin, 100, stored(&app)).await;
    assert_eq!(
        kinds(&all),
        [
            "submitted",
            "verified",
            "disposed",
            "followup_note",
            "disposition_accepted",
            "followup_response",
            "disposition_completed",
            "resolved",
        ],
        "{all:?}"
    );
    assert!(
        all.iter()
            .all(|c| c["report_id"] == id && c["tracking_id"] == filed.body["tracking_id"])
    );
    assert_eq!(
        all[1]["status"], "submitted",
        "verification keeps the status"
    );
    let versions: Vec<i64> = all.iter().map(|c| c["version"].as_i64().unwrap()).collect();
    assert_eq!(
        (versions[0], versions[1]),
        (1, 2),
        "filed at 1, verified at 2"
    );
    assert!(versions.windows(2).all(|v| v[0] <= v[1]), "{versions:?}");
    let latest = app
        .get(&format!("/api/v1/reports/{id}"), Some(&w.admin))
        .await;
    assert_eq!(versions.last(), latest.body["version"].as_i64().as_ref());
    assert_eq!(all[2]["data"]["institution_id"], w.unit);
    assert_eq!(all.last().unwrap()["status"], "resolved");
    let text = serde_json::to_string(&all).unwrap();
    for secret in [
        "truk penyedot",
        "Sudah kami jadwalkan",
        "Jalan berlubang",
        "Test User",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    // Read two at a time, the same changes.
    let paged = follow(&app, &w.admin, 2, all.len()).await;
    assert_eq!(paged, all);

    // The reporter: the story without the internal note; another citizen: nothing.
    let reporter = follow(&app, &w.citizen, 100, all.len() - 1).await;
    assert_eq!(reporter.len(), all.len() - 1);
    assert!(!kinds(&reporter).contains(&"followup_note"));
    let stranger = app.token_for("budi@example.id", Role::Reporter, None).await;
    assert!(follow(&app, &stranger, 3, 0).await.is_empty());
    // A sibling unit's liaison sees nothing of it.
    let sibling = app
        .institution(&w.admin, "DINKES", "unit", Some(w.regency))
        .await;
    let other_unit = app
        .token_for("dinkes@tng.go.id", Role::Liaison, Some(sibling))
        .await;
    assert!(follow(&app, &other_unit, 100, 0).await.is_empty());
    // The unit's liaison sees the disposed report's changes, the note included.
    assert_eq!(follow(&app, &w.liaison, 100, all.len()).await, all);

    // Keys: `changes:read` follows, other scopes may not.
    let integrator = app.create_user("gudang@data.id", Role::Integrator, None);
    let mut keys = Vec::new();
    for scope in ["changes:read", "reports:read"] {
        let created = app
            .post(
                "/api/v1/api-keys",
                Some(&w.admin),
                json!({"user_id": integrator, "name": scope, "scopes": [scope]}),
            )
            .await;
        keys.push(created.body["secret"].as_str().unwrap().to_owned());
    }
    let allowed = app.get("/api/v1/changes", Some(&keys[0])).await;
    assert_eq!(allowed.status, StatusCode::OK, "{}", allowed.body);
    assert_eq!(
        allowed.body["items"],
        json!([]),
        "an integrator sees the reports it filed"
    );
    let refused = app.get("/api/v1/changes", Some(&keys[1])).await;
    assert_eq!(refused.code(), "insufficient_scope");

    // A cursor the feed did not give, and a bad limit, are refused.
    let huge = "9".repeat(100);
    let cursors = [
        "abc",
        "12",
        "1.x",
        "-5.3",
        "1.-1",
        "99999999999999999999.1",
        "1.%00",
        &huge,
    ];
    let bad = cursors.map(|c| format!("after={c}"));
    let limits = ["limit=0", "limit=501", "limit=x", "since=1"].map(str::to_owned);
    for query in bad.iter().chain(&limits) {
        let r = app
            .get(&format!("/api/v1/changes?{query}"), Some(&w.admin))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            r.body
        );
        if query.starts_with("after") {
            assert_eq!(r.fields(), ["after"], "{query}");
        }
    }
    assert_eq!(
        app.get("/api/v1/changes", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

both_backends!(the_feed_tells_each_caller_what_it_may_see);

/// Writers commit out of order — some transactions take their position and then wait, some roll
/// back — while a reader follows the feed: it ends with exactly the committed changes, each
/// once, in the feed's order. A feed that served positions past a transaction still in flight
/// would pass over the slow ones for good.
#[actix_web::test]
async fn the_feed_never_skips_a_change_under_concurrent_writers() {
    let app = TestApp::start(lapor_tests::Backend::Postgres).await;
    let w = app.regency().await;
    let filed = app
        .post("/api/v1/reports", Some(&w.citizen), pothole())
        .await;
    let report = filed.body["id"].as_i64().unwrap();
    let already = follow(&app, &w.admin, 100, stored(&app)).await.len();

    let mut writers: Vec<_> = (0..6)
        .map(|writer| {
            let pool = app.pool.clone();
            std::thread::spawn(move || {
                let mut committed = Vec::new();
                for round in 0..15 {
                    let mut conn = pool.get().unwrap();
                    let slow = (writer + round) % 4 == 0;
                    let keep = (writer * 7 + round) % 5 != 0;
                    let outcome = conn.transaction(|conn| {
                        let id: i64 = diesel::insert_into(report_events::table)
                            .values((
                                report_events::report_id.eq(report),
                                report_events::action.eq("followup_response"),
                                report_events::details.eq("{}"),
                                report_events::created_at.eq(chrono::Utc::now().naive_utc()),
                            ))
                            .returning(report_events::id)
                            .get_result(conn)?;
                        if slow {
                            // Holds its position while faster writers commit after it.
                            std::thread::sleep(std::time::Duration::from_millis(150));
                        }
                        if keep {
                            Ok(id)
                        } else {
                            Err(diesel::result::Error::RollbackTransaction)
                        }
                    });
                    if let Ok(id) = outcome {
                        committed.push(id);
                    }
                }
                committed
            })
        })
        .collect();

    // Follow the feed while they write, then until it holds every committed change.
    let (mut seen, mut after) = (Vec::<i64>::new(), String::new());
    let mut committed: Option<Vec<i64>> = None;
    for read in 0.. {
        let cursor = if after.is_empty() {
            String::new()
        } else {
            format!("&after={after}")
        };
        let page = app
            .get(&format!("/api/v1/changes?limit=7{cursor}"), Some(&w.admin))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let items = page.body["items"].as_array().unwrap();
        seen.extend(items.iter().map(|c| c["id"].as_i64().unwrap()));
        after = page.body["next_cursor"].as_str().unwrap().to_owned();
        if committed.is_none() && writers.iter().all(|w| w.is_finished()) {
            committed = Some(
                std::mem::take(&mut writers)
                    .into_iter()
                    .flat_map(|w| w.join().unwrap())
                    .collect(),
            );
        }
        if let Some(committed) = &committed
            && seen.len() >= already + committed.len()
        {
            break;
        }
        // Other tests' transactions on this server hold the horizon back a while at most.
        assert!(read < 5000, "the feed stopped short: {seen:?}");
        actix_web::rt::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let committed = committed.unwrap();
    let order: Vec<i64> = app.with_conn(|conn| {
        report_events::table
            .filter(report_events::id.eq_any(&committed))
            .order((report_events::xid, report_events::id))
            .select(report_events::id)
            .load(conn)
            .unwrap()
    });
    assert_eq!(
        order.len(),
        committed.len(),
        "every committed change is stored"
    );
    let mine = seen.split_off(already);
    assert_eq!(
        mine, order,
        "every committed change, each once, in the feed's order, none rolled back"
    );
    assert!(
        committed.len() > 40 && committed.len() < 90,
        "{}",
        committed.len()
    );
}
