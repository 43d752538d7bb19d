//! Request extractors: a handler that takes `Viewer` needs a signed-in caller, `Admin` an admin,
//! `UserManager` an admin or a coordinator. The check happens before the handler runs.

use crate::domain::policy;
use crate::error::ApiError;
use crate::limits::Limit;
use crate::state::AppState;
use crate::store;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use lapor_types::problem::ErrorCode;
use lapor_types::reference::InstitutionKind;
use lapor_types::users::Role;

/// The signed-in caller, loaded fresh on every request so a deactivated account or a changed
/// role takes effect at once.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub id: i64,
    pub role: Role,
    pub institution_id: Option<i64>,
    /// Ancestry path of the viewer's institution (`/1/5/`): its subtree is every path with
    /// this prefix.
    pub institution_path: Option<String>,
    pub institution_kind: Option<InstitutionKind>,
}

impl Viewer {
    /// Whether an institution (by its path) lies in the viewer's institution subtree.
    pub fn covers(&self, institution_path: &str) -> bool {
        self.institution_path
            .as_deref()
            .is_some_and(|mine| institution_path.starts_with(mine))
    }
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized(ErrorCode::Unauthenticated, "sign in first"))?;
    let value = header.to_str().map_err(|_| {
        ApiError::unauthorized(ErrorCode::InvalidToken, "malformed Authorization header")
    })?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() => {
            Ok(token.trim().to_owned())
        }
        _ => Err(ApiError::unauthorized(
            ErrorCode::InvalidToken,
            "expected Authorization: Bearer <access token>",
        )),
    }
}

/// Put in a request's extensions while its caller is being authenticated: the body and query
/// extractors wait for it to close before they answer, so a request that is both unauthorized
/// and malformed is always refused as unauthorized (401, then 403, then 400/415/422).
#[derive(Clone)]
pub struct Authenticating(pub tokio::sync::watch::Receiver<()>);

/// The start of every API key's secret, so secret scanners can find leaked ones.
pub const KEY_PREFIX: &str = "lapor_";

/// The key a request was made with (its first characters), for the request's log line.
#[derive(Clone, Debug)]
pub struct KeyUsed(pub String);

impl FromRequest for Viewer {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Viewer, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let (done, waiting) = tokio::sync::watch::channel(());
        req.extensions_mut().insert(Authenticating(waiting));
        let req = req.clone();
        Box::pin(async move {
            // Dropped when this future ends, either way: the gate opens.
            let _done = done;
            let state = state.ok_or_else(|| ApiError::internal("AppState missing"))?;
            let token = token?;
            if token.starts_with(KEY_PREFIX) {
                return by_key(&state, &req, &token).await;
            }
            let access = state.jwt.verify(&token)?;
            let oldest = state.config.session_max_age_secs;
            let found = state
                .db(move |conn| {
                    let since = store::now() - chrono::Duration::seconds(oldest);
                    Ok(store::users::in_session(
                        conn,
                        access.user_id,
                        &access.session,
                        since,
                    )?)
                })
                .await?;
            match found {
                Some(found) if found.0.active => Ok(viewer_of(found)),
                _ => Err(ApiError::unauthorized(
                    ErrorCode::InvalidToken,
                    "this session has ended (signed out, a new password, or too old), or the account is no longer active",
                )),
            }
        })
    }
}

fn viewer_of((user, path, kind): store::users::WithInstitution) -> Viewer {
    Viewer {
        id: user.id,
        role: user.role,
        institution_id: user.institution_id,
        institution_path: path,
        institution_kind: kind.as_deref().and_then(InstitutionKind::parse),
    }
}

/// The caller of a request made with an API key: its account as a signed-in viewer, limited to
/// the key's institution when it has one, if the key is usable (not revoked, not expired, its
/// account active and still one that may hold keys, its institution still within the
/// account's), its scopes allow the route, and its rate limit is not spent
/// (docs/INTEGRATION.md).
async fn by_key(state: &AppState, req: &HttpRequest, secret: &str) -> Result<Viewer, ApiError> {
    let hash = crate::auth::tokens::hash_secret(secret);
    let found = state
        .db(move |conn| {
            let now = store::now();
            let Some((key, account)) = store::api_keys::usable(conn, &hash, now)? else {
                return Ok(None);
            };
            let limit = match key.institution_id {
                Some(id) => store::institutions::get(conn, id)?,
                None => None,
            };
            store::api_keys::touch(conn, key.id, now)?;
            Ok(Some((key, account, limit)))
        })
        .await?;
    let Some((key, viewer)) = found.and_then(|(key, account, limit)| {
        let viewer = acting_as(account, key.institution_id, limit)?;
        Some((key, viewer))
    }) else {
        return Err(ApiError::unauthorized(
            ErrorCode::InvalidToken,
            "this API key is unknown, revoked or expired, or its account is no longer active or no longer over the key's institution",
        ));
    };
    req.extensions_mut().insert(KeyUsed(key.prefix.clone()));
    let pattern = req.match_pattern().unwrap_or_default();
    policy::key_may(&key.scopes.0, req.method(), &pattern)?;
    // Counted, never given back: a key's budget is its requests, whatever they answer.
    let _counted = state
        .limits
        .take(Limit::ApiKey, &key.id.to_string())
        .await?;
    Ok(viewer)
}

/// The viewer an account acts as through a credential of its own (an API key, a webhook),
/// limited to the institution `limit_id` (found as `limit`) when it has one: none when the
/// account is inactive or no longer one that may hold keys, or no longer over that institution.
pub fn acting_as(
    (mut user, mut path, mut kind): store::users::WithInstitution,
    limit_id: Option<i64>,
    limit: Option<store::institutions::InstitutionRow>,
) -> Option<Viewer> {
    if !user.active || !policy::may_hold_key(user.role) {
        return None;
    }
    if limit_id.is_some() {
        let limit = limit.filter(|l| policy::may_limit_key(path.as_deref(), &l.path))?;
        (user.institution_id, path) = (Some(limit.id), Some(limit.path));
        kind = Some(limit.kind.as_str().to_owned());
    }
    Some(viewer_of((user, path, kind)))
}

/// Extractor for callers with one of some roles.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $($role:path)|+) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub Viewer);

        impl FromRequest for $name {
            type Error = ApiError;
            type Future = LocalBoxFuture<'static, Result<$name, ApiError>>;

            fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let viewer = Viewer::from_request(req, payload);
                Box::pin(async move {
                    let viewer = viewer.await?;
                    if matches!(viewer.role, $($role)|+) {
                        Ok($name(viewer))
                    } else {
                        Err(ApiError::forbidden("your role may not do this"))
                    }
                })
            }
        }
    };
}

role_extractor!(
    /// An admin: the operator of this installation.
    Admin,
    Role::Admin
);
role_extractor!(
    /// Someone who manages accounts: an admin, or a coordinator for the officers of its subtree.
    UserManager,
    Role::Admin | Role::Coordinator
);
role_extractor!(
    /// Someone who may coordinate reports (which ones: `policy::may_coordinate`).
    Coordinator,
    Role::Admin | Role::Coordinator
);
role_extractor!(
    /// An officer who works on reports: routes them, answers, completes (which ones: the
    /// policy of each action).
    Officer,
    Role::Admin | Role::Coordinator | Role::Liaison
);
role_extractor!(
    /// Anyone working for an institution, readers included: an officer or a supervisor.
    Staff,
    Role::Admin | Role::Coordinator | Role::Liaison | Role::Supervisor
);
role_extractor!(
    /// A citizen (supporting reports in the public feed is theirs alone).
    Citizen,
    Role::Reporter
);
role_extractor!(
    /// Someone who files reports and judges their outcome: a citizen, or an integrator for the
    /// citizens of its channel.
    Filer,
    Role::Reporter | Role::Integrator
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtree_cover() {
        let viewer = Viewer {
            id: 1,
            role: Role::Coordinator,
            institution_id: Some(5),
            institution_path: Some("/1/5/".into()),
            institution_kind: Some(InstitutionKind::Unit),
        };
        assert!(viewer.covers("/1/5/"));
        assert!(viewer.covers("/1/5/9/"));
        assert!(!viewer.covers("/1/50/"));
        assert!(!viewer.covers("/1/"));
        let citizen = Viewer {
            institution_path: None,
            ..viewer
        };
        assert!(!citizen.covers("/1/5/"));
    }
}
