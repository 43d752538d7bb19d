# The lapor server image (used by docker-compose.yml).
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release -p lapor-api

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/lapor lapor \
    && mkdir -p /var/lib/lapor && chown lapor /var/lib/lapor
COPY --from=build /src/target/release/lapor /usr/local/bin/lapor
USER lapor
WORKDIR /var/lib/lapor
ENV LAPOR_DATA_DIR=/var/lib/lapor LAPOR_LISTEN=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["lapor"]
CMD ["serve"]
