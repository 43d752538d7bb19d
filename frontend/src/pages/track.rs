//! Track a report by its tracking id, without signing in: status and public timeline.

use crate::api;
use crate::contexts;
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::pages::home::TrackBox;
use crate::t;
use crate::widgets::spinner;
use lapor_types::reports::{EventKind, TrackedReport};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Track() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let report = LocalResource::new(move || {
        let id = id();
        async move { api::track(&id).await }
    });
    let lang = contexts::lang();
    view! {
        <h1>{t(Msg::TrackHeading)} " " <span class="badge">{id}</span></h1>
        {move || match report.get() {
            None => spinner().into_any(),
            // A mistyped id: say so, and offer the box again.
            Some(Err(e)) if e.status() == Some(404) => view! {
                <p class="error" role="alert">{t(Msg::NoSuchReport)}</p>
                <section class="card"><TrackBox/></section>
            }
            .into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{e.message(lang.get())}</p> }.into_any(),
            Some(Ok(r)) => view! { <Tracked report=r/> }.into_any(),
        }}
    }
}

#[component]
fn Tracked(report: TrackedReport) -> impl IntoView {
    let lang = contexts::lang();
    let confidential = report.kind.is_none();
    let status = report.status;
    // Verified but not yet disposed is still `submitted` in the API; the timeline tells.
    let verified = report
        .timeline
        .iter()
        .any(|step| step.action == EventKind::Verified);
    view! {
        <section class="card">
            {report.title.clone().map(|title| view! { <h2>{title}</h2> })}
            <p>
                <strong>{t(Msg::Status)} ": "</strong>
                <span class="badge">{move || i18n::report_status(status, verified, lang.get())}</span>
            </p>
            {report.kind.map(|k| view! { <p>{move || i18n::kind(k, lang.get())}</p> })}
            {report.created_at.map(|at| view! {
                <p><strong>{t(Msg::Filed)} ": "</strong>{move || format::date_time(at, lang.get(), WIB)}</p>
            })}
            {confidential.then(|| view! { <p class="hint">{t(Msg::Confidential)}</p> })}
        </section>
        {(!report.timeline.is_empty()).then(|| view! {
            <h2>{t(Msg::Timeline)}</h2>
            <ol class="timeline">
                {report.timeline.into_iter().map(|step| view! {
                    <li>
                        <time datetime=step.at.to_rfc3339()>{move || format::date_time(step.at, lang.get(), WIB)}</time>
                        {move || i18n::action(step.action, lang.get())}
                    </li>
                }).collect_view()}
            </ol>
        })}
    }
}
