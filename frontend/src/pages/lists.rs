//! The lists that lead to a report's page: a citizen's own reports, a coordinator's
//! verification queue (oldest first, so overdue ones lead) and a unit's inbox of dispositions
//! (soonest due first, overdue in red).

use crate::api;
use crate::contexts;
use crate::fields::FieldErrors;
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::pages::account::TextField;
use crate::t;
use crate::widgets::{Choice, Due, Switch, load, loaded, on_search, paged, stage_due};
use lapor_types::reference::RegionQuery;
use lapor_types::reports::{
    Channel, Disposition, DispositionQuery, DispositionStatus, ListOrder, Report, ReportKind,
    ReportQuery, ReportStatus,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The reports `query` finds, each a link to its page with its status and the deadline it faces,
/// page by page.
#[component]
fn Reports(#[prop(into)] query: Signal<ReportQuery>, empty: Msg) -> impl IntoView {
    let lang = contexts::lang();
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
    paged(
        RwSignal::new(0),
        move || api::reports(query.get()),
        empty,
        row,
    )
}

#[component]
pub fn MyReports() -> impl IntoView {
    view! {
        <h1>{t(Msg::MyReports)}</h1>
        <p><A href="/lapor" attr:class="cta">{t(Msg::FileReport)}</A></p>
        <Reports query=ReportQuery { mine: Some(true), ..ReportQuery::default() } empty=Msg::NoReportsYet/>
    }
}

/// New reports waiting for verification, oldest (so first due) first; then those on hold. Both
/// searched, filtered (kind, category, district, channel, overdue) and sorted alike.
#[component]
pub fn Queue() -> impl IntoView {
    let lang = contexts::lang();
    let typed = RwSignal::new(String::new());
    let [q, status, kind, category, district, channel, order] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    order.set(ListOrder::Oldest.as_str().to_owned());
    let overdue = RwSignal::new(false);
    // Both lists' query but for the status; an empty choice is no filter.
    let filters = move || ReportQuery {
        q: Some(q.get()).filter(|q| !q.is_empty()),
        kind: ReportKind::parse(&kind.get()),
        category_id: category.get().parse().ok(),
        region: Some(district.get()).filter(|d| !d.is_empty()),
        channel: Channel::parse(&channel.get()),
        order: ListOrder::parse(&order.get()),
        overdue: overdue.get().then_some(true),
        ..ReportQuery::default()
    };
    let search_errors = RwSignal::new(FieldErrors::new());
    let search = on_search(typed, q, search_errors);
    let categories = load(RwSignal::new(0), api::categories);
    let category_options = move || {
        categories
            .get()
            .and_then(Result::ok)
            .map(|p| {
                p.items
                    .into_iter()
                    .map(|c| (c.id.to_string(), c.name))
                    .collect()
            })
            .unwrap_or_default()
    };
    // The districts of the deployment's home regency, when it has one.
    let districts = LocalResource::new(|| async {
        let home = api::site().await.ok()?.home_region?;
        let query = RegionQuery {
            parent: Some(home),
            limit: Some(100),
            ..RegionQuery::default()
        };
        Some(api::regions(query).await.ok()?.items)
    });
    let district_options = move || {
        districts
            .get()
            .flatten()
            .map(|d| d.into_iter().map(|r| (r.code, r.name)).collect())
            .unwrap_or_default()
    };
    let channels = move || i18n::options(Channel::ALL, Channel::as_str, i18n::channel, lang.get());
    let statuses = move || {
        [ReportStatus::Submitted, ReportStatus::OnHold]
            .map(|s| {
                (
                    s.as_str().to_owned(),
                    i18n::status(s, lang.get()).to_owned(),
                )
            })
            .to_vec()
    };
    // Both lists, or the one status chosen.
    let shows = move |s: ReportStatus| status.with(|c| c.is_empty() || c == s.as_str());
    let orders = move || {
        [
            (ListOrder::Oldest, Msg::OldestFirst),
            (ListOrder::Newest, Msg::NewestFirst),
        ]
        .map(|(o, label)| (o.as_str().to_owned(), label.text(lang.get()).to_owned()))
        .to_vec()
    };
    view! {
        <h1>{t(Msg::Queue)}</h1>
        <form class="filters" role="search" on:submit=search>
            <TextField label=Msg::SearchWords name="q" value=typed errors=search_errors
                kind="search" optional=true/>
            <Choice label=Msg::Status name="status" chosen=status options=statuses blank=Some(Msg::All)/>
            <Choice label=Msg::Kind name="kind" chosen=kind options=move || i18n::kind_options(lang.get()) blank=Some(Msg::All)/>
            <Choice label=Msg::Category name="category" chosen=category options=category_options blank=Some(Msg::All)/>
            <Choice label=Msg::District name="district" chosen=district options=district_options blank=Some(Msg::All)/>
            <Choice label=Msg::Channel name="channel" chosen=channel options=channels blank=Some(Msg::All)/>
            <Choice label=Msg::Order name="order" chosen=order options=orders blank=None/>
            <Switch label=Msg::OverdueOnly help=Msg::OverdueOnlyHelp name="overdue" on=overdue/>
            <button class="primary" type="submit">{t(Msg::Search)}</button>
        </form>
        <div hidden=move || !shows(ReportStatus::Submitted)>
            <Reports query=Signal::derive(move || ReportQuery { status: Some(ReportStatus::Submitted), ..filters() }) empty=Msg::QueueEmpty/>
        </div>
        <div hidden=move || !shows(ReportStatus::OnHold)>
            <h2>{t(Msg::OnHoldHeading)}</h2>
            <Reports query=Signal::derive(move || ReportQuery { status: Some(ReportStatus::OnHold), ..filters() }) empty=Msg::NothingOnHold/>
        </div>
    }
}

/// A unit's dispositions still to act on: the new ones, then those taken on; then its history:
/// those it completed and those it declined, newest first, page by page.
#[component]
pub fn Inbox() -> impl IntoView {
    view! {
        <h1>{t(Msg::Inbox)}</h1>
        <h2>{t(Msg::NewDispositions)}</h2>
        <Dispositions status=DispositionStatus::Pending/>
        <h2>{t(Msg::AcceptedDispositions)}</h2>
        <Dispositions status=DispositionStatus::Accepted/>
        <h2>{t(Msg::CompletedDispositions)}</h2>
        <Finished status=DispositionStatus::Completed/>
        <h2>{t(Msg::DeclinedDispositions)}</h2>
        <Finished status=DispositionStatus::Declined/>
    }
}

/// Finished dispositions in `status`, newest first, page by page.
#[component]
fn Finished(status: DispositionStatus) -> impl IntoView {
    let lang = contexts::lang();
    let list = move || {
        api::dispositions(DispositionQuery {
            status: Some(status),
            limit: Some(20),
            ..DispositionQuery::default()
        })
    };
    let row = move |d: Disposition| {
        // A declined report may be out of the unit's sight since: no title then.
        let title = d
            .report
            .map(|r| r.title)
            .unwrap_or_else(|| format!("#{}", d.report_id));
        view! {
            <li class="card">
                <A href=format!("/laporan/{}", d.report_id)>{title}</A>
                <p class="hint">{move || format::date_time(d.updated_at, lang.get(), WIB)}</p>
                {d.resolution.or(d.decline_reason).map(|text| view! { <p class="body">{text}</p> })}
            </li>
        }
    };
    paged(RwSignal::new(0), list, Msg::NothingYet, row)
}

/// A page of dispositions in `status`, the soonest due first.
#[component]
fn Dispositions(status: DispositionStatus) -> impl IntoView {
    let lang = contexts::lang();
    let page = load(RwSignal::new(0), move || {
        api::dispositions(DispositionQuery {
            status: Some(status),
            limit: Some(100),
            ..DispositionQuery::default()
        })
    });
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
