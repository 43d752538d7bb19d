use crate::auth::{Admin, Viewer};
use crate::error::ApiError;
use crate::routes::extract::{ValidJson, ValidPath, ValidQuery};
use crate::state::AppState;
use crate::store::{self, holidays};
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::NaiveDate;
use lapor_types::Page;
use lapor_types::problem::ErrorCode;
use lapor_types::reference::{Holiday, HolidayQuery};

/// Days off (national holidays and collective leave) in date order.
#[utoipa::path(
    tag = "holidays",
    security(("bearer" = [])),
    params(HolidayQuery),
    responses(
        (status = 200, description = "A page of holidays", body = Page<Holiday>),
        (status = 401, description = "Not signed in"),
        (status = 422, description = "Invalid query"),
    )
)]
#[get("/holidays")]
pub async fn list_holidays(
    state: web::Data<AppState>,
    _viewer: Viewer,
    ValidQuery(q): ValidQuery<HolidayQuery>,
) -> Result<web::Json<Page<Holiday>>, ApiError> {
    let after = q
        .cursor
        .as_deref()
        .map(|c| {
            c.parse::<NaiveDate>()
                .map_err(|_| ApiError::field("cursor", "invalid", "not a cursor this list gave"))
        })
        .transpose()?;
    let (from, to) = match q.year {
        Some(y) => (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y + 1, 1, 1),
        ),
        None => (None, None),
    };
    let limit = q.limit.unwrap_or(100);
    let items = state
        .db(move |conn| Ok(holidays::list(conn, from, to, after, limit)?))
        .await?;
    Ok(web::Json(store::page(items, limit, |h: &Holiday| {
        h.date.to_string()
    })))
}

/// Adds a day off, e.g. a decreed collective leave day.
#[utoipa::path(
    tag = "holidays",
    security(("bearer" = [])),
    request_body = Holiday,
    responses(
        (status = 201, description = "Added", body = Holiday),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 409, description = "That date already is a holiday (`holiday_exists`)"),
        (status = 422, description = "Invalid fields"),
    )
)]
#[post("/holidays")]
pub async fn create_holiday(
    state: web::Data<AppState>,
    _admin: Admin,
    ValidJson(body): ValidJson<Holiday>,
) -> Result<HttpResponse, ApiError> {
    let holiday = Holiday {
        date: body.date,
        name: body.name.trim().to_owned(),
    };
    let stored = holiday.clone();
    state
        .tx(move |conn| {
            if holidays::exists(conn, stored.date)? {
                return Err(ApiError::conflict(
                    ErrorCode::HolidayExists,
                    "that date already is a holiday",
                ));
            }
            Ok(holidays::insert(conn, &stored)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(holiday))
}

/// Removes a day off.
#[utoipa::path(
    tag = "holidays",
    security(("bearer" = [])),
    params(("date" = NaiveDate, Path, description = "The date, YYYY-MM-DD")),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Not a date"),
        (status = 401, description = "Not signed in"),
        (status = 403, description = "Admins only"),
        (status = 404, description = "That date is no holiday"),
    )
)]
#[delete("/holidays/{date}")]
pub async fn delete_holiday(
    state: web::Data<AppState>,
    _admin: Admin,
    date: ValidPath<NaiveDate>,
) -> Result<HttpResponse, ApiError> {
    let date = date.into_inner();
    let removed = state
        .db(move |conn| Ok(holidays::delete(conn, date)?))
        .await?;
    if removed {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::not_found())
    }
}
