//! The public feed: verified, non-confidential reports anyone may read, filtered by words, kind
//! and status, each with its support count and a button to support it (signed in).

use crate::api;
use crate::fields::FieldErrors;
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::pages::account::{TextField, me};
use crate::widgets::{Choice, paged};
use crate::{lang, t};
use lapor_types::reports::{PublicReport, ReportStatus, Support};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub fn Feed() -> impl IntoView {
    let lang = lang();
    let typed = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let path = move || {
        let mut path = "/public/reports?limit=30".to_owned();
        for (name, value) in [
            ("q", q.get()),
            ("kind", kind.get()),
            ("status", status.get()),
        ] {
            if !value.is_empty() {
                path.push_str(&format!("&{name}={}", js_sys::encode_uri_component(&value)));
            }
        }
        path
    };
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        q.set(typed.get().trim().to_owned());
    };
    let kinds = move || i18n::kind_options(lang.get());
    let statuses = move || {
        ReportStatus::ALL
            .iter()
            .filter(|s| !matches!(s, ReportStatus::Submitted | ReportStatus::Archived))
            .map(|s| {
                (
                    s.as_str().to_owned(),
                    i18n::status(*s, lang.get()).to_owned(),
                )
            })
            .collect()
    };
    view! {
        <h1>{t(Msg::FeedHeading)}</h1>
        <form class="filters" role="search" on:submit=search>
            <TextField label=Msg::SearchWords name="q" value=typed errors=RwSignal::new(FieldErrors::new())
                kind="search" optional=true/>
            <Choice label=Msg::Kind name="kind" chosen=kind options=kinds/>
            <Choice label=Msg::Status name="status" chosen=status options=statuses/>
            <button class="primary" type="submit">{t(Msg::Search)}</button>
        </form>
        {paged(RwSignal::new(0), path, Msg::NothingFound, |r| view! { <Public report=r/> })}
    }
}

#[component]
fn Public(report: PublicReport) -> impl IntoView {
    let lang = lang();
    let me = me();
    let count = RwSignal::new(report.support_count);
    let failure = RwSignal::new(None::<String>);
    let id = report.id;
    let status = report.status;
    let kind = report.kind;
    let support = move |_| {
        if me.get_untracked().is_none() {
            failure.set(Some(
                Msg::SignInToSupport.text(lang.get_untracked()).to_owned(),
            ));
            return;
        }
        spawn_local(async move {
            match api::post::<_, Support>(&format!("/reports/{id}/supports"), &()).await {
                Ok(s) => {
                    count.set(s.support_count);
                    failure.set(None);
                }
                Err(e) => failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let title = report.title.clone();
    let name = report.reporter_name.clone();
    view! {
        <li class="card">
            <h2><A href=format!("/lacak/{}", report.tracking_id)>{report.title}</A></h2>
            <p>
                <span class="badge status">{move || i18n::status(status, lang.get())}</span> " "
                {move || i18n::kind(kind, lang.get())} " · "
                <span class="hint">
                    {move || name.clone().unwrap_or_else(|| Msg::Anonymous.text(lang.get()).to_owned())}
                    " · " {move || format::date_time(report.created_at, lang.get(), WIB)}
                </span>
            </p>
            <p class="body">{report.body}</p>
            <p>
                <button type="button" on:click=support>
                    {t(Msg::Support)} " (" {move || count.get()} ")"
                    <span class="visually-hidden">{title}</span>
                </button>
            </p>
            <p class="error" role="alert">{move || failure.get()}</p>
        </li>
    }
}
