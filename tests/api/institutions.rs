//! The institution tree.

use lapor_tests::{TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::json;

async fn admins_build_the_tree(app: TestApp) {
    let admin = app.admin().await;
    let national = app.institution(&admin, "NASIONAL", "national", None).await;
    let ministry = app
        .institution(&admin, "KEMENKES", "ministry", Some(national))
        .await;
    let regency = app
        .institution(&admin, "PEMKAB-TNG", "regional_government", Some(national))
        .await;
    let unit = app
        .institution(&admin, "DINKES-TNG", "unit", Some(regency))
        .await;
    let sub = app
        .institution(&admin, "PKM-CIKUPA", "unit", Some(unit))
        .await;

    let r = app
        .get(&format!("/api/v1/institutions/{sub}"), Some(&admin))
        .await;
    assert_eq!(
        r.body,
        json!({"id": sub, "code": "PKM-CIKUPA", "name": "Institution PKM-CIKUPA", "kind": "unit", "parent_id": unit, "active": true, "region_code": null})
    );
    let children = app
        .get(
            &format!("/api/v1/institutions?parent_id={national}"),
            Some(&admin),
        )
        .await;
    let ids: Vec<i64> = children.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![ministry, regency]);
    let units = app
        .get("/api/v1/institutions?kind=unit&q=cikupa", Some(&admin))
        .await;
    assert_eq!(units.body["items"].as_array().unwrap().len(), 1);
}

async fn kinds_must_fit_the_tree(app: TestApp) {
    let admin = app.admin().await;
    let national = app.institution(&admin, "NASIONAL", "national", None).await;
    let regency = app
        .institution(&admin, "PEMKAB", "regional_government", None)
        .await;
    let unit = app
        .institution(&admin, "DINAS", "unit", Some(regency))
        .await;
    for (kind, parent) in [
        ("unit", None),
        ("unit", Some(national)),
        ("national", Some(national)),
        ("ministry", Some(unit)),
    ] {
        let r = app
            .post(
                "/api/v1/institutions",
                Some(&admin),
                json!({"code": "NEW", "name": "New one", "kind": kind, "parent_id": parent}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{kind} under {parent:?}"
        );
        assert_eq!(r.body["errors"][0]["code"], "invalid_parent");
    }
    let r = app
        .post(
            "/api/v1/institutions",
            Some(&admin),
            json!({"code": "NEW", "name": "New one", "kind": "unit", "parent_id": 999999}),
        )
        .await;
    assert_eq!(r.body["errors"][0]["code"], "unknown");
    // An empty code is missing, not malformed; a malformed one names the rule.
    for (code, expected) in [("", "required"), ("a b", "code")] {
        let r = app
            .post(
                "/api/v1/institutions",
                Some(&admin),
                json!({"code": code, "name": "New one", "kind": "unit", "parent_id": regency}),
            )
            .await;
        assert_eq!(
            (r.status, &r.body["errors"][0]["code"]),
            (StatusCode::UNPROCESSABLE_ENTITY, &json!(expected)),
            "{code:?}: {}",
            r.body
        );
    }
    let dup = app
        .post(
            "/api/v1/institutions",
            Some(&admin),
            json!({"code": "DINAS", "name": "Again", "kind": "unit", "parent_id": regency}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(dup.code(), "code_taken");
    for body in [
        json!({"code": "has space", "name": "Xy", "kind": "unit", "parent_id": regency}),
        json!({"code": "X".repeat(33), "name": "Xy", "kind": "unit", "parent_id": regency}),
        json!({"code": "OK", "name": "", "kind": "unit", "parent_id": regency}),
        json!({"code": "OK", "name": "Xy", "kind": "planet", "parent_id": regency}),
        json!({"code": "OK", "name": "Xy", "kind": "unit", "parent_id": "abc"}),
    ] {
        let r = app
            .post("/api/v1/institutions", Some(&admin), body.clone())
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let all = app.get("/api/v1/institutions", Some(&admin)).await;
    assert_eq!(
        all.body["items"].as_array().unwrap().len(),
        3,
        "nothing invalid was written"
    );
}

async fn moving_a_unit_moves_its_subtree_and_scope(app: TestApp) {
    let admin = app.admin().await;
    let a = app
        .institution(&admin, "PEMKAB-A", "regional_government", None)
        .await;
    let b = app
        .institution(&admin, "PEMKAB-B", "regional_government", None)
        .await;
    let unit = app.institution(&admin, "DINAS", "unit", Some(a)).await;
    let sub = app.institution(&admin, "UPT", "unit", Some(unit)).await;
    let coord_b = app
        .token_for("koor-b@x.id", Role::Coordinator, Some(b))
        .await;
    let liaison = app.create_user("upt@x.id", Role::Liaison, Some(sub));
    assert_eq!(
        app.get(&format!("/api/v1/users/{liaison}"), Some(&coord_b))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let r = app
        .patch(
            &format!("/api/v1/institutions/{unit}"),
            Some(&admin),
            json!({"parent_id": b, "name": "Dinas Baru"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["parent_id"], b);
    assert_eq!(r.body["name"], "Dinas Baru");
    // The sub-unit came along: B's coordinator now manages its liaison.
    assert_eq!(
        app.get(&format!("/api/v1/users/{liaison}"), Some(&coord_b))
            .await
            .status,
        StatusCode::OK
    );

    let cycle = app
        .patch(
            &format!("/api/v1/institutions/{unit}"),
            Some(&admin),
            json!({"parent_id": sub}),
        )
        .await;
    assert_eq!(cycle.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(cycle.body["errors"][0]["code"], "cycle");
    let taken = app
        .patch(
            &format!("/api/v1/institutions/{unit}"),
            Some(&admin),
            json!({"code": "UPT"}),
        )
        .await;
    assert_eq!(taken.code(), "code_taken");
    let off = app
        .patch(
            &format!("/api/v1/institutions/{sub}"),
            Some(&admin),
            json!({"active": false}),
        )
        .await;
    assert_eq!(off.body["active"], false);
    let missing = app
        .patch(
            "/api/v1/institutions/999999",
            Some(&admin),
            json!({"active": false}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

async fn only_admins_write_and_only_signed_in_users_read(app: TestApp) {
    let admin = app.admin().await;
    let regency = app
        .institution(&admin, "PEMKAB", "regional_government", None)
        .await;
    let coord = app
        .token_for("koor@x.id", Role::Coordinator, Some(regency))
        .await;
    let citizen = app.token_for("warga@x.id", Role::Reporter, None).await;
    for token in [&coord, &citizen] {
        let r = app
            .post(
                "/api/v1/institutions",
                Some(token),
                json!({"code": "U", "name": "Unit", "kind": "unit", "parent_id": regency}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .patch(
                &format!("/api/v1/institutions/{regency}"),
                Some(token),
                json!({"name": "Mine"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.get("/api/v1/institutions", Some(token)).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(
        app.get("/api/v1/institutions", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get(&format!("/api/v1/institutions/{regency}"), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

both_backends!(
    admins_build_the_tree,
    kinds_must_fit_the_tree,
    moving_a_unit_moves_its_subtree_and_scope,
    only_admins_write_and_only_signed_in_users_read,
);
