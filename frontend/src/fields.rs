//! Field-level errors of a form, from the shared validation rules before sending (the wire
//! types' own `Validate`) and from the API's problem after: each shown next to its field.

use crate::i18n::{Lang, Msg};
use lapor_types::problem::Problem;
use std::collections::BTreeMap;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

/// Field name → message.
pub type FieldErrors = BTreeMap<String, String>;

/// What a field error's code means, in words — the shared rules' codes and the API's own. The
/// bounds are the rule's (`length` in characters, `range`).
pub fn message(code: &str, min: Option<i64>, max: Option<i64>, lang: Lang) -> String {
    let id = lang == Lang::Id;
    let pick = |i: &str, e: &str| if id { i.to_owned() } else { e.to_owned() };
    match (code, min, max) {
        ("length", Some(min), Some(max)) => pick(
            &format!("Panjang {min}–{max} karakter."),
            &format!("Between {min} and {max} characters."),
        ),
        ("length", Some(min), None) => pick(
            &format!("Paling sedikit {min} karakter."),
            &format!("At least {min} characters."),
        ),
        ("length", None, Some(max)) => pick(
            &format!("Paling banyak {max} karakter."),
            &format!("At most {max} characters."),
        ),
        ("range", Some(min), Some(max)) => pick(
            &format!("Antara {min} dan {max}."),
            &format!("Between {min} and {max}."),
        ),
        ("required", ..) => Msg::Required.text(lang).to_owned(),
        ("email", ..) => pick("Bukan alamat email yang benar.", "Not an email address."),
        ("phone", ..) => pick(
            "Nomor telepon: angka, boleh diawali +.",
            "A phone number: digits, optionally after a +.",
        ),
        ("unknown", ..) => pick(
            "Tidak dikenal (mungkin sudah dihapus).",
            "Unknown (perhaps removed).",
        ),
        ("future", ..) => pick(
            "Tanggal tidak boleh di masa depan.",
            "The date cannot be in the future.",
        ),
        ("past", ..) => pick("Tanggal itu sudah lewat.", "That date has passed."),
        ("too_far", ..) => pick(
            "Paling lama sepuluh tahun lagi.",
            "At most ten years ahead.",
        ),
        ("level", ..) => pick(
            "Pilih kecamatan atau desa.",
            "Choose a district or village.",
        ),
        ("location", ..) => pick(
            "Isi garis lintang dan bujur bersama-sama.",
            "Give latitude and longitude together.",
        ),
        ("cycle" | "self", ..) => pick(
            "Tidak boleh menunjuk dirinya sendiri.",
            "It cannot point to itself.",
        ),
        ("invalid_parent", ..) => pick(
            "Jenis instansi ini tidak dapat berada di bawah induk itu.",
            "This kind of institution cannot sit under that parent.",
        ),
        ("not_sub_unit", ..) => pick(
            "Hanya ke sub-unit instansi Anda sendiri.",
            "Only to your own institution's sub-units.",
        ),
        ("not_allowed", ..) => pick("Tidak diizinkan di sini.", "Not allowed here."),
        ("unresolvable", ..) => pick(
            "Alamat itu tidak ditemukan.",
            "That address cannot be found.",
        ),
        ("too_many", ..) => pick(
            "Sudah terlalu banyak; hapus salah satu dulu.",
            "Too many already; delete one first.",
        ),
        ("kinds", ..) => pick(
            "Setiap jenis paling banyak sekali.",
            "Each kind at most once.",
        ),
        ("not_for_stage", ..) => pick(
            "Kategori hanya mengatur batas waktu penyelesaian.",
            "Categories set resolution periods only.",
        ),
        ("self_lockout", ..) => pick(
            "Anda tidak dapat mengubah peran sendiri atau menonaktifkan diri sendiri.",
            "You cannot change your own role or deactivate yourself.",
        ),
        ("reporter_consent_needed", ..) => pick(
            "Hanya pelapor yang dapat membuat laporannya kurang rahasia.",
            "Only the reporter can make their report less private.",
        ),
        ("duplicate_of", ..) => pick(
            "Sebutkan laporan asli untuk duplikat (dan hanya untuk duplikat).",
            "Name the original for a duplicate (and only for a duplicate).",
        ),
        ("dispute_reason", ..) => pick(
            "Tulis apa yang belum selesai (paling sedikit 5 karakter).",
            "Say what is not solved (at least 5 characters).",
        ),
        ("scopes", ..) => pick(
            "Pilih paling sedikit satu cakupan.",
            "Choose at least one scope.",
        ),
        ("blank", ..) => pick("Tidak boleh hanya spasi.", "Cannot be only spaces."),
        ("no_words", ..) => pick(
            "Tulis paling sedikit satu kata.",
            "Write at least one word.",
        ),
        ("code", ..) => pick(
            "Kode: huruf, angka, titik atau tanda hubung.",
            "A code: letters, digits, dots or hyphens.",
        ),
        _ => pick("Isian tidak valid.", "Invalid value."),
    }
}

/// The words for a field the API names in a refusal, where a message shown away from its field
/// (a row's, a button's) must say which one it is about.
pub fn label(field: &str) -> Option<Msg> {
    Some(match field {
        "name" => Msg::Name,
        "email" => Msg::Email,
        "password" => Msg::Password,
        "role" => Msg::Role,
        "institution_id" => Msg::Unit,
        "code" => Msg::Code,
        "parent_id" => Msg::Parent,
        "url" => Msg::WebhookUrl,
        "user_id" => Msg::KeyAccount,
        _ => return None,
    })
}

/// "Required" beside each of `fields` (name, value) left empty.
pub fn required(fields: &[(&str, &str)], lang: Lang) -> FieldErrors {
    let text = Msg::Required.text(lang);
    fields
        .iter()
        .filter(|(_, value)| value.is_empty())
        .map(|(name, _)| ((*name).to_owned(), text.to_owned()))
        .collect()
}

/// What an account form checks before sending: that name, email and password are filled. Not
/// the email's form — that rule would link a URL parser and regexes into the app (380 KB of
/// gzip); the API's answer names it beside the field.
pub fn account(name: &str, email: &str, password: &str, lang: Lang) -> FieldErrors {
    required(
        &[("name", name), ("email", email), ("password", password)],
        lang,
    )
}

/// The first problem of each field the shared rules find in `value`.
pub fn check<T: Validate>(value: &T, lang: Lang) -> FieldErrors {
    match value.validate() {
        Ok(()) => FieldErrors::new(),
        Err(errors) => from_validation(&errors, lang),
    }
}

fn from_validation(errors: &ValidationErrors, lang: Lang) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, kind) in errors.errors() {
        if let ValidationErrorsKind::Field(list) = kind
            && let Some(e) = list.first()
        {
            let bound = |name: &str| e.params.get(name).and_then(|v| v.as_i64());
            // A text left empty is "required", whatever rule it fails (the rules keep the
            // value they judged).
            let empty = e
                .params
                .get("value")
                .and_then(|v| v.as_str())
                .is_some_and(|v| v.trim().is_empty());
            let code = if empty { "required" } else { &e.code };
            out.insert(
                field.to_string(),
                message(code, bound("min"), bound("max"), lang),
            );
        }
    }
    out
}

/// The API's per-field problems, in words (its own messages are English).
pub fn from_problem(problem: &Problem, lang: Lang) -> FieldErrors {
    problem
        .errors
        .iter()
        .map(|e| (e.field.clone(), message(&e.code, e.min, e.max, lang)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lapor_types::reports::{NewReport, ReportKind};

    fn report(title: &str, body: &str) -> NewReport {
        NewReport {
            kind: ReportKind::Complaint,
            title: title.into(),
            body: body.into(),
            incident_date: chrono::NaiveDate::default(),
            region_code: "36.03.18".into(),
            address: "Jl. Raya Cikupa".into(),
            latitude: None,
            longitude: None,
            category_id: None,
            institution_id: None,
            anonymous: false,
            confidential: false,
            public_photos: false,
            channel: None,
            on_behalf_of: None,
        }
    }

    #[test]
    fn only_empty_fields_are_required() {
        let found = required(
            &[("name", "Rina"), ("email", ""), ("password", "")],
            Lang::En,
        );
        assert_eq!(found.keys().collect::<Vec<_>>(), ["email", "password"]);
        assert_eq!(found["email"], "Required.");
    }

    #[test]
    fn the_shared_rules_speak_the_language() {
        let bad = report("Rusak", "Terlalu pendek.");
        let id = check(&bad, Lang::Id);
        assert_eq!(id["title"], "Panjang 10–150 karakter.");
        assert_eq!(
            check(&bad, Lang::En)["body"],
            "Between 30 and 10000 characters."
        );
        assert_eq!(id.len(), 2, "{id:?}");
        assert_eq!(check(&report("", "   "), Lang::Id)["body"], "Wajib diisi.");
        let good = report(
            "Jembatan retak di Cikupa",
            "Jembatan retak di tengah dan bergoyang saat truk lewat.",
        );
        assert!(check(&good, Lang::Id).is_empty());
    }
}
