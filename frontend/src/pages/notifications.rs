//! Notifications: what changed on the reports a user files or handles. Opening one marks it
//! read; the header shows how many are unread.

use crate::api;
use crate::contexts::{self, refresh_unread};
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::t;
use crate::widgets::{Failed, SendButton, Sending, act, paged};
use lapor_types::notifications::{Notification, NotificationQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Notifications() -> impl IntoView {
    let lang = contexts::lang();
    let reload = RwSignal::new(0);
    let sending = Sending::default();
    let count = contexts::unread();
    Effect::new(move |_| {
        reload.track();
        refresh_unread(count);
    });
    let navigate = use_navigate();
    let read_all = move |()| act(api::mark_all_read(), reload, sending);
    let list = || {
        api::notifications(NotificationQuery {
            limit: Some(50),
            ..NotificationQuery::default()
        })
    };
    view! {
        <h1>{t(Msg::Notifications)}</h1>
        <p><SendButton sending label=Msg::MarkAllRead plain=true click=read_all/></p>
        <Failed failure=sending.failure/>
        {paged(reload, list, Msg::NoNotifications, move |n: Notification| {
            let navigate = navigate.clone();
            let unread = n.read_at.is_none();
            let tracking = n.details["tracking_id"].as_str().unwrap_or_default().to_owned();
            let kind = n.kind;
            let open = move |_| {
                let (id, report) = (n.id, n.report_id);
                let navigate = navigate.clone();
                spawn_local(async move {
                    let _ = api::mark_read(id).await;
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
