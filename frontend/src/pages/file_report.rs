//! Filing a report: kind, title, what happened, when, where (province → regency → district →
//! village), the address, a category, and the anonymous and confidential switches explained;
//! checked by the shared rules before sending; the receipt names the tracking id.

use crate::api;
use crate::fields::{self, FieldErrors};
use crate::format;
use crate::i18n::{self, Msg};
use crate::pages::account::{FieldError, TextField, me};
use crate::{lang, t};
use lapor_types::Page;
use lapor_types::reference::{Category, Region};
use lapor_types::reports::{NewReport, Report, ReportKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// The children of a region (the provinces for `""`), none until a parent is chosen.
fn regions(parent: impl Fn() -> Option<String> + 'static) -> LocalResource<Vec<Region>> {
    LocalResource::new(move || {
        let parent = parent();
        async move {
            let path = match parent {
                None => return Vec::new(),
                Some(p) if p.is_empty() => "/regions?limit=100".to_owned(),
                Some(p) => format!("/regions?parent={p}&limit=100"),
            };
            api::get::<Page<Region>>(&path)
                .await
                .map(|page| page.items)
                .unwrap_or_default()
        }
    })
}

/// A labelled choice among `options` (value, text), with "choose" first.
#[component]
fn Choice(
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
fn Switch(label: Msg, help: Msg, name: &'static str, on: RwSignal<bool>) -> impl IntoView {
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

/// The options of a region level.
fn region_options(
    regions: LocalResource<Vec<Region>>,
) -> impl Fn() -> Vec<(String, String)> + Send + Sync + 'static {
    move || {
        regions
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect()
    }
}

#[component]
pub fn FileReport() -> impl IntoView {
    let me = me();
    view! {
        <h1>{t(Msg::FileHeading)}</h1>
        {move || match me.get() {
            None => view! {
                <p>{t(Msg::NeedSignIn)}</p>
                <p><A href="/masuk">{t(Msg::SignIn)}</A> " · " <A href="/daftar">{t(Msg::Register)}</A></p>
            }.into_any(),
            Some(_) => view! { <ReportForm/> }.into_any(),
        }}
    }
}

#[component]
fn ReportForm() -> impl IntoView {
    let lang = lang();
    let kind = RwSignal::new(ReportKind::Complaint.as_str().to_owned());
    let (title, body, date, address) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (province, regency, district, village) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    // Choosing a level clears the levels below it.
    Effect::new(move |_| {
        province.track();
        regency.set(String::new());
    });
    Effect::new(move |_| {
        regency.track();
        district.set(String::new());
    });
    Effect::new(move |_| {
        district.track();
        village.set(String::new());
    });
    let chosen = |s: RwSignal<String>| move || Some(s.get()).filter(|v| !v.is_empty());
    let provinces = regions(|| Some(String::new()));
    let regencies = regions(chosen(province));
    let districts = regions(chosen(regency));
    let villages = regions(chosen(district));
    let categories = LocalResource::new(|| async {
        api::get::<Page<Category>>("/categories?limit=100")
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    });
    let category = RwSignal::new(String::new());
    let anonymous = RwSignal::new(false);
    let confidential = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(None::<Report>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let region = Some(village.get())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| district.get());
        let incident_date = format::input_date(&date.get());
        let report = NewReport {
            kind: ReportKind::parse(&kind.get()).unwrap_or(ReportKind::Complaint),
            title: title.get().trim().to_owned(),
            body: body.get().trim().to_owned(),
            incident_date: incident_date.unwrap_or_default(),
            region_code: region,
            address: address.get().trim().to_owned(),
            latitude: None,
            longitude: None,
            category_id: category.get().parse().ok(),
            institution_id: None,
            anonymous: anonymous.get(),
            confidential: confidential.get(),
            channel: None,
        };
        let mut found = fields::check(&report, lang.get());
        let required = Msg::Required.text(lang.get()).to_owned();
        if incident_date.is_none() {
            found.insert("incident_date".into(), required.clone());
        }
        if report.region_code.is_empty() {
            found.insert("region_code".into(), required);
        }
        errors.set(found.clone());
        if !found.is_empty() {
            failure.set(Some(Msg::FixFields.text(lang.get()).to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = api::post::<_, Report>("/reports", &report).await;
            busy.set(false);
            match result {
                Ok(r) => sent.set(Some(r)),
                Err(api::Failure::Problem(p)) if !p.errors.is_empty() => {
                    errors.set(fields::from_problem(&p));
                    failure.set(Some(Msg::FixFields.text(lang.get()).to_owned()));
                }
                Err(e) => failure.set(Some(e.message(lang.get()))),
            }
        });
    };

    let input = |s: RwSignal<String>| move |ev| s.set(event_target_value(&ev));
    let kinds = [
        ReportKind::Complaint,
        ReportKind::Aspiration,
        ReportKind::InformationRequest,
    ];
    move || {
        match sent.get() {
        Some(r) => view! {
            <section class="card" role="status">
                <h2>{t(Msg::SentHeading)}</h2>
                <p>{t(Msg::SentHint)}</p>
                <p><A href=format!("/lacak/{}", r.tracking_id) attr:class="badge">{r.tracking_id.clone()}</A></p>
            </section>
        }.into_any(),
        None => view! {
            <form class="stack" on:submit=submit novalidate>
                <label>{t(Msg::Kind)}
                    <select name="kind" on:change=input(kind) prop:value=move || kind.get()>
                        {kinds.map(|k| view! {
                            <option value=k.as_str()>{move || i18n::kind(k, lang.get())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <TextField label=Msg::Title name="title" value=title errors/>
                <label>{t(Msg::Body)}
                    <textarea name="body" rows="6" required prop:value=move || body.get() on:input=input(body)></textarea>
                    <FieldError errors name="body"/>
                </label>
                <TextField label=Msg::IncidentDate name="incident_date" value=date errors kind="date"/>
                <Choice label=Msg::Province name="province" chosen=province options=region_options(provinces)/>
                <Choice label=Msg::Regency name="regency" chosen=regency options=region_options(regencies)/>
                <Choice label=Msg::District name="district" chosen=district options=region_options(districts)/>
                <FieldError errors name="region_code"/>
                <Choice label=Msg::VillageOptional name="village" chosen=village options=region_options(villages)/>
                <TextField label=Msg::Address name="address" value=address errors autocomplete="street-address"/>
                <Choice label=Msg::CategoryOptional name="category" chosen=category
                    options=move || categories.get().unwrap_or_default().into_iter().map(|c| (c.id.to_string(), c.name)).collect()/>
                <Switch label=Msg::Anonymous help=Msg::AnonymousHelp name="anonymous" on=anonymous/>
                <Switch label=Msg::ConfidentialLabel help=Msg::ConfidentialHelp name="confidential" on=confidential/>
                <p class="error" role="alert">{move || failure.get()}</p>
                <button class="primary" type="submit" disabled=move || busy.get()>{t(Msg::Send)}</button>
            </form>
        }.into_any(),
    }
    }
}
