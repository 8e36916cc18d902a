# Shared by the bench scripts: build socdw and the baseline into $1 and
# write the config that loads any file there into wh.duckdb.
setup_bench() {
  local out=$1
  go build -o "$out/socdw" ./cmd/socdw
  go build -o "$out/baseline" ./bench/baseline
  printf 'warehouse: wh.duckdb\nsources:\n  - name: bench\n    kommun: Bench\n    path: .\n    period: 2017-01-01..2017-12-31\n' > "$out/socdw.yaml"
}
