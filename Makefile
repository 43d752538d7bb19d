# The two commands: `make run` (the product on http://localhost:8080) and `make test` (every test).
.PHONY: run test openapi lint spec-check compose-check

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
