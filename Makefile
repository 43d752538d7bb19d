# The two commands: `make run` (the product on http://localhost:8080) and `make test` (every test).
.PHONY: run test openapi lint spec-check compose-check bench bench-smoke

run:
	cargo run --release -p lapor-api -- serve --demo

# Integration tests need PostgreSQL (default postgres://postgres@127.0.0.1:5432/postgres,
# override with LAPOR_TEST_POSTGRES_URL); SQLite needs nothing.
test:
	cargo build -p lapor-api
	cargo test --workspace -- --test-threads 6

openapi:
	cargo run -q -p lapor-api -- openapi > openapi.yaml

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo check -p lapor-types --target wasm32-unknown-unknown

spec-check:
	openapi-spec-validator openapi.yaml
	tools/node_modules/.bin/spectral lint openapi.yaml --ruleset .spectral.yaml --fail-severity error

compose-check:
	LAPOR_JWT_SECRET=compose-config-check docker-compose -f docker-compose.yml config -q

# The benchmark (docs/PERFORMANCE.md): release builds, fresh databases, N reports on PostgreSQL
# (default 1,000,000) and N_SQLITE on SQLite (default 100,000); prints one table per backend.
BENCH_ADMIN ?= postgres://postgres@127.0.0.1:5432/postgres
BENCH_ARGS ?=
fresh-db = psql $(BENCH_ADMIN) -qc 'DROP DATABASE IF EXISTS $(1) WITH (FORCE)' -c 'CREATE DATABASE $(1)'
bench:
	cargo build --release -p lapor-api -p lapor-bench
	$(call fresh-db,lapor_bench)
	target/release/lapor-bench --server target/release/lapor --reports $(or $(N),1000000) $(BENCH_ARGS) \
	  --database-url $(patsubst %/postgres,%/lapor_bench,$(BENCH_ADMIN))
	rm -rf target/bench && mkdir -p target/bench
	target/release/lapor-bench --server target/release/lapor --reports $(or $(N_SQLITE),100000) $(BENCH_ARGS) \
	  --database-url sqlite://target/bench/lapor.db

# CI keeps the benchmark working: 1,000 reports, a few requests per endpoint, debug builds.
bench-smoke:
	cargo build -p lapor-api -p lapor-bench
	$(call fresh-db,lapor_bench_smoke)
	target/debug/lapor-bench --server target/debug/lapor --reports 1000 --requests 40 --seconds 20 \
	  --database-url $(patsubst %/postgres,%/lapor_bench_smoke,$(BENCH_ADMIN))
	rm -rf target/bench-smoke && mkdir -p target/bench-smoke
	target/debug/lapor-bench --server target/debug/lapor --reports 1000 --requests 40 --seconds 20 \
	  --database-url sqlite://target/bench-smoke/lapor.db
