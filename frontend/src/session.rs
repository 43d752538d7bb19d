//! The signed-in session (access and refresh tokens) and the chosen language, kept in the
//! browser's localStorage so a reload keeps both; drafts of messages, kept in the tab.

use lapor_types::auth::TokenResponse;
use serde::{Deserialize, Serialize};

const SESSION: &str = "lapor.session";
const LANG: &str = "lapor.lang";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn write(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn load() -> Option<Session> {
    serde_json::from_str(&read(SESSION)?).ok()
}

pub fn store(tokens: &TokenResponse) {
    let session = Session {
        access_token: tokens.access_token.clone(),
        refresh_token: tokens.refresh_token.clone(),
    };
    if let Ok(json) = serde_json::to_string(&session) {
        write(SESSION, &json);
    }
}

/// Forgets the tokens (the session ended: drafts stay for the sign-in that follows).
pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(SESSION);
    }
}

/// Signs out here: the tokens and every draft go.
pub fn sign_out() {
    clear();
    if let Some(drafts) = drafts() {
        let keys: Vec<String> = (0..drafts.length().unwrap_or(0))
            .filter_map(|i| drafts.key(i).ok().flatten())
            .filter(|k| k.starts_with(DRAFT))
            .collect();
        for key in keys {
            let _ = drafts.remove_item(&key);
        }
    }
}

const DRAFT: &str = "lapor.draft.";

/// Drafts live in the tab's sessionStorage: they survive a trip to the sign-in page and a
/// reload, never the tab, and never another user of the browser after a sign-out.
fn drafts() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The text being written in the form `name`, kept while it was not sent.
pub fn draft(name: &str) -> Option<String> {
    drafts()?.get_item(&format!("{DRAFT}{name}")).ok()?
}

/// Keeps (or, empty, forgets) the text of the form `name`.
pub fn set_draft(name: &str, text: &str) {
    let Some(drafts) = drafts() else { return };
    let key = format!("{DRAFT}{name}");
    let _ = if text.is_empty() {
        drafts.remove_item(&key)
    } else {
        drafts.set_item(&key, text)
    };
}

pub fn lang() -> Option<String> {
    read(LANG)
}

pub fn set_lang(code: &str) {
    write(LANG, code);
}
