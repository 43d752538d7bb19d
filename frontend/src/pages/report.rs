//! A report's page, for everyone who may see it — what was reported, its files, its thread and
//! timeline — with what the viewer may do next: the reporter replies, answers questions and gives
//! a verdict; a coordinator verifies, holds, archives and disposes; a unit accepts, declines,
//! responds and completes. The API decides who may do what; the page only offers it.

use crate::api::{self, Failure};
use crate::contexts;
use crate::fields;
use crate::fields::FieldErrors;
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::map::{Map, Pin};
use crate::pages::account::TextField;
use crate::t;
use crate::widgets::{
    Choice, Due, Failed, FieldError, MAX_ATTACHMENT_BYTES, Place, Reload, SendButton, Sending,
    Switch, TextArea, act, id_param, load, loaded, mark, send_checked, stage_due, submit,
};
use lapor_types::reference::Institution;
use lapor_types::reports::{
    ArchiveReason, ArchiveRequest, Attachment, Channel, CompleteRequest, DeclineRequest,
    Disposition, DispositionStatus, EventKind, FeedbackRequest, FollowupKind, HoldRequest,
    NewDisposition, NewFollowup, Report, ReportEvent, ReportKind, ReportStatus, Verdict,
    VerifyRequest,
};
use lapor_types::users::{Role, User};
use leptos::prelude::*;
use std::collections::HashMap;

pub fn names(items: &[Institution]) -> HashMap<i64, String> {
    items.iter().map(|i| (i.id, i.name.clone())).collect()
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let id = id_param();
    let reload: Reload = RwSignal::new(0);
    let report = load(reload, move || api::report(id()));
    loaded(report, move |r| view! { <Shown report=r reload/> })
}

#[component]
fn Shown(report: Report, reload: Reload) -> impl IntoView {
    let lang = contexts::lang();
    let me = contexts::me();
    let id = report.id;
    let status = report.status;
    let kind = report.kind;
    let reporter_id = report.reporter.as_ref().map(|r| r.id);
    let is_reporter = move || me.get().is_some_and(|u| Some(u.id) == reporter_id);
    let role = move || me.get().map(|u| u.role);
    let open = !matches!(status, ReportStatus::Closed | ReportStatus::Archived);
    let verified = report.verified_at.is_some();
    let due = stage_due(&report);
    let coordinating = move || matches!(role(), Some(Role::Coordinator | Role::Admin));
    let officer = move || {
        matches!(
            role(),
            Some(Role::Coordinator | Role::Admin | Role::Liaison)
        )
    };
    let sees_dispositions = move || officer() || role() == Some(Role::Supervisor);
    let report_for_coordinator = report.clone();
    let events = load(reload, move || api::events(id));
    view! {
        <h1>{report.title.clone()}</h1>
        <Progress report=report.clone()/>
        <section class="card">
            <p>
                <span class="badge">{report.tracking_id.clone()}</span> " "
                <span class="badge status">{move || i18n::report_status(status, verified, lang.get())}</span> " "
                {move || i18n::kind(kind, lang.get())}
            </p>
            <p><strong>{t(Msg::Filed)} ": "</strong>{move || format::date_time(report.created_at, lang.get(), WIB)}</p>
            {due.map(|(label, at)| view! { <Due label at/> })}
            <p><strong>{t(Msg::IncidentDate)} ": "</strong>{move || format::date(report.incident_date, lang.get())}</p>
            <p><strong>{t(Msg::Address)} ": "</strong>{report.address.clone()} <br/><Place code=report.region_code.clone()/></p>
            {report.category_id.map(|c| view! { <p><strong>{t(Msg::Category)} ": "</strong><CategoryName id=c/></p> })}
            {match (report.on_behalf_of.clone(), report.reporter.clone()) {
                // Filed by an integrator for a citizen: the citizen, and the channel's account.
                (Some(c), by) => {
                    let reach = [c.phone, c.email].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                    let by = by.map(|b| b.name).unwrap_or_default();
                    view! {
                        <p><strong>{t(Msg::Reporter)} ": "</strong>{c.name} " · " {reach}</p>
                        <p class="hint">{t(Msg::FiledThrough)} " " {move || i18n::channel(report.channel, lang.get())} " · " {by}</p>
                    }.into_any()
                }
                (None, Some(r)) => view! {
                    <p><strong>{t(Msg::Reporter)} ": "</strong>{r.name} " · " {r.email}</p>
                }.into_any(),
                (None, None) => ().into_any(),
            }}
            {(report.channel == Channel::NationalSync).then(|| view! { <National id/> })}
            {report.anonymous.then(|| view! { <p class="hint">{t(Msg::AnonymousHelp)}</p> })}
            {report.confidential.then(|| view! { <p class="hint">{t(Msg::ConfidentialHelp)}</p> })}
            <p class="body">{report.body.clone()}</p>
        </section>
        {report.latitude.zip(report.longitude).map(|(latitude, longitude)| {
            let pin = Pin { latitude, longitude, label: report.title.clone(), href: None };
            view! { <Map label=Msg::MapOfReport pins=Signal::derive(move || vec![pin.clone()])/> }
        })}
        {(status == ReportStatus::OnHold).then(|| view! { <Asked events reporter=is_reporter()/> })}
        <Attachments id reload/>
        {move || coordinating().then(|| view! { <Coordinate report=report_for_coordinator.clone() reload/> })}
        {move || sees_dispositions().then(|| view! { <Dispositions id reload/> })}
        <Outcome events/>
        {move || (is_reporter() && status == ReportStatus::Resolved).then(|| view! { <Feedback id reload/> })}
        <Thread id reload/>
        {move || {
            let kinds = if officer() {
                vec![FollowupKind::Response, FollowupKind::Note, FollowupKind::InfoRequest]
            } else if is_reporter() {
                vec![FollowupKind::Reply]
            } else {
                Vec::new()
            };
            (open && !kinds.is_empty()).then(|| view! { <Write id kinds reload/> })
        }}
        <Timeline events/>
    }
}

/// What the coordinator asked the reporter when putting the report on hold (the latest
/// question), and to the reporter how to answer.
#[component]
fn Asked(
    events: LocalResource<Result<Vec<ReportEvent>, Failure>>,
    reporter: bool,
) -> impl IntoView {
    let lang = contexts::lang();
    move || {
        let events = events.get().and_then(Result::ok)?;
        let held = events.iter().rev().find(|e| e.action == EventKind::Held)?;
        let question = held.details["question"].as_str()?.to_owned();
        let at = held.created_at;
        Some(view! {
            <section class="card notice" aria-labelledby="asked">
                <h2 id="asked">{t(Msg::QuestionFromCoordinator)}</h2>
                <p class="body">{question}</p>
                <p class="meta">{held.actor.clone()} " · " {move || format::date_time(at, lang.get(), WIB)}</p>
                {reporter.then(|| view! { <p class="hint">{t(Msg::AnswerBelow)}</p> })}
            </section>
        })
    }
}

/// The national complaint an imported report is linked to: its id, its status there and the
/// last sync.
#[component]
fn National(id: i64) -> impl IntoView {
    let lang = contexts::lang();
    let link = LocalResource::new(move || api::report_national(id));
    move || {
        let link = link.get().and_then(Result::ok)?;
        let number = link
            .complaint_id
            .map(|n| n.to_string())
            .unwrap_or_else(|| "—".to_owned());
        Some(view! {
            <p>
                <strong>{t(Msg::NationalComplaint)} ": "</strong>{number}
                {link.status_name.map(|s| format!(" · {s}"))}
                {link.synced_at.map(|at| view! {
                    <span class="hint">" · " {t(Msg::SyncedAt)} " " {move || format::date_time(at, lang.get(), WIB)}</span>
                })}
            </p>
        })
    }
}

/// Where the report is on its way: filed, verified, sent to the units, acted on, finished. A
/// resolved report stands at "acted on" until it is closed (the reporter accepted, or the time
/// to answer passed): only then is it finished.
#[component]
fn Progress(report: Report) -> impl IntoView {
    let lang = contexts::lang();
    let acted = report
        .first_response_at
        .or(report.resolved_at)
        .or(match report.status {
            ReportStatus::InProgress => report.dispatched_at,
            _ => None,
        });
    let finished = report.closed_at;
    let steps = [
        (Msg::StepFiled, Some(report.created_at)),
        (Msg::StepVerified, report.verified_at),
        (Msg::StepDisposed, report.dispatched_at),
        (Msg::StepActed, acted.or(finished)),
        (Msg::StepFinished, finished),
    ];
    // The current step: the last one reached.
    let current = steps.iter().rposition(|(_, at)| at.is_some()).unwrap_or(0);
    (report.status != ReportStatus::Archived).then(|| view! {
        <ol class="stepper" aria-label=move || Msg::Progress.text(lang.get())>
            {steps.into_iter().enumerate().map(|(n, (label, at))| {
                let state = if n < current { "done" } else if n == current { "current" } else { "todo" };
                view! {
                    <li class=state aria-current=(n == current).then_some("step")>
                        <span>{t(label)}</span>
                        {at.map(|at| view! { <small>{move || format::date(at.with_timezone(&format::zone(WIB)).date_naive(), lang.get())}</small> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    })
}

/// A category's name.
#[component]
fn CategoryName(id: i64) -> impl IntoView {
    let category = load(RwSignal::new(0), move || api::category(id));
    move || category.get().and_then(Result::ok).map(|c| c.name)
}

/// What the units answered (each "completed" with its resolution) and, once given, the
/// reporter's verdict with rating and comment — read from the timeline, which holds both.
#[component]
fn Outcome(events: LocalResource<Result<Vec<ReportEvent>, Failure>>) -> impl IntoView {
    let lang = contexts::lang();
    move || {
        let events = events.get().and_then(Result::ok).unwrap_or_default();
        let resolutions: Vec<_> = events
            .iter()
            .filter(|e| e.action == EventKind::DispositionCompleted)
            .filter_map(|e| {
                Some((
                    e.created_at,
                    e.actor.clone(),
                    e.details["resolution"].as_str()?.to_owned(),
                ))
            })
            .collect();
        let verdicts: Vec<_> = events
            .iter()
            .filter(|e| matches!(e.action, EventKind::Accepted | EventKind::Disputed))
            .map(|e| {
                (
                    e.created_at,
                    e.action,
                    e.details["rating"].as_i64().unwrap_or(0),
                    e.details["comment"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        (!resolutions.is_empty()).then(|| view! {
            <section class="card outcome" aria-labelledby="outcome">
                <h2 id="outcome">{t(Msg::Resolution)}</h2>
                {resolutions.into_iter().map(|(at, actor, text)| view! {
                    <blockquote>
                        <p class="body">{text}</p>
                        <p class="meta">{actor.unwrap_or_default()} " · " {move || format::date_time(at, lang.get(), WIB)}</p>
                    </blockquote>
                }).collect_view()}
                {(!verdicts.is_empty()).then(|| view! { <h3>{t(Msg::ReporterVerdict)}</h3> })}
                {verdicts.into_iter().map(|(at, action, rating, comment)| view! {
                    <div class="verdict">
                        <p><strong>{move || i18n::action(action, lang.get())}</strong>
                            " · " <Stars rating/> " · " {move || format::date_time(at, lang.get(), WIB)}</p>
                        {(!comment.is_empty()).then(|| view! { <p class="body">{comment}</p> })}
                    </div>
                }).collect_view()}
            </section>
        })
    }
}

/// A rating as stars, read out as "4 of 5".
#[component]
fn Stars(rating: i64) -> impl IntoView {
    let lang = contexts::lang();
    let shown: String = (1..=5)
        .map(|n| if n <= rating { '★' } else { '☆' })
        .collect();
    view! {
        <span class="stars" role="img" aria-label=move || format!("{rating} {} 5", Msg::OutOf.text(lang.get()))>{shown}</span>
    }
}

/// The report's files: photos shown, the others to download.
#[component]
fn Attachments(id: i64, reload: Reload) -> impl IntoView {
    let files = load(reload, move || api::attachments(id));
    loaded(files, |files| {
        (!files.is_empty()).then(|| {
            view! {
                <h2>{t(Msg::Attachments)}</h2>
                <ul class="files">
                    {files.into_iter().map(|a| view! { <File file=a/> }).collect_view()}
                </ul>
            }
        })
    })
}

#[component]
fn File(file: Attachment) -> impl IntoView {
    let lang = contexts::lang();
    let shown = file.clone();
    let url = LocalResource::new(move || {
        let file = shown.clone();
        async move { api::attachment_url(&file).await.ok() }
    });
    on_cleanup(move || {
        if let Some(Some(url)) = url.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let image = file.content_type.starts_with("image/");
    let name = file.file_name.clone();
    view! {
        <li>
            {move || url.get().flatten().map(|href| {
                let name = name.clone();
                view! {
                    {image.then(|| view! { <img src=href.clone() alt=name.clone()/> })}
                    <a href=href download=name.clone()>{name.clone()}</a>
                }
            })}
            " " <span class="hint">{move || format::size(file.size_bytes.max(0) as u64, lang.get())}</span>
        </li>
    }
}

/// The coordinator's work: verify, hold or archive a new report; dispose a verified one.
#[component]
fn Coordinate(report: Report, reload: Reload) -> impl IntoView {
    let id = report.id;
    let version = Some(report.version);
    let sending = Sending::default();
    let errors = RwSignal::new(FieldErrors::new());
    // On hold too: the coordinator verifies or archives it without waiting for the answer.
    let unverified = matches!(
        report.status,
        ReportStatus::Submitted | ReportStatus::OnHold
    ) && report.verified_at.is_none();
    let holdable = report.status == ReportStatus::Submitted;
    let disposable = report.verified_at.is_some()
        && matches!(
            report.status,
            ReportStatus::Submitted | ReportStatus::Dispatched | ReportStatus::InProgress
        );
    let dispatched = report.dispatched_at.is_some();
    // The unit the category suggests (the report stores it), chosen to begin with.
    let suggested = report.institution_id;
    let question = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let duplicate_of = RwSignal::new(String::new());
    let lang = contexts::lang();
    // Corrections at verification: only what the coordinator changed is sent (the API keeps
    // the original in the timeline).
    let title = RwSignal::new(report.title.clone());
    let kind = RwSignal::new(report.kind.as_str().to_owned());
    let category = RwSignal::new(
        report
            .category_id
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let anonymous = RwSignal::new(report.anonymous);
    let confidential = RwSignal::new(report.confidential);
    let original = report.clone();
    // Categories are a choice of the verification form only.
    let categories = unverified.then(|| load(RwSignal::new(0), api::categories));
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = VerifyRequest {
            version,
            title: changed(title.get().trim().to_owned(), original.title.clone()),
            kind: ReportKind::parse(&kind.get()).and_then(|k| changed(k, original.kind)),
            category_id: category
                .get()
                .parse()
                .ok()
                .and_then(|c| changed(c, original.category_id.unwrap_or(0))),
            anonymous: changed(anonymous.get(), original.anonymous),
            confidential: changed(confidential.get(), original.confidential),
        };
        act(api::verify(id, body), reload, sending);
    };
    let kinds = move || i18n::kind_options(lang.get());
    let category_options = move || {
        categories
            .and_then(|c| c.get())
            .and_then(Result::ok)
            .map(|p| {
                p.items
                    .into_iter()
                    .map(|c| (c.id.to_string(), c.name))
                    .collect()
            })
            .unwrap_or_default()
    };
    let hold = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = HoldRequest {
            version,
            question: question.get().trim().to_owned(),
        };
        send_checked(body, errors, sending, reload, move |b| api::hold(id, b));
    };
    let archive = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(reason) = ArchiveReason::parse(&reason.get()) else {
            sending.refuse(Msg::ChooseReason);
            return;
        };
        let body = ArchiveRequest {
            version,
            reason,
            note: note.get().trim().to_owned(),
            duplicate_of: duplicate_of.get().trim().parse().ok(),
        };
        send_checked(body, errors, sending, reload, move |b| api::archive(id, b));
    };
    let reasons = move || {
        i18n::options(
            ArchiveReason::ALL,
            ArchiveReason::as_str,
            i18n::archive_reason,
            lang.get(),
        )
    };
    // Nothing to offer once the report is past the coordinator (resolved, closed, archived).
    (unverified || disposable).then(|| view! {
        <section class="card officer" aria-labelledby="coordinate">
            <h2 id="coordinate">{t(Msg::Coordinate)}</h2>
            <Failed failure=sending.failure/>
            {unverified.then(|| view! {
                <form class="stack" on:submit=verify>
                    <details>
                        <summary>{t(Msg::CorrectFirst)}</summary>
                        <div class="stack">
                            <TextField label=Msg::Title name="title" value=title errors=RwSignal::new(FieldErrors::new())
                                optional=true/>
                            <Choice label=Msg::Kind name="kind" chosen=kind options=kinds/>
                            <Choice label=Msg::CategoryOptional name="category" chosen=category options=category_options/>
                            <Switch label=Msg::Anonymous help=Msg::AnonymousHelp name="anonymous" on=anonymous/>
                            <Switch label=Msg::ConfidentialLabel help=Msg::ConfidentialHelp name="confidential" on=confidential/>
                        </div>
                    </details>
                    <SendButton sending label=Msg::Verify/>
                </form>
                {holdable.then(|| view! {
                    <details>
                        <summary>{t(Msg::Hold)}</summary>
                        <form class="stack" on:submit=hold>
                            <TextArea label=Msg::QuestionToReporter name="question" value=question max=2000 errors/>
                            <SendButton sending label=Msg::Hold plain=true/>
                        </form>
                    </details>
                })}
                <details>
                    <summary>{t(Msg::Archive)}</summary>
                    <form class="stack" on:submit=archive>
                        <Choice label=Msg::Reason name="reason" chosen=reason options=reasons/>
                        <TextArea label=Msg::Note name="note" value=note max=2000 errors/>
                        {move || (reason.get() == ArchiveReason::Duplicate.as_str()).then(|| view! {
                            <label>{t(Msg::DuplicateOf)}
                                <input type="number" name="duplicate_of" prop:value=move || duplicate_of.get()
                                    on:input=move |ev| duplicate_of.set(event_target_value(&ev))/>
                            </label>
                        })}
                        <SendButton sending label=Msg::Archive plain=true/>
                    </form>
                </details>
            })}
            // A report already sent somewhere can go to more units, on request: the form does
            // not stay open inviting a second dispatch.
            {disposable.then(|| if dispatched {
                view! {
                    <details>
                        <summary>{t(Msg::DisposeMore)}</summary>
                        <Dispose id reload/>
                    </details>
                }.into_any()
            } else {
                view! { <Dispose id reload suggested/> }.into_any()
            })}
        </section>
    })
}

/// `now` when it differs from `before`.
fn changed<T: PartialEq>(now: T, before: T) -> Option<T> {
    (now != before).then_some(now)
}

/// Disposing to one or more institutions of the tree, with one instruction — or, for a unit
/// dividing its own accepted disposition (`parent`: that disposition and its unit), to its
/// sub-units.
#[component]
fn Dispose(
    id: i64,
    reload: Reload,
    #[prop(optional)] parent: Option<(i64, i64)>,
    #[prop(default = None)] suggested: Option<i64>,
) -> impl IntoView {
    let lang = contexts::lang();
    let tree = contexts::institutions();
    let chosen = RwSignal::new(suggested.into_iter().collect::<Vec<i64>>());
    let instruction = RwSignal::new(String::new());
    let sending = Sending::default();
    let errors = RwSignal::new(FieldErrors::new());
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let targets = chosen.get();
        let Some(&first) = targets.first() else {
            sending.refuse(Msg::ChooseInstitution);
            return;
        };
        let body = move |institution_id| NewDisposition {
            institution_id,
            instruction: instruction.get_untracked().trim().to_owned(),
            due_at: None,
            parent_disposition_id: parent.map(|(disposition, _)| disposition),
        };
        // One instruction for all: checking one body checks them all. One disposition per
        // institution, each unticked once sent; the first refusal stops, the form keeps what
        // is left, and sending again sends only that.
        let found = fields::check(&body(first), lang.get_untracked());
        submit(
            found,
            targets,
            errors,
            sending,
            reload,
            move |targets| async move {
                for institution_id in targets {
                    api::dispose(id, body(institution_id)).await?;
                    chosen.update(|c| c.retain(|&i| i != institution_id));
                }
                Ok(())
            },
            || {},
        );
    };
    let toggle = move |institution: i64, on: bool| {
        chosen.update(|c| {
            c.retain(|&i| i != institution);
            if on {
                c.push(institution);
            }
        })
    };
    view! {
        <form class="stack" on:submit=send>
            <fieldset>
                <legend>{t(Msg::DisposeTo)}</legend>
                {loaded(tree, move |page| {
                    let depth = depths(&page.items);
                    let under = parent.map(|(_, unit)| unit);
                    page.items.into_iter()
                        .filter(|i| i.active && (under.is_none() || i.parent_id == under))
                        .map(|i| {
                        let indent = format!("margin-left: {}rem", depth.get(&i.id).copied().unwrap_or(0));
                        view! {
                            <label class="check" style=indent>
                                <input type="checkbox" name="institution" value=i.id
                                    prop:checked=move || chosen.with(|c| c.contains(&i.id))
                                    on:change=move |ev| toggle(i.id, event_target_checked(&ev))/>
                                {i.name}
                            </label>
                        }
                    }).collect_view()
                })}
            </fieldset>
            <TextArea label=Msg::Instruction name="instruction" value=instruction max=2000 errors/>
            <Failed failure=sending.failure/>
            <SendButton sending label=Msg::Dispose/>
        </form>
    }
}

fn parents(items: &[Institution]) -> HashMap<i64, Option<i64>> {
    items.iter().map(|i| (i.id, i.parent_id)).collect()
}

/// An institution and its ancestors, nearest first (as long as the tree is, against a cycle).
fn lineage(parent: &HashMap<i64, Option<i64>>, id: i64) -> impl Iterator<Item = i64> + '_ {
    std::iter::successors(Some(id), |at| parent.get(at).copied().flatten()).take(parent.len() + 1)
}

/// How deep each institution sits in the tree (roots 0).
pub fn depths(items: &[Institution]) -> HashMap<i64, usize> {
    let parent = parents(items);
    items
        .iter()
        .map(|i| (i.id, lineage(&parent, i.id).count() - 1))
        .collect()
}

/// Whether the signed-in officer handles a disposition to `unit`: admins, and the liaisons of
/// that unit or of a unit above it (the API's rule, docs/SECURITY.md).
fn handles(me: Option<&User>, items: &[Institution], unit: i64) -> bool {
    me.is_some_and(|u| match (u.role, u.institution_id) {
        (Role::Admin, _) => true,
        (Role::Liaison, Some(own)) => lineage(&parents(items), unit).any(|i| i == own),
        _ => false,
    })
}

/// Where the report was sent, and — for the unit it was sent to — accept, decline, complete.
#[component]
fn Dispositions(id: i64, reload: Reload) -> impl IntoView {
    let sent = load(reload, move || api::report_dispositions(id));
    let tree = contexts::institutions();
    let me = contexts::me();
    loaded(sent, move |sent| {
        (!sent.is_empty()).then(|| {
            view! {
                <h2>{t(Msg::Dispositions)}</h2>
                {move || {
                    let items = tree.get().and_then(Result::ok).map(|p| p.items).unwrap_or_default();
                    let names = names(&items);
                    let me = me.get();
                    sent.clone().into_iter().map(|d| {
                        let name = names.get(&d.institution_id).cloned().unwrap_or_default();
                        let mine = handles(me.as_ref(), &items, d.institution_id);
                        view! { <Sent disposition=d name mine reload/> }
                    }).collect_view()
                }}
            }
        })
    })
}

#[component]
fn Sent(disposition: Disposition, name: String, mine: bool, reload: Reload) -> impl IntoView {
    let lang = contexts::lang();
    let d = disposition;
    let id = d.id;
    let status = d.status;
    let sending = Sending::default();
    let errors = RwSignal::new(FieldErrors::new());
    let reason = RwSignal::new(String::new());
    let resolution = RwSignal::new(String::new());
    let accept = move |()| act(api::accept(id), reload, sending);
    let decline = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = DeclineRequest {
            reason: reason.get().trim().to_owned(),
        };
        send_checked(body, errors, sending, reload, move |b| api::decline(id, b));
    };
    let complete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CompleteRequest {
            resolution: resolution.get().trim().to_owned(),
        };
        send_checked(body, errors, sending, reload, move |b| api::complete(id, b));
    };
    let answering = d.responded_at.is_none()
        && matches!(
            status,
            DispositionStatus::Pending | DispositionStatus::Accepted
        );
    view! {
        <section class="card disposition">
            <h3>{name} " " <span class="badge">{move || i18n::disposition(status, lang.get())}</span></h3>
            <p>{d.instruction.clone()}</p>
            {d.response_due_at.filter(|_| answering).map(|at| view! { <Due label=Msg::ResponseDue at/> })}
            {d.decline_reason.clone().map(|r| view! { <p><strong>{t(Msg::DeclineReason)} ": "</strong>{r}</p> })}
            {d.resolution.clone().map(|r| view! { <p><strong>{t(Msg::Resolution)} ": "</strong>{r}</p> })}
            {mine.then(|| view! {
                <Failed failure=sending.failure/>
                {(status == DispositionStatus::Pending).then(|| view! {
                    <p><SendButton sending label=Msg::AcceptDisposition click=accept/></p>
                })}
                {(status == DispositionStatus::Accepted).then(|| view! {
                    <details>
                        <summary>{t(Msg::SubDispose)}</summary>
                        <Dispose id=d.report_id reload parent=(id, d.institution_id)/>
                    </details>
                    <form class="stack" on:submit=complete>
                        <TextArea label=Msg::Resolution name="resolution" value=resolution max=5000 errors/>
                        <SendButton sending label=Msg::Complete/>
                    </form>
                })}
                {matches!(status, DispositionStatus::Pending | DispositionStatus::Accepted).then(|| view! {
                    <details>
                        <summary>{t(Msg::Decline)}</summary>
                        <form class="stack" on:submit=decline>
                            <TextArea label=Msg::DeclineReason name="reason" value=reason max=2000 errors/>
                            <SendButton sending label=Msg::Decline plain=true/>
                        </form>
                    </details>
                })}
            })}
        </section>
    }
}

/// The reporter's verdict on the resolution, with a 1–5 rating given by tapping stars; a
/// dispute must say what is not resolved.
#[component]
fn Feedback(id: i64, reload: Reload) -> impl IntoView {
    let lang = contexts::lang();
    let verdict = RwSignal::new(None::<Verdict>);
    let rating = RwSignal::new(0);
    let comment = RwSignal::new(String::new());
    let sending = Sending::default();
    let errors = RwSignal::new(FieldErrors::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Each missing choice marked beside its group, the first one focused.
        let mut missing = FieldErrors::new();
        if verdict.get().is_none() {
            missing.insert(
                "verdict".into(),
                Msg::ChooseVerdict.text(lang.get()).to_owned(),
            );
        }
        if !(1..=5).contains(&rating.get()) {
            missing.insert(
                "rating".into(),
                Msg::ChooseRating.text(lang.get()).to_owned(),
            );
        }
        let (Some(verdict), 1..=5) = (verdict.get(), rating.get()) else {
            mark(errors, missing);
            sending.refuse(Msg::FixFields);
            return;
        };
        let body = FeedbackRequest {
            verdict,
            rating: rating.get(),
            comment: comment.get().trim().to_owned(),
        };
        // The dispute rule covers the whole request; its words go beside the comment.
        let mut found = fields::check(&body, lang.get());
        if let Some(why) = found.remove("__all__") {
            found.insert("comment".into(), why);
        }
        submit(
            found,
            body,
            errors,
            sending,
            reload,
            move |b| api::feedback(id, b),
            || {},
        );
    };
    let disputing = move || verdict.get() == Some(Verdict::Dispute);
    view! {
        <section class="card" aria-labelledby="feedback">
            <h2 id="feedback">{t(Msg::FeedbackHeading)}</h2>
            <form class="stack" on:submit=submit>
                <fieldset>
                    <legend>{t(Msg::YourVerdict)}</legend>
                    {[(Verdict::Accept, Msg::Accept), (Verdict::Dispute, Msg::Dispute)].map(|(v, label)| view! {
                        <label class="check">
                            <input type="radio" name="verdict" value=v.as_str() on:change=move |_| verdict.set(Some(v))
                                aria-invalid=move || errors.with(|e| e.contains_key("verdict")).then_some("true")
                                aria-describedby="verdict-error"/>
                            {t(label)}
                        </label>
                    }).collect_view()}
                    <FieldError errors name="verdict"/>
                </fieldset>
                <fieldset>
                    <legend>{t(Msg::Rating)}</legend>
                    <div class="star-input">
                        {[Msg::Rating1, Msg::Rating2, Msg::Rating3, Msg::Rating4, Msg::Rating5].into_iter().zip(1..=5).map(|(label, n)| view! {
                            <label class:on=move || { rating.get() >= n }>
                                <input type="radio" name="rating" value=n on:change=move |_| rating.set(n)
                                    aria-invalid=move || errors.with(|e| e.contains_key("rating")).then_some("true")
                                    aria-describedby="rating-error"/>
                                <span class="star" aria-hidden="true">"★"</span>
                                <small>{t(label)}</small>
                            </label>
                        }).collect_view()}
                    </div>
                    <FieldError errors name="rating"/>
                </fieldset>
                {move || view! {
                    <TextArea label=if disputing() { Msg::DisputeReason } else { Msg::CommentOptional }
                        name="comment" value=comment max=2000 errors/>
                }}
                <Failed failure=sending.failure/>
                <SendButton sending label=Msg::SendVerdict/>
            </form>
        </section>
    }
}

/// The thread: responses, questions to the reporter, replies and (officers only) notes.
#[component]
fn Thread(id: i64, reload: Reload) -> impl IntoView {
    let lang = contexts::lang();
    let thread = load(reload, move || api::followups(id));
    view! {
        <h2>{t(Msg::Thread)}</h2>
        {loaded(thread, move |items| {
            if items.is_empty() {
                return view! { <p class="hint">{t(Msg::NoFollowups)}</p> }.into_any();
            }
            view! {
                <ol class="thread">
                    {items.into_iter().map(|f| {
                        let kind = f.kind;
                        view! {
                            <li class=format!("followup {}", kind.as_str())>
                                <p class="meta">
                                    <strong>{move || i18n::followup(kind, lang.get())}</strong>
                                    " · " {f.author.clone().unwrap_or_default()} " · "
                                    <time datetime=f.created_at.to_rfc3339()>{move || format::date_time(f.created_at, lang.get(), WIB)}</time>
                                </p>
                                <p>{f.body}</p>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        })}
    }
}

/// Adding to the thread: a reply for the reporter; a response, an internal note or a question
/// for the officers — the kind chosen before the text, so an internal note is never sent by
/// mistake as a public response.
#[component]
fn Write(id: i64, kinds: Vec<FollowupKind>, reload: Reload) -> impl IntoView {
    let lang = contexts::lang();
    let kind = RwSignal::new(kinds[0].as_str().to_owned());
    // What is typed survives a sign-in the send leads to (the session ended meanwhile), until
    // it is sent.
    let draft = format!("reply.{id}");
    let body = RwSignal::new(crate::session::draft(&draft).unwrap_or_default());
    Effect::new(move |_| crate::session::set_draft(&draft, &body.get()));
    let sending = Sending::default();
    let errors = RwSignal::new(FieldErrors::new());
    let several = kinds.len() > 1;
    // The reporter may send a photo with a reply (officers often ask for one).
    let photo = RwSignal::new_local(None::<web_sys::File>);
    let photo_input = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(kind) = FollowupKind::parse(&kind.get()) else {
            return;
        };
        let picked = photo.get_untracked();
        let followup = NewFollowup {
            kind,
            body: body.get().trim().to_owned(),
        };
        let mut found = fields::check(&followup, lang.get());
        if let Some(file) = &picked {
            let wrong = if !file.type_().starts_with("image/") {
                Some(Msg::NotAPhoto)
            } else {
                (file.size() > MAX_ATTACHMENT_BYTES).then_some(Msg::TooLarge)
            };
            if let Some(why) = wrong {
                found.insert("photo".into(), why.text(lang.get()).to_owned());
            }
        }
        submit(
            found,
            followup,
            errors,
            sending,
            reload,
            // The photo first: when it is refused, nothing is sent and the reply can go again.
            move |f| async move {
                if let Some(file) = picked {
                    api::attach(id, &file).await?;
                }
                api::add_followup(id, f).await
            },
            move || {
                body.set(String::new());
                photo.set(None);
                if let Some(input) = photo_input.get_untracked() {
                    input.set_value("");
                }
            },
        );
    };
    view! {
        <form class="stack" on:submit=submit>
            {several.then(|| view! {
                <label>{t(Msg::FollowupKind)}
                    <select name="followup_kind" prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))>
                        {kinds.iter().map(|&k| view! {
                            <option value=k.as_str()>{move || i18n::followup(k, lang.get())}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <TextArea label=if several { Msg::Message } else { Msg::Reply } name="body" value=body max=5000 errors/>
            {move || (kind.get() == FollowupKind::Note.as_str()).then(|| view! {
                <p class="hint">{t(Msg::NoteHint)}</p>
            })}
            {(!several).then(|| view! {
                <label>{t(Msg::ReplyPhoto)}
                    <input type="file" name="photo" accept="image/jpeg,image/png,image/webp,image/gif" node_ref=photo_input
                        on:change=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            photo.set(input.files().and_then(|f| f.get(0)));
                        }/>
                    <FieldError errors name="photo"/>
                </label>
            })}
            <Failed failure=sending.failure/>
            <SendButton sending label=Msg::SendFollowup/>
        </form>
    }
}

#[component]
fn Timeline(events: LocalResource<Result<Vec<ReportEvent>, Failure>>) -> impl IntoView {
    let lang = contexts::lang();
    view! {
        <h2>{t(Msg::Timeline)}</h2>
        {loaded(events, move |events| view! {
            <ol class="timeline">
                {events.into_iter().map(|e| {
                    // A question, or what happened on the national side, says what: its words,
                    // or its statuses.
                    let said = match e.action {
                        EventKind::NationalFollowup => e.details["content"].as_str().map(str::to_owned),
                        EventKind::Held => e.details["question"].as_str().map(str::to_owned),
                        EventKind::NationalStatus => e.details["from"].as_str().zip(e.details["to"].as_str())
                            .map(|(from, to)| format!("{from} → {to}")),
                        _ => None,
                    };
                    view! {
                        <li>
                            <time datetime=e.created_at.to_rfc3339()>{move || format::date_time(e.created_at, lang.get(), WIB)}</time>
                            {move || i18n::action(e.action, lang.get())}
                            {e.actor.map(|a| view! { " · " {a} })}
                            {said.map(|s| view! { <p class="body">{s}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        })}
    }
}
