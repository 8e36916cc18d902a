# Build socdw with cgo (DuckDB is a C++ library linked into the binary),
# then run it as a non-root user in a slim image with the warehouse on a
# volume. The same build as the README's: go build ./cmd/socdw.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/socdw ./cmd/socdw

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libstdc++6 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/socdw --create-home socdw
COPY --from=build /out/socdw /usr/local/bin/socdw
USER socdw
WORKDIR /var/lib/socdw
# The config, the inboxes and the warehouse live here; mount a volume.
VOLUME ["/var/lib/socdw"]
# /healthz and /metrics of socdw serve.
EXPOSE 9464
ENTRYPOINT ["socdw"]
# The schedules of the config, until stopped (docker stop sends SIGTERM:
# the file in hand finishes or rolls back). For one run: docker run … run.
CMD ["serve", "--config", "/var/lib/socdw/socdw.yaml", "--listen", ":9464", "--log-format", "json"]
