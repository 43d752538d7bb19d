//! The API over HTTP with the session's bearer token. A `401` is answered once by exchanging the
//! refresh token for a new pair (one exchange shared by every request refused meanwhile) and
//! sending again; failures become a readable message. The pages call one typed function per
//! endpoint (`endpoints.rs`, re-exported here); the paths and the HTTP underneath stay in this
//! module.

mod endpoints;

pub use endpoints::*;

use crate::fields;
use crate::i18n::{self, Lang, Msg};
use crate::session;
use futures_util::FutureExt;
use futures_util::future::{LocalBoxFuture, Shared};
use gloo_net::http::{Method, Request, RequestBuilder, Response};
use lapor_types::Page;
use lapor_types::auth::{RefreshRequest, TokenResponse};
use lapor_types::problem::{ErrorCode, Problem};
use leptos::prelude::window;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::marker::PhantomData;

/// Why a call did not give its answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No answer at all (offline, server down).
    Offline,
    /// The API's problem+json.
    Problem(Problem),
}

impl Failure {
    pub fn status(&self) -> Option<u16> {
        match self {
            Failure::Offline => None,
            Failure::Problem(p) => Some(p.status),
        }
    }

    /// What to show next to what caused it.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Failure::Offline => Msg::Offline.text(lang).to_owned(),
            Failure::Problem(p) => {
                let mut text = i18n::problem(p.code, lang).to_owned();
                for e in &p.errors {
                    text.push(' ');
                    if let Some(label) = fields::label(&e.field) {
                        text.push_str(label.text(lang));
                        text.push_str(": ");
                    }
                    text.push_str(&fields::message(&e.code, e.min, e.max, lang));
                }
                text
            }
        }
    }
}

fn url(path: &str) -> String {
    format!("/api/v1{path}")
}

async fn problem(resp: Response) -> Failure {
    let status = resp.status();
    match resp.json::<Problem>().await {
        Ok(p) => Failure::Problem(p),
        Err(_) => Failure::Problem(Problem {
            type_: "about:blank".into(),
            title: resp.status_text(),
            status,
            detail: None,
            code: if status >= 500 {
                ErrorCode::InternalError
            } else {
                ErrorCode::BadRequest
            },
            request_id: None,
            current_status: None,
            errors: Vec::new(),
        }),
    }
}

fn bearer(req: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(token) => req.header("Authorization", &format!("Bearer {token}")),
        None => req,
    }
}

/// Sends the request `build` makes for a token — again, with the new token, after a refresh.
/// Requests refused at once share one refresh (a refresh token works once: two would end the
/// session). When there is no session to refresh on a page that needs one, the browser goes to
/// the sign-in page, which comes back here afterwards.
async fn send(build: impl Fn(Option<&str>) -> Option<Request>) -> Result<Response, Failure> {
    let go = |token: Option<String>| {
        let req = build(token.as_deref());
        async move {
            req.ok_or(Failure::Offline)?
                .send()
                .await
                .map_err(|_| Failure::Offline)
        }
    };
    let token = session::load().map(|s| s.access_token);
    let resp = go(token.clone()).await?;
    if resp.status() != 401 {
        return Ok(resp);
    }
    let now = session::load().map(|s| s.access_token);
    // Another request may have refreshed meanwhile; its new token is already here.
    let renewed = token.is_some() && (now.is_some() && now != token || refreshed().await);
    if !renewed {
        sign_in_again(token.is_some());
        return Ok(resp);
    }
    go(session::load().map(|s| s.access_token)).await
}

type Refresh = Shared<LocalBoxFuture<'static, bool>>;

thread_local! {
    /// The refresh in flight, which every refused request waits for.
    static REFRESHING: RefCell<Option<Refresh>> = const { RefCell::new(None) };
    /// Whether this page is already on its way to the sign-in page.
    static LEAVING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Refreshes once for everyone who asks while it runs.
async fn refreshed() -> bool {
    let running = REFRESHING.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| refresh().boxed_local().shared())
            .clone()
    });
    let done = running.clone().await;
    REFRESHING.with(|r| {
        let mut r = r.borrow_mut();
        if r.as_ref().is_some_and(|now| now.ptr_eq(&running)) {
            *r = None;
        }
    });
    done
}

/// The pages anyone may see without signing in.
fn public(path: &str) -> bool {
    path == "/"
        || ["/lacak", "/publik", "/masuk", "/daftar", "/sandi"]
            .iter()
            .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

/// Goes to the sign-in page, which returns to this page afterwards: the session has ended
/// (`ended`), or a page that needs one was opened without it.
fn sign_in_again(ended: bool) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    // Every request the page had running comes here: the first one leaves.
    if public(&path) || LEAVING.with(|leaving| leaving.replace(true)) {
        return;
    }
    let back = js_sys::encode_uri_component(&path);
    let why = if ended { "&sesi=berakhir" } else { "" };
    let _ = location.assign(&format!("/masuk?kembali={back}{why}"));
}

/// Exchanges the refresh token for a new pair; false (and signed out) when it cannot.
async fn refresh() -> bool {
    let Some(s) = session::load() else {
        return false;
    };
    let body = RefreshRequest {
        refresh_token: s.refresh_token,
    };
    let Ok(req) = Request::post(&url("/auth/refresh")).json(&body) else {
        return false;
    };
    match req.send().await {
        Ok(resp) if resp.ok() => match resp.json::<TokenResponse>().await {
            Ok(tokens) => {
                session::store(&tokens);
                true
            }
            Err(_) => false,
        },
        _ => {
            session::clear();
            false
        }
    }
}

async fn answer<T: DeserializeOwned>(resp: Response) -> Result<T, Failure> {
    if !resp.ok() {
        return Err(problem(resp).await);
    }
    resp.json::<T>().await.map_err(|_| Failure::Offline)
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    let url = url(path);
    answer(send(|token| bearer(Request::get(&url), token).build().ok()).await?).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, Failure> {
    with_body(Method::POST, path, body).await
}

async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, Failure> {
    with_body(Method::PATCH, path, body).await
}

async fn with_body<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, Failure> {
    let url = url(path);
    let build = |token: Option<&str>| {
        let req = RequestBuilder::new(&url).method(method.clone());
        bearer(req, token).json(body).ok()
    };
    answer(send(build).await?).await
}

/// Deletes; the answer has no body.
async fn delete(path: &str) -> Result<(), Failure> {
    let url = url(path);
    empty(send(|token| bearer(Request::delete(&url), token).build().ok()).await?).await
}

/// Posts; the answer has no body (204).
async fn post_no_content<B: Serialize>(path: &str, body: &B) -> Result<(), Failure> {
    let url = url(path);
    let build = |token: Option<&str>| {
        let req = RequestBuilder::new(&url).method(Method::POST);
        bearer(req, token).json(body).ok()
    };
    empty(send(build).await?).await
}

async fn empty(resp: Response) -> Result<(), Failure> {
    if resp.ok() {
        Ok(())
    } else {
        Err(problem(resp).await)
    }
}

/// Sends `file` as the multipart field `file`.
async fn upload<T: DeserializeOwned>(path: &str, file: &web_sys::File) -> Result<T, Failure> {
    let url = url(path);
    let build = |token: Option<&str>| {
        let form = web_sys::FormData::new().ok()?;
        form.append_with_blob_and_filename("file", file, &file.name())
            .ok()?;
        bearer(Request::post(&url), token).body(form).ok()
    };
    answer(send(build).await?).await
}

/// A file the API serves behind the bearer token, as an object URL the page can show (an
/// `<img src>` or a link cannot send the token itself). Revoke it when done.
async fn object_url(path: &str, content_type: &str) -> Result<String, Failure> {
    let url = url(path);
    let resp = send(|token| bearer(Request::get(&url), token).build().ok()).await?;
    if !resp.ok() {
        return Err(problem(resp).await);
    }
    let bytes = resp.binary().await.map_err(|_| Failure::Offline)?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
        .map_err(|_| Failure::Offline)
}

/// `query` (a query struct of `lapor-types`) as `?name=value&…`, its unset fields left out and
/// every value URL-encoded; nothing when no field is set. Its JSON form names the fields and
/// spells the values (an enum as on the wire, a date as `2026-12-01`) as the API reads them.
fn query_string(query: &impl Serialize) -> String {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(query) else {
        return String::new();
    };
    let pairs: Vec<String> = fields
        .into_iter()
        .filter_map(|(name, value)| {
            let value = match value {
                serde_json::Value::Null => return None,
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            Some(format!("{name}={}", js_sys::encode_uri_component(&value)))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// A list the API pages, as asked for: awaited, its first page; `after(cursor)` asks for the page
/// that follows.
#[derive(Clone)]
pub struct List<T> {
    path: String,
    rows: PhantomData<fn() -> T>,
}

impl<T> List<T> {
    fn new(path: &str, query: &impl Serialize) -> List<T> {
        List {
            path: format!("{path}{}", query_string(query)),
            rows: PhantomData,
        }
    }

    /// The same list from the page after `cursor` (a page's `next_cursor`).
    pub fn after(&self, cursor: &str) -> List<T> {
        let joint = if self.path.contains('?') { '&' } else { '?' };
        List {
            path: format!(
                "{}{joint}cursor={}",
                self.path,
                js_sys::encode_uri_component(cursor)
            ),
            rows: PhantomData,
        }
    }
}

impl<T: DeserializeOwned + 'static> IntoFuture for List<T> {
    type Output = Result<Page<T>, Failure>;
    type IntoFuture = LocalBoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        async move { get(&self.path).await }.boxed_local()
    }
}
