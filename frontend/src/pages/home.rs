//! Home: what LAPOR! is, the call to file a report, the tracking box and the figures of the
//! deployment's work.

use crate::api;
use crate::format;
use crate::i18n::Msg;
use crate::t;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <h1>{t(Msg::Tagline)}</h1>
        <p class="lead">{t(Msg::Lead)}</p>
        <A href="/lapor" attr:class="cta">{t(Msg::FileReport)}</A>
        <section class="card" aria-labelledby="track-heading">
            <h2 id="track-heading">{t(Msg::TrackHeading)}</h2>
            <TrackBox/>
        </section>
        <Figures/>
    }
}

/// The deployment's work in numbers, for everyone (`GET /public/stats`): reports received and
/// resolved, the share resolved on time, the districts with most reports. Nothing while the
/// figures are not counted yet.
#[component]
fn Figures() -> impl IntoView {
    let stats = LocalResource::new(|| async { api::public_stats().await.ok() });
    move || {
        let s = stats.get().flatten()?;
        let most = s.by_district.first().map_or(1, |d| d.count.max(1));
        Some(view! {
            <section aria-labelledby="numbers-heading">
                <h2 id="numbers-heading">{t(Msg::InNumbers)}</h2>
                <div class="tiles">
                    <div class="tile"><span class="figure">{s.received}</span><span>{t(Msg::Received)}</span></div>
                    <div class="tile"><span class="figure">{s.resolved}</span><span>{t(Msg::ResolvedCount)}</span></div>
                    <div class="tile"><span class="figure">{format::percent(s.resolved_on_time_rate)}</span><span>{t(Msg::ResolvedOnTime)}</span></div>
                </div>
                {(!s.by_district.is_empty()).then(|| view! {
                    <h3>{t(Msg::ByDistrict)}</h3>
                    <ol class="districts">
                        {s.by_district.into_iter().map(|d| view! {
                            <li>
                                <span>{d.name}</span>
                                <span class="bar" style=format!("width: {}%", 100 * d.count / most)></span>
                                <span>{d.count}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                })}
            </section>
        })
    }
}

/// The tracking box: a tracking id as typed (trimmed, upper-cased) opens its page; an empty or
/// impossible one is refused beside the field.
#[component]
pub fn TrackBox() -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let navigate = use_navigate();
    let track = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match format::tracking_id(&typed.get()) {
            Some(id) => {
                invalid.set(false);
                navigate(&format!("/lacak/{id}"), Default::default());
            }
            None => invalid.set(true),
        }
    };
    view! {
        <form class="stack" on:submit=track novalidate>
            <label>
                {t(Msg::TrackingId)}
                <input
                    name="tracking_id"
                    autocomplete="off"
                    aria-describedby="track-hint track-error"
                    aria-invalid=move || invalid.get().to_string()
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
            </label>
            <p class="hint" id="track-hint">{t(Msg::TrackHint)}</p>
            <p class="error" id="track-error" role="alert">
                {move || invalid.get().then(t(Msg::Required))}
            </p>
            <button class="primary" type="submit">{t(Msg::Track)}</button>
        </form>
    }
}
