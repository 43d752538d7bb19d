//! Administration: the institution tree, accounts and roles, categories with the institution
//! their reports go to by default, holidays, and API keys. Admins see all five; coordinators
//! manage the accounts of their own subtree (the API scopes what each may list and change).

use crate::api;
use crate::contexts::{self, Tree};
use crate::fields::{self, FieldErrors};
use crate::i18n::{self, Msg};
use crate::pages::account::TextField;
use crate::pages::api_keys::ApiKeys;
use crate::pages::webhooks::Webhooks;
use crate::t;
use crate::widgets::{Choice, Failed, Reload, SendButton, Sending, act, load, loaded, submit};
use chrono::Datelike;
use lapor_types::reference::{
    CategoryPatch, Holiday, HolidayQuery, InstitutionKind, InstitutionPatch, NewCategory,
    NewInstitution,
};
use lapor_types::users::{NewUser, Role, User, UserPatch};
use leptos::prelude::*;

/// `(id, name)` options of the institution tree.
pub(super) fn institution_options(
    tree: Tree,
) -> impl Fn() -> Vec<(String, String)> + Send + Sync + 'static {
    move || {
        tree.get()
            .and_then(Result::ok)
            .map(|p| {
                p.items
                    .into_iter()
                    .map(|i| (i.id.to_string(), i.name))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The roles the signed-in user may give an account: every one for an admin; coordinators
/// and liaisons for a coordinator (the API holds the same rule).
fn assignable(me: Option<Role>) -> &'static [Role] {
    match me {
        Some(Role::Admin) => Role::ALL,
        _ => &[Role::Coordinator, Role::Liaison],
    }
}

/// An optional id from a choice.
fn chosen_id(value: &str) -> Option<i64> {
    value.parse().ok()
}

#[component]
pub fn Admin() -> impl IntoView {
    let me = contexts::me();
    let reload: Reload = RwSignal::new(0);
    let tree = contexts::edited_institutions(reload);
    view! {
        <h1>{t(Msg::Administration)}</h1>
        {move || match me.get().map(|u| u.role) {
            Some(Role::Admin) => view! {
                <Institutions tree reload/>
                <Users tree reload/>
                <Categories tree reload/>
                <Holidays/>
                <ApiKeys tree/>
                <Webhooks/>
            }.into_any(),
            Some(Role::Coordinator) => view! { <Users tree reload/> }.into_any(),
            _ => view! { <p class="hint">{t(Msg::NotFound)}</p> }.into_any(),
        }}
    }
}

#[component]
fn Institutions(tree: Tree, reload: Reload) -> impl IntoView {
    let lang = contexts::lang();
    let sending = Sending::default();
    // Turning an institution off stops reports from being routed to it: asked first.
    let toggle = move |id: i64, active: bool, name: &str| {
        let ask = if active {
            Msg::ConfirmActivateInstitution
        } else {
            Msg::ConfirmDeactivateInstitution
        };
        if !confirmed(&format!("{} {name}?", ask.text(lang.get_untracked()))) {
            return;
        }
        let body = InstitutionPatch {
            active: Some(active),
            ..InstitutionPatch::default()
        };
        act(api::change_institution(id, body), reload, sending);
    };
    let (code, name, region) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (kind, parent) = (
        RwSignal::new(InstitutionKind::Unit.as_str().to_owned()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(FieldErrors::new());
    let adding = Sending::default();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewInstitution {
            code: code.get().trim().to_owned(),
            name: name.get().trim().to_owned(),
            kind: InstitutionKind::parse(&kind.get()).unwrap_or(InstitutionKind::Unit),
            parent_id: chosen_id(&parent.get()),
            region_code: Some(region.get().trim().to_owned()).filter(|r| !r.is_empty()),
        };
        submit(
            fields::check(&body, lang.get()),
            body,
            errors,
            adding,
            reload,
            api::add_institution,
            move || {
                code.set(String::new());
                name.set(String::new());
                region.set(String::new());
            },
        );
    };
    let kinds = move || {
        InstitutionKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str().to_owned(),
                    i18n::institution_kind(*k, lang.get()).to_owned(),
                )
            })
            .collect()
    };
    view! {
        <section aria-labelledby="institutions">
            <h2 id="institutions">{t(Msg::Institutions)}</h2>
            <Failed failure=sending.failure/>
            {loaded(tree, move |page| {
                let depth = crate::pages::report::depths(&page.items);
                view! {
                    <ul class="rows tree">
                        {page.items.into_iter().map(|i| {
                            let indent = format!("margin-left: {}rem", depth.get(&i.id).copied().unwrap_or(0));
                            let (id, active, kind) = (i.id, i.active, i.kind);
                            let named = i.name.clone();
                            view! {
                                <li style=indent>
                                    <strong>{i.name.clone()}</strong> " "
                                    <span class="hint">{i.code} " · " {move || i18n::institution_kind(kind, lang.get())}</span> " "
                                    {(!active).then(|| view! { <span class="badge">{t(Msg::Inactive)}</span> })} " "
                                    <button type="button" on:click=move |_| toggle(id, !active, &named) disabled=sending.busy>
                                        {t(if active { Msg::Deactivate } else { Msg::Activate })}
                                        <span class="visually-hidden">" " {i.name}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
            <details>
                <summary>{t(Msg::AddInstitution)}</summary>
                <form class="stack" on:submit=add novalidate>
                    <TextField label=Msg::Code name="code" value=code errors/>
                    <TextField label=Msg::Name name="name" value=name errors/>
                    <Choice label=Msg::InstitutionKind name="kind" chosen=kind options=kinds/>
                    <Choice label=Msg::Parent name="parent" chosen=parent options=institution_options(tree)/>
                    <TextField label=Msg::RegionCodeOptional name="region_code" value=region errors optional=true/>
                    <Failed failure=adding.failure/>
                    <SendButton sending=adding label=Msg::Add/>
                </form>
            </details>
        </section>
    }
}

#[component]
fn Users(tree: Tree, reload: Reload) -> impl IntoView {
    let lang = contexts::lang();
    let me = contexts::me();
    let users = load(reload, api::users);
    let (name, email, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (role, institution) = (
        RwSignal::new(Role::Liaison.as_str().to_owned()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(FieldErrors::new());
    let adding = Sending::default();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewUser {
            name: name.get().trim().to_owned(),
            email: email.get().trim().to_owned(),
            phone: None,
            role: Role::parse(&role.get()).unwrap_or(Role::Liaison),
            institution_id: chosen_id(&institution.get()),
            password: password.get(),
        };
        let found = fields::account(&body.name, &body.email, &body.password, lang.get());
        submit(
            found,
            body,
            errors,
            adding,
            reload,
            api::add_user,
            move || {
                name.set(String::new());
                email.set(String::new());
                password.set(String::new());
            },
        );
    };
    let roles = move || i18n::role_options(assignable(me.get().map(|u| u.role)), lang.get());
    view! {
        <section aria-labelledby="users">
            <h2 id="users">{t(Msg::Users)}</h2>
            {loaded(users, move |page| view! {
                <ul class="rows">
                    {page.items.into_iter().map(|user| view! { <UserRow user tree reload/> }).collect_view()}
                </ul>
            })}
            <details>
                <summary>{t(Msg::AddUser)}</summary>
                <form class="stack" on:submit=add novalidate>
                    <TextField label=Msg::Name name="name" value=name errors/>
                    <TextField label=Msg::Email name="email" value=email errors kind="email"/>
                    <Choice label=Msg::Role name="role" chosen=role options=roles/>
                    <Choice label=Msg::Unit name="institution" chosen=institution options=institution_options(tree)/>
                    <TextField label=Msg::Password name="password" value=password errors kind="password" autocomplete="new-password"/>
                    <Failed failure=adding.failure/>
                    <SendButton sending=adding label=Msg::Add/>
                </form>
            </details>
        </section>
    }
}

/// One account: its role and unit, changed together and saved on request after a confirmation,
/// and its activation. A refusal shows in the row and puts the choices back as they are saved.
/// The signed-in user's own row offers nothing (no one locks themself out).
#[component]
fn UserRow(user: User, tree: Tree, reload: Reload) -> impl IntoView {
    let lang = contexts::lang();
    let me = contexts::me();
    let (id, active) = (user.id, user.active);
    let saved_role = user.role.as_str().to_owned();
    let saved_unit = user
        .institution_id
        .map(|i| i.to_string())
        .unwrap_or_default();
    let role = RwSignal::new(saved_role.clone());
    let unit = RwSignal::new(saved_unit.clone());
    let unit_missing = RwSignal::new(false);
    Effect::new(move |_| {
        unit.track();
        unit_missing.set(false);
    });
    let sending = Sending::default();
    let name = user.name.clone();
    let put_back = move || {
        role.set(saved_role.clone());
        unit.set(saved_unit.clone());
    };
    // A refusal leaves the choices as they are saved.
    Effect::new({
        let put_back = put_back.clone();
        move |_| {
            if sending.failure.get().is_some() {
                put_back();
            }
        }
    });
    let save = {
        let name = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(now) = Role::parse(&role.get()) else {
                return;
            };
            // The shared rule, before asking: the choices stay as chosen, to be completed.
            if now.needs_institution() && unit.get().is_empty() {
                unit_missing.set(true);
                return;
            }
            let unit_name = institution_options(tree)()
                .into_iter()
                .find(|(value, _)| *value == unit.get())
                .map_or_else(|| Msg::NoUnit.text(lang.get()).to_owned(), |(_, n)| n);
            let question = format!(
                "{} {} → {}, {}?",
                Msg::ConfirmRoleChange.text(lang.get()),
                name,
                i18n::role(now, lang.get()),
                unit_name
            );
            if !confirmed(&question) {
                put_back();
                return;
            }
            let body = UserPatch {
                role: (now != user.role).then_some(now),
                institution_id: Some(chosen_id(&unit.get())),
                ..UserPatch::default()
            };
            act(api::change_user(id, body), reload, sending);
        }
    };
    let toggle = {
        let name = name.clone();
        move |()| {
            let ask = if active {
                Msg::ConfirmDeactivate
            } else {
                Msg::ConfirmActivate
            };
            if confirmed(&format!("{} {name}?", ask.text(lang.get()))) {
                let body = UserPatch {
                    active: Some(!active),
                    ..UserPatch::default()
                };
                act(api::change_user(id, body), reload, sending);
            }
        }
    };
    let roles = move || i18n::role_options(assignable(me.get().map(|u| u.role)), lang.get());
    let myself = move || me.get().is_some_and(|u| u.id == id);
    let role_id = format!("role-{id}");
    view! {
        <li class="card">
            <strong>{user.name.clone()}</strong> " " <span class="hint">{user.email.clone()}</span>
            {(!active).then(|| view! { " " <span class="badge">{t(Msg::Inactive)}</span> })}
            {move || if myself() {
                view! { <p class="hint">{t(Msg::ThisIsYou)}</p> }.into_any()
            } else {
                view! {
                    <form class="row-form" on:submit=save.clone() aria-labelledby=role_id.clone()>
                        <span id=role_id.clone() class="visually-hidden">{name.clone()}</span>
                        <Choice label=Msg::Role name="role" chosen=role options=roles blank=None/>
                        <Choice label=Msg::Unit name="institution" chosen=unit options=institution_options(tree) blank=Some(Msg::NoUnit)/>
                        <SendButton sending label=Msg::Save plain=true/>
                    </form>
                    <p class="error" role="alert">{move || unit_missing.get().then(|| t(Msg::UnitNeeded))}</p>
                    <Failed failure=sending.failure before=Msg::NotSaved/>
                    <SendButton sending label=if active { Msg::Deactivate } else { Msg::Activate } plain=true click=toggle.clone()/>
                }.into_any()
            }}
        </li>
    }
}

/// The browser's own yes/no question.
fn confirmed(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

/// Runs `save` with a choice's new value whenever the user changes it (not when it first shows).
fn save_on_change(chosen: RwSignal<String>, save: impl Fn(String) + 'static) {
    Effect::new(move |previous: Option<String>| {
        let now = chosen.get();
        if previous.is_some_and(|p| p != now) {
            save(now.clone());
        }
        now
    });
}

#[component]
fn Categories(tree: Tree, reload: Reload) -> impl IntoView {
    let lang = contexts::lang();
    let categories = load(reload, api::categories);
    let sending = Sending::default();
    let name = RwSignal::new(String::new());
    let default_institution = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let adding = Sending::default();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewCategory {
            name: name.get().trim().to_owned(),
            parent_id: None,
            default_institution_id: chosen_id(&default_institution.get()),
        };
        submit(
            fields::check(&body, lang.get()),
            body,
            errors,
            adding,
            reload,
            api::add_category,
            move || name.set(String::new()),
        );
    };
    view! {
        <section aria-labelledby="categories">
            <h2 id="categories">{t(Msg::Categories)}</h2>
            <p class="hint">{t(Msg::CategoriesHint)}</p>
            <Failed failure=sending.failure/>
            {loaded(categories, move |page| view! {
                <ul class="rows">
                    {page.items.into_iter().map(|c| {
                        let id = c.id;
                        let chosen = RwSignal::new(c.default_institution_id.map(|i| i.to_string()).unwrap_or_default());
                        save_on_change(chosen, move |now| {
                            let body = CategoryPatch {
                                default_institution_id: Some(chosen_id(&now)),
                                ..CategoryPatch::default()
                            };
                            act(api::change_category(id, body), reload, sending);
                        });
                        view! {
                            <li class="card">
                                <strong>{c.name}</strong>
                                <Choice label=Msg::DefaultInstitution name="default_institution" chosen options=institution_options(tree)/>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <details>
                <summary>{t(Msg::AddCategory)}</summary>
                <form class="stack" on:submit=add novalidate>
                    <TextField label=Msg::Name name="name" value=name errors/>
                    <Choice label=Msg::DefaultInstitution name="default_institution" chosen=default_institution options=institution_options(tree)/>
                    <Failed failure=adding.failure/>
                    <SendButton sending=adding label=Msg::Add/>
                </form>
            </details>
        </section>
    }
}

#[component]
fn Holidays() -> impl IntoView {
    let reload: Reload = RwSignal::new(0);
    let year = RwSignal::new(crate::format::now().year().to_string());
    let holidays = load(reload, move || {
        api::holidays(HolidayQuery {
            year: year.get().parse().ok(),
            ..HolidayQuery::default()
        })
    });
    let sending = Sending::default();
    let (date, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = RwSignal::new(FieldErrors::new());
    let adding = Sending::default();
    let lang = contexts::lang();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Both fields at once: the date is checked here, the name by the shared rules.
        let day = crate::format::input_date(&date.get());
        let body = Holiday {
            date: day.unwrap_or_default(),
            name: name.get().trim().to_owned(),
        };
        let mut found = fields::check(&body, lang.get());
        if day.is_none() {
            found.insert("date".into(), Msg::Required.text(lang.get()).to_owned());
        }
        submit(
            found,
            body,
            errors,
            adding,
            reload,
            api::add_holiday,
            move || {
                date.set(String::new());
                name.set(String::new());
            },
        );
    };
    // Every deadline counted across the day moves: asked first.
    let remove = move |day: chrono::NaiveDate, label: &str| {
        let ask = format!(
            "{} {label}?",
            Msg::ConfirmRemoveHoliday.text(lang.get_untracked())
        );
        if confirmed(&ask) {
            act(api::remove_holiday(day), reload, sending);
        }
    };
    view! {
        <section aria-labelledby="holidays">
            <h2 id="holidays">{t(Msg::Holidays)}</h2>
            <p class="hint">{t(Msg::HolidaysHint)}</p>
            <label>{t(Msg::Year)}
                <input type="number" name="year" min="1900" max="2999" prop:value=move || year.get()
                    on:change=move |ev| year.set(event_target_value(&ev))/>
            </label>
            <Failed failure=sending.failure/>
            {loaded(holidays, move |page| view! {
                <ul class="rows">
                    {page.items.into_iter().map(|h| {
                        let date = h.date;
                        let day = date.to_string();
                        let label = format!("{} {}", day, h.name);
                        let asked = label.clone();
                        view! {
                            <li>
                                <time datetime=day.clone()>{day.clone()}</time> " " {h.name} " "
                                <button type="button" on:click=move |_| remove(date, &asked) disabled=sending.busy>
                                    {t(Msg::Remove)} <span class="visually-hidden">" " {label}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <details>
                <summary>{t(Msg::AddHoliday)}</summary>
                <form class="stack" on:submit=add novalidate>
                    <TextField label=Msg::Date name="date" value=date errors kind="date"/>
                    <TextField label=Msg::Name name="name" value=name errors/>
                    <Failed failure=adding.failure/>
                    <SendButton sending=adding label=Msg::Add/>
                </form>
            </details>
        </section>
    }
}
