//! Signing in and out, and who is signed in (shown in the header).

use crate::api::{self, Failure, Registered};
use crate::contexts;
use crate::fields::{self, FieldErrors};
use crate::i18n::Msg;
use crate::session;
use crate::t;
use crate::widgets::{Counter, FieldError, described, mark, required_mark};
use lapor_types::auth::{ConfirmRegistration, LoginRequest, RefreshRequest, RegisterRequest};
use lapor_types::users::{Role, User};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// The header's account corner: a sign-in link, or the name and a sign-out button.
#[component]
pub fn Account() -> impl IntoView {
    let me = contexts::me();
    let sign_out = move |_| {
        let refresh = session::load().map(|s| s.refresh_token);
        session::sign_out();
        me.set(None);
        spawn_local(async move {
            if let Some(refresh_token) = refresh {
                // Revoked server-side too; signed out here whatever the answer.
                let _ = api::logout(RefreshRequest { refresh_token }).await;
            }
            // Nothing of what was on screen stays (a shared phone): a fresh home page.
            let _ = window().location().assign("/");
        });
    };
    view! {
        {move || match me.get() {
            Some(user) => view! {
                // A long name is cut short in the header (whole in its title); "Signed in as"
                // is read out, not shown, on a wide screen, so the header stays one row.
                <span class="who" title=user.name.clone()>
                    <span class="who-label">{t(Msg::SignedInAs)} " "</span><strong>{user.name.clone()}</strong>
                </span>
                <button type="button" on:click=sign_out>{t(Msg::SignOut)}</button>
            }.into_any(),
            None => view! {
                <A href="/masuk">{t(Msg::SignIn)}</A>
                <A href="/daftar">{t(Msg::Register)}</A>
            }.into_any(),
        }}
    }
}

/// Where to go after signing in: the page that sent the user here (`?kembali=`, a path of this
/// app only), else the role's own start page — the queue, the inbox, the dashboard — or home.
fn back_to(query: &leptos_router::params::ParamsMap, role: Role) -> String {
    let start = match role {
        Role::Coordinator | Role::Admin => "/antrian",
        Role::Liaison => "/kotak-masuk",
        Role::Supervisor => "/dasbor",
        Role::Reporter | Role::Integrator => "/",
    };
    query
        .get("kembali")
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| start.to_owned())
}

#[component]
pub fn SignIn() -> impl IntoView {
    let me = contexts::me();
    let lang = contexts::lang();
    let query = leptos_router::hooks::use_query_map();
    let ended = query.with_untracked(|q| q.get("sesi").as_deref() == Some("berakhir"));
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
            let signed_in = sign_in(body).await;
            busy.set(false);
            match signed_in {
                Ok(user) => {
                    let to = query.with_untracked(|q| back_to(q, user.role));
                    me.set(Some(user));
                    error.set(None);
                    navigate(&to, Default::default());
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
        <Show when=move || ended>
            <p role="status">{t(Msg::SessionEnded)}</p>
        </Show>
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
        <p><A href="/sandi">{t(Msg::ForgotPassword)}</A></p>
    }
}

/// The token of an emailed link: after `#`, so it never reaches a server log.
pub fn link_token() -> String {
    window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// Finishes a registration from its emailed link: the password chosen when registering
/// creates the account and signs in.
#[component]
pub fn ConfirmRegistrationPage() -> impl IntoView {
    let me = contexts::me();
    let lang = contexts::lang();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if password.get().is_empty() {
            error.set(Some(Msg::Required.text(lang.get()).to_owned()));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        let body = ConfirmRegistration {
            token: link_token(),
            password: password.get(),
        };
        spawn_local(async move {
            let confirmed = async {
                let tokens = api::confirm_registration(body).await?;
                session::store(&tokens);
                api::me().await
            }
            .await;
            busy.set(false);
            match confirmed {
                Ok(user) => {
                    me.set(Some(user));
                    navigate("/lapor", Default::default());
                }
                Err(Failure::Problem(p)) if p.status == 401 => {
                    error.set(Some(Msg::NotThePasswordChosen.text(lang.get()).to_owned()))
                }
                Err(Failure::Problem(p)) if p.status == 404 => {
                    error.set(Some(Msg::LinkInvalid.text(lang.get()).to_owned()))
                }
                Err(e) => error.set(Some(e.message(lang.get()))),
            }
        });
    };
    view! {
        <h1>{t(Msg::ConfirmHeading)}</h1>
        <p>{t(Msg::ConfirmHint)}</p>
        <form class="stack" on:submit=submit novalidate>
            <label>
                {t(Msg::Password)}
                <input type="password" name="password" autocomplete="current-password" required
                    aria-describedby="confirm-error"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            <p class="error" id="confirm-error" role="alert">{move || error.get()}</p>
            <button class="primary" type="submit" disabled=move || busy.get()>{t(Msg::Finish)}</button>
        </form>
    }
}

/// A labelled input bound to `value`, with its error beside it.
#[component]
pub fn TextField(
    label: Msg,
    name: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] optional: bool,
    #[prop(optional)] max: Option<usize>,
) -> impl IntoView {
    let (invalid, by) = described(errors, name, max);
    view! {
        // The counter and the error beside the label, not in it: they are read as the field's
        // description, not as its name.
        <div class="field">
            <label><span>{t(label)} {required_mark(!optional)}</span>
                <input type=kind name=name autocomplete=autocomplete required=!optional
                    aria-invalid=invalid aria-describedby=by
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
            {max.map(|max| view! { <Counter name value max/> })}
            <FieldError errors name/>
        </div>
    }
}

/// Signs in with `body` and loads who that is.
async fn sign_in(body: LoginRequest) -> Result<User, Failure> {
    let tokens = api::login(body).await?;
    session::store(&tokens);
    api::me().await
}

#[component]
pub fn Register() -> impl IntoView {
    let me = contexts::me();
    let lang = contexts::lang();
    let (name, email, phone, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let sent_to = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let phone = phone.get().trim().to_owned();
        let body = RegisterRequest {
            name: name.get().trim().to_owned(),
            email: email.get().trim().to_owned(),
            phone: (!phone.is_empty()).then_some(phone),
            password: password.get(),
        };
        let found = fields::account(&body.name, &body.email, &body.password, lang.get());
        if mark(errors, found) {
            failure.set(Some(Msg::FixFields.text(lang.get()).to_owned()));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let login = LoginRequest {
                email: body.email.clone(),
                password: body.password.clone(),
            };
            let signed_in = match api::register(body).await {
                Ok(Registered::Sent(sent)) => {
                    busy.set(false);
                    sent_to.set(Some(sent.sent_to));
                    return;
                }
                Ok(Registered::Created(_)) => sign_in(login).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            match signed_in {
                Ok(user) => {
                    me.set(Some(user));
                    navigate("/lapor", Default::default());
                }
                Err(Failure::Problem(p)) if !p.errors.is_empty() => {
                    mark(errors, fields::from_problem(&p, lang.get_untracked()));
                    failure.set(Some(Msg::FixFields.text(lang.get()).to_owned()));
                }
                Err(e) => failure.set(Some(e.message(lang.get()))),
            }
        });
    };
    view! {
        <h1>{t(Msg::RegisterHeading)}</h1>
        <Show when=move || sent_to.get().is_some()>
            <p role="status">
                {t(Msg::LinkSentTo)} " " <strong>{move || sent_to.get()}</strong> ". "
                {t(Msg::OpenTheLink)}
            </p>
        </Show>
        <form class="stack" on:submit=submit novalidate hidden=move || sent_to.get().is_some()>
            <TextField label=Msg::Name name="name" value=name errors autocomplete="name"/>
            <TextField label=Msg::Email name="email" value=email errors kind="email" autocomplete="email"/>
            <TextField label=Msg::PhoneOptional name="phone" value=phone errors kind="tel" autocomplete="tel" optional=true/>
            <TextField label=Msg::Password name="password" value=password errors kind="password" autocomplete="new-password"/>
            <p class="error" role="alert">{move || failure.get()}</p>
            <button class="primary" type="submit" disabled=move || busy.get()>{t(Msg::Register)}</button>
        </form>
    }
}
