//! The access matrix: every report endpoint × every kind of viewer (the reporter, another
//! citizen, an integrator, the coordinators of this and another government, the supervisor, the
//! routed and an unrouted liaison, the admin, no one), asserting the exact status — and that the
//! anonymous reporter's name, email and phone appear in no answer to anyone who may not know them.

use lapor_tests::{PHOTO, TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Who {
    Reporter,
    OtherCitizen,
    Integrator,
    Coordinator,
    OtherCoordinator,
    Supervisor,
    RoutedLiaison,
    OtherLiaison,
    Admin,
    Nobody,
}
use Who::*;

const EVERYONE: [Who; 10] = [
    Reporter,
    OtherCitizen,
    Integrator,
    Coordinator,
    OtherCoordinator,
    Supervisor,
    RoutedLiaison,
    OtherLiaison,
    Admin,
    Nobody,
];

impl Who {
    fn sees(self) -> bool {
        matches!(
            self,
            Reporter | Coordinator | Supervisor | RoutedLiaison | Admin
        )
    }
    fn knows_reporter(self) -> bool {
        matches!(self, Reporter | Coordinator | Admin)
    }
}

const OK: StatusCode = StatusCode::OK;
const CREATED: StatusCode = StatusCode::CREATED;
const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;
const CONFLICT: StatusCode = StatusCode::CONFLICT;

/// The status for a viewer: 401 without a token, 404 outside the scope, else `inside`.
fn expect(who: Who, inside: StatusCode) -> StatusCode {
    match who {
        Nobody => StatusCode::UNAUTHORIZED,
        w if !w.sees() => StatusCode::NOT_FOUND,
        _ => inside,
    }
}

/// Roles that may coordinate, that work on reports, and that file them.
const COORDINATORS: &[Who] = &[Coordinator, OtherCoordinator, Admin];
const OFFICERS: &[Who] = &[
    Coordinator,
    OtherCoordinator,
    RoutedLiaison,
    OtherLiaison,
    Admin,
];
const FILERS: &[Who] = &[Reporter, OtherCitizen, Integrator];

/// Like `expect`, for an action only some roles ever do: a role that never may is refused (403)
/// before the report is looked at — the answer is the same whatever the report.
fn expect_role(who: Who, roles: &[Who], inside: StatusCode) -> StatusCode {
    match who {
        Nobody => StatusCode::UNAUTHORIZED,
        w if !roles.contains(&w) => FORBIDDEN,
        w => expect(w, inside),
    }
}

async fn every_endpoint_for_every_viewer(app: TestApp) {
    app.load_tangerang();
    let admin = app.admin().await;
    let regency = app.government(&admin, "PEMKAB", "36.03").await;
    let roads = app
        .institution(&admin, "DPUPR", "unit", Some(regency))
        .await;
    let health = app
        .institution(&admin, "DINKES", "unit", Some(regency))
        .await;
    let city = app
        .institution(&admin, "PEMKOT", "regional_government", None)
        .await;

    let owner_id = app.create_user("siti.rahasia@example.id", Role::Reporter, None);
    let r = app
        .patch(
            &format!("/api/v1/users/{owner_id}"),
            Some(&admin),
            json!({"name": "Siti Rahasia", "phone": "081299998888"}),
        )
        .await;
    assert_eq!(r.status, OK);
    let tokens: Vec<(Who, Option<String>)> = vec![
        (
            Reporter,
            Some(
                app.login("siti.rahasia@example.id").await["access_token"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            ),
        ),
        (
            OtherCitizen,
            Some(app.token_for("budi@example.id", Role::Reporter, None).await),
        ),
        (
            Integrator,
            Some(
                app.token_for("sync@lapor.go.id", Role::Integrator, None)
                    .await,
            ),
        ),
        (
            Coordinator,
            Some(
                app.token_for("koor@tng.go.id", Role::Coordinator, Some(regency))
                    .await,
            ),
        ),
        (
            OtherCoordinator,
            Some(
                app.token_for("koor@kota.go.id", Role::Coordinator, Some(city))
                    .await,
            ),
        ),
        (
            Supervisor,
            Some(
                app.token_for("inspektorat@tng.go.id", Role::Supervisor, Some(regency))
                    .await,
            ),
        ),
        (
            RoutedLiaison,
            Some(
                app.token_for("pupr@tng.go.id", Role::Liaison, Some(roads))
                    .await,
            ),
        ),
        (
            OtherLiaison,
            Some(
                app.token_for("dinkes@tng.go.id", Role::Liaison, Some(health))
                    .await,
            ),
        ),
        (Admin, Some(admin.clone())),
        (Nobody, None),
    ];
    let token = |who: Who| tokens.iter().find(|(w, _)| *w == who).unwrap().1.clone();

    // An anonymous, confidential report: verified, disposed to roads, accepted, answered.
    let report = app
        .post("/api/v1/reports", token(Reporter).as_deref(), json!({
            "kind": "complaint",
            "title": "Pungutan liar di kantor desa",
            "body": "Petugas meminta uang tambahan untuk pengurusan surat pengantar di kantor desa.",
            "incident_date": "2026-11-01",
            "region_code": "36.03.18",
            "address": "Kantor Desa Cikupa",
            "anonymous": true,
            "confidential": true,
        }))
        .await;
    let id = report.body["id"].as_i64().unwrap();
    let tracking = report.body["tracking_id"].as_str().unwrap().to_owned();
    let r = format!("/api/v1/reports/{id}");
    let photo = app
        .upload(
            &format!("{r}/attachments"),
            &token(Reporter).unwrap(),
            "Siti Rahasia bukti.jpg",
            PHOTO.to_vec(),
        )
        .await;
    let attachment = photo.body["id"].as_i64().unwrap();
    assert_eq!(
        app.post(
            &format!("{r}/verify"),
            token(Coordinator).as_deref(),
            json!({})
        )
        .await
        .status,
        OK
    );
    let d = app
        .post(
            &format!("{r}/dispositions"),
            token(Coordinator).as_deref(),
            json!({"institution_id": roads, "instruction": "Mohon diperiksa"}),
        )
        .await;
    let disposition = d.body["id"].as_i64().unwrap();
    assert_eq!(
        app.post(
            &format!("/api/v1/dispositions/{disposition}/accept"),
            token(RoutedLiaison).as_deref(),
            json!({})
        )
        .await
        .status,
        OK
    );
    let reply = app
        .post(
            &format!("{r}/followups"),
            token(Reporter).as_deref(),
            json!({"kind": "reply", "body": "Terjadi hari Senin pagi"}),
        )
        .await;
    assert_eq!(reply.status, CREATED);

    let secrets = ["Siti Rahasia", "siti.rahasia@", "081299998888"];
    let mut checked = 0;
    let mut check =
        async |who: Who, method: Method, path: &str, body: Option<Value>, expected: StatusCode| {
            let res = app
                .call(method.clone(), path, token(who).as_deref(), body)
                .await;
            assert_eq!(
                res.status, expected,
                "{who:?} {method} {path}: {}",
                res.body
            );
            if !who.knows_reporter() {
                let text = format!("{}{:?}", res.body, res.headers);
                for secret in secrets {
                    assert!(
                        !text.contains(secret),
                        "{who:?} {method} {path} shows {secret}: {text}"
                    );
                }
            }
            checked += 1;
        };

    for who in EVERYONE {
        // Reading.
        for path in [
            r.clone(),
            format!("{r}/events"),
            format!("{r}/followups"),
            format!("{r}/dispositions"),
            format!("{r}/attachments"),
            format!("/api/v1/attachments/{attachment}"),
        ] {
            check(who, Method::GET, &path, None, expect(who, OK)).await;
        }
        let list_status = if who == Nobody {
            StatusCode::UNAUTHORIZED
        } else {
            OK
        };
        check(
            who,
            Method::GET,
            "/api/v1/reports?limit=100",
            None,
            list_status,
        )
        .await;
        check(
            who,
            Method::GET,
            &format!("/api/v1/track/{tracking}"),
            None,
            OK,
        )
        .await;
        check(who, Method::GET, "/api/v1/public/reports", None, OK).await;

        // Coordinating: stale or impossible here, so allowed callers get 409 and nothing changes.
        let coordinates = matches!(who, Coordinator | Admin);
        let coord = if coordinates { CONFLICT } else { FORBIDDEN };
        check(
            who,
            Method::POST,
            &format!("{r}/verify"),
            Some(json!({"version": 1})),
            expect_role(who, COORDINATORS, coord),
        )
        .await;
        check(
            who,
            Method::POST,
            &format!("{r}/hold"),
            Some(json!({"question": "Kapan terjadinya?"})),
            expect_role(who, COORDINATORS, coord),
        )
        .await;
        check(
            who,
            Method::POST,
            &format!("{r}/archive"),
            Some(json!({"reason": "spam", "note": "bukan"})),
            expect_role(who, COORDINATORS, coord),
        )
        .await;
        check(
            who,
            Method::POST,
            &format!("{r}/dispositions"),
            Some(json!({"institution_id": roads, "instruction": "Sekali lagi"})),
            expect_role(who, OFFICERS, coord),
        )
        .await;

        // The thread.
        let officer = matches!(who, Coordinator | Admin | RoutedLiaison);
        check(
            who,
            Method::POST,
            &format!("{r}/followups"),
            Some(json!({"kind": "note", "body": "catatan internal"})),
            expect(who, if officer { CREATED } else { FORBIDDEN }),
        )
        .await;
        check(
            who,
            Method::POST,
            &format!("{r}/followups"),
            Some(json!({"kind": "reply", "body": "balasan warga"})),
            expect(who, if who == Reporter { CREATED } else { FORBIDDEN }),
        )
        .await;
        check(
            who,
            Method::POST,
            &format!("{r}/feedback"),
            Some(json!({"verdict": "accept", "rating": 5})),
            expect_role(
                who,
                FILERS,
                if who == Reporter { CONFLICT } else { FORBIDDEN },
            ),
        )
        .await;
        let unit = matches!(who, RoutedLiaison | Admin);
        check(
            who,
            Method::POST,
            &format!("/api/v1/dispositions/{disposition}/accept"),
            Some(json!({})),
            expect(who, if unit { CONFLICT } else { FORBIDDEN }),
        )
        .await;

        // Confidential: never in the public feed, so no citizen supports it; others never do.
        let support = match who {
            Nobody => StatusCode::UNAUTHORIZED,
            Reporter | OtherCitizen => StatusCode::NOT_FOUND,
            _ => FORBIDDEN,
        };
        check(
            who,
            Method::POST,
            &format!("{r}/supports"),
            Some(json!({})),
            support,
        )
        .await;
    }
    assert_eq!(checked, 10 * 18);

    // Lists hold the report exactly for those who see it; the public pages show nothing of it.
    for who in EVERYONE.into_iter().filter(|w| *w != Nobody) {
        let list = app
            .get("/api/v1/reports?limit=100", token(who).as_deref())
            .await;
        let listed = list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == id);
        assert_eq!(listed, who.sees(), "{who:?}");
    }
    // Inboxes: the routed unit's has the disposition; nobody else's outside the regency does.
    for who in [
        RoutedLiaison,
        Coordinator,
        Supervisor,
        Admin,
        OtherLiaison,
        OtherCoordinator,
    ] {
        let inbox = app.get("/api/v1/dispositions", token(who).as_deref()).await;
        assert_eq!(inbox.status, OK, "{who:?}");
        let has = inbox.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == disposition);
        assert_eq!(
            has,
            !matches!(who, OtherLiaison | OtherCoordinator),
            "{who:?}"
        );
    }
    for who in [Reporter, OtherCitizen, Integrator] {
        assert_eq!(
            app.get("/api/v1/dispositions", token(who).as_deref())
                .await
                .status,
            FORBIDDEN,
            "{who:?}"
        );
    }
    let public = app.get(&format!("/api/v1/track/{tracking}"), None).await;
    assert_eq!(public.body["title"], Value::Null);
    let feed = app.get("/api/v1/public/reports", None).await;
    assert_eq!(feed.body["items"], json!([]));
    let status = app.get(&r, token(Admin).as_deref()).await;
    assert_eq!(
        status.body["status"], "dispatched",
        "no probe changed the report"
    );
    assert_eq!(status.body["version"], 3);
}

both_backends!(every_endpoint_for_every_viewer,);
