# Shared by the bench scripts: build socdw and the baseline into $1 and
# write the config that loads any file there into wh.duckdb.
setup_bench() {
  local out=$1
  go build -o "$out/socdw" ./cmd/socdw
  go build -o "$out/baseline" ./bench/baseline
  printf 'warehouse: wh.duckdb\nsources:\n  - name: bench\n    kommun: Bench\n    path: .\n    period: 2017-01-01..2017-12-31\n' > "$out/socdw.yaml"
}

# time_stats FILE: "wall s | cpu s | peak MiB" from a /usr/bin/time -v report.
time_stats() {
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$1")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$1")
  echo "$wall | $cpu | $rss"
}
