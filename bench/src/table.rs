//! The printed table (docs/PERFORMANCE.md).

use crate::Args;
use crate::load::Row;

pub fn print_table(args: &Args, rows: &[Row], raw_per_second: f64, peak_rss_kib: Option<u64>) {
    let backend = if args.database_url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!(
        "\n{backend}, {} reports, {} in flight, up to {} requests or {} s per endpoint; then alone \
         (one at a time), up to a quarter of the requests or half the time\n",
        args.reports, args.concurrency, args.requests, args.seconds
    );
    println!(
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors | alone p50 ms | alone p95 ms |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        println!(
            "| {} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {:.1} | {:.1} |",
            r.name, r.done, r.per_second, r.p50, r.p95, r.p99, r.errors, r.alone_p50, r.alone_p95
        );
    }
    let intake = rows
        .iter()
        .find(|r| matches!(r.name, "intake (POST /reports)"))
        .map_or(0.0, |r| r.per_second);
    println!(
        "\nintake {intake:.0}/s vs the same writes straight to the database {raw_per_second:.0}/s: ratio {:.2}",
        intake / raw_per_second
    );
    if let Some(kib) = peak_rss_kib {
        println!("server peak RSS: {:.1} MiB", kib as f64 / 1024.0);
    }
}
