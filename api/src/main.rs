//! The `lapor` command: serve the API (default), migrate, create an admin, seed the demo, import
//! regions, or print the OpenAPI spec.

use anyhow::Context;
use clap::{Parser, Subcommand};
use lapor_api::auth::{password, secret, tokens::JwtKeys};
use lapor_api::clock::Clock;
use lapor_api::config::{Config, MapCenter};
use lapor_api::jobs::{self, mail::Mailer};
use lapor_api::state::AppState;
use lapor_api::{db, import, seed, store};
use std::io::Read;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "lapor", version, about = "Public-service complaint management")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations and serve the API (the default).
    Serve {
        /// Seed the demo Kabupaten Tangerang first when the database holds no institution.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Create an admin account; the password is read from standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input (required, so it stays out of shell history).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Seed reference data and accounts.
    Seed {
        /// The demo Kabupaten Tangerang (refuses to run on a database that has institutions).
        #[arg(long, required = true)]
        demo: bool,
    },
    /// Import regions from CSV files (provinces.csv, regencies.csv, districts.csv, villages*.csv).
    ImportRegions { dir: PathBuf },
    /// Run the background jobs once (SLA sweep, email outbox, statistics rollups, then webhook
    /// deliveries) and print what they did; `serve` runs them by itself every LAPOR_JOBS_INTERVAL seconds.
    Jobs,
    /// Run one national sync round (masters, imports, checks of linked complaints; see
    /// docs/NATIONAL.md) and print what it did; `serve` runs one every LAPOR_NATIONAL_INTERVAL
    /// seconds.
    Sync,
    /// Print the OpenAPI spec as YAML.
    Openapi,
}

fn main() {
    keep_big_allocations_apart();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    if let Err(e) = run(Cli::parse()) {
        eprintln!("lapor: {e:#}");
        std::process::exit(1);
    }
}

/// Each password hash takes a 19 MiB block. glibc's malloc raises its mmap threshold after the
/// first such block is freed and from then on carves them out of its heaps, where small
/// allocations of other requests pin them: a burst of 200 failed sign-ins left 460 MB resident
/// (docs/SECURITY.md). A fixed threshold keeps every big block in a mapping of its own, given
/// back when freed (peak 88 MB for the same burst).
fn keep_big_allocations_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called first, before any other thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve { demo: false });
    if let Command::Openapi = command {
        print!("{}", lapor_api::openapi().to_yaml()?);
        return Ok(());
    }
    let config = Config::from_env()?;
    let pool = db::pool(&config.database_url, config.db_pool_size).map_err(|e| {
        anyhow::anyhow!(
            "database {}: {e}",
            lapor_api::config::redact_url(&config.database_url)
        )
    })?;
    let mut conn = pool.get().context("connecting to the database")?;
    let applied = db::run_migrations(&mut conn).map_err(|e| anyhow::anyhow!("migrations: {e}"))?;
    if !applied.is_empty() {
        log::info!("applied migrations: {}", applied.join(", "));
    }
    let regions = import::load_bundled(&mut conn)?;
    if regions > 0 {
        log::info!("loaded the {regions} bundled regions of Indonesia");
    }
    match command {
        Command::Openapi | Command::Migrate => Ok(()),
        Command::Serve { demo } => {
            if demo && store::institutions::count(&mut conn)? == 0 {
                seed_demo(&mut conn, &config)?;
            }
            drop(conn);
            // The demo is Kabupaten Tangerang's deployment, unless told otherwise.
            let demo_map = demo && config.map_center == MapCenter::INDONESIA;
            let config = Config {
                home_region: config
                    .home_region
                    .or_else(|| demo.then(|| seed::DEMO_REGION.to_owned())),
                map_center: if demo_map {
                    seed::DEMO_MAP_CENTER
                } else {
                    config.map_center
                },
                ..config
            };
            serve(config, pool)
        }
        Command::CreateAdmin { email, name, .. } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            create_admin(&mut conn, &email, &name, password)
        }
        Command::Seed { .. } => seed_demo(&mut conn, &config),
        Command::Jobs => {
            let mailer = Mailer::from_config(&config)?;
            let clock = config.now.map(Clock::manual).unwrap_or_default();
            let site = lapor_api::state::Site {
                time_zone: config.time_zone,
                email: mailer.is_some(),
            };
            let round = clock.scope(|| jobs::run_once(&mut conn, site, mailer.as_ref()))?;
            let mut done = serde_json::to_value(round)?;
            done["webhooks"] = serde_json::to_value(send_webhooks(config, pool)?)?;
            println!("{done}");
            Ok(())
        }
        Command::Sync => {
            println!("{}", serde_json::to_value(sync_national(config, pool)?)?);
            Ok(())
        }
        Command::ImportRegions { dir } => {
            let rows = import::read_dir(&dir)?;
            let (inserted, renamed) = import::import(&mut conn, &rows)?;
            println!(
                "regions: {inserted} added, {renamed} renamed, {} read",
                rows.len()
            );
            Ok(())
        }
    }
}

fn create_admin(
    conn: &mut db::DbConn,
    email: &str,
    name: &str,
    password: &str,
) -> anyhow::Result<()> {
    use lapor_types::users::{NewUser, Role};
    use validator::Validate;
    let new = NewUser {
        name: name.trim().to_owned(),
        email: email.trim().to_owned(),
        phone: None,
        role: Role::Admin,
        institution_id: None,
        password: password.to_owned(),
    };
    if let Err(errors) = new.validate() {
        let fields: Vec<String> = lapor_api::error::ApiError::from(errors)
            .errors
            .into_iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        anyhow::bail!("invalid admin: {}", fields.join("; "));
    }
    if store::users::email_taken(conn, email)? {
        anyhow::bail!("an account with email {email} already exists");
    }
    let hash = password::hash(password).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    let user = store::users::insert(
        conn,
        &store::users::NewUserRow {
            name: new.name.as_str(),
            email: &store::users::normalize_email(email),
            phone: None,
            password_hash: &hash,
            role: Role::Admin.as_str(),
            institution_id: None,
        },
    )?;
    println!("admin {} created (id {})", user.email, user.id);
    Ok(())
}

fn seed_demo(conn: &mut db::DbConn, config: &Config) -> anyhow::Result<()> {
    if config.environment == lapor_api::config::Environment::Production {
        anyhow::bail!(
            "the demo seed has well-known passwords; it does not run with LAPOR_ENV=production"
        );
    }
    let seeded = seed::demo(conn)?;
    println!(
        "demo Kabupaten Tangerang seeded: {} institutions, {} categories",
        seeded.institutions, seeded.categories
    );
    println!("demo accounts (password for all: {}):", seed::DEMO_PASSWORD);
    for account in seed::ACCOUNTS {
        println!("  {:<12} {}", account.role.as_str(), account.email);
    }
    Ok(())
}

/// One round of webhook deliveries, for `lapor jobs`.
#[actix_web::main]
async fn send_webhooks(
    config: Config,
    pool: db::DbPool,
) -> anyhow::Result<jobs::webhooks::Dispatched> {
    let secret = secret::load_or_create(&config).context("JWT secret")?;
    let jwt = JwtKeys::new(&secret, config.access_token_ttl_secs);
    let dispatcher = jobs::webhooks::Dispatcher::new(config.webhook_allow_private)?;
    let state = AppState::new(pool, jwt, config);
    Ok(jobs::webhooks::round(&state, &dispatcher).await?)
}

/// One national sync round, for `lapor sync`.
#[actix_web::main]
async fn sync_national(config: Config, pool: db::DbPool) -> anyhow::Result<jobs::national::Synced> {
    let Some(settings) = config.national.clone() else {
        anyhow::bail!(
            "national sync is off: set LAPOR_NATIONAL_URL and the rest (docs/NATIONAL.md)"
        );
    };
    let secret = secret::load_or_create(&config).context("JWT secret")?;
    let jwt = JwtKeys::new(&secret, config.access_token_ttl_secs);
    let connector = jobs::national::Connector::new(&settings)?;
    let state = AppState::new(pool, jwt, config);
    Ok(jobs::national::round(&state, &connector).await?)
}

#[actix_web::main]
async fn serve(config: Config, pool: db::DbPool) -> anyhow::Result<()> {
    let secret = secret::load_or_create(&config).context("JWT secret")?;
    let listen = config.listen;
    let mailer = Mailer::from_config(&config)?;
    let jwt = JwtKeys::new(&secret, config.access_token_ttl_secs);
    let state = actix_web::web::Data::new(AppState::new(pool, jwt, config));
    jobs::spawn(state.clone(), mailer);
    log::info!("serving on http://{listen} (API docs at /docs/)");
    actix_web::HttpServer::new(move || lapor_api::app(state.clone()))
        .bind(listen)
        .with_context(|| format!("cannot listen on {listen}"))?
        .run()
        .await?;
    Ok(())
}
