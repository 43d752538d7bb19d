//! National sync, down (docs/NATIONAL.md), against the fake national platform
//! (`tools/fake_national.py`) over HTTP: complaints disposed to the regency come in once, with
//! their reporter's anonymity and secrecy; follow-ups and status changes made there reach the
//! report's timeline once; an outage or a spent budget loses nothing.

use lapor_tests::{Backend, FakeNational, Regency, TestApp, on_both};
use lapor_types::users::Role;
use serde_json::{Value, json};

const ACCOUNT: &str = "nasional@tng.go.id";

/// An app synced with `fake`, on a clock the test moves; the regency, and its integrator
/// account imports are filed by.
async fn synced_app(
    backend: Backend,
    fake: &FakeNational,
    extra: &[(&str, String)],
) -> (TestApp, Regency) {
    let mut settings = fake.settings(ACCOUNT, "36.03.18");
    settings.push(("LAPOR_NOW", "2027-01-04T01:00:00Z".to_owned()));
    settings.extend(extra.iter().cloned());
    let app = TestApp::start_with(backend, &settings).await;
    let w = app.regency().await;
    app.create_user(ACCOUNT, Role::Integrator, None);
    (app, w)
}

async fn imported(app: &TestApp, w: &Regency) -> Vec<Value> {
    let r = app
        .get(
            "/api/v1/reports?channel=national_sync&limit=100",
            Some(&w.coordinator),
        )
        .await;
    r.body["items"].as_array().unwrap().clone()
}

async fn events(app: &TestApp, w: &Regency, report: i64) -> Vec<Value> {
    let path = format!("/api/v1/reports/{report}/events");
    app.get(&path, Some(&w.coordinator))
        .await
        .body
        .as_array()
        .unwrap()
        .clone()
}

async fn complaints_come_down_once_with_their_flags(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeNational::start(dir.path());
    let (app, w) = synced_app(backend, &fake, &[]).await;
    let named = fake
        .complaint(json!({"title": "Jalan berlubang di Cikupa", "content": "Lubang besar di tengah jalan desa, sudah dua minggu.", "reporter_name": "Siti Aminah"}))
        .await;
    let anonymous = fake
        .complaint(json!({"title": "Pungutan liar di kantor desa", "content": "Petugas meminta uang untuk surat keterangan domisili.", "reporter_name": "Budi", "is_anonymous": 1}))
        .await;
    let secret = fake
        .complaint(json!({"title": "Guru jarang masuk kelas", "content": "Wali kelas anak saya hanya masuk dua kali seminggu.", "reporter_name": "Rina", "is_secret": 1}))
        .await;

    let first = app.national().await;
    assert_eq!(
        (first.imported, first.failed, first.masters),
        (3, 0, true),
        "{first:?}"
    );
    let reports = imported(&app, &w).await;
    assert_eq!(reports.len(), 3, "in the coordinator's queue");
    let by_title = |t: &str| reports.iter().find(|r| r["title"] == t).unwrap().clone();
    let named_report = by_title("Jalan berlubang di Cikupa");
    assert_eq!(named_report["status"], "submitted");
    assert_eq!(named_report["channel"], "national_sync");
    let shown = app
        .get(
            &format!("/api/v1/reports/{}", named_report["id"]),
            Some(&w.coordinator),
        )
        .await
        .body;
    assert_eq!(shown["on_behalf_of"]["name"], "Siti Aminah", "{shown}");
    assert!(
        shown["body"]
            .as_str()
            .unwrap()
            .contains(&format!("pengaduan {named}"))
    );
    // Its page shows the national complaint, to those who may see the report only.
    let national = format!("/api/v1/reports/{}/national", named_report["id"]);
    let link = app.get(&national, Some(&w.coordinator)).await;
    assert_eq!(link.body["complaint_id"], named, "{}", link.body);
    assert_eq!(
        (
            link.body["origin"].as_str(),
            link.body["status_name"].as_str()
        ),
        (Some("imported"), Some("Terverifikasi"))
    );
    for (who, token) in [
        ("a citizen", &w.citizen),
        ("a unit it is not disposed to", &w.liaison),
    ] {
        assert_eq!(
            app.get(&national, Some(token)).await.status,
            reqwest::StatusCode::NOT_FOUND,
            "{who}"
        );
    }
    let local = app
        .ok(
            "/api/v1/reports",
            &w.citizen,
            json!({"kind": "complaint", "title": "Trotoar rusak di depan sekolah", "body": "Trotoar berlubang dan membahayakan anak-anak sekolah setiap pagi.", "incident_date": "2027-01-03", "region_code": "36.03.18", "address": "Jl. Raya Cikupa"}),
        )
        .await;
    let unlinked = format!("/api/v1/reports/{}/national", local["id"]);
    assert_eq!(
        app.get(&unlinked, Some(&w.coordinator)).await.status,
        reqwest::StatusCode::NOT_FOUND
    );
    let anonymous_report = by_title("Pungutan liar di kantor desa");
    assert_eq!(anonymous_report["anonymous"], true);
    let shown = app
        .get(
            &format!("/api/v1/reports/{}", anonymous_report["id"]),
            Some(&w.coordinator),
        )
        .await
        .body;
    assert_eq!(
        shown["on_behalf_of"],
        Value::Null,
        "an anonymous reporter's name is not kept: {shown}"
    );
    assert_eq!(by_title("Guru jarang masuk kelas")["confidential"], true);
    assert!(anonymous > named && secret > anonymous);

    // Again, and two rounds at once on a new one: still one report each.
    assert_eq!(app.national().await.imported, 0);
    fake.complaint(json!({"title": "Lampu jalan mati total", "content": "Seluruh lampu jalan di perumahan padam sejak tiga hari."}))
        .await;
    let (a, b) = futures_util::join!(app.national(), app.national());
    assert_eq!(a.imported + b.imported, 1, "{a:?} {b:?}");
    assert_eq!(imported(&app, &w).await.len(), 4);
}

async fn national_followups_and_status_reach_the_timeline_once(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeNational::start(dir.path());
    let (app, w) = synced_app(backend, &fake, &[]).await;
    let id = fake
        .complaint(json!({"title": "Sampah menumpuk di pasar", "content": "Sampah tidak diangkut selama seminggu di Pasar Kemis.", "reporter_name": "Dewi"}))
        .await;
    let round = app.national().await;
    assert_eq!(
        (round.imported, round.checked, round.news),
        (1, 1, 0),
        "{round:?}"
    );
    let report = imported(&app, &w).await[0]["id"].as_i64().unwrap();

    // Made on the national side: the reporter's answer there and a national admin's status.
    fake.control(
        &format!("complaints/{id}/followups"),
        json!({"content": "Sampai hari ini belum diangkut.", "role": "pelapor"}),
    )
    .await;
    fake.control(
        &format!("complaints/{id}/status"),
        json!({"status_name": "Dalam Proses"}),
    )
    .await;
    assert_eq!(
        app.national().await.checked,
        0,
        "not due yet: checked 5 minutes after news"
    );
    app.advance(chrono::Duration::minutes(11));
    let round = app.national().await;
    assert_eq!((round.checked, round.news), (1, 2), "{round:?}");
    let timeline = events(&app, &w, report).await;
    let national: Vec<&Value> = timeline
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("national_"))
        .collect();
    assert_eq!(national.len(), 2, "{timeline:?}");
    let followup = national
        .iter()
        .find(|e| e["action"] == "national_followup")
        .unwrap();
    assert_eq!(followup["details"]["author"], "reporter");
    assert_eq!(
        followup["details"]["content"],
        "Sampai hari ini belum diangkut."
    );
    let status = national
        .iter()
        .find(|e| e["action"] == "national_status")
        .unwrap();
    assert_eq!(
        (
            status["details"]["from"].as_str(),
            status["details"]["to"].as_str()
        ),
        (Some("Terverifikasi"), Some("Dalam Proses"))
    );

    // Checked again later: nothing is taken twice, and quiet complaints are checked less often.
    app.advance(chrono::Duration::minutes(6));
    let again = app.national().await;
    assert_eq!((again.checked, again.news), (1, 0));
    app.advance(chrono::Duration::minutes(6));
    assert_eq!(
        app.national().await.checked,
        0,
        "10 minutes after a quiet check"
    );
    app.advance(chrono::Duration::minutes(5));
    assert_eq!(app.national().await.checked, 1);
    assert_eq!(events(&app, &w, report).await.len(), timeline.len());
}

async fn an_outage_or_a_spent_budget_loses_nothing(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeNational::start(dir.path());
    let (app, w) = synced_app(backend, &fake, &[("LAPOR_NATIONAL_BUDGET", "4".to_owned())]).await;
    for n in 1..=3 {
        fake.complaint(json!({"title": format!("Drainase tersumbat nomor {n}"), "content": "Air meluap ke jalan setiap hujan deras turun sore hari."}))
            .await;
    }
    fake.control("faults", json!({"fail": 1.0})).await;
    let down = app.national().await;
    assert_eq!((down.imported, down.failed), (0, 1), "{down:?}");
    let error: Option<String> =
        app.with_conn(|conn| lapor_api::store::national::state(conn).unwrap().last_error);
    assert!(
        error.as_deref().is_some_and(|e| e.contains("HTTP 50")),
        "{error:?}"
    );

    // Back up, four requests a minute: masters (2), the inbox (1), one complaint; the rest
    // waits for the next rounds, none is lost or doubled.
    fake.control("faults", json!({"fail": 0.0})).await;
    let spent = app.national().await;
    assert_eq!((spent.imported, spent.budget_spent), (1, true), "{spent:?}");
    for _ in 0..10 {
        app.national().await;
    }
    assert_eq!(imported(&app, &w).await.len(), 3);
    let requests = fake.state().await["counters"]["requests"].as_i64().unwrap();
    assert!(requests > 0);
}

on_both!(
    complaints_come_down_once_with_their_flags,
    national_followups_and_status_reach_the_timeline_once,
    an_outage_or_a_spent_budget_loses_nothing,
);

/// `lapor sync` runs one round from the command line and prints what it did, never the
/// credentials; without the settings it says sync is off.
#[actix_web::test]
async fn lapor_sync_runs_one_round() {
    let db = lapor_tests::TestDb::new(Backend::Sqlite);
    let fake = FakeNational::start(db.dir.path());
    let base = [
        ("DATABASE_URL", db.url.clone()),
        ("LAPOR_JWT_SECRET", lapor_tests::SECRET.to_owned()),
    ];
    let env = |national: bool| -> Vec<(&'static str, String)> {
        let mut env = base.to_vec();
        if national {
            env.extend(fake.settings("integrasi@demo.lapor.test", "36.03.18"));
        }
        env
    };
    let run = |env: Vec<(&'static str, String)>, args: &[&str]| {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        lapor_tests::lapor(db.dir.path(), &env)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(env(false), &["seed", "--demo"]).status.success());
    let off = run(env(false), &["sync"]);
    assert!(!off.status.success());
    assert!(lapor_tests::text(&off).contains("national sync is off"));

    for n in 1..=2 {
        fake.complaint(json!({"title": format!("Pohon tumbang nomor {n}"), "content": "Pohon besar tumbang menutup jalan desa sejak pagi tadi."}))
            .await;
    }
    // The account imports are filed by must be an integrator: a coordinator's is refused.
    let mut wrong = env(true);
    wrong.retain(|(k, _)| *k != "LAPOR_NATIONAL_ACCOUNT");
    wrong.push((
        "LAPOR_NATIONAL_ACCOUNT",
        "koordinator@demo.lapor.test".to_owned(),
    ));
    let refused = run(wrong, &["sync"]);
    let printed: Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(
        (printed["imported"].as_i64(), printed["failed"].as_i64()),
        (Some(0), Some(1))
    );
    assert!(lapor_tests::text(&refused).contains("not an active integrator"));

    let first = run(env(true), &["sync"]);
    let said = lapor_tests::text(&first);
    assert!(first.status.success(), "{said}");
    let printed: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(
        (printed["imported"].as_i64(), printed["masters"].as_bool()),
        (Some(2), Some(true)),
        "{said}"
    );
    assert!(
        !said.contains(lapor_tests::FAKE_BEARER)
            && !said.contains(lapor_tests::FAKE_INSTITUTION_TOKEN)
    );
    let again: Value = serde_json::from_slice(&run(env(true), &["sync"]).stdout).unwrap();
    assert_eq!(again["imported"], 0);
}
