//! `lapor-bench`: the benchmark of issue "Statistics, search and speed". On an empty database it
//! seeds the demo regency and N reports by bulk SQL, runs the real `lapor serve`, drives
//! concurrent HTTP load at each endpoint, measures the same intake writes sent straight to the
//! database in the same run, and prints one table. See docs/PERFORMANCE.md.

mod load;
mod seed;
mod table;

use anyhow::{Context, bail};
use clap::Parser;
use lapor_api::db;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Seed, load and measure lapor")]
pub struct Args {
    /// An empty database the benchmark may fill (it is left filled).
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Reports to seed.
    #[arg(long, default_value_t = 1000)]
    reports: i64,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Requests per endpoint (each endpoint also stops after `--seconds`).
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// The `lapor` binary to run (use a release build for figures that mean something).
    #[arg(long, default_value = "target/release/lapor")]
    server: PathBuf,
    /// Measure a database an earlier run seeded, without seeding again.
    #[arg(long)]
    reuse: bool,
}

const SECRET: &str = "bench-secret-bench-secret-bench-secret!!";
const PASSWORD: &str = "lapor-demo-2026";

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let data = tempfile::tempdir()?;
    let lapor = |cmd: &str| -> anyhow::Result<()> {
        let out = Command::new(&args.server)
            .arg(cmd)
            .args((cmd == "seed").then_some("--demo"))
            .env("DATABASE_URL", &args.database_url)
            .env("LAPOR_DATA_DIR", data.path())
            .env("RUST_LOG", "warn")
            .output()
            .with_context(|| format!("running {}", args.server.display()))?;
        if !out.status.success() {
            bail!("lapor {cmd}: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(())
    };
    lapor("migrate")?;
    let pool = db::pool(&args.database_url, (args.concurrency as u32).max(2))
        .map_err(|e| anyhow::anyhow!("database: {e}"))?;
    if !args.reuse {
        lapor("seed")?;
        let started = Instant::now();
        seed::seed_reports(&mut *pool.get()?, args.reports)?;
        eprintln!(
            "seeded {} reports in {:.1} s",
            args.reports,
            started.elapsed().as_secs_f64()
        );
    }
    // The statistics rollups, as the job runner builds them. (Not a whole jobs round: the seeded
    // year of deadlines was never swept, and sweeping it is not what is measured here.)
    let started = Instant::now();
    let counted = lapor_api::jobs::rollup::refresh(&mut *pool.get()?, chrono::Utc::now())?;
    eprintln!(
        "statistics rollups: {counted} scope-months in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let tracking: Vec<String> = seed::sample_tracking_ids(&mut *pool.get()?)?;

    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut server = Server(
        Command::new(&args.server)
            .arg("serve")
            .env("DATABASE_URL", &args.database_url)
            .env("LAPOR_DATA_DIR", data.path())
            .env("LAPOR_JWT_SECRET", SECRET)
            .env("LAPOR_LISTEN", format!("127.0.0.1:{port}"))
            .env("LAPOR_JOBS_INTERVAL", "0")
            .env("LAPOR_DB_POOL_SIZE", "16")
            // The limits still count every hit (their cost is part of what is measured), with
            // rules no benchmark run reaches: it files and tracks as few clients, very fast.
            .env("LAPOR_LIMIT_FILING", "100000000/1h")
            .env("LAPOR_LIMIT_TRACK", "100000000/1m")
            .env("LAPOR_LIMIT_SIGN_IN_ADDRESS", "100000/1m")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()?,
    );
    let base = format!("http://127.0.0.1:{port}");
    let runtime = tokio::runtime::Runtime::new()?;
    let rows = runtime.block_on(load::load(&args, &base, &tracking, &mut server))?;

    let raw = load::raw_intake(&pool, &args)?;
    table::print_table(&args, &rows, raw, server.peak_rss_kib());
    let errors: usize = rows.iter().map(|r| r.errors).sum();
    if errors > 0 {
        bail!("{errors} requests failed");
    }
    Ok(())
}

/// The server process, killed on drop.
pub struct Server(Child);

impl Server {
    /// Peak resident memory so far (Linux `VmHWM`), in KiB.
    fn peak_rss_kib(&self) -> Option<u64> {
        self.status_kib("VmHWM:")
    }

    fn rss_kib(&self) -> Option<u64> {
        self.status_kib("VmRSS:")
    }

    /// A memory line of `/proc/<pid>/status`, in KiB.
    fn status_kib(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with(field))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
