//! Black-box tests of the HTTP API and the `lapor` binary, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod api_keys;
mod attachments;
mod audit;
mod auth;
mod bad_input;
mod changes;
mod cli;
mod deadlines;
mod errors;
mod institutions;
mod limits;
mod migrations;
mod national;
mod public;
mod reference;
mod registration;
mod reports;
mod stats;
mod story;
mod tooling;
mod users;
mod web;
mod webhooks;
