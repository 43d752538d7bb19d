# The two commands: `make run` (the product on http://localhost:8080) and `make test` (every test).
.PHONY: run test test-deps web browser-test openapi lint spec-check compose-check bench bench-smoke fake-national

# Where the test tools are installed (below).
VENV := target/test-venv
NODE_TOOLS := tools/node_modules/.package-lock.json

run: web
	@echo "== building the server (release) — about 10 minutes the first time"
	cargo build --release -p lapor-api
	target/release/lapor serve --demo

# Integration tests need PostgreSQL (default postgres://postgres@127.0.0.1:5432/postgres,
# override with LAPOR_TEST_POSTGRES_URL); SQLite needs nothing. What the tests need and cannot
# install is checked first (tools/check-test-deps); the rest is installed into the project.
test: test-deps $(VENV)/.installed $(NODE_TOOLS) web
	@echo "== building the server and the tests — about 5 minutes the first time"
	cargo build -p lapor-api
	LAPOR_TEST_PYTHON=$(CURDIR)/$(VENV)/bin/python cargo test --workspace -- --test-threads 6
	$(MAKE) browser-test

test-deps:
	@tools/check-test-deps

# Python test tools (aiosmtpd, the email tests' SMTP server; openapi-spec-validator) in a
# virtual environment of the project's, never the system's.
$(VENV)/.installed: tools/requirements.txt
	@echo "== installing the Python test tools into $(VENV)"
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tools/requirements.txt
	touch $@

# Node tools (the browser test's playwright-core and axe-core, spectral): again when the lockfile
# is newer than what npm installed.
$(NODE_TOOLS): tools/package-lock.json
	@echo "== installing the Node tools into tools/node_modules"
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The web app (docs/WEB.md): Leptos compiled to wasm32 (linked with relocations, which the
# splitter needs), then web-build/ cuts it into the main module and the chunks of pages fetched on
# a first visit (frontend/src/chunks.rs), binds the main module with the wasm-bindgen CLI of
# exactly the crate's version (installed when missing) and prints the sizes, into frontend/dist,
# which `lapor serve` serves.
WASM_BINDGEN := 0.2.130
# A ceiling on the first load (gzip of the main module, its glue and the chunk loader): the aim of
# 250 KB, so a change that links something heavy (a regex engine, float formatting) fails here
# instead of reaching phones (docs/WEB.md, Size).
WEB_CEILING := 250000
# Built again only when a source is newer than frontend/dist.
WEB_SOURCES := $(shell find frontend/src api-types/src web-build/src -type f) Cargo.lock \
  frontend/Cargo.toml api-types/Cargo.toml web-build/Cargo.toml frontend/index.html frontend/style.css frontend/start.js \
  frontend/favicon.ico
web: frontend/dist/index.html
frontend/dist/index.html: $(WEB_SOURCES)
	rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN)' || { \
	  echo "== installing the wasm-bindgen CLI $(WASM_BINDGEN) — about 3 minutes, once"; \
	  cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN); }
	@echo "== building the web app — about 5 minutes the first time"
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=-Clink-args=--emit-relocs \
	  cargo build --profile wasm-release --target wasm32-unknown-unknown -p lapor-web
	rm -rf frontend/dist && mkdir -p frontend/dist
	cargo run -q -p lapor-web-build -- --ceiling $(WEB_CEILING) \
	  target/wasm32-unknown-unknown/wasm-release/lapor-web.wasm frontend/dist
	cp frontend/start.js frontend/style.css frontend/index.html frontend/favicon.ico frontend/dist/

# The browser test: the real server (debug build) on a fresh SQLite database, headless Chromium
# driven by playwright-core, axe-core on every page; screenshots in target/screenshots.
browser-test: $(NODE_TOOLS) $(VENV)/.installed
	cargo build -p lapor-api
	node tools/browser-test.mjs

openapi:
	cargo run -q -p lapor-api -- openapi > openapi.yaml

# The fake national SP4N-LAPOR! platform on http://127.0.0.1:8090, for demonstrating sync with
# `make run` (docs/NATIONAL.md); tests start their own.
fake-national:
	mkdir -p data
	python3 tools/fake_national.py --port 8090 --state data/fake-national.json

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo check -p lapor-types --target wasm32-unknown-unknown
	cargo clippy -p lapor-web --target wasm32-unknown-unknown -- -D warnings

spec-check: $(VENV)/.installed $(NODE_TOOLS)
	$(VENV)/bin/openapi-spec-validator openapi.yaml
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
