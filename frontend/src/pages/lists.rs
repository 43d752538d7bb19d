//! The lists that lead to a report's page: a citizen's own reports, a coordinator's
//! verification queue (oldest first, so overdue ones lead) and a unit's inbox of dispositions
//! (soonest due first, overdue in red).

use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::widgets::{Due, load, loaded, paged, stage_due};
use crate::{lang, t};
use lapor_types::Page;
use lapor_types::reports::{Disposition, DispositionStatus, Report};
use leptos::prelude::*;
use leptos_router::components::A;

/// Reports, each a link to its page with its status and the deadline it faces, page by page.
#[component]
fn Reports(path: &'static str, empty: Msg) -> impl IntoView {
    let lang = lang();
    let row = move |r: Report| {
        let (status, verified) = (r.status, r.verified_at.is_some());
        let due = stage_due(&r);
        view! {
            <li class="card">
                <A href=format!("/laporan/{}", r.id)>{r.title}</A>
                <p>
                    <span class="badge status">{move || i18n::report_status(status, verified, lang.get())}</span> " "
                    <span class="hint">{r.tracking_id} " · " {move || format::date_time(r.created_at, lang.get(), WIB)}</span>
                </p>
                {due.map(|(label, at)| view! { <Due label at/> })}
            </li>
        }
    };
    paged(RwSignal::new(0), move || path.to_owned(), empty, row)
}

#[component]
pub fn MyReports() -> impl IntoView {
    view! {
        <h1>{t(Msg::MyReports)}</h1>
        <p><A href="/lapor" attr:class="cta">{t(Msg::FileReport)}</A></p>
        <Reports path="/reports?mine=true" empty=Msg::NoReportsYet/>
    }
}

/// New reports waiting for verification, oldest (so first due) first; then those on hold.
#[component]
pub fn Queue() -> impl IntoView {
    view! {
        <h1>{t(Msg::Queue)}</h1>
        <Reports path="/reports?status=submitted&order=oldest" empty=Msg::QueueEmpty/>
        <h2>{t(Msg::OnHoldHeading)}</h2>
        <Reports path="/reports?status=on_hold&order=oldest" empty=Msg::NothingOnHold/>
    }
}

/// A unit's dispositions still to act on: the new ones, then those taken on.
#[component]
pub fn Inbox() -> impl IntoView {
    view! {
        <h1>{t(Msg::Inbox)}</h1>
        <h2>{t(Msg::NewDispositions)}</h2>
        <Dispositions status=DispositionStatus::Pending/>
        <h2>{t(Msg::AcceptedDispositions)}</h2>
        <Dispositions status=DispositionStatus::Accepted/>
    }
}

/// A page of dispositions in `status`, the soonest due first.
#[component]
fn Dispositions(status: DispositionStatus) -> impl IntoView {
    let lang = lang();
    let path = format!("/dispositions?status={}&limit=100", status.as_str());
    let page = load::<Page<Disposition>>(RwSignal::new(0), move || path.clone());
    loaded(page, move |page| {
        let mut items = page.items;
        items.sort_by_key(|d| deadline(d).map(|(_, at)| at));
        if items.is_empty() {
            return view! { <p class="hint">{t(Msg::InboxEmpty)}</p> }.into_any();
        }
        view! {
            <ul class="rows">
                {items.into_iter().map(|d| {
                    let due = deadline(&d);
                    let (tracking, title, report_status) = d.report
                        .map(|r| (r.tracking_id, r.title, Some(r.status)))
                        .unwrap_or_default();
                    view! {
                        <li class="card">
                            <A href=format!("/laporan/{}", d.report_id)>{title}</A>
                            <p>
                                {report_status.map(|s| view! {
                                    <span class="badge status">{move || i18n::status(s, lang.get())}</span>
                                })} " "
                                <span class="hint">{tracking}</span>
                            </p>
                            {due.map(|(label, at)| view! { <Due label at/> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    })
}

/// What a disposition faces next: its first response until answered, then the report's
/// resolution.
fn deadline(d: &Disposition) -> Option<(Msg, chrono::DateTime<chrono::Utc>)> {
    match (d.responded_at, d.response_due_at) {
        (None, Some(at)) => Some((Msg::ResponseDue, at)),
        _ => d
            .report
            .as_ref()
            .and_then(|r| r.resolve_due_at)
            .map(|at| (Msg::ResolveDue, at)),
    }
}
