//! Seeding: the demo regency's N reports by bulk SQL, much faster than through the API.

use anyhow::Context;
use diesel::RunQueryDsl;
use lapor_api::db::DbConn;

/// The demo's ids the seed needs: the regency, its units, categories, a citizen, a coordinator.
fn ids(conn: &mut DbConn, sql: &str) -> anyhow::Result<Vec<i64>> {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let rows: Vec<Id> = diesel::sql_query(sql).load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// N reports over the past year in every status (10 % submitted, 10 % dispatched, 10 % in
/// progress, 10 % resolved, 50 % closed with a rating, 10 % archived; one in seven overdue),
/// their dispositions and feedback — by bulk SQL, 100,000 at a time.
pub fn seed_reports(conn: &mut DbConn, n: i64) -> anyhow::Result<()> {
    let one = |conn: &mut DbConn, sql: &str| -> anyhow::Result<i64> {
        ids(conn, sql)?
            .first()
            .copied()
            .context("the demo seed is missing")
    };
    let root = one(
        conn,
        "SELECT id FROM institutions WHERE code = 'PEMKAB-TNG'",
    )?;
    let citizen = one(
        conn,
        "SELECT id FROM users WHERE email = 'warga@demo.lapor.test'",
    )?;
    let coordinator = one(
        conn,
        "SELECT id FROM users WHERE email = 'koordinator@demo.lapor.test'",
    )?;
    let pg = matches!(conn, DbConn::Pg(_));
    let mut from = 1;
    while from <= n {
        let to = (from + 99_999).min(n);
        let sql = if pg {
            pg_reports(from, to, root, citizen)
        } else {
            sqlite_reports(from, to, root, citizen)
        };
        diesel::sql_query(sql).execute(conn)?;
        eprintln!("  {to} reports");
        from = to + 1;
    }
    let (dispositions, feedback) = if pg {
        (
            format!(
                "INSERT INTO dispositions (report_id, institution_id, instruction, status, created_by, created_at, updated_at, response_due_at, responded_at)
                 SELECT r.id, u.ids[1 + r.id % array_length(u.ids, 1)], 'Mohon ditindaklanjuti',
                   CASE r.status WHEN 'dispatched' THEN 'pending' WHEN 'in_progress' THEN 'accepted' ELSE 'completed' END,
                   {coordinator}, r.dispatched_at, r.dispatched_at, r.dispatched_at + INTERVAL '7 days', r.first_response_at
                 FROM reports r, (SELECT array_agg(id ORDER BY id) AS ids FROM institutions WHERE kind = 'unit') u
                 WHERE r.dispatched_at IS NOT NULL"
            ),
            "INSERT INTO report_feedback (report_id, verdict, rating, comment, created_at)
             SELECT id, 'accept', 1 + id % 5, '', closed_at FROM reports WHERE status = 'closed'",
        )
    } else {
        (
            format!(
                "WITH units AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM institutions WHERE kind = 'unit')
                 INSERT INTO dispositions (report_id, institution_id, instruction, status, created_by, created_at, updated_at, response_due_at, responded_at)
                 SELECT r.id, units.id, 'Mohon ditindaklanjuti',
                   CASE r.status WHEN 'dispatched' THEN 'pending' WHEN 'in_progress' THEN 'accepted' ELSE 'completed' END,
                   {coordinator}, r.dispatched_at, r.dispatched_at, datetime(r.dispatched_at, '+7 days'), r.first_response_at
                 FROM reports r JOIN units ON units.i = r.id % (SELECT count(*) FROM units)
                 WHERE r.dispatched_at IS NOT NULL"
            ),
            "INSERT INTO report_feedback (report_id, verdict, rating, comment, created_at)
             SELECT id, 'accept', 1 + id % 5, '', closed_at FROM reports WHERE status = 'closed'",
        )
    };
    diesel::sql_query(dispositions).execute(conn)?;
    diesel::sql_query(feedback).execute(conn)?;
    diesel::sql_query("ANALYZE").execute(conn)?;
    Ok(())
}

/// Titles are "<subject> <problem> di <place>": 25 × 20 × 40 = 20,000 of them, so a two-word
/// search matches a fraction of a percent of the reports, as in real data, not a tenth.
const SUBJECTS: [&str; 25] = [
    "Jalan",
    "Lampu jalan",
    "Saluran air",
    "Jembatan",
    "Trotoar",
    "Pasar",
    "Puskesmas",
    "Sekolah",
    "Terminal",
    "Taman kota",
    "Pipa PDAM",
    "Tiang listrik",
    "Gorong-gorong",
    "Halte bus",
    "Kantor kelurahan",
    "Rumah sakit",
    "Tempat sampah",
    "Pohon tumbang",
    "Parkir liar",
    "Angkot",
    "Pedagang kaki lima",
    "Rambu lalu lintas",
    "Drainase",
    "Lapangan",
    "Posyandu",
];
const PROBLEMS: [&str; 20] = [
    "rusak",
    "mati",
    "tersumbat",
    "berlubang",
    "retak",
    "bocor",
    "kotor",
    "macet",
    "banjir",
    "tidak terawat",
    "ambruk",
    "bau",
    "gelap",
    "licin",
    "berbahaya",
    "terbengkalai",
    "penuh",
    "lambat",
    "ditutup",
    "hilang",
];
const PLACES: [&str; 40] = [
    "Cikupa",
    "Balaraja",
    "Tigaraksa",
    "Curug",
    "Kelapa Dua",
    "Pasar Kemis",
    "Cisoka",
    "Jayanti",
    "Kresek",
    "Kronjo",
    "Mauk",
    "Rajeg",
    "Sepatan",
    "Teluknaga",
    "Kosambi",
    "Pakuhaji",
    "Sindang Jaya",
    "Sukadiri",
    "Legok",
    "Pagedangan",
    "Panongan",
    "Cisauk",
    "Jambe",
    "Solear",
    "Gunung Kaler",
    "Mekar Baru",
    "Sukamulya",
    "Kemiri",
    "Mekarsari",
    "Bitung",
    "Citra Raya",
    "Binong",
    "Bojong",
    "Suka Asih",
    "Talaga",
    "Dukuh",
    "Pete",
    "Ranca Buaya",
    "Sentul",
    "Cileles",
];

/// The word tables as SQL both backends understand (`WITH` items), and the joins that pick a
/// report's words by its number `n`.
fn words_sql() -> (String, &'static str) {
    let table = |name: &str, words: &[&str]| {
        let rows: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| format!("({i}, '{w}')"))
            .collect();
        format!("{name}(i, w) AS (VALUES {})", rows.join(", "))
    };
    (
        [
            table("subj", &SUBJECTS),
            table("prob", &PROBLEMS),
            table("place", &PLACES),
        ]
        .join(", "),
        "JOIN subj ON subj.i = n % 25 JOIN prob ON prob.i = (n / 25) % 20 JOIN place ON place.i = (n / 500) % 40",
    )
}

const TITLE_SQL: &str = "subj.w || ' ' || prob.w || ' di ' || place.w || ' nomor ' || n";
const BODY_SQL: &str = "'Laporan warga: ' || subj.w || ' ' || prob.w || ' di ' || place.w || ', mohon segera ditindaklanjuti. Nomor ' || n";

/// A valid, unique tracking id for report `n` (`LPR-XXXXX-XXXXX`: `n` in base 30 over the
/// tracking alphabet), as SQL both backends understand.
fn tracking_sql() -> String {
    const ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    let digit = |k: u32| {
        format!(
            "substr('{ALPHABET}', CAST(1 + ((n / {}) % 30) AS INTEGER), 1)",
            30i64.pow(k)
        )
    };
    let half = |ks: [u32; 5]| ks.map(digit).join(" || ");
    format!(
        "'LPR-' || {} || '-' || {}",
        half([9, 8, 7, 6, 5]),
        half([4, 3, 2, 1, 0])
    )
}

fn pg_reports(from: i64, to: i64, root: i64, citizen: i64) -> String {
    let (words, joins) = words_sql();
    let tracking = tracking_sql();
    // Each status gets its stage times; `c` is the filing time.
    format!(
        "WITH {words}
         INSERT INTO reports (tracking_id, kind, title, body, incident_date, region_code, address, category_id, institution_id,
           reporter_id, anonymous, confidential, channel, status, version, verified_at, created_at, updated_at, verify_due_at,
           dispatched_at, resolve_due_at, first_response_at, resolved_at, feedback_due_at, closed_at, overdue_at)
         SELECT {tracking},
           (ARRAY['complaint','complaint','complaint','aspiration','information_request'])[1 + n % 5],
           {TITLE_SQL}, {BODY_SQL},
           DATE '2025-11-01' + (n % 360)::int, d.codes[1 + n % array_length(d.codes, 1)], 'Alamat ' || n,
           k.ids[1 + n % array_length(k.ids, 1)], {root}, {citizen}, n % 4 = 0, n % 20 = 0, 'web', s.status, 1,
           CASE WHEN s.status <> 'submitted' THEN c + INTERVAL '1 day' END, c, c, c + INTERVAL '5 days',
           CASE WHEN s.status NOT IN ('submitted', 'archived') THEN c + INTERVAL '1 day' END,
           CASE WHEN s.status NOT IN ('submitted', 'archived') THEN c + INTERVAL '21 days' END,
           CASE WHEN s.status IN ('in_progress', 'resolved', 'closed') THEN c + INTERVAL '3 days' END,
           CASE WHEN s.status IN ('resolved', 'closed') THEN c + INTERVAL '10 days' END,
           CASE WHEN s.status = 'resolved' THEN c + INTERVAL '24 days' END,
           CASE WHEN s.status = 'closed' THEN c + INTERVAL '15 days' END,
           CASE WHEN n % 7 = 0 THEN c + INTERVAL '6 days' END
         FROM generate_series({from}::bigint, {to}::bigint) AS n
         CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE code LIKE '36.03.__') d
         CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM categories) k
         CROSS JOIN LATERAL (SELECT TIMESTAMP '2025-11-01' + make_interval(days => (n % 360)::int, secs => (n % 86400)::int) AS c) t
         CROSS JOIN LATERAL (SELECT (ARRAY['submitted','dispatched','in_progress','resolved','closed','closed','closed','closed','closed','archived'])[1 + n % 10] AS status) s
         {joins}"
    )
}

fn sqlite_reports(from: i64, to: i64, root: i64, citizen: i64) -> String {
    let tracking = tracking_sql();
    let (words, joins) = words_sql();
    let at = |days: u32| format!("datetime(c, '+{days} days')");
    format!(
        "WITH RECURSIVE seq(n) AS (SELECT {from} UNION ALL SELECT n + 1 FROM seq WHERE n < {to}), {words},
         regs AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i FROM regions WHERE code LIKE '36.03.__'),
         cats AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM categories),
         gen AS (
           SELECT n, datetime('2025-11-01', '+' || (n % 360) || ' days', '+' || (n % 86400) || ' seconds') AS c,
             CASE n % 10 WHEN 0 THEN 'submitted' WHEN 1 THEN 'dispatched' WHEN 2 THEN 'in_progress' WHEN 3 THEN 'resolved'
               WHEN 9 THEN 'archived' ELSE 'closed' END AS status
           FROM seq)
         INSERT INTO reports (tracking_id, kind, title, body, incident_date, region_code, address, category_id, institution_id,
           reporter_id, anonymous, confidential, channel, status, version, verified_at, created_at, updated_at, verify_due_at,
           dispatched_at, resolve_due_at, first_response_at, resolved_at, feedback_due_at, closed_at, overdue_at)
         SELECT {tracking},
           CASE n % 5 WHEN 3 THEN 'aspiration' WHEN 4 THEN 'information_request' ELSE 'complaint' END,
           {TITLE_SQL}, {BODY_SQL},
           date('2025-11-01', '+' || (n % 360) || ' days'),
           regs.code, 'Alamat ' || n, cats.id,
           {root}, {citizen}, n % 4 = 0, n % 20 = 0, 'web', status, 1,
           CASE WHEN status <> 'submitted' THEN {d1} END, c, c, {d5},
           CASE WHEN status NOT IN ('submitted', 'archived') THEN {d1} END,
           CASE WHEN status NOT IN ('submitted', 'archived') THEN {d21} END,
           CASE WHEN status IN ('in_progress', 'resolved', 'closed') THEN {d3} END,
           CASE WHEN status IN ('resolved', 'closed') THEN {d10} END,
           CASE WHEN status = 'resolved' THEN {d24} END,
           CASE WHEN status = 'closed' THEN {d15} END,
           CASE WHEN n % 7 = 0 THEN {d6} END
         FROM gen
         JOIN regs ON regs.i = gen.n % (SELECT count(*) FROM regs)
         JOIN cats ON cats.i = gen.n % (SELECT count(*) FROM cats)
         {joins}",
        d1 = at(1),
        d3 = at(3),
        d5 = at(5),
        d6 = at(6),
        d10 = at(10),
        d15 = at(15),
        d21 = at(21),
        d24 = at(24),
    )
}

pub fn sample_tracking_ids(conn: &mut DbConn) -> anyhow::Result<Vec<String>> {
    #[derive(diesel::QueryableByName)]
    struct Tracking {
        #[diesel(sql_type = diesel::sql_types::Text)]
        tracking_id: String,
    }
    let rows: Vec<Tracking> = diesel::sql_query(
        "SELECT tracking_id FROM reports WHERE confidential = FALSE AND tracking_id NOT LIKE 'LPR-RAW%'
         ORDER BY id DESC LIMIT 1000",
    )
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.tracking_id).collect())
}
