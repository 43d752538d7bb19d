//! Migrations go up, down and up again on both backends, leaving a working schema.

use lapor_tests::{Backend, TestDb};

fn round_trip(backend: Backend) {
    let db = TestDb::new(backend);
    let pool = lapor_api::db::pool(&db.url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    let up = lapor_api::db::run_migrations(&mut conn).unwrap();
    assert!(up.len() >= 2);
    assert_eq!(
        lapor_api::db::revert_all_migrations(&mut conn).unwrap(),
        up.len()
    );
    assert_eq!(lapor_api::db::run_migrations(&mut conn).unwrap(), up);
    assert!(
        lapor_api::db::run_migrations(&mut conn).unwrap().is_empty(),
        "idempotent"
    );
    let seeded = lapor_api::seed::demo(&mut conn).unwrap();
    assert_eq!(seeded.institutions, 13);
}

#[test]
fn sqlite_up_down_up() {
    round_trip(Backend::Sqlite);
}

#[test]
fn postgres_up_down_up() {
    round_trip(Backend::Postgres);
}
