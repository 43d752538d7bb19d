//! Notifications: what changed on the reports a user files or handles. Opening one marks it
//! read; the header shows how many are unread.

use crate::api;
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::widgets::{Failed, SendButton, Sending, act, paged};
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

/// Loads the unread count into `unread` again. (The signal is taken where the page is built: in
/// a click's task there is no context to find it in.)
pub fn refresh_unread(unread: RwSignal<i64>) {
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
    let sending = Sending::default();
    let count = unread();
    Effect::new(move |_| {
        reload.track();
        refresh_unread(count);
    });
    let navigate = use_navigate();
    let read_all = move |()| act("/notifications/read-all".into(), (), reload, sending);
    view! {
        <h1>{t(Msg::Notifications)}</h1>
        <p><SendButton sending label=Msg::MarkAllRead plain=true click=read_all/></p>
        <Failed failure=sending.failure/>
        {paged(reload, || "/notifications?limit=50".to_owned(), Msg::NoNotifications, move |n: Notification| {
            let navigate = navigate.clone();
            let unread = n.read_at.is_none();
            let tracking = n.details["tracking_id"].as_str().unwrap_or_default().to_owned();
            let kind = n.kind;
            let open = move |_| {
                let (id, report) = (n.id, n.report_id);
                let navigate = navigate.clone();
                spawn_local(async move {
                    let _ = api::post::<_, serde_json::Value>(&format!("/notifications/{id}/read"), &()).await;
                    refresh_unread(count);
                    if let Some(report) = report {
                        navigate(&format!("/laporan/{report}"), Default::default());
                    }
                });
            };
            view! {
                <li class="card" class:unread=unread>
                    <button type="button" class="link" on:click=open>
                        {unread.then(|| view! { <span class="visually-hidden">{t(Msg::Unread)}</span> })}
                        {move || i18n::action(kind, lang.get())} " " {tracking}
                    </button>
                    <p class="hint"><time datetime=n.created_at.to_rfc3339()>{move || format::date_time(n.created_at, lang.get(), WIB)}</time></p>
                </li>
            }
        })}
    }
}
