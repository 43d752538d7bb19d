//! Statistics and the CSV export: the figures of a small known world, scoped to each viewer;
//! the export streamed with the list's filters and its anonymity rules.

use chrono::{Datelike, Months};
use lapor_tests::{Regency, TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn file(app: &TestApp, token: &str, kind: &str, title: &str, anonymous: bool) -> i64 {
    app.ok(
        "/api/v1/reports",
        token,
        json!({
            "kind": kind,
            "title": title,
            "body": "Sudah dua minggu tidak ada perbaikan, warga sekitar sangat terganggu.",
            "incident_date": "2026-11-01",
            "region_code": "36.03.18",
            "address": "Jl. Raya Cikupa km 3",
            "anonymous": anonymous,
        }),
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

struct World {
    c: Regency,
    other_coordinator: String,
    other_citizen: String,
    handled: i64,
}

/// Three reports of one citizen in Cikupa: one handled to the end (rated 4), one waiting, one
/// aspiration archived; another regency with its own coordinator.
async fn world(app: &TestApp) -> World {
    let c = app.regency().await;
    let other = app.government(&c.admin, "PEMPROV", "36").await;
    let handled = file(
        app,
        &c.citizen,
        "complaint",
        "Jalan rusak berlubang di Cikupa",
        true,
    )
    .await;
    file(
        app,
        &c.citizen,
        "complaint",
        "=HYPERLINK(\"http://evil.example\")",
        true,
    )
    .await;
    let archived = file(
        app,
        &c.citizen,
        "aspiration",
        "Usul taman bermain di Cikupa",
        false,
    )
    .await;
    let d = c.dispose(app, handled).await;
    c.resolve(app, handled, d).await;
    let r = format!("/api/v1/reports/{handled}");
    app.ok(
        &format!("{r}/feedback"),
        &c.citizen,
        json!({"verdict": "accept", "rating": 4}),
    )
    .await;
    app.ok(
        &format!("/api/v1/reports/{archived}/archive"),
        &c.coordinator,
        json!({"reason": "not_public_service", "note": "Bukan kewenangan pemda"}),
    )
    .await;
    World {
        other_coordinator: app
            .token_for("koor@bantenprov.go.id", Role::Coordinator, Some(other))
            .await,
        other_citizen: app.token_for("budi@example.id", Role::Reporter, None).await,
        c,
        handled,
    }
}

async fn summary(app: &TestApp, token: &str, query: &str) -> Value {
    let r = app
        .get(&format!("/api/v1/stats/summary{query}"), Some(token))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

fn count(tallies: &Value, key: &str) -> i64 {
    tallies
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == key)
        .map_or(0, |t| t["count"].as_i64().unwrap())
}

async fn csv_rows(app: &TestApp, token: &str, query: &str) -> Vec<csv::StringRecord> {
    let r = app
        .client
        .get(format!("{}/api/v1/reports/export.csv{query}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let text = r.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    assert_eq!(&header[14], "reporter_email");
    reader.records().map(|r| r.unwrap()).collect()
}

async fn the_summary_counts_what_the_viewer_may_see(app: TestApp) {
    let w = world(&app).await;
    let s = summary(&app, &w.c.coordinator, "").await;
    assert_eq!(s["total"], 3);
    assert_eq!(count(&s["by_status"], "closed"), 1);
    assert_eq!(count(&s["by_status"], "submitted"), 1);
    assert_eq!(count(&s["by_status"], "archived"), 1);
    assert_eq!(count(&s["by_kind"], "complaint"), 2);
    assert_eq!(count(&s["by_region"], "36.03.18"), 3);
    assert_eq!(count(&s["by_unit"], &w.c.unit.to_string()), 1);
    // Two reports count for the rates (the archived one does not).
    assert_eq!(s["followed_up_rate"], 0.5);
    assert_eq!(s["finished_rate"], 0.5);
    assert_eq!(s["overdue_rate"], 0.0);
    assert_eq!(s["on_time"]["verify"], 1.0);
    assert_eq!(s["on_time"]["first_response"], 1.0);
    assert_eq!(s["on_time"]["resolve"], 1.0);
    assert_eq!(s["first_response"]["count"], 1);
    assert_eq!(s["resolution"]["count"], 1);
    assert_eq!(s["rating"]["average"], 4.0);
    assert_eq!(s["rating"]["distribution"], json!([0, 0, 0, 1, 0]));

    assert_eq!(
        summary(&app, &w.c.coordinator, "?kind=aspiration").await["total"],
        1
    );
    assert_eq!(
        summary(&app, &w.c.coordinator, "?q=jalan%20rusak").await["total"],
        1
    );
    assert_eq!(summary(&app, &w.c.supervisor, "").await["total"], 3);
    assert_eq!(
        summary(&app, &w.c.liaison, "").await["total"],
        1,
        "only what was disposed to the unit"
    );
    assert_eq!(
        summary(&app, &w.c.citizen, "").await["total"],
        3,
        "a citizen's own"
    );
    assert_eq!(summary(&app, &w.other_citizen, "").await["total"], 0);
    let other = summary(&app, &w.other_coordinator, "").await;
    assert_eq!(
        (other["total"].as_i64(), other["finished_rate"].as_f64()),
        (Some(0), None)
    );
    assert_eq!(
        app.get(
            "/api/v1/stats/summary?interval=year",
            Some(&w.c.coordinator)
        )
        .await
        .fields(),
        ["query"],
        "an unknown interval"
    );
    assert_eq!(
        app.get("/api/v1/stats/summary", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn the_league_table_trend_and_topics(app: TestApp) {
    let w = world(&app).await;
    let league = app
        .get(
            "/api/v1/stats/institutions?sort=on_time_rate",
            Some(&w.c.coordinator),
        )
        .await;
    assert_eq!(league.status, StatusCode::OK, "{}", league.body);
    let rows = league.body.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["institution_id"], w.c.unit);
    assert_eq!(rows[0]["dispositions"], 1);
    assert_eq!(rows[0]["completed_rate"], 1.0);
    assert_eq!(rows[0]["responded_rate"], 1.0);
    assert_eq!(rows[0]["rating"]["average"], 4.0);
    let theirs = app
        .get("/api/v1/stats/institutions", Some(&w.other_coordinator))
        .await;
    assert_eq!(
        theirs.body,
        json!([]),
        "another regency's units are not in the table"
    );
    assert_eq!(
        app.get("/api/v1/stats/institutions", Some(&w.c.citizen))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let trend = app
        .get("/api/v1/stats/trend?interval=month", Some(&w.c.coordinator))
        .await;
    assert_eq!(trend.status, StatusCode::OK, "{}", trend.body);
    assert_eq!(trend.body["interval"], "month");
    let points = trend.body["points"].as_array().unwrap();
    assert_eq!(
        points
            .iter()
            .map(|p| p["filed"].as_i64().unwrap())
            .sum::<i64>(),
        3
    );
    assert_eq!(
        points
            .iter()
            .map(|p| p["finished"].as_i64().unwrap())
            .sum::<i64>(),
        1
    );

    let topics = app
        .get("/api/v1/stats/topics?top=3", Some(&w.c.coordinator))
        .await;
    assert_eq!(topics.status, StatusCode::OK, "{}", topics.body);
    assert_eq!(topics.body[0]["region_code"], "36.03.18");
    assert_eq!(topics.body[0]["reports"], 3);
    assert_eq!(
        topics.body[0]["words"][0],
        json!({"key": "cikupa", "count": 2})
    );
    assert_eq!(
        app.get("/api/v1/stats/topics?top=0", Some(&w.c.coordinator))
            .await
            .fields(),
        ["top"]
    );
}

async fn the_rollup_agrees_with_the_reports_and_follows_them(app: TestApp) {
    let w = world(&app).await;
    let month = app.now().date_naive().with_day(1).unwrap();
    let end = month
        .checked_add_months(Months::new(1))
        .unwrap()
        .pred_opt()
        .unwrap();
    let queries = [
        "".to_owned(),
        "?kind=complaint".to_owned(),
        format!("?created_from={month}&created_to={end}"),
    ];
    let league = |token: String| {
        let app = &app;
        async move {
            app.get("/api/v1/stats/institutions", Some(&token))
                .await
                .body
        }
    };
    let mut counted = Vec::new();
    for q in &queries {
        counted.push(summary(&app, &w.c.coordinator, q).await);
    }
    let counted_league = league(w.c.coordinator.clone()).await;
    assert_eq!(
        app.jobs().await.counted,
        3,
        "everything, the regency's subtree and the province's"
    );
    for (q, expected) in queries.iter().zip(&counted) {
        assert_eq!(&summary(&app, &w.c.coordinator, q).await, expected, "{q}");
    }
    assert_eq!(league(w.c.coordinator.clone()).await, counted_league);
    assert_eq!(
        summary(&app, &w.other_coordinator, "").await["total"],
        0,
        "each scope its own"
    );

    // A report filed after the round and verified: the rollup counts it at the next round,
    // waiting for its disposition; a filter the rollup cannot answer counts the reports
    // themselves, at once.
    let lamp = file(&app, &w.c.citizen, "complaint", "Lampu jalan mati", false).await;
    app.ok(
        &format!("/api/v1/reports/{lamp}/verify"),
        &w.c.coordinator,
        json!({}),
    )
    .await;
    assert_eq!(
        summary(&app, &w.c.coordinator, "").await["total"],
        3,
        "as of the last round"
    );
    let live = summary(&app, &w.c.coordinator, "?region=36.03").await;
    assert_eq!(live["total"], 4);
    assert_eq!(count(&live["by_status"], "submitted"), 2);
    assert_eq!(live["awaiting_disposition"], 1, "one of them verified");
    assert_eq!(
        app.jobs().await.counted,
        3,
        "this month again, in each of the three scopes"
    );
    let rolled = summary(&app, &w.c.coordinator, "").await;
    assert_eq!(
        (
            rolled["total"].as_i64(),
            rolled["awaiting_disposition"].as_i64()
        ),
        (Some(4), Some(1))
    );
    assert_eq!(summary(&app, &w.c.admin, "").await["total"], 4);
}

async fn the_export_streams_the_list_with_its_rules(app: TestApp) {
    let w = world(&app).await;
    let all = csv_rows(&app, &w.c.coordinator, "").await;
    assert_eq!(all.len(), 3);
    assert!(
        all.iter().all(|r| &r[14] == "siti@example.id"),
        "coordinators know every reporter"
    );
    let injected = all.iter().find(|r| r[5].contains("HYPERLINK")).unwrap();
    assert!(
        injected[5].starts_with("'="),
        "formulas are defused: {}",
        &injected[5]
    );
    // A supervisor sees no anonymous reporter, in any column.
    for row in csv_rows(&app, &w.c.supervisor, "").await {
        let anonymous = &row[11] == "true";
        assert_eq!(
            anonymous,
            row[13].is_empty() && row[14].is_empty(),
            "{row:?}"
        );
    }
    let handled = csv_rows(&app, &w.c.liaison, "").await;
    assert_eq!(handled.len(), 1);
    assert_eq!(&handled[0][0], w.handled.to_string());
    assert_eq!(&handled[0][14], "", "anonymous to the unit");
    assert_eq!(
        csv_rows(&app, &w.c.coordinator, "?kind=aspiration")
            .await
            .len(),
        1
    );
    assert_eq!(
        csv_rows(&app, &w.c.coordinator, "?mine=true").await.len(),
        0,
        "mine: as the list, the coordinator filed none"
    );
    assert_eq!(
        csv_rows(&app, &w.other_coordinator, "").await.len(),
        0,
        "a header and nothing else"
    );
    let r = app.get("/api/v1/reports/export.csv", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let bad = app
        .get(
            "/api/v1/reports/export.csv?status=lost",
            Some(&w.c.coordinator),
        )
        .await;
    assert_eq!(bad.fields(), ["query"], "an unknown status");
}

both_backends!(
    the_summary_counts_what_the_viewer_may_see,
    the_league_table_trend_and_topics,
    the_rollup_agrees_with_the_reports_and_follows_them,
    the_export_streams_the_list_with_its_rules,
);

/// More rows than one page of the export: every report arrives once, newest first.
#[actix_web::test]
async fn the_export_pages_through_everything() {
    let app = TestApp::start(lapor_tests::Backend::Sqlite).await;
    let c = app.regency().await;
    // Straight into the database: filing 2,500 reports through the API would take minutes.
    app.with_conn(|conn| {
        use diesel::prelude::*;
        use lapor_api::db::schema::{reports, users};
        let reporter: i64 = users::table
            .filter(users::email.eq("siti@example.id"))
            .select(users::id)
            .first(conn)
            .unwrap();
        let now = chrono::Utc::now().naive_utc();
        lapor_api::db::write_transaction(conn, |conn| {
            for n in 0..2500 {
                diesel::insert_into(reports::table)
                    .values((
                        reports::tracking_id.eq(format!("LPR-TEST{n:05}")),
                        reports::kind.eq("complaint"),
                        reports::title.eq(format!("Laporan nomor {n}")),
                        reports::body.eq("Isi laporan untuk uji ekspor."),
                        reports::incident_date.eq(now.date()),
                        reports::region_code.eq("36.03.18"),
                        reports::address.eq("Cikupa"),
                        reports::institution_id.eq(Some(c.regency)),
                        reports::reporter_id.eq(reporter),
                        reports::anonymous.eq(false),
                        reports::confidential.eq(false),
                        reports::channel.eq("web"),
                        reports::status.eq("submitted"),
                        reports::version.eq(1),
                        reports::created_at.eq(now),
                        reports::updated_at.eq(now),
                    ))
                    .execute(conn)
                    .unwrap();
            }
            diesel::QueryResult::Ok(())
        })
        .unwrap();
    });
    let rows = csv_rows(&app, &c.coordinator, "").await;
    assert_eq!(rows.len(), 2500);
    let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(
        ids.windows(2).all(|p| p[0] > p[1]),
        "newest first, none twice"
    );
}
