//! Signing in and out, and who is signed in (shown in the header).

use crate::api::{self, Failure};
use crate::i18n::Msg;
use crate::session;
use crate::{lang, t};
use lapor_types::auth::{LoginRequest, RefreshRequest, TokenResponse};
use lapor_types::users::User;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// The signed-in user, shared by the header and the pages: provided once by the app, loaded
/// from the API when a session was kept.
pub fn provide_me() {
    let me = RwSignal::new(None::<User>);
    provide_context(me);
    if session::load().is_some() {
        spawn_local(async move {
            match api::get::<User>("/me").await {
                Ok(user) => me.set(Some(user)),
                Err(Failure::Problem(p)) if p.status == 401 => session::clear(),
                Err(_) => {}
            }
        });
    }
}

fn me() -> RwSignal<Option<User>> {
    use_context().unwrap_or_else(|| RwSignal::new(None))
}

/// The header's account corner: a sign-in link, or the name and a sign-out button.
#[component]
pub fn Account() -> impl IntoView {
    let me = me();
    let sign_out = move |_| {
        let refresh = session::load().map(|s| s.refresh_token);
        session::clear();
        me.set(None);
        if let Some(refresh_token) = refresh {
            spawn_local(async move {
                // Revoked server-side too; signed out here whatever the answer.
                let _ = api::post::<_, serde_json::Value>(
                    "/auth/logout",
                    &RefreshRequest { refresh_token },
                )
                .await;
            });
        }
    };
    view! {
        {move || match me.get() {
            Some(user) => view! {
                <span>{t(Msg::SignedInAs)} " " <strong>{user.name}</strong></span>
                <button type="button" on:click=sign_out>{t(Msg::SignOut)}</button>
            }.into_any(),
            None => view! { <A href="/masuk">{t(Msg::SignIn)}</A> }.into_any(),
        }}
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let me = me();
    let lang = lang();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if email.get().trim().is_empty() || password.get().is_empty() {
            error.set(Some(Msg::Required.text(lang.get()).to_owned()));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        let body = LoginRequest {
            email: email.get().trim().to_owned(),
            password: password.get(),
        };
        spawn_local(async move {
            let signed_in = match api::post::<_, TokenResponse>("/auth/login", &body).await {
                Ok(tokens) => {
                    session::store(&tokens);
                    api::get::<User>("/me").await
                }
                Err(e) => Err(e),
            };
            busy.set(false);
            match signed_in {
                Ok(user) => {
                    me.set(Some(user));
                    error.set(None);
                    navigate("/", Default::default());
                }
                Err(Failure::Problem(p)) if p.status == 401 => {
                    error.set(Some(Msg::SignInFailed.text(lang.get()).to_owned()))
                }
                Err(e) => error.set(Some(e.message(lang.get()))),
            }
        });
    };
    view! {
        <h1>{t(Msg::SignInHeading)}</h1>
        <form class="stack" on:submit=submit novalidate>
            <label>
                {t(Msg::Email)}
                <input type="email" name="email" autocomplete="username" required
                    aria-describedby="sign-in-error"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            </label>
            <label>
                {t(Msg::Password)}
                <input type="password" name="password" autocomplete="current-password" required
                    aria-describedby="sign-in-error"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            <p class="error" id="sign-in-error" role="alert">{move || error.get()}</p>
            <button class="primary" type="submit" disabled=move || busy.get()>{t(Msg::SignIn)}</button>
        </form>
    }
}
