//! The national SP4N-LAPOR! v3 API as lapor speaks it (docs/NATIONAL.md, The mapping): every
//! path, field name, status name and time format in one place, so that what the real API turns
//! out to differ in is corrected here without touching the workflow. Pure: JSON in, typed values
//! out, and the bodies lapor sends.
//!
//! Seen in public client code: the complaint, follow-up, reject and master-data calls. Assumed
//! (no public client shows them; to confirm with the real API): the two listings `inbox` and
//! `outbox`, and that a template carries the status a follow-up moves the complaint to.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use lapor_types::reports::ReportKind;
use serde_json::{Value, json};

/// The header carrying the institution token (beside `Authorization: Bearer`).
pub const INSTITUTION_HEADER: &str = "token";

/// Creates a complaint: JSON body (`create_body`), answers `complaint_id`.
pub const CREATE_PATH: &str = "/complaints/complaint";
/// Adds a follow-up: multipart form (`followup_form`).
pub const FOLLOWUP_PATH: &str = "/complaints/followup/add";
/// The national institutions, for "bukan wewenang".
pub const INSTITUTIONS_PATH: &str = "/masters/institutions/external?page_size=1000";
/// The follow-up templates.
pub const TEMPLATES_PATH: &str = "/masters/templates?page_size=1000";
/// Assumed: complaints disposed to the caller's institution, oldest first, paged.
pub const INBOX_PATH: &str = "/complaints/inbox";
/// Assumed: complaints the caller's institution created, newest first, paged.
pub const OUTBOX_PATH: &str = "/complaints/outbox";

/// One complaint, with its logs.
pub fn complaint_path(id: i64) -> String {
    format!("/complaints/{id}/complaint")
}

/// A page of a complaint's follow-ups, oldest first.
pub fn followups_path(id: i64, page: u32) -> String {
    format!("/complaints/{id}/followups?page={page}")
}

/// Hands a complaint to another institution ("bukan wewenang"): form (`reject_form`).
pub fn reject_path(id: i64) -> String {
    format!("/complaints/process/{id}/reject")
}

/// A listing's page (`INBOX_PATH`, `OUTBOX_PATH`).
pub fn page_path(listing: &str, page: u32) -> String {
    format!("{listing}?page={page}")
}

/// The national side's time zone: its times are WIB wall-clock times.
pub const ZONE: chrono_tz::Tz = chrono_tz::Asia::Jakarta;

/// A national time (`d-m-Y H:i:s`, WIB).
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(text.trim(), "%d-%m-%Y %H:%M:%S").ok()?;
    ZONE.from_local_datetime(&local)
        .single()
        .map(|t| t.to_utc())
}

/// A complaint's status on the national side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Unverified,
    Verified,
    InProcess,
    Finished,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Unverified,
        Status::Verified,
        Status::InProcess,
        Status::Finished,
        Status::Rejected,
    ];

    /// The name the national side shows (`status_name`).
    pub fn name(self) -> &'static str {
        match self {
            Status::Unverified => "Belum Terverifikasi",
            Status::Verified => "Terverifikasi",
            Status::InProcess => "Dalam Proses",
            Status::Finished => "Selesai",
            Status::Rejected => "Ditolak",
        }
    }

    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The follow-up template that moves a complaint to this status (assumed codes).
    pub fn template(self) -> Option<&'static str> {
        match self {
            Status::InProcess => Some("TL-PROSES"),
            Status::Finished => Some("TL-SELESAI"),
            Status::Rejected => Some("TL-TOLAK"),
            Status::Unverified | Status::Verified => None,
        }
    }
}

/// A follow-up that moves no status.
pub const INFO_TEMPLATE: &str = "TL-INFO";
/// The reporter's verdict, sent on their behalf.
pub const REPORTER_TEMPLATE: &str = "TL-PELAPOR";

/// How long after a check the next one comes: 5 minutes after news, doubling with each quiet
/// check in a row, at most 6 hours — an active complaint is followed closely, thousands of quiet
/// ones cost little.
pub fn next_check(quiet: i32) -> chrono::Duration {
    let minutes = 5_i64 << quiet.clamp(0, 7);
    chrono::Duration::minutes(minutes.min(6 * 60))
}

/// The national classification of a report kind (`classification_id`).
pub fn classification(kind: ReportKind) -> i64 {
    match kind {
        ReportKind::Complaint => 1,
        ReportKind::Aspiration => 2,
        ReportKind::InformationRequest => 3,
    }
}

/// The report kind of a national classification; whistle-blowing and unknown ones are
/// complaints.
pub fn kind(classification: i64) -> ReportKind {
    match classification {
        2 => ReportKind::Aspiration,
        3 => ReportKind::InformationRequest,
        _ => ReportKind::Complaint,
    }
}

/// The channel number lapor files under (the national side's "integrasi").
pub const CHANNEL: i64 = 8;

/// What the national side's JSON did not hold as expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unexpected(pub String);

impl std::fmt::Display for Unexpected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unexpected national answer: {}", self.0)
    }
}

impl std::error::Error for Unexpected {}

fn field<'a>(v: &'a Value, name: &str) -> Result<&'a Value, Unexpected> {
    v.get(name)
        .filter(|f| !f.is_null())
        .ok_or_else(|| Unexpected(format!("no {name}")))
}

/// A number sent as a number or a numeric string.
fn int(v: &Value, name: &str) -> Result<i64, Unexpected> {
    let f = field(v, name)?;
    f.as_i64()
        .or_else(|| f.as_str().and_then(|s| s.trim().parse().ok()))
        .ok_or_else(|| Unexpected(format!("{name} is not a number")))
}

fn text(v: &Value, name: &str) -> Result<String, Unexpected> {
    field(v, name)?
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Unexpected(format!("{name} is not text")))
}

/// A flag sent as 0/1, a boolean or "0"/"1".
fn flag(v: &Value, name: &str) -> bool {
    match v.get(name) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn time(v: &Value, name: &str) -> Result<DateTime<Utc>, Unexpected> {
    let t = text(v, name)?;
    parse_time(&t).ok_or_else(|| Unexpected(format!("{name} is not d-m-Y H:i:s: {t}")))
}

/// `results` of an envelope.
fn results(v: &Value) -> Result<&Value, Unexpected> {
    field(v, "results")
}

/// A complaint as lapor reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Complaint {
    pub id: i64,
    pub title: String,
    pub content: String,
    pub kind: ReportKind,
    pub anonymous: bool,
    pub secret: bool,
    pub incident_date: Option<NaiveDate>,
    pub status: Option<Status>,
    /// The institution it is disposed to now.
    pub disposition_id: Option<i64>,
    /// `None` when anonymous (the national side does not tell it).
    pub reporter_name: Option<String>,
    /// `location_id`, taken for a Kemendagri region code when lapor knows it as one (assumed:
    /// which codes the national locations use is not public).
    pub location: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// `GET /complaints/{id}/complaint`.
pub fn complaint(answer: &Value) -> Result<Complaint, Unexpected> {
    let d = field(results(answer)?, "data")?;
    let anonymous = flag(d, "is_anonymous");
    Ok(Complaint {
        id: int(d, "id")?,
        title: text(d, "title")?,
        content: text(d, "content")?,
        kind: kind(int(d, "classification_id").unwrap_or(1)),
        anonymous,
        secret: flag(d, "is_secret"),
        incident_date: text(d, "date_of_incident")
            .ok()
            .and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()),
        status: text(d, "status_name").ok().and_then(|s| Status::parse(&s)),
        disposition_id: int(d, "disposition_id").ok(),
        reporter_name: d
            .get("user")
            .and_then(|u| u.get("name"))
            .and_then(Value::as_str)
            .filter(|_| !anonymous)
            .map(str::to_owned),
        location: text(d, "location_id")
            .ok()
            .or_else(|| int(d, "location_id").ok().map(|n| n.to_string())),
        created_at: time(d, "created_at")?,
    })
}

/// Who wrote a national follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    Reporter,
    /// A national admin, or an institution (lapor's own included).
    Officer,
}

/// One national follow-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Followup {
    pub id: i64,
    pub content: String,
    pub author: Author,
    /// The institution it came from (`None` for the reporter).
    pub institution_id: Option<i64>,
    pub secret: bool,
    pub created_at: DateTime<Utc>,
}

/// One page of a listing, and whether another follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub more: bool,
}

fn page<T>(
    answer: &Value,
    item: impl Fn(&Value) -> Result<T, Unexpected>,
) -> Result<Page<T>, Unexpected> {
    let r = results(answer)?;
    let items = field(r, "data")?
        .as_array()
        .ok_or_else(|| Unexpected("data is not a list".into()))?
        .iter()
        .map(item)
        .collect::<Result<_, _>>()?;
    let more = r.get("next_page_url").is_some_and(|n| !n.is_null());
    Ok(Page { items, more })
}

/// `GET /complaints/{id}/followups?page=N`.
pub fn followups(answer: &Value) -> Result<Page<Followup>, Unexpected> {
    page(answer, |f| {
        let role = f
            .get("user")
            .and_then(|u| u.get("role"))
            .and_then(Value::as_str);
        Ok(Followup {
            id: int(f, "id")?,
            content: text(f, "content")?,
            author: if role == Some("pelapor") {
                Author::Reporter
            } else {
                Author::Officer
            },
            institution_id: f.get("institution_from").and_then(|i| int(i, "id").ok()),
            secret: flag(f, "is_secret"),
            created_at: time(f, "created_at")?,
        })
    })
}

/// A complaint in a listing: its id, and (outbox) the content lapor's marker is looked for in.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub id: i64,
    pub content: Option<String>,
}

/// A page of `INBOX_PATH` or `OUTBOX_PATH`.
pub fn listed(answer: &Value) -> Result<Page<Listed>, Unexpected> {
    page(answer, |c| {
        Ok(Listed {
            id: int(c, "id")?,
            content: text(c, "content").ok(),
        })
    })
}

/// An institution or a template of the masters.
#[derive(Debug, Clone, PartialEq)]
pub struct Master {
    /// The institution's id, or the template's code.
    pub key: String,
    pub name: String,
}

/// `GET /masters/institutions/external`.
pub fn institutions(answer: &Value) -> Result<Vec<Master>, Unexpected> {
    Ok(page(answer, |i| {
        Ok(Master {
            key: int(i, "id")?.to_string(),
            name: text(i, "name")?,
        })
    })?
    .items)
}

/// `GET /masters/templates`.
pub fn templates(answer: &Value) -> Result<Vec<Master>, Unexpected> {
    Ok(page(answer, |t| {
        Ok(Master {
            key: text(t, "code")?,
            name: text(t, "name")?,
        })
    })?
    .items)
}

/// The id a create answered (`complaint_id`, at the top or in `results`).
pub fn created_id(answer: &Value) -> Result<i64, Unexpected> {
    int(answer, "complaint_id").or_else(|_| int(results(answer)?, "complaint_id"))
}

/// The reference lapor places at the end of what it files, so that a create whose answer was
/// lost can be found again in the outbox listing (the API has no idempotency key).
pub fn marker(reference: &str) -> String {
    format!("[ref: {reference}]")
}

/// Whether `content` carries lapor's reference `reference`.
pub fn carries(content: &str, reference: &str) -> bool {
    content.contains(&marker(reference))
}

/// What lapor files up: a report that is not the regency's authority.
#[derive(Debug, Clone, PartialEq)]
pub struct Filing<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub kind: ReportKind,
    pub incident_date: NaiveDate,
    pub anonymous: bool,
    pub secret: bool,
    /// The national institution it goes to.
    pub institution_id: i64,
    /// lapor's own reference (the tracking id), marked in the content.
    pub reference: &'a str,
}

/// `POST /complaints/complaint`'s JSON (with the constants regional clients send).
pub fn create_body(f: &Filing) -> Value {
    json!({
        "title": f.title,
        "content": format!("{}\n\n{}", f.body, marker(f.reference)),
        "channel": CHANNEL,
        "classification_id": classification(f.kind),
        "disposition_id": f.institution_id,
        "date_of_incident": f.incident_date.format("%Y-%m-%d").to_string(),
        "is_anonymous": u8::from(f.anonymous),
        "is_secret": u8::from(f.secret),
        "attachments": "[]",
        "is_new_user_slider": 0,
        "is_disposisi_slider": 0,
    })
}

/// A follow-up lapor adds to a complaint, with its reference marked (a follow-up has no
/// idempotency key either: a lost answer is checked against the complaint's follow-ups).
#[derive(Debug, Clone, PartialEq)]
pub struct Note<'a> {
    pub complaint_id: i64,
    /// The regency's institution on the national side (from and to).
    pub institution_id: i64,
    pub content: &'a str,
    pub template: &'a str,
    pub rating: Option<i32>,
    pub reference: &'a str,
}

/// `POST /complaints/followup/add`'s form fields.
pub fn followup_form(n: &Note) -> Vec<(&'static str, String)> {
    vec![
        ("complaint_id", n.complaint_id.to_string()),
        ("institution_from_id", n.institution_id.to_string()),
        ("institution_to_id", n.institution_id.to_string()),
        ("template_code", n.template.to_owned()),
        (
            "rating",
            n.rating.map(|r| r.to_string()).unwrap_or_default(),
        ),
        ("is_secret", "0".to_owned()),
        ("info_disposition", String::new()),
        (
            "content",
            format!("{}\n\n{}", n.content, marker(n.reference)),
        ),
    ]
}

/// `POST /complaints/process/{id}/reject`'s form fields: hand the complaint to `institution_id`
/// as not the regency's authority.
pub fn reject_form(institution_id: i64, reason: &str) -> Vec<(&'static str, String)> {
    vec![
        ("is_request", "0".to_owned()),
        ("reason", institution_id.to_string()),
        ("reason_description", reason.to_owned()),
        ("not_authority", "1".to_owned()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_wib_wall_clock() {
        assert_eq!(
            parse_time("02-12-2026 14:05:09"),
            Some(Utc.with_ymd_and_hms(2026, 12, 2, 7, 5, 9).unwrap())
        );
        assert_eq!(parse_time("2026-12-02 14:05:09"), None, "not Y-m-d");
        assert_eq!(parse_time("31-02-2026 10:00:00"), None);
    }

    #[test]
    fn checks_back_off_while_quiet() {
        let minutes: Vec<i64> = [0, 1, 2, 6, 7, 40, -3]
            .map(|q| next_check(q).num_minutes())
            .to_vec();
        assert_eq!(minutes, [5, 10, 20, 320, 360, 360, 5]);
    }

    #[test]
    fn statuses_round_trip_by_name() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.name()), Some(s));
        }
        assert_eq!(Status::parse(" dalam proses "), Some(Status::InProcess));
        assert_eq!(Status::parse("Diarsipkan"), None);
        assert_eq!(Status::Finished.template(), Some("TL-SELESAI"));
    }

    #[test]
    fn a_complaint_is_read_with_its_flags() {
        let answer = json!({"success": true, "results": {"data": {
            "id": "4711", "title": "Jalan rusak", "content": "Berlubang",
            "classification_id": 2, "is_anonymous": 1, "is_secret": "0",
            "date_of_incident": "2026-11-30", "status_name": "Terverifikasi",
            "disposition_id": 3603, "user": {"name": "Siti"},
            "created_at": "01-12-2026 08:00:00"
        }, "data_logs": []}});
        let c = complaint(&answer).unwrap();
        assert_eq!((c.id, c.kind), (4711, ReportKind::Aspiration));
        assert!(c.anonymous && !c.secret);
        assert_eq!(
            c.reporter_name, None,
            "an anonymous reporter's name is not kept"
        );
        assert_eq!(c.status, Some(Status::Verified));
        assert_eq!(c.incident_date, NaiveDate::from_ymd_opt(2026, 11, 30));
        assert_eq!(
            complaint(&json!({"success": true, "results": {"data": {"id": 1}}})),
            Err(Unexpected("no title".into()))
        );
    }

    #[test]
    fn pages_say_whether_more_follow() {
        let answer = json!({"success": true, "results": {"data": [
            {"id": 9, "content": "Sudah kami cek", "is_secret": 0,
             "institution_from": {"id": 1001, "name": "Kementerian"},
             "user": {"name": "Admin", "role": "admin"}, "created_at": "01-12-2026 08:00:00"},
            {"id": 10, "content": "Belum beres", "user": {"name": "Siti", "role": "pelapor"},
             "institution_from": null, "created_at": "01-12-2026 09:00:00"}
        ], "next_page_url": "http://x/complaints/1/followups?page=2"}});
        let p = followups(&answer).unwrap();
        assert!(p.more);
        assert_eq!(p.items[0].institution_id, Some(1001));
        assert_eq!(
            (p.items[1].author, p.items[1].institution_id),
            (Author::Reporter, None)
        );
        let last = json!({"results": {"data": [], "next_page_url": null}});
        assert!(!listed(&last).unwrap().more);
    }

    #[test]
    fn what_lapor_files_carries_its_reference() {
        let body = create_body(&Filing {
            title: "Sertifikat tanah",
            body: "Sengketa batas",
            kind: ReportKind::Complaint,
            incident_date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            anonymous: true,
            secret: false,
            institution_id: 1003,
            reference: "LPR-2K7QX-9MZ4D",
        });
        assert_eq!(body["disposition_id"], 1003);
        assert_eq!(body["is_anonymous"], 1);
        assert_eq!(body["date_of_incident"], "2026-11-02");
        assert!(carries(
            body["content"].as_str().unwrap(),
            "LPR-2K7QX-9MZ4D"
        ));
        assert!(!carries("Sengketa batas", "LPR-2K7QX-9MZ4D"));
        assert_eq!(created_id(&json!({"complaint_id": 12})), Ok(12));
        assert_eq!(
            created_id(&json!({"results": {"complaint_id": "13"}})),
            Ok(13)
        );
        let form = followup_form(&Note {
            complaint_id: 12,
            institution_id: 3603,
            content: "Sedang diperbaiki",
            template: "TL-PROSES",
            rating: None,
            reference: "N-5",
        });
        assert!(form.contains(&("template_code", "TL-PROSES".to_owned())));
        assert!(
            form.iter()
                .any(|(k, v)| *k == "content" && carries(v, "N-5"))
        );
    }
}
