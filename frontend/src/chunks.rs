//! The pages by the chunk of code they come in. The home page is in the main module; every other
//! page is in one of three chunks that `make web` cuts out of the build (`web-build/`, at these
//! `wasm_split` functions) and the browser fetches on the first visit to one of its pages: the
//! public and citizens' pages, the report page, the officers' pages. Three rather than one a page:
//! a chunk a page left 120 small shared pieces, 50 requests on a first visit (docs/WEB.md, Size).

use crate::i18n::Msg;
use crate::widgets::ForRoles;
use crate::{pages, t};
use lapor_types::users::Role;
use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::LazyRoute;

#[derive(Clone, Copy)]
enum Public {
    Track,
    SignIn,
    Register,
    ConfirmRegistration,
    ForgotPassword,
    NewPassword,
    FileReport,
    MyReports,
    Notifications,
    Feed,
    Published,
}

#[derive(Clone, Copy)]
enum Officer {
    Queue,
    Inbox,
    Dashboard,
    Admin,
}

#[wasm_split(public, wasm_split_path = ::leptos::wasm_split, fallible)]
fn public(page: Public) -> Result<AnyView, SplitLoaderError> {
    Ok(match page {
        Public::Track => pages::Track().into_any(),
        Public::SignIn => pages::SignIn().into_any(),
        Public::Register => pages::Register().into_any(),
        Public::ConfirmRegistration => pages::ConfirmRegistrationPage().into_any(),
        Public::ForgotPassword => pages::ForgotPassword().into_any(),
        Public::NewPassword => pages::NewPassword().into_any(),
        Public::FileReport => pages::FileReport().into_any(),
        Public::MyReports => pages::MyReports().into_any(),
        Public::Notifications => pages::Notifications().into_any(),
        Public::Feed => pages::Feed().into_any(),
        Public::Published => pages::Published().into_any(),
    })
}

#[wasm_split(report, wasm_split_path = ::leptos::wasm_split, fallible)]
fn report() -> Result<AnyView, SplitLoaderError> {
    Ok(pages::ReportPage().into_any())
}

#[wasm_split(officer, wasm_split_path = ::leptos::wasm_split, fallible)]
fn officer(page: Officer) -> Result<AnyView, SplitLoaderError> {
    use Role::*;
    Ok(match page {
        Officer::Queue => view! {
            <ForRoles roles=&[Coordinator, Admin]><pages::Queue/></ForRoles>
        }
        .into_any(),
        Officer::Inbox => view! {
            <ForRoles roles=&[Liaison, Coordinator, Admin]><pages::Inbox/></ForRoles>
        }
        .into_any(),
        Officer::Dashboard => view! {
            <ForRoles roles=&[Coordinator, Supervisor, Admin]><pages::Dashboard/></ForRoles>
        }
        .into_any(),
        Officer::Admin => pages::Admin().into_any(),
    })
}

/// A page, or — when its chunk could not be fetched (the connection dropped) — a message and a
/// way to try again; a later visit fetches it afresh.
fn shown(page: Result<AnyView, SplitLoaderError>) -> AnyView {
    page.unwrap_or_else(|_| {
        let reload = |_| {
            let _ = window().location().reload();
        };
        view! {
            <p class="error" role="alert">{t(Msg::PageNotLoaded)}</p>
            <button type="button" on:click=reload>{t(Msg::TryAgain)}</button>
        }
        .into_any()
    })
}

/// The router's handle of each page (`Lazy::<Feed>::new()`); the pages load their own data.
macro_rules! lazy_pages {
    ($($page:ident => $chunk:ident($($which:expr)?)),* $(,)?) => {$(
        pub struct $page;

        impl LazyRoute for $page {
            fn data() -> Self {
                $page
            }

            async fn view(_: Self) -> AnyView {
                shown($chunk($($which)?).await)
            }
        }
    )*};
}

lazy_pages!(
    Track => public(Public::Track),
    SignIn => public(Public::SignIn),
    Register => public(Public::Register),
    ConfirmRegistration => public(Public::ConfirmRegistration),
    ForgotPassword => public(Public::ForgotPassword),
    NewPassword => public(Public::NewPassword),
    FileReport => public(Public::FileReport),
    MyReports => public(Public::MyReports),
    Notifications => public(Public::Notifications),
    Feed => public(Public::Feed),
    Published => public(Public::Published),
    ReportPage => report(),
    Queue => officer(Officer::Queue),
    Inbox => officer(Officer::Inbox),
    Dashboard => officer(Officer::Dashboard),
    Admin => officer(Officer::Admin),
);
