//! Field-level errors of a form, from the shared validation rules before sending (the wire
//! types' own `Validate`) and from the API's problem after: each shown next to its field.

use crate::i18n::{Lang, Msg};
use lapor_types::problem::Problem;
use std::collections::BTreeMap;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

/// Field name → message.
pub type FieldErrors = BTreeMap<String, String>;

/// What a validator code means, in words.
fn message(code: &str, params: &BTreeMap<String, String>, lang: Lang) -> String {
    let min = params.get("min").cloned().unwrap_or_default();
    let max = params.get("max").cloned().unwrap_or_default();
    match (code, lang) {
        ("length", Lang::Id) if !min.is_empty() && !max.is_empty() => {
            format!("Panjang {min}–{max} karakter.")
        }
        ("length", Lang::En) if !min.is_empty() && !max.is_empty() => {
            format!("Between {min} and {max} characters.")
        }
        ("length", Lang::Id) => format!("Paling banyak {max} karakter."),
        ("length", Lang::En) => format!("At most {max} characters."),
        (_, Lang::Id) => "Isian tidak valid.".into(),
        (_, Lang::En) => "Invalid value.".into(),
    }
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
            let params = e
                .params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string().trim_matches('"').to_owned()))
                .collect();
            out.insert(field.to_string(), message(&e.code, &params, lang));
        }
    }
    out
}

/// The API's per-field problems (its messages are English; the field says where).
pub fn from_problem(problem: &Problem) -> FieldErrors {
    problem
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.message.clone()))
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
            channel: None,
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
        let good = report(
            "Jembatan retak di Cikupa",
            "Jembatan retak di tengah dan bergoyang saat truk lewat.",
        );
        assert!(check(&good, Lang::Id).is_empty());
    }
}
