//! What the whole app shares — the language, who is signed in, the unread count, the institution
//! tree — provided once at its root (`provide_all`) and read anywhere by one function each.
//! Read where a component is built: in a click's task there is no context to find it in.

use crate::api::{self, Failure};
use crate::i18n::Lang;
use crate::session;
use crate::widgets::{Reload, load};
use lapor_types::Page;
use lapor_types::reference::Institution;
use lapor_types::users::User;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The institution tree as it loads.
pub type Tree = LocalResource<Result<Page<Institution>, Failure>>;

/// All of it in one context, which nothing else provides.
#[derive(Clone, Copy)]
struct Shared {
    lang: RwSignal<Lang>,
    me: RwSignal<Option<User>>,
    unread: RwSignal<i64>,
    /// The tree once some page has asked for it, and the app's root, which keeps it from page
    /// to page.
    tree: StoredValue<Option<Tree>>,
    root: StoredValue<Owner>,
}

/// Provides everything at the app's root: the language as last chosen; the signed-in user, loaded
/// from the API when a session was kept; the tree, fetched later by the first page that asks.
pub fn provide_all() {
    let me = RwSignal::new(None::<User>);
    provide_context(Shared {
        lang: RwSignal::new(Lang::from_code(&session::lang().unwrap_or_default())),
        me,
        unread: RwSignal::new(0),
        tree: StoredValue::new(None),
        root: StoredValue::new(Owner::current().unwrap_or_default()),
    });
    if session::load().is_some() {
        spawn_local(async move {
            match api::me().await {
                Ok(user) => me.set(Some(user)),
                Err(Failure::Problem(p)) if p.status == 401 => session::clear(),
                Err(_) => {}
            }
        });
    }
}

fn shared() -> Option<Shared> {
    use_context()
}

/// The chosen language.
pub fn lang() -> RwSignal<Lang> {
    shared().map_or_else(|| RwSignal::new(Lang::Id), |s| s.lang)
}

/// The signed-in user, shown by the header and read by the pages.
pub fn me() -> RwSignal<Option<User>> {
    shared().map_or_else(|| RwSignal::new(None), |s| s.me)
}

/// How many notifications are unread: the header shows it, the notifications page lowers it.
pub fn unread() -> RwSignal<i64> {
    shared().map_or_else(|| RwSignal::new(0), |s| s.unread)
}

/// Loads the unread count into `unread` (from `unread()`) again.
pub fn refresh_unread(unread: RwSignal<i64>) {
    spawn_local(async move {
        if let Ok(count) = api::unread_count().await {
            unread.set(count.unread);
        }
    });
}

/// The institution tree, for names and choices: fetched when a page first asks for it (only
/// signed-in officers' and citizens' pages do), then shared by every page after.
pub fn institutions() -> Tree {
    shared_tree().0
}

/// The institution tree for the admin's page, which changes it: fetched afresh now and whenever
/// `reload` is bumped, and shared from then on like `institutions()`.
pub fn edited_institutions(reload: Reload) -> Tree {
    let (tree, new) = shared_tree();
    if !new {
        tree.refetch();
    }
    Effect::watch(move || reload.get(), move |_, _, _| tree.refetch(), false);
    tree
}

/// The shared tree, and whether it was made just now (its fetch under way). A fetch that failed
/// is not kept: the next to ask fetches afresh.
fn shared_tree() -> (Tree, bool) {
    let fetch = || load(RwSignal::new(0), api::institutions);
    let Some(shared) = shared() else {
        return (fetch(), true);
    };
    let failed = |tree: &Tree| tree.with_untracked(|t| matches!(t, Some(Err(_))));
    match shared.tree.get_value() {
        Some(tree) if !failed(&tree) => (tree, false),
        _ => {
            let tree = shared.root.with_value(|root| root.with(fetch));
            shared.tree.set_value(Some(tree));
            (tree, true)
        }
    }
}
