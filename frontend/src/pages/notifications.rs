//! Notifications: what changed on the reports a user files or handles. Opening one marks it
//! read; the header shows how many are unread.

use crate::api;
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::widgets::{Failed, act, paged};
use crate::{lang, t};
use lapor_types::notifications::{Notification, UnreadCount};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// The unread count, shared by the header and this page (which lowers it).
pub fn provide_unread() {
    provide_context(RwSignal::new(0_i64));
}

pub fn unread() -> RwSignal<i64> {
    use_context().unwrap_or_else(|| RwSignal::new(0))
}

/// Loads the unread count again.
pub fn refresh_unread() {
    let unread = unread();
    spawn_local(async move {
        if let Ok(count) = api::get::<UnreadCount>("/notifications/unread-count").await {
            unread.set(count.unread);
        }
    });
}

#[component]
pub fn Notifications() -> impl IntoView {
    let lang = lang();
    let reload = RwSignal::new(0);
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        reload.track();
        refresh_unread();
    });
    let navigate = use_navigate();
    let read_all = move |_| act("/notifications/read-all".into(), (), reload, failure);
    view! {
        <h1>{t(Msg::Notifications)}</h1>
        <p><button type="button" on:click=read_all>{t(Msg::MarkAllRead)}</button></p>
        <Failed failure/>
        {paged(reload, || "/notifications?limit=50".to_owned(), Msg::NoNotifications, move |n: Notification| {
            let navigate = navigate.clone();
            let unread = n.read_at.is_none();
            let tracking = n.details["tracking_id"].as_str().unwrap_or_default().to_owned();
            let kind = n.kind.clone();
            let open = move |_| {
                let (id, report) = (n.id, n.report_id);
                let navigate = navigate.clone();
                spawn_local(async move {
                    let _ = api::post::<_, serde_json::Value>(&format!("/notifications/{id}/read"), &()).await;
                    refresh_unread();
                    if let Some(report) = report {
                        navigate(&format!("/laporan/{report}"), Default::default());
                    }
                });
            };
            view! {
                <li class="card" class:unread=unread>
                    <button type="button" class="link" on:click=open>
                        {unread.then(|| view! { <span class="visually-hidden">{t(Msg::Unread)}</span> })}
                        {move || i18n::action(&kind, lang.get())} " " {tracking}
                    </button>
                    <p class="hint"><time datetime=n.created_at.to_rfc3339()>{move || format::date_time(n.created_at, lang.get(), WIB)}</time></p>
                </li>
            }
        })}
    }
}
