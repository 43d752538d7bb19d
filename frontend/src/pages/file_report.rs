//! Filing a report: kind, title, what happened, when, where (province → regency → district →
//! village), the address, a category, and the anonymous and confidential switches explained;
//! checked by the shared rules before sending; the receipt names the tracking id.

use crate::api;
use crate::contexts;
use crate::fields::{self, FieldErrors};
use crate::format;
use crate::i18n::{self, Msg};
use crate::map::{self, Map};
use crate::pages::account::TextField;
use crate::t;
use crate::widgets::{
    Choice, FieldError, MAX_ATTACHMENT_BYTES, RequiredMarks, Switch, TextArea, mark,
};
use lapor_types::reference::{Region, RegionQuery};
use lapor_types::reports::{NewReport, Report, ReportKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// The children of a region (the provinces for `""`), none until a parent is chosen.
fn regions(parent: impl Fn() -> Option<String> + 'static) -> LocalResource<Vec<Region>> {
    LocalResource::new(move || {
        let parent = parent();
        async move {
            let Some(parent) = parent else {
                return Vec::new();
            };
            let query = RegionQuery {
                parent: Some(parent).filter(|p| !p.is_empty()),
                limit: Some(100),
                ..RegionQuery::default()
            };
            api::regions(query)
                .await
                .map(|page| page.items)
                .unwrap_or_default()
        }
    })
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
    let me = contexts::me();
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
    provide_context(RequiredMarks);
    let lang = contexts::lang();
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
    // Choosing a level clears the levels below it that no longer lie within it.
    for (upper, lower) in [
        (province, regency),
        (regency, district),
        (district, village),
    ] {
        Effect::new(move |_| {
            let within = format!("{}.", upper.get());
            if !lower.get_untracked().starts_with(&within) {
                lower.set(String::new());
            }
        });
    }
    // The picker starts at the deployment's home region (`GET /site`): Banten → Kabupaten
    // Tangerang for a regency's deployment, not all of Indonesia's provinces.
    spawn_local(async move {
        let Ok(site) = api::site().await else {
            return;
        };
        let home = site.home_region.unwrap_or_default();
        let parts: Vec<&str> = home.split('.').filter(|p| !p.is_empty()).collect();
        for (n, level) in [province, regency, district, village]
            .into_iter()
            .enumerate()
        {
            if n < parts.len() {
                level.set(parts[..=n].join("."));
            }
        }
    });
    let chosen = |s: RwSignal<String>| move || Some(s.get()).filter(|v| !v.is_empty());
    let provinces = regions(|| Some(String::new()));
    let regencies = regions(chosen(province));
    let districts = regions(chosen(regency));
    let villages = regions(chosen(district));
    let categories = LocalResource::new(|| async {
        api::categories().await.map(|p| p.items).unwrap_or_default()
    });
    let category = RwSignal::new(String::new());
    let institution = RwSignal::new(String::new());
    let tree = contexts::institutions();
    let anonymous = RwSignal::new(false);
    let confidential = RwSignal::new(false);
    let public_photos = RwSignal::new(false);
    let place = RwSignal::new(None::<(f64, f64)>);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(None::<Report>);
    let files = RwSignal::new_local(Vec::<Picked>::new());
    let not_sent = RwSignal::new(Vec::<(String, String)>::new());

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
            latitude: place.get().map(|p| p.0),
            longitude: place.get().map(|p| p.1),
            category_id: category.get().parse().ok(),
            institution_id: institution.get().parse().ok(),
            anonymous: anonymous.get(),
            confidential: confidential.get(),
            public_photos: public_photos.get(),
            channel: None,
            on_behalf_of: None,
        };
        let mut found = fields::check(&report, lang.get());
        let required = Msg::Required.text(lang.get()).to_owned();
        if incident_date.is_none() {
            found.insert("incident_date".into(), required.clone());
        }
        if report.region_code.is_empty() {
            found.insert("region_code".into(), required);
        }
        if files.with(|f| f.iter().any(Picked::too_large)) {
            found.insert("files".into(), Msg::TooLarge.text(lang.get()).to_owned());
        }
        if mark(errors, found) {
            failure.set(Some(Msg::FixFields.text(lang.get()).to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = api::file_report(report).await;
            if let Ok(r) = &result {
                // The report stands once filed; a file the API refuses is named on the receipt.
                for picked in files.get_untracked() {
                    if let Err(e) = api::attach(r.id, &picked.file).await {
                        let name = picked.file.name();
                        not_sent.update(|n| n.push((name, e.message(lang.get_untracked()))));
                    }
                }
            }
            busy.set(false);
            match result {
                Ok(r) => sent.set(Some(r)),
                Err(api::Failure::Problem(p)) if !p.errors.is_empty() => {
                    mark(errors, fields::from_problem(&p, lang.get_untracked()));
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
                <p><A href=format!("/laporan/{}", r.id)>{t(Msg::MyReports)}</A></p>
                {not_sent.get().into_iter().map(|(name, why)| view! {
                    <p class="error">{t(Msg::UploadFailed)} " " {name} " — " {why}</p>
                }).collect_view()}
            </section>
        }.into_any(),
        None => view! {
            <form class="stack" on:submit=submit novalidate>
                <p class="hint">{t(Msg::RequiredMarked)}</p>
                <label>{t(Msg::Kind)}
                    <select name="kind" on:change=input(kind) prop:value=move || kind.get()>
                        {kinds.map(|k| view! {
                            <option value=k.as_str()>{move || i18n::kind(k, lang.get())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <TextField label=Msg::Title name="title" value=title errors max=150/>
                <TextArea label=Msg::Body name="body" value=body errors max=10000 rows=6 required=true/>
                <TextField label=Msg::IncidentDate name="incident_date" value=date errors kind="date"/>
                <Choice label=Msg::Province name="province" chosen=province options=region_options(provinces)/>
                <Choice label=Msg::Regency name="regency" chosen=regency options=region_options(regencies)/>
                <Choice label=Msg::District name="district" chosen=district options=region_options(districts)
                    errors=(errors, "region_code")/>
                <FieldError errors name="region_code"/>
                <Choice label=Msg::VillageOptional name="village" chosen=village options=region_options(villages)/>
                <TextField label=Msg::Address name="address" value=address errors autocomplete="street-address"/>
                <fieldset>
                    <legend>{t(Msg::PickOnMap)}</legend>
                    <Map label=Msg::PickOnMap pins=Signal::derive(Vec::new) pick=place/>
                    <p class="hint" aria-live="polite">
                        {move || match place.get() {
                            Some((lat, lon)) => format!("{}: {}, {}", Msg::Coordinates.text(lang.get()),
                                map::coordinate(lat, lang.get()), map::coordinate(lon, lang.get())),
                            None => Msg::NoPin.text(lang.get()).to_owned(),
                        }}
                    </p>
                    {move || place.get().is_some().then(|| view! {
                        <button type="button" on:click=move |_| place.set(None)>{t(Msg::RemovePin)}</button>
                    })}
                </fieldset>
                <Choice label=Msg::CategoryOptional name="category" chosen=category
                    options=move || categories.get().unwrap_or_default().into_iter().map(|c| (c.id.to_string(), c.name)).collect()/>
                <Choice label=Msg::InstitutionOptional name="institution" chosen=institution
                    options=move || tree.get().and_then(Result::ok).map(|p| p.items.into_iter().filter(|i| i.active).map(|i| (i.id.to_string(), i.name)).collect()).unwrap_or_default()/>
                <Switch label=Msg::Anonymous help=Msg::AnonymousHelp name="anonymous" on=anonymous/>
                <Switch label=Msg::ConfidentialLabel help=Msg::ConfidentialHelp name="confidential" on=confidential/>
                <Switch label=Msg::PublicPhotos help=Msg::PublicPhotosHelp name="public_photos" on=public_photos/>
                <Files files errors/>
                <p class="error" role="alert">{move || failure.get()}</p>
                <button class="primary" type="submit" disabled=move || busy.get()>{t(Msg::Send)}</button>
            </form>
        }.into_any(),
    }
    }
}

/// A file chosen to attach, with its preview (an object URL) when it is a photo.
#[derive(Clone)]
struct Picked {
    file: web_sys::File,
    preview: Option<String>,
}

impl Picked {
    fn too_large(&self) -> bool {
        self.file.size() > MAX_ATTACHMENT_BYTES
    }
}

/// Choosing attachments: each listed with its size, photos previewed, too-large ones marked
/// before anything is sent, any one removable.
#[component]
fn Files(
    files: RwSignal<Vec<Picked>, LocalStorage>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let lang = contexts::lang();
    let choose = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let picked = (0..list.length()).filter_map(|i| list.get(i)).map(|file| {
            let preview = file
                .type_()
                .starts_with("image/")
                .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
                .flatten();
            Picked { file, preview }
        });
        files.update(|f| f.extend(picked));
        input.set_value("");
        errors.update(|e| {
            e.remove("files");
        });
    };
    let remove = move |index: usize| {
        files.update(|f| {
            if index < f.len()
                && let Some(url) = f.remove(index).preview
            {
                let _ = web_sys::Url::revoke_object_url(&url);
            }
        })
    };
    view! {
        <label>{t(Msg::AttachmentsOptional)}
            <input type="file" name="files" multiple accept="image/*,application/pdf,video/*"
                aria-describedby="files-help" on:change=choose/>
        </label>
        <p class="hint" id="files-help">{t(Msg::AttachmentsHint)}</p>
        <FieldError errors name="files"/>
        <ul class="files">
            {move || files.get().into_iter().enumerate().map(|(i, p)| {
                let large = p.too_large();
                let name = p.file.name();
                let size = format::size(p.file.size() as u64, lang.get());
                view! {
                    <li>
                        {p.preview.map(|src| view! { <img src=src alt=name.clone()/> })}
                        <span>{name.clone()} " (" {size} ")"</span>
                        {large.then(|| view! { <span class="error">" " {t(Msg::TooLarge)}</span> })}
                        " " <button type="button" on:click=move |_| remove(i)>{t(Msg::Remove)} <span class="visually-hidden">{name}</span></button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
