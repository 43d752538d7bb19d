//! Account administration: admins manage everyone, coordinators the officers of their subtree.

use lapor_tests::{PASSWORD, TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::json;

/// A regency with two units and a second, unrelated regency.
async fn tree(app: &TestApp, admin: &str) -> (i64, i64, i64, i64) {
    let regency = app
        .institution(admin, "PEMKAB", "regional_government", None)
        .await;
    let roads = app.institution(admin, "DPUPR", "unit", Some(regency)).await;
    let health = app
        .institution(admin, "DINKES", "unit", Some(regency))
        .await;
    let other = app
        .institution(admin, "PEMKOT", "regional_government", None)
        .await;
    (regency, roads, health, other)
}

async fn admins_create_list_and_change_accounts(app: TestApp) {
    let admin = app.admin().await;
    let (regency, roads, _, _) = tree(&app, &admin).await;
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"name": "Koordinator", "email": "koor@tng.go.id", "role": "coordinator", "institution_id": regency, "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.headers["location"], format!("/api/v1/users/{id}"));
    assert_eq!(r.body["institution_id"], regency);
    assert_eq!(app.login("koor@tng.go.id").await["token_type"], "Bearer");

    let list = app
        .get("/api/v1/users?role=coordinator", Some(&admin))
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    let search = app.get("/api/v1/users?q=KOOR", Some(&admin)).await;
    assert_eq!(search.body["items"][0]["id"], id);

    let r = app
        .patch(
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            json!({"role": "liaison", "institution_id": roads, "phone": "081234567890"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["role"], "liaison");
    assert_eq!(r.body["phone"], "081234567890");
    let cleared = app
        .patch(
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            json!({"phone": null}),
        )
        .await;
    assert_eq!(cleared.body["phone"], serde_json::Value::Null);
    assert_eq!(
        app.get(&format!("/api/v1/users/{id}"), Some(&admin))
            .await
            .body["role"],
        "liaison"
    );
}

async fn lists_page_with_cursors(app: TestApp) {
    let admin = app.admin().await;
    for i in 0..5 {
        app.create_user(&format!("warga{i}@example.id"), Role::Reporter, None);
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/users?limit=2".to_owned();
    loop {
        let page = app.get(&path, Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        let items = page.body["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|u| u["id"].as_i64().unwrap()));
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/users?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6, "5 citizens and the admin, each once");
    let mut sorted = seen.clone();
    sorted.dedup();
    assert_eq!(sorted, seen);
}

async fn officer_accounts_need_a_valid_institution(app: TestApp) {
    let admin = app.admin().await;
    let base = json!({"name": "Petugas", "email": "p@tng.go.id", "password": PASSWORD});
    let mut no_inst = base.clone();
    no_inst["role"] = json!("liaison");
    let r = app.post("/api/v1/users", Some(&admin), no_inst).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"][0]["code"], "required");
    let mut unknown = base.clone();
    unknown["role"] = json!("liaison");
    unknown["institution_id"] = json!(424242);
    let r = app.post("/api/v1/users", Some(&admin), unknown).await;
    assert_eq!(r.body["errors"][0]["code"], "unknown");
    let mut citizen = base.clone();
    citizen["role"] = json!("reporter");
    citizen["institution_id"] = json!(1);
    assert_eq!(
        app.post("/api/v1/users", Some(&admin), citizen)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut bad_role = base;
    bad_role["role"] = json!("superuser");
    assert_eq!(
        app.post("/api/v1/users", Some(&admin), bad_role)
            .await
            .fields(),
        vec!["role"]
    );
}

async fn coordinators_manage_only_officers_of_their_subtree(app: TestApp) {
    let admin = app.admin().await;
    let (regency, roads, health, other) = tree(&app, &admin).await;
    let coord = app
        .token_for("koor@tng.go.id", Role::Coordinator, Some(regency))
        .await;
    let new = |email: &str, role: &str, inst: i64| json!({"name": "Petugas", "email": email, "role": role, "institution_id": inst, "password": PASSWORD});
    let r = app
        .post(
            "/api/v1/users",
            Some(&coord),
            new("pupr@tng.go.id", "liaison", roads),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let pupr = r.body["id"].as_i64().unwrap();

    for (email, role, inst) in [
        ("x@kota.go.id", "liaison", other),
        ("y@tng.go.id", "admin", regency),
        ("z@tng.go.id", "supervisor", regency),
    ] {
        let r = app
            .post("/api/v1/users", Some(&coord), new(email, role, inst))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
        assert_eq!(r.code(), "forbidden");
    }
    let outsider = app.create_user("kota@kota.go.id", Role::Liaison, Some(other));
    let citizen = app.create_user("warga@example.id", Role::Reporter, None);

    let list = app.get("/api/v1/users", Some(&coord)).await;
    let ids: Vec<i64> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&pupr));
    assert!(!ids.contains(&outsider) && !ids.contains(&citizen));
    assert_eq!(
        ids.len(),
        1,
        "the new liaison (not the coordinator itself, which it cannot change): {ids:?}"
    );

    for hidden in [outsider, citizen] {
        assert_eq!(
            app.get(&format!("/api/v1/users/{hidden}"), Some(&coord))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let r = app
            .patch(
                &format!("/api/v1/users/{hidden}"),
                Some(&coord),
                json!({"name": "Hijacked"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    let moved = app
        .patch(
            &format!("/api/v1/users/{pupr}"),
            Some(&coord),
            json!({"institution_id": health}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK);
    let away = app
        .patch(
            &format!("/api/v1/users/{pupr}"),
            Some(&coord),
            json!({"institution_id": other}),
        )
        .await;
    assert_eq!(away.status, StatusCode::FORBIDDEN);
    let promote = app
        .patch(
            &format!("/api/v1/users/{pupr}"),
            Some(&coord),
            json!({"role": "admin"}),
        )
        .await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&format!("/api/v1/users/{pupr}"), Some(&admin))
            .await
            .body["role"],
        "liaison"
    );
}

async fn other_roles_cannot_manage_accounts(app: TestApp) {
    let admin = app.admin().await;
    let (regency, roads, _, _) = tree(&app, &admin).await;
    for (email, role, inst) in [
        ("l@tng.go.id", Role::Liaison, Some(roads)),
        ("s@tng.go.id", Role::Supervisor, Some(regency)),
        ("w@example.id", Role::Reporter, None),
        ("i@lapor.go.id", Role::Integrator, None),
    ] {
        let token = app.token_for(email, role, inst).await;
        let r = app.get("/api/v1/users", Some(&token)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
        let r = app
            .post(
                "/api/v1/users",
                Some(&token),
                json!({"name": "X Y", "email": "n@x.id", "role": "admin", "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
    }
    assert_eq!(
        app.get("/api/v1/users", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn admins_cannot_lock_themselves_out(app: TestApp) {
    let admin = app.admin().await;
    let me = app.get("/api/v1/me", Some(&admin)).await.body["id"]
        .as_i64()
        .unwrap();
    let r = app
        .patch(
            &format!("/api/v1/users/{me}"),
            Some(&admin),
            json!({"active": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"][0]["code"], "self_lockout");
    let r = app
        .patch(
            &format!("/api/v1/users/{me}"),
            Some(&admin),
            json!({"role": "reporter"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get("/api/v1/me", Some(&admin)).await.body["role"],
        "admin"
    );
}

async fn a_new_password_signs_out_everywhere(app: TestApp) {
    let admin = app.admin().await;
    let budi = app.create_user("budi@example.id", Role::Reporter, None);
    let tokens = app.login("budi@example.id").await;
    let r = app
        .patch(
            &format!("/api/v1/users/{budi}"),
            Some(&admin),
            json!({"password": "a brand new secret"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
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
            json!({"email": "budi@example.id", "password": "a brand new secret"}),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
}

async fn bad_user_input_changes_nothing(app: TestApp) {
    let admin = app.admin().await;
    let budi = app.create_user("budi@example.id", Role::Reporter, None);
    for body in [
        json!({"name": ""}),
        json!({"name": "   "}),
        json!({"name": "x".repeat(500)}),
        json!({"phone": "phone"}),
        json!({"password": "short"}),
        json!({"role": 7}),
        json!({"institution_id": "one"}),
        json!({"email": "new@example.id"}),
    ] {
        let r = app
            .patch(&format!("/api/v1/users/{budi}"), Some(&admin), body.clone())
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    assert_eq!(
        app.get("/api/v1/users/999999", Some(&admin)).await.status,
        StatusCode::NOT_FOUND
    );
    let user = app
        .get(&format!("/api/v1/users/{budi}"), Some(&admin))
        .await;
    assert_eq!(user.body["name"], "Test User");
    assert_eq!(user.body["phone"], serde_json::Value::Null);
}

both_backends!(
    admins_create_list_and_change_accounts,
    lists_page_with_cursors,
    officer_accounts_need_a_valid_institution,
    coordinators_manage_only_officers_of_their_subtree,
    other_roles_cannot_manage_accounts,
    admins_cannot_lock_themselves_out,
    a_new_password_signs_out_everywhere,
    bad_user_input_changes_nothing,
);
