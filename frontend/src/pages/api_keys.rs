//! The admins' API keys (docs/INTEGRATION.md): create one for an integrator account — its
//! secret shown once, with a copy button —, list them, revoke one.

use crate::api;
use crate::contexts::{self, Tree};
use crate::fields::FieldErrors;
use crate::format::{self, WIB};
use crate::i18n::{self, Msg};
use crate::pages::account::TextField;
use crate::t;
use crate::widgets::{
    Choice, Failed, FieldError, Reload, SendButton, Sending, act, load, loaded, submit,
};
use lapor_types::integration::{ApiKey, ApiScope, NewApiKey};
use lapor_types::users::Role;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn ApiKeys(tree: Tree) -> impl IntoView {
    let lang = contexts::lang();
    let reload: Reload = RwSignal::new(0);
    let keys = load(reload, api::api_keys);
    let accounts = load(reload, api::users);
    // Account id → name, for the rows.
    let names = move || -> BTreeMap<i64, String> {
        accounts
            .get()
            .and_then(Result::ok)
            .map(|p| p.items.into_iter().map(|u| (u.id, u.name)).collect())
            .unwrap_or_default()
    };
    let integrators = move || {
        accounts
            .get()
            .and_then(Result::ok)
            .map(|p| {
                p.items
                    .into_iter()
                    .filter(|u| u.role == Role::Integrator && u.active)
                    .map(|u| (u.id.to_string(), format!("{} ({})", u.name, u.email)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (account, name, institution, through) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let scopes: Vec<(ApiScope, RwSignal<bool>)> = ApiScope::ALL
        .iter()
        .map(|s| (*s, RwSignal::new(*s == ApiScope::ReportsRead)))
        .collect();
    let chosen = scopes.clone();
    let secret = RwSignal::new(None::<String>);
    let errors = RwSignal::new(FieldErrors::new());
    let adding = Sending::default();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewApiKey {
            user_id: account.get().parse().unwrap_or_default(),
            name: name.get().trim().to_owned(),
            scopes: chosen
                .iter()
                .filter(|(_, on)| on.get())
                .map(|(s, _)| *s)
                .collect(),
            institution_id: institution.get().parse().ok(),
            // Through the chosen day in WIB: until the next midnight there.
            expires_at: format::input_date(&through.get())
                .and_then(|d| d.succ_opt())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| (t - chrono::Duration::seconds(WIB.0.into())).and_utc()),
        };
        let found = crate::fields::required(
            &[("user_id", &account.get()), ("name", &body.name)],
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
                let created = api::add_api_key(body).await?;
                secret.set(Some(created.secret.clone()));
                Ok(created)
            },
            move || name.set(String::new()),
        );
    };
    let revoking = Sending::default();
    let revoke = move |key: &ApiKey| {
        let (id, label) = (key.id, format!("{} ({})", key.name, key.prefix));
        move |_| {
            let ask = format!("{} {label}", Msg::ConfirmRevoke.text(lang.get()));
            if window().confirm_with_message(&ask).unwrap_or(false) {
                act(api::revoke_api_key(id), reload, revoking);
            }
        }
    };
    view! {
        <section aria-labelledby="api-keys">
            <h2 id="api-keys">{t(Msg::ApiKeys)}</h2>
            <p class="hint">{t(Msg::ApiKeysHint)}</p>
            {move || secret.get().map(|s| view! { <Secret secret=s notice=Msg::SecretOnce/> })}
            <Failed failure=revoking.failure/>
            {loaded(keys, move |page| view! {
                <ul class="rows">
                    {page.items.into_iter().map(|key| {
                        let owner = names().get(&key.user_id).cloned().unwrap_or_else(|| format!("#{}", key.user_id));
                        let scopes = key.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                        let (last_used, revoked) = (key.last_used_at, key.revoked_at);
                        let on_revoke = revoke(&key);
                        view! {
                            <li class="card">
                                <strong>{key.name.clone()}</strong> " · " <code>{key.prefix.clone()}"…"</code>
                                " · " {owner} " · " {scopes}
                                <p class="meta">
                                    {move || match last_used {
                                        Some(at) => format!("{}: {}", Msg::LastUsed.text(lang.get()), format::date_time(at, lang.get(), WIB)),
                                        None => Msg::NeverUsed.text(lang.get()).to_owned(),
                                    }}
                                </p>
                                {match revoked {
                                    Some(at) => view! {
                                        <p class="meta">{t(Msg::RevokedAt)} ": " {move || format::date_time(at, lang.get(), WIB)}</p>
                                    }.into_any(),
                                    None => view! {
                                        <button type="button" on:click=on_revoke disabled=revoking.busy>
                                            {t(Msg::Revoke)} <span class="visually-hidden">" " {key.name.clone()}</span>
                                        </button>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <details>
                <summary>{t(Msg::AddApiKey)}</summary>
                <form class="stack" on:submit=add novalidate>
                    <Choice label=Msg::KeyAccount name="user_id" chosen=account options=integrators/>
                    <FieldError errors name="user_id"/>
                    <TextField label=Msg::Name name="name" value=name errors/>
                    <fieldset class="checks">
                        <legend>{t(Msg::Scopes)}</legend>
                        {scopes.into_iter().map(|(scope, on)| view! {
                            <label class="check">
                                <input type="checkbox" name="scopes" value=scope.as_str()
                                    prop:checked=move || on.get()
                                    on:change=move |ev| on.set(event_target_checked(&ev))/>
                                " " {move || i18n::scope(scope, lang.get())} " " <code>{scope.as_str()}</code>
                            </label>
                        }).collect_view()}
                        <FieldError errors name="scopes"/>
                    </fieldset>
                    <Choice label=Msg::KeyInstitution name="institution_id" chosen=institution options=crate::pages::admin::institution_options(tree)/>
                    <FieldError errors name="institution_id"/>
                    <TextField label=Msg::ValidThrough name="expires_at" value=through errors kind="date" optional=true/>
                    <Failed failure=adding.failure/>
                    <SendButton sending=adding label=Msg::Add/>
                </form>
            </details>
        </section>
    }
}

/// A new secret (an API key's, a webhook's), shown once under its `notice`, with a button that
/// copies it.
#[component]
pub fn Secret(secret: String, notice: Msg) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = secret.clone();
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&text);
        leptos::task::spawn_local(async move {
            copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    };
    view! {
        <div class="notice" role="status">
            <p>{t(notice)}</p>
            <p><code class="secret">{secret}</code></p>
            <button type="button" on:click=copy>
                {move || t(if copied.get() { Msg::Copied } else { Msg::Copy })}
            </button>
        </div>
    }
}
