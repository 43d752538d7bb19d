use crate::auth::{UserManager, Viewer};
use crate::db::DbConn;
use crate::domain::policy::{
    self as policy, check_role_institution, may_create_account, may_manage, may_set_password,
};
use crate::error::ApiError;
use crate::routes::created;
use crate::routes::extract::{ValidJson, ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, institutions, sessions, users};
use crate::workflow::Later;
use crate::workflow::accounts::{create_account, hash_password};
use actix_web::{HttpResponse, get, patch, post, web};
use lapor_types::Page;
use lapor_types::users::{NewUser, User, UserPatch, UserQuery};

/// The path of an institution an account is being attached to; 422 when it does not exist.
fn institution_path(conn: &mut DbConn, id: Option<i64>) -> Result<Option<String>, ApiError> {
    match id {
        None => Ok(None),
        Some(id) => institutions::get(conn, id)?
            .map(|i| Some(i.path))
            .ok_or_else(|| ApiError::field("institution_id", "unknown", "no such institution")),
    }
}

/// Accounts the caller manages: all for admins; for coordinators the liaisons of their subtree
/// and the coordinators below them (what they may change).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(UserQuery),
    responses(
        (status = 200, description = "A page of accounts", body = Page<User>),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only admins and coordinators manage accounts"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    UserManager(viewer): UserManager,
    ValidQuery(q): ValidQuery<UserQuery>,
) -> Result<web::Json<Page<User>>, ApiError> {
    let after = store::id_cursor(&q.cursor)?;
    let limit = q.limit.unwrap_or(store::DEFAULT_LIMIT);
    let rows = state
        .db(move |conn| {
            let within = policy::account_subtree(&viewer);
            Ok(users::list(conn, &q, within.as_deref(), after, limit)?)
        })
        .await?;
    let users: Vec<User> = rows.iter().map(users::UserRow::to_wire).collect();
    Ok(web::Json(store::page(users, limit, |u| u.id.to_string())))
}

/// Creates an account of any role (admins), or an officer of the caller's subtree
/// (coordinators).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = NewUser,
    responses(
        (status = 201, description = "Account created", body = User),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "The caller may not create this account"),
        (status = 409, description = "The email is already registered (`email_taken`)"),
        (status = 422, description = "Invalid fields"),
        (status = 503, description = "Too many password checks at once (`busy`, with `Retry-After`)"),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    UserManager(viewer): UserManager,
    ValidJson(body): ValidJson<NewUser>,
) -> Result<HttpResponse, ApiError> {
    check_role_institution(body.role, body.institution_id)?;
    let hash = hash_password(&state, body.password.clone()).await?;
    let user = state
        .tx(move |conn| {
            let path = institution_path(conn, body.institution_id)?;
            if !may_create_account(&viewer, body.role, path.as_deref()) {
                return Err(ApiError::forbidden(
                    "coordinators create coordinators and liaisons of their own institutions",
                ));
            }
            create_account(
                conn,
                &users::NewUserRow {
                    name: &body.name,
                    email: &body.email,
                    phone: body.phone.as_deref(),
                    password_hash: &hash,
                    role: body.role.as_str(),
                    institution_id: body.institution_id,
                },
            )
        })
        .await?;
    Ok(created(&user))
}

/// Loads an account the viewer manages; 404 for any other (its existence is not disclosed).
fn managed_user(conn: &mut DbConn, viewer: &Viewer, id: i64) -> Result<users::UserRow, ApiError> {
    let user = users::get(conn, id)?;
    let path = institution_path(conn, user.institution_id)?;
    if may_manage(viewer, user.role, path.as_deref()) {
        Ok(user)
    } else {
        Err(ApiError::not_found())
    }
}

/// One account the caller manages.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, description = "The account", body = User),
        (status = 400, description = "The id is not a number"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Only admins and coordinators manage accounts"),
        (status = 404, description = "No such account in the caller's scope"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    UserManager(viewer): UserManager,
    id: ValidPath<i64>,
) -> Result<web::Json<User>, ApiError> {
    let id = id.into_inner();
    let user = state
        .db(move |conn| managed_user(conn, &viewer, id))
        .await?;
    Ok(web::Json(user.to_wire()))
}

/// Changes an account. A new password, deactivation or a role change signs it out everywhere.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Account id")),
    request_body = UserPatch,
    responses(
        (status = 200, description = "The changed account", body = User),
        (status = 400, description = "Malformed JSON or id"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "The caller may not change this account, give it this role or institution, or set its password (admins only)"),
        (status = 404, description = "No such account in the caller's scope"),
        (status = 422, description = "Invalid fields, or an admin locking themselves out"),
        (status = 503, description = "Too many password checks at once (`busy`, with `Retry-After`)"),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    UserManager(viewer): UserManager,
    id: ValidPath<i64>,
    body: Later<UserPatch>,
) -> Result<web::Json<User>, ApiError> {
    let id = id.into_inner();
    // The account first (404 outside the caller's scope, 403 when not theirs), then the body.
    let check = viewer.clone();
    state
        .db(move |conn| managed_user(conn, &check, id).map(drop))
        .await?;
    let body = body.open()?;
    let hash = match body.password.clone() {
        Some(password) => {
            may_set_password(&viewer)?;
            Some(hash_password(&state, password).await?)
        }
        None => None,
    };
    let user = state
        .tx(move |conn| {
            let user = managed_user(conn, &viewer, id)?;
            let role = body.role.unwrap_or(user.role);
            let institution_id = body.institution_id.unwrap_or(user.institution_id);
            check_role_institution(role, institution_id)?;
            let path = institution_path(conn, institution_id)?;
            if !may_manage(&viewer, role, path.as_deref()) {
                return Err(ApiError::forbidden(
                    "coordinators manage the liaisons of their subtree and the coordinators below them",
                ));
            }
            let demoted = role != user.role || body.active == Some(false);
            if id == viewer.id && demoted {
                return Err(ApiError::field(
                    "role",
                    "self_lockout",
                    "you cannot change your own role or deactivate yourself",
                ));
            }
            let now = store::now();
            if demoted || hash.is_some() {
                sessions::end_all(conn, id, now)?;
            }
            let changes = users::UserChanges {
                name: body.name.map(|n| n.trim().to_owned()),
                phone: body.phone,
                password_hash: hash,
                role: body.role.map(|r| r.as_str().to_owned()),
                institution_id: body.institution_id,
                active: body.active,
                updated_at: Some(now),
            };
            Ok(users::update(conn, id, &changes)?)
        })
        .await?;
    Ok(web::Json(user.to_wire()))
}
