//! Pieces the screens share: loading what a page shows (spinner, error, content), a labelled
//! choice, an explained switch, a deadline's countdown, and sending an action.

use crate::api::{self, Failure};
use crate::fields::{self, FieldErrors};
use crate::format;
use crate::i18n::Msg;
use crate::{lang, t};
use chrono::{DateTime, Utc};
use lapor_types::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;

/// Bumped after an action: the resources that track it load again.
pub type Reload = RwSignal<u32>;

/// `path` from the API, again whenever `reload` is bumped.
pub fn load<T: DeserializeOwned + Clone + 'static>(
    reload: Reload,
    path: impl Fn() -> String + 'static,
) -> LocalResource<Result<T, Failure>> {
    LocalResource::new(move || {
        reload.track();
        let path = path();
        async move { api::get::<T>(&path).await }
    })
}

/// "Loading…" with a spinner, announced to screen readers.
pub fn spinner() -> impl IntoView {
    view! { <p class="spinner" role="status">{t(Msg::Loading)}</p> }
}

/// A spinner while `resource` loads, its error in words, or `show` of its value.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, Failure>>,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let lang = lang();
    move || match resource.get() {
        None => spinner().into_any(),
        Some(Err(e)) if e.status() == Some(404) => {
            view! { <p class="error" role="alert">{t(Msg::NotFound)}</p> }.into_any()
        }
        Some(Err(e)) => {
            view! { <p class="error" role="alert">{e.message(lang.get())}</p> }.into_any()
        }
        Some(Ok(value)) => show(value).into_any(),
    }
}

/// A list the API pages, from `path` (which has a `?`), again whenever `reload` is bumped: a
/// spinner, its error, `empty` when there is nothing, or the first page's rows with a "Load more"
/// button for the next, and so on to the last page.
pub fn paged<T, V>(
    reload: Reload,
    path: impl Fn() -> String + 'static,
    empty: Msg,
    row: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let first = LocalResource::new(move || {
        reload.track();
        let path = path();
        async move { api::get::<Page<T>>(&path).await.map(|page| (path, page)) }
    });
    loaded(first, move |(path, page)| {
        if page.items.is_empty() {
            return view! { <p class="hint">{t(empty)}</p> }.into_any();
        }
        view! {
            <ul class="rows">{page.items.into_iter().map(row.clone()).collect_view()}</ul>
            {more(path, page.next_cursor, row.clone())}
        }
        .into_any()
    })
}

/// What follows a page of `path` whose next page is at `cursor` (none on the last): a button that
/// fetches it, shows its rows — the first of them focused, for keyboard users — and offers the
/// page after.
fn more<T, V>(
    path: String,
    cursor: Option<String>,
    row: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> AnyView
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let Some(cursor) = cursor else {
        return ().into_any();
    };
    let lang = lang();
    let next = RwSignal::new(None::<Page<T>>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let url = format!("{path}&cursor={}", js_sys::encode_uri_component(&cursor));
    let fetch = move |_| {
        busy.set(true);
        let url = url.clone();
        spawn_local(async move {
            match api::get::<Page<T>>(&url).await {
                Ok(page) => next.set(Some(page)),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
            busy.set(false);
        });
    };
    let list = NodeRef::<leptos::html::Ul>::new();
    Effect::new(move |_| {
        if let Some(first) = list
            .get()
            .and_then(|ul| ul.query_selector("a, button").ok().flatten())
        {
            let _ = first.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
    (move || match next.get() {
        None => view! {
            <p><button type="button" on:click=fetch.clone() disabled=busy>{t(Msg::LoadMore)}</button></p>
            <Failed failure/>
        }
        .into_any(),
        Some(page) => view! {
            <ul class="rows" node_ref=list>{page.items.into_iter().map(row.clone()).collect_view()}</ul>
            {more(path.clone(), page.next_cursor, row.clone())}
        }
        .into_any(),
    })
    .into_any()
}

/// Posts `body` to `path`; then bumps `reload`, or puts the API's reason in `failure`.
pub fn act<B: Serialize + 'static>(
    path: String,
    body: B,
    reload: Reload,
    failure: RwSignal<Option<String>>,
) {
    act_with(
        async move { api::post::<_, serde_json::Value>(&path, &body).await },
        reload,
        failure,
    );
}

/// Awaits `sent`; then bumps `reload`, or puts the API's reason in `failure`.
pub fn act_with<T: 'static>(
    sent: impl Future<Output = Result<T, Failure>> + 'static,
    reload: Reload,
    failure: RwSignal<Option<String>>,
) {
    let lang = lang();
    spawn_local(async move {
        match sent.await {
            Ok(_) => {
                failure.set(None);
                reload.update(|n| *n += 1);
            }
            Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
        }
    });
}

/// Sends a form's `body` unless `found` (what the checks before sending found) is not empty —
/// then it goes beside the fields; the API's field errors go beside the fields too, any other
/// refusal to `failure`; on success `reload` is bumped and `done` runs (to clear the form).
pub fn submit<B, T, F>(
    found: FieldErrors,
    body: B,
    errors: RwSignal<FieldErrors>,
    failure: RwSignal<Option<String>>,
    reload: Reload,
    send: impl FnOnce(B) -> F + 'static,
    done: impl FnOnce() + 'static,
) where
    B: 'static,
    F: Future<Output = Result<T, Failure>> + 'static,
{
    let lang = lang();
    errors.set(found.clone());
    if !found.is_empty() {
        failure.set(Some(Msg::FixFields.text(lang.get_untracked()).to_owned()));
        return;
    }
    spawn_local(async move {
        match send(body).await {
            Ok(_) => {
                failure.set(None);
                done();
                reload.update(|n| *n += 1);
            }
            Err(Failure::Problem(p)) if !p.errors.is_empty() => {
                errors.set(fields::from_problem(&p));
                failure.set(Some(Msg::FixFields.text(lang.get_untracked()).to_owned()));
            }
            Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
        }
    });
}

/// A labelled choice among `options` (value, text), with "choose" first.
#[component]
pub fn Choice(
    label: Msg,
    name: &'static str,
    chosen: RwSignal<String>,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label>{t(label)}
            <select name=name on:change=move |ev| chosen.set(event_target_value(&ev))
                prop:value=move || chosen.get()>
                <option value="">{t(Msg::Choose)}</option>
                {move || options().into_iter().map(|(value, text)| view! {
                    <option value=value>{text}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// A checkbox with its plain-language explanation.
#[component]
pub fn Switch(label: Msg, help: Msg, name: &'static str, on: RwSignal<bool>) -> impl IntoView {
    let help_id = format!("{name}-help");
    view! {
        <label class="check">
            <input type="checkbox" name=name aria-describedby=help_id.clone()
                prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev))/>
            {t(label)}
        </label>
        <p class="hint" id=help_id>{t(help)}</p>
    }
}

/// A labelled text area bound to `value`.
#[component]
pub fn TextArea(label: Msg, name: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label>{t(label)}
            <textarea name=name rows="3" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </label>
    }
}

/// A deadline: its date and how long is left, in red once it has passed.
#[component]
pub fn Due(label: Msg, at: DateTime<Utc>) -> impl IntoView {
    let lang = lang();
    let shown = move || format::countdown(at, format::now(), lang.get());
    view! {
        <p class:late=move || shown().1>
            <strong>{t(label)} ": "</strong>
            {move || format::date_time(at, lang.get(), format::WIB)}
            " (" {move || shown().0} ")"
        </p>
    }
}

/// A form's own error line, read by screen readers when it appears.
#[component]
pub fn Failed(failure: RwSignal<Option<String>>) -> impl IntoView {
    view! { <p class="error" role="alert">{move || failure.get()}</p> }
}
