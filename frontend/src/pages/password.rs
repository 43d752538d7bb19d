//! A forgotten password: asking for a link by email, and choosing a new password with it.

use crate::api::{self, Failure};
use crate::contexts;
use crate::i18n::Msg;
use crate::pages::account::link_token;
use crate::t;
use lapor_types::auth::{PasswordReset, PasswordResetRequest};
use lapor_types::problem::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// Asks for a link to choose a new password. The answer is the same whether or not the
/// address has an account.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let lang = contexts::lang();
    let email = RwSignal::new(String::new());
    let note = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if email.get().trim().is_empty() {
            error.set(Some(Msg::Required.text(lang.get()).to_owned()));
            return;
        }
        busy.set(true);
        let body = PasswordResetRequest {
            email: email.get().trim().to_owned(),
        };
        spawn_local(async move {
            let asked = api::request_password_reset(body).await;
            busy.set(false);
            match asked {
                Ok(_) => {
                    error.set(None);
                    note.set(Some(Msg::ResetLinkSent.text(lang.get()).to_owned()));
                }
                Err(Failure::Problem(p)) if p.code == ErrorCode::NoEmail => {
                    error.set(Some(Msg::NoEmailHere.text(lang.get()).to_owned()))
                }
                Err(e) => error.set(Some(e.message(lang.get()))),
            }
        });
    };
    view! {
        <h1>{t(Msg::ForgotHeading)}</h1>
        <p>{t(Msg::ForgotHint)}</p>
        <form class="stack" on:submit=submit novalidate>
            <label>
                {t(Msg::Email)}
                <input type="email" name="email" autocomplete="username" required
                    aria-describedby="forgot-error"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            </label>
            <p class="error" id="forgot-error" role="alert">{move || error.get()}</p>
            <p role="status">{move || note.get()}</p>
            <button class="primary" type="submit" disabled=move || busy.get()>{t(Msg::SendLink)}</button>
        </form>
    }
}

/// Chooses a new password with an emailed link; every session of the account ends.
#[component]
pub fn NewPassword() -> impl IntoView {
    let lang = contexts::lang();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = PasswordReset {
            token: link_token(),
            new_password: password.get(),
        };
        let found = crate::fields::check(&body, lang.get());
        if let Some(problem) = found.get("new_password") {
            error.set(Some(problem.clone()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let changed = api::reset_password(body).await;
            busy.set(false);
            match changed {
                Ok(()) => done.set(true),
                Err(Failure::Problem(p)) if p.status == 404 => {
                    error.set(Some(Msg::LinkInvalid.text(lang.get()).to_owned()))
                }
                Err(e) => error.set(Some(e.message(lang.get()))),
            }
        });
    };
    view! {
        <h1>{t(Msg::NewPasswordHeading)}</h1>
        <Show when=move || done.get()>
            <p role="status">{t(Msg::PasswordChanged)} " " <A href="/masuk">{t(Msg::SignIn)}</A></p>
        </Show>
        <form class="stack" on:submit=submit novalidate hidden=move || done.get()>
            <label>
                {t(Msg::NewPassword)}
                <input type="password" name="new_password" autocomplete="new-password" required
                    aria-describedby="new-password-error"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            <p class="error" id="new-password-error" role="alert">{move || error.get()}</p>
            <button class="primary" type="submit" disabled=move || busy.get()>{t(Msg::Finish)}</button>
        </form>
    }
}
