//! The signed-in session (access and refresh tokens) and the chosen language, kept in the
//! browser's localStorage so a reload keeps both.

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

pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(SESSION);
    }
}

pub fn lang() -> Option<String> {
    read(LANG)
}

pub fn set_lang(code: &str) {
    write(LANG, code);
}
