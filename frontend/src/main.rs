//! The lapor web app: Leptos, rendered in the browser, talking to the API through the shared
//! wire types of `lapor-types`.

mod api;
mod chunks;
mod contexts;
mod fields;
mod format;
mod i18n;
mod map;
mod pages;
mod session;
mod widgets;

use i18n::Msg;
use lapor_types::users::Role;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{Lazy, path};

/// A message in the chosen language, following the switch.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy {
    let lang = contexts::lang();
    move || msg.text(lang.get())
}

#[component]
fn App() -> impl IntoView {
    contexts::provide_all();
    let lang = contexts::lang();
    // The page's language follows the switch (screen readers pronounce by it).
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.get().code());
        }
    });
    // True while a page's chunk is fetched on a first visit by a link: the old page stays until
    // then, under a spinner. A page opened by its address has none to keep: `main:empty` in
    // style.css shows the spinner and `data-loading` then.
    let routing = RwSignal::new(false);
    view! {
        <Router set_is_routing=routing>
            <a class="visually-hidden" href="#main">{t(Msg::SkipToContent)}</a>
            <Header/>
            <main id="main" tabindex="-1" data-loading=t(Msg::Loading)>
                {move || routing.get().then(widgets::spinner)}
                <Routes fallback=|| view! { <p>{t(Msg::PageNotFound)}</p> }>
                    <Route path=path!("/") view=pages::Home/>
                    <Route path=path!("/lacak/:id") view={Lazy::<chunks::Track>::new()}/>
                    <Route path=path!("/masuk") view={Lazy::<chunks::SignIn>::new()}/>
                    <Route path=path!("/daftar") view={Lazy::<chunks::Register>::new()}/>
                    <Route path=path!("/daftar/konfirmasi") view={Lazy::<chunks::ConfirmRegistration>::new()}/>
                    <Route path=path!("/sandi") view={Lazy::<chunks::ForgotPassword>::new()}/>
                    <Route path=path!("/sandi/baru") view={Lazy::<chunks::NewPassword>::new()}/>
                    <Route path=path!("/lapor") view={Lazy::<chunks::FileReport>::new()}/>
                    <Route path=path!("/laporan-saya") view={Lazy::<chunks::MyReports>::new()}/>
                    <Route path=path!("/laporan/:id") view={Lazy::<chunks::ReportPage>::new()}/>
                    <Route path=path!("/antrian") view={Lazy::<chunks::Queue>::new()}/>
                    <Route path=path!("/kotak-masuk") view={Lazy::<chunks::Inbox>::new()}/>
                    <Route path=path!("/dasbor") view={Lazy::<chunks::Dashboard>::new()}/>
                    <Route path=path!("/notifikasi") view={Lazy::<chunks::Notifications>::new()}/>
                    <Route path=path!("/publik") view={Lazy::<chunks::Feed>::new()}/>
                    <Route path=path!("/publik/:id") view={Lazy::<chunks::Published>::new()}/>
                    <Route path=path!("/admin") view={Lazy::<chunks::Admin>::new()}/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = contexts::lang();
    let switch = move |_| {
        let next = lang.get().other();
        session::set_lang(next.code());
        lang.set(next);
    };
    // On a phone the menu folds behind a button (style.css), so the header is one row and every
    // item stays reachable; following one of its links folds it again.
    let open = RwSignal::new(false);
    let followed = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a").ok().flatten());
        if link.is_some() {
            open.set(false);
        }
    };
    // It folds on Escape (the keyboard back on its button) and on a tap outside the header, as
    // menus do.
    let toggle = NodeRef::<leptos::html::Button>::new();
    let header = NodeRef::<leptos::html::Header>::new();
    window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = toggle.get_untracked() {
                let _ = button.focus();
            }
        }
    });
    window_event_listener(leptos::ev::click, move |ev| {
        use wasm_bindgen::JsCast;
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = header
            .get_untracked()
            .is_some_and(|h| h.contains(target.as_ref()));
        if open.get_untracked() && !inside {
            open.set(false);
        }
    });
    let unread = contexts::unread();
    let signed_in = move || contexts::me().with(Option::is_some);
    view! {
        <header class="top" node_ref=header>
            <A href="/" attr:class="brand">"LAPOR!"</A>
            // Outside the menu: the language is chosen before anything else is read.
            // Named in the language it switches to; only its code shows (ID, EN), the name still
            // read out, so the header stays one row in either language.
            <button type="button" class="lang" on:click=switch lang=move || lang.get().other().code()>
                <span class="long">{t(Msg::SwitchLanguage)}</span>
                <span class="short">{move || lang.get().other().code().to_uppercase()}</span>
            </button>
            <button type="button" class="menu-toggle" aria-controls="site-menu" node_ref=toggle
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {t(Msg::MenuButton)}
                {move || (signed_in() && unread.get() > 0).then(|| view! {
                    " " <span class="count">{unread.get()}</span>
                    <span class="visually-hidden">" " {t(Msg::UnreadCount)}</span>
                })}
            </button>
            <nav id="site-menu" aria-label="Menu" class:open=move || open.get() on:click=followed>
                <A href="/">{t(Msg::Home)}</A>
                <A href="/publik">{t(Msg::FeedHeading)}</A>
                <Menu/>
                <pages::Account/>
            </nav>
        </header>
    }
}

/// The signed-in user's places, by role, and their unread notifications.
#[component]
fn Menu() -> impl IntoView {
    let me = contexts::me();
    let unread = contexts::unread();
    Effect::new(move |_| {
        if me.with(Option::is_some) {
            contexts::refresh_unread(unread);
        }
    });
    move || {
        let role = me.get()?.role;
        let places: &[(&str, Msg)] = match role {
            Role::Reporter => &[("/laporan-saya", Msg::MyReports)],
            Role::Coordinator | Role::Admin => &[
                ("/antrian", Msg::Queue),
                ("/dasbor", Msg::Dashboard),
                ("/admin", Msg::Administration),
            ],
            Role::Liaison => &[("/kotak-masuk", Msg::Inbox)],
            Role::Supervisor => &[("/dasbor", Msg::Dashboard)],
            Role::Integrator => &[],
        };
        Some(view! {
            {places.iter().map(|&(href, label)| view! { <A href=href>{t(label)}</A> }).collect_view()}
            <A href="/notifikasi">
                {t(Msg::Notifications)}
                {move || (unread.get() > 0).then(|| view! { " " <span class="count">{unread.get()}</span> })}
            </A>
        })
    }
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
