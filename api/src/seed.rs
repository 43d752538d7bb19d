//! `lapor seed --demo`: a demo Kabupaten Tangerang — its government as the coordinator's
//! institution, its OPD units, categories routed to them, and one account per role, over the
//! bundled regions (loaded here too if the database has none yet).

use crate::auth::password;
use crate::db::DbConn;
use crate::import;
use crate::store::{categories, institutions, users};
use lapor_types::reference::InstitutionKind;
use lapor_types::users::Role;

/// Printed by the command; the same for every demo account.
pub const DEMO_PASSWORD: &str = "lapor-demo-2026";

/// The region the demo regency serves: Kabupaten Tangerang.
pub const DEMO_REGION: &str = "36.03";

/// Where the demo's maps open: over Kabupaten Tangerang.
pub const DEMO_MAP_CENTER: crate::config::MapCenter = crate::config::MapCenter {
    latitude: -6.2,
    longitude: 106.5,
    zoom: 11,
};

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(
        "the database already holds institutions; the demo seed runs only on an empty database"
    )]
    AlreadySeeded,
    #[error("{0}")]
    Import(#[from] import::ImportError),
    #[error("database: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("password hashing: {0}")]
    Hash(String),
}

pub struct DemoAccount {
    pub role: Role,
    pub email: &'static str,
    pub name: &'static str,
    pub institution: Option<&'static str>,
}

/// (code, name, parent code) of the units under the regency government.
const UNITS: &[(&str, &str, &str)] = &[
    (
        "DISKOMINFO-TNG",
        "Dinas Komunikasi dan Informatika",
        "PEMKAB-TNG",
    ),
    (
        "DPUPR-TNG",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "PEMKAB-TNG",
    ),
    (
        "BINAMARGA-TNG",
        "Bidang Bina Marga (Jalan dan Jembatan)",
        "DPUPR-TNG",
    ),
    ("DINKES-TNG", "Dinas Kesehatan", "PEMKAB-TNG"),
    ("PKM-CIKUPA", "UPT Puskesmas Cikupa", "DINKES-TNG"),
    ("DINDIK-TNG", "Dinas Pendidikan", "PEMKAB-TNG"),
    (
        "DLHK-TNG",
        "Dinas Lingkungan Hidup dan Kebersihan",
        "PEMKAB-TNG",
    ),
    ("DISHUB-TNG", "Dinas Perhubungan", "PEMKAB-TNG"),
    (
        "DISDUKCAPIL-TNG",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "PEMKAB-TNG",
    ),
    (
        "BPBD-TNG",
        "Badan Penanggulangan Bencana Daerah",
        "PEMKAB-TNG",
    ),
    ("SATPOLPP-TNG", "Satuan Polisi Pamong Praja", "PEMKAB-TNG"),
    ("DINSOS-TNG", "Dinas Sosial", "PEMKAB-TNG"),
];

/// (category, parent category, default institution code).
const CATEGORIES: &[(&str, Option<&str>, &str)] = &[
    ("Infrastruktur", None, "DPUPR-TNG"),
    ("Jalan dan Jembatan", Some("Infrastruktur"), "BINAMARGA-TNG"),
    (
        "Drainase dan Banjir Lingkungan",
        Some("Infrastruktur"),
        "DPUPR-TNG",
    ),
    (
        "Tata Ruang dan Bangunan",
        Some("Infrastruktur"),
        "DPUPR-TNG",
    ),
    ("Kesehatan", None, "DINKES-TNG"),
    ("Layanan Puskesmas", Some("Kesehatan"), "DINKES-TNG"),
    ("Pendidikan", None, "DINDIK-TNG"),
    ("Lingkungan Hidup dan Sampah", None, "DLHK-TNG"),
    ("Transportasi dan Lalu Lintas", None, "DISHUB-TNG"),
    ("Administrasi Kependudukan", None, "DISDUKCAPIL-TNG"),
    ("Bencana", None, "BPBD-TNG"),
    ("Ketertiban Umum", None, "SATPOLPP-TNG"),
    ("Bantuan Sosial", None, "DINSOS-TNG"),
    ("Informasi Publik", None, "DISKOMINFO-TNG"),
];

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        role: Role::Admin,
        email: "admin@demo.lapor.test",
        name: "Admin Lapor",
        institution: None,
    },
    DemoAccount {
        role: Role::Coordinator,
        email: "koordinator@demo.lapor.test",
        name: "Koordinator Diskominfo",
        institution: Some("PEMKAB-TNG"),
    },
    DemoAccount {
        role: Role::Liaison,
        email: "penghubung.pupr@demo.lapor.test",
        name: "Penghubung DPUPR",
        institution: Some("DPUPR-TNG"),
    },
    DemoAccount {
        role: Role::Liaison,
        email: "penghubung.dinkes@demo.lapor.test",
        name: "Penghubung Dinkes",
        institution: Some("DINKES-TNG"),
    },
    DemoAccount {
        role: Role::Supervisor,
        email: "pengawas@demo.lapor.test",
        name: "Inspektorat Kabupaten",
        institution: Some("PEMKAB-TNG"),
    },
    DemoAccount {
        role: Role::Integrator,
        email: "integrasi@demo.lapor.test",
        name: "Integrasi SP4N-LAPOR!",
        institution: None,
    },
    DemoAccount {
        role: Role::Reporter,
        email: "warga@demo.lapor.test",
        name: "Siti Warga",
        institution: None,
    },
];

/// What the seed wrote.
pub struct Seeded {
    pub institutions: usize,
    pub categories: usize,
}

/// Seeds the demo in one transaction; refuses when any institution exists.
pub fn demo(conn: &mut DbConn) -> Result<Seeded, SeedError> {
    let hash = password::hash(DEMO_PASSWORD).map_err(|e| SeedError::Hash(e.to_string()))?;
    import::load_bundled(conn)?;
    crate::db::write_transaction(conn, |conn| {
        if institutions::count(conn)? > 0 {
            return Err(SeedError::AlreadySeeded);
        }
        let root = institutions::insert(
            conn,
            "PEMKAB-TNG",
            "Pemerintah Kabupaten Tangerang",
            InstitutionKind::RegionalGovernment,
            None,
            Some(DEMO_REGION),
        )?;
        let mut by_code = vec![root];
        for (code, name, parent_code) in UNITS {
            let parent = by_code.iter().find(|i| i.code == *parent_code).cloned();
            let unit = institutions::insert(
                conn,
                code,
                name,
                InstitutionKind::Unit,
                parent.as_ref(),
                None,
            )?;
            by_code.push(unit);
        }
        let id_of = |code: &str| by_code.iter().find(|i| i.code == code).map(|i| i.id);
        let mut made: Vec<(String, i64)> = Vec::new();
        for (name, parent, institution) in CATEGORIES {
            let parent_id = parent.and_then(|p| made.iter().find(|(n, _)| n == p).map(|m| m.1));
            let row = categories::insert(conn, name, parent_id, id_of(institution))?;
            made.push((row.name, row.id));
        }
        for account in ACCOUNTS {
            users::insert(
                conn,
                &users::NewUserRow {
                    name: account.name,
                    email: account.email,
                    phone: None,
                    password_hash: &hash,
                    role: account.role.as_str(),
                    institution_id: account.institution.and_then(id_of),
                },
            )?;
        }
        Ok(Seeded {
            institutions: by_code.len(),
            categories: made.len(),
        })
    })
}
