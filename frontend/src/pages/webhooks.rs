//! The admins' webhooks (docs/INTEGRATION.md, Webhooks): make one for an account — its signing
//! secret shown once —, list them with their state, turn one off or on, rotate its secret,
//! delete it, and read its deliveries and attempts, sending one again.

use crate::api;
use crate::contexts;
use crate::fields::FieldErrors;
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::pages::account::TextField;
use crate::pages::api_keys::Secret;
use crate::t;
use crate::widgets::{
    Choice, Failed, FieldError, Reload, SendButton, Sending, act, load, loaded, submit,
};
use lapor_types::integration::{
    NewWebhook, Webhook, WebhookChanges, WebhookDelivery, WebhookDisabled,
};
use lapor_types::reports::EventKind;
use lapor_types::users::Role;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn Webhooks() -> impl IntoView {
    let lang = contexts::lang();
    let reload: Reload = RwSignal::new(0);
    let hooks = load(reload, api::webhooks);
    let accounts = load(reload, api::users);
    let names = move || -> BTreeMap<i64, String> {
        accounts
            .get()
            .and_then(Result::ok)
            .map(|p| p.items.into_iter().map(|u| (u.id, u.name)).collect())
            .unwrap_or_default()
    };
    // The accounts a webhook may follow: those that may hold API keys, each with its role (an
    // officer's webhook sees what the officer sees).
    let owners = move || {
        accounts
            .get()
            .and_then(Result::ok)
            .map(|p| {
                p.items
                    .into_iter()
                    .filter(|u| {
                        u.active
                            && matches!(
                                u.role,
                                Role::Integrator
                                    | Role::Supervisor
                                    | Role::Liaison
                                    | Role::Coordinator
                            )
                    })
                    .map(|u| {
                        let role = i18n::role(u.role, lang.get());
                        (
                            u.id.to_string(),
                            format!("{} ({}) · {role}", u.name, u.email),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (account, url) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let kinds: Vec<(EventKind, RwSignal<bool>)> = EventKind::ALL
        .iter()
        .filter(|k| **k != EventKind::DeadlineApproaching)
        .map(|k| (*k, RwSignal::new(false)))
        .collect();
    let chosen = kinds.clone();
    let secret = RwSignal::new(None::<String>);
    let errors = RwSignal::new(FieldErrors::new());
    let adding = Sending::default();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewWebhook {
            user_id: account.get().parse().ok(),
            url: url.get().trim().to_owned(),
            kinds: chosen
                .iter()
                .filter(|(_, on)| on.get())
                .map(|(k, _)| *k)
                .collect(),
        };
        let found = crate::fields::required(
            &[("user_id", &account.get()), ("url", &body.url)],
            lang.get(),
        );
        secret.set(None);
        submit(
            found,
            body,
            errors,
            adding,
            reload,
            move |body| async move {
                let created = api::add_webhook(body).await?;
                secret.set(Some(created.secret.clone()));
                Ok(created)
            },
            move || url.set(String::new()),
        );
    };
    let acting = Sending::default();
    view! {
        <section aria-labelledby="webhooks">
            <h2 id="webhooks">{t(Msg::Webhooks)}</h2>
            <p class="hint">{t(Msg::WebhooksHint)}</p>
            {move || secret.get().map(|s| view! { <Secret secret=s notice=Msg::WebhookSecretOnce/> })}
            <Failed failure=acting.failure/>
            {loaded(hooks, move |page| view! {
                <ul class="rows">
                    {page.items.into_iter().map(|hook| {
                        let owner = names().get(&hook.user_id).cloned().unwrap_or_else(|| format!("#{}", hook.user_id));
                        view! { <Hook hook owner reload acting secret/> }
                    }).collect_view()}
                </ul>
            })}
            <details>
                <summary>{t(Msg::AddWebhook)}</summary>
                <form class="stack" on:submit=add novalidate>
                    <Choice label=Msg::WebhookAccount name="user_id" chosen=account options=owners/>
                    <FieldError errors name="user_id"/>
                    <TextField label=Msg::WebhookUrl name="url" value=url errors kind="url"/>
                    <fieldset class="checks">
                        <legend>{t(Msg::WebhookKinds)}</legend>
                        {kinds.into_iter().map(|(kind, on)| view! {
                            <label class="check">
                                <input type="checkbox" name="kinds" value=kind.as_str()
                                    prop:checked=move || on.get()
                                    on:change=move |ev| on.set(event_target_checked(&ev))/>
                                " " {move || i18n::action(kind, lang.get())}
                            </label>
                        }).collect_view()}
                        <FieldError errors name="kinds"/>
                    </fieldset>
                    <Failed failure=adding.failure/>
                    <SendButton sending=adding label=Msg::Add/>
                </form>
            </details>
        </section>
    }
}

/// One webhook: its state, its actions, and its deliveries on demand.
#[component]
fn Hook(
    hook: Webhook,
    owner: String,
    reload: Reload,
    acting: Sending,
    secret: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = contexts::lang();
    let id = hook.id;
    let kinds = if hook.kinds.is_empty() {
        None
    } else {
        Some(hook.kinds.clone())
    };
    let toggle = move |active: bool| {
        move |_| {
            let body = WebhookChanges {
                active: Some(active),
                ..WebhookChanges::default()
            };
            act(api::change_webhook(id, body), reload, acting);
        }
    };
    let rotate = move |_| {
        if window()
            .confirm_with_message(Msg::ConfirmRotate.text(lang.get()))
            .unwrap_or(false)
        {
            act(
                async move {
                    let rotated = api::rotate_webhook_secret(id).await?;
                    secret.set(Some(rotated.secret));
                    Ok(())
                },
                reload,
                acting,
            );
        }
    };
    let url = hook.url.clone();
    let remove = move |_| {
        let ask = format!("{} {url}", Msg::ConfirmDeleteWebhook.text(lang.get()));
        if window().confirm_with_message(&ask).unwrap_or(false) {
            act(api::delete_webhook(id), reload, acting);
        }
    };
    let state = move || match (hook.active, hook.disabled_reason) {
        (true, _) => Msg::WebhookOn.text(lang.get()),
        (false, Some(WebhookDisabled::Gone)) => Msg::WebhookGone.text(lang.get()),
        (false, Some(WebhookDisabled::Failing)) => Msg::WebhookFailing.text(lang.get()),
        (false, None) => Msg::WebhookOff.text(lang.get()),
    };
    let failing = hook.failing_since;
    let shown = RwSignal::new(false);
    view! {
        <li class="card">
            <code class="wrap">{hook.url.clone()}</code> " · " {owner}
            <p class="meta">
                <span>{state}</span>
                {move || failing.map(|at| format!(" · {}: {}", Msg::FailingSince.text(lang.get()), format::date_time(at, lang.get(), WIB)))}
                " · "
                <span>{move || match &kinds {
                    None => Msg::AllKinds.text(lang.get()).to_owned(),
                    Some(kinds) => kinds.iter().map(|k| i18n::action(*k, lang.get())).collect::<Vec<_>>().join(", "),
                }}</span>
            </p>
            <div class="actions">
                {if hook.active {
                    view! { <button type="button" on:click=toggle(false) disabled=acting.busy>{t(Msg::TurnOff)}</button> }.into_any()
                } else {
                    view! { <button type="button" on:click=toggle(true) disabled=acting.busy>{t(Msg::TurnOn)}</button> }.into_any()
                }}
                <button type="button" on:click=rotate disabled=acting.busy>{t(Msg::RotateSecret)}</button>
                <button type="button" on:click=remove disabled=acting.busy>{t(Msg::Remove)}</button>
                <button type="button" aria-expanded=move || shown.get().to_string()
                    on:click=move |_| shown.update(|s| *s = !*s)>{t(Msg::Deliveries)}</button>
            </div>
            {move || shown.get().then(|| view! { <Deliveries id/> })}
        </li>
    }
}

/// A webhook's deliveries, newest first, with their latest attempt; each may be sent again.
#[component]
fn Deliveries(id: i64) -> impl IntoView {
    let reload: Reload = RwSignal::new(0);
    let deliveries = load(reload, move || api::webhook_deliveries(id));
    let sending = Sending::default();
    view! {
        <Failed failure=sending.failure/>
        {loaded(deliveries, move |page| {
            if page.items.is_empty() {
                return view! { <p class="hint">{t(Msg::NoDeliveries)}</p> }.into_any();
            }
            view! {
                <ul class="rows">
                    {page.items.into_iter().map(|d| view! { <Delivery d id reload sending/> }).collect_view()}
                </ul>
            }.into_any()
        })}
        <button type="button" on:click=move |_| reload.update(|n| *n += 1)>
            {t(Msg::Refresh)}
        </button>
    }
}

#[component]
fn Delivery(d: WebhookDelivery, id: i64, reload: Reload, sending: Sending) -> impl IntoView {
    let lang = contexts::lang();
    let delivery = d.id;
    let last = d.recent_attempts.first().cloned();
    let (delivered, next) = (d.delivered_at, d.next_attempt_at);
    view! {
        <li>
            {move || i18n::action(d.kind, lang.get())} " · "
            <a href=format!("/laporan/{}", d.report_id)>{format!("#{}", d.report_id)}</a> " · "
            {move || match (delivered, next) {
                (Some(at), _) => format!("{} {}", Msg::Delivered.text(lang.get()), format::date_time(at, lang.get(), WIB)),
                // Never tried yet: it waits for a sender, whatever time it was due.
                (None, Some(_)) if d.attempts == 0 => Msg::WaitingToSend.text(lang.get()).to_owned(),
                (None, Some(at)) => format!("{} {}", Msg::NextAttempt.text(lang.get()), format::date_time(at, lang.get(), WIB)),
                (None, None) => String::new(),
            }}
            " · " {move || format!("{} {}", d.attempts, Msg::Attempts.text(lang.get()))}
            {last.map(|a| view! {
                <span class="meta">
                    " · " {format!("{} ms", a.latency_ms)}
                    {a.failure.map(|f| view! {
                        " · " <span class="late">{move || i18n::attempt_failure(f, a.status, lang.get())}</span>
                    })}
                </span>
                // The technical words, for whoever runs the receiver.
                {a.error.map(|e| view! {
                    <details class="inline">
                        <summary>{t(Msg::TechnicalDetail)}</summary>
                        <code class="wrap" lang="en">{e}</code>
                    </details>
                })}
            })}
            " "
            <button type="button" disabled=sending.busy
                on:click=move |_| act(api::redeliver(id, delivery), reload, sending)>
                {t(Msg::Redeliver)}
            </button>
        </li>
    }
}
