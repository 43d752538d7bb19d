//! The public feed: verified, non-confidential reports anyone may read, filtered by words, kind
//! and status, each with its support count and a button to support it (signed in).

use crate::api;
use crate::contexts;
use crate::fields::FieldErrors;
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::map::{Map, Pin};
use crate::pages::account::TextField;
use crate::t;
use crate::widgets::{Choice, Place, Sending, id_param, load, loaded, on_search, paged};
use lapor_types::reports::{
    PublicAnswer, PublicReport, PublicReportQuery, ReportKind, ReportStatus,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub fn Feed() -> impl IntoView {
    let lang = contexts::lang();
    let typed = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    // An empty choice is no filter.
    let list = move || {
        api::public_reports(PublicReportQuery {
            q: Some(q.get()).filter(|q| !q.is_empty()),
            kind: ReportKind::parse(&kind.get()),
            status: ReportStatus::parse(&status.get()),
            limit: Some(30),
            ..PublicReportQuery::default()
        })
    };
    // The page's reports that have a place, on a map (the same query as the list's first page).
    let on_map = load(RwSignal::new(0), list);
    let pins = Signal::derive(move || {
        on_map
            .get()
            .and_then(Result::ok)
            .map_or_else(Vec::new, |page| {
                page.items
                    .into_iter()
                    .filter_map(|r| {
                        Some(Pin {
                            latitude: r.latitude?,
                            longitude: r.longitude?,
                            label: r.title,
                            href: Some(format!("/publik/{}", r.id)),
                        })
                    })
                    .collect()
            })
    });
    let search_errors = RwSignal::new(FieldErrors::new());
    let search = on_search(typed, q, search_errors);
    let kinds = move || i18n::kind_options(lang.get());
    let statuses = move || {
        ReportStatus::ALL
            .iter()
            // Public reports are verified: none is on hold or archived; `submitted` ones wait
            // for their disposition.
            .filter(|s| !matches!(s, ReportStatus::OnHold | ReportStatus::Archived))
            .map(|s| {
                (
                    s.as_str().to_owned(),
                    i18n::report_status(*s, true, lang.get()).to_owned(),
                )
            })
            .collect()
    };
    view! {
        <h1>{t(Msg::FeedHeading)}</h1>
        <form class="filters" role="search" on:submit=search>
            <TextField label=Msg::SearchWords name="q" value=typed errors=search_errors
                kind="search" optional=true/>
            <Choice label=Msg::Kind name="kind" chosen=kind options=kinds blank=Some(Msg::All)/>
            <Choice label=Msg::Status name="status" chosen=status options=statuses blank=Some(Msg::All)/>
            <button class="primary" type="submit">{t(Msg::Search)}</button>
        </form>
        <Map label=Msg::MapOfFeed pins overview=true/>
        {paged(RwSignal::new(0), list, Msg::NothingFound, |r| view! { <Public report=r/> })}
    }
}

#[component]
fn Public(report: PublicReport) -> impl IntoView {
    let lang = contexts::lang();
    let me = contexts::me();
    let count = RwSignal::new(report.support_count);
    let sending = Sending::default();
    let id = report.id;
    let status = report.status;
    let kind = report.kind;
    let support = move |()| {
        if me.get_untracked().is_none() {
            sending.refuse(Msg::SignInToSupport);
            return;
        }
        if !sending.start() {
            return;
        }
        spawn_local(async move {
            let sent = api::support(id).await;
            sending.busy.set(false);
            match sent {
                Ok(s) => {
                    count.set(s.support_count);
                    sending.failure.set(None);
                }
                Err(e) => sending.failure.set(Some(e.message(lang.get_untracked()))),
            }
        });
    };
    let title = report.title.clone();
    let name = report.reporter_name.clone();
    view! {
        <li class="card">
            <h2><A href=format!("/publik/{}", report.id)>{report.title}</A></h2>
            <p>
                <span class="badge status">{move || i18n::report_status(status, true, lang.get())}</span> " "
                {move || i18n::kind(kind, lang.get())} " · "
                <span class="hint">
                    {move || name.clone().unwrap_or_else(|| Msg::Anonymous.text(lang.get()).to_owned())}
                    " · " {move || format::date_time(report.created_at, lang.get(), WIB)}
                </span>
            </p>
            <p class="body">{report.body}</p>
            <p>
                <button type="button" on:click=move |_| support(()) disabled=sending.busy
                    aria-busy=move || sending.busy.get().to_string()>
                    {t(Msg::Support)} " (" {move || count.get()} ")"
                    <span class="visually-hidden">{title}</span>
                </button>
            </p>
            <p class="error" role="alert">{move || sending.failure.get()}</p>
        </li>
    }
}

/// A public report's page, for anyone: what was reported, where and when, the photos the
/// reporter allowed, and the units' public responses and resolutions.
#[component]
pub fn Published() -> impl IntoView {
    let lang = contexts::lang();
    let id = id_param();
    let page = load(RwSignal::new(0), move || api::public_report(id()));
    loaded(page, move |p| {
        let r = p.report;
        let (status, kind) = (r.status, r.kind);
        let name = r.reporter_name.clone();
        // Only a dispute of the latest resolution is news; one a later resolution answered is
        // history.
        let last = p.resolutions.iter().map(|a| a.created_at).max();
        let disputes: Vec<_> = p
            .disputes
            .into_iter()
            .filter(|at| last.is_none_or(|r| *at > r))
            .collect();
        view! {
            <h1>{r.title.clone()}</h1>
            <section class="card">
                <p>
                    <span class="badge status">{move || i18n::report_status(status, true, lang.get())}</span> " "
                    {move || i18n::kind(kind, lang.get())} " · "
                    <span class="hint">{move || name.clone().unwrap_or_else(|| Msg::Anonymous.text(lang.get()).to_owned())}</span>
                </p>
                <p><strong>{t(Msg::Filed)} ": "</strong>{move || format::date_time(r.created_at, lang.get(), WIB)}</p>
                <p><strong>{t(Msg::IncidentDate)} ": "</strong>{move || format::date(p.incident_date, lang.get())}</p>
                <p><strong>{t(Msg::Address)} ": "</strong>{p.address.clone()} <br/><Place code=r.region_code.clone()/></p>
                <p class="body">{r.body.clone()}</p>
                <p class="hint">{t(Msg::Supporters)} ": " {r.support_count}</p>
            </section>
            {r.latitude.zip(r.longitude).map(|(latitude, longitude)| {
                let pin = Pin { latitude, longitude, label: r.title.clone(), href: None };
                view! { <Map label=Msg::MapOfReport pins=Signal::derive(move || vec![pin.clone()])/> }
            })}
            {(!p.photos.is_empty()).then(|| view! {
                <h2>{t(Msg::Photos)}</h2>
                <ul class="files">
                    {p.photos.into_iter().map(|a| view! {
                        <li><img src=api::public_photo(a.id) alt=a.file_name loading="lazy"/></li>
                    }).collect_view()}
                </ul>
            })}
            <Answers heading=Msg::Resolution answers=p.resolutions/>
            {(!disputes.is_empty()).then(|| view! {
                <section class="card disputes" aria-labelledby="disputes">
                    <h2 id="disputes">{t(Msg::ReporterVerdict)}</h2>
                    {disputes.into_iter().map(|at| view! {
                        <p>{t(Msg::DisputedPublic)} " (" {move || format::date_time(at, lang.get(), WIB)} ")"</p>
                    }).collect_view()}
                </section>
            })}
            <Answers heading=Msg::UnitResponses answers=p.responses/>
        }
    })
}

/// The units' public words, oldest first, under `heading`; nothing when there are none.
#[component]
fn Answers(heading: Msg, answers: Vec<PublicAnswer>) -> impl IntoView {
    let lang = contexts::lang();
    (!answers.is_empty()).then(|| view! {
        <section class="card outcome">
            <h2>{t(heading)}</h2>
            {answers.into_iter().map(|a| view! {
                <blockquote>
                    <p class="body">{a.body}</p>
                    <p class="meta">{move || format::date_time(a.created_at, lang.get(), WIB)}</p>
                </blockquote>
            }).collect_view()}
        </section>
    })
}
