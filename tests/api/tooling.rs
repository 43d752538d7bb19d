//! `make test` on a machine that lacks what it cannot install: `tools/check-test-deps` stops it
//! before any compiling, with the command that installs each missing part.

use std::path::Path;
use std::process::Command;

fn check(env: &[(&str, &str)]) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/check-test-deps");
    let out = Command::new(script)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_chromium_stops_make_test_with_the_install_line() {
    let (ok, said) = check(&[("CHROMIUM", "/nonexistent/chromium")]);
    assert!(!ok);
    assert!(
        said.contains("Chromium at /nonexistent/chromium")
            && said.contains("sudo apt-get install -y chromium"),
        "{said}"
    );
}

#[test]
fn a_postgres_that_does_not_answer_stops_make_test_and_hides_the_password() {
    // Port 1 on loopback: nothing listens there.
    let url = "postgres://lapor:s3cret@127.0.0.1:1/postgres";
    let (ok, said) = check(&[("LAPOR_TEST_POSTGRES_URL", url)]);
    assert!(!ok);
    assert!(
        said.contains("PostgreSQL answering at postgres://lapor:***@127.0.0.1:1/postgres"),
        "{said}"
    );
    assert!(!said.contains("s3cret"), "{said}");
}
