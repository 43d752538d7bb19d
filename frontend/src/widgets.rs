//! Pieces the screens share: loading what a page shows (spinner, error, content), a labelled
//! choice, an explained switch, a deadline's countdown, and sending an action.

use crate::api::{self, Failure};
use crate::contexts;
use crate::fields::{self, FieldErrors};
use crate::format;
use crate::i18n::Msg;
use crate::t;
use chrono::{DateTime, Utc};
use lapor_types::Page;
use lapor_types::reference::RegionLevel;
use lapor_types::users::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;

/// The largest file the API takes by default (`LAPOR_MAX_ATTACHMENT_BYTES`), checked before
/// sending; a server set lower answers 413, shown as its refusal.
pub const MAX_ATTACHMENT_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// Bumped after an action: the resources that track it load again.
pub type Reload = RwSignal<u32>;

/// What `fetch` asks of the API (an endpoint's call, `api::report(id)`), again whenever `reload`
/// is bumped.
pub fn load<T, F>(
    reload: Reload,
    fetch: impl Fn() -> F + 'static,
) -> LocalResource<Result<T, Failure>>
where
    T: 'static,
    F: IntoFuture<Output = Result<T, Failure>>,
    F::IntoFuture: 'static,
{
    LocalResource::new(move || {
        reload.track();
        fetch().into_future()
    })
}

/// The page address's `:id` as a number; 0 (which no record has: the API says "not found")
/// for anything else.
pub fn id_param() -> impl Fn() -> i64 + Copy + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    }
}

/// A search form's submit: the typed words become the search `q` once the lists' rules pass
/// them (`errors` holds their refusal, beside the box, otherwise), so a list asks the API only
/// for a search it takes, and says what is wrong once.
pub fn on_search(
    typed: RwSignal<String>,
    q: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    move |ev| {
        ev.prevent_default();
        let words = typed.get().trim().to_owned();
        let found = if words.is_empty() {
            FieldErrors::new()
        } else {
            let query = lapor_types::reports::ReportQuery {
                q: Some(words.clone()),
                ..Default::default()
            };
            fields::check(&query, contexts::lang().get_untracked())
        };
        if found.is_empty() {
            q.set(words);
        }
        mark(errors, found);
    }
}

/// Shows `found` (what is wrong, by field) beside the fields and, when anything is, takes the
/// keyboard and the eye to the first field marked: on a phone the form's summary and its
/// marks are screens apart. Returns whether anything was found.
pub fn mark(errors: RwSignal<FieldErrors>, found: FieldErrors) -> bool {
    let any = !found.is_empty();
    errors.set(found);
    if any {
        // After the marks are drawn (effects run before the next frame).
        request_animation_frame(focus_first_marked);
    }
    any
}

/// Focuses the first control marked `aria-invalid` (the browser scrolls to it); without one
/// (a refusal beside a group of checkboxes), scrolls to the first error shown beside a field.
fn focus_first_marked() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(control)) = document.query_selector("[aria-invalid=true]")
        && let Ok(control) = control.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = control.focus();
        return;
    }
    if let Ok(Some(shown)) = document.query_selector(".field-error:not(:empty)") {
        shown.scroll_into_view();
    }
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
    let lang = contexts::lang();
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

/// A list the API pages (`api::reports(query)`), again whenever `reload` is bumped: a spinner,
/// its error, `empty` when there is nothing, or the first page's rows with a "Load more" button
/// for the next, and so on to the last page.
pub fn paged<T, V>(
    reload: Reload,
    list: impl Fn() -> api::List<T> + 'static,
    empty: Msg,
    row: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let first = LocalResource::new(move || {
        reload.track();
        let list = list();
        async move { list.clone().await.map(|page| (list, page)) }
    });
    loaded(first, move |(list, page)| {
        if page.items.is_empty() {
            return view! { <p class="hint">{t(empty)}</p> }.into_any();
        }
        view! {
            <ul class="rows">{page.items.into_iter().map(row.clone()).collect_view()}</ul>
            {more(list, page.next_cursor, row.clone())}
        }
        .into_any()
    })
}

/// What follows a page of `list` whose next page is at `cursor` (none on the last): a button that
/// fetches it, shows its rows — the first of them focused, for keyboard users — and offers the
/// page after.
fn more<T, V>(
    list: api::List<T>,
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
    let lang = contexts::lang();
    let next = RwSignal::new(None::<Page<T>>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let after = list.after(&cursor);
    let fetch = move |_| {
        busy.set(true);
        let after = after.clone();
        spawn_local(async move {
            match after.await {
                Ok(page) => next.set(Some(page)),
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
            busy.set(false);
        });
    };
    let shown = NodeRef::<leptos::html::Ul>::new();
    Effect::new(move |_| {
        if let Some(first) = shown
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
            <ul class="rows" node_ref=shown>{page.items.into_iter().map(row.clone()).collect_view()}</ul>
            {more(list.clone(), page.next_cursor, row.clone())}
        }
        .into_any(),
    })
    .into_any()
}

/// A send in progress and how the last one ended: its button is disabled (and shows it) while
/// one runs, and a second click sends nothing; a refusal is kept, in words, for its form.
#[derive(Clone, Copy)]
pub struct Sending {
    pub busy: RwSignal<bool>,
    pub failure: RwSignal<Option<String>>,
}

impl Default for Sending {
    fn default() -> Sending {
        Sending {
            busy: RwSignal::new(false),
            failure: RwSignal::new(None),
        }
    }
}

impl Sending {
    /// Claims the send; false while another runs.
    pub fn start(self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        true
    }

    /// Says why, in the page's language, and ends the send.
    pub fn refuse(self, why: Msg) {
        self.failure
            .set(Some(why.text(contexts::lang().get_untracked()).to_owned()));
    }
}

/// Awaits `sent` (an endpoint's call) unless a send already runs; then bumps `reload`, or puts the
/// API's reason in `sending`.
pub fn act<T: 'static>(
    sent: impl Future<Output = Result<T, Failure>> + 'static,
    reload: Reload,
    sending: Sending,
) {
    if !sending.start() {
        return;
    }
    let lang = contexts::lang();
    spawn_local(async move {
        let result = sent.await;
        sending.busy.set(false);
        match result {
            Ok(_) => {
                sending.failure.set(None);
                reload.update(|n| *n += 1);
            }
            Err(e) => sending.failure.set(Some(e.message(lang.get_untracked()))),
        }
    });
}

/// Sends a form's `body` unless `found` (what the checks before sending found) is not empty —
/// then it goes beside the fields — or a send already runs; the API's field errors go beside
/// the fields too, any other refusal to `sending`; on success `done` runs (to clear the form)
/// and `reload` is bumped.
pub fn submit<B, T, F>(
    found: FieldErrors,
    body: B,
    errors: RwSignal<FieldErrors>,
    sending: Sending,
    reload: Reload,
    send: impl FnOnce(B) -> F + 'static,
    done: impl FnOnce() + 'static,
) where
    B: 'static,
    F: Future<Output = Result<T, Failure>> + 'static,
{
    let lang = contexts::lang();
    if mark(errors, found) {
        sending.refuse(Msg::FixFields);
        return;
    }
    if !sending.start() {
        return;
    }
    spawn_local(async move {
        let result = send(body).await;
        sending.busy.set(false);
        match result {
            Ok(_) => {
                sending.failure.set(None);
                done();
                reload.update(|n| *n += 1);
            }
            Err(Failure::Problem(p)) if !p.errors.is_empty() => {
                mark(errors, fields::from_problem(&p, lang.get_untracked()));
                sending.refuse(Msg::FixFields);
            }
            Err(e) => sending.failure.set(Some(e.message(lang.get_untracked()))),
        }
    });
}

/// Sends `body` by `send` (an endpoint's call) once the shared rules pass it (see `submit`);
/// `errors` holds what they or the API found, by field.
pub fn send_checked<B, T, F>(
    body: B,
    errors: RwSignal<FieldErrors>,
    sending: Sending,
    reload: Reload,
    send: impl FnOnce(B) -> F + 'static,
) where
    B: validator::Validate + 'static,
    F: Future<Output = Result<T, Failure>> + 'static,
{
    submit(
        fields::check(&body, contexts::lang().get_untracked()),
        body,
        errors,
        sending,
        reload,
        send,
        || {},
    );
}

/// A form's sending button: disabled, marked busy (a spinner beside its label) while its send
/// runs. With `click` it is a plain button that calls it; without, it submits its form.
#[component]
pub fn SendButton(
    sending: Sending,
    label: Msg,
    #[prop(optional)] plain: bool,
    #[prop(optional, into)] click: Option<Callback<()>>,
) -> impl IntoView {
    let busy = sending.busy;
    let kind = if click.is_some() { "button" } else { "submit" };
    view! {
        <button type=kind class:primary=!plain disabled=busy aria-busy=move || busy.get().to_string()
            on:click=move |_| { if let Some(click) = click { click.run(()) } }>
            {t(label)}
        </button>
    }
}

/// A required choice's errors and the field they are kept under (`region_code` for the
/// district that decides it).
pub type Marked = (RwSignal<FieldErrors>, &'static str);

/// A labelled choice among `options` (value, text), first the empty value named `blank`
/// ("choose" unless told: "all" for a filter, `None` where a value is always chosen); with
/// `errors`, a required one, marked while its field is refused.
#[component]
pub fn Choice(
    label: Msg,
    name: &'static str,
    chosen: RwSignal<String>,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
    #[prop(default = Some(Msg::Choose))] blank: Option<Msg>,
    #[prop(optional)] errors: Option<Marked>,
) -> impl IntoView {
    let marked = errors.map(|(errors, field)| described(errors, field, None));
    let invalid = marked.as_ref().map(|(invalid, _)| *invalid);
    let invalid = move || invalid.and_then(|invalid| invalid());
    view! {
        <label><span>{t(label)} {required_mark(errors.is_some())}</span>
            <select name=name on:change=move |ev| chosen.set(event_target_value(&ev))
                required=errors.is_some() aria-invalid=invalid
                aria-describedby=marked.as_ref().map(|(_, by)| by.clone())
                prop:value=move || chosen.get()>
                {blank.map(|b| view! { <option value="">{t(b)}</option> })}
                // Each option knows whether it is the chosen one: a value chosen before its
                // options arrive (a preset) shows once they do.
                {move || options().into_iter().map(|(value, text)| {
                    let selected = chosen.with_untracked(|c| *c == value);
                    view! { <option value=value selected=selected>{text}</option> }
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

/// A labelled text area bound to `value`, with its error beside it; with `max`, a counter of
/// the characters against it (red beyond).
#[component]
pub fn TextArea(
    label: Msg,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] max: Option<usize>,
    errors: RwSignal<FieldErrors>,
    #[prop(default = 3)] rows: u8,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let (invalid, by) = described(errors, name, max);
    view! {
        <div class="field">
            <label><span>{t(label)} {required_mark(required)}</span>
                <textarea name=name rows=rows prop:value=move || value.get() required=required
                    aria-invalid=invalid aria-describedby=by
                    on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            </label>
            {max.map(|max| view! { <Counter name value max/> })}
            <FieldError errors name/>
        </div>
    }
}

/// An error beside its field `name` (its id is `<name>-error`, for `aria-describedby`).
#[component]
pub fn FieldError(errors: RwSignal<FieldErrors>, name: &'static str) -> impl IntoView {
    view! {
        <span class="error field-error" id=format!("{name}-error")>
            {move || errors.get().get(name).cloned()}
        </span>
    }
}

/// Provided by a long form mixing required and optional fields (which says what `*` means):
/// its required fields show `*` after their label.
#[derive(Clone, Copy)]
pub struct RequiredMarks;

/// The `*` after a `required` field's label, in a form that provides `RequiredMarks`; hidden
/// from screen readers, which hear `required` itself.
pub fn required_mark(required: bool) -> Option<impl IntoView> {
    (required && use_context::<RequiredMarks>().is_some())
        .then(|| view! { <span class="required-mark" aria-hidden="true">"*"</span> })
}

/// What a field's control carries for assistive technology: `aria-invalid` while `errors`
/// holds something for `name`, and `aria-describedby` naming its error (and, with `max`, its
/// counter).
pub fn described(
    errors: RwSignal<FieldErrors>,
    name: &'static str,
    max: Option<usize>,
) -> (impl Fn() -> Option<&'static str> + Copy, String) {
    let invalid = move || errors.with(|e| e.contains_key(name)).then_some("true");
    let by = match max {
        Some(_) => format!("{name}-error {name}-count"),
        None => format!("{name}-error"),
    };
    (invalid, by)
}

/// How many characters `value` holds against its `max` (red beyond), for the field `name`
/// (its id is `<name>-count`, for `aria-describedby`).
#[component]
pub fn Counter(name: &'static str, value: RwSignal<String>, max: usize) -> impl IntoView {
    let count = move || value.with(|v| v.trim().chars().count());
    view! {
        <span class="hint counter" id=format!("{name}-count") class:late=move || { count() > max }>
            {move || format!("{} / {max}", count())}
        </span>
    }
}

/// The deadline a report's current stage faces, with its label: verification (then, once
/// verified, disposition), resolution, or the reporter's answer to a resolution.
pub fn stage_due(r: &lapor_types::reports::Report) -> Option<(Msg, DateTime<Utc>)> {
    use lapor_types::reports::ReportStatus::*;
    match r.status {
        Submitted if r.verified_at.is_some() => r.verify_due_at.map(|at| (Msg::DisposeDue, at)),
        Submitted => r.verify_due_at.map(|at| (Msg::VerifyDue, at)),
        Dispatched | InProgress => r.resolve_due_at.map(|at| (Msg::ResolveDue, at)),
        Resolved => r.feedback_due_at.map(|at| (Msg::FeedbackDue, at)),
        _ => None,
    }
}

/// A deadline: the day it falls on in words and how long is left, in red once it has passed.
#[component]
pub fn Due(label: Msg, at: DateTime<Utc>) -> impl IntoView {
    let lang = contexts::lang();
    let shown = move || format::countdown(at, format::now(), lang.get());
    view! {
        <p class:late=move || shown().1>
            <strong>{t(label)} ": "</strong>
            {t(Msg::ByLatest)} " " {move || format::deadline(at, lang.get(), format::WIB)}
            " (" {move || shown().0} ")"
        </p>
    }
}

/// A form's own error line, read by screen readers when it appears.
/// A page for some roles: anyone else signed in reads "not found, or not yours to see", as the
/// API would answer them. Signed out, the page itself sends them to sign in.
#[component]
pub fn ForRoles(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let me = contexts::me();
    move || match me.get() {
        Some(user) if !roles.contains(&user.role) => {
            view! { <p class="hint">{t(Msg::NotFound)}</p> }.into_any()
        }
        _ => children().into_any(),
    }
}

/// A send's refusal, in words; with `before`, those first (a row that puts its choices back
/// says they were not saved).
#[component]
pub fn Failed(
    failure: RwSignal<Option<String>>,
    #[prop(optional)] before: Option<Msg>,
) -> impl IntoView {
    let lang = contexts::lang();
    view! {
        <p class="error" role="alert">
            {move || failure.get().map(|why| match before {
                Some(before) => format!("{} {why}", before.text(lang.get())),
                None => why,
            })}
        </p>
    }
}

/// A region in words, with the places above it: "Bitung Jaya, Kec. Cikupa, Kabupaten Tangerang".
#[component]
pub fn Place(code: String) -> impl IntoView {
    let lang = contexts::lang();
    // 36.03.18.2009 → itself, 36.03.18, 36.03 (the province is left out).
    let codes: Vec<String> = (2..=code.split('.').count())
        .rev()
        .map(|n| code.split('.').take(n).collect::<Vec<_>>().join("."))
        .collect();
    let names = LocalResource::new(move || {
        let codes = codes.clone();
        async move {
            let mut out = Vec::new();
            for code in codes {
                out.push(api::region(&code).await.ok()?);
            }
            Some(out)
        }
    });
    move || match names.get().flatten() {
        Some(regions) => regions
            .iter()
            .map(|r| match r.level {
                RegionLevel::District => {
                    format!("{} {}", Msg::DistrictShort.text(lang.get()), r.name)
                }
                _ => r.name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        None => code.clone(),
    }
}
