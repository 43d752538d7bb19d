//! Home: what LAPOR! is, the call to file a report, and the tracking box.

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
